"""The shape every check kind shares: a ``kind`` name, documented params, validate, run.

A small closed set of kinds (Vale's ``extends:``, sqlfluff's rule classes): each kind is one
class in its own module; ``checker.checks.engine.KINDS`` lists them. A check's params are
validated before anything runs, and a bad one is an error naming the rule file position, never
a silently skipped check.
"""

from __future__ import annotations

from typing import Callable, ClassVar

from checker.checks.context import CheckContext, CheckError
from checker.checks.finding import Finding, made_finding
from checker.checks.index import ClaimIndex, ClaimInfo
from checker.checks.intervals import NUMBER_DOMAIN, Interval
from checker.rules.model import Check, RuleSet, Tolerance
from checker.regex_store import cached_compile


class CheckKind:
    """One kind of check. Subclasses set ``kind``, ``summary``, ``params`` and implement ``run``."""

    kind: ClassVar[str]
    summary: ClassVar[str]
    #: param name -> what it means (the documentation of the kind's keys)
    params: ClassVar[dict[str, str]] = {}
    required: ClassVar[tuple[str, ...]] = ()

    def validate(self, check: Check, rules: RuleSet) -> None:
        """Reject unknown or missing params, with the check's position."""
        unknown = sorted(set(check.params) - set(self.params))
        if unknown:
            expected = ", ".join(self.params) or "none"
            raise self.error(check, f"unknown param {unknown[0]!r} (expected: {expected})")
        for key in self.required:
            if check.params.get(key) in (None, "", []):
                raise self.error(check, f"missing param {key!r}")

    def run(self, check: Check, index: ClaimIndex, ctx: CheckContext) -> list[Finding]:
        raise NotImplementedError

    # --- helpers for subclasses ---

    @staticmethod
    def error(check: Check, message: str) -> CheckError:
        where = f"{check.pos}: " if check.pos else ""
        return CheckError(f"{where}check {check.id} ({check.kind}): {message}")

    @staticmethod
    def finding(check: Check, metric: str, subject: str | None, cited: list[ClaimInfo],
                message: str, details: dict) -> Finding:
        return made_finding(check.kind, check.severity, check.id, metric, subject or None,
                            [i.claim.id for i in cited], message, details)


# --- param readers: the rule parser may hand over strings, numbers or records ---------------


def param_list(check: Check, key: str) -> list[str]:
    value = check.params.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v) for v in value]


def param_float(check: Check, key: str) -> float | None:
    value = check.params.get(key)
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise CheckKind.error(check, f"param {key!r} must be a number, got {value!r}") from None


def param_bool(check: Check, key: str) -> bool:
    value = check.params.get(key, False)
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "yes", "on", "1", "false", "no", "off", "0"):
        return value.strip().lower() in ("true", "yes", "on", "1")
    raise CheckKind.error(check, f"param {key!r} must be true or false, got {value!r}")


_TOL = cached_compile(r"^\s*\+?-?\s*(?:±\s*)?(\d+(?:\.\d+)?)\s*(%)?\s*$")


def param_tolerance(check: Check, key: str) -> Tolerance | None:
    """A Tolerance, a number (absolute), "0.1" or "5%" (relative)."""
    value = check.params.get(key)
    if value is None or isinstance(value, Tolerance):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Tolerance(float(value), False)
    if isinstance(value, dict) and "amount" in value:
        return Tolerance(float(value["amount"]), bool(value.get("relative", False)))
    if isinstance(value, str) and (m := _TOL.match(value)):
        amount = float(m.group(1))
        return Tolerance(amount / 100, True) if m.group(2) else Tolerance(amount, False)
    raise CheckKind.error(check, f"param {key!r} must be a tolerance (0.1 or 5%), got {value!r}")


def agreed_with(agreed: dict[int, dict[int, bool]], value: Interval) -> dict[int, bool]:
    """The memo of ``agree(value, other)`` by ``id(other)``, kept in ``agreed`` by ``id(value)``
    (one per metric: one tolerance): a pair is looked up by one int, not by a tuple of two
    built and hashed each time. Identity keys: intervals live as long as the index."""
    row = agreed.get(id(value))
    if row is None:
        row = agreed[id(value)] = {}
    return row


def latest(infos: list[ClaimInfo]) -> ClaimInfo:
    """The claim of the most recent document (ties: the last in the deterministic order).

    The claims are of one (metric, subject) group: their ranks give the deterministic order."""
    return max(infos, key=lambda i: ((0,) + i.doc_when if i.doc_when else (-1, 0, 0), i.rank))


def buckets_by_time(index: ClaimIndex, members: list[tuple[str, str]],
                    accept: Callable[[ClaimInfo], bool] | None = None) -> dict[tuple, dict[str, list[ClaimInfo]]]:
    """Numeric claims of several metrics put side by side: (subject, time, stance) -> label ->
    the claims of the metrics that ``members`` ((metric, label) pairs) give that label.

    The first metric's claims open the buckets (a sum's total, a part check's share): a later
    metric only fills buckets that are open, since a bucket without the first is never
    compared. ``accept`` says which numeric claims with a time take part (None: all of them,
    with no call per claim)."""
    buckets: dict[tuple, dict[str, list[ClaimInfo]]] = {}
    for n, (metric, label) in enumerate(members):
        for subject, infos in index.subjects_of(metric).items():
            for info in infos:
                if info.interval is not None and info.time is not None \
                        and info.interval.domain == NUMBER_DOMAIN and (accept is None or accept(info)):
                    key = (subject, info.time, info.stance)
                    by_label = buckets.get(key)
                    if by_label is None:
                        if n:
                            continue
                        by_label = buckets[key] = {}
                    listed = by_label.get(label)
                    if listed is None:
                        by_label[label] = [info]
                    else:
                        listed.append(info)
    return buckets
