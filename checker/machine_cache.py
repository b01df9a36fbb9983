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
import sys
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
    """A digest of factlint's version, of its installed code and data files (name, size and
    modification time of each), of the Python that runs it and of the releases of the libraries
    that shape its results (``library_stamp``): an upgrade of any of them or an edited language
    file changes it, and with it the key of every cache."""
    from checker import __version__

    root = os.path.dirname(os.path.realpath(__file__))
    digest = small_sha256(__version__.encode())  # (names and stat data: a few kilobytes)
    digest.update(f"\0{sys.version}\0{library_stamp()}\0".encode("utf-8", "surrogateescape"))
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

#: (module, distribution) of the libraries whose releases can change what factlint reads or
#: prints: dateparser resolves dates (with regex, its pattern engine), pycountry names countries
#: and currencies, PyYAML reads front matter and the language files, pyparsing the rule files,
#: tabulate writes the tables. quantulum3 is not read at run time (its tables are precompiled
#: into checker/data/units.json, which the code stamp covers).
LIBRARIES = (("dateparser", "dateparser"), ("regex", "regex"), ("pycountry", "pycountry"), ("yaml", "PyYAML"),
             ("pyparsing", "pyparsing"), ("tabulate", "tabulate"))


def _dist_key(name: str) -> str:
    """A distribution's name as metadata folders may write it ("PyYAML", "pyyaml", "py_yaml")."""
    return name.lower().replace("-", "_").replace(".", "_")


def _releases(site: str) -> dict[str, list[str]]:
    """``_dist_key`` -> the releases whose metadata folders ("PyYAML-6.0.3.dist-info") are in ``site``."""
    out: dict[str, list[str]] = {}
    try:
        names = sorted(os.listdir(site))
    except OSError:
        return out
    for name in names:
        if name.endswith((".dist-info", ".egg-info")):
            dist, _, release = name.rsplit(".", 1)[0].partition("-")
            out.setdefault(_dist_key(dist), []).append(release)
    return out


def library_stamp() -> str:
    """'dateparser 1.5.0; regex 2026.11.15; ...': the installed release of each of ``LIBRARIES``,
    from the name of its distribution's metadata folder next to the package (a directory listing
    and no import: this runs at the start of every cached run, and importlib.metadata costs
    about 10 ms to load); a library found without one (a source checkout on the path) stands as
    its module file's size and modification time, one not found as "-"."""
    from importlib.util import find_spec

    listed: dict[str, dict[str, list[str]]] = {}
    parts = []
    for module, dist in LIBRARIES:
        try:
            spec = find_spec(module)
        except (ImportError, ValueError):
            spec = None
        origin = spec.origin if spec is not None else None
        if not origin or not os.path.isabs(origin):
            parts.append(f"{dist} -")
            continue
        site = os.path.dirname(origin)
        if spec.submodule_search_locations is not None:  # a package: site/<module>/__init__.py
            site = os.path.dirname(site)
        if site not in listed:
            listed[site] = _releases(site)
        versions = listed[site].get(_dist_key(dist))
        if versions:
            parts.append(f"{dist} {','.join(versions)}")
            continue
        try:
            stat = os.stat(origin)
            parts.append(f"{dist} {origin}:{stat.st_size}:{stat.st_mtime_ns}")
        except OSError:
            parts.append(f"{dist} ?")
    return "; ".join(parts)

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
