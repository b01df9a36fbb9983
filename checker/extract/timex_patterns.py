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
longest phrase.

What keeps the scan fast is mostly what Python's regex engine does cheaply: it skips a branch
whose first item is one character or one character class with a single test, and enters every
other branch. Hence: the tries (one failed comparison per word, not one per phrase); patterns
compiled without ``re.IGNORECASE``, whose letters it cannot skip, a letter that starts a branch
being spelled out in every case ("[jJ]", ``caseless``) and the rest of a word written inside
"(?i:...)"; a lookahead gate that lets ordinary words through after a few comparisons
(``_gate``, its word lists merged into one trie, ``any_of``); separate alternations for
positions at a digit and at another character, each alternative behind a one-character
lookahead of what it may start with (``split_on_digit``, read from the pattern itself by
``first_characters``); and optional groups written as alternations (``optional_as_branch``).
None of these changes what is matched (``tests/test_timex_patterns.py``).
"""

from __future__ import annotations

import array
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from checker import regex_store
from checker.machine_cache import code_stamp
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


#: letter -> every character ``re.IGNORECASE`` lets it match (filled by ``learn_case``)
_VARIANTS: dict[str, str] = {}


def learn_case(chars: Iterable[str]) -> None:
    """Find, for each letter of ``chars`` not seen yet, every character that ``re.IGNORECASE``
    lets it match; ``caseless`` then spells the letter out as that class.

    Why: the patterns are compiled WITHOUT ``re.IGNORECASE`` and spell case out instead
    ("[jJ]"). Python's regex engine skips a branch whose first item is a plain character or a
    character class with one quick test, but enters every branch of a case-insensitive
    alternation before failing: on a word of running text that is the difference between a
    few tests and a few dozen jumps, at every word. The variants are read from the engine itself
    (which knows that "k" matches the Kelvin sign and "s" the long s), in one pass over Unicode
    for all the letters of a language, so the spelled-out patterns match exactly what the
    case-insensitive ones did. (No character beyond U+FFFF matches a letter below it in any
    case, which Python 3.11's tables confirm: for such letters the pass stops there.)
    """
    wanted = sorted({c for c in chars if c.isalpha() and c not in _VARIANTS})
    if not wanted:
        return
    last = 0x10000 if all(ord(c) < 0x10000 for c in wanted) else 0x110000
    every = array.array("I", range(last)).tobytes().decode("utf-32-le", "surrogatepass")  # built in C
    klass = re.compile("[" + "".join(re.escape(c) for c in wanted) + "]", re.IGNORECASE)
    pool = set(klass.findall(every))
    for c in wanted:
        _VARIANTS[c] = "".join(sorted(x for x in pool if re.fullmatch(re.escape(c), x, re.IGNORECASE)))


def caseless(ch: str) -> str:
    """A regex token matching ``ch`` in any case, exactly as ``re.IGNORECASE`` would."""
    if ch.isalpha() and ch not in _VARIANTS:
        learn_case(ch)
    variants = _VARIANTS.get(ch, ch)
    if len(variants) <= 1:
        return re.escape(ch)
    return "[" + "".join(re.escape(v) for v in variants) + "]"


def caseless_text(text: str) -> str:
    """A regex for ``text`` as written, in any case (no word-end check)."""
    return "".join(caseless(ch) for ch in text)


def _tokens(text: str, capitalized: bool = False) -> list[str]:
    """One regex token per character of a data-file phrase; the last one checks the word ends.

    A space matches any run of spaces (one line break at most), an apostrophe any apostrophe,
    a hyphen any hyphen, a letter the same letter in any case (``caseless``); with
    ``capitalized`` the first letter must be upper case.
    """
    return [_branch_first(tok) for tok in _plain_tokens(text, capitalized)]


def phrase(text: str, capitalized: bool = False) -> str:
    """A regex for one data-file phrase (see ``_tokens``)."""
    return "".join(_tokens(text, capitalized))


def _plain_tokens(text: str, capitalized: bool = False) -> list[str]:
    """``_tokens`` with letters as written, for a case-insensitive scope ("(?i:...)"), and a
    capital first letter as "(?-i:J)"."""
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


_END = "\0end"
_CAPITAL = regex_store.cached_compile(r"\(\?-i:(.+)\)")


def _emit(node: dict, root: bool = False) -> str:
    """A trie as a regex. Where a node branches (and at the root), each branch starts with its
    letter spelled out in every case ("[jJ]") so that the engine can skip it with one test; the
    letters of a chain without branches are written as they are inside "(?i:...)", which
    matches the same and compiles faster than one character class per letter."""
    chain = []
    while not root and _END not in node and len(node) == 1:
        tok, node = next(iter(node.items()))
        chain.append(tok)
    head = ""
    if chain:
        head = "".join(chain)
        if any(len(tok) == 1 and tok.isalpha() for tok in chain):
            head = f"(?i:{head})"
    if not node:
        return head
    branches = [_branch_first(tok) + _emit(child) for tok, child in node.items() if tok != _END]
    if _END in node:
        branches.append(node[_END])  # last: the longest phrase is preferred, as in "a|ab" reversed
    return head + (branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")")


def _branch_first(tok: str) -> str:
    """A token of ``_plain_tokens`` as it must be written outside "(?i:...)" (a letter in every
    case, a capital as itself): also the form the engine tests at once where a branch starts."""
    if len(tok) == 1 and tok.isalpha():
        return caseless(tok)
    capital = _CAPITAL.fullmatch(tok)
    return re.escape(capital.group(1)) if capital else tok


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
        *chars, end = _plain_tokens(item, capitalized)
        node = trie
        for tok in chars:
            node = node.setdefault(tok, {})
        node[_END] = end
    return "(?:" + _emit(trie, root=True) + ")"


def heads(phrases: Iterable[str]) -> set[str]:
    """The first word of each phrase, with the character after it ("end of" -> "end ")."""
    out = set()
    for p in phrases:
        cut = next((i for i, ch in enumerate(p) if not ch.isalnum()), None)
        out.add(p if cut is None else p[: cut + 1])
    return out


def gate(phrases: Iterable[str], capitalized: bool = False) -> str:
    """A cheap test that a position may start one of ``phrases``: its first word (with the
    character after it) is one of theirs. Put before the scanner's alternatives, it lets the
    scanner skip ordinary words after a few comparisons."""
    return alt(heads(phrases), capitalized)


#: how ``any_of`` writes a phrase: in any case, or with a capital first letter
ANY_CASE, CAPITALIZED = "any", "capitalized"


def any_of(entries: Iterable[tuple[Iterable[str], str] | tuple[Iterable[str], str, str]],
           others: Iterable[str] = ()) -> str:
    """One trie for several word lists: matches where any of their phrases does, or any of the
    patterns ``others`` (branches of its first level, after the letters: each should start
    with one character class, which the engine tests without entering the branch).
    ``entries``: (phrases, case) or (phrases, case, after) with case ``ANY_CASE`` or
    ``CAPITALIZED`` and ``after`` a pattern that must follow the list's phrases.

    For lookaheads only (which phrase matched does not matter there, so lists can be merged):
    a gate written as "months|weekdays|cues" walks one trie per list at every word of the text,
    this one a single time; a list that needs something after its phrases ("in" before a date)
    carries it at the end of each of its phrases instead of in an alternation of its own. Its
    first level has one branch per character ("j", "J" rather than "[jJ]"), which the regex
    engine rejects fastest, lower-case letters first: they start most words of running text,
    and the branches, starting with different characters, exclude one another, so their order
    changes nothing but the number of comparisons.
    """
    trie: dict = {}
    for phrases, case, *after in entries:
        suffix = after[0] if after else ""
        for item in sorted(set(phrases)):
            *chars, end = _plain_tokens(item, case == CAPITALIZED)
            node = trie
            for tok in chars:
                node = node.setdefault(tok, {})
            node.setdefault(_END, set()).add(end + suffix)
    seen: dict = {}
    root = _split_cases(trie)
    keys = sorted((key for key in root if key != _END), key=lambda key: not (len(key) == 1 and key.islower()))
    branches = [key + _emit_any(root[key], seen) for key in keys]
    branches += [*others, *sorted(root.get(_END, ()))]
    return "(?:" + "|".join(branches) + ")" if branches else NEVER


def _split_cases(node: dict) -> dict:
    """The first level of a trie with one branch per character ("j", "J" for a letter)."""
    out: dict = {}
    for tok, child in node.items():
        if tok == _END:
            out[_END] = child
            continue
        capital = _CAPITAL.fullmatch(tok)
        if capital:
            keys = [re.escape(capital.group(1))]
        elif len(tok) == 1 and tok.isalpha():
            learn_case(tok)
            keys = [re.escape(v) for v in _VARIANTS.get(tok, tok)]
        else:
            keys = [tok]
        for key in keys:
            out[key] = _merge(out[key], child) if key in out else child
    return out


def _merge(a: dict, b: dict) -> dict:
    """Two tries as one (new nodes where they differ; the inputs are left as they are)."""
    out = dict(a)
    for k, v in b.items():
        if k not in out:
            out[k] = v
        elif k == _END:
            out[k] = out[k] | v
        else:
            out[k] = _merge(out[k], v)
    return out


def _emit_any(node: dict, seen: dict) -> str:
    """A trie of ``any_of`` below its first level (as ``_emit``, its ends in any order)."""
    if id(node) in seen:  # a branch shared by two first characters ("j", "J") is built once
        return seen[id(node)]
    start = node
    chain = []
    while _END not in node and len(node) == 1:
        tok, node = next(iter(node.items()))
        chain.append(tok)
    head = "".join(chain)
    if any(len(tok) == 1 and tok.isalpha() for tok in chain):
        head = f"(?i:{head})"
    branches = [_branch_first(tok) + _emit_any(child, seen) for tok, child in node.items() if tok != _END]
    ends = sorted(node.get(_END, ()))
    if "" in ends:
        ends = [""]  # a phrase that needs nothing after it: the others add nothing
    branches += ends
    out = head + ("" if not branches else branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")")
    seen[id(start)] = out
    return out


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
    markers = "|".join(caseless_text(m) for m in b.lex.clock_markers)
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
# -- which alternatives may start at a digit, which at another character --------------------------

try:  # the parser of Python's own regex engine (private, present since 3.11); without it, no split
    from re import _constants as _sre_constants, _parser as _sre_parser
except ImportError:  # pragma: no cover
    _sre_parser = _sre_constants = None

_DIGIT = regex_store.cached_compile(r"\d")


@functools.lru_cache(maxsize=1024)
def first_characters(source: str) -> tuple[bool, bool, str | None]:
    """What a match of the regex ``source`` may start with, read from its parse tree:
    (a digit?, another character?, a character class of them all or None when unknown).
    When in doubt the answer is wider, never narrower, so that what is built on it is safe.

    Why: at a digit the scanner tries only the alternatives that may start with one, at a letter
    only the others (``split_on_digit``), and each alternative sits behind a one-character
    lookahead of its possible first characters: the same first-match order, but an alternative
    that cannot start here is dismissed with one test instead of being walked into. Without
    the parser (a private module of ``re``) nothing is split or guarded."""
    if _sre_parser is None:
        return True, True, None
    # kept between runs: parsing a long pattern and learning the cases of its letters is a few
    # hundredths of a second per language at every start otherwise
    return regex_store.remembered("first", source, lambda: _first_characters(source))


def _first_characters(source: str) -> tuple[bool, bool, str | None]:
    try:
        items, empty = _first_of(_sre_parser.parse(source))
    except Exception:  # pragma: no cover - an op this reader does not know: assume anything
        return True, True, None
    if items is None or empty:
        return True, True, None
    digit, other = _first_set(items)
    klass = _class_source(items)
    return digit, other, klass


#: a sequence whose items can never match ("(?!)")
_DEAD = object()


def _first_of(items) -> tuple[list | None, bool]:
    """(the set items a match may start with, or None for anything; may it match nothing)."""
    out: list = []
    for op, av in items:
        first, empty = _first_op(op, av)
        if first is _DEAD:
            return [], False  # never matches: starts with nothing
        if first is None:
            return None, False
        out += first
        if not empty:
            return out, False
    return out, True


def _first_op(op, av):
    c = _sre_constants
    if op is c.LITERAL:
        return [(c.LITERAL, av)], False
    if op is c.IN:
        if any(o is c.NEGATE for o, _a in av):
            return None, False
        return list(av), False
    if op is c.BRANCH:
        out: list = []
        empty = False
        alive = False
        for alternative in av[1]:
            first, e = _first_of(alternative)
            if first is None:
                return None, False
            alive = alive or bool(first) or e
            out += first
            empty = empty or e
        return (out, empty) if alive else (_DEAD, False)
    if op is c.SUBPATTERN:
        _group, add_flags, _del_flags, body = av
        first, empty = _first_of(body)
        if add_flags & re.IGNORECASE and first not in (None, _DEAD):
            first = _any_case(first)
        return first, empty
    if op is c.ATOMIC_GROUP:
        return _first_of(av)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, _high, body = av
        first, e = _first_of(body)
        return first, e or low == 0
    if op is c.ASSERT_NOT and not av[1]:
        return _DEAD, False  # (?!): never
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return [], True  # zero width: what it asserts only narrows the first character
    return None, False


def _any_case(items: list) -> list | None:
    """Set items widened to every case of their letters (for a "(?i:...)" scope), None when a
    range or a category of letters makes that hard to say."""
    c = _sre_constants
    out = []
    for op, av in items:
        if op is c.LITERAL and chr(av).isalpha():
            learn_case(chr(av))
            out += [(c.LITERAL, ord(v)) for v in _VARIANTS.get(chr(av), chr(av))]
        elif op is c.LITERAL and chr(av).lower() + chr(av).upper() != chr(av) * 2:
            return None  # a cased character that is no letter ("Ⓐ"): not worth knowing its cases
        elif op is c.LITERAL or (op is c.CATEGORY and av in (c.CATEGORY_DIGIT, c.CATEGORY_SPACE, c.CATEGORY_WORD,
                                                            c.CATEGORY_NOT_WORD, c.CATEGORY_NOT_SPACE,
                                                            c.CATEGORY_NOT_DIGIT)):
            out.append((op, av))
        else:
            return None
    return out


def _first_set(items) -> tuple[bool, bool]:
    """(may one of these set items match a digit, may one match another character)."""
    c = _sre_constants
    digit = other = False
    for op, av in items:
        if op is c.LITERAL:
            if _DIGIT.match(chr(av)):
                digit = True
            else:
                other = True
        elif op is c.RANGE and (av[1] < 0x30 or 0x39 < av[0] <= av[1] < 0x660):
            other = True  # below "0", or letters before the first non-ASCII digits
        elif op is c.RANGE and 0x30 <= av[0] and av[1] <= 0x39:
            digit = True
        elif op is c.CATEGORY and av is c.CATEGORY_DIGIT:
            digit = True
        elif op is c.CATEGORY and av in (c.CATEGORY_NOT_DIGIT, c.CATEGORY_SPACE, c.CATEGORY_NOT_WORD):
            other = True
        else:
            return True, True
    return digit, other


def _class_source(items) -> str | None:
    """A character class for set items (LITERAL, RANGE, CATEGORY), None for anything else."""
    c = _sre_constants
    categories = {
        c.CATEGORY_DIGIT: r"\d", c.CATEGORY_NOT_DIGIT: r"\D", c.CATEGORY_SPACE: r"\s",
        c.CATEGORY_NOT_SPACE: r"\S", c.CATEGORY_WORD: r"\w", c.CATEGORY_NOT_WORD: r"\W",
    }
    parts: set[str] = set()
    for op, av in items:
        if op is c.LITERAL:
            parts.add(re.escape(chr(av)))
        elif op is c.RANGE:
            parts.add(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is c.CATEGORY and av in categories:
            parts.add(categories[av])
        else:
            return None
    return "[" + "".join(sorted(parts)) + "]" if parts else NEVER


#: a group's name where it is defined ("(?P<name>") or tested ("(?(name)")
_TWIN_NAMES = regex_store.cached_compile(r"(\(\?P<|\(\?\()(\w+)([>)])")


def split_on_digit(alternatives: list[tuple[str, str, str | None]], rename: bool = False) -> str:
    r""" "(?=\d)(?:those that may start with a digit)|(?!\d)(?:the others)", each list in the
    given order, each alternative behind a lookahead of its possible first characters.
    ``alternatives``: (name, pattern, head) where head, when not None, is a pattern that every
    match of the alternative starts with (its leading word list: cheaper to read than the whole).
    With ``rename``, an alternative in both lists gets its group names suffixed with ``TWIN`` in
    the second (``re`` forbids a name twice; ``Hit`` strips the suffix)."""
    starts = [first_characters(source if head is None else head) for _name, source, head in alternatives]
    guarded = [source if klass is None else f"(?={klass}){source}"
               for (_n, source, _h), (_d, _o, klass) in zip(alternatives, starts)]
    digit = [source for source, (d, _o, _k) in zip(guarded, starts) if d]
    word = [
        _TWIN_NAMES.sub(rf"\1\2{TWIN}\3", source) if rename and d else source
        for source, (d, o, _k) in zip(guarded, starts)
        if o
    ]
    return rf"(?=\d)(?:{'|'.join(digit) or NEVER})|(?!\d)(?:{'|'.join(word) or NEVER})"


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
    first = rf"(?=\d|['’]\d|{_name_start(lex, words)})"
    return first + "(?:" + split_on_digit([(n, f"(?:{FORMS[n](b)})", None) for n in names]) + ")"


def _name_start(lex: TimeLexicon, words: Iterable[str]) -> str:
    """A quarter ("Q1"), the first word of a month or weekday, or the first word of ``words``."""
    quarters = "|".join(re.escape(k) for k in sorted(lex.period_abbreviations)) or NEVER
    names = heads([*lex.months, *lex.weekdays])
    case = CAPITALIZED if lex.names_capitalized else ANY_CASE
    return rf"(?:{quarters})[1-4]|" + any_of([(names, case), (heads(words), ANY_CASE)])


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
    interval = _interval(lex, article, start, point)
    cues = {**lex.since_cues, **lex.deadline_cues}
    # (name, pattern, what it starts with: the word list that leads it, for ``first_characters``)
    top = [
        ("age", f"(?P<age>{age})", alt(lex.age_before)),
        ("iv", f"(?P<iv>{interval})", _interval_openers(lex)),
        ("ivd", f"(?P<ivd>{_dash_interval(b)})", None),
        ("cue", f"(?P<cue>(?P<cue_w>{alt(cues)}){SP}{article}(?P<cue_t>{point}))", alt(cues)),
        ("apx", f"(?P<apx>(?P<apx_w>{alt(lex.approx_cues)}){SP}(?P<apx_t>{_union(b, APPROX_FORMS)}))",
         alt(lex.approx_cues)),
        ("prep", f"(?P<prep>{alt(lex.month_prepositions)}{SP}{article}(?P<prep_t>{point}))",
         alt(lex.month_prepositions)),
    ]
    top += [(f"f_{name}", f"(?P<f_{name}>{FORMS[name](b)})", None) for name in STANDALONE_FORMS]
    # at a digit only the alternatives that may start with one are tried, and at a letter only
    # the others: same first-match order, half the failed attempts
    gate = _gate(lex)
    _digit, _other, first = first_characters(gate)
    guard = f"(?={first})" if first else ""  # skips a space or a bracket with one test
    # the lookbehinds after the gate: zero-width tests of the same position, so their order
    # changes nothing, but the gate turns away nineteen positions in twenty, each of which
    # would otherwise pay for two lookbehinds (7% of the scanner's instructions)
    return rf"{separator()}{guard}(?={gate})(?<!\w)(?<!\d[.,:/])(?:{split_on_digit(top, rename=True)})"


#: what ``find_time_expressions`` puts before a text: a separator for a hit at its very start
PAD = "\n"


@functools.cache
def separator() -> str:
    r"""A character class of what may stand before a time expression, with which the scanner
    starts: every non-word character (what "(?<!\w)" asks of it) and those beyond U+FFFF.

    Why: Python's regex engine tries a pattern that starts with a lookbehind at every position
    of the text, entering it each time; a pattern that starts with a character class it reads
    itself, skipping ahead over the characters not in it in a tight loop, and enters it only
    at those (the spaces and punctuation of running text, a fifth of it). The scanner's hits
    so start one character before the time expression, whose own span is that of the group
    that closes last (``Hit``), and the text is searched with ``PAD`` put before it, which no
    lookbehind of the scanner matches, as none matches the start of a text.

    The class lists the non-word characters of the first 65,536 code points (the engine reads
    such a class with one bitmap test) and takes every character beyond them, which the
    scanner's "(?<!\w)" then sorts out: a class listing the non-word ones there as ranges would
    be read range by range at every letter of the text.
    """
    every = array.array("I", range(0x10000)).tobytes().decode("utf-32-le", "surrogatepass")  # built in C
    codes = sorted(map(ord, set(re.findall(r"\W", every))))
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    items = "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)
    return f"[{items}\\U00010000-\\U0010ffff]"


def _interval(lex: TimeLexicon, article: str, start: str, point: str) -> str:
    """ "entre 2000 et 2010", "du 3 au 5 juin": an opener, a first end, the opener's own joiner,
    a second end (groups "iva", "ivb").

    The openers are tried longest first, each one with its own joiners; written as one
    alternation of openers and, after the first end, a conditional on which opener matched
    ("(?(ivo_0)et|(?(ivo_1)à|...))"), the two ends' patterns are written once instead of once
    per opener, which keeps the scanner small enough to compile quickly."""
    pairs = _interval_pairs(lex)
    if not pairs:
        return NEVER
    # an opener ending in an apostrophe ("d'") is glued to what follows
    openers = "|".join(
        f"(?P<ivo_{k}>{phrase(opener)}{'' if opener.endswith(chr(39)) else SP})"
        for k, (opener, _joiners) in enumerate(pairs)
    )
    joiners = NEVER
    for k in reversed(range(len(pairs))):
        joiners = f"(?(ivo_{k}){alt(pairs[k][1])}|{joiners})"
    return f"(?:{openers}){article}(?P<iva>{start}){SP}{joiners}{SP}{article}(?P<ivb>{point})"


def _interval_pairs(lex: TimeLexicon) -> list[tuple[str, tuple[str, ...]]]:
    """The interval openers with their joiners, longest opener first."""
    return sorted(lex.interval_pairs.items(), key=lambda kv: -len(kv[0]))


def _interval_openers(lex: TimeLexicon) -> str:
    """What an interval starts with (its openers), for ``first_characters``."""
    return alt(opener for opener, _joiners in _interval_pairs(lex))


def _gate(lex: TimeLexicon) -> str:
    """A cheap lookahead that every time expression passes: a number that may start one
    (``_number_start``), "'9", "Q1", a month or weekday, a phrase that is a time expression or
    starts one by itself ("l'an dernier", "fin", "last"), a number word followed by a unit
    ("trois semaines"), or a word that needs one of these after it ("depuis", "en", "de").
    In French or Spanish text "de", "la", "en", "un" are everywhere, in English "in", "the",
    "a": checking the next word here keeps the scanner from trying all its alternatives after
    each of them. All the word lists are one trie (``any_of``), each phrase followed by what
    its list needs after it; for the words that need a time expression after them, that is
    written once, after the trie.

    After a word that needs one, the start of a time expression is checked as at the top
    (whole phrases, a unit after a number word), not just its first word: every form that may
    follow such a word starts with a whole phrase of one of these lists or a number."""
    standalone = [
        *lex.relative, *lex.name_modifiers_before, *lex.part_modifiers, *lex.ordinals, *lex.seasons,
        *lex.decade_prefixes, *lex.year_prefixes,
    ]
    amounts = [*lex.number_words, *lex.vague_amounts, *lex.indefinite_one]
    names = heads([*lex.months, *lex.weekdays])
    abbreviations = sorted(lex.period_abbreviations)
    if all(len(k) == 1 for k in abbreviations):  # one class: tested without entering the branch
        quarters = f"[{''.join(map(re.escape, abbreviations))}]" if abbreviations else NEVER
    else:
        quarters = "(?:" + "|".join(map(re.escape, abbreviations)) + ")"
    number = [_number_start(lex), r"['’]\d", rf"{quarters}[1-4]"]
    starts = [(names, CAPITALIZED if lex.names_capitalized else ANY_CASE), (standalone, ANY_CASE)]
    # a duration after a word ("about three weeks") may join its number and unit with either
    # hyphen; at the top only "-" has ever been let through, and is kept so
    point_start = any_of([*starts, (amounts, ANY_CASE, rf"(?:{SP}|[-‐]){gate(lex.units)}")], number)
    context = [
        *lex.age_before, *lex.interval_pairs, *lex.since_cues, *lex.deadline_cues, *lex.approx_cues,
        *lex.month_prepositions, *lex.ago_before, *lex.later_before,
    ]
    article = f"(?:{alt(lex.articles)}{SP}|)" if lex.articles else ""
    after_context = rf"(?:{SP}|(?<=['’])){article}(?:{point_start})"
    # One trie for all the lists, the words that need something after them included: one walk
    # over its first level (one test of a word's first character) where a trie of their own
    # cost a second walk, and a group entered, at every word of the text. What they need is
    # written once, after the trie (at the end of each of their phrases it would be written
    # dozens of times); the other phrases and the numbers, which need nothing more, end with
    # ``_DONE``, which takes the rest of the text, so that what follows the trie is passed at
    # once by the end of the text ("\Z"). A phrase that needs more and ends the text passes
    # too, which only widens the gate (the scanner's own alternatives then find nothing).
    words = any_of([(names, starts[0][1], _DONE), (standalone, ANY_CASE, _DONE),
                    (amounts, ANY_CASE, rf"(?:{SP}|-){gate(lex.units)}{_DONE}"), (context, ANY_CASE)],
                   [f"{n}{_DONE}" for n in number])
    return rf"{words}(?:\Z|{after_context})"


#: "the gate is passed": the rest of the text, taken at once (the engine moves to the end of the
#: text without reading it for a possessive any-character repeat), for ``_gate``'s "\Z"
_DONE = "(?s:.*+)"


def _number_start(lex: TimeLexicon) -> str:
    """A test that a number may start a time expression (for ``_gate``): four digits (a
    year); or a number, with a decimal part or not, glued to a letter or to one of the
    characters that go on a date, a time or a range ("10:30", "3rd", "1990s", "3.4.2025", "5-",
    "3. Juni"); or followed by spaces and a dash or a word that some form puts after a number:
    a month, a unit, a clock word, a date or interval joiner ("3 de mayo", "between 3 and 5
    June"), a decade or ordinal suffix.

    Why: news text is full of numbers that are counts, amounts and percentages ("12 percent",
    "3.5 million", "40%"); at each of them the scanner would try every form that starts with a
    digit. The test is wider than the forms (it lets through numbers that no form takes),
    never narrower: a form that starts with a number goes on with one of these (the tests
    check that the scanner finds the same with a plain digit test)."""
    joiners = [j for opener_joiners in lex.interval_pairs.values() for j in opener_joiners]
    suffixes = [*lex.decade_suffixes, *lex.ordinal_suffixes, *lex.clock_suffixes, *lex.clock_markers]
    follow = [*lex.months, *lex.units, *lex.date_joiners, *joiners, *suffixes]
    marks = sorted({_plain_tokens(word)[0] for word in suffixes if word and not word[0].isalnum()})
    glued = "|".join([r"[-‐‑–—/:.]", r"[^\W\d_]", *marks])
    # written to start with "\d" (its first digit), which the engine tests without entering it
    return (
        rf"\d(?:\d{{3}}(?!\d)|(?>\d*(?:[.,]\d+)?)"
        rf"(?:{glued}|\s++(?:[-‐‑–—]|{any_of([(heads(follow), ANY_CASE)])})))"
    )


@functools.cache
def patterns(lang: str) -> Patterns:
    """Compile (once per language) the scanner and the named pattern of every form.

    Building and compiling them takes about a second per language; both the sources and the
    compiled programs are kept on disk (``checker.regex_store``) as long as the language's
    files and this package's code are unchanged."""
    depends_on = code_stamp()  # factlint's code and language files

    def build() -> list[str]:
        lex = lexicon(lang)
        learn_case(_letters(lex))
        named = Builder(lex, named=True)
        return [optional_as_branch(_scanner_source(lex))] + [optional_as_branch(b(named)) for b in FORMS.values()]

    scanner, *forms = regex_store.sources(f"timex:{lang}", depends_on, build)
    return Patterns(
        scanner=regex_store.cached_compile(scanner),
        forms={name: regex_store.cached_compile(source) for name, source in zip(FORMS, forms)},
    )


def optional_as_branch(source: str) -> str:
    """``source`` with every optional group "(...)?" written "(?:(...)|)" and "(...)??" written
    "(?:|(...))": the same language and the same preference, but Python's regex engine runs an
    alternation in place where a repeated group costs it a repeat context (an allocation) each
    time it is entered, and the scanner enters dozens of optional groups at every digit."""
    opens: list[int] = []
    wrap: dict[int, int] = {}  # index of "(" -> number of "?" after its ")"
    close_at: dict[int, int] = {}  # index of ")" -> index of its "("
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i += 1
            if i < n and source[i] == "^":
                i += 1
            if i < n and source[i] == "]":
                i += 1
            while source[i] != "]":
                i += 2 if source[i] == "\\" else 1
        elif ch == "(":
            opens.append(i)
        elif ch == ")":
            start = opens.pop()
            if source.startswith("?", i + 1) and not source.startswith(("?+",), i + 1):
                lazy = source.startswith("??", i + 1)
                wrap[start] = 2 if lazy else 1
                close_at[i] = start
        i += 1
    if opens:
        raise ValueError("unbalanced parentheses in a time pattern")
    out: list[str] = []
    i = 0
    while i < n:
        if i in wrap:
            out.append("(?:|" if wrap[i] == 2 else "(?:")
        ch = source[i]
        if ch == "\\":
            out.append(source[i:i + 2])
            i += 2
            continue
        out.append(ch)
        if i in close_at:
            lazy = wrap[close_at[i]] == 2
            out.append(")" if lazy else "|)")
            i += 1 + (2 if lazy else 1)
            continue
        i += 1
    return "".join(out)


def _letters(lex: TimeLexicon) -> set[str]:
    """Every letter of the language's time words, to learn their case variants in one pass."""
    out: set[str] = set()
    def walk(value) -> None:
        if isinstance(value, str):
            out.update(value)
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(k)
                walk(v)
        elif isinstance(value, (tuple, list, frozenset)):
            for v in value:
                walk(v)

    walk(vars(lex))
    return out


class Hit:
    """A scanner match seen through the group names of the forms (``TWIN`` copies merged).
    ``bounds`` is the span of the time expression: that of the group that closes last, the
    alternative that matched (the match itself starts at the separator before it)."""

    __slots__ = ("match", "name", "bounds", "_index")

    def __init__(self, match: re.Match):
        self.match = match
        self.name = match.lastgroup.removesuffix(TWIN)
        self.bounds = match.span(match.lastindex)
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
