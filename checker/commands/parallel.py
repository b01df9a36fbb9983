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
import signal
import struct
from collections.abc import Callable, Iterable, Iterator, Sequence


class WorkerError(RuntimeError):
    """A worker process failed or ended before sending its results (the run cannot be complete:
    the command reports it in one line and exits with code 2)."""


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
    """Whether worker processes can be forked from this one (``shared_map``)."""
    return hasattr(os, "fork")


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


#: a batch number in the task pipe; a result message's head (batch number or -1, payload bytes)
_TASK = struct.Struct("<i")
_HEAD = struct.Struct("<iQ")
#: bytes written to the task pipe at once: at most PIPE_BUF, so that a write is whole or refused
_TASK_CHUNK = 4096


def shared_map(here: Callable, there: Callable, items: Sequence, jobs: int) -> Iterator[tuple[bool, object]]:
    """``(True, here(item))`` or ``(False, there(item))`` for each item, in input order: this
    process and ``jobs - 1`` forked workers take batches of items in turn (``batches``), this
    one computing with ``here``, the workers with ``there`` (whose results are sent back).

    Why this process works too: it would otherwise only wait for results, a third process on
    two cores, and ``jobs`` workers would each pay a fork and its copied pages; here ``jobs``
    processes share ``jobs`` cores. Fork only (``can_fork``): the workers run ``there`` with
    this process's state as it is (warm it first: the workers inherit what it has loaded).

    Plain ``os.fork`` and pipes, not ``multiprocessing`` (whose import, shared value, queue and
    feeder thread were about 15 ms before the first batch, all of it before the work is shared):
    the batch numbers wait in a pipe that every process reads four bytes at a time (a read of
    a pipe is atomic, so no batch is taken twice, and a worker that dies holds no lock); each
    worker sends its results, pickled, on a pipe of its own. A worker's pipe at its end with a
    batch still missing means the worker died: reported, never waited for.
    """
    import gc
    import select

    spans = batches(len(items), jobs)
    tasks_r, tasks_w = os.pipe()
    os.set_blocking(tasks_w, False)
    pending = b"".join(_TASK.pack(i) for i in range(len(spans)))
    pending = _feed(tasks_w, pending)
    if not pending:  # (usually: the pipe holds 16,000 batches)
        os.close(tasks_w)
        tasks_w = -1
    gc.freeze()  # (see ``ordered_map``)
    workers: dict[int, int] = {}  # results pipe -> worker pid
    try:
        for _ in range(min(jobs - 1, len(spans))):
            results_r, results_w = os.pipe()
            _widen(results_w)
            pid = os.fork()
            if pid == 0:  # the worker: never returns
                _worker(there, items, spans, tasks_r, results_w, [tasks_w, results_r, *workers])
            os.close(results_w)
            os.set_blocking(results_r, False)
            workers[results_r] = pid
        buffers = {fd: bytearray() for fd in workers}
        open_pipes = set(workers)
        done: dict[int, tuple[bool, list]] = {}
        for i in range(len(spans)):
            while i not in done:
                for fd in list(open_pipes):  # what the workers have sent so far
                    if not _receive(fd, buffers[fd], done):
                        open_pipes.discard(fd)
                if i in done:
                    break
                if pending:
                    pending = _feed(tasks_w, pending)
                    if not pending:
                        os.close(tasks_w)
                        tasks_w = -1
                if pending:  # the pipe is full: this process takes the first batch not in it
                    mine = _TASK.unpack_from(pending)[0]  # (a read of the pipe could wait: only
                    pending = pending[_TASK.size:]        # this process feeds it)
                else:
                    mine = _take(tasks_r)
                if mine is not None:
                    start, end = spans[mine]
                    done[mine] = (True, [here(item) for item in items[start:end]])
                    continue
                if not open_pipes:  # every batch is taken, this one by a worker that is gone
                    raise WorkerError("a worker process ended without sending its documents' results "
                                      "(killed, or out of memory?); run again, or with --jobs 1")
                select.select(list(open_pipes), [], [], 0.5)  # wait for a worker's next results
            local, results = done.pop(i)
            for result in results:
                yield local, result
    finally:
        for fd in (tasks_r, tasks_w, *workers):
            if fd >= 0:
                os.close(fd)
        for pid in workers.values():
            _end(pid)


def _feed(fd: int, pending: bytes) -> bytes:
    """Write what the task pipe takes of ``pending`` (whole batch numbers); the rest."""
    while pending:
        try:
            os.write(fd, pending[:_TASK_CHUNK])
        except BlockingIOError:
            break
        pending = pending[_TASK_CHUNK:]
    return pending


def _take(tasks: int) -> int | None:
    """The next batch nobody has taken (read from the task pipe), or None when none is left."""
    data = os.read(tasks, _TASK.size)
    return _TASK.unpack(data)[0] if data else None


def _widen(fd: int) -> None:
    """Give a results pipe room for a few batches' results (Linux: 1 MB where allowed), so that a
    worker rarely waits for this process to read them."""
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError):
        pass


def _worker(there: Callable, items: Sequence, spans: list[tuple[int, int]], tasks: int, out: int,
            others: list[int]) -> None:
    """A forked worker of ``shared_map``: batches until none is left, each batch's results sent
    pickled; an error is sent, not raised. Ends the process (no clean-up of the parent's state
    runs here: its buffers, ``atexit`` functions and ``finally`` blocks are the parent's)."""
    import pickle

    code = 0
    try:
        for fd in others:
            if fd >= 0:
                os.close(fd)
        try:
            while (i := _take(tasks)) is not None:
                start, end = spans[i]
                _send(out, i, pickle.dumps([there(item) for item in items[start:end]], pickle.HIGHEST_PROTOCOL))
        except BaseException as err:  # noqa: BLE001 - the parent reports it
            _send(out, -1, pickle.dumps(f"{type(err).__name__}: {err}"))
    except BaseException:  # noqa: BLE001 - (the parent is gone: nothing to tell)
        code = 1
    finally:
        os._exit(code)


def _send(fd: int, i: int, payload: bytes) -> None:
    data = memoryview(_HEAD.pack(i, len(payload)) + payload)
    while data:
        data = data[os.write(fd, data):]


def _receive(fd: int, buffer: bytearray, done: dict) -> bool:
    """Read what a worker has sent (without waiting) into ``done``; False once its pipe is at its
    end (the worker has ended). A worker's error is raised here."""
    import pickle

    while True:
        try:
            data = os.read(fd, 1 << 20)
        except BlockingIOError:
            return True
        if not data:
            return False
        buffer += data
        while len(buffer) >= _HEAD.size:
            i, size = _HEAD.unpack_from(buffer)
            if len(buffer) < _HEAD.size + size:
                break
            value = pickle.loads(buffer[_HEAD.size:_HEAD.size + size])
            del buffer[:_HEAD.size + size]
            if i < 0:
                raise WorkerError(f"a worker process failed: {value}")
            done[i] = (False, value)


def _end(pid: int) -> None:
    """Wait for a worker (stopping it first if it is still at work: this run is over)."""
    try:
        if os.waitpid(pid, os.WNOHANG) == (0, 0):
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
    except ChildProcessError:
        pass


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
