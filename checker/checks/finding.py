"""Findings: what a check reports, citing the claims it compared."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Finding:
    kind: str                 # conflict, change, sum, bounds, reference, stale
    severity: str             # error, warning, info
    check_id: str
    metric: str
    subject: str | None
    claims: list[str]         # claim ids, in the order the message cites them
    message: str
    #: the ranges compared, expected values, reference rows, etc.
    details: dict = field(default_factory=dict)
