"""bounds: a value outside what the metric allows (a share above 100 %, a negative count, a past
event dated after the article).

Params:
  min: the lowest allowed value (inclusive), or absent
  max: the highest allowed value (inclusive), or absent
  not_after_publication: true for date/year metrics: a claim whose stance is "actual" (something
      that happened) may not lie wholly after its document's publication date

A claim is out of bounds only when its whole interval lies outside [min, max] (beyond the
metric's tolerance): "over 90 %" is never out of a 0-100 bound, "120 %" is. Claims of documents
without a publication date are not checked against it.
"""

from __future__ import annotations

import math

from checker.checks.base import CheckKind, param_bool, param_float
from checker.checks.context import CheckContext
from checker.checks.finding import Finding
from checker.checks.index import ACTUAL, ClaimIndex, ClaimInfo, distinct_intervals, interval_of
from checker.checks.intervals import DATE_DOMAIN, NUMBER_DOMAIN, Interval, agree, describe_tolerance
from checker.rules.model import Check, RuleSet, Tolerance


def _all_inside(infos: list[ClaimInfo], allowed: Interval | None, tolerance: Tolerance,
                inside: dict[int, bool], known: set[int]) -> bool:
    """Whether every claim's interval agrees with ``allowed`` (when given): each distinct
    interval is looked at once, and the claims of a value share its interval (most groups repeat
    a few values many times). ``inside`` memoizes the answer by interval identity, as the claim
    loop does; ``known`` holds the ids of the intervals already found harmless (inside, not a
    number, or none), so that a group whose values were all seen before is decided by one
    set test, without a Python step per claim. Intervals live as long as the index."""
    if allowed is None:
        return True
    ids = set(map(id, map(interval_of, infos)))
    if ids <= known:
        return True
    for iv in distinct_intervals(infos):
        if id(iv) in known:
            continue
        if iv is None or iv.domain != NUMBER_DOMAIN:
            known.add(id(iv))
            continue
        ok = inside.get(id(iv))
        if ok is None:
            ok = inside[id(iv)] = agree(iv, allowed, tolerance)
        if not ok:
            return False
        known.add(id(iv))
    return True


class BoundsCheck(CheckKind):
    kind = "bounds"
    summary = "values outside the range a metric allows"
    params = {
        "min": "lowest allowed value, inclusive",
        "max": "highest allowed value, inclusive",
        "not_after_publication": "date/year metrics: an actual event may not be dated after its article",
    }

    def validate(self, check: Check, rules: RuleSet) -> None:
        super().validate(check, rules)
        lo, hi = param_float(check, "min"), param_float(check, "max")
        after = param_bool(check, "not_after_publication")
        if lo is None and hi is None and not after:
            raise self.error(check, "give min, max or not_after_publication")
        if lo is not None and hi is not None and lo > hi:
            raise self.error(check, f"min {lo:g} is above max {hi:g}")

    def run(self, check: Check, index: ClaimIndex, ctx: CheckContext) -> list[Finding]:
        lo, hi = param_float(check, "min"), param_float(check, "max")
        after = param_bool(check, "not_after_publication")
        allowed = None
        if lo is not None or hi is not None:
            allowed = Interval(-math.inf if lo is None else lo, math.inf if hi is None else hi,
                               lo_open=lo is None, hi_open=hi is None)
        out: list[Finding] = []
        inside_by_metric: dict[str, dict[int, bool]] = {}  # metric -> id of a live interval -> in bounds
        known_by_metric: dict[str, set[int]] = {}  # metric -> ids of intervals that raise nothing
        current = None  # the metric of the previous group: groups come metric by metric
        for metric, subject, infos in index.iter_groups(check.metrics):
            if metric != current:  # what depends on the metric alone, read once per metric
                current = metric
                tolerance = index.tolerance(metric)
                inside = inside_by_metric.setdefault(metric, {})
                known = known_by_metric.setdefault(metric, set())
            if not after and _all_inside(infos, allowed, tolerance, inside, known):
                continue  # no claim of the group can be out of bounds: no need to visit each
            for info in infos:
                iv = info.interval
                if iv is None:
                    continue
                if allowed is not None and iv.domain == NUMBER_DOMAIN:
                    ok = inside.get(id(iv))
                    if ok is None:
                        ok = inside[id(iv)] = agree(iv, allowed, tolerance)
                else:
                    ok = True
                if not ok:
                    assert allowed is not None
                    message = (f"{metric} for {subject}: {info.where} says {info.text()}, "
                               f"outside the allowed {allowed.describe()}")
                    details = {"claim": info.details(), "allowed": allowed.as_dict(),
                               "intervals": [iv.describe(), allowed.describe()],
                               "tolerance": describe_tolerance(tolerance)}
                    out.append(self.finding(check, metric, subject, [info], message, details))
                published = info.claim.published
                if (after and iv.domain == DATE_DOMAIN and published is not None
                        and info.claim.stance == ACTUAL and iv.lo > published.toordinal()):
                    message = (f"{metric} for {subject}: {info.where} dates it {info.text()} (actual), "
                               f"after the article's publication on {published.isoformat()}")
                    until = Interval(-math.inf, published.toordinal() + 1, True, True, DATE_DOMAIN)
                    details = {"claim": info.details(), "published": published.isoformat(),
                               "intervals": [iv.describe(), until.describe()]}
                    out.append(self.finding(check, metric, subject, [info], message, details))
        return out
