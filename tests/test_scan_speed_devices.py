"""The quantity scanner's speed devices change nothing a user sees.

``patterns.skip_ahead`` finds where matches start by consuming a first-character class and
matching the real pattern inside a lookbehind; ``patterns.leftmost_spans`` keeps the matches
that ``re.finditer`` would give. The telephone patterns and the spelled-out-number trigger are
built that way; here they are checked against plain ``finditer`` over the same sources.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.extract.lexicon import lexicon
from checker.extract.patterns import leftmost_spans, skip_ahead, spelled_case
from checker.extract.quantities import scanner_for
from checker.extract.timex_patterns import first_characters

LANGS = ("en", "fr", "de", "es")

SOURCES = [
    r"(?<![\w+])\+\d{1,3}(?:[\s.\-]?\(?\d{1,4}\)?){2,}(?!\d)",
    r"\b(?:one|on|ten|twelve|two)",
    r"(?<![\d.,])\d{3}[.-]\d{3}[.-]\d{4}(?!\d)|\(\d{3}\)[\s.-]?\d{3}[\s.-]\d{4}",
    r"ab|b+a|aab",
]

# text made of the characters the sources care about, so that matches are frequent
SNIPPET = st.text(alphabet="0123456789 +-.()abnotewlv,\u00a0", max_size=80)


@settings(max_examples=300, deadline=None)
@given(text=SNIPPET, which=st.integers(min_value=0, max_value=len(SOURCES) - 1))
def test_skip_ahead_finds_what_finditer_finds(text, which):
    source = SOURCES[which]
    klass = first_characters(source)[2]
    assert klass is not None
    got = leftmost_spans(skip_ahead(source, klass), text)
    assert got == [m.span() for m in re.finditer(source, text)]


PHONES = (
    "Call +44 20 7946 0958 or (555) 123-4567, or 555-123-4567 today; 020 7946 0958 and "
    "01 23 45 67 89, 0170 1234567 and 612 34 56 78. Not 2,500 or 3.5 or 2024-2025."
)


def test_telephone_spans_are_those_of_the_language_patterns():
    for lang in LANGS:
        rx = lexicon(lang).phone_re
        source = rx.pattern.split("(?<=(?=(", 1)[1].rsplit("))[\\s\\S])", 1)[0]
        want = [m.span() for m in re.finditer(source, PHONES)]
        assert want, lang
        assert leftmost_spans(rx, PHONES) == want


def test_number_words_are_still_found_after_the_trigger_change():
    spans = [(m.text, m.value) for m in scanner_for("en").scan("Twelve ministers and one hundred troops; someone often attends.")]
    assert ("Twelve ministers", 12.0) in spans
    assert ("one hundred troops", 100.0) in spans
    assert not any("one" == t.lower() for t, _ in spans)


def _look_ups(lang: str):
    scanner = scanner_for(lang)
    lex = scanner.lex
    right = (lex.clock_re, lex.scale_re, scanner.spaced_scale_re, lex.points_re, lex.basis_re, lex.percent_re,
             lex.currency_suffix_re, lex.currency_name_re, lex.times_re, lex.qual_after_re)
    left = (lex.left_currency_re, lex.left_qual_re, lex.left_change_re, lex.left_open_re, lex.left_link_re)
    return scanner, right, left


def _words(lang: str) -> list[str]:
    lex = lexicon(lang)
    words = [*lex.scales, *lex.qual_after, *lex.qual_before, *lex.change, *lex.currency_names,
             *lex.currency_suffixes, *lex.currency_prefixes, "%", "-odd", "per cent", "pour cent", "GMT", "times"]
    return sorted(set(words))


@settings(max_examples=200, deadline=None)
@given(data=st.data(), lang=st.sampled_from(LANGS))
def test_the_look_up_gates_match_wherever_a_look_up_does(data, lang):
    """``quantities.look_up_gate``: where any look-up after (or, on the reversed text, before) a
    number matches, the gate matches too, so skipping them all where it fails loses nothing."""
    scanner, right, left = _look_ups(lang)
    pieces = data.draw(st.lists(st.one_of(st.sampled_from(_words(lang)), st.sampled_from([" ", "\u00a0", ",", "-", " 5", "x"]),
                                          st.text(alphabet="ab -,.%$€", max_size=4)), max_size=8))
    text = "".join(pieces)
    rev = text[::-1]
    for p in range(len(text) + 1):
        if any(rx.match(text, p) for rx in right):
            assert scanner.right_any_re.match(text, p), (text, p)
        if any(rx.match(rev, p, p + 80) for rx in left):
            assert scanner.left_any_re.match(rev, p, p + 80), (rev, p)


def test_the_look_up_gates_are_quiet_after_ordinary_words():
    scanner, _right, _left = _look_ups("en")
    text = "27 000 soldiers and 5 more than 3 percent"
    assert scanner.right_any_re.match(text, 2) is None          # " 000 soldiers"
    assert scanner.right_any_re.match(text, len("27 000 soldiers and 5")) is None   # " more than 3": a left look-up
    assert scanner.right_any_re.match(text, len("27 000 soldiers and 5 more than 3")) is not None   # " percent"
    rev = text[::-1]
    assert scanner.left_any_re.match(rev, len(text) - text.index("3 percent")) is not None   # "more than "


# -- patterns.spelled_case: case-blind regexes spelled out ----------------------------------------

CASE_SOURCES = [
    (r"[\s\u00a0]*((?:b(?:illion(?:s)?|ln|n)|hundred|k|straße))(?![^\W\d_])\.?", re.IGNORECASE),
    (r"(?P<a>\d+)|(?P<w>(?i:\b(?:e(?:ach|very)|per|/|ſ[ab]|[^\W\d_]x|[^kx]y)))\b", 0),
    (r"x(?i:y(?-i:Z)k)[\-–]?(?i:İı\ ş)\{1\}(?:é|É){1,2}", 0),
]
CASE_TEXT = st.text(alphabet="bBiIİılLoOnNsSſhHuUdDrReEkKKxXyYzZtTaAßẞcCvVpPé É/\u00a0-–{}1ş.", max_size=30)


@settings(max_examples=300, deadline=None)
@given(text=CASE_TEXT, which=st.integers(min_value=0, max_value=len(CASE_SOURCES) - 1))
def test_spelled_case_matches_what_the_case_blind_regex_matches(text, which):
    source, flags = CASE_SOURCES[which]
    spelled, spelled_flags = spelled_case(source, flags)
    assert not spelled_flags & re.IGNORECASE and "(?i" not in spelled
    blind, plain = re.compile(source, flags), re.compile(spelled, spelled_flags)
    for p in range(len(text) + 1):
        a, b = blind.match(text, p), plain.match(text, p)
        assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups())), (text, p)


def test_spelled_case_keeps_what_it_cannot_spell_exactly():
    for source in (r"[a-z]+", r"(a)\1", r"(?i)ab", r"[\wé]"):
        assert spelled_case(source, re.IGNORECASE) == (source, re.IGNORECASE)
    assert spelled_case("abc", 0) == ("abc", 0)


def test_the_quantity_regexes_are_all_spelled_out():
    for lang in LANGS:
        scanner = scanner_for(lang)
        regexes = [scanner.core_re, scanner.units.regex, scanner.fwd_qual_re, scanner.article_before_re,
                   *(v for v in vars(scanner.lex).values() if isinstance(v, re.Pattern))]
        for rx in regexes:
            assert not rx.flags & re.IGNORECASE and "(?i" not in rx.pattern, (lang, rx.pattern[:80])
