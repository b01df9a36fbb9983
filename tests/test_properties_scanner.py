"""Properties of the scanner and the number reader on hostile text (hypothesis).

tests/test_scanner_properties.py covers ordinary text; here the alphabet is what hostile or
damaged articles hold: digits of every Unicode script, zero-width and bidi controls, separators
of every language, long digit runs, control characters and lone surrogate-free oddities.

(a) ``scan_text`` never raises; every mention slices back to its text, mentions are sorted and
    never overlap, and no value is NaN (infinity from numbers past float range is a known
    scanner bug, tests/test_hostile_extract_xfail.py);
(b) ``parse_digits`` reads back every number ``format_number`` writes, with every group and
    decimal separator a language accepts, and digits of any script read like ASCII ones;
(c) ``parse_digits`` never raises, never reads more than it was given, and reads a prefix.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.extract.mention import KINDS, QUALIFIERS
from checker.extract.numbers import format_number, number_format, parse_digits
from checker.extract.scanner import scan_text
from tests.hostile.corpus import digit_scripts

LANGS = ("en", "fr", "de", "es")
SETTINGS = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])
ZEROS = digit_scripts()
FORMAT_CHARS = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff\u00ad"
SEPARATORS = " ,.'’\u00a0\u202f\u2009-–/:"

#: pieces of hostile text: numbers in any script, glued by separators and invisible characters
digit = st.builds(lambda zero, d: chr(zero + d), st.sampled_from(ZEROS), st.integers(0, 9))
piece = st.one_of(
    st.text(alphabet=st.sampled_from(list("0123456789")), min_size=1, max_size=40),
    st.lists(digit, min_size=1, max_size=6).map("".join),
    st.sampled_from(list(FORMAT_CHARS)),
    st.sampled_from(list(SEPARATORS)),
    st.sampled_from(["%", " % ", "$", "€", " euros", " soldiers", " of GDP", " du PIB", " Prozent", " millones",
                     " billion", " Mrd.", "10^400", "1e400", "½", " by 2035", " in June 2025", "\n", "\r", "\t",
                     "\x00", "\x1b[2J", "\ufffd", "NATO ", "more than ", "between ", " and ", "~"]),
    st.text(max_size=5),
)
hostile_text = st.lists(piece, max_size=30).map("".join)


@pytest.mark.parametrize("lang", LANGS)
def test_scanner_is_total_and_consistent_on_hostile_text(lang):
    @SETTINGS
    @given(hostile_text)
    def check(text):
        previous_end = 0
        for m in scan_text(text, lang):
            assert 0 <= m.start < m.end <= len(text), (m.start, m.end, len(text))
            assert text[m.start:m.end] == m.text
            assert m.start >= previous_end, f"{m.text!r} overlaps the mention before it"
            assert m.kind in KINDS and m.qualifier in QUALIFIERS
            values = m.value if isinstance(m.value, tuple) else (m.value,)
            assert not any(isinstance(v, float) and math.isnan(v) for v in values), m
            previous_end = m.end

    check()


def test_a_long_digit_run_is_one_mention_that_slices_back():
    text = "The figure was " + "7" * 20_000 + " soldiers."
    mentions = scan_text(text, "en")
    assert [text[m.start:m.end] == m.text for m in mentions] == [True] * len(mentions)
    assert sum(m.end - m.start for m in mentions) <= len(text)


# ------------------------------------------------------------------------------ (b) locales
@st.composite
def locale_numbers(draw, lang: str):
    """(value, text): a number written with one of the group and decimal separators of ``lang``."""
    fmt = number_format(lang)
    groups = [g for g in fmt.group_order if g not in fmt.decimal and fmt.digits_re.fullmatch(f"1{g}234")]
    group = draw(st.sampled_from(groups))
    decimal = draw(st.sampled_from(sorted(fmt.decimal)))
    decimals = draw(st.integers(0, 3))
    units = draw(st.integers(1000 * 10**decimals, 10**13 * 10**decimals))
    value = units / 10**decimals
    text = format_number(value, lang, decimals)
    preferred_group = next(g for g in fmt.group_order if g not in fmt.decimal)
    preferred_decimal = sorted(fmt.decimal)[0]
    text = text.replace(preferred_decimal, "\0").replace(preferred_group, group).replace("\0", decimal)
    return value, text


@pytest.mark.parametrize("lang", LANGS)
def test_every_locale_format_reads_back(lang):
    @SETTINGS
    @given(locale_numbers(lang), st.sampled_from(ZEROS))
    def check(sample, zero):
        value, text = sample
        for written in (text, "".join(chr(zero + int(c)) if c.isdigit() else c for c in text)):
            got = parse_digits(written, lang)
            assert got is not None, written
            assert got[1] == len(written), f"{written!r}: only {got[1]} characters read"
            assert math.isclose(got[0], value, rel_tol=1e-12), f"{written!r} read as {got[0]}, not {value}"

    check()


@pytest.mark.parametrize("lang", LANGS)
def test_format_number_round_trips_through_parse_digits(lang):
    @SETTINGS
    @given(st.integers(0, 10**15), st.integers(0, 4))
    def check(units, decimals):
        value = units / 10**decimals
        text = format_number(value, lang, decimals)
        got = parse_digits(text, lang)
        assert got is not None and got[1] == len(text) and math.isclose(got[0], value, rel_tol=1e-12), (text, got)

    check()


# ------------------------------------------------------------------------------ (c) any digits
digits_and_marks = st.text(alphabet=st.sampled_from(list("0123456789,.'’ \u00a0\u202f\u2009٣٤۵५")), min_size=1, max_size=60)


@pytest.mark.parametrize("lang", LANGS)
def test_parse_digits_is_total_and_reads_a_prefix(lang):
    """On every digit string the scanner hands it (a match of the language's digit pattern).

    Outside that domain ``parse_digits("0\u00a0", lang)`` raises IndexError: see
    tests/test_hostile_extract_xfail.py.
    """
    fmt = number_format(lang)

    @SETTINGS
    @given(digits_and_marks)
    def check(text):
        for m in fmt.digits_re.finditer(text):
            raw = m.group()
            got = parse_digits(raw, lang)
            if got is None:
                continue
            value, used = got
            assert 0 < used <= len(raw), (raw, got)
            assert raw[:used].strip() == raw[:used] and raw[used - 1].isdigit(), (raw, got)
            assert value >= 0 and not math.isnan(value), (raw, got)

    check()
