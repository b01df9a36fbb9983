"""Property tests of the time-expression finder.

* Dates written the way each language writes them resolve, through the finder's direct path
  (month tables, no dateparser), to the date dateparser reads in the same string.
* No input, however odd, raises; every mention slices back to its text; mentions are sorted
  and disjoint.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.extract.timex import find_time_expressions, resolve
from checker.extract.timex_lexicon import lexicon
from checker.extract.timex_resolve import dateparse

LANGS = ("en", "fr", "de", "es")
#: how a news article in each language writes a full date and a month with its year
DAY_STYLES = {
    "en": ("{month} {day}, {year}", "{day} {month} {year}"),
    "fr": ("{day} {month} {year}",),
    "de": ("{day}. {month} {year}",),
    "es": ("{day} de {month} de {year}",),
}
MONTH_STYLES = {"en": "{month} {year}", "fr": "{month} {year}", "de": "{month} {year}", "es": "{month} de {year}"}

dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))
anchors = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31))


def month_name(lang: str, month: int) -> str:
    """The full name of a month in the language's data file (its longest spelling)."""
    lex = lexicon(lang)
    names = [n for n, m in lex.months.items() if m == month and not n.endswith(".")]
    name = max(names, key=len)
    return name.title() if lex.names_capitalized else name


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lang=st.sampled_from(LANGS), day=dates, anchor=anchors, style=st.integers(0, 1))
def test_written_dates_resolve_like_dateparser(lang, day, anchor, style):
    styles = DAY_STYLES[lang]
    text = styles[style % len(styles)].format(day=day.day, month=month_name(lang, day.month), year=day.year)
    assert resolve(text, lang, anchor) == (day.isoformat(), "day"), text
    parsed = dateparse(lang, text, anchor)
    assert parsed is not None and parsed[0] == day, (text, parsed)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lang=st.sampled_from(LANGS), day=dates, anchor=anchors)
def test_written_months_resolve_like_dateparser(lang, day, anchor):
    text = MONTH_STYLES[lang].format(month=month_name(lang, day.month), year=day.year)
    assert resolve(text, lang, anchor) == (f"{day.year:04d}-{day.month:02d}", "month"), text
    parsed = dateparse(lang, text, anchor)
    assert parsed is not None and parsed[1] == "month", (text, parsed)
    assert (parsed[0].year, parsed[0].month) == (day.year, day.month), (text, parsed)


def check_mentions(text: str, lang: str, published) -> None:
    mentions = find_time_expressions(text, lang, published)
    for m in mentions:
        assert text[m.start:m.end] == m.text
        assert m.start < m.end
        assert m.kind in ("date", "year", "duration")
    for a, b in zip(mentions, mentions[1:]):
        assert a.end <= b.start


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=200), lang=st.sampled_from(LANGS), published=st.none() | anchors)
def test_arbitrary_text_never_raises(text, lang, published):
    check_mentions(text, lang, published)


#: pieces that make the scanner's alternatives start and fail in many ways
PIECES = [
    "2024", "1990", "2035", "99", "3", "24", "1er", "24.", "10", "30,4", "1.5", "0800", "2,000",
    "June", "juin", "Juni", "junio", "mai", "May", "mardi", "Tuesday", "Dienstag", "martes",
    "by", "since", "from", "to", "between", "and", "d'ici", "depuis", "de", "à", "du", "au", "entre",
    "et", "bis", "seit", "von", "para", "desde", "hace", "il y a", "vor", "ago", "dans",
    "weeks", "semaines", "Wochen", "semanas", "years", "ans", "Jahre", "años", "h", "Uhr", "p.m.",
    "last", "dernier", "letztes", "pasado", "Jahr", "l'an", "les années", "the", "le", "la", "el",
    "fin", "mi-", "early", "Ende", "Q1", "trimestre", "quarter", "first", "premier", "s", "er",
    "-", "–", "/", ":", ",", ".", "'", "’", "(", ")", "%", "$", "€", "\n", "\u00a0",
]


@settings(max_examples=200, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(PIECES), max_size=12),
    seps=st.lists(st.sampled_from(["", " ", "  ", "\n", "-", ", "]), min_size=12, max_size=12),
    lang=st.sampled_from(LANGS),
    published=st.none() | anchors,
)
def test_time_like_soup_slices_back(pieces, seps, lang, published):
    text = "".join(p + s for p, s in zip(pieces, seps))
    check_mentions(text, lang, published)
