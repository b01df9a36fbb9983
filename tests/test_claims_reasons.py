"""``ClaimBuilder.build(..., reasons=False)``, used by check, claims and the ledger, makes the
same claims as the default build that ``factlint explain`` uses; it only writes no rejections."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.claims.builder import ClaimBuilder
from checker.document.loader import iter_documents
from checker.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def builder() -> ClaimBuilder:
    return ClaimBuilder(load_rules(sorted(str(p) for p in (ROOT / "rules").glob("*.rules"))))


def test_without_reasons_the_claims_are_the_same(builder):
    docs = list(iter_documents([str(ROOT / "fixtures")]))
    assert len(docs) >= 5
    made = 0
    for doc in docs:
        full = builder.build(doc)
        lean = builder.build(doc, reasons=False)
        assert lean.claims == full.claims, doc.path
        assert lean.latest_date == full.latest_date
        assert lean.rejections == []
        made += len(full.claims)
        # the default build explains every number that made no claim
        assert len(full.rejections) + len(full.claims) == len(full.mentions), doc.path
    assert made > 20
