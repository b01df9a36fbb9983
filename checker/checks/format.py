"""Readable values for finding messages: "5 % of GDP by 2035", "$35 billion", "27,000 police officers".

Messages are written in English whatever the article's language (the claim's ``quote`` keeps the
original wording), so the words here are output vocabulary, not language data for reading text.
Claims carry a language-free unit: a percent unit, an ISO 4217 code for money, the counted noun
for counts (shown as given: the claim builder chooses its form), a quantulum3 unit name.
"""

from __future__ import annotations

import math

from checker.claims.model import Claim, Period, readable_time
from checker.regex_store import cached_compile

QUALIFIER_WORDS = {
    "=": "",
    "~": "about ",
    ">": "over ",
    ">=": "at least ",
    "<": "under ",
    "<=": "at most ",
    "up": "up ",
    "down": "down ",
}

#: currencies written with a prefix symbol; other codes follow the number ("35 billion CHF")
CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}

_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
_PERCENT_UNITS = {"%", "percent", "per cent", "pct", "percentage"}
_PP_UNITS = {"percentage_point", "percentage point", "percentage points", "pp", "percentage-point"}
_GDP_UNITS = {"percent_of_gdp", "% of gdp", "percent of gdp", "%gdp", "% gdp"}
_NO_UNITS = {"", "dimensionless", "number", "none"}
_CURRENCY_CODE = cached_compile(r"^[A-Z]{3}$")
#: a money rate's unit as the claim builder writes it: "USD per year"
_CURRENCY_RATE = cached_compile(r"^([A-Z]{3}) per (\w+)$")


def _plain(x: float) -> str:
    """A number without binary noise, with thousands separators: 27000 -> '27,000', 4.12 -> '4.12'."""
    if float(x).is_integer() and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:,.10g}"


def format_number(x: float, scale_words: bool = True, decimals: int | None = None) -> str:
    """'35 billion', '1.5 million', '27,000', '4.12'; ``decimals`` keeps written zeros ('1.0')."""
    if math.isinf(x):
        return "infinity" if x > 0 else "-infinity"
    if scale_words:
        for scale, word in _SCALES:
            if abs(x) >= scale:
                return f"{_trim(x / scale)} {word}"
    if decimals is not None and 0 < decimals <= 12:
        return f"{x:,.{decimals}f}"
    return _plain(x)


def _trim(x: float) -> str:
    text = f"{x:.3f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def unit_style(unit: str, metric_kind: str | None = None) -> tuple[str, str]:
    """(prefix, suffix) to put around a number for this unit."""
    u = (unit or "").strip()
    low = u.lower()
    if metric_kind == "percent_of_gdp" or low in _GDP_UNITS:
        return "", " % of GDP"
    if metric_kind == "percentage_point" or low in _PP_UNITS:
        return "", " percentage points"
    if metric_kind == "percent" or low in _PERCENT_UNITS:
        return "", " %"
    if _CURRENCY_CODE.match(u) and (metric_kind in (None, "money")):
        symbol = CURRENCY_SYMBOLS.get(u)
        return (symbol, "") if symbol else ("", f" {u}")
    rate = _CURRENCY_RATE.match(u)
    if rate and metric_kind in (None, "money"):
        symbol = CURRENCY_SYMBOLS.get(rate.group(1))
        per = f" a {rate.group(2)}"
        return (symbol, per) if symbol else ("", f" {rate.group(1)}{per}")
    if low in _NO_UNITS:
        return "", ""
    return "", f" {u}"


def format_value(
    value: float | tuple | str | None,
    unit: str = "",
    qualifier: str = "=",
    metric_kind: str | None = None,
    decimals: int | None = None,
) -> str:
    """A value as a reader would write it: 'over 4 % of GDP', '$35 billion', '3-4 %', '2035'.

    ``decimals``: how many decimals the figure was written with, so "1.0 %" stays "1.0 %".
    """
    words = QUALIFIER_WORDS.get(qualifier or "=", f"{qualifier} ")
    if value is None:
        return "(no value)"
    if isinstance(value, str):
        return f"{words}{value}"
    prefix, suffix = unit_style(unit, metric_kind)
    big = metric_kind in (None, "money", "count", "number", "measure") and not suffix.startswith(" %")
    if isinstance(value, tuple):
        lo, hi = value
        if isinstance(lo, str) or isinstance(hi, str):
            return f"{words}{lo}/{hi}"
        return f"{words}{prefix}{_range(float(lo), float(hi), big)}{suffix}"
    return f"{words}{prefix}{format_number(float(value), big, decimals)}{suffix}"


def _range(lo: float, hi: float, big: bool) -> str:
    if big:
        for scale, word in _SCALES:
            if max(abs(lo), abs(hi)) >= scale and abs(lo) >= scale / 10:
                return f"{_trim(lo / scale)}-{_trim(hi / scale)} {word}"
    return f"{format_number(lo, big)}-{format_number(hi, big)}"


def period_phrase(period: Period) -> str:
    """' in 2024', ' by 2035', ' since 2014', ' in 2024/2025'; '' when no time was written."""
    if period.kind == "point" and (period.start or period.end):
        when = period.start or period.end
        return f" at {readable_time(when)}" if "T" in when else f" in {when}"
    if period.kind == "deadline" and period.end:
        return f" by {period.end}"
    if period.kind == "since" and period.start:
        return f" since {period.start}"
    if period.kind == "interval" and period.start and period.end:
        return f" in {period.start}/{period.end}"
    return ""


def period_label(claim: Claim) -> str:
    """The claim's time for a message: Period.label(), with the document's date for publication."""
    p = claim.period
    if p.kind == "publication" and not p.start and claim.published:
        return f"as of {claim.published.isoformat()}"
    return p.label()


def period_texts(claim: Claim) -> tuple[str, str]:
    """(``period_label(claim)``, ``period_phrase(claim.period)``), the time of day read once.

    A point with a time of day ("2025-03-14T18:00") is labelled "2025-03-14 18:00" and phrased
    " at 2025-03-14 18:00": both are its ``readable_time``. Running tolls are timed to the hour,
    so a large run shows many such periods, each of them once or twice."""
    p = claim.period
    start = p.start
    if p.kind == "point" and start and "T" in start:
        label = readable_time(start)
        return label, " at " + label
    return period_label(claim), period_phrase(p)


def decimals_of(unit: float | None) -> int | None:
    """Decimals shown for a rounding unit: 0.1 -> 1, 0.01 -> 2, 1 or more -> None."""
    if unit is None or unit >= 1 or unit <= 0:
        return None
    return max(0, -math.floor(math.log10(unit) + 1e-9))


def format_claim(claim: Claim, metric_kind: str | None = None, with_period: bool = True,
                 rounding: float | None = None) -> str:
    """'5 % of GDP by 2035', 'over 4 % of GDP in 2024', '$35 billion'; ``rounding``: see decimals_of."""
    text = format_value(claim.value, claim.unit, claim.qualifier, metric_kind, decimals_of(rounding))
    return text + (period_phrase(claim.period) if with_period else "")


def cite(claim: Claim) -> str:
    """Where a claim was made: 'doc:line'."""
    return f"{claim.doc}:{claim.line}"
