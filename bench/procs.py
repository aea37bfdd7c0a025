"""Run a command and measure it: wall time, CPU time, and the memory of its whole process tree.

A sampler thread walks /proc every `interval` seconds from the child's pid down (by parent pid),
summing VmRSS (and PSS from smaps_rollup, which does not count shared pages twice) over the tree.
No psutil: it is not a project dependency. CPU time is the child's and its reaped descendants'
user+system time (RUSAGE_CHILDREN); the rest of the machine's busy time during the run is
reported as `other_cpu_s`, so a benchmark run disturbed by other work on the machine shows it.
"""

from __future__ import annotations

import os
import resource
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

_CLK_TCK = os.sysconf("SC_CLK_TCK")


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    except OSError:
        return None


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        stat = _read(f"/proc/{name}/stat")
        if not stat:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(name))
    return children


def tree_pids(root: int) -> list[int]:
    children = _children_map()
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _status_kib(pid: int, *keys: str) -> dict[str, int]:
    text = _read(f"/proc/{pid}/status") or ""
    out: dict[str, int] = {}
    for line in text.splitlines():
        name, _, value = line.partition(":")
        if name in keys:
            out[name] = int(value.split()[0])
    return out


def _pss_kib(pid: int) -> int:
    text = _read(f"/proc/{pid}/smaps_rollup") or ""
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


def _cpu_s(pid: int) -> float | None:
    """The process's own user+system CPU seconds so far (its children's not included)."""
    stat = _read(f"/proc/{pid}/stat")
    if not stat:
        return None
    fields = stat.rsplit(")", 1)[1].split()  # state ppid ... utime (12th after the name) stime
    return (int(fields[11]) + int(fields[12])) / _CLK_TCK


def role(pid: int, root: int) -> str:
    """main (the command), api-server (a Prefect ephemeral server), worker (a pool process), other."""
    if pid == root:
        return "main"
    cmd = (_read(f"/proc/{pid}/cmdline") or "").replace("\0", " ")
    if "uvicorn" in cmd and "prefect.server" in cmd:
        return "api-server"
    if "multiprocessing.spawn" in cmd or "multiprocessing-fork" in cmd or "distributed" in cmd:
        return "worker"
    return "other"


def machine_busy_s() -> float:
    """CPU seconds the whole machine has been busy (all cores) since boot."""
    fields = (_read("/proc/stat") or "cpu 0").splitlines()[0].split()[1:]
    values = [int(v) for v in fields]
    busy = sum(values) - values[3] - (values[4] if len(values) > 4 else 0)  # minus idle and iowait
    return busy / _CLK_TCK


def wait_idle(max_wait_s: float, busy_cores: float = 0.3, window_s: float = 3.0) -> float:
    """Wait (at most `max_wait_s`) until other work uses under `busy_cores` cores; the seconds waited."""
    started = time.perf_counter()
    while True:
        before = machine_busy_s()
        time.sleep(window_s)
        if (machine_busy_s() - before) / window_s < busy_cores or time.perf_counter() - started >= max_wait_s:
            return time.perf_counter() - started - window_s


@dataclass
class Measured:
    returncode: int
    seconds: float
    cpu_s: float  # user+system of the command and its reaped descendants
    other_cpu_s: float  # the rest of the machine's busy time during the run (sampler excluded)
    sampler_cpu_s: float  # this process's own CPU time during the run (mostly the sampler)
    peak_rss_mib: float  # peak of the tree's summed RSS, as sampled
    peak_pss_mib: float  # peak of the tree's summed PSS, as sampled
    peak_rss_by_role_mib: dict[str, float] = field(default_factory=dict)  # peak of each role's summed RSS
    max_process_hwm_mib: float = 0.0  # largest single-process VmHWM seen (true per-process peak)
    processes: dict[str, int] = field(default_factory=dict)  # distinct pids seen, by role
    cpu_by_role_s: dict[str, float] = field(default_factory=dict)  # each process's CPU at its last sample, by role
    samples: int = 0
    rss_series: list[tuple[float, float]] = field(default_factory=list)  # (s since start, MiB), thinned
    pid: int = 0  # the command's process id (its session id with `new_session`)

    def as_dict(self) -> dict:
        return {
            "returncode": self.returncode,
            "seconds": round(self.seconds, 3),
            "cpu_s": round(self.cpu_s, 2),
            "cpu_cores_used": round(self.cpu_s / self.seconds, 2) if self.seconds else 0.0,
            "other_cpu_s": round(self.other_cpu_s, 2),
            "sampler_cpu_s": round(self.sampler_cpu_s, 2),
            "peak_rss_mib": round(self.peak_rss_mib, 1),
            "peak_pss_mib": round(self.peak_pss_mib, 1),
            "peak_rss_by_role_mib": {k: round(v, 1) for k, v in sorted(self.peak_rss_by_role_mib.items())},
            "max_process_hwm_mib": round(self.max_process_hwm_mib, 1),
            "processes": dict(sorted(self.processes.items())),
            "cpu_by_role_s": {k: round(v, 2) for k, v in sorted(self.cpu_by_role_s.items())},
            "samples": self.samples,
            "rss_series": [(round(t, 1), round(m, 1)) for t, m in self.rss_series],
        }


def session_pids(sid: int) -> list[int]:
    """The live (not zombie) processes of session `sid`: what a command run as its leader left."""
    pids = []
    for name in os.listdir("/proc"):
        stat = _read(f"/proc/{name}/stat") if name.isdigit() else None
        if stat:
            fields = stat.rsplit(")", 1)[1].split()  # state ppid pgrp session ...
            if int(fields[3]) == sid and fields[0] != "Z":
                pids.append(int(name))
    return pids


def run(
    cmd: list[str], *, cwd: Path, env: dict[str, str], log: Path, interval: float = 0.2, new_session: bool = False
) -> Measured:
    """Run `cmd` (stdout and stderr to `log`), sampling its process tree until it exits; with
    `new_session`, as the leader of its own session (see `session_pids`)."""
    usage0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    self0 = resource.getrusage(resource.RUSAGE_SELF)
    busy0 = machine_busy_s()
    with log.open("wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=new_session
        )
        peak = {"rss": 0.0, "pss": 0.0, "hwm": 0.0}
        by_role: dict[str, float] = {}
        seen: dict[int, str] = {}
        cpu_seen: dict[int, float] = {}
        series: list[tuple[float, float]] = []
        samples = 0
        stop = threading.Event()

        def sample() -> None:
            nonlocal samples
            while not stop.is_set():
                rss = pss = 0
                roles: dict[str, int] = {}
                for pid in tree_pids(proc.pid):
                    values = _status_kib(pid, "VmRSS", "VmHWM")
                    if not values:
                        continue
                    if pid not in seen:
                        seen[pid] = role(pid, proc.pid)
                    rss += values.get("VmRSS", 0)
                    pss += _pss_kib(pid)
                    roles[seen[pid]] = roles.get(seen[pid], 0) + values.get("VmRSS", 0)
                    peak["hwm"] = max(peak["hwm"], values.get("VmHWM", 0) / 1024)
                    cpu_s = _cpu_s(pid)
                    if cpu_s is not None:
                        cpu_seen[pid] = cpu_s
                peak["rss"] = max(peak["rss"], rss / 1024)
                peak["pss"] = max(peak["pss"], pss / 1024)
                for name, kib in roles.items():
                    by_role[name] = max(by_role.get(name, 0.0), kib / 1024)
                series.append((time.perf_counter() - started, rss / 1024))
                samples += 1
                stop.wait(interval)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            returncode = proc.wait()
        except KeyboardInterrupt:
            proc.terminate()
            proc.wait()
            raise
        finally:
            seconds = time.perf_counter() - started
            stop.set()
            sampler.join()
    usage1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (usage1.ru_utime - usage0.ru_utime) + (usage1.ru_stime - usage0.ru_stime)
    self1 = resource.getrusage(resource.RUSAGE_SELF)
    own = (self1.ru_utime - self0.ru_utime) + (self1.ru_stime - self0.ru_stime)
    other = max(0.0, machine_busy_s() - busy0 - cpu - own)
    step = max(1, len(series) // 120)
    processes: dict[str, int] = {}
    cpu_by_role: dict[str, float] = {}
    for pid, name in seen.items():
        processes[name] = processes.get(name, 0) + 1
        cpu_by_role[name] = cpu_by_role.get(name, 0.0) + cpu_seen.get(pid, 0.0)
    return Measured(
        returncode,
        seconds,
        cpu,
        other,
        own,
        peak["rss"],
        peak["pss"],
        by_role,
        peak["hwm"],
        processes,
        cpu_by_role,
        samples,
        series[::step],
        proc.pid,
    )
