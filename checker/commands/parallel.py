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


def can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def spread(here: Callable, there: Callable, items: Sequence, jobs: int, initializer: Callable,
           initargs: tuple) -> Iterator[tuple[bool, object]]:
    """``(True, here(item))`` or ``(False, there(item))`` for each item, in input order, over
    ``jobs`` processes.

    The first item is read here first: it loads its language's patterns (on a new machine,
    compiles them into the store), which forked workers then inherit. The rest is shared by this
    process and ``jobs - 1`` forked workers (``shared_map``); where the platform cannot fork,
    ``jobs`` spawned workers read it (``ordered_map``, each running ``initializer(*initargs)``).
    """
    yield True, here(items[0])
    if can_fork():
        yield from shared_map(here, there, items[1:], jobs)
    else:
        yield from ((False, result) for result in ordered_map(there, items[1:], jobs, initializer, initargs))


def shared_map(here: Callable, there: Callable, items: Sequence, jobs: int) -> Iterator[tuple[bool, object]]:
    """``(True, here(item))`` or ``(False, there(item))`` for each item, in input order: this
    process and ``jobs - 1`` forked workers take batches of items in turn (``batches``), this
    one computing with ``here``, the workers with ``there`` (whose results are sent back).

    Why this process works too: it would otherwise only wait for results, a third process on
    two cores, and ``jobs`` workers would each pay a fork and its copied pages; here ``jobs``
    processes share ``jobs`` cores. Fork only (``can_fork``): the workers run ``there`` with
    this process's state as it is (warm it first: the workers inherit what it has loaded).
    """
    import gc
    import multiprocessing
    import queue

    spans = batches(len(items), jobs)
    gc.freeze()  # (see ``ordered_map``)
    context = multiprocessing.get_context("fork")
    taken = context.Value("l", 0)
    sent = context.Queue()
    workers = [context.Process(target=_share, args=(there, items, spans, taken, sent), daemon=True)
               for _ in range(min(jobs - 1, len(spans)))]
    for worker in workers:
        worker.start()
    done: dict[int, tuple[bool, list]] = {}
    try:
        for i in range(len(spans)):
            while i not in done:
                try:
                    while True:  # what the workers have sent so far
                        _receive(sent.get_nowait(), done)
                except queue.Empty:
                    pass
                if i in done:
                    break
                mine = _take(taken, len(spans))
                if mine is not None:
                    start, end = spans[mine]
                    done[mine] = (True, [here(item) for item in items[start:end]])
                    continue
                try:  # every batch is taken: wait for the worker that took this one
                    _receive(sent.get(timeout=0.5), done)
                except queue.Empty:
                    if not any(w.is_alive() for w in workers) and sent.empty():
                        raise RuntimeError("a worker process ended without sending its documents' results")
            local, results = done.pop(i)
            for result in results:
                yield local, result
    finally:
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
            worker.join()


def _take(taken, count: int) -> int | None:
    """The next batch nobody has taken, or None."""
    with taken.get_lock():
        i = taken.value
        if i >= count:
            return None
        taken.value = i + 1
        return i


def _share(there: Callable, items: Sequence, spans: list[tuple[int, int]], taken, sent) -> None:
    """A worker of ``shared_map``: batches until none is left; an error is sent, not raised."""
    try:
        while (i := _take(taken, len(spans))) is not None:
            start, end = spans[i]
            sent.put((i, [there(item) for item in items[start:end]], None))
    except BaseException as err:  # noqa: BLE001 - the parent reports it
        sent.put((-1, None, f"{type(err).__name__}: {err}"))


def _receive(message: tuple, done: dict) -> None:
    i, results, error = message
    if error is not None:
        raise RuntimeError(f"a worker process failed: {error}")
    done[i] = (False, results)


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
