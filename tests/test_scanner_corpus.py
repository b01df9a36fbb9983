"""The scanner's example corpus: every case in tests/corpus/scanner/<lang>.yaml is one test.

Each case is a sentence as a news article would write it, the mentions the scanner must find in
it (with the fields that matter: kind, value, unit, currency, counted noun, qualifier, ...), and
optionally substrings that must not be read as quantities (years, model names, phone numbers).
The corpus is the scanner's specification by example, in the manner of Duckling's per-language
corpora: adding a behaviour is adding a case, and a fixed bug keeps the case that showed it.

Case format::

    - text: "Poland already spends over 4% of GDP on defence."
      published: "2025-06-24"          # optional: anchors relative dates
      mentions:                        # each must be found; extra mentions are allowed
        - {text: "over 4% of GDP", kind: percent_of_gdp, value: 4, qualifier: ">"}
      none: ["2035"]                   # optional: no quantity mention may overlap these

``value`` is a number, a ``[low, high]`` pair for a range, or a string for time mentions
("2025-06-24", "P3W"). Numbers compare with a relative tolerance of 1e-9.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_right
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from checker.extract.mention import KINDS, QUALIFIERS, QUANTITY_KINDS, Mention
from checker.document.sentences import split_sentences
from checker.extract.scanner import scan_text
from checker.lang import SUPPORTED

CORPUS = Path(__file__).resolve().parent / "corpus" / "scanner"
CASE_KEYS = {"text", "published", "mentions", "none", "note"}
MENTION_KEYS = {"text", "kind", "value", "unit", "currency", "counted", "qualifier", "granularity", "time_role", "amount"}
#: smallest corpus per language: the corpus may grow, never silently shrink
MIN_CASES = {"en": 40, "fr": 30, "de": 15, "es": 15}
REL_TOL = 1e-9


def _load(path: Path) -> list[dict]:
    data = yaml.safe_load(path.read_text("utf-8"))
    if not isinstance(data, list):
        raise ValueError(f"{path}: the corpus must be a YAML list of cases")
    return data


def _slug(text: str, width: int = 48) -> str:
    """A readable ASCII test id from a sentence (pytest would escape accents as \\xe9)."""
    words = unicodedata.normalize("NFKD", re.sub(r"\s+", " ", text).strip())
    words = words.replace("€", "EUR").replace("£", "GBP").replace("¥", "JPY").replace("°", "deg")
    words = re.sub(r"[^A-Za-z0-9%$.,' -]", "", words.encode("ascii", "ignore").decode())
    return (words[:width].rstrip() + ("..." if len(words) > width else "")).replace(" ", "_")


def _cases() -> list:
    params = []
    for path in sorted(CORPUS.glob("*.yaml")):
        lang = path.stem
        for i, case in enumerate(_load(path), 1):
            params.append(pytest.param(lang, case, id=f"{lang}-{i:03d}-{_slug(str(case.get('text', '')))}"))
    return params


CASES = _cases()


# ---------------------------------------------------------------------------- corpus hygiene
def test_every_language_has_a_corpus():
    """A language the checker supports without examples is a language nobody tested."""
    present = {p.stem for p in CORPUS.glob("*.yaml")}
    assert set(SUPPORTED) <= present, f"missing corpus files: {sorted(set(SUPPORTED) - present)}"


@pytest.mark.parametrize("lang", sorted(MIN_CASES))
def test_corpus_size(lang):
    cases = _load(CORPUS / f"{lang}.yaml")
    assert len(cases) >= MIN_CASES[lang], f"{lang}.yaml has {len(cases)} cases, expected at least {MIN_CASES[lang]}"


@pytest.mark.parametrize("lang,case", CASES)
def test_case_is_well_formed(lang, case):
    """Typos in the corpus ("qualifer:", a kind that does not exist) must fail loudly, not pass."""
    assert isinstance(case, dict) and isinstance(case.get("text"), str) and case["text"], case
    assert set(case) <= CASE_KEYS, f"unknown keys {set(case) - CASE_KEYS}"
    assert case.get("mentions") or case.get("none"), "a case must expect mentions or list non-quantities"
    for exp in case.get("mentions") or []:
        assert set(exp) <= MENTION_KEYS, f"unknown keys {set(exp) - MENTION_KEYS} in {exp}"
        assert exp.get("text") and exp["text"] in case["text"], f"{exp.get('text')!r} is not in the case text"
        assert exp.get("kind", "number") in KINDS, exp
        assert exp.get("qualifier", "=") in QUALIFIERS, exp
        if exp.get("kind") in QUANTITY_KINDS and "value" in exp:
            # YAML reads "3.5e10" as a string: write 35000000000 or 3.5e+10
            values = exp["value"] if isinstance(exp["value"], list) else [exp["value"]]
            assert all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values), exp
    for bad in case.get("none") or []:
        assert bad in case["text"], f"none entry {bad!r} is not in the case text"


# ---------------------------------------------------------------------------- the corpus itself
@pytest.mark.parametrize("lang,case", CASES)
def test_scanner_case(lang, case):
    text = case["text"]
    # with the text's sentences, as ``factlint scan`` reads it (a unit shared within a sentence)
    starts = [start for start, _end in split_sentences(text, lang)]
    mentions = scan_text(text, lang, _published(case.get("published")),
                         sentence_of=lambda offset: max(0, bisect_right(starts, offset) - 1))
    listing = _listing(mentions)

    for m in mentions:
        assert text[m.start:m.end] == m.text, f"offsets of {m.text!r} slice to {text[m.start:m.end]!r}"

    for exp in case.get("mentions") or []:
        same_text = [m for m in mentions if m.text == exp["text"]]
        assert same_text, f"no mention {exp['text']!r}; found:\n{listing}"
        problems = [_mismatch(m, exp) for m in same_text]
        assert any(p is None for p in problems), (
            f"mention {exp['text']!r} found with other fields: {'; '.join(p for p in problems if p)}\nfound:\n{listing}"
        )

    for bad in case.get("none") or []:
        for at in _occurrences(text, bad):
            hits = [m for m in mentions if m.kind in QUANTITY_KINDS and m.start < at + len(bad) and at < m.end]
            assert not hits, f"{bad!r} is not a quantity, but was read as {[(m.text, m.kind) for m in hits]}"


# ---------------------------------------------------------------------------- helpers
def _published(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _occurrences(text: str, sub: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(sub), text)]


def _mismatch(m: Mention, exp: dict) -> str | None:
    """Why ``m`` does not match the expected fields, or None when it does."""
    for key, want in exp.items():
        if key == "text":
            continue
        got = getattr(m, key)
        if key == "value":
            if not _value_equal(got, want):
                return f"value {got!r} != {want!r}"
        elif key == "amount":
            if got is None or not math.isclose(got, float(want), rel_tol=REL_TOL):
                return f"amount {got!r} != {want!r}"
        elif got != want:
            return f"{key} {got!r} != {want!r}"
    return None


def _value_equal(got: Any, want: Any) -> bool:
    if isinstance(want, date):
        want = want.isoformat()
    if isinstance(want, str):
        return got == want
    if isinstance(want, (list, tuple)):
        if not isinstance(got, tuple) or len(got) != len(want):
            return False
        return all(_value_equal(g, w) for g, w in zip(got, want))
    if isinstance(got, bool) or not isinstance(got, (int, float)):
        return False
    return math.isclose(float(got), float(want), rel_tol=REL_TOL, abs_tol=0.0 if want else 1e-12)


def _listing(mentions: list[Mention]) -> str:
    rows = []
    for m in mentions:
        fields = {k: getattr(m, k) for k in ("kind", "value", "unit", "currency", "counted", "qualifier", "time_role")}
        shown = ", ".join(f"{k}={v!r}" for k, v in fields.items() if v not in (None, "dimensionless"))
        rows.append(f"  {m.text!r}: {shown}")
    return "\n".join(rows) or "  (nothing)"
