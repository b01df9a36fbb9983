"""``factlint check`` and ``factlint claims``: claims from all documents, checked together."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from checker.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from checker.commands.inputs import InputTracker

FAIL_LEVELS = {"error": ("error",), "warning": ("error", "warning"), "info": ("error", "warning", "info"), "never": ()}


def find_rules(paths: list[str]) -> list[str]:
    """The rules/ folder next to the documents: walk up from each path, then the working directory."""
    starts = [Path(p) for p in paths if p != "-"] + [Path.cwd()]
    for start in starts:
        here = start.resolve()
        if here.is_file():
            here = here.parent
        for folder in (here, *here.parents):
            candidate = folder / "rules"
            if candidate.is_dir() and any(candidate.glob("*.rules")):
                return [os.path.relpath(candidate)]
    return []


def collect(args, inputs: InputTracker):
    """(rules, CheckResult) for the command's documents, or raise RuleError/CheckError."""
    from checker.checks.context import CheckContext, make_reference_loader
    from checker.checks.engine import run_checks, validate_checks
    from checker.claims.builder import ClaimBuilder, number_claims
    from checker.report.check_report import CheckResult
    from checker.rules import load_rules

    rule_paths = args.rules or find_rules(args.paths)
    if not rule_paths:
        raise FileNotFoundError("no rule files: give --rules FILE_OR_DIR or put *.rules in a rules/ folder next to the documents")
    rules = load_rules(rule_paths)
    validate_checks(rules)
    builder = ClaimBuilder(rules)
    claims = []
    anchors: dict[str, str] = {}
    documents, undated = [], []
    for doc in inputs.documents(args):
        built = builder.build(doc)
        claims.extend(built.claims)
        documents.append(doc.path)
        if doc.published is None:
            undated.append(doc.path)
            if built.latest_date:
                anchors[doc.path] = built.latest_date
    number_claims(claims)
    context = CheckContext(undated_anchor=anchors, reference_loader=make_reference_loader(None))
    findings = run_checks(claims, rules, context) if not getattr(args, "claims_only", False) else []
    kinds = {m.name: m.kind for m in rules.metrics.values()}
    return rules, CheckResult(claims, findings, anchors, kinds, documents, undated)


def run(args, claims_only: bool = False) -> int:
    from checker.checks.context import CheckError
    from checker.report.check_report import write_json, write_tables
    from checker.rules import RuleError

    args.claims_only = claims_only
    inputs = InputTracker()
    try:
        _, result = collect(args, inputs)
    except RuleError as err:
        print(str(err), file=sys.stderr)
        return EXIT_ERROR
    except (CheckError, FileNotFoundError, ValueError) as err:
        print(f"factlint: error: {err}", file=sys.stderr)
        return EXIT_ERROR
    out = sys.stdout
    if args.format == "json":
        write_json(result, out)
    else:
        write_tables(result, out, args.format, claims_only=claims_only)
    if inputs.failed:
        return EXIT_ERROR
    failing = FAIL_LEVELS[args.fail_on]
    if any(f.severity in failing for f in result.findings):
        return EXIT_FINDINGS
    return EXIT_OK


def run_claims(args) -> int:
    args.fail_on = "never"
    return run(args, claims_only=True)
