"""stale: a document states an older value when the corpus holds a newer one.

Params:
  settled_stances: stances that settle a value for everyone (default ["agreed", "actual"]; no
                   stance counts as "actual")

Claim A (of metric M, subject S) is stale when a claim B of the same metric, subject and unit,
from another document, with a value that does not agree with A's (intervals, tolerance):
- is newer: B's document is published later than A's (undated documents count from their
  anchor, the latest date they mention), or B's period is later than A's and B's stance is
  settled;
- speaks for A's kind of statement: B has A's stance, or a settled stance (a later demand for
  3 % does not make a current 2 % guideline stale; an agreed 5 % does);
- is not about an earlier time than A (a later article's figure for 2023 does not make a
  current figure stale);
and A's own document does not also state B's value.

Only statements of the present or of a goal can go stale: A must have no time in the text
(publication, unknown), a "since" or a deadline. A claim about an explicit past point or interval
("3.92 % in 2023") stays true when newer figures appear.

B is looked for among the newest claims of each stance class (those of the latest document, and
for settled stances those of the latest period): what the corpus says last is what A is measured
against. One finding per document, stance and value, citing every claim of that document stating
it; the message names the newest such B.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from operator import attrgetter

from checker.checks.base import CheckKind, agreed_with, param_list
from checker.checks.context import CheckContext
from checker.checks.finding import Finding
from checker.checks.index import ACTUAL, ClaimIndex, ClaimInfo, stance_class
from checker.checks.intervals import agree, describe_tolerance
from checker.rules.model import Check, RuleSet, Tolerance

#: period kinds of statements that can go stale
STALEABLE = ("publication", "unknown", "since", "deadline")
DEFAULT_SETTLED = ("agreed", ACTUAL)


def _newest(infos: list[ClaimInfo], key) -> list[ClaimInfo]:
    """The infos whose ``key`` (an ``attrgetter``) is the largest."""
    values = list(map(key, infos))
    best = max(values)
    return [i for i, v in zip(infos, values) if v == best]


_doc_when = attrgetter("doc_when")
_order = attrgetter("order")
_rank = attrgetter("rank")


def _representatives(pool: list[ClaimInfo]) -> list[ClaimInfo]:
    """One claim per (stance, value, time, date) from two different documents at most.

    Whether B supersedes A depends only on those and on B's document differing from A's, so two
    representatives from distinct documents answer for all: the work per claim stays bounded
    however many claims the newest documents hold.
    """
    reps: dict[tuple, list[ClaimInfo]] = {}
    for b in sorted({i.claim.id: i for i in pool}.values(), key=_rank):
        iv = b.interval
        sig = (b.stance, iv.lo, iv.hi, iv.lo_open, iv.hi_open, b.order, b.doc_when)  # type: ignore[union-attr]
        kept = reps.setdefault(sig, [])
        if len(kept) < 2 and all(k.claim.doc != b.claim.doc for k in kept):
            kept.append(b)
    return [b for kept in reps.values() for b in kept]


def _routes(a: ClaimInfo, pool: list[ClaimInfo], settled: set[str], tolerance: Tolerance,
            agreed: dict[int, dict[int, bool]]) -> list[tuple[ClaimInfo, str]]:
    """(B, route) for each B of the pool that supersedes A: how ("published later", "later
    period, settled stance"), leaving out what depends on A's document (B from the same
    document, or A's document also stating B's value), so a function of A's value, stance, time
    and date only. A is read once for the whole pool."""
    out = []
    a_iv, a_stance, a_order, a_when = a.interval, a.stance, a.order, a.doc_when
    row = agreed_with(agreed, a_iv)
    for b in pool:
        b_iv = b.interval
        same = row.get(id(b_iv))  # intervals live as long as the index
        if same is None:
            same = row[id(b_iv)] = agree(a_iv, b_iv, tolerance)  # type: ignore[arg-type]
        if same:
            continue
        b_stance = b.stance
        if b_stance != a_stance and b_stance not in settled:
            continue
        b_order = b.order
        if b_order < a_order:  # type: ignore[operator]
            continue
        if b.doc_when > a_when:  # type: ignore[operator]
            out.append((b, "published later"))
        elif b_order > a_order and b_stance in settled:  # type: ignore[operator]
            out.append((b, "later period, settled stance"))
    return out


class StaleCheck(CheckKind):
    kind = "stale"
    summary = "a document states an older value when the corpus holds a newer one"
    params = {"settled_stances": "stances that settle a value for everyone (default: agreed, actual)"}

    def validate(self, check: Check, rules: RuleSet) -> None:
        super().validate(check, rules)
        param_list(check, "settled_stances")

    def run(self, check: Check, index: ClaimIndex, ctx: CheckContext) -> list[Finding]:
        settled = {stance_class(s) for s in (param_list(check, "settled_stances") or DEFAULT_SETTLED)}
        out: list[Finding] = []
        memos: dict[str, dict[tuple[int, int], bool]] = {}
        current = None  # the metric of the previous group: groups come metric by metric
        for metric, subject, infos in index.iter_groups(check.metrics):
            if metric != current:  # what depends on the metric alone, read once per metric
                current = metric
                tolerance = index.tolerance(metric)
                # whether two values agree, by the identity of their intervals: one table per
                # metric (one tolerance), since the claims of one value share its interval
                # across subjects
                agreed = memos.setdefault(metric, {})
            partitions: dict[tuple, list[ClaimInfo]] = defaultdict(list)
            for info in infos:
                if info.interval is not None and info.order is not None and info.doc_when is not None:
                    partitions[info.partition].append(info)
            for members in partitions.values():
                out.extend(self._partition(check, metric, subject, members, settled, tolerance, agreed))
        return out

    def _partition(self, check: Check, metric: str, subject: str, members: list[ClaimInfo],
                   settled: set[str], tolerance: Tolerance,
                   agreed: dict[int, dict[int, bool]] | None = None) -> list[Finding]:
        """The findings of one partition (``agreed``: the metric's memo of ``agree`` by interval
        identity; intervals live as long as the index)."""
        by_stance: dict[str, list[ClaimInfo]] = defaultdict(list)
        # each document's values, by identity: claims of one value share its interval, and an
        # equal interval kept twice only repeats a comparison
        doc_values: dict[str, dict[int, object]] = defaultdict(dict)
        for m in members:
            by_stance[m.stance].append(m)
            doc_values[m.claim.doc][id(m.interval)] = m.interval
        pools: dict[str, list[ClaimInfo]] = {}
        for s, xs in by_stance.items():
            pool = _newest(xs, _doc_when)
            if s in settled:
                pool += _newest(xs, _order)
            pools[s] = _representatives(pool)
        states: dict[tuple, bool] = {}
        if agreed is None:
            agreed = {}

        def agrees(x, y) -> bool:
            """``agree(x, y, tolerance)``, memoized by the intervals' identity."""
            row = agreed_with(agreed, x)
            same = row.get(id(y))
            if same is None:
                same = row[id(y)] = agree(x, y, tolerance)
            return same

        def states_value(doc: str, value) -> bool:
            """Whether a document states a value (any claim of it agrees with the interval)."""
            key = (doc, id(value))  # intervals live as long as the index
            if key not in states:
                states[key] = any(agrees(v, value) for v in doc_values[doc].values())
            return states[key]

        stating_memo: dict[tuple, tuple[list, list[ClaimInfo]]] = {}

        def statements(b: ClaimInfo) -> tuple[list, list[ClaimInfo]]:
            """The members that state B's value with B's stance, in the order "since <date>"
            prefers them (earliest document, B's kind of period, the group's order), and their
            document dates: the first of them after A's document is the one to name."""
            key = (b.stance, id(b.interval), b.claim.period.kind)
            if key not in stating_memo:
                kind = b.claim.period.kind
                ms = sorted((m for m in members if m.stance == b.stance and agrees(m.interval, b.interval)),
                            key=lambda m: (m.doc_when, m.claim.period.kind != kind, m.rank))
                stating_memo[key] = ([m.doc_when for m in ms], ms)
            return stating_memo[key]

        decided: dict[tuple, list[tuple[ClaimInfo, str]]] = {}
        generic: dict[tuple, list[tuple[ClaimInfo, str]]] = {}
        stale: dict[tuple, list[tuple[ClaimInfo, ClaimInfo, str]]] = defaultdict(list)
        #: stance -> the pool A of that stance is measured against (its own, then the settled)
        full_pools: dict[str, list[ClaimInfo]] = {}
        ordered_settled = sorted(settled)
        for a in members:
            c = a.claim
            if c.period.kind not in STALEABLE:
                continue
            iv = a.interval
            doc, stance = c.doc, a.stance
            cluster = (doc, stance, iv.lo, iv.hi, iv.lo_open, iv.hi_open)  # type: ignore[union-attr]
            signature = cluster + (a.order, a.doc_when)
            found = decided.get(signature)
            if found is None:
                # what supersedes A apart from its document, once per value, stance, time and
                # date; then what A's own document rules out (the same document, B's value)
                generic_key = (stance, id(iv), a.order, a.doc_when)
                candidates = generic.get(generic_key)
                if candidates is None:
                    pool = full_pools.get(stance)
                    if pool is None:
                        pool = full_pools[stance] = pools.get(stance, []) + [
                            b for s in ordered_settled if s != stance for b in pools.get(s, [])]
                    candidates = generic[generic_key] = _routes(a, pool, settled, tolerance, agreed)
                found = decided[signature] = [(b, r) for b, r in candidates
                                              if b.claim.doc != doc and not states_value(doc, b.interval)]
            hits = stale[cluster]  # made even when empty: the findings keep the clusters' order
            if found:
                hits.extend([(a, b, r) for b, r in found])
        out = []
        for hits in stale.values():
            if not hits:
                continue
            olds = sorted({a.claim.id: a for a, _, _ in hits}.values(), key=_rank)
            newer = sorted({b.claim.id: b for _, b, _ in hits}.values(), key=_rank)
            _, best_b, route = max(hits, key=lambda h: (h[1].doc_when, h[1].order, h[1].rank, h[0].rank))
            # "since <date>" names the first newer document that states the new value
            a0 = olds[0]
            first = best_b
            if a0.doc_when is not None:
                whens, stating = statements(best_b)
                for m in stating[bisect_right(whens, a0.doc_when):]:
                    if m.claim.doc != a0.claim.doc:
                        first = m
                        break
            if first.doc_when == best_b.doc_when:
                first = best_b
            out.append(self._finding(check, metric, subject, olds, a0, first, newer, route, tolerance))
        return out

    def _finding(self, check: Check, metric: str, subject: str, olds: list[ClaimInfo], a: ClaimInfo,
                 b: ClaimInfo, newer: list[ClaimInfo], route: str, tolerance: Tolerance) -> Finding:
        a_stance = f" ({a.claim.stance})" if a.claim.stance else ""
        b_stance = f" ({b.claim.stance})" if b.claim.stance else ""
        when = (f"since {b.doc_when_label} {b.claim.doc}" if b.doc_when and b.doc_when[1] == 0
                else f"later, {b.claim.doc} (undated: ordered after {b.doc_when_label})")
        message = (f"{metric} for {subject}: {a.where} says {a.text()}{a_stance}; "
                   f"{when} says {b.text()}{b_stance}")
        details = {
            "stale": [o.details() for o in olds],
            "newer": b.details(),
            "newer_published": b.doc_when_label,
            "superseded_by": [n.details() for n in newer],
            "reason": route,
            "intervals": [a.describe(), b.describe()],  # made once per value
            "tolerance": describe_tolerance(tolerance),
        }
        return self.finding(check, metric, subject, olds + [b], message, details)
