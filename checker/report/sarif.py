"""SARIF 2.1.0: the format GitHub code scanning (and other review tools) reads.

Uploaded with ``github/codeql-action/upload-sarif``, each finding becomes an alert on the lines of
the article it cites. One result per finding: ``ruleId`` is the check id, ``level`` follows the
severity (info is ``note``), one location per cited claim with its region in the source file
(columns count Unicode code points, as ``columnKind`` says), ``partialFingerprints`` carries the
baseline fingerprint so alerts survive edits above them, suppressed findings carry an
``inSource`` suppression pointing at the marker, and with a baseline ``baselineState`` says
whether a finding is new. The rules of ``tool.driver`` are every check of the rule set.
"""

from __future__ import annotations

from typing import TextIO

from checker.claims.model import Claim
from checker.report.check_report import CheckInfo, CheckResult, FindingState
from checker.report.json_text import dumps_indented
from checker.report.paths import path_uri

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_VERSION = "2.1.0"
#: where users read about factlint (``tool.driver.informationUri``)
INFORMATION_URI = "https://github.com/factlint/factlint"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "factlintFindingHash/v1"


def _region(result: CheckResult, c: Claim) -> dict:
    end_line, end_col = result.end_of(c)
    return {"startLine": c.line, "startColumn": c.column, "endLine": end_line, "endColumn": end_col,
            "snippet": {"text": c.quote}}


def _claim_location(result: CheckResult, c: Claim, index: int) -> dict:
    return {"id": index,
            "physicalLocation": {"artifactLocation": {"uri": path_uri(c.doc)}, "region": _region(result, c)},
            "message": {"text": f"{c.id}: {c.metric} for {c.subject}: {' '.join(c.quote.split())}"}}


def _rule(check: CheckInfo) -> dict:
    text = f"{check.label}. Check {check.id} ({check.kind}): {check.summary}"
    if check.metrics:
        text += f"; metrics: {', '.join(check.metrics)}"
    return {
        "id": check.id,
        "name": check.kind,
        "shortDescription": {"text": check.label},
        "fullDescription": {"text": text},
        "help": {"text": text + ". Silence one finding with <!-- factlint: ignore " + check.id + " --> "
                 "on the line before the figure."},
        "defaultConfiguration": {"level": LEVELS.get(check.severity, "warning")},
        "properties": {"tags": ["factlint", check.kind]},
    }


def _suppression(state: FindingState) -> list[dict]:
    s = state.suppression
    if s is None:
        return []
    return [{"kind": "inSource", "status": "accepted", "justification": f"factlint: {s['marker']}",
             "location": {"physicalLocation": {"artifactLocation": {"uri": path_uri(s["doc"])},
                                               "region": {"startLine": s["line"], "startColumn": s["column"]}}}}]


def sarif_document(result: CheckResult) -> dict:
    """The SARIF log of a run, as a JSON-ready dict."""
    from checker import __version__

    checks = list(result.checks)
    index = {c.id: i for i, c in enumerate(checks)}
    for f in result.findings:  # a check the rule set does not list (should not happen): describe it anyway
        if f.check_id not in index:
            index[f.check_id] = len(checks)
            checks.append(CheckInfo(f.check_id, f.kind, f.severity, f.kind, f.kind))
    by_id = result.claims_by_id
    results = []
    for f, st in result.items():
        cited = [by_id[cid] for cid in f.claims if cid in by_id]
        locations = [_claim_location(result, c, i) for i, c in enumerate(cited)]
        if not locations:
            check = checks[index[f.check_id]]
            if check.pos:
                file, line, col = check.pos
                locations = [{"physicalLocation": {"artifactLocation": {"uri": path_uri(file)},
                                                   "region": {"startLine": line, "startColumn": col}}}]
        res = {
            "ruleId": f.check_id,
            "ruleIndex": index[f.check_id],
            "level": LEVELS.get(f.severity, "warning"),
            "message": {"text": f.message},
            "locations": locations,
            "partialFingerprints": {FINGERPRINT_KEY: st.fingerprint},
            "properties": {"kind": f.kind, "metric": f.metric, "subject": f.subject, "claims": list(f.claims),
                           "failing": st.failing},
        }
        if st.suppressed:
            res["suppressions"] = _suppression(st)
        if st.baseline is not None:
            res["baselineState"] = st.baseline
        results.append(res)
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": {"name": "factlint", "version": __version__, "semanticVersion": __version__,
                                "informationUri": INFORMATION_URI, "rules": [_rule(c) for c in checks]}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def write_sarif(result: CheckResult, out: TextIO) -> None:
    out.write(dumps_indented(sarif_document(result)) + "\n")
