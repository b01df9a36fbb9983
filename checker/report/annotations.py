"""GitHub Actions annotations: ``::error file=...,line=...::message`` workflow commands.

Printed in a workflow step, each line becomes an annotation on the article's line in the pull
request's "Files changed" view, with no upload step. One annotation per finding that counts
(suppressed findings and those already in the baseline are left out), placed at the first cited
claim of a ``--changed-since`` document when there is one, else at the first cited claim.
Severities map to ``error``, ``warning`` and ``notice``. Property values and messages are escaped
as the runner expects (``%``, CR, LF; also ``:`` and ``,`` in properties).
"""

from __future__ import annotations

from typing import TextIO

from checker.report.check_report import CheckResult
from checker.report.paths import display_path

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation_lines(result: CheckResult) -> list[str]:
    by_id = result.claims_by_id
    labels = {c.id: c.label for c in result.checks}
    scope = set(result.scope) if result.scope is not None else None
    lines = []
    for f, st in result.items():
        if st.hidden:
            continue
        cited = [by_id[i] for i in f.claims if i in by_id]
        if scope is not None:
            cited = [c for c in cited if c.doc in scope] + [c for c in cited if c.doc not in scope]
        props = []
        if cited:
            c = cited[0]
            end_line, end_col = result.end_of(c)
            props = [("file", display_path(c.doc)), ("line", str(c.line)), ("col", str(c.column)),
                     ("endLine", str(end_line)), ("endColumn", str(end_col))]
        title = f"factlint {f.check_id}: {labels.get(f.check_id) or f.kind}"
        props.append(("title", title))
        prop_text = ",".join(f"{k}={escape_property(v)}" for k, v in props)
        lines.append(f"::{COMMANDS.get(f.severity, 'warning')} {prop_text}::{escape_data(f.message)}")
    return lines


def write_annotations(result: CheckResult, out: TextIO) -> None:
    for line in annotation_lines(result):
        out.write(line + "\n")
