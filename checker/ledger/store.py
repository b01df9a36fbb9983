"""The ledger file: open (with migrations), store one document per transaction, read claims back.

Durability choices, and why:
- WAL journal and ``synchronous=FULL``: a killed ingest (SIGKILL, power cut) leaves every
  committed document whole and nothing of the one in progress; readers do not block the writer.
- One ``BEGIN IMMEDIATE`` transaction per document: the write lock is taken before the
  "is it already stored?" read, so two ingests racing on the same file cannot both add it; the
  UNIQUE constraints and ``INSERT OR IGNORE`` are a second line of defence.
- ``busy_timeout``: a second writer waits for the lock instead of failing.
- Every SQLite error is turned into a one-line ``LedgerError`` naming the file; a damaged file
  is reported (``LedgerCorrupt``), never reset.

Document paths are stored absolute, so the ledger answers the same whatever the working
directory; they are shown relative to it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Iterable, Iterator

from checker.claims.model import Claim
from checker.ledger import schema
from checker.ledger.errors import LedgerBusy, LedgerCorrupt, LedgerError
from checker.ledger.records import CLAIM_COLUMNS, claim_from_row, claim_row

DEFAULT_LEDGER = os.path.join(".factlint", "ledger.sqlite")
BUSY_TIMEOUT_S = 60.0

_DOC_COLUMNS = ("path", "version", "current", "content_hash", "source", "url", "lang", "published",
                "published_time", "title", "format", "latest_date", "claim_count", "rules_fingerprint",
                "ingested_at")


def shown_path(path: str) -> str:
    """A stored absolute path as reports show paths: relative to the working directory, with '/'."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        rel = path
    return rel.replace(os.sep, "/")


def ledger_key(path: str) -> str:
    """The identity of a document path in the ledger: absolute and normalised."""
    return os.path.normpath(os.path.abspath(path))


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A document version as the ledger holds it."""

    id: int
    path: str                 # absolute
    version: int
    current: bool
    content_hash: str
    source: str | None
    url: str | None
    lang: str
    published: str | None
    published_time: str | None
    title: str | None
    format: str | None
    latest_date: str | None
    claim_count: int
    rules_fingerprint: str
    ingested_at: str

    @property
    def shown(self) -> str:
        return shown_path(self.path)

    def meta(self) -> dict:
        """What reports show about the document (see CheckResult.documents_meta)."""
        return {"title": self.title, "source": self.source, "url": self.url, "published": self.published,
                "lang": self.lang, "version": self.version, "ledger": True}


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    """What storing one document did: "new" (first version), "version" (a changed file: a new
    current version), "restored" (content equal to an older version, made current again),
    "refreshed" (same text, claims rebuilt with new rule files) or "unchanged" (already the
    current version: nothing added)."""

    status: str
    document_id: int
    version: int
    claims: int


@dataclass(slots=True)
class LedgerClaims:
    """The ledger's claims as ``Claim`` records (ids "L<n>"), with what checks and reports need."""

    claims: list[Claim] = field(default_factory=list)
    #: claim id -> (line, column) just after the claim's last character
    ends: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: undated document (shown path) -> the latest date it mentions
    anchors: dict[str, str] = field(default_factory=dict)
    #: shown path -> the stored document (for claims of older versions: the version cited)
    documents: dict[str, StoredDocument] = field(default_factory=dict)
    #: metric -> its kind of number when the claims were ingested
    kinds: dict[str, str] = field(default_factory=dict)
    #: claim id -> (document version, whether it is the current one)
    versions: dict[str, tuple[int, bool]] = field(default_factory=dict)


def _classify(path: str, err: sqlite3.Error) -> LedgerError:
    name = getattr(err, "sqlite_errorname", "") or ""
    text = str(err)
    if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")) or "not a database" in text or "malformed" in text:
        return LedgerCorrupt(path, text)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return LedgerBusy(path, BUSY_TIMEOUT_S)
    if name.startswith("SQLITE_READONLY"):
        return LedgerError(f"{path}: the ledger is read-only here ({text})")
    if name.startswith("SQLITE_CANTOPEN"):
        return LedgerError(f"{path}: cannot open the ledger ({text})")
    return LedgerError(f"{path}: ledger error: {text}")


class Ledger:
    """An open ledger file. Use as a context manager, or call ``close``.

    ``create``: make the file (and its folder) when missing; otherwise a missing ledger is an
    error telling how to create one.
    """

    def __init__(self, path: str = DEFAULT_LEDGER, create: bool = True):
        self.path = path
        if not os.path.exists(path):
            if not create:
                raise LedgerError(f"{path}: no ledger here; create one with 'factlint ingest PATH...' "
                                  "(or give --ledger PATH)")
            folder = os.path.dirname(path)
            if folder:
                try:
                    os.makedirs(folder, exist_ok=True)
                except OSError as exc:
                    raise LedgerError(f"{path}: cannot create the ledger's folder: {exc.strerror or exc}") from None
        elif os.path.isdir(path):
            raise LedgerError(f"{path}: is a directory; --ledger names the ledger file (e.g. {DEFAULT_LEDGER})")
        self.conn: sqlite3.Connection | None = None
        with self._guard():
            self.conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            self._journal_wal()
            self.conn.execute("PRAGMA synchronous = FULL")
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.schema_found = schema.migrate(self.conn, path)

    def _journal_wal(self) -> None:
        """WAL mode; switching needs a moment alone with the file, so wait if another opener has it."""
        import time

        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                self.conn.execute("PRAGMA journal_mode = WAL").fetchone()
                return
            except sqlite3.OperationalError as err:
                if "locked" not in str(err) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    # ------------------------------------------------------------------ plumbing
    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except LedgerError:
            raise
        except sqlite3.Error as err:
            raise _classify(self.path, err) from None

    def close(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self.conn.close()
            self.conn = None

    def __enter__(self) -> "Ledger":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _rollback(self) -> None:
        if self.conn is not None and self.conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")

    # ------------------------------------------------------------------ writing
    def current_document(self, path: str) -> StoredDocument | None:
        """The current version of a document path, if stored."""
        with self._guard():
            row = self.conn.execute("SELECT * FROM documents WHERE path = ? AND current = 1",
                                    (ledger_key(path),)).fetchone()
        return _document(row) if row else None

    def store(self, doc, claims: list[Claim], *, latest_date: str | None, rules_fingerprint: str,
              kinds: dict[str, str] | None = None, ends: list[tuple[int, int]] | None = None) -> IngestOutcome:
        """Store a document and its claims in one transaction (see the module doc).

        ``doc`` is a ``checker.document.Document``; ``ends`` runs parallel to ``claims``.
        """
        key = ledger_key(doc.path)
        kinds = kinds or {}
        conn = self.conn
        with self._guard():
            try:
                conn.execute("BEGIN IMMEDIATE")
                row = conn.execute("SELECT id, version, current, claim_count FROM documents "
                                   "WHERE path = ? AND content_hash = ?", (key, doc.content_hash)).fetchone()
                if row is not None:
                    status = "unchanged"
                    if not row["current"]:
                        conn.execute("UPDATE documents SET current = 0 WHERE path = ? AND current = 1", (key,))
                        conn.execute("UPDATE documents SET current = 1 WHERE id = ?", (row["id"],))
                        status = "restored"
                    conn.execute("COMMIT")
                    return IngestOutcome(status, row["id"], row["version"], row["claim_count"])
                version = conn.execute("SELECT COALESCE(MAX(version), 0) + 1 FROM documents WHERE path = ?",
                                       (key,)).fetchone()[0]
                conn.execute("UPDATE documents SET current = 0 WHERE path = ? AND current = 1", (key,))
                values = (key, version, 1, doc.content_hash, doc.source, doc.url, doc.lang,
                          doc.published.isoformat() if doc.published else None,
                          getattr(doc, "published_time", None), doc.title, doc.format, latest_date,
                          len(claims), rules_fingerprint, datetime.now(timezone.utc).isoformat(timespec="seconds"))
                cur = conn.execute(f"INSERT OR IGNORE INTO documents ({', '.join(_DOC_COLUMNS)}) "
                                   f"VALUES ({', '.join('?' * len(_DOC_COLUMNS))})", values)
                if cur.rowcount != 1:  # cannot happen under the write lock; never add claims twice
                    conn.execute("ROLLBACK")
                    return IngestOutcome("unchanged", 0, version, 0)
                doc_id = cur.lastrowid
                rows = [claim_row(doc_id, i, c, kinds.get(c.metric), ends[i] if ends else None)
                        for i, c in enumerate(claims)]
                conn.executemany(f"INSERT INTO claims ({', '.join(CLAIM_COLUMNS)}) "
                                 f"VALUES ({', '.join('?' * len(CLAIM_COLUMNS))})", rows)
                conn.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise
        return IngestOutcome("new" if version == 1 else "version", doc_id, version, len(claims))

    def replace_claims(self, stored: StoredDocument, claims: list[Claim], *, latest_date: str | None,
                       rules_fingerprint: str, kinds: dict[str, str] | None = None,
                       ends: list[tuple[int, int]] | None = None) -> IngestOutcome:
        """Rebuild the claims of a stored version (new rule files, same text), in one transaction."""
        kinds = kinds or {}
        conn = self.conn
        with self._guard():
            try:
                conn.execute("BEGIN IMMEDIATE")
                row = conn.execute("SELECT rules_fingerprint FROM documents WHERE id = ?", (stored.id,)).fetchone()
                if row is None or row[0] == rules_fingerprint:  # gone, or another process refreshed it
                    conn.execute("COMMIT")
                    return IngestOutcome("unchanged", stored.id, stored.version, stored.claim_count)
                conn.execute("DELETE FROM claims WHERE document_id = ?", (stored.id,))
                conn.executemany(f"INSERT INTO claims ({', '.join(CLAIM_COLUMNS)}) "
                                 f"VALUES ({', '.join('?' * len(CLAIM_COLUMNS))})",
                                 [claim_row(stored.id, i, c, kinds.get(c.metric), ends[i] if ends else None)
                                  for i, c in enumerate(claims)])
                conn.execute("UPDATE documents SET claim_count = ?, rules_fingerprint = ?, latest_date = ?, "
                             "ingested_at = ? WHERE id = ?",
                             (len(claims), rules_fingerprint, latest_date,
                              datetime.now(timezone.utc).isoformat(timespec="seconds"), stored.id))
                conn.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise
        return IngestOutcome("refreshed", stored.id, stored.version, len(claims))

    # ------------------------------------------------------------------ reading
    def documents(self, current_only: bool = True) -> list[StoredDocument]:
        where = "WHERE current = 1" if current_only else ""
        with self._guard():
            rows = self.conn.execute(f"SELECT * FROM documents {where} ORDER BY path, version").fetchall()
        return [_document(r) for r in rows]

    def claims(self, *, current_only: bool = True, metrics: Iterable[str] | None = None,
               metric: str | None = None, subject: str | None = None,
               exclude_paths: Iterable[str] = ()) -> LedgerClaims:
        """Claims of the ledger as ``Claim`` records, in path and document order.

        ``metrics``: keep only these metrics (those the current rules know);
        ``exclude_paths``: leave out documents at these paths (drafts replacing them).
        """
        where, params = [], []
        if current_only:
            where.append("d.current = 1")
        if metric is not None:
            where.append("c.metric = ?")
            params.append(metric)
        if subject is not None:
            where.append("c.subject = ?")
            params.append(subject)
        sql = ("SELECT c.*, d.id AS d_id FROM claims c JOIN documents d ON d.id = c.document_id"
               + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY d.path, d.version, c.seq")
        excluded = {ledger_key(p) for p in exclude_paths}
        allowed = set(metrics) if metrics is not None else None
        out = LedgerClaims()
        with self._guard():
            docs = {r["id"]: _document(r) for r in self.conn.execute(
                "SELECT * FROM documents" + (" WHERE current = 1" if current_only else ""))}
            for row in self.conn.execute(sql, params):
                d = docs[row["d_id"]]
                if d.path in excluded or (allowed is not None and row["metric"] not in allowed):
                    continue
                shown = d.shown if current_only or d.current else f"{d.shown}@v{d.version}"
                claim = claim_from_row(row, shown, d.published, f"L{row['id']}")
                out.claims.append(claim)
                if row["end_line"] is not None:
                    out.ends[claim.id] = (row["end_line"], row["end_col"])
                if row["metric_kind"]:
                    out.kinds.setdefault(claim.metric, row["metric_kind"])
                out.versions[claim.id] = (d.version, d.current)
                out.documents[shown] = d
                if d.published is None and d.latest_date:
                    out.anchors[shown] = d.latest_date
        return out

    def metrics(self) -> list[tuple[str, str, int]]:
        """(metric, subject, number of current claims), sorted."""
        with self._guard():
            return [tuple(r) for r in self.conn.execute(
                "SELECT c.metric, c.subject, count(*) FROM claims c JOIN documents d ON d.id = c.document_id "
                "WHERE d.current = 1 GROUP BY c.metric, c.subject ORDER BY c.metric, c.subject")]

    def export_rows(self, current_only: bool = True) -> Iterator[dict]:
        """One flat record per claim with its document's fields (``factlint ledger export``)."""
        import json

        where = "WHERE d.current = 1" if current_only else ""
        sql = ("SELECT c.*, d.path AS d_path, d.version AS d_version, d.current AS d_current, "
               "d.content_hash AS d_hash, d.source AS d_source, d.url AS d_url, d.published AS d_published, "
               "d.title AS d_title FROM claims c JOIN documents d ON d.id = c.document_id "
               f"{where} ORDER BY d.path, d.version, c.seq")
        with self._guard():
            rows = self.conn.execute(sql).fetchall()
        for r in rows:
            claim = claim_from_row(r, shown_path(r["d_path"]), r["d_published"], f"L{r['id']}")
            value = claim.value
            yield {
                "claim": claim.id,
                "doc": shown_path(r["d_path"]),
                "version": r["d_version"],
                "current": bool(r["d_current"]),
                "content_hash": r["d_hash"],
                "source": r["d_source"],
                "url": r["d_url"],
                "published": r["d_published"],
                "title": r["d_title"],
                "lang": claim.lang,
                "metric": claim.metric,
                "subject": claim.subject,
                "value": list(value) if isinstance(value, tuple) else value,
                "value_low": r["value_low"],
                "value_high": r["value_high"],
                "unit": claim.unit,
                "qualifier": claim.qualifier,
                "period_kind": claim.period.kind,
                "period_start": claim.period.start,
                "period_end": claim.period.end,
                "period": claim.period.label(),
                "stance": claim.stance,
                "attribution": claim.attribution,
                "line": claim.line,
                "column": claim.column,
                "start": claim.start,
                "end": claim.end,
                "quote": claim.quote,
                "sentence": claim.sentence,
                "why": json.loads(r["why"]),
            }

    def stats(self) -> dict:
        """Counts and ranges for ``factlint ledger stats``."""
        q = self.conn.execute
        with self._guard():
            docs = q("SELECT count(*) FROM documents WHERE current = 1").fetchone()[0]
            return {
                "ledger": self.path,
                "schema_version": q("PRAGMA user_version").fetchone()[0],
                "documents": docs,
                "document_versions": q("SELECT count(*) FROM documents").fetchone()[0],
                "older_versions": q("SELECT count(*) FROM documents WHERE current = 0").fetchone()[0],
                "undated_documents": q("SELECT count(*) FROM documents WHERE current = 1 AND published IS NULL").fetchone()[0],
                "claims": q("SELECT count(*) FROM claims c JOIN documents d ON d.id = c.document_id "
                            "WHERE d.current = 1").fetchone()[0],
                "claims_all_versions": q("SELECT count(*) FROM claims").fetchone()[0],
                "metrics": q("SELECT count(DISTINCT c.metric) FROM claims c JOIN documents d ON d.id = c.document_id "
                             "WHERE d.current = 1").fetchone()[0],
                "subjects": q("SELECT count(DISTINCT c.subject) FROM claims c JOIN documents d ON d.id = c.document_id "
                              "WHERE d.current = 1").fetchone()[0],
                "languages": dict(q("SELECT lang, count(*) FROM documents WHERE current = 1 GROUP BY lang ORDER BY lang").fetchall()),
                "published_from": q("SELECT min(published) FROM documents WHERE current = 1").fetchone()[0],
                "published_to": q("SELECT max(published) FROM documents WHERE current = 1").fetchone()[0],
                "last_ingest": q("SELECT max(ingested_at) FROM documents").fetchone()[0],
                "rule_sets": q("SELECT count(DISTINCT rules_fingerprint) FROM documents WHERE current = 1").fetchone()[0],
                "file_bytes": os.path.getsize(self.path),
            }

    def inconsistent(self) -> list[tuple[str, int, int]]:
        """Documents whose stored claim count differs from their claims rows: (path, expected, found).

        Empty for a healthy ledger: each document is written with its claims in one transaction.
        """
        with self._guard():
            return [tuple(r) for r in self.conn.execute(
                "SELECT d.path, d.claim_count, (SELECT count(*) FROM claims c WHERE c.document_id = d.id) AS n "
                "FROM documents d WHERE n != d.claim_count ORDER BY d.path")]

    def integrity(self) -> str:
        """SQLite's own verdict on the file ("ok" when healthy)."""
        with self._guard():
            return "; ".join(r[0] for r in self.conn.execute("PRAGMA integrity_check").fetchall())


def _document(r) -> StoredDocument:
    return StoredDocument(
        id=r["id"], path=r["path"], version=r["version"], current=bool(r["current"]),
        content_hash=r["content_hash"], source=r["source"], url=r["url"], lang=r["lang"],
        published=r["published"], published_time=r["published_time"], title=r["title"], format=r["format"],
        latest_date=r["latest_date"], claim_count=r["claim_count"], rules_fingerprint=r["rules_fingerprint"],
        ingested_at=r["ingested_at"],
    )
