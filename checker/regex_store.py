"""Compiled regular expressions kept on disk between runs.

Why: the time-expression scanner is one regular expression of about 150,000 characters per
language, built from the language files. Building its source and compiling it cost about a
second per language, in pure Python (``re`` parses and compiles patterns in Python), which was
most of a cold ``factlint check`` of one article. What ``re`` produces is data: a list of
opcodes handed to ``_sre.compile``. This module keeps that data on disk in the user cache
directory and hands it straight to ``_sre.compile`` next time.

One file per pattern (named by a digest of its source and flags), so that a run reads only the
patterns it uses: a single file of every pattern ever compiled grew with each edited rule file
and each factlint version (123 MB and 0.9 s to read at every start, seen on a developer's
machine). Past ``MAX_ENTRIES`` files the least recently used go.

The opcodes are kept as a list whose equal numbers are one object, which marshal writes once
and then refers to: a scanner's program is 700,000 words but fewer than a thousand distinct
values above 256 (those Python does not share), so reading it makes a thousand number objects
instead of 260,000 (an array of words, turned into the list ``_sre.compile`` takes, cost three
times as much: 14 of a language's 40 ms of loading).

Safety: marshal reads data only (no code runs while loading, unlike pickle), and ``_sre``
validates every program it is given. The folder name carries the interpreter's cache tag and
``_sre.MAGIC``, so another Python never reads it. Anything unexpected (no cache directory, a
read-only home, a damaged or foreign file, an interpreter without ``_sre``) falls back to
``re.compile``: the store can make a run faster, never different or failing.

Where: the machine cache folder (``checker.machine_cache.cache_dir``).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

from checker.machine_cache import cache_dir, write_atomic

try:  # CPython's regex engine and its compiler (private modules, present since 3.11)
    import _sre
    from re import _compiler as _sre_compiler, _parser as _sre_parser
except ImportError:  # pragma: no cover - another interpreter: compile as usual
    _sre = None

#: pattern files kept at most; past it the least recently used are removed
MAX_ENTRIES = 512
#: a file read more than this long after it was last marked is marked used again (its mtime)
TOUCH_AFTER_S = 24 * 3600

#: keys read or written by this run (tests look at them)
_used: set[str] = set()
#: whether this run wrote an entry
_dirty = False
#: pieces ``remembered`` built this run (not read back: tests look at it)
_built = 0


def _store_dir() -> Path | None:
    folder = cache_dir()
    if folder not in _store_dirs:  # (made once per cache folder: see ``cache_dir``)
        usable = folder is not None and _sre is not None and getattr(_sre, "CODESIZE", 4) == 4
        _store_dirs[folder] = folder / f"regex-{sys.implementation.cache_tag}-{_sre.MAGIC}" if usable else None
    return _store_dirs[folder]


_store_dirs: dict[Path | None, Path | None] = {}


def _key(*parts: object) -> str:
    """A digest of ``parts``: text is hashed as its UTF-8 bytes, anything else as its ``repr``.

    Why not ``repr(parts)`` for all: a scanner's pattern is a few hundred thousand characters,
    and writing it out with escapes cost ten times the hashing (3 ms per language at every
    start). Each part is prefixed with its type and length, so no two lists of parts collide.
    """
    digest = hashlib.sha256()
    for part in parts:
        tag, text = (b"s", part) if isinstance(part, str) else (b"r", repr(part))
        data = text.encode("utf-8", "surrogatepass")
        digest.update(b"%s%d:" % (tag, len(data)))
        digest.update(data)
    return digest.hexdigest()


def _get(key: str) -> tuple | None:
    folder = _store_dir()
    if folder is None:
        return None
    path = os.path.join(folder, f"{key}.marshal")
    try:
        with open(path, "rb") as handle:
            data = handle.read()
        value = marshal.loads(data)
    except (OSError, ValueError, EOFError, TypeError):
        return None  # missing or damaged: compiled afresh and written again
    if not isinstance(value, tuple):
        return None
    _used.add(key)
    try:  # mark it used (for the least-recently-used clean-up), at most once a day
        if time.time() - os.stat(path).st_mtime > TOUCH_AFTER_S:
            os.utime(path)
    except OSError:
        pass
    return value


def _put(key: str, value: tuple) -> None:
    global _dirty
    folder = _store_dir()
    if folder is None:
        return
    try:
        data = marshal.dumps(value)
        folder.mkdir(parents=True, exist_ok=True)
    except (ValueError, OSError):
        return  # (an object marshal cannot write, or no folder: the entry is not kept)
    if write_atomic(folder / f"{key}.marshal", data):
        _used.add(key)
        _dirty = True
        if not _to_prune:
            import atexit

            atexit.register(prune_at_exit)
        _to_prune.add(folder)


#: folders this run wrote patterns to, pruned once when it ends (``prune_at_exit``)
_to_prune: set[Path] = set()


def prune_at_exit() -> None:
    """Bring the folders this run wrote to back to ``MAX_ENTRIES`` files.

    Once per run, not after every write: a full store stats every file to find the oldest, and
    a run that compiles its patterns afresh (a new factlint, a new language) writes hundreds of
    them. (A ``--jobs`` worker exits without it; the store is pruned by the next run that writes.)
    """
    for folder in sorted(_to_prune):
        _prune(folder)
    _to_prune.clear()


def _prune(folder: Path) -> None:
    """Remove the least recently used files past ``MAX_ENTRIES`` (and the single-file store of
    earlier versions, which nothing reads any more)."""
    try:
        for old in folder.parent.glob(f"regex-{sys.implementation.cache_tag}-*.marshal"):
            old.unlink(missing_ok=True)
        entries = [p for p in folder.glob("*.marshal") if not p.name.startswith("memo-")]
        if len(entries) <= MAX_ENTRIES:
            return
        by_age = sorted(entries, key=lambda p: p.stat().st_mtime)
        for path in by_age[: len(entries) - MAX_ENTRIES]:
            path.unlink(missing_ok=True)
    except OSError:
        pass


def pattern_key(source: str, flags: int = 0) -> str:
    """The store's name for the program of ``source`` (the tag changes with the entries' form:
    those of earlier versions held an array of words)."""
    return _key("re-shared-list", source, flags)


def cached_compile(source: str, flags: int = 0) -> re.Pattern:
    """``re.compile(source, flags)``, with the compiled program read from the store if there."""
    if _store_dir() is None:
        return re.compile(source, flags)
    key = pattern_key(source, flags)
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
        final_flags = int(flags | parsed.state.flags)
        groups = parsed.state.groups - 1
        pattern = _sre.compile(source, final_flags, code, groups, groupindex, tuple(indexgroup))
        seen: dict[int, int] = {}
        shared = [seen.setdefault(word, word) for word in map(int, code)]  # (see the module's docstring; opcodes are int subclasses)
    except re.error:
        raise
    except Exception:  # pragma: no cover - the private compiler changed: use the public one
        return re.compile(source, flags)
    _put(key, (final_flags, shared, groups, groupindex, tuple(indexgroup)))
    return pattern


def sources(name: str, depends_on: str, build: Callable[[], list[str]]) -> list[str]:
    """The pattern sources ``build()`` returns, kept in the store under ``name`` as long as
    ``depends_on`` (a digest of what the build reads) is unchanged."""
    if _store_dir() is None:
        return build()
    key = _key("sources", name, depends_on)
    entry = _get(key)
    if isinstance(entry, tuple) and len(entry) == 1 and isinstance(entry[0], list) \
            and all(isinstance(s, str) for s in entry[0]):
        return entry[0]
    built = build()
    _put(key, (list(built),))
    return built


# -- pattern pieces built from data, remembered between runs ----------------------------------
#
# Why: besides compiling, a run builds pattern *sources* from the language files (a trie of
# every number word, unit name and cue phrase; the first characters a pattern may start with,
# read from its parse tree). That is pure-Python work of about 0.13 s per language at every
# start, a third of checking one article. Its results are small strings kept here in one file
# per code stamp (``machine_cache.code_stamp``: an upgrade or an edited language file starts a
# new one), read once by the first piece a run asks for and written back when the run ends if
# it added pieces.

#: memo files kept (one per code stamp: side-by-side installs of different versions each keep theirs)
MEMO_FILES = 4
_memo: dict[str, bytes] | None = None
#: where ``_memo`` was read from, and is written back to (the store of the run that read it)
_memo_file: Path | None = None
_memo_added = False


def _memo_path() -> Path | None:
    from checker.machine_cache import code_stamp

    folder = _store_dir()
    return None if folder is None else folder / f"memo-{code_stamp()[:32]}.marshal"


def _memo_table() -> dict[str, bytes]:
    global _memo, _memo_file
    if _memo is None:
        _memo = {}
        path = _memo_file = _memo_path()
        if path is not None:
            try:
                value = marshal.loads(path.read_bytes())
                if isinstance(value, dict):
                    _memo = value
            except (OSError, ValueError, EOFError, TypeError):
                pass  # none yet, or damaged: built afresh and written again
    return _memo


def remembered(kind: str, inputs: object, build: Callable[[], object]) -> object:
    """``build()``, a pure function of ``inputs`` (strings, numbers, lists and tuples of them),
    kept between runs under ``kind``. The result must be something marshal can write."""
    global _memo_added, _built
    if _store_dir() is None:
        return build()
    table = _memo_table()
    key = _key("memo", kind, inputs)
    kept = table.get(key)
    if isinstance(kept, bytes):
        try:  # each caller gets its own copy: what one changes never reaches the file
            return marshal.loads(kept)
        except (ValueError, EOFError, TypeError):
            pass  # damaged: built afresh
    _built += 1
    value = build()
    try:
        table[key] = marshal.dumps(value)
    except ValueError:
        return value  # (not something marshal can keep: built again next run)
    if not _memo_added:
        _memo_added = True
        import atexit

        atexit.register(save_memo)
    return value


def save_memo() -> None:
    """Write the pieces this run added (at exit; a worker process's additions are not kept,
    the parent's are). Older memo files past ``MEMO_FILES`` are removed."""
    global _memo_added
    path = _memo_file
    if not _memo_added or _memo is None or path is None:
        return
    _memo_added = False
    try:
        data = marshal.dumps(_memo)
        path.parent.mkdir(parents=True, exist_ok=True)
    except (ValueError, OSError):
        return
    if write_atomic(path, data):
        try:
            memos = sorted(path.parent.glob("memo-*.marshal"), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in memos[MEMO_FILES:]:
                old.unlink(missing_ok=True)
        except OSError:
            pass
