"""The fixed cost of `pagesift run` (issue 10): an empty raw folder, bytecode writing off, as a
user on a fresh clone meets it — with the temporary Prefect API, and against a running server.

    .venv/bin/python bench/fixed_cost.py [--runs 7] [--clone] [--api temporary,running]
        [--raw-runs 0] [--wait-idle 30] [--json bench/work/fixed_cost.json]
    make bench-fixed                      # the same, on a fresh clone, both APIs

Every run is `pagesift run --raw EMPTY --out FRESH` with PYTHONDONTWRITEBYTECODE=1, timed end to
end (wall and CPU of the whole process tree), after one untimed warm-up run (its time is reported
as `first_s`: the very first run also creates Prefect's database). `--clone` first clones the
committed HEAD into bench/work/clone and sets it up with `make setup` (timed), so the figures
describe what `git clone` + `make run` gives; without it the working tree's .venv is used.
`--raw-runs N` adds N runs over the sample pages in raw/ (a fresh output folder each).

Each series is measured beside its floor, what no run can beat, timed in the same environment
right after each of its runs: importing Prefect's server (the temporary API answers no sooner)
or Prefect's client and engines (a running server); issue 22's goals are the floor + 1.5 s and
4.5 s. Each series reports its median, min and max, how far the slowest run is above the median, the
ERROR lines, tracebacks and warnings in the runs' output (listed), and the processes a run left
in its session one second after it exited (there should be none), plus the CPU the rest of the
machine used meanwhile (`other_cpu_s`): the machine is shared, and figures beside other work are
slow. `--runs 20 --raw-runs 20` is the issue's "20 runs in a row" on an empty folder and on raw/.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / "work"
sys.path.insert(0, str(BENCH))

import procs  # noqa: E402

from pagesift.flows.api import health_problem  # noqa: E402

#: Issue 22: a run on an empty folder costs at most Prefect's own import floor + 1.5 s (temporary
#: API), and at most 4.5 s against a running server.
FLOOR_MARGIN_S, RUNNING_GOAL_S = 1.5, 4.5
#: What a run cannot beat, per series: the temporary server answers no sooner than it has imported
#: Prefect's server; against a running server the run needs at least Prefect's client and engines.
FLOORS = {
    "temporary": "import prefect.server.api.server",
    "running": "import prefect, prefect.flow_engine, prefect.task_engine",
}
SLOWEST_OVER_MEDIAN_S = 2.0


def log(message: str) -> None:
    print(message, flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per series (after one warm-up)")
    parser.add_argument("--clone", action="store_true", help="measure a fresh clone of HEAD set up by `make setup`")
    parser.add_argument("--api", default="temporary,running", help="temporary, running, or both (comma list)")
    parser.add_argument("--raw-runs", type=int, default=0, help="also time N runs over raw/ (fresh output each)")
    parser.add_argument(
        "--wait-idle",
        type=float,
        default=30.0,
        help="before each run, wait up to this many seconds for the machine to fall under 0.3 busy cores",
    )
    parser.add_argument("--json", type=Path, default=WORK / "fixed_cost.json", help="where to write the figures")
    return parser.parse_args(argv)


def fresh_clone() -> tuple[Path, float]:
    """HEAD cloned into bench/work/clone and set up as the README says; the set-up's seconds."""
    clone = WORK / "clone"
    shutil.rmtree(clone, ignore_errors=True)
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)], check=True)
    started = time.perf_counter()
    subprocess.run(["make", "-s", "setup"], cwd=clone, check=True, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    return clone, time.perf_counter() - started


def start_server(code: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`make server PORT=…` in its own session, healthy; the caller stops it (`stop_server`)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    home = WORK / "fixed-server-home"
    server = subprocess.Popen(
        ["make", "-s", "-o", ".venv/.installed", "server", f"PORT={port}", f"PREFECT_HOME={home}"],
        cwd=code,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + 180
    while health_problem(url) is not None:
        if server.poll() is not None or time.monotonic() > deadline:
            stop_server(server)
            raise SystemExit("the Prefect server (`make server`) did not start")
        time.sleep(0.5)
    return server, url


def stop_server(server: subprocess.Popen[bytes]) -> None:
    for signum in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(server.pid, signum)
        except ProcessLookupError:
            return
        try:
            server.wait(timeout=20)
            return
        except subprocess.TimeoutExpired:
            continue


def one_run(code: Path, raw: Path, name: str, env: dict[str, str], wait_idle: float) -> dict[str, Any]:
    out = WORK / "fixed-out" / name
    shutil.rmtree(out, ignore_errors=True)
    waited = procs.wait_idle(wait_idle) if wait_idle > 0 else 0.0
    logfile = WORK / "logs" / f"fixed-{name}.log"
    logfile.parent.mkdir(parents=True, exist_ok=True)
    measured = procs.run(
        [str(code / ".venv" / "bin" / "pagesift"), "run", "--raw", str(raw), "--out", str(out)],
        cwd=code,
        env=env,
        log=logfile,
        new_session=True,
    )
    time.sleep(1.0)
    left = procs.session_pids(measured.pid)
    text = logfile.read_text(errors="replace")
    if measured.returncode != 0:
        raise SystemExit(f"`pagesift run` failed ({name}, exit {measured.returncode}); see {logfile}")
    problems = [line.strip() for line in text.splitlines() if is_problem(line)]
    return {
        "seconds": round(measured.seconds, 3),
        "cpu_s": round(measured.cpu_s, 2),
        "other_cpu_s": round(measured.other_cpu_s, 2),
        "peak_rss_mib": round(measured.peak_rss_mib),
        "error_lines": len(problems),
        "problem_lines": problems[:20],
        "left_running": left,
        "waited_for_idle_s": round(waited, 1),
    }


def is_problem(line: str) -> bool:
    """An ERROR log line, a traceback or a Python warning (the resource tracker's, say) in a run's output."""
    return " ERROR " in line or "Traceback" in line or "Warning:" in line


def series(
    label: str, code: Path, raw: Path, env: dict[str, str], args: argparse.Namespace, runs: int
) -> dict[str, Any]:
    log(f"{label}: warm-up run ...")
    first = one_run(code, raw, f"{label}-first", env, args.wait_idle)
    results, floors = [], []
    api = label.split("-")[0]
    for i in range(runs):
        results.append(one_run(code, raw, f"{label}-{i}", env, args.wait_idle))
        floors.append(import_floor(code, env, api))  # right after the run: the machine's speed drifts
        log(
            f"  run {i + 1}/{runs}: {results[-1]['seconds']:.2f} s (cpu {results[-1]['cpu_s']:.1f} s, "
            f"other work {results[-1]['other_cpu_s']:.1f} cpu-s), then the import floor {floors[-1] or 0:.2f} s"
        )
    seconds = [r["seconds"] for r in results]
    median = statistics.median(seconds)
    floor = round(statistics.median(f for f in floors if f is not None), 2) if api in FLOORS and runs else None
    if floor is not None:
        log(f"  import floor ({FLOORS[api]}): median {floor:.2f} s of {runs}")
    return {
        "floor_s": floor,
        "over_floor_s": None if floor is None else round(median - floor, 2),
        "median_s": round(median, 2),
        "min_s": min(seconds),
        "max_s": max(seconds),
        "slowest_over_median_s": round(max(seconds) - median, 2),
        "median_cpu_s": round(statistics.median(r["cpu_s"] for r in results), 2),
        "first_s": first["seconds"],
        "error_lines": sum(r["error_lines"] for r in [*results, first]),
        "problem_lines": sorted({line for r in [*results, first] for line in r["problem_lines"]})[:20],
        "left_running": sum(len(r["left_running"]) for r in [*results, first]),
        "other_cpu_s_max": max(r["other_cpu_s"] for r in results),
        "runs": results,
    }


def import_floor(code: Path, env: dict[str, str], api: str) -> float | None:
    """Seconds of FLOORS[api] in a fresh interpreter of the code's venv, in the series' environment
    (no bytecode written): the floor of that series, timed after each of its runs, since this
    machine's speed moves by a third within minutes (a floor timed after the whole series put the
    same code 0.9 s or 1.9 s over it)."""
    if api not in FLOORS:
        return None
    python = str(code / ".venv" / "bin" / "python")
    started = time.perf_counter()
    subprocess.run([python, "-c", FLOORS[api]], cwd=code, env=env, check=True, capture_output=True)
    return round(time.perf_counter() - started, 3)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"loadavg_at_start": Path("/proc/loadavg").read_text().split()[:3]}
    code = ROOT
    if args.clone:
        log("cloning HEAD into bench/work/clone and running `make setup` ...")
        code, setup_s = fresh_clone()
        results["clone_setup_s"] = round(setup_s, 1)
        log(f"  set up in {setup_s:.1f} s")
    results["git_commit"] = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=code, capture_output=True, text=True
    ).stdout.strip()
    empty = WORK / "fixed-empty"
    shutil.rmtree(empty, ignore_errors=True)
    empty.mkdir(parents=True)
    base = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    base.update(PYTHONDONTWRITEBYTECODE="1", PREFECT_HOME=str(WORK / "fixed-home"))
    if args.clone:
        base.pop("PREFECT_HOME")  # the clone's own .prefect/, as for a user
    for api in [a.strip() for a in args.api.split(",") if a.strip()]:
        server = None
        env = dict(base)
        if api == "running":
            server, env["PREFECT_API_URL"] = start_server(code)
        try:
            results[api] = series(api, code, empty, env, args, args.runs)
            if args.raw_runs:
                results[f"{api}-raw"] = series(f"{api}-raw", code, code / "raw", env, args, args.raw_runs)
        finally:
            if server is not None:
                stop_server(server)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    log("")
    for name, figures in results.items():
        if isinstance(figures, dict):
            verdict = ""
            if figures.get("floor_s") is not None:
                goal = figures["floor_s"] + FLOOR_MARGIN_S if name == "temporary" else RUNNING_GOAL_S
                if name in ("temporary", "running"):
                    verdict = (
                        f"  import floor {figures['floor_s']:.2f} s (+{figures['over_floor_s']:.2f} s); goal ≤ "
                        f"{goal:.2f} s: {'met' if figures['median_s'] <= goal else 'NOT met'}"
                    )
            steady = "" if figures["slowest_over_median_s"] <= SLOWEST_OVER_MEDIAN_S else " (over 2 s)"
            log(
                f"{name:14} median {figures['median_s']:.2f} s [{figures['min_s']:.2f}–{figures['max_s']:.2f}], "
                f"cpu {figures['median_cpu_s']:.1f} s, first {figures['first_s']:.2f} s, slowest +"
                f"{figures['slowest_over_median_s']:.2f} s{steady}, ERROR lines {figures['error_lines']}, left running "
                f"{figures['left_running']}, other work ≤ {figures['other_cpu_s_max']:.1f} cpu-s{verdict}"
            )
            for line in figures["problem_lines"]:
                log(f"{'':14}   {line}")
    log(f"figures in {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
