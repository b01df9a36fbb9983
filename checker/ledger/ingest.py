"""Ingesting documents: build each document's claims and store it, one transaction each.

An unchanged document (same path, same content hash as its current version) is recognised
before its claims are built, so re-ingesting a corpus costs one hash look-up per file. When the
rule files changed since it was stored, its claims are out of date: it is counted as such, and
with ``refresh`` its claims are rebuilt in place (the document keeps its version).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

from checker.claims.model import claim_end
from checker.ledger.store import IngestOutcome, Ledger
from checker.rule_set_cache import rules_fingerprint


@dataclass(slots=True)
class IngestSummary:
    """Counts of one ingest run, by what happened to each document."""

    new: int = 0
    versions: int = 0
    restored: int = 0
    unchanged: int = 0
    refreshed: int = 0       # unchanged documents whose claims were rebuilt with new rules
    other_rules: int = 0     # unchanged documents whose claims came from other rule files
    claims: int = 0          # claims stored by this run
    outcomes: list[tuple[str, IngestOutcome]] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return self.new + self.versions + self.restored + self.unchanged + self.refreshed

    def add(self, path: str, outcome: IngestOutcome) -> None:
        self.outcomes.append((path, outcome))
        if outcome.status == "new":
            self.new += 1
        elif outcome.status == "version":
            self.versions += 1
        elif outcome.status == "restored":
            self.restored += 1
        elif outcome.status == "refreshed":
            self.refreshed += 1
        else:
            self.unchanged += 1
        if outcome.status in ("new", "version", "refreshed"):
            self.claims += outcome.claims


def ingest_documents(ledger: Ledger, documents: Iterable, builder, rules,
                     on_document: Callable[[IngestSummary], None] | None = None,
                     refresh: bool = False) -> IngestSummary:
    """Store every document of ``documents`` (``Document`` records) with the claims ``builder``
    (a ``ClaimBuilder`` over ``rules``) finds; ``on_document`` is called after each one.
    ``refresh``: rebuild the claims of unchanged documents stored with other rule files."""
    fingerprint = rules_fingerprint(rules)
    kinds = {m.name: m.kind for m in rules.metrics.values()}
    summary = IngestSummary()
    for doc in documents:
        current = ledger.current_document(doc.path)
        if current is not None and current.content_hash == doc.content_hash:
            if current.rules_fingerprint != fingerprint and refresh:
                built = builder.build(doc, reasons=False)
                outcome = ledger.replace_claims(current, built.claims, latest_date=built.latest_date,
                                                rules_fingerprint=fingerprint, kinds=kinds,
                                                ends=[claim_end(doc, c) for c in built.claims])
            else:
                # no write lock, no claim building: rows are never deleted, so it stays stored
                outcome = IngestOutcome("unchanged", current.id, current.version, current.claim_count)
                summary.other_rules += current.rules_fingerprint != fingerprint
        else:
            built = builder.build(doc, reasons=False)
            outcome = ledger.store(doc, built.claims, latest_date=built.latest_date, rules_fingerprint=fingerprint,
                                   kinds=kinds, ends=[claim_end(doc, c) for c in built.claims])
        summary.add(doc.path, outcome)
        if on_document is not None:
            on_document(summary)
    return summary
