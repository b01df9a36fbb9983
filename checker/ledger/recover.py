"""``factlint ledger recover``: move a damaged ledger aside and rebuild it from its documents.

Nothing is deleted: the damaged file (and its -wal/-shm companions) is renamed to
``<ledger>.damaged-<UTC time>``. The document paths are read from it as far as SQLite still can;
when it cannot read the tables at all, the paths are salvaged from the file's bytes (SQLite
stores text as UTF-8, so the absolute paths of ingested files are still there to be found).
Every path that still names a readable file is then ingested into a new ledger by the caller.
Older versions of documents are not rebuilt: their text is no longer on disk.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone

from checker.document.loader import format_for
from checker.ledger.errors import LedgerError
from checker.regex_store import cached_compile

_PATH_BYTES = cached_compile(rb"/[^\x00-\x1f\"<>|]{1,1024}?\.(?:md|markdown|txt|html|htm)(?![A-Za-z0-9])")
_COMPANIONS = ("-wal", "-shm")


@dataclass(slots=True)
class Salvage:
    """Where the damaged ledger went and which documents it still names."""

    moved_to: str
    paths: list[str] = field(default_factory=list)     # readable files to re-ingest
    missing: list[str] = field(default_factory=list)   # named but no longer readable
    how: str = ""                                       # "tables" or "bytes"


def move_aside(path: str) -> str:
    """Rename the ledger and its companions to ``<path>.damaged-<time>``; returns the new name."""
    if not os.path.exists(path):
        raise LedgerError(f"{path}: no ledger here to recover")
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    target = f"{path}.damaged-{stamp}"
    n = 1
    while os.path.exists(target):
        n += 1
        target = f"{path}.damaged-{stamp}-{n}"
    try:
        os.replace(path, target)
        for suffix in _COMPANIONS:
            if os.path.exists(path + suffix):
                os.replace(path + suffix, target + suffix)
    except OSError as exc:
        raise LedgerError(f"{path}: cannot move the ledger aside: {exc.strerror or exc}") from None
    return target


def paths_from_tables(path: str) -> list[str] | None:
    """Current document paths read through SQLite, or None when the tables cannot be read."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        rows = conn.execute("SELECT DISTINCT path FROM documents ORDER BY current DESC, path").fetchall()
        return [r[0] for r in rows if isinstance(r[0], str)]
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def paths_from_bytes(path: str) -> list[str]:
    """Absolute document paths found in the raw bytes of the file (and its WAL)."""
    found: dict[str, None] = {}
    for name in (path, path + "-wal"):
        try:
            with open(name, "rb") as handle:
                data = handle.read()
        except OSError:
            continue
        for m in _PATH_BYTES.finditer(data):
            try:
                text = m.group(0).decode("utf-8")
            except UnicodeDecodeError:
                continue
            found.setdefault(text, None)
    return list(found)


def salvage(path: str) -> Salvage:
    """Move the ledger aside and list the documents to rebuild it from."""
    moved = move_aside(path)
    names = paths_from_tables(moved)
    how = "tables"
    if not names:
        names, how = paths_from_bytes(moved), "bytes"
    out = Salvage(moved, how=how)
    for name in dict.fromkeys(names):
        readable = _readable(name) if how == "tables" else _readable_suffix(name)
        if readable:
            if readable not in out.paths:
                out.paths.append(readable)
        elif name.startswith("/") and not name.startswith("//"):
            out.missing.append(name)
    return out


def _readable(name: str) -> str | None:
    return name if os.path.isfile(name) and format_for(name) and os.access(name, os.R_OK) else None


def _readable_suffix(name: str) -> str | None:
    """A byte match may start inside the bytes before a path: try it from each '/' on."""
    for i, ch in enumerate(name):
        if ch == "/" and (found := _readable(name[i:])):
            return found
    return None
