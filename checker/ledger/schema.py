"""The ledger's tables and their migrations, applied in order under a write lock.

The schema version is SQLite's ``PRAGMA user_version``: migration *n* (1-based) brings a ledger
from version n-1 to n. A ledger is never changed by a factlint that does not know its version
(a newer file gives an error, not a downgrade). ``PRAGMA application_id`` marks the file as a
factlint ledger, so that pointing ``--ledger`` at some other SQLite database is an error rather
than a silent addition of tables to it.

Why these constraints: ``UNIQUE (path, content_hash)`` makes re-ingesting an unchanged document
a no-op even when two ingests race (``INSERT OR IGNORE``); ``UNIQUE (path, version)`` and the
partial unique index on current rows keep one current version per path; ``claim_count`` on the
document row lets anyone verify that a document was stored with all its claims.
"""

from __future__ import annotations

import sqlite3

#: "FACT" in ASCII: PRAGMA application_id of a factlint ledger
APPLICATION_ID = 0x46414354

#: migration n (index n-1) takes a ledger from schema version n-1 to n
MIGRATIONS: list[tuple[str, ...]] = [
    (
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL,               -- absolute path of the file when ingested
            version INTEGER NOT NULL,         -- 1, 2, ... per path, in ingest order
            current INTEGER NOT NULL DEFAULT 1 CHECK (current IN (0, 1)),
            content_hash TEXT NOT NULL,       -- sha256 of the file's bytes
            source TEXT,
            url TEXT,
            lang TEXT NOT NULL,
            published TEXT,                   -- ISO date, NULL for an undated document
            published_time TEXT,              -- HH:MM when the document gives one
            title TEXT,
            format TEXT,
            latest_date TEXT,                 -- latest date it mentions: orders an undated document
            claim_count INTEGER NOT NULL,     -- how many claims rows belong to it
            rules_fingerprint TEXT NOT NULL,  -- sha256 of the rule files that made the claims
            ingested_at TEXT NOT NULL,        -- UTC, ISO 8601
            UNIQUE (path, content_hash),
            UNIQUE (path, version)
        )
        """,
        "CREATE UNIQUE INDEX documents_current ON documents (path) WHERE current = 1",
        """
        CREATE TABLE claims (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,             -- order of the claim in its document
            metric TEXT NOT NULL,
            metric_kind TEXT,                 -- the metric's kind of number when ingested
            subject TEXT NOT NULL,
            value TEXT NOT NULL,              -- JSON: a number, [low, high] or a string
            value_low REAL,                   -- numeric bounds for queries and exports
            value_high REAL,
            unit TEXT NOT NULL,
            qualifier TEXT NOT NULL,
            period_kind TEXT NOT NULL,
            period_start TEXT,
            period_end TEXT,
            stance TEXT,
            attribution TEXT,
            lang TEXT NOT NULL,
            start_offset INTEGER NOT NULL,
            end_offset INTEGER NOT NULL,
            line INTEGER NOT NULL,
            col INTEGER NOT NULL,
            end_line INTEGER,
            end_col INTEGER,
            quote TEXT NOT NULL,
            sentence TEXT NOT NULL,
            why TEXT NOT NULL,                -- JSON object: how the claim was made
            UNIQUE (document_id, seq)
        )
        """,
        "CREATE INDEX claims_metric ON claims (metric, subject)",
        "CREATE INDEX claims_document ON claims (document_id)",
    ),
]

SCHEMA_VERSION = len(MIGRATIONS)


def schema_state(conn: sqlite3.Connection) -> tuple[int, int, bool]:
    """(user_version, application_id, whether the file holds any table)."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    app = conn.execute("PRAGMA application_id").fetchone()[0]
    has_tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] > 0
    return version, app, has_tables


def check_state(path: str, version: int, app: int, has_tables: bool) -> None:
    """Raise LedgerError when the file is some other database or a newer ledger."""
    from checker.ledger.errors import LedgerError

    if app != APPLICATION_ID and (has_tables or version):
        raise LedgerError(f"{path}: this SQLite database is not a factlint ledger (application_id "
                          f"{app:#x}); give --ledger a new file name")
    if version > SCHEMA_VERSION:
        raise LedgerError(f"{path}: the ledger has schema version {version}, newer than this factlint "
                          f"knows ({SCHEMA_VERSION}); upgrade factlint")


def migrate(conn: sqlite3.Connection, path: str) -> int:
    """Bring the ledger to SCHEMA_VERSION; returns the version found. The connection must be in
    autocommit mode (``isolation_level=None``): the steps run in one ``BEGIN IMMEDIATE``
    transaction, so two processes opening a new ledger at once do not both create it."""
    version, app, has_tables = schema_state(conn)
    check_state(path, version, app, has_tables)
    if version == SCHEMA_VERSION:
        return version
    conn.execute("BEGIN IMMEDIATE")
    try:
        version, app, has_tables = schema_state(conn)  # another process may have migrated meanwhile
        check_state(path, version, app, has_tables)
        for step in MIGRATIONS[version:]:
            for statement in step:
                conn.execute(statement)
        if version < SCHEMA_VERSION:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return version
