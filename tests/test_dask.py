"""Scale-out on a real Dask cluster: a scheduler and two workers on loopback run the batches."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pandas as pd
import pytest

from .conftest import BIN, ROOT, free_port

pytestmark = pytest.mark.slow


def _published(out: Path) -> dict[str, bytes]:
    files = {}
    for path in sorted(out.rglob("*")):
        rel = str(path.relative_to(out))
        if (
            path.is_file()
            and not rel.startswith(".")
            and path.name not in ("datapackage.json", "run_report.json", "README.md")
        ):
            if "articles" in path.name and path.suffix != ".json":  # processed_at differs from run to run
                frame = (
                    pd.read_json(path, lines=True)
                    if path.suffix == ".jsonl"
                    else pd.read_parquet(path)
                    if path.suffix == ".parquet"
                    else pd.read_csv(path)
                )
                files[rel] = frame.drop(columns="processed_at").to_json(orient="records").encode()
            else:
                files[rel] = path.read_bytes()
    return files


def test_flow_on_a_dask_cluster_publishes_what_a_local_run_does(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "raw", raw)
    for n in range(3):  # enough pages for several batches
        for page in (ROOT / "raw").glob("*.html"):
            (raw / f"{n}-{page.name}").write_bytes(page.read_bytes() + f"<!-- {n} -->".encode())
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "home"), "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    env.pop("PREFECT_API_URL", None)
    procs = [
        subprocess.Popen(
            [str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    ]
    try:
        for i in range(2):
            procs.append(
                subprocess.Popen(
                    [
                        str(BIN / "dask"),
                        "worker",
                        address,
                        "--nthreads",
                        "1",
                        "--nworkers",
                        "1",
                        "--no-dashboard",
                        "--name",
                        f"w{i}",
                    ],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                    cwd=ROOT,
                )
            )
        from distributed import Client

        deadline = time.monotonic() + 120
        with Client(address, timeout=120) as client:
            while len(client.scheduler_info()["workers"]) < 2:
                assert time.monotonic() < deadline, "dask workers did not connect"
                time.sleep(0.5)
            run = subprocess.run(
                [
                    str(BIN / "pagesift"),
                    "run",
                    "--raw",
                    str(raw),
                    "--out",
                    str(tmp_path / "dask-out"),
                    "--dask-address",
                    address,
                    "--batch-size",
                    "4",
                ],
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
                cwd=tmp_path,
            )
            assert run.returncode == 0, run.stdout + run.stderr
            prefixes = client.run_on_scheduler(
                lambda dask_scheduler: {k: dict(v.state_counts) for k, v in dask_scheduler.task_prefixes.items()}
            )
        pages = len(list(raw.iterdir()))
        assert prefixes["extract_batch"]["memory"] == -(-pages // 4)  # every batch ran on the cluster
        local = subprocess.run(
            [str(BIN / "pagesift"), "run", "--raw", str(raw), "--out", str(tmp_path / "local-out"), "--workers", "1"],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            cwd=tmp_path,
        )
        assert local.returncode == 0, local.stderr
        report = json.loads((tmp_path / "dask-out" / "run_report.json").read_text())
        assert report["found"] == len(list(raw.iterdir())) == report["published"] + report["rejected"]
        dask_files, local_files = _published(tmp_path / "dask-out"), _published(tmp_path / "local-out")
        assert sorted(dask_files) == sorted(local_files)
        for name in dask_files:
            assert dask_files[name] == local_files[name], name
    finally:
        for proc in reversed(procs):
            if proc.poll() is None:
                os.killpg(proc.pid, 15)
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, 9)


def test_a_scheduler_with_no_worker_is_said_and_given_up_on_in_one_line(tmp_path: Path) -> None:
    """The run says it waits for a Dask worker, and gives up after PAGESIFT_DASK_WAIT_S with one
    line and exit 4 (it sat silent for ten minutes before); a closed address is refused the same way."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "home"), "PAGESIFT_DASK_WAIT_S": "3"}
    env.pop("PREFECT_API_URL", None)
    run = [str(BIN / "pagesift"), "run", "--raw", str(ROOT / "raw"), "--out", str(tmp_path / "out"), "--dask-address"]
    closed = subprocess.run(
        [*run, f"tcp://127.0.0.1:{free_port()}"], env=env, capture_output=True, text=True, timeout=300
    )
    assert closed.returncode == 4, closed.stderr
    assert closed.stderr.strip().splitlines()[-1].startswith("pagesift: cannot reach the Dask scheduler at tcp://")
    scheduler = subprocess.Popen(
        [str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        from distributed import Client

        with Client(address, timeout=120):
            pass  # the scheduler is up
        lonely = subprocess.run([*run, address], env=env, capture_output=True, text=True, timeout=300)
    finally:
        os.killpg(scheduler.pid, 15)
        scheduler.wait(timeout=30)
    assert lonely.returncode == 4, lonely.stderr
    lines = lonely.stderr.strip().splitlines()
    assert any(line.startswith(f"waiting for a Dask worker: the scheduler at {address} has none yet") for line in lines)
    assert lines[-1] == (
        f"pagesift: no Dask worker joined the scheduler at {address} within 3 s (PAGESIFT_DASK_WAIT_S); "
        f"start workers (`dask worker {address}`) or run without --dask-address"
    )
    assert "Traceback" not in lonely.stderr and not (tmp_path / "out" / "articles.jsonl").exists()
