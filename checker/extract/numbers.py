"""Read numbers as each language writes them: digits with locale separators, and words.

``parse_digits("1 234,5", fr)`` and ``parse_digits("1,234.5", en)`` both give 1234.5;
``parse_words(["vingt", "sept"], fr)`` gives 27. The separators and words come from the
language's data file (checker/lang/<lang>.yaml, section ``numbers``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from checker import lang as langdata, regex_store
from checker.extract.patterns import compile_spelled, trie_pattern

SPACE_SEPARATORS = frozenset(" \u00a0\u202f\u2009")
APOSTROPHES = frozenset("'’")
UNICODE_FRACTIONS = {"½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75, "⅕": 0.2, "⅛": 0.125}


@dataclass(frozen=True)
class NumberFormat:
    """How one language writes numbers, compiled once from its data file."""

    lang: str
    decimal: frozenset[str]
    groups: frozenset[str]
    group_order: tuple[str, ...]
    digits_re: re.Pattern
    words: dict[str, float]
    articles: frozenset[str]
    multipliers: dict[str, float]
    scales: dict[str, float]
    scale_symbols: dict[str, float]
    joiners: frozenset[str]
    fractions: dict[str, float]
    words_re: re.Pattern
    compound: bool = False


@functools.cache
def number_format(lang: str) -> NumberFormat:
    data = langdata.section(lang, "numbers")
    decimal = frozenset(data.get("decimal_separators") or ["."])
    groups = frozenset(data.get("group_separators") or [","])
    spaces = "".join(sorted(g for g in groups if g in SPACE_SEPARATORS))
    marks = "".join(sorted((g for g in groups | decimal if g not in SPACE_SEPARATORS)))
    space_group = rf"\d{{1,3}}(?:[{re.escape(spaces)}]\d{{3}}(?!\d))+(?:[{re.escape(''.join(decimal))}]\d+)?" if spaces else None
    plain = rf"\d+(?:[{re.escape(marks)}]\d+)*"
    alts = [a for a in (space_group, plain) if a]
    if "." in decimal:
        alts.append(r"(?<![\d])\.\d+")
    digits_re = regex_store.cached_compile("(?:" + "|".join(alts) + ")")
    words = {k.lower(): float(v) for k, v in (data.get("words") or {}).items()}
    multipliers = {k.lower(): float(v) for k, v in (data.get("multipliers") or {}).items()}
    scales = {k.lower(): float(v) for k, v in (data.get("scales") or {}).items()}
    fractions = {k.lower(): float(v) for k, v in (data.get("fractions") or {}).items()}
    joiners = frozenset(j.lower() for j in data.get("joiners") or [])
    vocab = set(words) | set(multipliers) | set(scales)
    word = trie_pattern(sorted(vocab))
    joiner = trie_pattern(sorted(joiners)) if joiners else None
    sep = r"(?:[\s\-]+" + (rf"|\s+{joiner}\s+" if joiner else "") + ")"
    if data.get("compound_words"):
        # German writes numbers as one word: "siebenundzwanzig", "zweihundertdreißig"
        glued_joiner = joiner or "(?!)"
        sep = r"(?:" + sep + r"|" + glued_joiner + r"|)"
    words_re = compile_spelled(rf"(?i:\b{word}(?:{sep}{word})*\b)")
    return NumberFormat(
        lang=lang,
        decimal=decimal,
        groups=groups,
        group_order=tuple(data.get("group_separators") or [","]),
        digits_re=digits_re,
        words=words,
        articles=frozenset(a.lower() for a in data.get("article_words") or []),
        multipliers=multipliers,
        scales=scales,
        scale_symbols={k: float(v) for k, v in (data.get("scale_symbols") or {}).items()},
        joiners=joiners,
        fractions=fractions,
        words_re=words_re,
        compound=bool(data.get("compound_words")),
    )


#: more digits than this make no figure a news article states (and overflow a float)
MAX_DIGITS = 300


def parse_digits(raw: str, lang: str) -> tuple[float, int] | None:
    """Parse a digit string as ``lang`` writes it; return (value, characters used) or None.

    The characters used may be fewer than ``len(raw)`` when a separator turns out not to be part
    of the number ("1,2,3" in English gives 1 and stops at the first comma; "1," gives 1). A
    number of more than ``MAX_DIGITS`` digits gives None: no article states one, and it would
    read as infinity.
    """
    return _parse_digits_cached(raw, lang) if len(raw) <= 40 else _parse_digits_checked(raw, lang)


def _parse_digits_checked(raw: str, lang: str) -> tuple[float, int] | None:
    parsed = _parse_digits(raw.rstrip(" ,.'’\u00a0\u202f\u2009"), lang)
    if parsed is None or sum(c.isdigit() for c in raw[: parsed[1]]) > MAX_DIGITS:
        return None
    return parsed


#: news text repeats its figures ("2", "10", "2024", "1.5"): short ones are read once
_parse_digits_cached = functools.lru_cache(maxsize=8192)(_parse_digits_checked)


def _parse_digits(raw: str, lang: str) -> tuple[float, int] | None:
    if raw.isdigit():
        return float(raw), len(raw)
    fmt = number_format(lang)
    s = raw
    if not s:
        return None
    if s[0] == "." and s[1:].isdigit():
        return float("0" + s), len(s)
    # split into digit runs and the separators between them
    runs = re.findall(r"\d+|\D", s)
    digit_runs = runs[0::2]
    seps = runs[1::2]
    if not digit_runs or not digit_runs[0].isdigit():
        return None
    if not seps:
        return float(s), len(s)
    kinds = [("space" if c in SPACE_SEPARATORS else "apos" if c in APOSTROPHES else c) for c in seps]
    marks = [k for k in kinds if k in (".", ",")]
    decimal_mark: str | None = None
    if len(set(marks)) == 2:
        decimal_mark = next(k for k in reversed(kinds) if k in (".", ","))
    elif len(marks) == 1:
        m = marks[0]
        after = digit_runs[kinds.index(m) + 1]
        in_decimal = m in fmt.decimal
        in_groups = m in fmt.groups
        if in_decimal and not in_groups:
            decimal_mark = m
        elif in_groups and not in_decimal:
            decimal_mark = None if len(after) == 3 and kinds.index(m) == len(kinds) - 1 and _groups_ok(digit_runs[: kinds.index(m) + 2]) else m
        else:
            decimal_mark = m
    # build the value; stop at the first separator that does not fit
    int_part = digit_runs[0]
    used = len(digit_runs[0])
    frac = ""
    for i, kind in enumerate(kinds):
        nxt = digit_runs[i + 1]
        if kind == decimal_mark and not frac:
            frac = nxt
            used += 1 + len(nxt)
            # nothing may follow the decimals
            break
        if kind == decimal_mark or len(nxt) != 3 or (i == 0 and len(digit_runs[0]) > 3):
            break
        int_part += nxt
        used += 1 + len(nxt)
    value = float(int_part + ("." + frac if frac else ""))
    return value, used


def _groups_ok(runs: list[str]) -> bool:
    return 1 <= len(runs[0]) <= 3 and all(len(r) == 3 for r in runs[1:])


def parse_words(text: str, lang: str) -> float | None:
    """Value of a spelled-out number ("twenty-seven", "quatre-vingt-dix", "four hundred million")."""
    return _parse_words_cached(text, lang) if len(text) <= 60 else _parse_words(text, lang)


def _parse_words(text: str, lang: str) -> float | None:
    fmt = number_format(lang)
    tokens = _word_tokens(text.lower(), fmt)
    if not tokens:
        return None
    total = 0.0
    current = 0.0
    seen = False
    for tok in tokens:
        if tok in fmt.joiners:
            continue
        # scales and multipliers first: German lists "hundert" both as a word and a multiplier
        if tok in fmt.scales and (current or total or tok not in fmt.words):
            total += (current or 1.0) * fmt.scales[tok]
            current = 0.0
            seen = True
        elif tok in fmt.multipliers and (current or tok not in fmt.words):
            current = (current or 1.0) * fmt.multipliers[tok]
            seen = True
        elif tok in fmt.words:
            current += fmt.words[tok]
            seen = True
        else:
            return None
    return total + current if seen else None


#: "two", "three", "a dozen" come back again and again: short phrases are read once
_parse_words_cached = functools.lru_cache(maxsize=4096)(_parse_words)


def _word_tokens(text: str, fmt: NumberFormat) -> list[str]:
    """Split a spelled-out number into the longest known words ("quatre-vingt-dix" stays whole)."""
    vocab = fmt.words.keys() | fmt.multipliers.keys() | fmt.scales.keys() | fmt.joiners
    parts = re.split(r"[\s]+", text.strip())
    if fmt.compound:
        parts = [seg for part in parts for seg in _segment(part, vocab)]
    out: list[str] = []
    for part in parts:
        pieces = part.split("-")
        i = 0
        while i < len(pieces):
            # longest hyphenated run that is a known word
            for j in range(len(pieces), i, -1):
                cand = "-".join(pieces[i:j])
                if cand in vocab:
                    out.append(cand)
                    i = j
                    break
            else:
                if pieces[i]:
                    out.append(pieces[i])
                i += 1
    # multi-word entries ("a dozen", "half a dozen") are matched by the caller's regex as a whole
    joined = " ".join(out)
    if joined in vocab:
        return [joined]
    return out


def _segment(word: str, vocab) -> list[str]:
    """Split a glued number word into known words, longest first ("siebenundzwanzig")."""
    out: list[str] = []
    i = 0
    while i < len(word):
        for j in range(len(word), i, -1):
            if word[i:j] in vocab:
                out.append(word[i:j])
                i = j
                break
        else:
            return [word]
    return out


def format_number(value: float, lang: str, decimals: int | None = None) -> str:
    """Write ``value`` as ``lang`` writes numbers (used by tests and reports)."""
    fmt = number_format(lang)
    dec = sorted(fmt.decimal)[0]
    # the first group separator the data file lists is the one the language prefers
    group = next((g for g in fmt.group_order if g not in fmt.decimal), "")
    if decimals is None:
        decimals = 0 if float(value).is_integer() else len(f"{float(value):.15f}".rstrip("0").split(".")[1])
    text = f"{abs(value):,.{decimals}f}"
    int_part, _, frac = text.partition(".")
    int_part = int_part.replace(",", group)
    out = int_part + (dec + frac if frac else "")
    return ("-" if value < 0 else "") + out
