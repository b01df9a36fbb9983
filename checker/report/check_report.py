"""The report of ``factlint check``: findings, claims and timelines, as tables or JSON.

Tables use tabulate (``plain``, ``grid``, ``markdown`` for pull-request comments, ``html``); the
JSON form is one object with ``schema_version``, ``claims``, ``findings`` and the state of each
finding (suppressed, baseline, failing); its schema is checker/schema/report.schema.json and its
field names are in ``checker.report.fields``. The CI formats (SARIF, JUnit, GitHub annotations)
live in their own modules and read the same ``CheckResult``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterator, TextIO

from checker.checks.finding import Finding
from checker.checks.format import format_claim
from checker.checks.periods import order_key
from checker.claims.model import Claim
from checker.report.color import paint_severity
from checker.report.fields import CLAIM_FIELDS, FINDING_FIELDS, REPORT_FIELDS, SCHEMA_VERSION, SUMMARY_FIELDS
from checker.report.json_text import dumps_indented
from checker.report.terminal import printable

TABLE_FORMATS = {"plain": "simple", "grid": "grid", "markdown": "github", "html": "html"}
SEVERITY_ORDER = ("error", "warning", "info")


@dataclass(slots=True)
class FindingState:
    """What became of a finding after the checks: suppressed, known from the baseline, failing.

    suppression: the marker silencing it ({"doc", "line", "column", "marker"}), else None.
    baseline: "new" or "unchanged" when the run has a baseline, else None.
    failing: it reaches ``--fail-on`` and is neither suppressed nor in the baseline.
    """

    fingerprint: str = ""
    suppression: dict | None = None
    baseline: str | None = None
    failing: bool = False

    @property
    def suppressed(self) -> bool:
        return self.suppression is not None

    @property
    def hidden(self) -> bool:
        """Left out of tables unless ``--show-suppressed``: suppressed or already in the baseline."""
        return self.suppressed or self.baseline == "unchanged"

    def status(self) -> str:
        if self.suppression is not None:
            s = self.suppression
            return f"suppressed ({s['doc']}:{s['line']} {s['marker']})"
        if self.baseline == "unchanged":
            return "in baseline"
        return self.baseline or ""


@dataclass(frozen=True, slots=True)
class CheckInfo:
    """A check of the rule set as reports describe it (SARIF rules, JUnit suites)."""

    id: str
    kind: str
    severity: str            # after the configuration's overrides
    label: str               # the rule file's label, else the kind's summary
    summary: str             # what the kind of check looks for
    #: where the rule file defines it: (file, line, column)
    pos: tuple[str, int, int] | None = None
    metrics: tuple[str, ...] = ()


@dataclass
class CheckResult:
    """Everything one ``factlint check`` run found, in report order.

    ``states`` runs parallel to ``findings``. ``claims`` holds every claim of the corpus (the
    findings cite them); with ``scope`` (``--changed-since``) only findings citing a claim of a
    scope document are kept, and tables list the claims of those documents.
    """

    claims: list[Claim]
    findings: list[Finding]
    undated_anchor: dict[str, str] = field(default_factory=dict)
    metric_kinds: dict[str, str] = field(default_factory=dict)
    documents: list[str] = field(default_factory=list)
    undated: list[str] = field(default_factory=list)
    states: list[FindingState] = field(default_factory=list)
    #: claim id -> (line, column) just after the claim's last character in the source file
    claim_ends: dict[str, tuple[int, int]] = field(default_factory=dict)
    checks: list[CheckInfo] = field(default_factory=list)
    fail_on: str = "error"
    baseline: str | None = None
    #: baseline entries (records) no longer found
    fixed: list[dict] = field(default_factory=list)
    changed_since: str | None = None
    scope: list[str] | None = None
    #: undated document -> the publication date assumed for it (``assume-published``)
    assumed_published: dict[str, str] = field(default_factory=dict)
    #: document -> {"title", "source", "url", "published", "lang"} (links in the HTML report)
    documents_meta: dict[str, dict] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if len(self.states) != len(self.findings):
            self.states = [FindingState() for _ in self.findings]

    def items(self) -> Iterator[tuple[Finding, FindingState]]:
        return zip(self.findings, self.states)

    @cached_property
    def claims_by_id(self) -> dict[str, Claim]:
        return {c.id: c for c in self.claims}

    def shown_claims(self) -> list[Claim]:
        """The claims a report lists: all, or with a scope those of its documents and those cited."""
        if self.scope is None:
            return list(self.claims)
        docs = set(self.scope)
        cited = {cid for f in self.findings for cid in f.claims}
        return [c for c in self.claims if c.doc in docs or c.id in cited]

    def summary(self) -> dict[str, int]:
        counts = dict.fromkeys(SUMMARY_FIELDS, 0)
        for f, st in self.items():
            if st.suppressed:
                counts["suppressed"] += 1
            elif st.baseline == "unchanged":
                counts["baselined"] += 1
            else:
                if f.severity in counts:
                    counts[f.severity] += 1
                if st.baseline == "new":
                    counts["new"] += 1
            counts["failing"] += st.failing
        counts["fixed"] = len(self.fixed)
        return counts

    def end_of(self, claim: Claim) -> tuple[int, int]:
        """(line, column) just after the claim's last character; its start when unknown."""
        return self.claim_ends.get(claim.id, (claim.line, claim.column + len(claim.quote)))


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


def finding_record(f: Finding, state: FindingState | None = None) -> dict:
    st = state or FindingState()
    rec = {
        "kind": f.kind,
        "severity": f.severity,
        "check": f.check_id,
        "metric": f.metric,
        "subject": f.subject,
        "claims": list(f.claims),
        "message": f.message,
        "details": _relative_files(_jsonable(f.details)),
        "fingerprint": st.fingerprint,
        "suppressed": st.suppressed,
        "suppression": dict(st.suppression) if st.suppression else None,
        "baseline": st.baseline,
        "failing": st.failing,
    }
    assert tuple(rec) == FINDING_FIELDS
    return rec


def write_json(result: CheckResult, out: TextIO, claims_only: bool = False) -> None:
    from checker import __version__

    doc = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "factlint", "version": __version__},
        "fail_on": result.fail_on,
        "documents": result.documents,
        "undated": result.undated,
        "assumed_published": dict(sorted(result.assumed_published.items())),
        "changed_since": result.changed_since,
        "scope": result.scope,
        "baseline": result.baseline,
        "summary": result.summary(),
        "claims": [claim_record(c) for c in result.shown_claims()],
        "findings": [finding_record(f, st) for f, st in result.items()],
        "fixed": list(result.fixed),
    }
    assert tuple(doc) == REPORT_FIELDS
    out.write(dumps_indented(doc) + "\n")  # json.dumps(doc, ensure_ascii=False, indent=2), faster


def write_tables(result: CheckResult, out: TextIO, fmt: str = "plain", claims_only: bool = False,
                 show_suppressed: bool = False, color: bool = False) -> None:
    """Findings, claims and timelines as tables; ``color`` paints the severity column (plain, grid).

    Suppressed findings and those already in the baseline are counted in the heading and listed
    only with ``show_suppressed`` (with a status column saying why they do not count).
    """
    from tabulate import tabulate

    tablefmt = TABLE_FORMATS[fmt]
    by_id = result.claims_by_id
    heading = _heading(fmt)
    paint = color and fmt in ("plain", "grid")
    if not claims_only:
        shown = [(f, st) for f, st in result.items() if show_suppressed or not st.hidden]
        out.write(heading(f"Findings ({_counts(result)})"))
        if shown:
            rows = []
            for f, st in shown:
                cited = "; ".join(_cite(by_id[i]) for i in f.claims if i in by_id)
                severity = paint_severity(f.severity) if paint else f.severity
                row = (severity, f.kind, f.check_id, f.metric, f.subject or "", f.message, cited)
                rows.append(row + ((st.status(),) if show_suppressed else ()))
            headers = ("severity", "kind", "check", "metric", "subject", "message", "sources")
            headers += ("status",) if show_suppressed else ()
            out.write(tabulate(_safe(rows, keep_first=paint), headers=headers, tablefmt=tablefmt, disable_numparse=True))
            out.write("\n")
        else:
            out.write("no findings\n")
        hidden = sum(st.hidden for st in result.states)
        if hidden and not show_suppressed:
            out.write(f"(not listed: {_hidden_note(result)}; --show-suppressed lists them)\n")
        out.write("\n")
        if result.baseline is not None:
            out.write(heading(f"Fixed since the baseline ({len(result.fixed)})"))
            if result.fixed:
                rows = [(e.get("severity", ""), e.get("kind", ""), e.get("check", ""), e.get("metric", ""),
                         e.get("subject") or "", e.get("message", "")) for e in result.fixed]
                out.write(tabulate(_safe(rows), headers=("severity", "kind", "check", "metric", "subject", "message"),
                                   tablefmt=tablefmt, disable_numparse=True))
                out.write("\n")
            else:
                out.write("none\n")
            out.write("\n")
    claims = result.shown_claims()
    out.write(heading(f"Claims ({len(claims)})"))
    if claims:
        rows = []
        for c in claims:
            rows.append((c.id, c.metric, c.subject, format_claim(c, result.metric_kinds.get(c.metric), with_period=False),
                         c.period.label(), c.stance or "", f"{c.doc}:{c.line}:{c.column}", _clip(c.quote)))
        out.write(tabulate(_safe(rows), headers=("id", "metric", "subject", "value", "period", "stance", "where", "quote"), tablefmt=tablefmt, disable_numparse=True))
        out.write("\n")
    else:
        out.write("no claims\n")
    if claims_only:
        return
    out.write("\n")
    for (metric, subject, unit), group in _timelines(result):
        out.write(heading(printable(f"Timeline: {metric} for {subject}" + (f" ({unit})" if unit not in ("percent_of_gdp", "percent", "date") else ""))))
        rows = []
        for c in group:
            key, anchor = order_key(c, result.undated_anchor)
            when = c.period.label()
            if anchor:
                when += f" (undated document, after {anchor})"
            rows.append((when, format_claim(c, result.metric_kinds.get(c.metric), with_period=False), c.stance or "", f"{c.doc}:{c.line}:{c.column}"))
        out.write(tabulate(_safe(rows), headers=("when", "value", "stance", "where"), tablefmt=tablefmt, disable_numparse=True))
        out.write("\n\n")
    if result.undated:
        out.write("Undated documents (their claims are ordered after the latest date they mention): "
                  + printable(", ".join(result.undated)) + "\n")
    if result.assumed_published:
        out.write("Undated documents assumed published on: "
                  + printable(", ".join(f"{d} ({day})" for d, day in sorted(result.assumed_published.items()))) + "\n")


def _safe(rows: list[tuple], keep_first: bool = False) -> list[tuple]:
    """Table rows with control characters from the input shown as escapes (``printable``);
    ``keep_first`` leaves the first column alone (the severity factlint paints itself)."""
    return [tuple(cell if (keep_first and i == 0) or not isinstance(cell, str) else printable(cell)
                  for i, cell in enumerate(row)) for row in rows]


def _timelines(result: CheckResult):
    """Claims of each (metric, subject, unit) in time order; with a scope, only the groups it touches."""
    groups: dict[tuple, list[Claim]] = {}
    for c in result.claims:
        groups.setdefault((c.metric, c.subject, c.unit), []).append(c)
    scope = set(result.scope) if result.scope is not None else None
    for key in sorted(groups):
        claims = groups[key]
        if len(claims) < 2 or (scope is not None and not any(c.doc in scope for c in claims)):
            continue
        claims.sort(key=lambda c: (_sortable(order_key(c, result.undated_anchor)[0]), c.doc, c.start))
        yield key, claims


def _sortable(key):
    return (1, (0, 0)) if key is None else (0, key)


def _counts(result: CheckResult) -> str:
    """'7 warning, 2 info' for the findings that count; '; 1 suppressed, 3 in the baseline' after."""
    counts: dict[str, int] = {}
    for f, st in result.items():
        if not st.hidden:
            counts[f.severity] = counts.get(f.severity, 0) + 1
    text = ", ".join(f"{n} {s}" for s, n in counts.items()) or "none"
    if any(st.hidden for st in result.states):
        text += "; " + _hidden_note(result)
    return text


def _hidden_note(result: CheckResult) -> str:
    suppressed = sum(st.suppressed for st in result.states)
    known = sum(1 for st in result.states if not st.suppressed and st.baseline == "unchanged")
    parts = []
    if suppressed:
        parts.append(f"{suppressed} suppressed")
    if known:
        parts.append(f"{known} in the baseline")
    return ", ".join(parts)


def _cite(c: Claim) -> str:
    return f"{c.doc}:{c.line}:{c.column} \"{_clip(c.quote, 40)}\""


def _clip(text: str, width: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _heading(fmt: str):
    if fmt == "markdown":
        return lambda t: f"### {t}\n\n"
    if fmt == "html":
        return lambda t: f"<h3>{_html_escape(t)}</h3>\n"
    return lambda t: f"{t}\n{'=' * len(t)}\n"


def _html_escape(t: str) -> str:
    import html

    return html.escape(t)


def _relative_files(value):
    """Details name files (a reference table) by absolute path: show them relative to the working directory."""
    import os

    from checker.report.paths import display_path

    if isinstance(value, dict):
        return {k: display_path(v) if k == "file" and isinstance(v, str) and os.path.isabs(v) else _relative_files(v)
                for k, v in value.items()}
    if isinstance(value, list):
        return [_relative_files(v) for v in value]
    return value


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
