"""Claims: a number from the scanner tied to a metric, a subject and a period."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from checker.regex_store import cached_compile

_CLOCK = cached_compile(r"T(\d{2}:\d{2})$")


def readable_time(value: str | None) -> str:
    """'2025-03-14T18:00' -> '2025-03-14 18:00', 'T18:00' -> '18:00'; other values unchanged.

    One search, no substitution: the clock is anchored at the end, so it is found once at most
    (a million claims timed to the hour read this for every period a finding shows)."""
    text = str(value or "")
    m = _CLOCK.search(text) if "T" in text else None
    if m is None:
        return text
    at = m.start()
    return text[:at] + (" " if at else "") + m.group(1) + text[m.end():]


@dataclass(frozen=True, slots=True)
class Period:
    """The time a claim refers to.

    kind: "point" (a day, month or year: start == end at its granularity), "interval" (start, end),
    "deadline" ("by 2035": end only), "since" (start only), "publication" (no time in the text:
    the document's publication date stands in), "unknown" (undated document, no time in the text).
    start/end are ISO 8601 strings at their own granularity ("2035", "2024-10", "2025-06-24");
    for metrics ``timed to the hour`` they may carry a time of day ("2025-03-14T18:00"; "T18:00"
    in an undated document).
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
            return readable_time(self.start)
        if self.kind == "publication":
            return f"as of {readable_time(self.start)}" if self.start else "as of publication"
        if self.start:
            return f"undated, at {readable_time(self.start)}"
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


def number_claims(claims: list[Claim]) -> None:
    """Give claims their ids ("c1", "c2", ...) in the order given (documents, then offsets)."""
    for i, c in enumerate(claims, 1):
        c.id = f"c{i}"


def claim_end(doc, claim) -> tuple[int, int]:
    """(line, column) just after the claim's last character in the source file.

    (Here rather than with the ledger, its other user: ``claims`` and ``check`` need it for
    every document and should not import the ledger's database code to get it.)
    """
    if claim.end <= claim.start:
        return claim.line, claim.column
    line, col = doc.line_col(claim.end - 1)
    return line, col + 1
