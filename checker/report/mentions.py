"""Print the scanner's mentions: a table per document, or one JSON object per line."""

from __future__ import annotations

import json
from typing import Iterable, TextIO

from checker.report.fields import MENTION_FIELDS, MENTION_OPTIONAL_FIELDS
from checker.report.terminal import printable


def mention_record(doc, m, numeric: bool = False) -> dict | None:
    """The JSON-ready record of one mention of ``doc``.

    With ``numeric`` (for tools that read numbers, such as the NewsQuant scorer) dates and years
    are left out and a duration's ``value`` is its amount, with its ISO form kept in ``iso``.
    """
    value = m.value
    extra: dict = {}
    if numeric:
        if m.kind in ("date", "year"):
            return None
        if m.kind == "duration":
            amounts = m.extra.get("amounts")
            if m.amount is None and not amounts:
                return None
            extra["iso"] = list(value) if isinstance(value, tuple) else value
            value = m.amount if m.amount is not None else tuple(amounts)
    line, column = doc.line_col(m.start)
    rec = {
        "doc": doc.path,
        "start": m.start,
        "end": m.end,
        "line": line,
        "column": column,
        "text": m.text,
        "sentence": m.sentence,
        "lang": m.lang,
        "kind": m.kind,
        "value": list(value) if isinstance(value, tuple) else value,
        "unit": m.unit,
        "currency": m.currency,
        "counted": m.counted,
        "qualifier": m.qualifier,
    }
    assert tuple(rec) == MENTION_FIELDS
    for key in MENTION_OPTIONAL_FIELDS:
        val = getattr(m, key, None)
        if val is None:
            val = m.extra.get(key)
        if val is not None:
            rec[key] = val
    rec.update(extra)
    return rec


def write_jsonl(doc, mentions: Iterable, out: TextIO, numeric: bool = False) -> None:
    for m in mentions:
        rec = mention_record(doc, m, numeric)
        if rec is not None:
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")


def format_value(m) -> str:
    v = m.value
    if isinstance(v, tuple):
        return f"{_num(v[0])} – {_num(v[1])}"
    if isinstance(v, float):
        return _num(v)
    return "" if v is None else str(v)


def _num(v) -> str:
    if isinstance(v, str):
        return v
    if float(v).is_integer() and abs(v) < 1e16:
        return f"{int(v):,}"
    return f"{v:,.6g}" if abs(v) >= 1e6 else f"{v:g}"


def write_table(doc, mentions: list, out: TextIO, tablefmt: str = "simple") -> None:
    from tabulate import tabulate

    dated = doc.published.isoformat() if doc.published else "undated"
    out.write(f"{printable(doc.path)}  ({doc.lang}, {dated}, {len(mentions)} mentions)\n")
    if not mentions:
        out.write("  no quantities or dates found\n\n")
        return
    rows = []
    for m in mentions:
        line, col = doc.line_col(m.start)
        what = m.currency or m.counted or ("" if m.unit == "dimensionless" else m.unit)
        rows.append((f"{line}:{col}", m.kind, m.qualifier if m.qualifier != "=" else "", format_value(m), printable(what or ""), printable(_clip(m.text))))
    out.write(tabulate(rows, headers=("where", "kind", "qual", "value", "unit / counted", "text"), tablefmt=tablefmt, disable_numparse=True))
    out.write("\n\n")


def _clip(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
