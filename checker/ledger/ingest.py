"""Ingesting documents: build each document's claims and store it, one transaction each.

An unchanged document (same path, same content hash as its current version) is recognised
before its claims are built, so re-ingesting a corpus costs one hash look-up per file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Callable, Iterable

from checker.ledger.store import IngestOutcome, Ledger


@dataclass(slots=True)
class IngestSummary:
    """Counts of one ingest run, by what happened to each document."""

    new: int = 0
    versions: int = 0
    restored: int = 0
    unchanged: int = 0
    claims: int = 0          # claims stored by this run
    outcomes: list[tuple[str, IngestOutcome]] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return self.new + self.versions + self.restored + self.unchanged

    def add(self, path: str, outcome: IngestOutcome) -> None:
        self.outcomes.append((path, outcome))
        if outcome.status == "new":
            self.new += 1
        elif outcome.status == "version":
            self.versions += 1
        elif outcome.status == "restored":
            self.restored += 1
        else:
            self.unchanged += 1
        if outcome.status in ("new", "version"):
            self.claims += outcome.claims


def rules_fingerprint(rules) -> str:
    """sha256 over the rule files (name and bytes) that make the claims: stored with each document,
    so that a ledger built with other rules can be told apart."""
    digest = hashlib.sha256()
    for path in sorted(set(getattr(rules, "files", []) or [])):
        digest.update(path.encode("utf-8", "surrogateescape") + b"\0")
        try:
            with open(path, "rb") as handle:
                digest.update(handle.read())
        except OSError:
            digest.update(b"<unreadable>")
        digest.update(b"\0")
    return digest.hexdigest()


def claim_end(doc, claim) -> tuple[int, int]:
    """(line, column) just after the claim's last character in the source file."""
    if claim.end <= claim.start:
        return claim.line, claim.column
    line, col = doc.line_col(claim.end - 1)
    return line, col + 1


def ingest_documents(ledger: Ledger, documents: Iterable, builder, rules,
                     on_document: Callable[[IngestSummary], None] | None = None) -> IngestSummary:
    """Store every document of ``documents`` (``Document`` records) with the claims ``builder``
    (a ``ClaimBuilder`` over ``rules``) finds; ``on_document`` is called after each one."""
    fingerprint = rules_fingerprint(rules)
    kinds = {m.name: m.kind for m in rules.metrics.values()}
    summary = IngestSummary()
    for doc in documents:
        current = ledger.current_document(doc.path)
        if current is not None and current.content_hash == doc.content_hash:
            # no write lock, no claim building: rows are never deleted, so it stays stored
            outcome = IngestOutcome("unchanged", current.id, current.version, current.claim_count)
        else:
            built = builder.build(doc)
            outcome = ledger.store(doc, built.claims, latest_date=built.latest_date, rules_fingerprint=fingerprint,
                                   kinds=kinds, ends=[claim_end(doc, c) for c in built.claims])
        summary.add(doc.path, outcome)
        if on_document is not None:
            on_document(summary)
    return summary
