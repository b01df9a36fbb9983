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


_new = object.__new__


def made_finding(kind: str, severity: str, check_id: str, metric: str, subject: str | None, claims: list[str],
                 message: str, details: dict) -> Finding:
    """``Finding(kind, severity, ..., details)``, every field given: a plain function filling a
    bare object costs less than the class call, which runs ``__init__`` in a frame of its own
    (a large run makes a quarter of a million findings)."""
    f = _new(Finding)
    f.kind = kind
    f.severity = severity
    f.check_id = check_id
    f.metric = metric
    f.subject = subject
    f.claims = claims
    f.message = message
    f.details = details
    return f
