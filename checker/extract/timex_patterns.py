"""Regular expressions for time expressions, built from one language's word tables.

Why one big regex: the scanner must read >= 2 MB of text per second, so the whole text is read
in ONE ``finditer`` pass over a single precompiled pattern (``Patterns.scanner``); per-match work
is a few dictionary lookups and one anchored ``fullmatch`` of the matched piece against the
named pattern of the form that matched (``Patterns.forms``), which recovers day, month, year...

Every *form* (``FORMS``) is written once, by a function of a ``Builder``; the builder emits
named groups for the per-form patterns and plain groups for the scanner, which repeats forms
inside contexts (a cue, an interval, a preposition) where group names would clash.
Forms are ordered most specific first, because Python's regex alternation takes the first
alternative that matches, not the longest; word lists are written as tries that prefer the
longest phrase. Three things keep the scan fast: the tries (one failed comparison per word,
not one per phrase), a lookahead gate that lets ordinary words through after a few
comparisons (``_gate``), and separate alternations for positions at a digit and at a letter.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from checker.extract.timex_lexicon import TimeLexicon, lexicon

#: one or more spaces, with at most one line break (dates do not run across paragraphs)
SP = r"(?:[^\S\n]+\n?[^\S\n]*|\n[^\S\n]*)"
#: a dash between the two ends of a range ("2024-2030", "3–5 June")
DASH = r"[ \u00a0]?[-–—][ \u00a0]?"
NEVER = r"(?!)"
YEAR4 = r"(?:1\d{3}|20\d{2}|21\d{2})"
DAYNUM = r"(?:3[01]|[12]\d|0?[1-9])"
D1_2, D2, D4 = r"\d{1,2}", r"\d{2}", r"\d{4}"
HOUR, MINUTE = r"[01]?\d|2[0-4]", r"[0-5]\d"
DECADE_DIGITS = r"[12]\d{2}0|\d0"
APOSTROPHE = "['’]"


def _tokens(text: str, capitalized: bool = False) -> list[str]:
    """One regex token per character of a data-file phrase; the last one checks the word ends.

    A space matches any run of spaces (one line break at most), an apostrophe any apostrophe,
    a hyphen any hyphen; with ``capitalized`` the first letter must be upper case.
    """
    out = []
    for i, ch in enumerate(text):
        if ch == " ":
            out.append(SP)
        elif ch in "'’":
            out.append("['’ʼ]")
        elif ch == "-":
            out.append("[-‐‑]")
        elif capitalized and i == 0 and ch.isalpha():
            out.append(f"(?-i:{re.escape(ch.upper())})")
        else:
            out.append(re.escape(ch))
    out.append(r"(?!\w)" if text and text[-1].isalnum() else "")
    return out


def phrase(text: str, capitalized: bool = False) -> str:
    """A regex for one data-file phrase (see ``_tokens``)."""
    return "".join(_tokens(text, capitalized))


_END = "\0end"


def _emit(node: dict) -> str:
    branches = [tok + _emit(child) for tok, child in node.items() if tok != _END]
    if _END in node:
        branches.append(node[_END])  # last: the longest phrase is preferred, as in "a|ab" reversed
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def alt(phrases: Iterable[str], capitalized: bool = False) -> str:
    """Alternation of phrases written as a trie, longest match preferred, or a never-matching regex.

    Why a trie: Python's regex engine tries alternatives one by one, so "january|june|july"
    costs three failed comparisons on every word; "j(?:anuary|u(?:ne|ly))" costs one.
    """
    items = sorted(set(phrases))
    if not items:
        return NEVER
    trie: dict = {}
    for item in items:
        *chars, end = _tokens(item, capitalized)
        node = trie
        for tok in chars:
            node = node.setdefault(tok, {})
        node[_END] = end
    return "(?:" + _emit(trie) + ")"


def gate(phrases: Iterable[str], capitalized: bool = False) -> str:
    """A cheap test that a position may start one of ``phrases``: its first word (with the
    character after it) is one of theirs. Put before the scanner's alternatives, it lets the
    scanner skip ordinary words after a few comparisons."""
    heads = set()
    for p in phrases:
        cut = next((i for i, ch in enumerate(p) if not ch.isalnum()), None)
        heads.add(p if cut is None else p[: cut + 1])
    return alt(heads, capitalized)


@dataclass
class Builder:
    """Writes the pieces of the forms for one language, with or without group names."""

    lex: TimeLexicon
    named: bool

    def g(self, name: str, body: str) -> str:
        return f"(?P<{name}>{body})" if self.named else f"(?:{body})"

    # -- words ------------------------------------------------------------------------------
    def month(self, name: str = "month") -> str:
        return self.g(name, alt(self.lex.months, self.lex.names_capitalized))

    def weekday(self, name: str = "weekday") -> str:
        return self.g(name, alt(self.lex.weekdays, self.lex.names_capitalized))

    def season(self) -> str:
        return self.words("season", self.lex.seasons)

    def words(self, name: str, words: Iterable[str]) -> str:
        return self.g(name, alt(words))

    def day(self) -> str:
        return self.g("day", DAYNUM) + r"(?!\d)" + f"(?:{alt(self.lex.ordinal_suffixes)})?"

    def joiner(self) -> str:
        return f"(?:{SP}{alt(self.lex.date_joiners)})?"

    def year(self) -> str:
        """A four-digit year, or an apostrophe and two digits ("'93")."""
        return f"(?:{self.g('year', YEAR4)}|['’]{self.g('yy', r'[0-9]{2}')})" + r"(?![\d]|[.,]\d)"

    def year_tail(self) -> str:
        return f"(?:,?{SP}(?:{alt(self.lex.date_joiners)}{SP})?{self.year()})"

    def part(self) -> str:
        """An optional "early"/"fin"/"mi-" before a period; "mi-" needs no space after it."""
        spaced = [p for p in self.lex.part_modifiers if not p.endswith("-")]
        glued = [p for p in self.lex.part_modifiers if p.endswith("-")]
        options = []
        if spaced:
            options.append(f"{self.g('part', alt(spaced))}{SP}")
        if glued:
            options.append(self.g("partg", alt(glued)))
        return f"(?:{'|'.join(options)})?" if options else ""

    def day_part(self) -> str:
        """An optional part of the day after a day ("hier soir", "Tuesday morning")."""
        if not self.lex.day_parts:
            return ""
        return f"(?:{SP}{self.words('dpart', self.lex.day_parts)})?"

    def mod_before(self) -> str:
        return self.words("modb", self.lex.name_modifiers_before)

    def mod_after(self) -> str:
        return self.words("moda", self.lex.name_modifiers_after)

    def amount(self, indefinite: bool) -> str:
        decimals = "|".join(re.escape(s) for s in self.lex.decimal_separators) or r"\."
        num = self.g("num", rf"\d{{1,4}}(?:(?:{decimals})\d{{1,2}})?(?![\d]|[.,]\d)")
        words = list(self.lex.number_words) + (list(self.lex.indefinite_one) if indefinite else [])
        return f"(?:{num}|{self.words('vague', self.lex.vague_amounts)}|{self.words('nword', words)})"

    def unit(self) -> str:
        return self.words("unit", self.lex.units)


def _iso(b: Builder) -> str:
    return rf"(?<![\d-]){b.g('y', D4)}-{b.g('m', D2)}-{b.g('d', D2)}(?![\d-])"


def _numeric(b: Builder) -> str:
    if not b.lex.numeric_date_orders:
        return NEVER
    body = (
        r"\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})|\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})|\d{1,2}-\d{1,2}-\d{4}"
        if not b.named
        else rf"{b.g('a', D1_2)}[./-]{b.g('b', D1_2)}[./-]{b.g('y', D4 + '|' + D2)}"
    )
    return rf"(?<![\d./-])(?:{body})(?![\d]|[./-]\d)"


def _date_dm(b: Builder) -> str:
    if "dm" not in b.lex.month_day_order:
        return NEVER
    return (
        f"(?:{b.mod_before()}{SP})?(?:{b.weekday()},?{SP})?{b.day()}{b.joiner()}{SP}{b.month()}"
        f"{b.year_tail()}?(?:{SP}{b.mod_after()})?{b.day_part()}"
    )


def _date_md(b: Builder) -> str:
    if "md" not in b.lex.month_day_order:
        return NEVER
    return (
        f"(?:{b.mod_before()}{SP})?(?:{b.weekday()},?{SP})?{b.month()}{SP}{b.day()}(?![:\\d])"
        f"{b.year_tail()}?{b.day_part()}"
    )


def _quarter_words(b: Builder) -> str:
    """ "the first quarter of 2024", "le deuxième trimestre 2024": the year is required, since a
    quarter or half alone is as often a game's ("first half") as a calendar period."""
    return f"{b.words('ord', b.lex.ordinals)}{SP}{b.words('pnoun', b.lex.period_nouns)}{b.year_tail()}"


def _quarter_abbr(b: Builder) -> str:
    letters = "|".join(re.escape(k) for k in sorted(b.lex.period_abbreviations)) or NEVER
    return f"(?-i:{b.g('pabbr', letters)}){b.g('pnum', '[1-4]')}(?:[ /]|{SP}){b.year()}"


def _season(b: Builder) -> str:
    return f"{b.part()}{b.words('season', b.lex.seasons)}{b.joiner()}{SP}{b.year()}"


def _month_year(b: Builder) -> str:
    return f"{b.part()}{b.month()},?{b.joiner()}{SP}{b.year()}"


def _decade_prefix(b: Builder) -> str:
    return f"{b.part()}{b.words('dpref', b.lex.decade_prefixes)}{SP}{b.g('digits', DECADE_DIGITS)}" + r"(?![\d%])"


def _decade_suffix(b: Builder) -> str:
    if not b.lex.decade_suffixes:
        return NEVER
    return (
        f"(?<![$€£¥]){b.part()}{b.g('apos', APOSTROPHE)}?{b.g('digits', DECADE_DIGITS)}"
        f"{b.words('dsuf', b.lex.decade_suffixes)}"
    )


def _year_prefixed(b: Builder) -> str:
    return f"{b.part()}{b.words('ypref', b.lex.year_prefixes)}{SP}{b.g('year', YEAR4)}(?![\\d]|[.,]\\d)"


def _year_part(b: Builder) -> str:
    """ "early 2025", "fin 2025", "mi-2025", "a finales de 2025": a year with its start, middle or end."""
    part = b.part()
    if not part:
        return NEVER
    return f"{part.removesuffix('?')}{b.g('year', YEAR4)}(?![\\d]|[.,]\\d)"


def _relative(b: Builder) -> str:
    return f"{b.part()}{b.words('rel', b.lex.relative)}{b.day_part()}"


def _name_mod_before(b: Builder) -> str:
    return f"{b.mod_before()}{SP}(?:{b.month()}|{b.weekday()}|{b.season()}){b.day_part()}"


def _name_mod_after(b: Builder) -> str:
    return f"(?:{b.month()}|{b.weekday()}|{b.season()}){SP}{b.mod_after()}{b.day_part()}"


def _month_part(b: Builder) -> str:
    part = b.part()
    if not part:
        return NEVER
    return f"{part.removesuffix('?')}{b.month()}(?:{SP}{b.mod_after()})?"


def _ago_before(b: Builder) -> str:
    return f"{b.words('cue', b.lex.ago_before)}{SP}{b.amount(True)}(?:{SP}|-){b.unit()}"


def _later_before(b: Builder) -> str:
    return f"{b.words('cue', b.lex.later_before)}{SP}{b.amount(True)}(?:{SP}|-){b.unit()}"


def _clock_suffix_words(b: Builder) -> str:
    return f"(?:{SP}|(?=\\S)){b.words('csuf', b.lex.clock_suffixes)}"


def _clock_colon(b: Builder) -> str:
    return (
        rf"(?<![\d:.]){b.g('hh', HOUR)}:{b.g('mm', MINUTE)}(?::[0-5]\d)?(?![\d:]|[.,]\d)"
        f"(?:{_clock_suffix_words(b)})?"
    )


def _clock_marker(b: Builder) -> str:
    if not b.lex.clock_markers:
        return NEVER
    markers = "|".join(re.escape(m) for m in b.lex.clock_markers)
    return (
        rf"(?<![\d:.,]){b.g('hh', HOUR)}[ \u00a0]?(?:{markers})"
        rf"(?:[ \u00a0]?{b.g('mm', MINUTE)})?(?!\w)"
    )


def _clock_suffix(b: Builder) -> str:
    if not b.lex.clock_suffixes:
        return NEVER
    return (
        rf"(?<![\d:.,]){b.g('hh', HOUR)}(?:[.:]{b.g('mm', MINUTE)})?(?![\d])"
        f"{_clock_suffix_words(b)}"
    )


def _duration(b: Builder) -> str:
    """A number and a unit, and what may follow: "ago" (past), "from now" (future), "old" (an
    age, which is no time expression). One form for the four, so the number is read once."""
    lex = b.lex
    post = (
        f"(?:(?:{SP})?{b.words('post_age', lex.age_after)}|{SP}{b.words('post_ago', lex.ago_after)}"
        f"|{SP}{b.words('post_later', lex.later_after)})?"
    )
    return f"{b.amount(True)}(?:{SP}|[-‐]){b.unit()}{post}"


def _weekday(b: Builder) -> str:
    return b.weekday() + b.day_part()


def _year_bare(b: Builder) -> str:
    """A four-digit number 1000-2199 standing alone: not "2,000", "$2000", "2000%", "1 2000"."""
    return (
        rf"(?<![$€£¥₹#№+\-/.,:])(?<!\d[ \u00a0\u202f]){b.g('year', YEAR4)}"
        r"(?![\d]|[.,:/\-]\d|[^\S\n]?[%‰€$£¥]|[ \u00a0\u202f]\d)"
    )


def _month_bare(b: Builder) -> str:
    return b.month()


def _season_bare(b: Builder) -> str:
    return b.season()


def _day_bare(b: Builder) -> str:
    return b.day()


#: form name -> builder; a form is one way of writing a time expression
FORMS: dict[str, Callable[[Builder], str]] = {
    "iso": _iso,
    "numeric": _numeric,
    "date_dm": _date_dm,
    "date_md": _date_md,
    "quarter_words": _quarter_words,
    "quarter_abbr": _quarter_abbr,
    "season": _season,
    "month_year": _month_year,
    "decade_prefix": _decade_prefix,
    "decade_suffix": _decade_suffix,
    "year_prefixed": _year_prefixed,
    "year_part": _year_part,
    "relative": _relative,
    "name_mod_before": _name_mod_before,
    "name_mod_after": _name_mod_after,
    "month_part": _month_part,
    "ago_before": _ago_before,
    "later_before": _later_before,
    "clock_colon": _clock_colon,
    "clock_marker": _clock_marker,
    "clock_suffix": _clock_suffix,
    "duration": _duration,
    "weekday": _weekday,
    "year_bare": _year_bare,
    "month_bare": _month_bare,
    "season_bare": _season_bare,
    "day_bare": _day_bare,
}

#: forms that name a point or period of time: what may follow a cue, a preposition, an opener
POINT_FORMS = (
    "iso", "numeric", "date_dm", "date_md", "quarter_words", "quarter_abbr", "season", "month_year",
    "decade_prefix", "decade_suffix", "year_prefixed", "year_part", "relative", "name_mod_before", "name_mod_after",
    "month_part", "weekday", "year_bare", "month_bare", "season_bare",
)
#: forms found anywhere in running text (a bare month needs a preposition or a cue before it)
STANDALONE_FORMS = tuple(f for f in FORMS if f not in ("month_bare", "season_bare", "day_bare"))
#: forms the first end of an interval may take ("du 3 au 5 juin")
INTERVAL_START_FORMS = POINT_FORMS + ("day_bare",)
#: forms an approximation cue may qualify: amounts of time and clock times; before a date or a
#: year "more than" / "plus de" is a comparison ("76% more than last year") or a count
APPROX_FORMS = ("clock_colon", "clock_marker", "clock_suffix", "duration")


#: suffix of group names in the scanner's second copy of an alternative
TWIN = "__w"
#: scanner alternatives that never start with a digit, and those that always do
WORD_ONLY = frozenset({
    "age", "iv", "cue", "apx", "prep", "f_date_md", "f_quarter_abbr", "f_season", "f_month_year",
    "f_decade_prefix", "f_year_prefixed", "f_year_part", "f_relative", "f_name_mod_before",
    "f_name_mod_after", "f_month_part", "f_ago_before", "f_later_before", "f_weekday",
})
DIGIT_ONLY = frozenset({"f_iso", "f_numeric", "f_clock_colon", "f_clock_marker", "f_clock_suffix", "f_year_bare"})


@dataclass(frozen=True)
class Patterns:
    """The compiled scanner and per-form patterns of one language."""

    scanner: re.Pattern
    forms: dict[str, re.Pattern]


def _union(b: Builder, names: Iterable[str]) -> str:
    """The forms ``names`` as one alternation, behind a gate on their possible first words."""
    names = tuple(names)
    lex = b.lex
    words = [*lex.relative, *lex.name_modifiers_before, *lex.part_modifiers, *lex.ordinals, *lex.seasons,
             *lex.decade_prefixes, *lex.year_prefixes]
    if "duration" in names:
        words += [*lex.number_words, *lex.vague_amounts]
    letters = "|".join(re.escape(k) for k in sorted(lex.period_abbreviations)) or NEVER
    names_gate = gate([*lex.months, *lex.weekdays], lex.names_capitalized)
    first = rf"(?=\d|['’]\d|(?-i:{letters})[1-4]|{names_gate}|{gate(words)})"
    return first + "(?:" + "|".join(f"(?:{FORMS[n](b)})" for n in names) + ")"


def _dash_interval(b: Builder) -> str:
    """ "2024-2030", "2024-25", "3-5 June 2025", "June 3-5, 2025" (plain groups only)."""
    day = rf"{DAYNUM}(?!\d)(?:{alt(b.lex.ordinal_suffixes)})?"
    years = rf"(?<![$€£¥₹#№+\-/.,:])(?<!\d[ \u00a0\u202f])(?P<dya>{YEAR4})(?:{DASH}|/)(?P<dyb>{YEAR4}|\d{{2}})(?![\d]|[.,:/\-]\d|[^\S\n]?[%‰€$£¥])"
    parts = [years]
    if "dm" in b.lex.month_day_order:
        parts.append(rf"(?P<dda>{day}){DASH}(?P<ddb>{FORMS['date_dm'](b)})")
    if "md" in b.lex.month_day_order:
        parts.append(
            rf"(?P<dma>{b.month()}{SP}{day}){DASH}(?P<dmb>{DAYNUM}(?!\d)(?:{alt(b.lex.ordinal_suffixes)})?{b.year_tail()}?)"
        )
    return "|".join(f"(?:{p})" for p in parts)


def _scanner_source(lex: TimeLexicon) -> str:
    b = Builder(lex, named=False)
    point = _union(b, POINT_FORMS)
    start = _union(b, INTERVAL_START_FORMS)
    # lazy: "en los años 90" keeps its article in the decade, "depuis le 3 mars" drops it
    article = f"(?:{alt(lex.articles)}{SP})??" if lex.articles else ""
    amount = b.amount(True)
    age = f"{alt(lex.age_before)}{SP}{amount}(?:{SP}|-){b.unit()}"
    intervals = []
    for opener, joiners in sorted(lex.interval_pairs.items(), key=lambda kv: -len(kv[0])):
        glue = "" if opener.endswith("'") else SP
        intervals.append(f"{phrase(opener)}{glue}{article}(?P<iva_{len(intervals)}>{start}){SP}{alt(joiners)}{SP}{article}(?P<ivb_{len(intervals)}>{point})")
    interval = "|".join(f"(?:{i})" for i in intervals) or NEVER
    cues = {**lex.since_cues, **lex.deadline_cues}
    top = [
        ("age", f"(?P<age>{age})"),
        ("iv", f"(?P<iv>{interval})"),
        ("ivd", f"(?P<ivd>{_dash_interval(b)})"),
        ("cue", f"(?P<cue>(?P<cue_w>{alt(cues)}){SP}{article}(?P<cue_t>{point}))"),
        ("apx", f"(?P<apx>(?P<apx_w>{alt(lex.approx_cues)}){SP}(?P<apx_t>{_union(b, APPROX_FORMS)}))"),
        ("prep", f"(?P<prep>{alt(lex.month_prepositions)}{SP}{article}(?P<prep_t>{point}))"),
    ]
    top += [(f"f_{name}", f"(?P<f_{name}>{FORMS[name](b)})") for name in STANDALONE_FORMS]
    # at a digit only the alternatives that may start with one are tried, and at a letter only
    # the others: same first-match order, half the failed attempts
    digit = "|".join(p for name, p in top if name not in WORD_ONLY)
    # an alternative in both branches gets its group names suffixed in the second (re forbids
    # a name twice); ``Hit`` strips the suffix
    word = "|".join(
        re.sub(r"\(\?P<(\w+)>", rf"(?P<\1{TWIN}>", p) if name not in WORD_ONLY else p
        for name, p in top
        if name not in DIGIT_ONLY
    )
    return r"(?<!\w)(?<!\d[.,:/])(?=" + _gate(lex) + rf")(?:(?=\d)(?:{digit})|(?!\d)(?:{word}))"


def _gate(lex: TimeLexicon) -> str:
    """A cheap lookahead that every time expression passes: a digit, "'9", "Q1", a month or
    weekday, a phrase that is a time expression by itself ("l'an dernier", "fin"), or a word
    that needs one after it ("depuis", "en", "de") followed by the start of one, or a number
    word followed by a unit ("trois semaines"). In French or Spanish text "de", "la", "en",
    "un" are everywhere: checking the next word here keeps the scanner from trying all its
    alternatives after each of them."""
    letters = "|".join(re.escape(k) for k in sorted(lex.period_abbreviations)) or NEVER
    names = gate([*lex.months, *lex.weekdays], lex.names_capitalized)
    standalone = [
        *lex.relative, *lex.name_modifiers_before, *lex.part_modifiers, *lex.ordinals, *lex.seasons,
        *lex.decade_prefixes, *lex.year_prefixes,
    ]
    amounts = [*lex.number_words, *lex.vague_amounts, *lex.indefinite_one]
    point_start = rf"\d|['’]\d|(?-i:{letters})[1-4]|{names}|{gate([*standalone, *amounts])}"
    context = [
        *lex.age_before, *lex.interval_pairs, *lex.since_cues, *lex.deadline_cues, *lex.approx_cues,
        *lex.month_prepositions, *lex.ago_before, *lex.later_before,
    ]
    article = f"(?:{alt(lex.articles)}{SP})?" if lex.articles else ""
    after_context = rf"(?:{SP}|(?<=['’]))(?:{article})(?:{point_start})"
    return (
        rf"\d|['’]\d|(?-i:{letters})[1-4]|{names}|{alt(standalone)}"
        rf"|{alt(context)}{after_context}|{alt(amounts)}(?:{SP}|-){gate(lex.units)}"
    )


@functools.cache
def patterns(lang: str) -> Patterns:
    """Compile (once per language) the scanner and the named pattern of every form."""
    lex = lexicon(lang)
    named = Builder(lex, named=True)
    forms = {name: re.compile(build(named), re.IGNORECASE) for name, build in FORMS.items()}
    return Patterns(scanner=re.compile(_scanner_source(lex), re.IGNORECASE), forms=forms)


class Hit:
    """A scanner match seen through the group names of the forms (``TWIN`` copies merged)."""

    __slots__ = ("match", "name", "_index")

    def __init__(self, match: re.Match):
        self.match = match
        self.name = match.lastgroup.removesuffix(TWIN)
        self._index = match.re.groupindex

    def _key(self, name: str) -> str | None:
        if name in self._index and self.match.group(name) is not None:
            return name
        twin = name + TWIN
        if twin in self._index and self.match.group(twin) is not None:
            return twin
        return None

    def group(self, name: str) -> str | None:
        key = self._key(name)
        return self.match.group(key) if key else None

    def start(self, name: str) -> int:
        return self.match.start(self._key(name))

    def span(self, name: str) -> tuple[int, int]:
        return self.match.span(self._key(name))


def parse_form(pats: Patterns, text: str, names: Iterable[str]) -> tuple[str, re.Match] | None:
    """The first of ``names`` whose pattern matches the whole of ``text``, with its match."""
    if text.isdigit() and "year_bare" in names:
        names = ("year_bare", "day_bare")  # no other form is digits alone: skip trying them
    for name in names:
        m = pats.forms[name].fullmatch(text)
        if m:
            return name, m
    return None
