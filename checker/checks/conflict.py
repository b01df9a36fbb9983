"""conflict: two claims give incompatible values for the same metric, subject, time and stance.

Params: none (``metrics`` names the metrics it runs on; all metrics when empty).

Two claims conflict when all of these hold (``in_conflict``):
- same metric, subject, unit and value domain, both levels or both changes ("up 3 %");
- the same time (``checker.checks.periods.time_key``: narrow on purpose);
- the same stance class: a demand for 3 % does not conflict with a current 2 % guideline; no
  stance counts as "actual";
- different sentences (a claim is never compared with itself or with its own sentence);
- their intervals (rounding, qualifiers) do not agree even with the metric's tolerance.

A metric declared a ``running total`` (a death toll) also conflicts across times: a later claim
whose interval lies wholly below an earlier one's says the total fell, which a running total
cannot do ("more than 2,000 dead" at 18:00, "1,900 dead" at 19:10). A later, higher figure is an
update (the change check's business), and "at least 1,200" then "more than 2,000" never
conflict. Times within one day count only when both claims carry a time of day; claims of
undated documents are left out. Each falling claim is reported once, against the earlier claim
with the highest lower bound (``_falls``: one pass in time order).

Each conflicting pair is reported once, claims in the deterministic order. Inside a group the
pairs are found by sorting the claims' intervals (their cores, the values as written, when the
metric has a tolerance) by upper end and, for each claim, bisecting for the claims lying wholly
below it: O(k log k) plus the pairs reported, never all k^2 pairs.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict

from checker.checks.base import CheckKind, agreed_with
from checker.checks.context import CheckContext
from checker.checks.finding import Finding
from checker.checks.index import ACTUAL, ClaimIndex, ClaimInfo, distinct_intervals, interval_of
from checker.checks.intervals import agree, describe_tolerance
from checker.rules.model import Check, Tolerance


def in_conflict(a: ClaimInfo, b: ClaimInfo, tolerance: Tolerance | None) -> bool:
    """Whether two claims conflict (symmetric; never true for a claim and itself)."""
    if a.claim.id == b.claim.id or a.same_sentence(b):
        return False
    ca, cb = a.claim, b.claim
    if ca.metric != cb.metric or (ca.subject or "") != (cb.subject or ""):
        return False
    if a.partition != b.partition or a.stance != b.stance:
        return False
    if a.time is None or a.time != b.time:
        return False
    if a.interval is None or b.interval is None:
        return False
    return not agree(a.interval, b.interval, tolerance)


def _higher(*infos: ClaimInfo | None) -> ClaimInfo | None:
    """The claim with the highest lower bound (the earliest of equals)."""
    best = None
    for info in infos:
        if info is not None and (best is None or info.interval.lo > best.interval.lo):
            best = info
    return best


def _fell(earlier: ClaimInfo, later: ClaimInfo, tolerance: Tolerance | None) -> bool:
    """Whether ``later`` lies wholly below ``earlier``, beyond the tolerance."""
    if later.same_sentence(earlier) or later.interval.domain != earlier.interval.domain:
        return False
    if not later.interval.hi <= earlier.interval.lo:
        return False  # not below (a toll mostly grows): decided without asking agree
    return not agree(earlier.interval, later.interval, tolerance)


def _slack(lo: float, tolerance: Tolerance | None) -> float:
    """How far below ``lo`` a claim's upper end must be to possibly conflict (a lower bound)."""
    if tolerance is None or tolerance.amount <= 0:
        return 0.0
    if tolerance.relative:
        return tolerance.amount * abs(lo) * (1 - 1e-9)
    return tolerance.amount * (1 - 1e-9)


def _may_conflict(members: list[ClaimInfo], use_core: bool, tolerance: Tolerance | None) -> bool:
    """Whether the sweep of ``ConflictCheck._bucket`` finds any candidate pair: some claim
    whose lower end (less the slack) lies above the lowest upper end of the bucket. Decided on
    the bucket's distinct intervals (claims of one value share theirs), so that a bucket
    repeating a few agreeing values costs no sort and no sweep."""
    distinct = distinct_intervals(members)
    parts = [iv.kernel for iv in distinct] if use_core else list(distinct)
    lowest_hi = min(p.hi for p in parts)
    if use_core:  # the sweep's bisect_right(his, lo - slack) > 0
        return any(lowest_hi <= p.lo - _slack(p.lo, tolerance) for p in parts)
    return any(lowest_hi <= p.lo for p in parts)  # bisect_right(his, lo) > 0


class ConflictCheck(CheckKind):
    kind = "conflict"
    summary = "claims of the same metric, subject, time and stance whose values cannot both be true"
    params: dict[str, str] = {}

    def run(self, check: Check, index: ClaimIndex, ctx: CheckContext) -> list[Finding]:
        out: list[Finding] = []
        #: metric -> whether two values agree, by the identity of their intervals (one tolerance
        #: per metric; the claims of one value share its interval; intervals outlive the run)
        memos: dict[str, dict[int, dict[int, bool]]] = {}
        pairs_allowed = ctx.max_pairs_per_group >= 1
        current = None  # the metric of the previous group: groups come metric by metric
        for metric, subject, infos in index.iter_groups(check.metrics):
            if metric != current:  # what depends on the metric alone, read once per metric
                current = metric
                tolerance = index.tolerance(metric)
                agreed = memos.get(metric)
                if agreed is None:
                    agreed = memos[metric] = {}
                definition = index.metric(metric)
                running = definition is not None and definition.running_total
            if len(infos) > 1:
                buckets: dict[tuple, list[ClaimInfo]] = {}
                for info in infos:
                    if info.interval is not None and info.time is not None:
                        key = (info.partition, info.time, info.stance)
                        members = buckets.get(key)
                        if members is None:
                            buckets[key] = [info]
                        else:
                            members.append(info)
                for members in buckets.values():
                    if len(members) > 1:
                        # whose values agree never conflict (``in_conflict`` ends with ``not
                        # agree``), known by a look-up: two claims (most buckets), or claims that
                        # all share one interval (most larger buckets: it agrees with itself)
                        if len(members) == 2 and pairs_allowed:
                            a, b = members[0].interval, members[1].interval
                        elif len(set(map(id, map(interval_of, members)))) == 1:
                            a = b = members[0].interval
                        else:
                            a = b = None
                        if a is not None:
                            row = agreed_with(agreed, a)
                            same = row.get(id(b))
                            if same is None:
                                same = row[id(b)] = agree(a, b, tolerance)
                            if same:
                                continue
                        out.extend(self._bucket(check, metric, subject, members, tolerance, ctx))
            if running:
                out.extend(self._falls(check, metric, subject, infos, tolerance))
        return out

    def _falls(self, check: Check, metric: str, subject: str, infos: list[ClaimInfo],
               tolerance: Tolerance) -> list[Finding]:
        """Running totals: later claims wholly below an earlier claim (see the module doc)."""
        timelines: dict[tuple, list[ClaimInfo]] = defaultdict(list)
        for info in infos:  # in time order
            if info.interval is not None and info.order is not None and info.order[1] == 0:
                timelines[(info.partition, info.stance)].append(info)
        found: list[Finding] = []
        for timeline in timelines.values():
            before_today: ClaimInfo | None = None     # highest floor of the days before
            whole_day: ClaimInfo | None = None        # highest floor of today, timed or not
            today: ClaimInfo | None = None            # highest floor of today's earlier timed claims
            day = None
            pending: list[ClaimInfo] = []             # today's claims at the current time of day
            for info in timeline:
                order = info.order
                if order[0] != day:
                    before_today = _higher(before_today, whole_day)
                    whole_day, today, pending, day = None, None, [], order[0]
                elif pending and info.time != pending[0].time:
                    today = _higher(today, *[p for p in pending if p.order[2] >= 0])
                    pending = []
                # a claim of the day with no time of day is compared with the days before only;
                # the two-claim _higher calls of every claim are written out (same answers)
                earlier = before_today
                if order[2] >= 0 and today is not None and (
                        earlier is None or today.interval.lo > earlier.interval.lo):
                    earlier = today
                if earlier is not None and _fell(earlier, info, tolerance):
                    found.append(self._fall(check, metric, subject, earlier, info, tolerance))
                pending.append(info)
                if whole_day is None or info.interval.lo > whole_day.interval.lo:
                    whole_day = info  # _higher(whole_day, info)
        return found

    def _fall(self, check: Check, metric: str, subject: str, a: ClaimInfo, b: ClaimInfo,
              tolerance: Tolerance) -> Finding:
        message = (f"{metric} for {subject}: {b.where} says {b.text(True)}, below the "
                   f"{a.text(True)} that {a.where} said earlier (a running total cannot fall)")
        details = {
            "period": b.period_label(),
            "stance": b.stance,
            "running_total": True,
            "tolerance": describe_tolerance(tolerance),
            "intervals": [a.describe(), b.describe()],
            "claims": [a.details(), b.details()],
        }
        return self.finding(check, metric, subject, [a, b], message, details)

    def _bucket(self, check: Check, metric: str, subject: str, members: list[ClaimInfo],
                tolerance: Tolerance, ctx: CheckContext) -> list[Finding]:
        if len(members) == 2 and ctx.max_pairs_per_group >= 1:
            # two claims (many buckets): the one pair, fewer steps than the sweep
            x, y = members
            return [self._pair(check, metric, subject, x, y, tolerance)] if in_conflict(x, y, tolerance) else []
        # Conflicting claims have disjoint intervals and, under a tolerance, cores (the values as
        # written, inside the intervals) more than the tolerance apart. Sweep over the upper ends
        # of whichever must be disjoint, so that equal values are never visited as candidates.
        use_core = tolerance is not None and tolerance.amount > 0
        if not _may_conflict(members, use_core, tolerance):
            return []
        part = (lambda i: i.interval.kernel) if use_core else (lambda i: i.interval)
        by_hi = sorted(members, key=lambda i: (part(i).hi, i.rank))
        his = [part(i).hi for i in by_hi]
        found: list[Finding] = []
        seen: set[tuple[str, str]] = set()
        for upper in members:  # members are in the deterministic claim order
            lo = part(upper).lo
            # touching intervals may conflict (half-open ends), and so may cores with no slack
            # between them (a relative tolerance of 0: "over 0" and "at most 0"); where the slack
            # is not zero, equal values lie above lo - slack and are never visited
            end = bisect_right(his, lo - _slack(lo, tolerance) if use_core else lo)
            for j in range(end):
                lower = by_hi[j]
                pair = tuple(sorted((lower.id, upper.id)))
                if pair in seen or not in_conflict(lower, upper, tolerance):
                    continue
                if len(found) >= ctx.max_pairs_per_group:
                    found.append(self._truncated(check, metric, subject, upper, ctx))
                    return found
                seen.add(pair)
                found.append(self._pair(check, metric, subject, lower, upper, tolerance))
        return found

    def _pair(self, check: Check, metric: str, subject: str, x: ClaimInfo, y: ClaimInfo,
              tolerance: Tolerance) -> Finding:
        a, b = (x, y) if x.rank <= y.rank else (y, x)
        when = a.period_label()
        stance = "" if a.stance == ACTUAL else f", {a.stance}"
        message = (f"{metric} for {subject} ({when}{stance}): {a.where} says {a.text(False)} "
                   f"but {b.where} says {b.text(False)}")
        details = {
            "period": when,
            "stance": a.stance,
            "tolerance": describe_tolerance(tolerance),
            "intervals": [a.describe(), b.describe()],
            "claims": [a.details(), b.details()],
        }
        return self.finding(check, metric, subject, [a, b], message, details)

    def _truncated(self, check: Check, metric: str, subject: str, at: ClaimInfo, ctx: CheckContext) -> Finding:
        message = (f"{metric} for {subject} ({at.period_label()}): more conflicting pairs not "
                   f"listed (limit of {ctx.max_pairs_per_group} per group reached)")
        return self.finding(check, metric, subject, [at], message,
                            {"limit": ctx.max_pairs_per_group, "claims": [at.details()]})
