"""Checking drafts against the ledger: one check run over the draft's claims and the ledger's.

The ledger's current claims join the draft's (ids "L<n>"), the rule set's checks run once over
all of them, and only findings that say something about the draft are kept. A draft at a path
the ledger already holds replaces that document (a revised article is checked against the
others, not against its own published version).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.checks.finding import Finding
from checker.claims.model import Claim
from checker.ledger.store import Ledger


@dataclass(slots=True)
class DraftCheck:
    """The claims to check (draft's first, then the ledger's) and what reports need about them."""

    claims: list[Claim]
    #: parallel to ``claims``: (line, column) after each claim's last character
    ends: list[tuple[int, int]]
    anchors: dict[str, str] = field(default_factory=dict)
    #: ledger document (shown path) -> what reports show about it (title, source, url, ...)
    meta: dict[str, dict] = field(default_factory=dict)
    draft_ids: set[str] = field(default_factory=set)
    ledger_documents: int = 0
    ledger_claims: int = 0


def with_ledger(ledger_path: str, draft_claims: list[Claim], draft_ends: list[tuple[int, int]],
                draft_paths: list[str], metrics) -> DraftCheck:
    """The draft's claims plus the ledger's current claims of the metrics the rules know."""
    with Ledger(ledger_path, create=False) as ledger:
        found = ledger.claims(metrics=list(metrics), exclude_paths=[p for p in draft_paths if p != "-"])
    ends = list(draft_ends) + [found.ends.get(c.id, (c.line, c.column + len(c.quote))) for c in found.claims]
    return DraftCheck(
        claims=list(draft_claims) + found.claims,
        ends=ends,
        anchors=dict(found.anchors),
        meta={path: d.meta() for path, d in found.documents.items()},
        draft_ids={c.id for c in draft_claims},
        ledger_documents=len(found.documents),
        ledger_claims=len(found.claims),
    )


def about_draft(finding: Finding, draft_ids: set[str]) -> bool:
    """Whether a finding speaks about the draft.

    Any finding citing a draft claim does, except a stale finding where the draft is only the
    *newer* statement: a draft that states a value published articles do not is reported by the
    conflict and change checks; "this published article is stale since the draft" is not a
    problem of the draft.
    """
    if not any(cid in draft_ids for cid in finding.claims):
        return False
    if finding.kind == "stale":
        stale_ids = {d.get("id") for d in finding.details.get("stale", []) if isinstance(d, dict)}
        if stale_ids:
            return bool(stale_ids & draft_ids)
    return True


def draft_findings(findings: list[Finding], draft_ids: set[str]) -> list[Finding]:
    return [f for f in findings if about_draft(f, draft_ids)]
