"""The columns of ``factlint ledger export --format csv`` and how cells are written.

JSON lines keep each record's types; in CSV, ranges and ``why`` become JSON text and missing
values empty cells, so that a spreadsheet opens the file as is.
"""

from __future__ import annotations

import json

CSV_COLUMNS = (
    "claim", "doc", "version", "current", "content_hash", "source", "url", "published", "title", "lang",
    "metric", "subject", "value", "value_low", "value_high", "unit", "qualifier", "period_kind",
    "period_start", "period_end", "period", "stance", "attribution", "line", "column", "start", "end",
    "quote", "sentence", "why",
)


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
