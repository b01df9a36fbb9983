"""Turning the parts of a time expression into ISO 8601 / TIMEX3 values, anchored to a date.

The anchor is always the document's publication date, passed in: nothing here reads the clock
(a checker whose output changes with the day it runs cannot be tested or trusted).
Values keep the granularity that was written: "October 2024" is "2024-10", never a day.

``dateparser`` resolves the relative expressions the finder hands it ("il y a 3 semaines",
"3 weeks ago", with the number already in digits): one parser per language, results cached
on (lang, candidate, anchor). Structured forms (day + month name + year, month + year, years)
are resolved directly here, which ``tests/test_timex_properties.py`` checks against dateparser.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

#: TIMEX3 duration letters by unit: (designator, multiplier, needs the "T" time marker)
DURATION_CODES: dict[str, tuple[str, int, bool]] = {
    "second": ("S", 1, True),
    "minute": ("M", 1, True),
    "hour": ("H", 1, True),
    "day": ("D", 1, False),
    "week": ("W", 1, False),
    "fortnight": ("W", 2, False),
    "month": ("M", 1, False),
    "year": ("Y", 1, False),
    "decade": ("Y", 10, False),
    "century": ("Y", 100, False),
}
#: vague durations ("quelques années" -> PXY); decades and centuries have TIMEX3 letters of their own
VAGUE_CODES = {"decade": "PXDE", "century": "PXCE"}
#: a season's middle month, to place it on the calendar when its year must be guessed
SEASON_MONTH = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}
REFERENCES = ("PAST_REF", "PRESENT_REF", "FUTURE_REF")


@dataclass
class Partial:
    """What a time expression says, field by field, before it is anchored."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    period: str | None = None  # "Q2", "H1", or a season code "SU"
    decade: int | None = None  # 199 for the 1990s
    direction: int | None = None  # -1 last, 0 this, +1 next (name modifiers)
    relative: tuple[str, int] | None = None  # ("year", -1)
    reference: str | None = None  # PAST_REF ...
    day_part: str | None = None  # MO, AF, EV, NI
    bound: int | None = None  # -1: on or before the anchor ("depuis"), +1: on or after ("d'ici")


def format_number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.3f}".rstrip("0").rstrip(".")


def duration_value(amount: float | None, unit: str) -> str:
    """ "P3W", "PT30.4S", "P20Y" for two decades, "PXM" when the amount is unspecified."""
    letter, factor, timed = DURATION_CODES[unit]
    if amount is None:
        return VAGUE_CODES.get(unit, f"P{'T' if timed else ''}X{letter}")
    return f"P{'T' if timed else ''}{format_number(amount * factor)}{letter}"


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def shift_date(d: dt.date, unit: str, n: int) -> dt.date:
    """``d`` moved by n units (months and years keep the day, clamped to the month's end)."""
    if unit in ("day", "week", "fortnight"):
        return d + dt.timedelta(days=n * {"day": 1, "week": 7, "fortnight": 14}[unit])
    months = n * {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}[unit]
    y, m = add_months(d.year, d.month, months)
    last = (dt.date(*add_months(y, m, 1), 1) - dt.timedelta(days=1)).day
    return dt.date(y, m, min(d.day, last))


def at_granularity(d: dt.date, unit: str) -> tuple[str, str]:
    """The ISO value of the ``unit``-long period that contains ``d``, and its granularity."""
    if unit == "week":
        year, week, _ = d.isocalendar()
        return f"{year}-W{week:02d}", "week"
    if unit == "month":
        return f"{d.year:04d}-{d.month:02d}", "month"
    if unit == "quarter":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}", "quarter"
    if unit in ("year", "decade", "century"):
        return f"{d.year:04d}", "year"
    return d.isoformat(), "day"


def resolve_relative(unit: str, n: int, anchor: dt.date) -> tuple[str, str]:
    """ "last year" (year, -1) -> "2024" for an anchor in 2025."""
    return at_granularity(shift_date(anchor, unit, n), unit)


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def pick_year(
    month: int, day: int | None, anchor: dt.date, direction: int | None, weekday: int | None = None, bound: int | None = None
) -> int | None:
    """The year of a date written without one.

    direction -1 ("dernier", "last"): latest strictly before the anchor; +1: earliest strictly
    after; 0 ("this"): the anchor's year; None: the nearest one, among those whose weekday
    agrees when a weekday was written ("jeudi 12 septembre").
    """
    if direction == 0:
        return anchor.year
    key_anchor = (anchor.month, anchor.day if day is not None else 0)
    candidates = []
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        if day is not None and not _valid(y, month, day):
            continue
        if weekday is not None and day is not None and dt.date(y, month, day).isoweekday() != weekday:
            continue
        candidates.append(y)
    if not candidates:
        return None
    if direction == -1:
        before = [y for y in candidates if (y, month, day or 0) < (anchor.year, *key_anchor)]
        return max(before) if before else None
    if direction == 1:
        after = [y for y in candidates if (y, month, day or 0) > (anchor.year, *key_anchor)]
        return min(after) if after else None
    if bound == -1:  # "depuis janvier": this January or the last one, never a future one
        return max(y for y in candidates if (y, month, day or 0) <= (anchor.year, *key_anchor)) if any(
            (y, month, day or 0) <= (anchor.year, *key_anchor) for y in candidates) else None
    if bound == 1:  # "d'ici le 30 juin": the next one
        later = [y for y in candidates if (y, month, day or 0) >= (anchor.year, *key_anchor)]
        return min(later) if later else None

    def distance(y: int) -> float:
        if day is not None:
            return abs((dt.date(y, month, day) - anchor).days)
        return abs((y * 12 + month) - (anchor.year * 12 + anchor.month))

    return min(candidates, key=lambda y: (distance(y), -y))


def pick_weekday(weekday: int, anchor: dt.date, direction: int | None, bound: int | None = None) -> dt.date:
    """A weekday without a date: the nearest one (within three days) unless a modifier or a cue
    says which way ("mardi dernier", "depuis mardi")."""
    delta = weekday - anchor.isoweekday()
    if direction is None and bound == -1:
        return anchor - dt.timedelta(days=(anchor.isoweekday() - weekday) % 7)
    if direction is None and bound == 1:
        return anchor + dt.timedelta(days=(weekday - anchor.isoweekday()) % 7)
    if direction == -1:
        back = (anchor.isoweekday() - weekday) % 7 or 7
        return anchor - dt.timedelta(days=back)
    if direction == 1:
        ahead = (weekday - anchor.isoweekday()) % 7 or 7
        return anchor + dt.timedelta(days=ahead)
    delta = (delta + 3) % 7 - 3  # into -3..3
    return anchor + dt.timedelta(days=delta)


def two_digit_year(yy: int, anchor: dt.date | None) -> int:
    """ "'93" -> 1993: the century that puts the year at most ten years after the anchor."""
    limit = (anchor.year if anchor else 2000) + 10
    year = 2000 + yy
    return year if year <= limit else year - 100


def resolve_partial(p: Partial, anchor: dt.date | None) -> tuple[str | None, str | None, dict]:
    """(value, granularity, extra) of a parsed expression; extra notes guesses and missing anchors.

    A part of the day ("hier soir") is appended to a day value as TIMEX3 does ("2025-06-23TEV").
    """
    value, gran, extra = _resolve(p, anchor)
    if p.day_part and gran == "day":
        if value is not None:
            value = f"{value}T{p.day_part}"
        gran = "part_of_day"
    return value, gran, extra


def _resolve(p: Partial, anchor: dt.date | None) -> tuple[str | None, str | None, dict]:
    extra: dict = {}
    if p.reference:
        return p.reference, None, extra
    if p.decade is not None:
        return f"{p.decade}X", "decade", extra
    if p.relative:
        unit, n = p.relative
        if anchor is None:
            return None, unit, {"unanchored": True}
        value, gran = resolve_relative(unit, n, anchor)
        return value, gran, extra
    year = p.year
    if year is None and (p.month or p.period or p.day) and p.month != 0:
        if anchor is None:
            return None, _granularity(p), {"unanchored": True, "partial": _partial_value(p)}
        if p.period and p.period[0] in "QH":
            month = (int(p.period[1]) - 1) * (3 if p.period[0] == "Q" else 6) + 1
        elif p.period:
            month = SEASON_MONTH[p.period]
        else:
            month = p.month
        year = pick_year(month, p.day, anchor, p.direction, p.weekday, p.bound)
        if year is None:
            return None, _granularity(p), {"unresolved": True}
        extra["year_inferred"] = True
    if year is None and p.weekday is not None:
        if anchor is None:
            return None, "day", {"unanchored": True}
        guess = {"weekday_guess": True} if p.direction is None and p.bound is None else {}
        return pick_weekday(p.weekday, anchor, p.direction, p.bound).isoformat(), "day", guess
    if year is None:
        return None, None, {"unresolved": True}
    if p.period:
        return f"{year:04d}-{p.period}", _granularity(p), extra
    if p.month and p.day:
        if not _valid(year, p.month, p.day):
            return None, None, {"invalid": True}
        return f"{year:04d}-{p.month:02d}-{p.day:02d}", "day", extra
    if p.month:
        return f"{year:04d}-{p.month:02d}", "month", extra
    return f"{year:04d}", "year", extra


def _granularity(p: Partial) -> str:
    if p.period:
        return {"Q": "quarter", "H": "half"}.get(p.period[0], "season")
    if p.day:
        return "day"
    if p.month:
        return "month"
    return "year"


def _partial_value(p: Partial) -> str:
    if p.period:
        return f"XXXX-{p.period}"
    if p.day:
        return f"XXXX-{p.month:02d}-{p.day:02d}"
    return f"XXXX-{p.month:02d}"


# -- dateparser ---------------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _parser(lang: str, base: dt.date):
    """A DateDataParser for ``lang`` anchored at ``base``.

    dateparser fixes RELATIVE_BASE when a parser is built, so the parser of a language is reused
    for every expression of a document (same anchor); after the first one of a language (which
    loads its data, ~0.1 s) building one costs under a millisecond.
    """
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=[lang],
        settings={
            "RELATIVE_BASE": dt.datetime(base.year, base.month, base.day),
            "RETURN_AS_TIMEZONE_AWARE": False,
            "PREFER_DATES_FROM": "current_period",
        },
    )


@functools.lru_cache(maxsize=4096)
def dateparse(lang: str, candidate: str, base: dt.date) -> tuple[dt.date, str] | None:
    """dateparser's reading of one candidate string relative to ``base``: (date, period)."""
    try:
        data = _parser(lang, base).get_date_data(candidate)
    except Exception:  # dateparser raises on odd input; a failed parse is simply no reading
        return None
    if data is None or data.date_obj is None:
        return None
    return data.date_obj.date(), data.period or "day"
