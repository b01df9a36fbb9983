"""One language's time vocabulary, read from the ``time:`` section of ``checker/lang/<lang>.yaml``.

The pattern builder (``timex_patterns``) turns these words into regular expressions and the
interpreter (``timex``) looks matched words up here, so every lookup key is normalized the same
way as matched text (``norm``): lower case, one plain space, one plain apostrophe and hyphen.
Spelled-out numbers come from the ``numbers:`` section (shared with the quantity scanner) plus
``time.number_words`` for forms only time expressions need ("vor einem Jahr").
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from checker import lang as langdata
from checker.regex_store import cached_compile

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "‐": "-", "‑": "-", "\u00a0": " ", "\u202f": " "})
_SPACES = cached_compile(r"\s+")

#: a number word worth reading before a time unit: larger ones are counts, not spans of time
_MAX_NUMBER_WORD = 1000


@functools.lru_cache(maxsize=8192)
def norm(text: str) -> str:
    """Normalize a phrase or matched text for lookups (case, apostrophes, hyphens, spaces).
    Cached: the interpreter normalizes the same few words ("March", "last", "weeks") again and
    again."""
    return _SPACES.sub(" ", text.translate(_APOSTROPHES)).strip().lower()


@dataclass(frozen=True)
class TimeLexicon:
    """Normalized word tables for one language; built once per language (``lexicon``)."""

    lang: str
    months: dict[str, int]
    weekdays: dict[str, int]
    names_capitalized: bool
    ordinal_suffixes: tuple[str, ...]
    date_joiners: tuple[str, ...]
    month_day_order: tuple[str, ...]
    numeric_date_orders: tuple[str, ...]
    month_prepositions: tuple[str, ...]
    articles: tuple[str, ...]
    year_prefixes: tuple[str, ...]
    decade_prefixes: tuple[str, ...]
    decade_suffixes: tuple[str, ...]
    seasons: dict[str, str]
    ordinals: dict[str, int]
    period_nouns: dict[str, str]
    period_abbreviations: dict[str, str]
    part_modifiers: dict[str, str]
    units: dict[str, str]
    number_words: dict[str, float]
    indefinite_one: tuple[str, ...]
    vague_amounts: tuple[str, ...]
    ago_before: tuple[str, ...]
    ago_after: tuple[str, ...]
    later_before: tuple[str, ...]
    later_after: tuple[str, ...]
    deadline_cues: dict[str, str]
    since_cues: dict[str, str]
    approx_cues: dict[str, str]
    interval_pairs: dict[str, tuple[str, ...]]
    relative: dict[str, str]
    name_modifiers_before: dict[str, int]
    name_modifiers_after: dict[str, int]
    age_before: tuple[str, ...]
    age_after: tuple[str, ...]
    clock_markers: tuple[str, ...]
    clock_suffixes: dict[str, int]
    day_parts: dict[str, str]
    past_cues: frozenset[str]
    future_cues: frozenset[str]
    label_words: frozenset[str]
    decimal_separators: tuple[str, ...] = field(default=(".",))

    def number(self, word: str) -> float | None:
        """The value of a number written in digits or words, None when it is neither."""
        key = norm(word)
        if key in self.number_words:
            return self.number_words[key]
        if key in self.indefinite_one:
            return 1.0
        digits = key
        for sep in self.decimal_separators:
            digits = digits.replace(sep, ".")
        try:
            return float(digits)
        except ValueError:
            return None


def _words(values) -> tuple[str, ...]:
    return tuple(norm(str(v)) for v in (values or ()))


def _table(mapping, convert=lambda v: v) -> dict:
    return {norm(str(k)): convert(v) for k, v in (mapping or {}).items()}


@functools.cache
def lexicon(lang: str) -> TimeLexicon:
    """The time vocabulary of ``lang`` (validated by ``checker.lang.load``), cached."""
    data = langdata.section(lang, "time")
    numbers = langdata.section(lang, "numbers")
    quantities = langdata.section(lang, "quantities")
    number_words = {
        norm(str(k)): float(v)
        for k, v in (numbers.get("words") or {}).items()
        if isinstance(v, (int, float)) and 0 < v <= _MAX_NUMBER_WORD
    }
    number_words.update(_table(data.get("number_words"), float))
    return TimeLexicon(
        lang=lang,
        months=_table(data.get("months"), int),
        weekdays=_table(data.get("weekdays"), int),
        names_capitalized=bool(data.get("names_capitalized", False)),
        ordinal_suffixes=_words(data.get("ordinal_suffixes")),
        date_joiners=_words(data.get("date_joiners")),
        month_day_order=_words(data.get("month_day_order") or ["dm"]),
        numeric_date_orders=_words(data.get("numeric_date_orders")),
        month_prepositions=_words(data.get("month_prepositions")),
        articles=_words(data.get("articles")),
        year_prefixes=_words(data.get("year_prefixes")),
        decade_prefixes=_words(data.get("decade_prefixes")),
        decade_suffixes=_words(data.get("decade_suffixes")),
        seasons=_table(data.get("seasons"), str),
        ordinals=_table(data.get("ordinals"), int),
        period_nouns=_table(data.get("period_nouns"), str),
        period_abbreviations={str(k): str(v) for k, v in (data.get("period_abbreviations") or {}).items()},
        part_modifiers=_table(data.get("part_modifiers"), str),
        units=_table(data.get("units"), str),
        number_words=number_words,
        indefinite_one=_words(data.get("indefinite_one")),
        vague_amounts=_words(data.get("vague_amounts")),
        ago_before=_words(data.get("ago_before")),
        ago_after=_words(data.get("ago_after")),
        later_before=_words(data.get("later_before")),
        later_after=_words(data.get("later_after")),
        deadline_cues=_table(data.get("deadline_cues"), str),
        since_cues=_table(data.get("since_cues"), str),
        approx_cues=_table(data.get("approx_cues"), str),
        interval_pairs={norm(k): _words(v) for k, v in (data.get("interval_pairs") or {}).items()},
        relative=_table(data.get("relative"), str),
        name_modifiers_before=_table(data.get("name_modifiers_before"), int),
        name_modifiers_after=_table(data.get("name_modifiers_after"), int),
        age_before=_words(data.get("age_before")),
        age_after=_words(data.get("age_after")),
        clock_markers=_words(data.get("clock_markers")),
        clock_suffixes=_table(data.get("clock_suffixes"), int),
        day_parts=_table(data.get("day_parts"), str),
        past_cues=frozenset(_words(data.get("past_cues"))),
        future_cues=frozenset(_words(data.get("future_cues"))),
        label_words=frozenset(
            w.rstrip(".") for w in _words([*(data.get("label_words") or ()), *(quantities.get("label_words") or ())])
        ),
        decimal_separators=tuple(numbers.get("decimal_separators") or (".",)),
    )
