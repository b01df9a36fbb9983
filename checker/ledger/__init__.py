"""The claim ledger: an embedded SQLite store of documents and their claims, kept across runs.

``factlint ingest`` stores each published article (by content hash) with its claims and their
provenance; ``factlint check DRAFT --ledger`` checks a draft against the ledger's current
claims; ``factlint history`` prints a metric's timeline from it. One transaction per document,
WAL mode, a schema version with migrations (``schema``), and clear errors for a damaged file
(``factlint ledger recover``). This stage reads documents and claims; the CLI lives in
``checker.commands.ledger_cmds``.
"""

from checker.ledger.errors import LedgerBusy, LedgerCorrupt, LedgerError
from checker.ledger.store import DEFAULT_LEDGER, IngestOutcome, Ledger, LedgerClaims, StoredDocument

__all__ = [
    "DEFAULT_LEDGER",
    "IngestOutcome",
    "Ledger",
    "LedgerBusy",
    "LedgerClaims",
    "LedgerCorrupt",
    "LedgerError",
    "StoredDocument",
]
