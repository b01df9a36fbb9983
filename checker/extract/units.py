"""The unit vocabulary: quantulum3's unit names, surfaces and symbols, plus each language's words.

quantulum3's tables are precompiled into checker/data/units.json by scripts/build_units.py
(building them at run time costs about two seconds); this module loads that file and answers
"which unit does this word name?" with dictionary look-ups.
"""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass

from checker import lang as langdata

#: the unit name for a currency code when quantulum3 has several (gold-standard corpora and
#: users say "dollar" for USD, not "united states dollar")
PREFERRED_CURRENCY_UNIT = {"USD": "dollar", "ILS": "shekel", "HRK": "croatian kuna"}
#: minor units some languages name after a number: pseudo-code -> (ISO code, unit name)
MINOR_UNITS = {"USC": ("USD", "cent"), "GBX": ("GBP", "penny"), "EUC": ("EUR", "cent")}
TIME_UNITS = {
    "year": "Y", "month": "M", "week": "W", "day": "D", "hour": "H", "minute": "M", "second": "S",
    "decade": "Y", "century": "Y",
}
TIME_FACTOR = {"decade": 10, "century": 100}


@dataclass(frozen=True)
class Vocabulary:
    units: dict[str, dict]            # name -> {"entity": ..., "currency": ...}
    surfaces: dict[str, str]          # lowercase surface -> name
    symbols: dict[str, str]           # case-sensitive symbol -> name
    currency_unit: dict[str, str]     # ISO code -> unit name
    measure_alternatives: dict[str, str]  # currency word that also names a measure -> that unit

    def entity(self, name: str) -> str | None:
        info = self.units.get(name)
        return info["entity"] if info else None


@functools.cache
def vocabulary() -> Vocabulary:
    # (a file of the package, read from its folder: see ``checker.lang._read``)
    with open(os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "units.json"), encoding="utf-8") as handle:
        raw = json.load(handle)
    currency_unit: dict[str, str] = {}
    for name, info in sorted(raw["units"].items(), key=lambda kv: (len(kv[0]), kv[0])):
        code = info.get("currency")
        if code and code not in currency_unit:
            currency_unit[code] = name
    currency_unit.update(PREFERRED_CURRENCY_UNIT)
    return Vocabulary(raw["units"], raw["surfaces"], raw["symbols"], currency_unit, raw.get("measure_alternatives", {}))


@functools.cache
def currency_unit_name(code: str) -> tuple[str, str]:
    """(ISO code, unit name) for a currency code or a minor-unit pseudo-code."""
    if code in MINOR_UNITS:
        return MINOR_UNITS[code]
    name = vocabulary().currency_unit.get(code)
    return code, name or _iso_currency_name(code)


@functools.cache
def _iso_currency_name(code: str) -> str:
    """English name of a currency quantulum3 lacks, from ISO 4217 via pycountry (loaded lazily)."""
    import pycountry

    cur = pycountry.currencies.get(alpha_3=code)
    return cur.name.lower() if cur else code.lower()


@functools.cache
def language_units(lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """(case-sensitive, lowercase) maps from this language's unit words to unit names."""
    words = langdata.section(lang, "quantities").get("units") or {}
    exact = {str(k): v for k, v in words.items()}
    lower = {str(k).lower(): v for k, v in words.items()}
    return exact, lower


@dataclass(frozen=True)
class UnitMatcher:
    """One anchored regex over every unit phrase of a language (quantulum3's surfaces and
    symbols plus the language file's words), so that reading a unit is one ``match`` call.

    The regex holds two lookaheads: group 1 is the longest-first match among the case-sensitive
    symbols and words, group 2 among the case-insensitive surfaces; the longer of the two wins
    (the case-sensitive one on a tie). One call where two separate regexes took two."""

    regex: "re.Pattern"
    exact: dict[str, str]
    lower: dict[str, str]

    def match(self, text: str, pos: int) -> tuple[str, int, bool] | None:
        """(unit name, end, spaced) of the unit starting at ``pos`` (after white space), or None."""
        m = self.regex.match(text, pos)
        cs_start, cs_end = m.span(1)
        ci_start, ci_end = m.span(2)
        if ci_end > cs_end:
            start, end, cs = ci_start, ci_end, False
        elif cs_start >= 0:
            start, end, cs = cs_start, cs_end, True
        else:
            return None
        phrase = text[start:end]
        spaced = start > pos and text[pos] in " \u00a0\u202f\t"
        if cs:
            name = self.exact[phrase]
            if len(phrase) == 1 and phrase not in (SPACED_SINGLE_SYMBOLS if spaced else GLUED_SINGLE_SYMBOLS):
                return None
        else:
            name = self.lower[phrase.lower()]
        return name, end, spaced


#: one-letter symbols that may stand apart from their number ("5 m", "5 W"); others ("a", "s",
#: "h") are too often ordinary words
SPACED_SINGLE_SYMBOLS = frozenset("mgWVK%")
#: one-letter symbols read when glued to a number ("5m", "3h", "2t"); others ("5G", "3D") are
#: names of things
GLUED_SINGLE_SYMBOLS = frozenset("mglLWVAKhtJNBbC%°'\"″”")


@functools.cache
def unit_matcher(lang: str, stopwords: frozenset[str]) -> UnitMatcher:
    from checker.extract.patterns import compile_spelled, trie_pattern

    voc = vocabulary()
    exact_lang, lower_lang = language_units(lang)
    exact: dict[str, str] = {}
    for sym, name in voc.symbols.items():
        if sym.lower() in stopwords and len(sym) > 1:
            continue
        exact[sym] = name
    exact.update(exact_lang)
    lower: dict[str, str] = {}
    for surface, name in voc.surfaces.items():
        if len(surface) > 2 and surface not in stopwords:
            lower[surface] = name
    lower.update({k: v for k, v in lower_lang.items() if len(k) > 1})
    end = r"(?![^\W\d_])"
    case_sensitive = r"[\s\u00a0\u202f]*-?(" + trie_pattern(exact) + ")" + end
    any_case = r"[\s\u00a0\u202f]*-?(?i:(" + trie_pattern(lower) + "))" + end
    # (each lookahead may fail alone: "(?:(?=...)|)" keeps the other's group)
    regex = compile_spelled(f"(?:(?={case_sensitive})|)(?:(?={any_case})|)")
    return UnitMatcher(regex, exact, lower)


def lookup(phrase: str, lang: str, spaced: bool, stopwords: frozenset[str]) -> str | None:
    """The unit a phrase names, or None.

    ``spaced`` says whether white space separates the phrase from its number: then one-letter
    symbols and symbols that are ordinary words of the language ("a", "in") do not count,
    because "5 a day" is not five ares.
    """
    exact, lower = language_units(lang)
    if phrase in exact:
        return exact[phrase]
    low = phrase.lower()
    if low in lower and (len(phrase) > 1 or not spaced):
        return lower[low]
    voc = vocabulary()
    if phrase in voc.symbols:
        if not spaced or (len(phrase) > 1 and low not in stopwords) or phrase in ("m", "g", "%"):
            return voc.symbols[phrase]
    if low in voc.surfaces and low not in stopwords and len(low) > 2:
        return voc.surfaces[low]
    return None


def iso_duration(amount: float, unit: str) -> str | None:
    """ISO 8601 duration for an amount of a time unit ("3", "week" -> "P3W")."""
    letter = TIME_UNITS.get(unit)
    if letter is None:
        return None
    amount = amount * TIME_FACTOR.get(unit, 1)
    num = str(int(amount)) if float(amount).is_integer() else f"{amount:g}"
    if unit in ("hour", "minute", "second"):
        return f"PT{num}{letter}"
    return f"P{num}{letter}"
