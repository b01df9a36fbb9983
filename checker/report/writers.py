"""Every report format of ``factlint check``, by name, rendered to text.

A run may write several reports (a table on the terminal, SARIF to a file): each is rendered
from the same ``CheckResult`` by the writer its format names.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from checker.report.check_report import TABLE_FORMATS, CheckResult, write_json, write_tables


@dataclass(frozen=True, slots=True)
class RenderOptions:
    claims_only: bool = False
    show_suppressed: bool = False
    color: bool = False


def render(result: CheckResult, fmt: str, options: RenderOptions = RenderOptions()) -> str:
    """The report of ``result`` in format ``fmt`` (one of checker.config.FORMATS)."""
    out = io.StringIO()
    if fmt == "html":  # one self-contained page: summary, findings, claims, timeline charts
        from checker.report.html import write_html

        write_html(result, out, claims_only=options.claims_only, show_suppressed=options.show_suppressed)
    elif fmt in TABLE_FORMATS:
        write_tables(result, out, fmt, claims_only=options.claims_only,
                     show_suppressed=options.show_suppressed, color=options.color)
    elif fmt == "json":
        write_json(result, out, claims_only=options.claims_only)
    elif fmt == "sarif":
        from checker.report.sarif import write_sarif

        write_sarif(result, out)
    elif fmt == "junit":
        from checker.report.junit import write_junit

        write_junit(result, out)
    elif fmt == "github":
        from checker.report.annotations import write_annotations

        write_annotations(result, out)
    else:
        raise ValueError(f"unknown report format {fmt!r}")
    return out.getvalue()
