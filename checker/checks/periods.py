"""When a claim holds: which claims speak of the same time, and how claims order in time.

Two questions, answered separately on purpose:

``time_key`` (for conflict, sum and part): two claims are about the *same time* when their keys
are equal. Precision first, so "the same time" is narrow:

- point and point: the same ISO value at the same granularity ("2024" and "2024", not "2024" and
  "2024-10": a yearly figure and a monthly one are different quantities);
- deadline "by 2035": only another deadline, or a point, at the same date ("2035");
- publication (no time in the text, the document's date stands in): the same day, so documents
  published on different days never speak of the same time; a point naming that day matches;
- interval: the same start and end; since: the same start;
- unknown (undated document, no time in the text): only claims of the same document;
- anything unreadable: None, which matches nothing.

``order_key`` (for change and stale): where a claim sits on a timeline. Points and intervals sit
at their start, deadlines at their end date, "since" at its start, publication at the document's
date. A claim of an undated document with no time in the text sits *after* the latest date the
document mentions (``undated_anchor``, supplied by the caller): at the last day of that date's
span, after everything dated that day.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache

from checker.claims.model import Claim
from checker.regex_store import cached_compile

_YEAR = cached_compile(r"^(\d{4})$")
_MONTH = cached_compile(r"^(\d{4})-(\d{2})$")
_DAY = cached_compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_QUARTER = cached_compile(r"^(\d{4})-Q([1-4])$")
_HALF = cached_compile(r"^(\d{4})-H([12])$")
_WEEK = cached_compile(r"^(\d{4})-W(\d{2})$")


def normalize_iso(text: str | None) -> str | None:
    """The ISO value without a time of day ("2025-06-24T10:00" -> "2025-06-24"), if readable."""
    if not text:
        return None
    t = str(text).strip().split("T", 1)[0]
    return t if iso_span(t) is not None else None


def iso_span(text: str | None) -> tuple[date, date] | None:
    """The days an ISO 8601 value covers, as [first day, day after the last)."""
    if not text:
        return None
    return _day_span(str(text).strip().split("T", 1)[0])


@lru_cache(maxsize=1 << 16)
def _day_span(t: str) -> tuple[date, date] | None:
    """``iso_span`` of a value without its time of day (a corpus names few distinct days)."""
    try:
        if m := _YEAR.match(t):
            y = int(m.group(1))
            return date(y, 1, 1), _safe(y + 1, 1, 1)
        if m := _MONTH.match(t):
            y, mo = int(m.group(1)), int(m.group(2))
            return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1]) + timedelta(days=1)
        if m := _DAY.match(t):
            d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            return d, d + timedelta(days=1)
        if m := _QUARTER.match(t):
            y, q = int(m.group(1)), int(m.group(2))
            start = date(y, 3 * q - 2, 1)
            end = _safe(y + 1, 1, 1) if q == 4 else date(y, 3 * q + 1, 1)
            return start, end
        if m := _HALF.match(t):
            y, h = int(m.group(1)), int(m.group(2))
            return (date(y, 1, 1), date(y, 7, 1)) if h == 1 else (date(y, 7, 1), _safe(y + 1, 1, 1))
        if m := _WEEK.match(t):
            monday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
            return monday, monday + timedelta(days=7)
    except (ValueError, OverflowError):
        return None
    return None


def _safe(y: int, m: int, d: int) -> date:
    return date(min(y, 9999), m, d) if y <= 9999 else date(9999, 12, 31)


def publication_day(claim: Claim) -> str | None:
    """The document's publication day: the claim's own publication period, else ``published``."""
    if claim.period.kind == "publication":
        day = normalize_iso(claim.period.start)
        if day:
            return day
    return claim.published.isoformat() if claim.published else None


_CLOCK = cached_compile(r"T(\d{2}):(\d{2})$")


def clock_of(period) -> tuple[int, int] | None:
    """(hour, minute) of a period that carries a time of day (timed metrics), else None."""
    text = period.start or period.end or ""
    m = _CLOCK.search(str(text))
    return (int(m.group(1)), int(m.group(2))) if m else None


def time_key(claim: Claim, resolution: str | None = None) -> tuple | None:
    """Equal keys = same time (see module doc); None = comparable with nothing.

    ``resolution`` ("hour" or "minute", from a metric ``timed to the hour``): a claim whose
    period carries a time of day is the same time only as claims of the same day and hour (or
    minute); a claim of that day with no time of day is another time.
    """
    key = _day_key(claim)
    if key is None or resolution is None:
        return key
    clock = clock_of(claim.period)
    if clock is None:
        return key
    return key + ((clock[0],) if resolution == "hour" else clock,)


def _day_key(claim: Claim) -> tuple | None:
    p = claim.period
    if p.kind == "point":
        s = normalize_iso(p.start) or normalize_iso(p.end)
        return ("at", s) if s else None
    if p.kind == "deadline":
        s = normalize_iso(p.end)
        return ("at", s) if s else None
    if p.kind == "interval":
        s, e = normalize_iso(p.start), normalize_iso(p.end)
        return ("span", s, e) if s and e else None
    if p.kind == "since":
        s = normalize_iso(p.start)
        return ("since", s) if s else None
    if p.kind == "publication":
        day = publication_day(claim)
        return ("at", day) if day else ("undated", claim.doc)
    if p.kind == "unknown":
        return ("undated", claim.doc)
    return None


def order_key(claim: Claim, undated_anchor: dict[str, str]) -> tuple[tuple[int, int, int] | None, str | None]:
    """(ordinal day, 0 dated / 1 undated, minute of the day or -1) and the anchor used when
    the claim is undated. The minute is known only for claims with a time of day (timed
    metrics): within a day they sort by it, after the claims of that day with no time."""
    key, anchor = _order_day(claim, undated_anchor)
    if key is None:
        return key, anchor
    clock = clock_of(claim.period)
    return key + (clock[0] * 60 + clock[1] if clock else -1,), anchor


def _order_day(claim: Claim, undated_anchor: dict[str, str]) -> tuple[tuple[int, int] | None, str | None]:
    p = claim.period
    text: str | None = None
    if p.kind in ("point", "interval", "since"):
        text = p.start or (p.end if p.kind == "point" else None)
    elif p.kind == "deadline":
        text = p.end
    if p.kind in ("point", "interval", "since", "deadline"):
        span = iso_span(text)
        return ((span[0].toordinal(), 0), None) if span else (None, None)
    if p.kind in ("publication", "unknown"):
        day = publication_day(claim) if p.kind == "publication" else (
            claim.published.isoformat() if claim.published else None)
        if day:
            span = iso_span(day)
            return ((span[0].toordinal(), 0), None) if span else (None, None)
        return anchor_key(claim.doc, undated_anchor)
    return None, None


def anchor_key(doc: str, undated_anchor: dict[str, str]) -> tuple[tuple[int, int] | None, str | None]:
    """An undated document sits after the last day of the latest date it mentions."""
    anchor = normalize_iso(undated_anchor.get(doc))
    if not anchor:
        return None, None
    span = iso_span(anchor)
    assert span is not None
    return (span[1].toordinal() - 1, 1), anchor


def doc_date(claim: Claim, undated_anchor: dict[str, str]) -> tuple[tuple[int, int] | None, str | None, bool]:
    """When the claim's document was written: (sort key, label, undated?).

    Dated documents: their publication day. Undated ones: after their anchor (see order_key).
    """
    day = claim.published.isoformat() if claim.published else None
    if day is None and claim.period.kind == "publication":
        day = normalize_iso(claim.period.start)
    if day:
        span = iso_span(day)
        if span:
            return (span[0].toordinal(), 0), day, False
    key, anchor = anchor_key(claim.doc, undated_anchor)
    return key, anchor, key is not None


def latest_mentioned(values) -> str | None:
    """The latest readable ISO value among a document's time mentions: an undated document's anchor.

    "Latest" is by start: a document mentioning "2024" and "October 2024" was written in October
    2024 at the earliest. Pass the dates a document reports as past or present (points), not its
    deadlines or forecasts: an article mentioning "by 2035" was not written after 2035.
    """
    best: tuple | None = None
    for v in values:
        norm = normalize_iso(v)
        span = iso_span(norm)
        if norm and span:
            key = (span[0], span[1], norm)
            if best is None or key > best:
                best = key
    return best[2] if best else None
