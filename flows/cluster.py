"""A Dask cluster for `--dask-address`: checked to have workers before the run hands it batches.

A scheduler with no worker accepts the batches and holds them for ever: the run would sit at
"found N pages" with no word. `wait_for_workers` says what it waits for, and gives up with one line
after `PAGESIFT_DASK_WAIT_S` seconds (default 60).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

WAIT_S = 60.0
_WAIT = "PAGESIFT_DASK_WAIT_S"


class ClusterUnavailable(RuntimeError):
    """The Dask scheduler cannot be reached or has no worker; the message says what to do."""


def wait_s() -> float:
    """How long a run waits for a Dask worker: PAGESIFT_DASK_WAIT_S, else 60 s."""
    try:
        return max(float(os.environ.get(_WAIT, WAIT_S)), 0.0)
    except ValueError:
        return WAIT_S


def wait_for_workers(address: str, say: Callable[[str], None], timeout: float | None = None) -> int:
    """The number of workers of the scheduler at `address`, once it has one; `say` what the run
    waits for while it has none; `ClusterUnavailable` when it cannot be reached or has none after
    `timeout` seconds."""
    from distributed import Client

    timeout = wait_s() if timeout is None else timeout
    deadline = time.monotonic() + timeout
    try:
        client = Client(address, timeout=max(timeout, 1.0), set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterUnavailable(
            f"cannot reach the Dask scheduler at {address} (--dask-address): "
            f"{exc.args[0] if exc.args else type(exc).__name__}; start it or check the address"
        ) from None
    with client:
        waited = False
        while not (workers := len(client.scheduler_info().get("workers", {}))):
            if time.monotonic() >= deadline:
                raise ClusterUnavailable(
                    f"no Dask worker joined the scheduler at {address} within {timeout:g} s ({_WAIT}); "
                    f"start workers (`dask worker {address}`) or run without --dask-address"
                )
            if not waited:
                say(
                    f"waiting for a Dask worker: the scheduler at {address} has none yet "
                    f"(giving up after {timeout:g} s, {_WAIT}) …"
                )
                waited = True
            time.sleep(0.5)
        return workers
