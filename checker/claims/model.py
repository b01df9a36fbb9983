"""Claims: a number from the scanner tied to a metric, a subject and a period."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class Period:
    """The time a claim refers to.

    kind: "point" (a day, month or year: start == end at its granularity), "interval" (start, end),
    "deadline" ("by 2035": end only), "since" (start only), "publication" (no time in the text:
    the document's publication date stands in), "unknown" (undated document, no time in the text).
    start/end are ISO 8601 strings at their own granularity ("2035", "2024-10", "2025-06-24").
    """

    kind: str
    start: str | None = None
    end: str | None = None

    def label(self) -> str:
        if self.kind == "deadline":
            return f"by {self.end}"
        if self.kind == "since":
            return f"since {self.start}"
        if self.kind == "interval":
            return f"{self.start}/{self.end}"
        if self.kind == "point":
            return str(self.start)
        if self.kind == "publication":
            return f"as of {self.start}" if self.start else "as of publication"
        return "undated"


@dataclass(slots=True)
class Claim:
    id: str
    metric: str
    subject: str
    value: float | tuple[float, float] | str
    unit: str
    qualifier: str
    period: Period
    stance: str | None
    attribution: str | None
    doc: str
    published: date | None
    lang: str
    start: int
    end: int
    line: int
    column: int
    quote: str               # the mention's text, text[start:end]
    sentence: str = ""       # the sentence it stands in
    #: how the claim was made, for `explain`: cue, distance, subject reason, period reason
    why: dict = field(default_factory=dict)
