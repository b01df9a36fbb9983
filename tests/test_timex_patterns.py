"""The time scanner's speed devices change nothing a user sees.

The scanner is compiled without ``re.IGNORECASE`` (case spelled out), with optional groups
written as alternations, with alternatives split and guarded by what they may start with, and
its readings are kept per matched text. Each device is checked here against what it replaces:
the same characters matched, the same matches found, the same mentions returned.
"""

from __future__ import annotations

import array
import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.extract import timex_patterns as tp
from checker.extract.timex import clear_caches, find_time_expressions
from checker.extract.timex_lexicon import lexicon

LANGS = ("en", "fr", "de", "es")
CORPUS = Path(__file__).parent / "corpus" / "scanner"
PUBLISHED = dt.date(2025, 6, 24)


def corpus_texts(lang: str) -> list[str]:
    return [case["text"] for case in yaml.safe_load((CORPUS / f"{lang}.yaml").read_text("utf-8"))]


def test_spelled_out_case_matches_what_ignorecase_matched():
    """Every letter of the four languages' time words, in every case the engine knows."""
    letters = sorted(set().union(*(tp._letters(lexicon(lang)) for lang in LANGS)))
    everything = array.array("I", range(0x110000)).tobytes().decode("utf-32-le", "surrogatepass")
    for letter in (c for c in letters if c.isalpha()):
        ignorecase = set(re.findall(re.escape(letter), everything, re.IGNORECASE))
        spelled = set(re.findall(tp.caseless(letter), everything))
        assert spelled == ignorecase, letter


OPTIONAL_PATTERNS = [
    r"a(?:b)?c",
    r"(?P<x>a|ab)??b",
    r"((a)?b)?c",
    r"(?:x(?:y)?)?(?P<z>z|zy)?",
    r"[(?)](a)?\)?",
    r"(?:a|(b))??(?(1)c|d)",
]


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="abcdxyz()?", max_size=8), which=st.integers(0, len(OPTIONAL_PATTERNS) - 1))
def test_optional_groups_as_alternations_match_the_same(text, which):
    before = re.compile(OPTIONAL_PATTERNS[which])
    after = re.compile(tp.optional_as_branch(OPTIONAL_PATTERNS[which]))
    for pos in range(len(text) + 1):
        m, n = before.match(text, pos), after.match(text, pos)
        assert (m is None) == (n is None), (text, pos)
        if m:
            assert m.span() == n.span() and m.groupdict() == n.groupdict(), (text, pos)


@pytest.mark.parametrize("lang", LANGS)
def test_first_characters_never_leave_out_a_real_start(lang):
    """A form that matches at a position starts with a character its guard lets through."""
    builder = tp.Builder(lexicon(lang), named=False)
    forms = {name: re.compile(tp.optional_as_branch(build(builder))) for name, build in tp.FORMS.items()}
    starts = {name: tp.first_characters(build(builder)) for name, build in tp.FORMS.items()}
    texts = corpus_texts(lang)
    checked = 0
    for text in texts:
        for pos in (m.start() for m in re.finditer(r"(?<!\w)\S", text)):
            for name, rx in forms.items():
                if not rx.match(text, pos):
                    continue
                digit, other, klass = starts[name]
                ch = text[pos]
                assert (digit if ch.isdigit() else other), (name, text[pos:pos + 20])
                assert klass is None or re.match(klass, ch), (name, klass, text[pos:pos + 20])
                checked += 1
    assert checked > 50


@pytest.mark.parametrize("lang", LANGS)
def test_cached_readings_are_the_readings(lang):
    """The same text read cold, warm, and shifted by a prefix gives the same mentions."""
    text = "\n".join(corpus_texts(lang))
    clear_caches()
    cold = find_time_expressions(text, lang, PUBLISHED)
    warm = find_time_expressions(text, lang, PUBLISHED)
    assert warm == cold
    prefix = "x\n" * 7
    shifted = find_time_expressions(prefix + text, lang, PUBLISHED)
    assert len(shifted) == len(cold)
    for a, b in zip(cold, shifted):
        assert (b.start, b.end, b.text) == (a.start + len(prefix), a.end + len(prefix), a.text)
        ends = a.extra.get("ends")
        expected = {**a.extra, "ends": [(s + len(prefix), e + len(prefix)) for s, e in ends]} if ends else a.extra
        assert b.extra == expected
        assert (b.kind, b.value, b.granularity, b.time_role, b.qualifier) == (a.kind, a.value, a.granularity,
                                                                            a.time_role, a.qualifier)


def test_a_mention_changed_by_its_reader_does_not_change_the_next_one():
    first = find_time_expressions("Talks resumed in March 2024.", "en", PUBLISHED)
    first[0].extra["note"] = "edited"
    first[0].qualifier = "~"
    again = find_time_expressions("Talks resumed in March 2024.", "en", PUBLISHED)
    assert "note" not in again[0].extra and again[0].qualifier == "="


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lang=st.sampled_from(LANGS), words=st.lists(st.sampled_from(
    ["in", "since", "from", "to", "between", "and", "the", "2024", "2030", "March", "mars", "März", "marzo",
     "3", "5", "June", "juin", "last", "year", "ans", "Jahre", "años", "Q1", "'90s", "10:30", "p.m.", ",", "-"]),
    max_size=12))
def test_any_words_read_the_same_warm_or_cold(lang, words):
    text = " ".join(words)
    clear_caches()
    cold = find_time_expressions(text, lang, PUBLISHED)
    assert find_time_expressions(text, lang, PUBLISHED) == cold
    assert find_time_expressions("; " + text, lang, None) == find_time_expressions("; " + text, lang, None)


@pytest.mark.parametrize("lang", LANGS)
def test_number_test_of_the_gate_turns_away_no_time_expression(lang, monkeypatch):
    """The gate's test of what follows a number (``_number_start``) is only a shortcut: with
    a plain digit test instead, the scanner finds the same hits."""
    lex = lexicon(lang)
    narrow = tp.patterns(lang).scanner
    monkeypatch.setattr(tp, "_number_start", lambda _lex: r"\d")
    wide = re.compile(tp.optional_as_branch(tp._scanner_source(lex)))
    numbers = " ".join(f"{n} {w}" for n in ("3", "12", "2.5", "1,5", "2024", "10:30", "1990s", "3.")
                       for w in ("percent", "million", "and", "to", "et", "%", "-", "juin", "June", "years"))
    for text in [*corpus_texts(lang), numbers]:
        padded = tp.PAD + text
        for pattern in (narrow, wide):
            hits, pos = [], 0
            while (m := pattern.search(padded, pos)) is not None:
                hits.append((m.lastgroup, m.span(m.lastindex), m.groupdict()))
                pos = m.end(m.lastindex) - 1
            if pattern is narrow:
                expected = hits
        assert hits == expected, text
