"""Reading a publication date from front matter or HTML metadata.

Only unambiguous ISO 8601 dates are accepted ("2025-06-24", "2025-06-24T08:00:00+02:00"):
a publication date anchors every relative date in the article ("last year", "in three weeks"),
so guessing one from "06/07/2025" would produce confident wrong findings. The date is kept as
written, never shifted to UTC, because the article's own calendar day is what it refers to.
"""

from __future__ import annotations

from datetime import date, datetime

from checker.regex_store import cached_compile

_ISO_DATE = cached_compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T ]|\s)")
_ISO_TIME = cached_compile(r"\s*\d{4}-\d{2}-\d{2}[T ](\d{2}):(\d{2})")


def parse_published(value: object) -> date | None:
    """A ``date`` from a YAML value or an ISO 8601 string; ``None`` for no value.

    Raises ``ValueError`` (with a message fit for the user) for a value that is not a date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        m = _ISO_DATE.match(value)
        if m:
            try:
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError as exc:
                raise ValueError(f"{value!r} is not a valid date ({exc})") from None
    if isinstance(value, (list, dict, set, tuple)):
        # never repr() a collection: YAML aliases can make one exponentially large
        kind = "mapping" if isinstance(value, dict) else "list"
        raise ValueError(f"a {kind} is not a date (write it as YYYY-MM-DD)")
    shown = repr(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    raise ValueError(f"cannot read {shown} as a date (write it as YYYY-MM-DD)")


def parse_published_time(value: object) -> str | None:
    """The time of day of a publication timestamp as written ("2025-03-14T18:40+03:00" -> "18:40").

    Kept in the article's own clock, like the date: a figure "as of 6 p.m." and an article
    published at 18:40 compare on the same clock. ``None`` when the value names a day only.
    Figures that change by the hour (``timed`` metrics) use it; nothing else does.
    """
    if isinstance(value, datetime):
        return f"{value.hour:02d}:{value.minute:02d}"
    if isinstance(value, str):
        m = _ISO_TIME.match(value)
        if m and int(m[1]) < 24 and int(m[2]) < 60:
            return f"{m[1]}:{m[2]}"
    return None
