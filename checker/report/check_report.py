"""The report of ``factlint check``: findings, claims and timelines, as tables or JSON.

Tables use tabulate (``plain``, ``grid``, ``github`` for pull-request comments, ``html``); the
JSON form is one object with ``schema_version``, ``claims`` and ``findings`` (field names in
``checker.report.fields``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TextIO

from checker.checks.finding import Finding
from checker.checks.format import format_claim
from checker.checks.periods import order_key
from checker.claims.model import Claim
from checker.report.fields import CLAIM_FIELDS, FINDING_FIELDS, SCHEMA_VERSION

TABLE_FORMATS = {"plain": "simple", "grid": "grid", "github": "github", "html": "html"}


@dataclass
class CheckResult:
    """Everything one ``factlint check`` run found, in report order."""

    claims: list[Claim]
    findings: list[Finding]
    undated_anchor: dict[str, str] = field(default_factory=dict)
    metric_kinds: dict[str, str] = field(default_factory=dict)
    documents: list[str] = field(default_factory=list)
    undated: list[str] = field(default_factory=list)


def claim_record(c: Claim) -> dict:
    rec = {
        "id": c.id,
        "metric": c.metric,
        "subject": c.subject,
        "value": list(c.value) if isinstance(c.value, tuple) else c.value,
        "unit": c.unit,
        "qualifier": c.qualifier,
        "period": {"kind": c.period.kind, "start": c.period.start, "end": c.period.end, "label": c.period.label()},
        "stance": c.stance,
        "attribution": c.attribution,
        "doc": c.doc,
        "line": c.line,
        "column": c.column,
        "start": c.start,
        "end": c.end,
        "quote": c.quote,
        "published": c.published.isoformat() if c.published else None,
        "lang": c.lang,
    }
    assert tuple(rec) == CLAIM_FIELDS
    return rec


def finding_record(f: Finding) -> dict:
    rec = {
        "kind": f.kind,
        "severity": f.severity,
        "check": f.check_id,
        "metric": f.metric,
        "subject": f.subject,
        "claims": list(f.claims),
        "message": f.message,
        "details": _jsonable(f.details),
    }
    assert tuple(rec) == FINDING_FIELDS
    return rec


def write_json(result: CheckResult, out: TextIO) -> None:
    doc = {
        "schema_version": SCHEMA_VERSION,
        "documents": result.documents,
        "undated": result.undated,
        "claims": [claim_record(c) for c in result.claims],
        "findings": [finding_record(f) for f in result.findings],
    }
    out.write(json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=False) + "\n")


def write_tables(result: CheckResult, out: TextIO, fmt: str = "plain", claims_only: bool = False) -> None:
    from tabulate import tabulate

    tablefmt = TABLE_FORMATS[fmt]
    by_id = {c.id: c for c in result.claims}
    heading = _heading(fmt)
    if not claims_only:
        out.write(heading(f"Findings ({_counts(result.findings)})"))
        if result.findings:
            rows = []
            for f in result.findings:
                cited = "; ".join(_cite(by_id[i]) for i in f.claims if i in by_id)
                rows.append((f.severity, f.kind, f.check_id, f.metric, f.subject or "", f.message, cited))
            out.write(tabulate(rows, headers=("severity", "kind", "check", "metric", "subject", "message", "sources"), tablefmt=tablefmt, disable_numparse=True))
            out.write("\n")
        else:
            out.write("no findings\n")
        out.write("\n")
    out.write(heading(f"Claims ({len(result.claims)})"))
    if result.claims:
        rows = []
        for c in result.claims:
            rows.append((c.id, c.metric, c.subject, format_claim(c, result.metric_kinds.get(c.metric), with_period=False),
                         c.period.label(), c.stance or "", f"{c.doc}:{c.line}:{c.column}", _clip(c.quote)))
        out.write(tabulate(rows, headers=("id", "metric", "subject", "value", "period", "stance", "where", "quote"), tablefmt=tablefmt, disable_numparse=True))
        out.write("\n")
    else:
        out.write("no claims\n")
    if claims_only:
        return
    out.write("\n")
    for (metric, subject, unit), claims in _timelines(result):
        out.write(heading(f"Timeline: {metric} for {subject}" + (f" ({unit})" if unit not in ("percent_of_gdp", "percent", "date") else "")))
        rows = []
        for c in claims:
            key, anchor = order_key(c, result.undated_anchor)
            when = c.period.label()
            if anchor:
                when += f" (undated document, after {anchor})"
            rows.append((when, format_claim(c, result.metric_kinds.get(c.metric), with_period=False), c.stance or "", f"{c.doc}:{c.line}:{c.column}"))
        out.write(tabulate(rows, headers=("when", "value", "stance", "where"), tablefmt=tablefmt, disable_numparse=True))
        out.write("\n\n")
    if result.undated:
        out.write("Undated documents (their claims are ordered after the latest date they mention): " + ", ".join(result.undated) + "\n")


def _timelines(result: CheckResult):
    groups: dict[tuple, list[Claim]] = {}
    for c in result.claims:
        groups.setdefault((c.metric, c.subject, c.unit), []).append(c)
    for key in sorted(groups):
        claims = groups[key]
        if len(claims) < 2:
            continue
        claims.sort(key=lambda c: (_sortable(order_key(c, result.undated_anchor)[0]), c.doc, c.start))
        yield key, claims


def _sortable(key):
    return (1, (0, 0)) if key is None else (0, key)


def _counts(findings: list[Finding]) -> str:
    if not findings:
        return "none"
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.severity] = counts.get(f.severity, 0) + 1
    return ", ".join(f"{n} {s}" for s, n in counts.items())


def _cite(c: Claim) -> str:
    return f"{c.doc}:{c.line}:{c.column} \"{_clip(c.quote, 40)}\""


def _clip(text: str, width: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _heading(fmt: str):
    if fmt == "github":
        return lambda t: f"### {t}\n\n"
    if fmt == "html":
        return lambda t: f"<h3>{_html_escape(t)}</h3>\n"
    return lambda t: f"{t}\n{'=' * len(t)}\n"


def _html_escape(t: str) -> str:
    import html

    return html.escape(t)


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)
