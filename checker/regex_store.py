"""Compiled regular expressions kept on disk between runs.

Why: the time-expression scanner is one regular expression of about 150,000 characters per
language, built from the language files. Building its source and compiling it cost about a
second per language, in pure Python (``re`` parses and compiles patterns in Python), which was
most of a cold ``factlint check`` of one article. What ``re`` produces is data: a list of
opcodes handed to ``_sre.compile``. This module keeps that data in one marshal file in the
user cache directory and hands it straight to ``_sre.compile`` next time.

Safety: marshal reads data only (no code runs while loading, unlike pickle), and ``_sre``
validates every program it is given. The file name carries the interpreter's cache tag and
``_sre.MAGIC``, so another Python never reads it. Anything unexpected (no cache directory, a
read-only home, a damaged or foreign file, an interpreter without ``_sre``) falls back to
``re.compile``: the store can make a run faster, never different or failing.

Where: the machine cache folder (``checker.machine_cache.cache_dir``).
"""

from __future__ import annotations

import atexit
import hashlib
import marshal
import re
import sys
from collections.abc import Callable
from pathlib import Path

from checker.machine_cache import cache_dir, write_atomic

try:  # CPython's regex engine and its compiler (private modules, present since 3.11)
    import _sre
    from re import _compiler as _sre_compiler, _parser as _sre_parser
except ImportError:  # pragma: no cover - another interpreter: compile as usual
    _sre = None

#: entries kept in the file at most; past it the ones this run did not use are dropped
MAX_ENTRIES = 512

_store: dict[str, tuple] | None = None
_used: set[str] = set()
_dirty = False


def _store_path() -> Path | None:
    folder = cache_dir()
    if folder is None or _sre is None:
        return None
    return folder / f"regex-{sys.implementation.cache_tag}-{_sre.MAGIC}.marshal"


def _load() -> dict[str, tuple]:
    global _store
    if _store is None:
        _store = {}
        path = _store_path()
        if path is not None:
            try:
                data = marshal.loads(path.read_bytes())
                if isinstance(data, dict):
                    _store = data
            except (OSError, ValueError, EOFError, TypeError):
                pass  # missing or damaged: start afresh, the file is rewritten at exit
            atexit.register(_save)
    return _store


def _save() -> None:
    """Write the store if this run added to it (atomically: a reader sees old or new)."""
    path = _store_path()
    if not _dirty or path is None or _store is None:
        return
    keep = _store
    if len(keep) > MAX_ENTRIES:
        keep = {k: v for k, v in keep.items() if k in _used}
    try:
        data = marshal.dumps(keep)
    except ValueError:
        return  # (an object marshal cannot write: the store is not kept)
    write_atomic(path, data)


def _key(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _put(key: str, value: tuple) -> None:
    global _dirty
    _load()[key] = value
    _used.add(key)
    _dirty = True


def _get(key: str) -> tuple | None:
    value = _load().get(key)
    if value is not None:
        _used.add(key)
    return value


def cached_compile(source: str, flags: int = 0) -> re.Pattern:
    """``re.compile(source, flags)``, with the compiled program read from the store if there."""
    if _store_path() is None:
        return re.compile(source, flags)
    key = _key("re", source, flags)
    entry = _get(key)
    if entry is not None:
        try:
            final_flags, code, groups, groupindex, indexgroup = entry
            return _sre.compile(source, final_flags, code, groups, groupindex, indexgroup)
        except Exception:  # damaged or foreign entry: compile afresh and replace it
            pass
    try:
        parsed = _sre_parser.parse(source, flags)
        code = _sre_compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        entry = (int(flags | parsed.state.flags), [int(op) for op in code], parsed.state.groups - 1, groupindex,
                 tuple(indexgroup))
        pattern = _sre.compile(source, *entry)
    except re.error:
        raise
    except Exception:  # pragma: no cover - the private compiler changed: use the public one
        return re.compile(source, flags)
    _put(key, entry)
    return pattern


def sources(name: str, depends_on: str, build: Callable[[], list[str]]) -> list[str]:
    """The pattern sources ``build()`` returns, kept in the store under ``name`` as long as
    ``depends_on`` (a digest of what the build reads) is unchanged."""
    if _store_path() is None:
        return build()
    key = _key("sources", name, depends_on)
    entry = _get(key)
    if isinstance(entry, tuple) and len(entry) == 1 and isinstance(entry[0], list) \
            and all(isinstance(s, str) for s in entry[0]):
        return entry[0]
    built = build()
    _put(key, (list(built),))
    return built
