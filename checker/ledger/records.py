"""Claims to ledger rows and back, losslessly: every ``Claim`` field, the period, and ``why``.

Values keep their type through JSON (a number, a ``[low, high]`` range, a date string); the
numeric bounds are stored beside them so that exports and SQL queries can sort by value.
"""

from __future__ import annotations

import json
from datetime import date

from checker.claims.model import Claim, Period

#: the claims columns written by ``claim_row``, in order
CLAIM_COLUMNS = (
    "document_id", "seq", "metric", "metric_kind", "subject", "value", "value_low", "value_high",
    "unit", "qualifier", "period_kind", "period_start", "period_end", "stance", "attribution", "lang",
    "start_offset", "end_offset", "line", "col", "end_line", "end_col", "quote", "sentence", "why",
)


def value_to_json(value) -> str:
    return json.dumps(list(value) if isinstance(value, tuple) else value, ensure_ascii=False)


def value_from_json(text: str):
    value = json.loads(text)
    return tuple(value) if isinstance(value, list) else value


def value_bounds(value) -> tuple[float | None, float | None]:
    """Numeric (low, high) of a value, or (None, None) for a string value."""
    if isinstance(value, (list, tuple)):
        lo, hi = value
        return (float(lo) if isinstance(lo, (int, float)) else None,
                float(hi) if isinstance(hi, (int, float)) else None)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value), float(value)
    return None, None


def claim_row(document_id: int, seq: int, c: Claim, metric_kind: str | None,
              end: tuple[int, int] | None) -> tuple:
    lo, hi = value_bounds(c.value)
    return (
        document_id, seq, c.metric, metric_kind, c.subject, value_to_json(c.value), lo, hi,
        c.unit, c.qualifier, c.period.kind, c.period.start, c.period.end, c.stance, c.attribution, c.lang,
        c.start, c.end, c.line, c.column, end[0] if end else None, end[1] if end else None,
        c.quote, c.sentence, json.dumps(c.why, ensure_ascii=False, default=str),
    )


def claim_from_row(row, doc_path: str, published: str | None, claim_id: str) -> Claim:
    """A ``Claim`` from a claims row (sqlite3.Row) whose document is at ``doc_path``."""
    return Claim(
        id=claim_id,
        metric=row["metric"],
        subject=row["subject"],
        value=value_from_json(row["value"]),
        unit=row["unit"],
        qualifier=row["qualifier"],
        period=Period(row["period_kind"], row["period_start"], row["period_end"]),
        stance=row["stance"],
        attribution=row["attribution"],
        doc=doc_path,
        published=date.fromisoformat(published) if published else None,
        lang=row["lang"],
        start=row["start_offset"],
        end=row["end_offset"],
        line=row["line"],
        column=row["col"],
        quote=row["quote"],
        sentence=row["sentence"],
        why=json.loads(row["why"]),
    )
