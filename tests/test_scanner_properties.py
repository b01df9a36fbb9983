"""Property tests for the number reader and the scanner (hypothesis).

(a) any number written the way a language writes it reads back to the same value, alone
    (``parse_digits``) and inside a sentence (``scan_text``);
(b) on arbitrary text the scanner never raises, and its mentions slice back to their text, come
    in order and never overlap;
(c) money and percent phrases assembled from parts (qualifier + number + scale + unit) come back
    with the value, kind, currency and qualifier the parts add up to.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.extract.mention import KINDS, QUALIFIERS
from checker.extract.numbers import format_number, number_format, parse_digits
from checker.extract.scanner import scan_text

LANGS = ("en", "fr", "de", "es")
REL_TOL = 1e-9
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SMALL = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: a neutral sentence around a bare number, per language
NUMBER_SENTENCE = {
    "en": "The figure was {}.",
    "fr": "Le chiffre était de {}.",
    "de": "Die Zahl lag bei {}.",
    "es": "La cifra fue de {}.",
}


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=1e-12)


# ---------------------------------------------------------------------------- (a) round trips
@st.composite
def written_numbers(draw, lang: str):
    """(value, text): a number up to 10^12 with 0-4 decimals, in one of the language's styles."""
    decimals = draw(st.integers(0, 4))
    units = draw(st.integers(0, 10**12 * 10**decimals))
    value = units / 10**decimals
    text = format_number(value, lang, decimals)
    fmt = number_format(lang)
    preferred = next(g for g in fmt.group_order if g not in fmt.decimal)
    # any other group separator the language accepts: "1 234", "1 234", "1.234", "1'234"
    others = [g for g in fmt.group_order if g not in fmt.decimal and fmt.digits_re.fullmatch(f"1{g}234")]
    group = draw(st.sampled_from([preferred] + others))
    return value, text.replace(preferred, group)


@pytest.mark.parametrize("lang", LANGS)
def test_written_numbers_parse_back(lang):
    @SETTINGS
    @given(written_numbers(lang))
    def check(sample):
        value, text = sample
        got = parse_digits(text, lang)
        assert got is not None, text
        assert got[1] == len(text), f"{text!r}: only {got[1]} characters read"
        assert _close(got[0], value), f"{text!r} read as {got[0]}, expected {value}"

    check()


@pytest.mark.parametrize("lang", LANGS)
def test_written_numbers_scan_back(lang):
    @SETTINGS
    @given(written_numbers(lang))
    def check(sample):
        value, written = sample
        sentence = NUMBER_SENTENCE[lang].format(written)
        mentions = scan_text(sentence, lang)
        found = [m for m in mentions if m.text == written]
        assert found, f"{sentence!r}: no mention {written!r} in {[m.text for m in mentions]}"
        m = found[0]
        assert m.kind == "number", (sentence, m.kind)
        assert _close(m.value, value), f"{sentence!r}: {m.value} != {value}"

    check()


# ---------------------------------------------------------------------------- (b) any text
#: pieces that steer random text towards the scanner's trigger words
TOKENS = [
    "1", "12", "2035", "3.5", "4,5", "1,234", "1.234,5", "1 234", "1\u00a0234", "1\u202f234,5", "1'234",
    "%", "percent", "pour cent", "Prozent", "por ciento", "$", "€", "£", "¥", "US$", "C$", "EUR", "M€",
    "million", "bn", "m", "k", "milliards", "Mrd.", "Mio.", "millones", "of GDP", "du PIB", "des BIP",
    "del PIB", "more than", "over", "about", "up to", "plus de", "près de", "jusqu'à", "mehr als",
    "más de", "between", "and", "to", "entre", "et", "à", "-", "–", "rose", "fell", "down", "points",
    "three", "vingt-sept", "a dozen", "half", "a third", "un tiers", "tens of", "thousands", "of",
    "people", "policiers", "km", "tonnes", "mph", "square", "metres", "June", "juin", "24", "2025",
    "by", "d'ici", "Article", "F-35", "5G", "iPhone", "11", "10:30", "p.m.", "3rd", "(", ")", ".", ",",
    "\n", "\u00a0", "\u202f", "/", "per", "a", "day", "½", "¾",
]
any_text = st.one_of(
    st.text(),
    st.text(alphabet=st.sampled_from(list("0123456789 ,.'%$€£¥-–/\u00a0\u202fkmbnMdeGDPof\n"))),
    st.lists(st.sampled_from(TOKENS), max_size=25).map(" ".join),
    st.lists(st.sampled_from(TOKENS), max_size=25).map("".join),
)


@pytest.mark.parametrize("lang", LANGS)
def test_scanner_is_total_and_consistent(lang):
    @SETTINGS
    @given(any_text)
    def check(text):
        mentions = scan_text(text, lang)
        previous_end = -1
        for m in mentions:
            assert 0 <= m.start < m.end <= len(text), (m.start, m.end, len(text))
            assert text[m.start:m.end] == m.text, f"{m.text!r} != {text[m.start:m.end]!r}"
            assert m.start >= previous_end, f"{m.text!r} overlaps the mention before it"
            assert m.kind in KINDS and m.qualifier in QUALIFIERS, (m.kind, m.qualifier)
            assert m.lang == lang
            previous_end = m.end

    check()


# ---------------------------------------------------------------------------- (c) assembled phrases
@dataclass(frozen=True)
class Parts:
    """One language's building blocks for money and percent phrases."""

    template: str                                  # a sentence with one {} for the phrase
    qualifiers: dict[str, str]                     # written form (with its space) -> qualifier
    prefix_currencies: dict[str, str]              # "$" -> USD, written right before the digits
    suffix_currencies: dict[str, str]              # " euros" -> EUR, written after the number
    scales: dict[str, float]                       # " million" -> 1e6, between number and currency
    scaled_suffix_currencies: dict[str, str]       # what follows a scale word (" de dollars")
    glued_scales: dict[str, float]                 # "bn" -> 1e9, glued after prefixed amounts
    percents: tuple[str, ...]                      # " %", " percent"
    of_gdp: tuple[str, ...]                        # " of GDP"


PARTS = {
    "en": Parts(
        template="Officials said that {} was at stake.",
        qualifiers={"": "=", "more than ": ">", "over ": ">", "at least ": ">=", "about ": "~",
                    "nearly ": "~", "up to ": "<=", "less than ": "<"},
        prefix_currencies={"$": "USD", "€": "EUR", "£": "GBP", "C$": "CAD", "US$": "USD", "A$": "AUD"},
        suffix_currencies={" dollars": "USD", " euros": "EUR", " pounds": "GBP"},
        scales={" thousand": 1e3, " million": 1e6, " billion": 1e9, " trillion": 1e12},
        scaled_suffix_currencies={" dollars": "USD", " euros": "EUR", " pounds": "GBP"},
        glued_scales={"m": 1e6, "bn": 1e9, "k": 1e3},
        percents=("%", " percent", " per cent"),
        of_gdp=(" of GDP",),
    ),
    "fr": Parts(
        template="Selon le ministère, {} seraient nécessaires.",
        qualifiers={"": "=", "plus de ": ">", "au moins ": ">=", "environ ": "~", "près de ": "~",
                    "jusqu'à ": "<=", "moins de ": "<"},
        prefix_currencies={},
        suffix_currencies={" euros": "EUR", " dollars": "USD", " €": "EUR", " $": "USD"},
        scales={" millions": 1e6, " milliards": 1e9},
        # "millions d'euros" is left out: the scanner does not read the elided linker yet
        scaled_suffix_currencies={" de dollars": "USD", " de livres": "GBP", " €": "EUR"},
        glued_scales={},
        percents=(" %", " pour cent"),
        of_gdp=(" du PIB",),
    ),
    "de": Parts(
        template="Laut Bericht stehen {} auf dem Spiel.",
        qualifiers={"": "=", "mehr als ": ">", "mindestens ": ">=", "etwa ": "~", "rund ": "~",
                    "bis zu ": "<=", "weniger als ": "<"},
        prefix_currencies={},
        suffix_currencies={" Euro": "EUR", " Dollar": "USD", " €": "EUR"},
        scales={" Millionen": 1e6, " Milliarden": 1e9, " Mio.": 1e6, " Mrd.": 1e9},
        scaled_suffix_currencies={" Euro": "EUR", " Dollar": "USD"},
        glued_scales={},
        percents=(" %", " Prozent"),
        of_gdp=(" des BIP",),
    ),
    "es": Parts(
        template="Según el informe, {} están en juego.",
        qualifiers={"": "=", "más de ": ">", "al menos ": ">=", "alrededor de ": "~", "casi ": "~",
                    "hasta ": "<=", "menos de ": "<"},
        prefix_currencies={},
        suffix_currencies={" euros": "EUR", " dólares": "USD", " €": "EUR"},
        scales={" millones": 1e6, " mil millones": 1e9},
        scaled_suffix_currencies={" de euros": "EUR", " de dólares": "USD"},
        glued_scales={},
        percents=(" %", " por ciento"),
        of_gdp=(" del PIB",),
    ),
}


@st.composite
def amounts(draw, lang: str, low: int, high: int):
    """(value, text): a number in [low, high) with 0-2 decimals, written in ``lang``."""
    decimals = draw(st.integers(0, 2))
    value = draw(st.integers(low * 10**decimals, high * 10**decimals - 1)) / 10**decimals
    return value, format_number(value, lang, decimals)


@st.composite
def money_phrases(draw, lang: str):
    """(phrase, value, currency, qualifier)"""
    parts = PARTS[lang]
    qual_text, qualifier = draw(st.sampled_from(sorted(parts.qualifiers.items())))
    shapes = ["suffix", "scaled"] + (["prefix", "prefix_scaled"] if parts.prefix_currencies else [])
    shape = draw(st.sampled_from(shapes))
    if shape in ("suffix", "prefix"):
        value, number = draw(amounts(lang, 1, 10**9))
        scale_text, scale = "", 1.0
    else:
        value, number = draw(amounts(lang, 1, 1000))
        scales = dict(parts.scales)
        if shape == "prefix_scaled":
            scales.update(parts.glued_scales)
        scale_text, scale = draw(st.sampled_from(sorted(scales.items())))
    if shape.startswith("prefix"):
        cur_text, currency = draw(st.sampled_from(sorted(parts.prefix_currencies.items())))
        phrase = f"{qual_text}{cur_text}{number}{scale_text}"
    else:
        table = parts.scaled_suffix_currencies if shape == "scaled" else parts.suffix_currencies
        cur_text, currency = draw(st.sampled_from(sorted(table.items())))
        phrase = f"{qual_text}{number}{scale_text}{cur_text}"
    return phrase, value * scale, currency, qualifier


@st.composite
def percent_phrases(draw, lang: str):
    """(phrase, value, kind, qualifier)"""
    parts = PARTS[lang]
    qual_text, qualifier = draw(st.sampled_from(sorted(parts.qualifiers.items())))
    value, number = draw(amounts(lang, 0, 100))
    pct = draw(st.sampled_from(parts.percents))
    gdp = draw(st.sampled_from(("",) + parts.of_gdp))
    kind = "percent_of_gdp" if gdp else "percent"
    return f"{qual_text}{number}{pct}{gdp}", value, kind, qualifier


def _the_mention(sentence: str, phrase: str, lang: str):
    mentions = scan_text(sentence, lang)
    found = [m for m in mentions if m.text == phrase]
    assert found, f"{sentence!r}: no mention {phrase!r}; found {[(m.text, m.kind) for m in mentions]}"
    return found[0]


@pytest.mark.parametrize("lang", LANGS)
def test_money_phrases(lang):
    @SETTINGS
    @given(money_phrases(lang))
    def check(sample):
        phrase, value, currency, qualifier = sample
        sentence = PARTS[lang].template.format(phrase)
        m = _the_mention(sentence, phrase, lang)
        assert m.kind == "money", (phrase, m.kind)
        assert _close(m.value, value), f"{phrase!r}: {m.value} != {value}"
        assert m.currency == currency, (phrase, m.currency)
        assert m.qualifier == qualifier, (phrase, m.qualifier)

    check()


@pytest.mark.parametrize("lang", LANGS)
def test_percent_phrases(lang):
    @SETTINGS
    @given(percent_phrases(lang))
    def check(sample):
        phrase, value, kind, qualifier = sample
        sentence = PARTS[lang].template.format(phrase)
        m = _the_mention(sentence, phrase, lang)
        assert m.kind == kind, (phrase, m.kind)
        assert _close(m.value, value), f"{phrase!r}: {m.value} != {value}"
        assert m.qualifier == qualifier, (phrase, m.qualifier)

    check()


@pytest.mark.parametrize("lang", LANGS)
def test_ranges_of_percentages(lang):
    """ "2-3%", "2 to 3 percent": a range keeps both ends, low first."""
    infix = {"en": " to ", "fr": " à ", "de": " bis ", "es": " a "}[lang]
    pct = PARTS[lang].percents[-1]

    @SMALL
    @given(amounts(lang, 0, 50), amounts(lang, 50, 100))
    def check(low, high):
        phrase = f"{low[1]}{infix}{high[1]}{pct}"
        sentence = PARTS[lang].template.format(phrase)
        m = _the_mention(sentence, phrase, lang)
        assert m.kind == "percent", (phrase, m.kind)
        assert isinstance(m.value, tuple) and _close(m.value[0], low[0]) and _close(m.value[1], high[0]), (phrase, m.value)

    check()
