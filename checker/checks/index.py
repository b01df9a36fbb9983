"""Claims read once and grouped once: the shared input of every check.

Each claim is turned into a ``ClaimInfo`` (its interval, same-time key, timeline position, stance
class, sentence) a single time, then grouped by (metric, subject) and sorted by a total order that
does not depend on the order the claims came in. Checks work inside these groups only, so the
whole run is O(n log n) plus the findings it reports.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterator

from checker.checks.context import CheckContext
from checker.checks.format import cite, format_claim, period_label
from checker.checks.intervals import (
    CHANGE_QUALIFIERS,
    DATE_DOMAIN,
    NUMBER_DOMAIN,
    Interval,
    rounding_unit,
    value_interval,
)
from checker.checks.periods import doc_date, order_key, time_key
from checker.claims.model import Claim
from checker.rules.model import Metric, RuleSet, Tolerance

#: the stance of a claim with no stance cue; "actual" and no stance are the same class
ACTUAL = "actual"


def stance_class(stance: str | None) -> str:
    """None counts as "actual" (and only as that): a claim with no stance cue states a fact."""
    return ACTUAL if stance in (None, "", ACTUAL) else stance


@dataclass(slots=True)
class ClaimInfo:
    claim: Claim
    metric: Metric | None
    interval: Interval | None
    #: place value of the last written digit, for plain numbers ("=" and not a range)
    rounding: float | None
    time: tuple | None
    order: tuple[int, int] | None
    undated_after: str | None
    doc_when: tuple[int, int] | None
    doc_when_label: str | None
    stance: str
    sentence: tuple
    #: claims are comparable only within one partition: same unit, domain, level vs change
    partition: tuple
    sort_key: tuple

    @property
    def id(self) -> str:
        return self.claim.id

    @property
    def kind(self) -> str | None:
        return self.metric.kind if self.metric else None

    def text(self, with_period: bool = True) -> str:
        return format_claim(self.claim, self.kind, with_period, self.rounding)

    def details(self) -> dict:
        """The claim as a finding cites it: where, what, and the interval it stands for."""
        c = self.claim
        d = {
            "id": c.id,
            "doc": c.doc,
            "line": c.line,
            "column": c.column,
            "quote": c.quote,
            "value": self.text(with_period=False),
            "qualifier": c.qualifier,
            "period": period_label(c),
            "stance": c.stance,
            "interval": self.interval.as_dict() if self.interval else None,
        }
        if self.undated_after:
            d["undated_after"] = self.undated_after
        return d

    @property
    def where(self) -> str:
        return cite(self.claim)


#: at one date, a timeline shows what is, then what is agreed, then what is asked for, then what
#: is expected: proposals and forecasts are read against the state they would change
STANCE_ORDER = (ACTUAL, "current", "agreed", "proposed", "forecast")


def _stance_rank(stance: str | None, metric: Metric | None) -> tuple:
    """Timeline order of stances at one date: STANCE_ORDER, then others as the metric declares them."""
    s = stance_class(stance)
    if s in STANCE_ORDER:
        return (0, STANCE_ORDER.index(s), "")
    declared = list(metric.stances) if metric else []
    if s in declared:
        return (1, declared.index(s), "")
    return (2, 0, s)


def _unit_key(unit: str) -> str:
    return (unit or "").strip().casefold()


def read_claim(claim: Claim, metric: Metric | None, ctx: CheckContext) -> ClaimInfo:
    kind = metric.kind if metric else None
    as_date = kind in ("date", "year")
    interval = value_interval(claim.value, claim.qualifier, claim.quote, as_date=as_date)
    rounding = None
    if (isinstance(claim.value, (int, float)) and not isinstance(claim.value, bool)
            and claim.qualifier in ("=", "", None) and interval is not None and interval.domain == NUMBER_DOMAIN):
        rounding = rounding_unit(claim.quote, float(claim.value))
    order, undated_after = order_key(claim, ctx.undated_anchor)
    timed = metric.timed if metric is not None else None
    when, when_label, _ = doc_date(claim, ctx.undated_anchor)
    domain = interval.domain if interval else None
    level = "change" if claim.qualifier in CHANGE_QUALIFIERS else "level"
    partition = (_unit_key(claim.unit) if domain != DATE_DOMAIN else "", domain, level)
    sentence = (claim.doc, "s", claim.sentence) if claim.sentence else (claim.doc, "line", claim.line)
    lo = interval.lo if interval else math.inf
    hi = interval.hi if interval else math.inf
    sort_key = (
        (0,) + order if order is not None else (1, 0, 0),
        _stance_rank(claim.stance, metric),
        lo, hi, claim.doc, claim.line, claim.column, claim.start, claim.id,
    )
    return ClaimInfo(
        claim=claim, metric=metric, interval=interval, rounding=rounding,
        order=order, undated_after=undated_after, doc_when=when, doc_when_label=when_label,
        stance=stance_class(claim.stance), sentence=sentence, partition=partition, sort_key=sort_key,
        time=time_key(claim, timed),
    )


class ClaimIndex:
    """All claims, read and grouped by (metric, subject), in a deterministic order."""

    def __init__(self, claims: list[Claim], rules: RuleSet, ctx: CheckContext) -> None:
        self.rules = rules
        self.ctx = ctx
        by_id: dict[str, Claim] = {}
        for c in claims:
            seen = by_id.get(c.id)
            if seen is not None and seen != c:
                raise ValueError(f"two different claims share the id {c.id!r} ({cite(seen)} and {cite(c)})")
            by_id[c.id] = c
        infos = [read_claim(c, rules.metrics.get(c.metric), ctx) for c in by_id.values()]
        infos.sort(key=lambda i: i.sort_key)
        self.infos: list[ClaimInfo] = infos
        groups: dict[tuple[str, str], list[ClaimInfo]] = defaultdict(list)
        by_doc: dict[str, list[ClaimInfo]] = defaultdict(list)
        for info in infos:
            groups[(info.claim.metric, info.claim.subject or "")].append(info)
            by_doc[info.claim.doc].append(info)
        self.groups: dict[tuple[str, str], list[ClaimInfo]] = dict(sorted(groups.items()))
        self.by_doc = dict(by_doc)

    def metric(self, name: str) -> Metric | None:
        return self.rules.metrics.get(name)

    def tolerance(self, metric: str) -> Tolerance:
        m = self.metric(metric)
        return m.tolerance if m else Tolerance()

    def iter_groups(self, metrics: list[str] | None) -> Iterator[tuple[str, str, list[ClaimInfo]]]:
        """(metric, subject, claims) for the given metrics (all metrics when none are named)."""
        wanted = set(metrics or [])
        for (metric, subject), infos in self.groups.items():
            if not wanted or metric in wanted:
                yield metric, subject, infos

    def subjects_of(self, metric: str) -> dict[str, list[ClaimInfo]]:
        return {s: infos for (m, s), infos in self.groups.items() if m == metric}
