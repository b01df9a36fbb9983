"""The report memo: a command line's last output, replayed while nothing it read has changed.

Re-checking an unchanged corpus through the result cache still imports the checks and the
reports, reads the stat index with every document's claims, runs the checks and renders the
report: about a tenth of a second for 1,000 articles, three times what starting factlint
costs. When the same command line runs again in the same place and no file it read has
changed, its output is the same. The memo keeps that output (standard output, standard error
and the exit code) and replays it.

An entry is found by a key of everything a run's output depends on besides files:
- factlint's code stamp, Python's executable and version;
- the working directory (reports name documents relative to it);
- the parsed command line;
- the whole environment (colour, GitHub annotations, the cache folder, ...);
- whether standard error is a terminal.

It is used only while every file and folder the run depended on has the same stat data
(device, inode, size, modification and change times, as in the result cache's stat index):
- every file and folder the run opened or listed (an audit hook sees them: documents, rule
  files, includes, reference data, configuration, baseline);
- every document path (worker processes open them, not this process);
- the places where a configuration file or a rules folder would be found (a new one changes
  the run);
- the folders on Python's path (an upgraded library).
Caches (the machine cache folder, the result cache) and factlint's and Python's own files are
left out: the code stamp and the key cover them.

Nothing is memoised for a call of ``checker.cli.main`` with arguments (from Python, not a
command line), or when standard input is read, standard output is a terminal,
``--changed-since`` (git's state), ``--ledger`` (a database), report files (``--output``, or
outputs in the configuration) or ``--no-cache`` are given. Nothing is memoised either when the
run ends with exit code 2, or when a file it depended on changed less than ``RACY_NS`` before
it started: stat data cannot tell a later edit in the same tick.

Entries are JSON (data, never code) in the result cache's folder (``memo/``): ``--cache-dir``
moves them and ``factlint cache clear`` deletes them. An unreadable or damaged entry is a miss.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from checker.digest import small_sha256
from checker.machine_cache import RACY_NS, cache_dir, code_stamp, stamp_of, write_atomic
from checker.options import CONFIG_FILE_NAME, PYPROJECT_FILE_NAME

#: bump when the entry layout changes
FORMAT = 1
#: commands whose reports are memoised
COMMANDS = ("check", "claims")

#: the recorder of the run in progress (the audit hook is installed once per process)
_ACTIVE: Recorder | None = None
_HOOKED = False


def open_memo(args, command: str) -> Recorder | None:
    """The memo of this command line, or None when its output cannot be memoised."""
    if command not in COMMANDS or not getattr(args, "memo", False) or getattr(args, "no_cache", False):
        return None
    paths = list(getattr(args, "paths", []) or [])
    if not paths or "-" in paths or getattr(args, "changed_since", None) or getattr(args, "ledger", None):
        return None
    if getattr(args, "output", None):
        return None
    try:
        if sys.stdout.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    folder = _folder(args)
    if folder is None:
        return None
    return Recorder(folder, _key(args), paths)


def _folder(args) -> Path | None:
    given = getattr(args, "cache_dir", None)
    if given:
        return Path(given) / "memo"
    root = cache_dir()
    return root / "results" / "memo" if root is not None else None


def _key(args) -> str:
    try:
        stderr_tty = sys.stderr.isatty()
    except (AttributeError, ValueError):
        stderr_tty = None
    parts = [str(FORMAT), code_stamp(), sys.executable, sys.version, os.getcwd(),
             repr(sorted(vars(args).items())), repr(sorted(os.environ.items())), repr(stderr_tty)]
    return small_sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


class Recorder:
    """One command line's memo: ``replay`` it, or ``start`` recording a run and ``finish`` it."""

    def __init__(self, folder: Path, key: str, paths: list[str]) -> None:
        self.entry = folder / f"{key}.json"
        self.paths = paths
        self.started_ns = 0
        self.depends: set[str] = set()
        self.stored = False
        self._skip_prefixes: tuple[str, ...] = ()
        self._out: _Tee | None = None
        self._err: _Tee | None = None
        self.cancelled = False

    # -- a hit ------------------------------------------------------------------------------
    def replay(self) -> int | None:
        """Write the memoised output and return its exit code, or None (no valid entry)."""
        try:
            data = json.loads(self.entry.read_bytes())
            depends, out, err, code = data["depends"], data["stdout"], data["stderr"], data["code"]
            if not (isinstance(out, str) and isinstance(err, str) and isinstance(code, int)):
                return None
            for path, stamp in depends:
                now = stamp_of(path)
                if (list(now) if now is not None else None) != stamp:
                    return None
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if err:
            sys.stderr.write(err)
            sys.stderr.flush()
        sys.stdout.write(out)
        sys.stdout.flush()
        return code

    # -- recording a run --------------------------------------------------------------------
    def start(self) -> None:
        """Record what this run reads and writes from now on."""
        global _ACTIVE, _HOOKED
        self.started_ns = time.time_ns()
        own = [os.path.dirname(os.path.dirname(os.path.abspath(__file__))), str(self.entry.parent.parent),
               sys.prefix, sys.base_prefix, sys.exec_prefix, "/dev", "/proc"]
        root = cache_dir()
        if root is not None:
            own.append(str(root))
        self._skip_prefixes = tuple(os.path.join(os.path.abspath(p), "") for p in own)
        self._out, self._err = _Tee(sys.stdout), _Tee(sys.stderr)
        sys.stdout, sys.stderr = self._out, self._err
        _ACTIVE = self
        if not _HOOKED:
            sys.addaudithook(_audit)
            _HOOKED = True

    def note(self, path) -> None:
        """A file or folder the run's output depends on."""
        try:
            path = os.path.abspath(os.fsdecode(path))
        except (TypeError, ValueError):
            return
        if not path.startswith(self._skip_prefixes) and path + os.sep not in self._skip_prefixes:
            self.depends.add(path)

    def cancel(self) -> None:
        """This run's output is not to be memoised (it writes report files, say)."""
        self.cancelled = True

    def finish(self, code: int) -> None:
        """Stop recording; store the output of a run that may be replayed."""
        global _ACTIVE
        _ACTIVE = None
        if self._out is not None:
            sys.stdout, sys.stderr = self._out.inner, self._err.inner
        if self.cancelled or code not in (0, 1) or self._out is None:
            return
        for path in self.paths:
            self.note(path)
        # where a configuration file or a rules folder would be found: a new one changes the run
        for folder in (Path.cwd(), *Path.cwd().parents):
            for name in (CONFIG_FILE_NAME, PYPROJECT_FILE_NAME):
                self.note(folder / name)
        for given in self.paths:
            here = Path(given).resolve()
            for folder in (here, *here.parents):
                self.note(folder / "rules")
        here = os.getcwd()
        for entry in sys.path:  # (not the working directory, which ``-m`` puts there)
            if entry and os.path.isdir(entry) and os.path.abspath(entry) != here:
                self.depends.add(os.path.abspath(entry))
        depends = []
        limit = self.started_ns - RACY_NS
        for path in sorted(self.depends):
            stamp = stamp_of(path)
            if stamp is not None and max(stamp[3], stamp[4]) >= limit:
                return  # changed just before or during the run: its stat data cannot vouch for it
            depends.append([path, list(stamp) if stamp is not None else None])
        entry = {"depends": depends, "stdout": self._out.text(), "stderr": self._err.text(), "code": code}
        try:
            text = json.dumps(entry, ensure_ascii=False)
        except (TypeError, ValueError):
            return
        self.stored = write_atomic(self.entry, text.encode("utf-8", "surrogateescape"))


def note_paths(paths) -> None:
    """Documents of the run (worker processes open them, not this one)."""
    recorder = _ACTIVE
    if recorder is not None:
        for path in paths:
            if isinstance(path, str) and path != "-":
                recorder.note(path)


def _audit(event: str, args: tuple) -> None:
    recorder = _ACTIVE
    if recorder is None:
        return
    if event == "open" or event == "os.scandir" or event == "os.listdir":
        path = args[0] if args else None
        if path is None or isinstance(path, int):
            return
        if event == "os.listdir" and _on_python_path(path):
            return  # the import system looking for modules (factlint reads folders otherwise)
        recorder.note(path)


def _on_python_path(path) -> bool:
    try:
        path = os.path.abspath(os.fsdecode(path))
    except (TypeError, ValueError):
        return False
    return any(os.path.abspath(entry or ".") == path for entry in sys.path)


class _Tee:
    """A text stream that writes through and keeps a copy of what was written."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self._parts: list[str] = []

    def write(self, text: str) -> int:
        self._parts.append(text)
        return self.inner.write(text)

    def text(self) -> str:
        return "".join(self._parts)

    def __getattr__(self, name: str):
        return getattr(self.inner, name)
