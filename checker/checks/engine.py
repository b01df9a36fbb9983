"""Run a rule set's checks over claims: ``run_checks(claims, rules, context) -> findings``.

The claims are read and grouped once (``ClaimIndex``: O(n log n)); each check of the rule set
runs inside those groups. Every check is validated before any runs, so a bad check is an error
naming its position, never a partial report. Findings come back in one deterministic order
(severity, kind, metric, subject, first claim id, message) that does not depend on the order of
the input claims.
"""

from __future__ import annotations

import gc

from checker.checks.base import CheckKind
from checker.checks.bounds import BoundsCheck
from checker.checks.change import ChangeCheck
from checker.checks.conflict import ConflictCheck
from checker.checks.context import CheckContext, CheckError
from checker.checks.finding import Finding
from checker.checks.index import ClaimIndex
from checker.checks.part import PartCheck
from checker.checks.reference import ReferenceCheck
from checker.checks.stale import StaleCheck
from checker.checks.sums import SumCheck
from checker.claims.model import Claim
from checker.rules.model import SEVERITIES, Check, RuleSet

#: the closed set of check kinds, by the keyword a rule file uses
KINDS: dict[str, CheckKind] = {k.kind: k for k in (
    ConflictCheck(), ChangeCheck(), SumCheck(), PartCheck(), BoundsCheck(), ReferenceCheck(), StaleCheck(),
)}

_SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}


def check_kind(check: Check) -> CheckKind:
    kind = KINDS.get(check.kind)
    if kind is None:
        where = f"{check.pos}: " if check.pos else ""
        raise CheckError(f"{where}check {check.id}: unknown kind {check.kind!r} (expected one of: {', '.join(KINDS)})")
    if check.severity not in _SEVERITY_RANK:
        raise kind.error(check, f"unknown severity {check.severity!r} (expected one of: {', '.join(SEVERITIES)})")
    return kind


def validate_checks(rules: RuleSet) -> None:
    """Raise CheckError for the first check that cannot run."""
    for check in rules.checks:
        check_kind(check).validate(check, rules)


def finding_order(f: Finding) -> tuple:
    return (_SEVERITY_RANK.get(f.severity, len(_SEVERITY_RANK)), f.kind, f.metric, f.subject or "",
            f.claims[0] if f.claims else "", f.check_id, f.message, tuple(f.claims))


def _last_uses(rules: RuleSet) -> dict[int, list[str]]:
    """check position -> the metrics no later check reads (all of them after a check that
    names none, since it reads every metric)."""
    metrics = set(rules.metrics)
    for check in rules.checks:
        metrics.update(check_metrics(check))
    last: dict[str, int] = {}
    for n, check in enumerate(rules.checks):
        for metric in check_metrics(check) or metrics:
            last[metric] = n
    out: dict[int, list[str]] = {}
    for metric, n in last.items():
        out.setdefault(n, []).append(metric)
    return out


#: kinds that read the metrics their params name (besides ``metrics``): sum and part
_METRIC_PARAMS = {"sum": ("parts", "total"), "part": ("share", "whole", "part")}


def check_metrics(check: Check) -> list[str]:
    """The metrics a check reads: those it names, and for sum and part those of its params.
    Empty: every metric."""
    names = list(check.metrics or [])
    for key in _METRIC_PARAMS.get(check.kind, ()):
        value = check.params.get(key)
        if isinstance(value, str):
            names.extend(v.strip() for v in value.split(",") if v.strip())
        elif isinstance(value, (list, tuple)):
            names.extend(str(v) for v in value)
    return names


def run_checks(claims: list[Claim], rules: RuleSet, context: CheckContext | None = None) -> list[Finding]:
    """All findings of the rule set's checks over the claims, in a deterministic order.

    The cyclic garbage collector is paused meanwhile: the index and the findings are millions of
    small containers with no reference cycles, and each full collection would walk all of them
    (and the caller's claims) again, which made large runs grow faster than the claims do.
    Reference counting still frees everything as usual.
    """
    ctx = context or CheckContext()
    validate_checks(rules)
    paused = gc.isenabled()
    gc.disable()
    try:
        index = ClaimIndex(claims, rules, ctx)
        findings: list[Finding] = []
        last = _last_uses(rules)
        for n, check in enumerate(rules.checks):
            findings.extend(check_kind(check).run(check, index, ctx))
            index.release(last.get(n, ()))  # no later check reads these metrics' claims
        del index
        findings.sort(key=finding_order)
    finally:
        if paused:
            gc.enable()
    return findings
