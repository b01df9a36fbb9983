"""Helpers of the hostile tests: run factlint as a user does, and measure how work grows."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules"
#: a command that takes longer than this has hung (the slowest hostile run takes a few seconds)
TIMEOUT = 300


def factlint(*args: str, cwd: str | Path = ROOT, timeout: float = TIMEOUT) -> subprocess.CompletedProcess:
    """``python -m checker ARGS`` in ``cwd``, with this checkout first on the import path."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
               PYTHONIOENCODING="utf-8", NO_COLOR="1")
    env.pop("GITHUB_ACTIONS", None)  # plain reports, whatever CI runs the tests
    return subprocess.run([sys.executable, "-m", "checker", *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", errors="replace", timeout=timeout, stdin=subprocess.DEVNULL, env=env)


def assert_clean(result: subprocess.CompletedProcess) -> None:
    """Exit 0, 1 or 2 and no traceback: whatever the input, factlint answers like a tool."""
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode in (0, 1, 2), (result.returncode, result.stderr[-2000:])


def error_lines(result: subprocess.CompletedProcess, name: str) -> list[str]:
    """The stderr lines about file ``name`` that are errors (not warnings)."""
    return [line for line in result.stderr.splitlines()
            if name in line.split(": ", 1)[0] and ": warning: " not in line]


def _cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(work: Callable[[], object]) -> float:
    """CPU seconds ``work`` took, its subprocesses included: other processes on a shared
    machine slow the wall clock down, not this count (a hang is caught by the timeouts)."""
    start = _cpu_seconds()
    work()
    return _cpu_seconds() - start


def assert_linear(work: Callable[[int], object], n: int, what: str, factor: int = 2) -> tuple[float, float]:
    """Growing the input ``factor`` times grows the time about as much: t(kn) < 1.75 k t(n) + 0.5 s.

    For k = 2 that is t(2n) < 3.5 t(n) + 0.5 s: generous on purpose (shared machines, caches).
    Quadratic work gives t(kn) = k² t(n), which k = 8 separates from the bound by far even when
    a large linear part hides the quadratic one at k = 2 (a C-speed search repeated per line).
    A warm-up run loads data files and compiles patterns first.
    """
    work(max(1, n // 16))
    small = timed(lambda: work(n))
    large = timed(lambda: work(factor * n))
    bound = 1.75 * factor * small + 0.5
    assert large < bound, (f"{what}: {small:.2f}s for n={n}, {large:.2f}s for {factor}n "
                           f"(bound {bound:.2f}s): not linear")
    return small, large
