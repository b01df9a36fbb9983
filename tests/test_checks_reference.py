"""The fast checks against simple reference implementations, on random small claim sets.

The engine reads claims through memo tables, orders groups by rank, finds conflicting pairs by
sweeping sorted intervals, builds change timelines from the group's own order and indexes
restatements by time (``checker.checks.index``, ``conflict``, ``change``). The references here
do the plain thing instead: read every claim on its own (``read_claim``), sort by the full
``sort_key``, compare all pairs, drop restatements by comparing every pair. Findings must be the
same, claim for claim and word for word.
"""

from __future__ import annotations

from datetime import date
from itertools import combinations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.checks import CheckContext, run_checks
from checker.checks.change import _state, undated_note
from checker.checks.conflict import in_conflict
from checker.checks.index import read_claim
from checker.checks.intervals import agree, value_interval
from checker.claims.model import Claim, Period
from checker.rules.model import Check, Metric, RuleSet, Tolerance

METRICS = {
    "target": Metric("target", "target", "percent_of_gdp", stances={"current": {}, "proposed": {}, "agreed": {}}),
    "share": Metric("share", "share", "percent_of_gdp", tolerance=Tolerance(0.1)),
    "need": Metric("need", "need", "money", tolerance=Tolerance(0.05, relative=True)),
    "toll": Metric("toll", "toll", "count", running_total=True, timed="hour"),
}
CONTEXT = CheckContext(undated_anchor={"u1": "2024-10", "u2": "2025-03-02"}, max_pairs_per_group=10**6)
CONFLICT = RuleSet(metrics=METRICS, checks=[Check("C", "conflict", [])])
CHANGE = RuleSet(metrics=METRICS, checks=[Check("T", "change", [], "info")])

PERIODS = [
    Period("publication"), Period("unknown"), Period("point", start="2024"), Period("point", start="2025"),
    Period("point", start="2024-10"), Period("deadline", end="2035"), Period("deadline", end="2030"),
    Period("interval", "2024", "2025"), Period("since", start="2014"),
    Period("point", "2025-03-14T18:00", "2025-03-14T18:00"), Period("point", "2025-03-14T18:40", "2025-03-14T18:40"),
    Period("point", "2025-03-14T19:10", "2025-03-14T19:10"), Period("point", "2025-03-15", "2025-03-15"),
]
DOCS = {"a": date(2024, 6, 18), "b": date(2025, 6, 24), "c": date(2025, 6, 24), "d": date(2025, 3, 14),
        "u1": None, "u2": None}
VALUES = [(0.0, "0"), (-0.0, "0"), (1.5, "1.5"), (2.0, "2"), (2.0, "2.0"), (2.04, "2.04"), (3.0, "3"),
          (3.5, "3.5"), (4.12, "4,12"), (5.0, "5"), (12.0, "12"), ((2.0, 3.0), "2-3"), (-1.0, "-1"),
          (1200.0, "1,200"), (2000.0, "2,000"), (1900.0, "1,900"), (35e9, "$35 billion"), (36e9, "$36 billion"),
          # one value in other words (the index shares what depends on the digits only): texts
          # still come from each claim's own quote
          (3.5, "3.5 per cent"), (2.0, "2.0 % of GDP"), (35e9, "35 billion dollars"), (0.0, "0 %")]


@st.composite
def claim_records(draw) -> dict:
    value, quote = draw(st.sampled_from(VALUES))
    return dict(
        metric=draw(st.sampled_from(sorted(METRICS))), subject=draw(st.sampled_from(["NATO", "Poland"])),
        value=value, quote=quote, unit=draw(st.sampled_from(["percent_of_gdp", "percent_of_gdp", "USD", "dead"])),
        qualifier=draw(st.sampled_from(["=", "=", "=", "~", ">", ">=", "<=", "up"])),
        period=draw(st.sampled_from(PERIODS)),
        stance=draw(st.sampled_from([None, "actual", "current", "proposed", "agreed"])),
        doc=draw(st.sampled_from(sorted(DOCS))), line=draw(st.integers(1, 4)),
        sentence=draw(st.booleans()),
    )


def build(records: list[dict]) -> list[Claim]:
    return [Claim(
        id=f"k{n:03d}", metric=r["metric"], subject=r["subject"], value=r["value"], unit=r["unit"],
        qualifier=r["qualifier"], period=r["period"], stance=r["stance"], attribution=None, doc=r["doc"],
        published=DOCS[r["doc"]], lang="en", start=n, end=n + 1, line=r["line"], column=1, quote=r["quote"],
        sentence=f"{r['doc']} sentence {r['line']}" if r["sentence"] else "",
    ) for n, r in enumerate(records)]


corpora = st.lists(claim_records(), min_size=0, max_size=24).map(build)


def read_all(claims: list[Claim]) -> list:
    """Every claim read on its own, in the full sort_key order (the first of equal ids kept)."""
    first: dict[str, Claim] = {}
    for c in claims:
        first.setdefault(c.id, c)
    infos = [read_claim(c, METRICS.get(c.metric), CONTEXT) for c in first.values()]
    return sorted(infos, key=lambda i: i.sort_key)


def reference_conflicts(claims: list[Claim]) -> set[tuple[str, str]]:
    """Every pair of claims that ``in_conflict`` says conflict, in sort_key order."""
    return {(a.id, b.id) for a, b in combinations(read_all(claims), 2)
            if in_conflict(a, b, METRICS[a.claim.metric].tolerance)}


def reference_changes(claims: list[Claim]) -> list[tuple[tuple[str, ...], str]]:
    """The change check done plainly: sort each group's timeline with the full key, drop
    restatements by comparing every pair, then walk the steps."""
    out = []
    groups: dict[tuple, list] = {}
    for info in read_all(claims):
        groups.setdefault((info.claim.metric, info.claim.subject or ""), []).append(info)
    for (metric, subject), infos in sorted(groups.items()):
        tolerance = METRICS[metric].tolerance
        running = METRICS[metric].running_total

        def said(i):
            return (0,) + i.doc_when if i.doc_when is not None else (1, 0, 0)

        ordered = sorted(infos, key=lambda i: (i.sort_key[0], said(i)) + i.sort_key[1:])
        partitions: dict[tuple, list] = {}
        for info in ordered:
            if info.order is not None and info.interval is not None:
                partitions.setdefault(info.partition, []).append(info)
        for timeline in partitions.values():
            stated = [i for i in timeline if i.claim.stance]
            timeline = [i for i in timeline if i.claim.stance or not any(
                s.time == i.time and s.order == i.order and agree(s.interval, i.interval, tolerance) for s in stated)]

            def level(i):
                if running:
                    written = value_interval(i.claim.value, "=", i.claim.quote)
                    if written is not None:
                        return written
                return i.interval

            if len(timeline) < 2:
                continue
            state = timeline[0]
            for cur in timeline[1:]:
                before, after = level(state), level(cur)
                if agree(before, after, tolerance):
                    continue
                if running and after.hi <= before.lo:
                    continue
                if cur.time is not None and cur.time == state.time and cur.stance == state.stance:
                    continue
                message = f"{metric} for {subject}: {_state(state)} -> {_state(cur)}{undated_note([state, cur])}"
                out.append(((state.id, cur.id), message))
                state = cur
    return sorted(out)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora)
def test_conflicting_pairs_are_all_pairs_in_conflict(claims):
    findings = run_checks(claims, CONFLICT, CONTEXT)
    pairs = {tuple(f.claims) for f in findings if not f.details.get("running_total")}
    assert pairs == reference_conflicts(claims)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora)
def test_change_steps_are_the_plain_timeline_walk(claims):
    findings = run_checks(claims, CHANGE, CONTEXT)
    assert sorted((tuple(f.claims), f.message) for f in findings) == reference_changes(claims)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora, st.randoms(use_true_random=False))
def test_memo_tables_do_not_leak_between_claims(claims, rnd):
    """Each finding's details are those of its own claims, whatever else the index read."""
    rules = RuleSet(metrics=METRICS, checks=[Check("C", "conflict", []), Check("T", "change", [], "info")])
    shuffled = list(claims)
    rnd.shuffle(shuffled)
    full = run_checks(shuffled, rules, CONTEXT)
    by_id = {c.id: c for c in claims}
    for f in full:
        cited = [(d, False) for d in f.details.get("claims", [])]
        cited += [(d, True) for d in ([f.details["from"], f.details["to"]] if "from" in f.details else [])]
        for d, with_period in cited:
            c = by_id[d["id"]]
            assert (d["doc"], d["line"], d["quote"], d["qualifier"], d["stance"]) == (
                c.doc, c.line, c.quote, c.qualifier, c.stance)
            alone = read_claim(c, METRICS.get(c.metric), CONTEXT)
            assert d["interval"] == (alone.interval.as_dict() if alone.interval else None)
            assert d["period"] == alone.period_label()
            assert d["value"] == alone.text(with_period)


@st.composite
def one_bucket(draw) -> list[Claim]:
    """17 to 40 claims of one metric, subject, time and stance: a large bucket for the sweep."""
    metric = draw(st.sampled_from(["target", "share", "need"]))
    unit = "USD" if metric == "need" else "percent_of_gdp"
    period = draw(st.sampled_from(PERIODS[2:9]))
    records = [dict(metric=metric, subject="NATO", value=v, quote=q, unit=unit, period=period, stance=None,
                    qualifier=draw(st.sampled_from(["=", "=", "~", ">", ">=", "<="])),
                    doc=draw(st.sampled_from(["a", "b", "c"])), line=draw(st.integers(1, 6)), sentence=True)
               for v, q in draw(st.lists(st.sampled_from(VALUES[2:]), min_size=17, max_size=40))]
    return build(records)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(one_bucket())
def test_the_sweep_finds_all_pairs_in_conflict(claims):
    findings = run_checks(claims, CONFLICT, CONTEXT)
    assert {tuple(f.claims) for f in findings if not f.details.get("running_total")} == reference_conflicts(claims)


@given(claim_records(), claim_records())
def test_same_sentence_is_equal_sentence_keys(r1, r2):
    a, b = (read_claim(c, METRICS.get(c.metric), CONTEXT) for c in build([r1, r2]))
    assert a.same_sentence(b) == (a.sentence == b.sentence) == b.same_sentence(a)


def test_over_zero_and_at_most_zero_conflict_under_a_relative_tolerance():
    """A relative tolerance leaves no slack at 0: "over 0" and "at most 0" touch at 0 and still
    exclude each other. The sweep (three claims or more) once skipped such pairs as equal."""
    base = dict(metric="need", subject="NATO", unit="USD", period=PERIODS[2], stance=None, doc="a", sentence=True)
    claims = build([dict(base, value=0.0, quote="0", qualifier=">", line=1),
                    dict(base, value=0.0, quote="0", qualifier="<=", line=2),
                    dict(base, value=1.5, quote="1.5", qualifier="=", line=3)])
    findings = run_checks(claims, CONFLICT, CONTEXT)
    assert ("k000", "k001") in {tuple(sorted(f.claims)) for f in findings}
    assert {tuple(sorted(f.claims)) for f in findings} == {tuple(sorted(p)) for p in reference_conflicts(claims)}
