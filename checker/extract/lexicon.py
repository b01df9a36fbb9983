"""One language's quantity vocabulary, compiled once into regexes and look-up tables.

Everything here is read from the language's data file (section ``quantities`` and ``numbers``);
the scanner only asks questions such as "does a percent sign start here?" or "which qualifier
ends right before this number?".
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from checker import lang as langdata, regex_store
from checker.extract.patterns import compile_spelled, phrase_pattern, skip_ahead, trie_pattern

WORD_END = r"(?![^\W\d_])"
#: "+44 20 7946 0958": a telephone number in international form, in any language
INTERNATIONAL_PHONE = r"(?<![\w+])\+\d{1,3}(?:[\s.\-]?\(?\d{1,4}\)?){2,}(?!\d)"


def _rev_alt(phrases) -> str:
    """Alternation of reversed phrases, for matching backwards from a number."""
    return phrase_pattern([p[::-1] for p in phrases])


@dataclass(frozen=True)
class Lexicon:
    lang: str
    stopwords: frozenset[str]
    non_nouns: frozenset[str]
    fold_suffixes: tuple[str, ...]
    # right of a number
    scale_re: re.Pattern            # spaced scale word ("million", "milliards")
    scale_symbols: dict[str, float]
    scales: dict[str, float]
    percent_re: re.Pattern
    points_re: re.Pattern
    basis_re: re.Pattern
    of_gdp_re: re.Pattern
    currency_name_re: re.Pattern
    currency_names: dict[str, str]
    currency_suffix_re: re.Pattern
    currency_suffixes: dict[str, str]
    unit_linker_re: re.Pattern
    per_re: re.Pattern
    qual_after_re: re.Pattern
    qual_after: dict[str, str]
    clock_re: re.Pattern
    times_re: re.Pattern
    vague_linker: str
    # left of a number, matched on the reversed text
    left_currency_re: re.Pattern
    left_qual_re: re.Pattern
    left_open_re: re.Pattern
    left_link_re: re.Pattern
    left_change_re: re.Pattern
    currency_prefixes: dict[str, str]
    qual_before: dict[str, str]
    change: dict[str, str]
    range_openers: dict[str, str]   # opener -> joiner
    range_infix_re: re.Pattern
    range_reversed: dict[str, str]     # joiner -> opener of ranges written end first
    range_to_words: frozenset[str]     # "to": a range whatever the opener
    arrived_at_re: re.Pattern          # " to ": a change's unit goes to the level after it
    pair_or_words: frozenset[str]      # "or": two values sharing the second's unit
    pair_words: frozenset[str]         # "or" and "and": two values, no range unless the opener asks
    label_words: frozenset[str]
    no_figure_after: frozenset[str]
    capitalized_labels: bool
    count_modifiers: frozenset[str]
    count_links: frozenset[str]
    dimension_words: tuple[str, ...]
    phone_re: re.Pattern
    rate_blockers: frozenset[str]
    count_not_suffixes: tuple[str, ...]
    singular_endings: tuple[str, ...]
    irregular_plurals: dict[str, str]
    singular_suffixes: tuple[tuple[str, str], ...]
    age_before: tuple[str, ...]
    ordinal_suffixes: frozenset[str]
    ordinal_words: frozenset[str]
    articles: frozenset[str]
    fractions: dict[str, float]
    fraction_re: re.Pattern
    multiplier_words: dict[str, float]
    vague_re: re.Pattern
    vague_plurals: dict[str, float]
    vague_prefixes: dict[str, float]
    fold_re: re.Pattern | None
    months: frozenset[str]


@functools.cache
def lexicon(lang: str) -> Lexicon:
    q = langdata.section(lang, "quantities")
    n = langdata.section(lang, "numbers")
    t = langdata.section(lang, "text")
    tm = langdata.section(lang, "time")
    stop = frozenset(w.lower() for w in t.get("stopwords") or [])

    def words_re(phrases, flags=re.IGNORECASE) -> re.Pattern:
        return compile_spelled(r"[\s\u00a0\u202f]*(" + phrase_pattern(phrases) + r")(?:(?<=['’])|" + WORD_END + ")", flags)

    currency_names = {k.lower(): v for k, v in (q.get("currency_names") or {}).items()}
    currency_suffixes = dict(q.get("currency_suffixes") or {})
    currency_prefixes = dict(q.get("currency_prefixes") or {})
    qual_before = {p.lower(): sym for sym, ps in (q.get("qualifiers_before") or {}).items() for p in ps}
    qual_after = {p.lower(): sym for sym, ps in (q.get("qualifiers_after") or {}).items() for p in ps}
    change = {p.lower(): "up" for p in q.get("change_up") or []}
    change.update({p.lower(): "down" for p in q.get("change_down") or []})
    linkers = [p.lower() for p in q.get("change_linkers") or []]
    openers = {pair[0].lower(): pair[1].lower() for pair in q.get("range_pairs") or []}

    # the left context is read backwards from the number, on the reversed text:
    #   [change word [linker]] [range opener] [qualifier] [currency prefix] NUMBER
    def rev_re(phrases, boundary=True) -> re.Pattern:
        if not phrases:
            return re.compile("(?!)")
        tail = WORD_END if boundary else ""
        return compile_spelled(r"[\s\u00a0]*(" + _rev_alt(phrases) + ")" + tail, re.IGNORECASE)

    left_currency_re = regex_store.cached_compile(r"[ \u00a0]?(" + _rev_alt(currency_prefixes) + r")(?![A-Za-z])")
    left_qual_re = rev_re(qual_before)
    left_open_re = rev_re(openers)
    left_link_re = rev_re(linkers)
    left_change_re = rev_re(change)
    reversed_pairs = {pair[1].lower(): pair[0].lower() for pair in q.get("range_reversed") or []}
    infix = [w for w in q.get("range_infix") or []] + list(reversed_pairs)
    range_infix_re = compile_spelled(r"[\s\u00a0]*(" + phrase_pattern(infix) + r")(?:(?<=[^\w])|" + WORD_END + r")[\s\u00a0]*", re.IGNORECASE)

    scales = {k.lower(): float(v) for k, v in (n.get("scales") or {}).items()}
    fractions = {k.lower(): float(v) for k, v in (n.get("fractions") or {}).items()}
    vague_plurals = {k.lower(): float(v) for k, v in (n.get("vague_plurals") or {}).items()}
    vague_prefixes = {k.lower(): float(v) for k, v in (n.get("vague_prefixes") or {}).items()}
    vague_linker = (n.get("vague_linker") or "").lower()
    # "tens of thousands of": a vague plural is a figure only when its noun follows (through the
    # language's linker, if it has one: German says "Tausende Menschen")
    follow = (r"(?=[\s\u00a0]+" + re.escape(vague_linker) + r"\b)") if vague_linker else r"(?=[\s\u00a0]+[^\W\d_])"
    vague_re = compile_spelled(
        r"\b(?:(?P<pre>" + phrase_pattern(vague_prefixes) + r")[\s\u00a0]+)?(?P<plural>" + phrase_pattern(vague_plurals) + r")"
        + WORD_END + follow if vague_plurals else "(?!)",
        re.IGNORECASE,
    )
    folds = n.get("fold_suffixes") or []
    fold_re = compile_spelled(r"(" + phrase_pattern(folds) + r")" + WORD_END, re.IGNORECASE) if folds else None
    months = set()
    for key in ("months", "month_names"):
        val = tm.get(key)
        if isinstance(val, dict):
            months.update(str(k).lower() for k in val)
        elif isinstance(val, list):
            months.update(str(k).lower() for k in val)
    return Lexicon(
        lang=lang,
        stopwords=stop,
        non_nouns=frozenset(w.lower() for w in q.get("non_nouns") or []),
        fold_suffixes=tuple(folds),
        scale_re=compile_spelled(r"[\s\u00a0\u202f-]*(" + trie_pattern(sorted(set(scales) | {k.lower() for k in n.get("multipliers") or {}})) + ")" + WORD_END + r"\.?", re.IGNORECASE),
        scale_symbols={k: float(v) for k, v in (n.get("scale_symbols") or {}).items()},
        scales=scales,
        percent_re=compile_spelled(r"[\s\u00a0\u202f-]*(" + phrase_pattern(q.get("percent") or ["%"]) + r")(?:(?<=%)|" + WORD_END + ")", re.IGNORECASE),
        points_re=words_re(q.get("percentage_points") or []),
        basis_re=words_re(q.get("basis_points") or []),
        of_gdp_re=regex_store.cached_compile(r"[\s\u00a0]*(" + phrase_pattern(q.get("of_gdp") or []) + ")" + WORD_END),
        currency_name_re=words_re(currency_names),
        currency_names=currency_names,
        currency_suffix_re=regex_store.cached_compile(r"[ \u00a0\u202f]?(" + phrase_pattern(currency_suffixes) + r")(?:(?<=[^\w])|" + WORD_END + ")"),
        currency_suffixes=currency_suffixes,
        unit_linker_re=words_re(q.get("unit_linkers") or []) if q.get("unit_linkers") else re.compile("(?!)"),
        per_re=compile_spelled(r"[\s\u00a0]*(" + phrase_pattern(q.get("per_words") or []) + r")(?:(?<=/)|" + WORD_END + r")[\s\u00a0]*", re.IGNORECASE),
        qual_after_re=compile_spelled(r"[\s\u00a0,]*(" + phrase_pattern(qual_after) + r")(?:(?<=[^\w])|" + WORD_END + ")", re.IGNORECASE) if qual_after else re.compile("(?!)"),
        qual_after=qual_after,
        clock_re=regex_store.cached_compile(r"[\s\u00a0]*(" + phrase_pattern(q.get("clock_words") or []) + r")(?:(?<=\.)|" + WORD_END + ")") if q.get("clock_words") else re.compile("(?!)"),
        times_re=words_re(n.get("times_words") or []) if n.get("times_words") else re.compile("(?!)"),
        vague_linker=vague_linker,
        left_currency_re=left_currency_re,
        left_qual_re=left_qual_re,
        left_open_re=left_open_re,
        left_link_re=left_link_re,
        left_change_re=left_change_re,
        currency_prefixes=currency_prefixes,
        qual_before=qual_before,
        change=change,
        range_openers=openers,
        range_infix_re=range_infix_re,
        range_reversed=reversed_pairs,
        range_to_words=frozenset(normalized(w) for w in q.get("range_to_words") or []),
        arrived_at_re=regex_store.cached_compile(r"\s+(?:" + phrase_pattern(q.get("arrived_at_words") or []) + r")\s+"),
        pair_or_words=frozenset(normalized(w) for w in q.get("pair_or_words") or []),
        pair_words=frozenset(normalized(w) for w in [*(q.get("pair_or_words") or []), *(q.get("pair_and_words") or [])]),
        label_words=frozenset(w.lower() for w in q.get("label_words") or []),
        no_figure_after=frozenset(w.lower() for w in q.get("no_figure_after") or []),
        capitalized_labels=bool(q.get("capitalized_labels", True)),
        count_modifiers=frozenset(w.lower() for w in q.get("count_modifiers") or []),
        count_links=frozenset(w.lower() for w in q.get("count_links") or []),
        dimension_words=tuple(w.lower() for w in q.get("dimension_words") or ()),
        phone_re=_guarded("|".join([INTERNATIONAL_PHONE] + list(q.get("phone_patterns") or []))),
        rate_blockers=frozenset(w.lower() for w in q.get("rate_blockers") or []),
        count_not_suffixes=tuple(q.get("count_not_suffixes") or ()),
        singular_endings=tuple(q.get("singular_endings") or ()),
        irregular_plurals={k: v for k, v in (q.get("irregular_plurals") or {}).items()},
        singular_suffixes=tuple(tuple(x) for x in q.get("singular_suffixes") or []),
        age_before=tuple(w.lower() for w in q.get("age_words_before") or []),
        ordinal_suffixes=frozenset(n.get("ordinal_suffixes") or []),
        ordinal_words=frozenset(w.lower() for w in n.get("ordinal_words") or []),
        articles=frozenset(w.lower() for w in n.get("article_words") or []),
        fractions=fractions,
        fraction_re=compile_spelled(r"\b(" + phrase_pattern(fractions) + ")" + WORD_END, re.IGNORECASE) if fractions else re.compile("(?!)"),
        multiplier_words={k.lower(): float(v) for k, v in (n.get("multiplier_words") or {}).items()},
        vague_re=vague_re,
        vague_plurals=vague_plurals,
        vague_prefixes=vague_prefixes,
        fold_re=fold_re,
        months=frozenset(months),
    )


def _guarded(source: str) -> re.Pattern:
    """``source`` as a ``patterns.skip_ahead`` regex (group 1 is the match; read its spans with
    ``patterns.leftmost_spans``) when the regex parser tells the characters its matches may start
    with: the same matches, but ``finditer`` skips along the text from one such character to the
    next (telephone patterns start with lookbehinds, which otherwise make the engine walk into
    each alternative at every character of the text)."""
    from checker.extract.timex_patterns import first_characters

    klass = first_characters(source)[2]
    return skip_ahead(source, klass) if klass else regex_store.cached_compile(f"({source})")


def singular(phrase: str, lex: Lexicon) -> str:
    """Singular of a counted noun phrase ("31 other heads of state" -> "other head of state")."""
    return _singular(phrase, lex.lang)


@functools.lru_cache(maxsize=4096)
def _singular(phrase: str, lang: str) -> str:
    lex = lexicon(lang)
    for plural, sing in lex.irregular_plurals.items():
        if phrase == plural:
            return sing
        if phrase.endswith(" " + plural):
            return phrase[: -len(plural)] + sing
    words = phrase.split(" ")
    out = []
    linked = False
    for word in words:
        low = word.lower()
        if low in lex.count_links or any(low.startswith(l) for l in lex.count_links if l.endswith(("'", "’"))):
            linked = True
        if linked:
            out.append(word)
            continue
        irregular = lex.irregular_plurals.get(word) or lex.irregular_plurals.get(low)
        if irregular:
            out.append(irregular)
            continue
        if any(low.endswith(e) for e in lex.singular_endings):
            out.append(word)
            continue
        for suffix, repl in lex.singular_suffixes:
            if low.endswith(suffix) and len(low) > len(suffix) + 1:
                word = word[: len(word) - len(suffix)] + repl
                break
        out.append(word)
    return " ".join(out)


def normalized(phrase: str) -> str:
    """A phrase as the quantity reader compares words read from the text with the language
    file's: lower case, single spaces."""
    return " ".join(phrase.split()).lower()
