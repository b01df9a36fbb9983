"""Documents spread over worker processes, results back in input order (``--jobs``).

Why processes: the scanner is pure Python, so threads would share one core. Workers are
forked where the platform allows it (they inherit the loaded rules and compiled patterns, so
one starts in milliseconds) and spawned elsewhere (each then runs ``initializer`` itself).
Results come back in input order, so a report made with ``--jobs 4`` is byte-identical to one
made with ``--jobs 1``. Only file paths go to the workers and only small results come back:
no process ever holds every document's text.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence

#: below this many bytes of input, starting workers costs more than it saves (when --jobs is
#: not given; an explicit --jobs N is always honoured)
MIN_PARALLEL_BYTES = 512 * 1024


def default_jobs() -> int:
    """Worker processes when ``--jobs`` is not given: one per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def worth_parallel(paths: Sequence[str], jobs: int, explicit: bool) -> bool:
    """Whether ``jobs`` workers should read ``paths``."""
    if jobs <= 1 or len(paths) < 2:
        return False
    if explicit:
        return True
    total = 0
    for path in paths:
        try:
            total += os.path.getsize(path)
        except OSError:
            pass
        if total >= MIN_PARALLEL_BYTES:
            return True
    return False


def ordered_map(func: Callable, items: Sequence, jobs: int, initializer: Callable, initargs: tuple) -> Iterator:
    """``func(item)`` for each item, computed by ``jobs`` worker processes, in input order."""
    import gc
    import multiprocessing

    # objects made so far are left out of the workers' garbage collections: a collection
    # writes to every object it visits, which would copy the parent's pages into each worker
    gc.freeze()
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    workers = min(jobs, len(items))
    tasks = [(func, items[start:end]) for start, end in batches(len(items), workers)]
    with context.Pool(workers, initializer=initializer, initargs=initargs) as pool:
        for results in pool.imap(_apply, tasks):
            yield from results


def batches(count: int, workers: int, most: int = 16) -> list[tuple[int, int]]:
    """(start, end) slices of ``count`` items handed to ``workers`` processes, shrinking towards
    the end ("guided" scheduling). Large batches keep the cost of sending tasks and results low
    while there is much left; small ones at the end keep a worker from still being busy with a
    batch of 16 documents while the others have nothing left (the run's tail is then at most
    about one document per worker, not one batch)."""
    out = []
    start = 0
    while start < count:
        size = max(1, min(most, (count - start) // (2 * workers)))
        out.append((start, start + size))
        start += size
    return out


def _apply(task: tuple[Callable, Sequence]) -> list:
    func, items = task
    return [func(item) for item in items]


def in_order(items: Sequence, ready: dict[int, object], rest: Iterable) -> Iterator:
    """The result of each item, in order: ``ready[i]`` where there is one, an item that is no
    path (a load error) as it is, else the next of ``rest`` (the other paths' results, in order)."""
    rest = iter(rest)
    for i, item in enumerate(items):
        if i in ready:
            yield ready.pop(i)
        elif not isinstance(item, str):
            yield item
        else:
            yield next(rest)
