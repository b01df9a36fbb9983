"""Where factlint keeps what it computed on this machine, and what that depends on.

One folder holds the compiled regular expressions (``checker.regex_store``), the loaded rule
sets (``checker.rule_set_cache``), the compiled methods of the record classes
(``checker.dataclass_store``) and the per-document results (``checker.commands.result_cache``):
``$FACTLINT_CACHE_DIR`` if set (an empty value turns caching off), else
``$XDG_CACHE_HOME/factlint``, else ``~/.cache/factlint``. It is trusted like the user's
configuration (see docs/security.md): keep it out of the repositories factlint checks.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from checker.digest import small_sha256


def cache_dir() -> Path | None:
    """The directory of factlint's machine-local caches, or None when turned off.

    Made once for each setting of the variables that place it (the pattern store asks for it
    for each of the hundred-odd patterns a run starts; making the path each time was a few
    milliseconds of every start), and again when one of them changes (tests set them)."""
    where = (os.environ.get("FACTLINT_CACHE_DIR"), os.environ.get("XDG_CACHE_HOME"), os.environ.get("HOME"))
    if where not in _CACHE_DIRS:
        env, xdg, _ = where
        if env is not None:
            folder = Path(env) if env.strip() else None
        else:
            folder = Path(xdg or os.path.join(os.path.expanduser("~"), ".cache")) / "factlint"
        _CACHE_DIRS[where] = folder
    return _CACHE_DIRS[where]


_CACHE_DIRS: dict[tuple, Path | None] = {}


@cache
def code_stamp() -> str:
    """A digest of factlint's version and of its installed code and data files (name, size and
    modification time of each): an upgrade or an edited language file changes it."""
    from checker import __version__

    root = os.path.dirname(os.path.realpath(__file__))
    digest = small_sha256(__version__.encode())  # (names and stat data: a few kilobytes)
    # os.walk, not Path.rglob: this runs at the start of every cached run (a few ms less)
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if not name.endswith(_STAMPED):
                continue
            path = os.path.join(folder, name)
            try:
                stat = os.stat(path)
            except OSError:
                continue
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            digest.update(f"{rel}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()


#: the files whose edits change the code stamp: code and the data it reads
_STAMPED = (".py", ".yaml", ".json", ".csv")

#: stat data of a file changed this close to the start of the run that recorded them cannot be
#: trusted alone: a later edit in the same timestamp tick (1 s on some file systems, 2 s on
#: FAT) with the same size would leave them all equal
RACY_NS = 2_000_000_000

#: what ``os.stat`` says of a file: (device, inode, size, mtime_ns, ctime_ns)
Stamp = tuple[int, int, int, int, int]


def stamp_of(path: str) -> Stamp | None:
    """The stat data the caches compare to tell a changed file, or None (standard input, a file
    that does not exist)."""
    if path == "-":
        return None
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def write_atomic(path: Path, data: bytes) -> bool:
    """``data`` into ``path`` through a temporary file renamed into place, so that a reader (a
    concurrent run, a worker process) sees the old file or the new one, never half of one.
    A read-only or full disk leaves the run without caching, never failing: False."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        import tempfile  # here: most runs write nothing

        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
        return True
    except OSError:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        return False
