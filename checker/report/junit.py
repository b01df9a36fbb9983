"""JUnit XML: the test report GitLab (``artifacts:reports:junit``), Jenkins and Azure show.

One ``testsuite`` per check, one ``testcase`` per check and document (``classname`` the check id,
``name`` the document): a document passes a check when no finding of that check citing one of
its claims fails the run. A failing finding is a ``failure`` (message and citations); findings
that do not fail (below ``--fail-on``, suppressed, in the baseline) are listed in the testcase's
``system-out`` so they stay visible. Findings that cite no claim go to a testcase named
``(corpus)``. No timestamps or durations: the same input gives the same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TextIO

from checker.checks.finding import Finding
from checker.report.check_report import CheckInfo, CheckResult, FindingState

CORPUS = "(corpus)"


def _line(result: CheckResult, f: Finding, st: FindingState) -> str:
    by_id = result.claims_by_id
    cites = "; ".join(f"{c.doc}:{c.line}:{c.column} \"{' '.join(c.quote.split())}\""
                      for c in (by_id[i] for i in f.claims if i in by_id))
    status = st.status()
    return f"{f.severity} {f.check_id} ({f.kind}): {f.message}" + (f" [{cites}]" if cites else "") + \
        (f" ({status})" if status and status != "new" else "")


def junit_tree(result: CheckResult) -> ET.Element:
    """The ``testsuites`` element of a run."""
    checks = list(result.checks)
    known = {c.id for c in checks}
    for f in result.findings:
        if f.check_id not in known:
            known.add(f.check_id)
            checks.append(CheckInfo(f.check_id, f.kind, f.severity, f.kind, f.kind))
    documents = list(result.scope) if result.scope is not None else list(result.documents)
    by_id = result.claims_by_id
    # check id -> document -> findings citing it
    cases: dict[str, dict[str, list[tuple[Finding, FindingState]]]] = {c.id: {} for c in checks}
    for f, st in result.items():
        docs = sorted({by_id[i].doc for i in f.claims if i in by_id}) or [CORPUS]
        for d in docs:
            cases[f.check_id].setdefault(d, []).append((f, st))
    root = ET.Element("testsuites", name="factlint")
    total_tests = total_failures = 0
    for check in checks:
        suite = ET.SubElement(root, "testsuite", name=check.id)
        props = ET.SubElement(suite, "properties")
        for name, value in (("kind", check.kind), ("severity", check.severity), ("label", check.label)):
            ET.SubElement(props, "property", name=name, value=value)
        names = documents + sorted(d for d in cases[check.id] if d not in documents)
        failures = 0
        for doc in names:
            case = ET.SubElement(suite, "testcase", classname=check.id, name=doc)
            if doc != CORPUS:
                case.set("file", doc)
            found = cases[check.id].get(doc, [])
            failing = [(f, st) for f, st in found if st.failing]
            if failing:
                failures += 1
                first = failing[0][0]
                failure = ET.SubElement(case, "failure", message=first.message, type=first.severity)
                failure.text = "\n".join(_line(result, f, st) for f, st in failing)
            others = [(f, st) for f, st in found if not st.failing]
            if others:
                ET.SubElement(case, "system-out").text = "\n".join(_line(result, f, st) for f, st in others)
        suite.set("tests", str(len(names)))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        total_tests += len(names)
        total_failures += failures
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    root.set("errors", "0")
    return root


def write_junit(result: CheckResult, out: TextIO) -> None:
    root = junit_tree(result)
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
