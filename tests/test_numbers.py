"""Reading and writing numbers as each language does (checker.extract.numbers).

``parse_digits`` turns a digit string written in a language's style into (value, characters
used); ``parse_words`` reads spelled-out numbers; ``format_number`` writes a value back in the
language's preferred style. Users notice these as "1 234,5 was read as 1234.5" in every report.
"""

from __future__ import annotations

import math

import pytest

from checker.extract.numbers import format_number, number_format, parse_digits, parse_words

NBSP = "\u00a0"
NNBSP = "\u202f"


# ---------------------------------------------------------------------------- parse_digits
@pytest.mark.parametrize(
    "raw,lang,value",
    [
        # English: comma groups, period decimals; no-break spaces and apostrophes group too
        ("1,234.5", "en", 1234.5),
        ("1,234", "en", 1234),
        ("1,234,567", "en", 1234567),
        ("1,234,567,890,123", "en", 1234567890123),
        ("12345", "en", 12345),
        ("0.25", "en", 0.25),
        (".5", "en", 0.5),
        (f"1{NBSP}234{NBSP}567", "en", 1234567),
        (f"12{NNBSP}345.5", "en", 12345.5),
        ("1'250'000", "en", 1250000),
        ("1’250", "en", 1250),
        # French: comma decimals; narrow no-break, no-break and plain spaces, periods group
        ("1 234,5", "fr", 1234.5),
        (f"1{NNBSP}234,5", "fr", 1234.5),
        (f"1{NBSP}234{NBSP}567", "fr", 1234567),
        ("1.234.567", "fr", 1234567),
        ("1.500", "fr", 1500),
        ("1,234", "fr", 1.234),
        ("0,5", "fr", 0.5),
        ("1'500", "fr", 1500),
        # German and Spanish: period groups, comma decimals
        ("1.234,5", "de", 1234.5),
        ("1.234.567", "de", 1234567),
        ("1,23", "de", 1.23),
        ("1’234", "de", 1234),
        (f"1{NNBSP}234,5", "de", 1234.5),
        ("10.000", "es", 10000),
        ("1.000.000,25", "es", 1000000.25),
        ("0,5", "es", 0.5),
    ],
)
def test_parse_digits_reads_each_locale(raw, lang, value):
    got = parse_digits(raw, lang)
    assert got is not None
    assert math.isclose(got[0], value, rel_tol=1e-12)
    assert got[1] == len(raw), "the whole string is one number"


@pytest.mark.parametrize(
    "raw,lang,value,used",
    [
        ("1,2,3", "en", 1, 1),            # a list, not a number: stop at the first comma
        ("1,234,56", "en", 1234, 5),      # a broken group ends the number
        ("1.000,000", "de", 1000.0, 9),   # both marks: the last one is the decimal mark
        ("1,000.000", "en", 1000.0, 9),
    ],
)
def test_parse_digits_stops_where_the_number_stops(raw, lang, value, used):
    assert parse_digits(raw, lang) == (value, used)


@pytest.mark.parametrize("raw", ["", "abc", ",5"])
def test_parse_digits_rejects_what_is_no_number(raw):
    assert parse_digits(raw, "en") is None


def test_the_same_digits_differ_by_language():
    """ "1,234" is a thousand and more in English, a bit more than one in French."""
    assert parse_digits("1,234", "en")[0] == 1234
    assert parse_digits("1,234", "fr")[0] == pytest.approx(1.234)
    assert parse_digits("1.234", "en")[0] == pytest.approx(1.234)
    assert parse_digits("1.234", "de")[0] == 1234


# ---------------------------------------------------------------------------- parse_words
@pytest.mark.parametrize(
    "text,lang,value",
    [
        ("three", "en", 3),
        ("Three", "en", 3),
        ("twenty-seven", "en", 27),
        ("fifty five", "en", 55),
        ("one hundred and five", "en", 105),
        ("four hundred million", "en", 400_000_000),
        ("two thousand five hundred", "en", 2500),
        ("a dozen", "en", 12),
        ("half a dozen", "en", 6),
        ("a million", "en", 1_000_000),
        ("trois", "fr", 3),
        ("vingt-sept", "fr", 27),
        ("vingt et un", "fr", 21),
        ("dix-neuf", "fr", 19),
        ("soixante-dix-sept", "fr", 77),
        ("quatre-vingt-dix", "fr", 90),
        ("deux cents", "fr", 200),
        ("trois mille", "fr", 3000),
        ("cinq millions", "fr", 5_000_000),
        ("une douzaine", "fr", 12),
        ("drei", "de", 3),
        ("zwanzig", "de", 20),
        ("ein Dutzend", "de", 12),
        ("tres", "es", 3),
        ("veinte", "es", 20),
        ("doscientos", "es", 200),
        ("una docena", "es", 12),
    ],
)
def test_parse_words(text, lang, value):
    assert parse_words(text, lang) == value


@pytest.mark.parametrize("text,lang", [("banana", "en"), ("", "en"), ("the", "en"), ("maison", "fr")])
def test_parse_words_rejects_other_words(text, lang):
    assert parse_words(text, lang) is None


# ---------------------------------------------------------------------------- format_number
@pytest.mark.parametrize(
    "value,lang,decimals,text",
    [
        (1234.5, "en", None, "1,234.5"),
        (1234.5, "fr", None, f"1{NNBSP}234,5"),
        (1234.5, "de", None, "1.234,5"),
        (1234.5, "es", None, "1.234,5"),
        (1e12, "en", None, "1,000,000,000,000"),
        (1234567, "fr", 2, f"1{NNBSP}234{NNBSP}567,00"),
        (3, "de", 2, "3,00"),
        (0.1, "en", None, "0.1"),
        (-5.5, "en", None, "-5.5"),
        (42, "fr", None, "42"),
    ],
)
def test_format_number(value, lang, decimals, text):
    assert format_number(value, lang, decimals) == text


@pytest.mark.parametrize("lang", ["en", "fr", "de", "es"])
@pytest.mark.parametrize("value", [0, 7, 999, 1000, 12345.678, 1_000_000.5, 987_654_321_012])
def test_format_then_parse_round_trips(lang, value):
    written = format_number(value, lang)
    got = parse_digits(written, lang)
    assert got is not None and got[1] == len(written), written
    assert math.isclose(got[0], value, rel_tol=1e-12), written


def test_number_format_comes_from_the_language_file():
    """Separators are data, not code: French decimals are commas, English ones periods."""
    assert "," in number_format("fr").decimal and "." in number_format("en").decimal
    assert NNBSP in number_format("fr").groups


def test_format_number_small_decimals_regression():
    """Regression: format_number(1e-05) raised IndexError (repr gives exponent notation)."""
    from checker.extract.numbers import format_number, parse_digits

    assert format_number(1e-05, "en") == "0.00001"
    assert parse_digits(format_number(1e-05, "en"), "en")[0] == 1e-05


def test_german_compound_number_words():
    from checker.extract.numbers import parse_words

    assert parse_words("siebenundzwanzig", "de") == 27
    assert parse_words("zweihundertdreißig", "de") == 230
    assert parse_words("dreitausend", "de") == 3000
