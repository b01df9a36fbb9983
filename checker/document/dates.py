"""Reading a publication date from front matter or HTML metadata.

Only unambiguous ISO 8601 dates are accepted ("2025-06-24", "2025-06-24T08:00:00+02:00"):
a publication date anchors every relative date in the article ("last year", "in three weeks"),
so guessing one from "06/07/2025" would produce confident wrong findings. The date is kept as
written, never shifted to UTC, because the article's own calendar day is what it refers to.
"""

from __future__ import annotations

import re
from datetime import date, datetime

_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T ]|\s)")


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
    raise ValueError(f"cannot read {value!r} as a date (write it as YYYY-MM-DD)")
