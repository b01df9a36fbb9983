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


# -- the lean build reads quantities only where a cue occurs (``_scan_for_claims``) ------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from checker.document.loader import load_text  # noqa: E402
from checker.extract.scanner import SentenceScan, scan_document  # noqa: E402

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def _sentences_by_language() -> dict[str, list[str]]:
    """Every sentence of the fixtures, by language: real text with cues, dates and figures."""
    pool: dict[str, list[str]] = {}
    for doc in iter_documents([str(ROOT / "fixtures")]):
        pool.setdefault(doc.lang, []).extend(doc.text[s:e] for s, e in doc.sentences)
    return pool


POOL = _sentences_by_language()
#: what joins two sentences: the ordinary, and the damaged (no space, a bare line break)
GLUE = [" ", "\n", "\n\n", "", ". ", " - "]


@st.composite
def shuffled_documents(draw):
    lang = draw(st.sampled_from(sorted(POOL)))
    parts = draw(st.lists(st.tuples(st.sampled_from(POOL[lang]), st.sampled_from(GLUE)), min_size=1, max_size=8))
    published = draw(st.sampled_from([None, "2025-06-24", "2019-03-01"]))
    body = "".join(sentence + glue for sentence, glue in parts)
    front = f"---\nlanguage: {lang}\n" + (f"published: {published}\n" if published else "") + "---\n"
    return load_text(front + body, path="shuffled.md", format="md")


@SETTINGS
@given(shuffled_documents())
def test_reading_only_cued_sentences_makes_the_claims_of_reading_all(builder, doc):
    lean = builder.build(doc, reasons=False)
    full = builder.build(doc, scan_document(doc), reasons=False)
    assert lean.claims == full.claims
    assert lean.latest_date == full.latest_date


@SETTINGS
@given(shuffled_documents(), st.data())
def test_a_sentence_scan_gives_what_the_whole_scan_gives_there(doc, data):
    whole = scan_document(doc)
    chosen = data.draw(st.sets(st.integers(0, max(len(doc.sentences) - 1, 0))))
    part = SentenceScan(doc).mentions(chosen)
    assert [(m.start, m.end, m.kind, m.value, m.unit, m.sentence) for m in part] == \
        [(m.start, m.end, m.kind, m.value, m.unit, m.sentence) for m in whole if m.sentence in chosen]


def test_the_latest_date_is_read_in_sentences_without_cues_too(builder):
    doc = load_text("---\nlanguage: en\npublished: 2026-05-01\n---\nGermany spends 2% of GDP on defence.\n\n"
                    "The weather was fine on 3 March 2026. Some 2040 people came in 2019.", path="a.md", format="md")
    lean = builder.build(doc, reasons=False)
    assert [(c.subject, c.value) for c in lean.claims] == [("Germany", 2.0)]
    assert lean.latest_date == "2026-03-03" == builder.build(doc).latest_date
    # "Some 2040 people" is a count, not a year: the latest date is 2019, in a sentence
    # with no cue, whose quantities the lean build reads only to know that
    doc = load_text("---\nlanguage: en\npublished: 2026-05-01\n---\nGermany spends 2% of GDP on defence.\n\n"
                    "Some 2040 people came in 2019.", path="a.md", format="md")
    assert builder.build(doc, reasons=False).latest_date == "2019" == builder.build(doc).latest_date


def test_a_figure_that_opens_a_sentence_is_read(builder):
    doc = load_text("---\nlanguage: en\npublished: 2026-05-01\n---\nIt rained.\n3% of GDP is what Poland spends on "
                    "defence. It rained again.", path="a.md", format="md")
    assert [(c.subject, c.value) for c in builder.build(doc, reasons=False).claims] == [("Poland", 3.0)]


@pytest.mark.parametrize("shape", ["every other sentence cued", "dates a count takes over, in sentences not cued"])
def test_reading_only_cued_sentences_stays_linear(builder, shape):
    from tests.hostile.run import assert_linear

    if shape == "every other sentence cued":  # many spans to read, numbers between them
        unit = "Germany spends 2% of GDP on defence. The match ended 3-1 on 4 May 2019 before 40,000 fans. "
    else:  # every year-like count is a date the latest-date search must turn down
        unit = "Germany spends 2% of GDP on defence. " + "Some 2040 people came. " * 20

    def work(n: int) -> None:
        doc = load_text("---\nlanguage: en\npublished: 2020-01-01\n---\n" + unit * (n // len(unit)), path="a.md", format="md")
        assert builder.build(doc, reasons=False).claims

    assert_linear(work, 200_000, f"claims, {shape}", factor=4)
