"""Properties of the checks engine: order-independence, symmetric conflicts, no self-conflict."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.checks import CheckContext, run_checks
from checker.checks.conflict import in_conflict
from checker.checks.context import ReferenceTable
from checker.checks.index import read_claim
from checker.checks.intervals import agree, value_interval
from checker.claims.model import Claim, Period
from checker.rules.model import Check, Metric, RuleSet, Tolerance

METRICS = {
    "target": Metric("target", "target", "percent_of_gdp", stances={"current": {}, "proposed": {}, "agreed": {}}),
    "core": Metric("core", "core", "percent_of_gdp"),
    "extra": Metric("extra", "extra", "percent_of_gdp", tolerance=Tolerance(0.05, relative=True)),
}
TABLE = ReferenceTable("ref.csv", ["subject", "period", "value"],
                       [{"subject": "NATO", "period": "2024", "value": "2.0"},
                        {"subject": "nato", "period": "2024", "value": "2.5"},
                        {"subject": "Poland", "period": "2025", "value": "4.48"}], [2, 3, 4])
RULES = RuleSet(metrics=METRICS, checks=[
    Check("C", "conflict", []),
    Check("CH", "change", [], "info"),
    Check("ST", "stale", []),
    Check("S", "sum", [], "warning", {"parts": ["core", "extra"], "total": "target"}),
    Check("P", "part", [], "info", {"share": "extra", "whole": "core"}),
    Check("B", "bounds", [], "error", {"min": 0, "max": 10}),
    Check("R", "reference", ["target", "core"], "warning", {"file": "ref.csv"}),
])
CONTEXT = CheckContext(undated_anchor={"u1": "2024-10", "u2": "2025-03-02"}, reference_loader=lambda _: TABLE)

PERIODS = [
    Period("publication"), Period("unknown"), Period("point", start="2024"), Period("point", start="2025"),
    Period("point", start="2024-10"), Period("deadline", end="2035"), Period("deadline", end="2030"),
    Period("interval", "2024", "2025"), Period("since", start="2014"),
]
DOCS = {"a": date(2024, 6, 18), "b": date(2025, 6, 24), "c": date(2025, 6, 24), "u1": None, "u2": None}
VALUES = [(0.0, "0"), (1.5, "1.5"), (2.0, "2"), (2.0, "2.0"), (2.04, "2.04"), (3.0, "3"), (3.5, "3.5"),
          (4.12, "4,12"), (5.0, "5"), (12.0, "12"), ((2.0, 3.0), "2-3"), (-1.0, "-1")]


@st.composite
def claim_records(draw) -> dict:
    value, quote = draw(st.sampled_from(VALUES))
    doc = draw(st.sampled_from(sorted(DOCS)))
    return dict(
        metric=draw(st.sampled_from(sorted(METRICS))), subject=draw(st.sampled_from(["NATO", "Poland"])),
        value=value, quote=quote, unit=draw(st.sampled_from(["percent_of_gdp", "percent_of_gdp", "percent"])),
        qualifier=draw(st.sampled_from(["=", "=", "=", "~", ">", "<=", "up"])),
        period=draw(st.sampled_from(PERIODS)), stance=draw(st.sampled_from([None, "actual", "current", "proposed", "agreed"])),
        doc=doc, line=draw(st.integers(1, 4)),
    )


def build(records: list[dict]) -> list[Claim]:
    claims = []
    for n, r in enumerate(records):
        claims.append(Claim(
            id=f"k{n:03d}", metric=r["metric"], subject=r["subject"], value=r["value"], unit=r["unit"],
            qualifier=r["qualifier"], period=r["period"], stance=r["stance"], attribution=None, doc=r["doc"],
            published=DOCS[r["doc"]], lang="en", start=n, end=n + 1, line=r["line"], column=1,
            quote=r["quote"], sentence=f"{r['doc']} sentence {r['line']}",
        ))
    return claims


corpora = st.lists(claim_records(), min_size=0, max_size=14).map(build)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_findings_do_not_depend_on_claim_order(data):
    claims = data.draw(corpora)
    shuffled = data.draw(st.permutations(claims))
    assert run_checks(claims, RULES, CONTEXT) == run_checks(list(shuffled), RULES, CONTEXT)


@settings(max_examples=300, deadline=None)
@given(claim_records(), claim_records())
def test_conflict_is_symmetric_and_never_with_itself(r1, r2):
    a, b = build([r1, r2])
    ia, ib = (read_claim(c, METRICS.get(c.metric), CONTEXT) for c in (a, b))
    tol = METRICS[a.metric].tolerance
    assert in_conflict(ia, ib, tol) == in_conflict(ib, ia, tol)
    assert not in_conflict(ia, ia, tol)
    if ia.interval and ib.interval:
        assert agree(ia.interval, ib.interval, tol) == agree(ib.interval, ia.interval, tol)


@settings(max_examples=100, deadline=None)
@given(corpora)
def test_a_claim_never_conflicts_with_itself(claims):
    findings = run_checks(claims + claims, RULES, CONTEXT)  # the same claims twice: one claim each
    for f in findings:
        assert len(f.claims) == len(set(f.claims))
        if f.kind == "conflict":
            x, y = f.claims
            assert x != y
    for c in claims:
        alone = run_checks([c], RULES, CONTEXT)
        assert not [f for f in alone if f.kind in ("conflict", "change", "stale", "sum")]


@settings(max_examples=100, deadline=None)
@given(corpora)
def test_each_conflicting_pair_is_reported_once(claims):
    pairs = [frozenset(f.claims) for f in run_checks(claims, RULES, CONTEXT) if f.kind == "conflict"]
    assert len(pairs) == len(set(pairs))


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False).map(lambda x: round(x, 3)),
       st.sampled_from(["=", "~", ">=", "<="]))
def test_a_value_lies_in_its_own_interval(x, qualifier):
    quote = f"{x:.3f}".rstrip("0").rstrip(".")
    iv = value_interval(x, qualifier, quote)
    assert iv is not None and iv.contains(x)
