# The README's two commands: `make run` and `make test`. Both set up .venv from the pinned
# requirements.lock first, with nothing but Python 3.11+ and make on the machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test test-fast lint bench bench-fixed bench-sources bench-neardup bench-language lock quality schemas clean server

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip uv
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python --no-deps -e .
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/pagesift run --raw raw --out processed

test: $(STAMP)
	$(BIN)/python -m pytest

# The inner loop: every test but the slow end-to-end ones (those that start Prefect or processes).
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

# The gates CI runs before the tests: ruff's chosen rules, its formatter's check, and mypy (settings in
# pyproject.toml); `ruff format .` writes the format.
# mypy reads the package as it is installed, flows/ and schemas/ inside pagesift/ (pyproject's
# package-dir), through a tree of links in $(TYPECHECK): it does not follow setuptools' editable
# finder, and would take every call between pagesift/ and flows/ for Any.
TYPECHECK := build/typecheck
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	rm -rf $(TYPECHECK) && mkdir -p $(TYPECHECK)/pagesift
	ln -s $(CURDIR)/pagesift/* $(TYPECHECK)/pagesift/
	ln -s $(CURDIR)/flows $(CURDIR)/schemas $(TYPECHECK)/pagesift/
	cd $(TYPECHECK) && $(CURDIR)/$(BIN)/mypy --config-file $(CURDIR)/pyproject.toml -p pagesift

# `make bench`: 1k and 10k pages; `make bench SCALE=100000`: 1k, 10k and 100k (see bench/README.md);
# then the fixed cost on a fresh clone of HEAD with bytecode writing off (bench/fixed_cost.py), and the
# near-duplicate and language benchmarks (they skip without ../shared).
bench: $(STAMP)
	$(BIN)/python bench/run.py $(if $(SCALE),--scale $(SCALE))
	$(BIN)/python bench/fixed_cost.py --clone
	$(BIN)/python bench/neardup.py
	$(BIN)/python bench/language.py

# Edited copies of the AEB pages: recall, precision and cost of the near-duplicate groups (bench/neardup.py).
bench-neardup: $(STAMP)
	$(BIN)/python bench/neardup.py

# `language` against the languages of the AEB and real pages' sites (bench/language.py).
bench-language: $(STAMP)
	$(BIN)/python bench/language.py

# `make bench-sources`: pages/s from a WARC and JSON Lines vs the same pages as files, and a 1 GiB WARC (bench/sources.py).
bench-sources: $(STAMP)
	$(BIN)/python bench/sources.py

# `make bench-fixed`: the fixed cost of `pagesift run` on a fresh clone of HEAD (bench/fixed_cost.py).
bench-fixed: $(STAMP)
	$(BIN)/python bench/fixed_cost.py --clone

lock:
	$(BIN)/uv pip compile requirements.in --python-version 3.11 --no-header --no-annotate -o requirements.lock

# After a change to extraction: measure the quality figures every dataset card states (pagesift/quality.json).
quality: $(STAMP)
	$(BIN)/python -m pagesift.app.quality

# After a change to pagesift/model.py: write the JSON Schemas of schemas/ from the model
# (tests/test_model.py fails while they are stale).
schemas: $(STAMP)
	$(BIN)/python -m pagesift.model

clean:
	rm -rf $(VENV) .prefect processed

# A local Prefect server for scheduled runs: `make server [PORT=4200]`, UI at http://127.0.0.1:PORT,
# SQLite under PREFECT_HOME (default .prefect/). Then: export PREFECT_API_URL=http://127.0.0.1:PORT/api
# The UI is told its API's URL with the port (else it calls port 4200, or whatever PREFECT_API_URL says).
PORT ?= 4200
PREFECT_HOME ?= $(CURDIR)/.prefect
server: $(STAMP)
	@echo "Prefect server on http://127.0.0.1:$(PORT); for pagesift serve/run: export PREFECT_API_URL=http://127.0.0.1:$(PORT)/api"
	PREFECT_HOME=$(PREFECT_HOME) PREFECT_SERVER_ANALYTICS_ENABLED=false PREFECT_SERVER_UI_API_URL=http://127.0.0.1:$(PORT)/api \
	  $(BIN)/prefect server start --host 127.0.0.1 --port $(PORT) --analytics-off
