"""Property: what ``factlint check`` finds does not depend on the order of the documents.

A user may list the same articles in any order (``check a.md b.md`` or ``check b.md a.md``, a
folder walked by another file system): the findings must be the same set. Claim ids ("c7")
follow the order of the documents, so findings are compared as sets of (kind, check, metric,
subject, message, cited claims), each claim named by its document and offsets instead of its id.

Two layers: ``collect`` itself (the function ``factlint check`` runs) on a few orders of every
bundled article, and, for many random orders (hypothesis), the order-sensitive part alone: the
claims of each document built once by ``ClaimBuilder`` (like ``collect``, document by document),
then numbered in the new order and checked by ``run_checks``.
"""

from __future__ import annotations

import copy
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.checks.context import CheckContext, make_reference_loader
from checker.checks.engine import run_checks
from checker.claims.builder import ClaimBuilder
from checker.claims.model import number_claims
from checker.document import load_path
from checker.rules import load_rules

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "rules"
DOCUMENTS = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "fixtures").rglob("*")
                   if p.suffix in (".md", ".html", ".txt") and "hostile" not in p.parts)


def _normalized(findings, claims_by_id) -> set[tuple]:
    def where(cid: str) -> tuple:
        c = claims_by_id[cid]
        return (c.doc, c.start, c.end)

    return {(f.kind, f.check_id, f.metric, f.subject, f.message, f.severity,
             tuple(sorted(where(c) for c in f.claims))) for f in findings}


def _collect(order: list[str]) -> set[tuple]:
    from checker.cli import build_parser
    from checker.commands.check import collect
    from checker.commands.inputs import InputTracker
    from checker.config import resolve_config

    args = build_parser().parse_args(["check", "--rules", str(RULES), *order])
    _, result = collect(args, InputTracker(), resolve_config(args))
    return _normalized(result.findings, result.claims_by_id)


@pytest.fixture(scope="module")
def in_name_order(monkeypatch_module):
    return _collect(DOCUMENTS)


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        yield mp


def test_the_bundled_articles_give_findings(in_name_order):
    assert len(DOCUMENTS) >= 5
    assert {k for k, *_ in in_name_order} >= {"conflict", "change", "stale"}


@pytest.mark.parametrize("how", ["reversed", "rotated", "shuffled"])
def test_check_findings_do_not_depend_on_the_order_of_the_documents(in_name_order, how):
    order = {"reversed": DOCUMENTS[::-1], "rotated": DOCUMENTS[3:] + DOCUMENTS[:3],
             "shuffled": random.Random(8).sample(DOCUMENTS, len(DOCUMENTS))}[how]
    got = _collect(order)
    assert got == in_name_order, {"missing": sorted(in_name_order - got)[:3], "new": sorted(got - in_name_order)[:3]}


# ----------------------------------------------------------------------------- many orders
@pytest.fixture(scope="module")
def built(monkeypatch_module):
    """Rules, and each document's claims and undated anchor, built once (as collect does)."""
    rules = load_rules([str(RULES)])
    builder = ClaimBuilder(rules)
    per_doc = {}
    for path in DOCUMENTS:
        doc = load_path(path)
        made = builder.build(doc)
        anchor = made.latest_date if doc.published is None else None
        per_doc[path] = (made.claims, anchor)
    return rules, per_doc


def _check_in_order(rules, per_doc, order: list[str]) -> set[tuple]:
    claims, anchors = [], {}
    for path in order:
        doc_claims, anchor = per_doc[path]
        claims.extend(copy.deepcopy(doc_claims))
        if anchor:
            anchors[path] = anchor
    number_claims(claims)
    context = CheckContext(undated_anchor=anchors, reference_loader=make_reference_loader(None))
    findings = run_checks(claims, rules, context)
    return _normalized(findings, {c.id: c for c in claims})


@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(order=st.permutations(DOCUMENTS))
def test_checks_give_the_same_findings_in_any_order(built, order):
    rules, per_doc = built
    expected = _check_in_order(rules, per_doc, DOCUMENTS)
    got = _check_in_order(rules, per_doc, list(order))
    assert got == expected, {"missing": sorted(expected - got)[:3], "new": sorted(got - expected)[:3]}
