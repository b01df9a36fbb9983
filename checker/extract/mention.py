"""The scanner's output record: one quantity or time mention in a document.

Every field is language-free (``value`` is a number or an ISO 8601 / TIMEX3 string, ``unit`` is
quantulum3's unit name, ``currency`` an ISO 4217 code) so that later stages compare mentions
from English, French, German and Spanish text with one engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

#: kinds of quantity mention
QUANTITY_KINDS = ("percent", "percentage_point", "percent_of_gdp", "money", "count", "measure", "number")
#: kinds of time mention
TIME_KINDS = ("date", "year", "duration")
KINDS = QUANTITY_KINDS + TIME_KINDS

#: qualifiers: equal, approximately, bounds, and direction of a change
QUALIFIERS = ("=", "~", ">", ">=", "<", "<=", "up", "down")

Number = float
Value = Union[Number, tuple[Number, Number], str, tuple[str, str], None]


@dataclass(slots=True)
class Mention:
    """A quantity or time expression found in a document's text.

    ``text[start:end]`` of the document equals ``text`` here, always (property-tested).
    For ranges ``value`` is ``(low, high)``; for time expressions it is an ISO 8601 / TIMEX3 value
    ("2025-06-24", "2024-10", "2035", "P3W") or a pair of them for an interval.
    """

    start: int
    end: int
    text: str
    kind: str
    value: Value
    unit: str = "dimensionless"
    currency: str | None = None
    counted: str | None = None
    qualifier: str = "="
    sentence: int = 0
    lang: str = "en"
    #: for time mentions: "day", "month", "year", "week", "decade", ...; for durations the unit
    granularity: str | None = None
    #: for time mentions: "point", "deadline" ("by 2035"), "interval", "since", "relative"
    time_role: str | None = None
    #: a duration's amount and unit ("3 weeks" -> 3, "week") so that numeric tools can use it
    amount: float | None = None
    #: the number's scale as written ("35 milliards" -> 1e9), 1 when none
    scale: float = 1.0
    extra: dict = field(default_factory=dict)

    @property
    def is_time(self) -> bool:
        return self.kind in TIME_KINDS
