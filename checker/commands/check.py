"""``factlint check`` and ``factlint claims``: claims from all documents, checked together.

A run: resolve the configuration (file, then command line), load the rules and every document,
build and number the claims, run the checks, then decide what each finding means for the gate:
severity overrides from the configuration, inline suppressions, the baseline, the
``--changed-since`` scope and ``--fail-on``. Then write each report (standard output and files)
and exit 0 (nothing fails), 1 (a finding fails) or 2 (usage, input, rule or config error).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from checker.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK

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


def warn(message: str) -> None:
    from checker.report.terminal import printable_line

    print(printable_line(message), file=sys.stderr)


def collect(args, inputs, cfg=None, claims_only: bool = False):
    """(rules, CheckResult) for the command's documents, or raise RuleError/CheckError;
    ``inputs``: the run's ``checker.commands.inputs.InputTracker`` (imported where a run
    starts, not with this module: replaying a memoised report needs neither it nor the
    terminal and pattern modules it brings).

    The result's findings carry the configuration's severities, their suppressions and
    fingerprints; baseline, scope and gate are applied by ``gate``.
    """
    from checker.claims.model import number_claims
    from checker.config import Config, apply_command_line
    from checker.report.check_report import CheckResult, FindingState
    from checker.rule_set_cache import load_rules_cached
    from checker.commands.pipeline import LazyBuilder, RecordOptions
    from checker.commands.result_cache import ResultCache
    from checker.suppress import Marker, Suppressions

    if cfg is None:  # a caller without a configuration: the command line's options only
        cfg = apply_command_line(Config(), args, env={})
    claims_only = claims_only or bool(getattr(args, "claims_only", False))
    rule_paths = cfg.rules or find_rules(args.paths)
    if not rule_paths:
        raise FileNotFoundError("no rule files: give --rules FILE_OR_DIR or put *.rules in a rules/ folder next to the documents")
    rules = load_rules_cached(rule_paths, validate=_validate_checks)
    builder = LazyBuilder(rules)  # the scanner is imported only if a document is read
    claims, ends = [], []
    anchors: dict[str, str] = {}
    assumed: dict[str, str] = {}
    documents, undated = [], []
    meta: dict[str, dict] = {}  # document -> title, source, url (the HTML report's links)
    suppressions = Suppressions()
    known = _selectors(rules)
    assume = cfg.assume_published if cfg.undated == "assume-published" else None
    options = RecordOptions(lang=cfg.lang, assume_published=assume, markers=not claims_only)
    cache = ResultCache.open(cfg.cache_dir, rules, options) if cfg.cache else None
    jobs = cfg.jobs
    for record in inputs.records(args, builder, options, exclude=cfg.exclude, languages=cfg.languages,
                                 jobs=jobs, cache=cache, rule_paths=rule_paths):
        claims.extend(record.claims)
        ends.extend(record.ends)
        documents.append(record.path)
        meta[record.path] = record.meta
        if record.assumed_published:
            assumed[record.path] = record.published
        if record.published is None:
            undated.append(record.path)
            if record.latest_date:
                anchors[record.path] = record.latest_date
        if not claims_only:
            for problem in record.marker_problems:
                warn(problem)
            markers = [Marker(record.path, line, col, action, selectors)
                       for line, col, action, selectors in record.markers]
            suppressions.add_document(record.path, markers, known)
    for problem in suppressions.warnings:
        warn(problem)
    number_claims(claims)
    draft = None
    if getattr(args, "ledger", None) and not claims_only:  # drafts checked with the ledger's claims
        from checker.ledger.draft import draft_findings, with_ledger

        draft = with_ledger(args.ledger, claims, ends, documents, rules.metrics)
        claims, ends = draft.claims, draft.ends
        anchors.update(draft.anchors)
        meta.update(draft.meta)
    claim_ends = {c.id: end for c, end in zip(claims, ends)}
    findings = [] if claims_only else _run_checks(claims, rules, anchors)
    if draft is not None:
        findings = draft_findings(findings, draft.draft_ids)
    apply_severities(findings, cfg.severity, rules)
    kinds = {m.name: m.kind for m in rules.metrics.values()}
    result = CheckResult(claims, findings, anchors, kinds, documents, undated, claim_ends=claim_ends,
                         checks=[] if claims_only else check_infos(rules, cfg.severity), fail_on=cfg.fail_on, assumed_published=assumed)
    result.documents_meta = meta
    if draft is not None:
        result.scope = list(documents)  # tables show the drafts' claims and the ledger claims cited
    states = []
    if findings:
        from checker.baseline import baseline_root, fingerprint

        root = baseline_root(cfg.baseline) if cfg.baseline else os.getcwd()
        for f in findings:
            marker = suppressions.marker_for(f, result.claims_by_id, claim_ends)
            states.append(FindingState(fingerprint=fingerprint(f, result.claims_by_id, root),
                                       suppression=marker.record() if marker else None))
    result.states = states
    return rules, result


def _validate_checks(rules) -> None:
    """Raise CheckError for a check that cannot run (once per rule set: ``load_rules_cached``
    remembers it passed, so ``claims`` then never imports the check kinds)."""
    from checker.checks.engine import validate_checks

    validate_checks(rules)


def _run_checks(claims: list, rules, anchors: dict[str, str]) -> list:
    from checker.checks.context import CheckContext, make_reference_loader
    from checker.checks.engine import run_checks

    context = CheckContext(undated_anchor=anchors, reference_loader=make_reference_loader(None))
    return run_checks(claims, rules, context)


def _selectors(rules) -> set[str]:
    from checker.rules.model import CHECK_KINDS

    names = set(CHECK_KINDS) | {c.id for c in rules.checks} | set(rules.metrics)
    return {n.casefold() for n in names}


def effective_severity(check_id: str, kind: str, severity: str, overrides: dict[str, str]) -> str:
    """The configuration's severity for a check: by check id first, then by kind."""
    return overrides.get(check_id) or overrides.get(kind) or severity


def apply_severities(findings: list, overrides: dict[str, str], rules) -> None:
    """Rewrite finding severities from ``[severity]`` and restore the engine's order."""
    from checker.rules.model import CHECK_KINDS

    ids = {c.id for c in rules.checks}
    for key in overrides:
        if key not in ids and key not in CHECK_KINDS:
            warn(f"factlint: warning: severity override {key!r} names no check of the rules and no check kind "
                 f"({', '.join(CHECK_KINDS)})")
    if not overrides or not findings:
        return
    from checker.checks.engine import finding_order

    for f in findings:
        f.severity = effective_severity(f.check_id, f.kind, f.severity, overrides)
    findings.sort(key=finding_order)


def check_infos(rules, overrides: dict[str, str]) -> list:
    from checker.checks.engine import KINDS
    from checker.report.check_report import CheckInfo
    from checker.report.paths import display_path

    infos = []
    for check in rules.checks:
        kind = KINDS.get(check.kind)
        summary = kind.summary if kind else check.kind
        pos = (display_path(check.pos.file), check.pos.line, check.pos.column) if check.pos else None
        infos.append(CheckInfo(check.id, check.kind, effective_severity(check.id, check.kind, check.severity, overrides),
                               check.label or summary, summary, pos, tuple(check.metrics)))
    return infos


def gate(result, cfg, changed: set[str] | None = None) -> None:
    """Baseline, scope and fail-on: set each finding's ``baseline`` and ``failing``; drop out-of-scope ones."""
    from checker.baseline import baseline_root, compare, read_baseline
    from checker.commands.changed import in_changed

    if cfg.baseline:
        entries = read_baseline(cfg.baseline)
        states, fixed = compare([st.fingerprint for st in result.states], entries)
        for st, state in zip(result.states, states):
            st.baseline = state
        result.baseline = cfg.baseline
        root = baseline_root(cfg.baseline)
        result.fixed = [e.record() for e in fixed
                        if changed is None or any(in_changed(os.path.join(root, s.get("doc", "")), changed)
                                                  for s in e.sources)]
    if changed is not None:
        scope = [d for d in result.documents if in_changed(d, changed)]
        by_id = result.claims_by_id
        keep = [i for i, f in enumerate(result.findings)
                if any(cid in by_id and by_id[cid].doc in scope for cid in f.claims)]
        result.findings = [result.findings[i] for i in keep]
        result.states = [result.states[i] for i in keep]
        result.scope = scope
    levels = FAIL_LEVELS[cfg.fail_on]
    for f, st in result.items():
        st.failing = f.severity in levels and not st.suppressed and st.baseline != "unchanged"


def write_reports(result, targets, options_for) -> None:
    """Render each target; standard output ones are printed, file ones written (UTF-8, LF)."""
    from checker.report.writers import render

    for target in targets:
        text = render(result, target.format, options_for(target))
        if target.path is None:
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            folder = os.path.dirname(target.path)
            if folder:
                os.makedirs(folder, exist_ok=True)
            with open(target.path, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)


def run(args, claims_only: bool = False) -> int:
    """The command, or its memoised output when nothing it read has changed (``report_memo``)."""
    from checker.commands.report_memo import open_memo

    memo = open_memo(args, "claims" if claims_only else "check")
    if memo is not None:
        code = memo.replay()
        if code is not None:
            return code
        memo.start()
    code = EXIT_ERROR
    try:
        code = _run(args, claims_only, memo)
    finally:
        if memo is not None:
            memo.finish(code)
    return code


def _run(args, claims_only: bool, memo) -> int:
    from checker.baseline import BaselineError
    from checker.checks.context import CheckError
    from checker.commands.changed import GitError, changed_files
    from checker.commands.inputs import InputTracker
    from checker.config import ConfigError, ReportTarget, resolve_config
    from checker.report.color import use_color
    from checker.report.writers import RenderOptions
    from checker.rules import RuleError

    inputs = InputTracker()
    try:
        cfg = resolve_config(args)
        if claims_only:
            cfg.format, cfg.outputs, cfg.fail_on, cfg.baseline = [args.claims_format], [], "never", None
        if memo is not None and (cfg.outputs or not cfg.cache or _absolute(cfg.cache_dir) != _absolute(args.cache_dir)):
            memo.cancel()  # report files, or the configuration's cache settings: not memoised
        changed = None
        if getattr(args, "changed_since", None):
            changed = changed_files(args.changed_since, _git_folder(args.paths))
        _, result = collect(args, inputs, cfg, claims_only=claims_only)
        result.changed_since = getattr(args, "changed_since", None)
        gate(result, cfg, changed)
    except RuleError as err:
        print(str(err), file=sys.stderr)
        return EXIT_ERROR
    except (CheckError, ConfigError, BaselineError, GitError, FileNotFoundError, ValueError) as err:
        print(f"factlint: error: {err}", file=sys.stderr)
        return EXIT_ERROR
    show = bool(getattr(args, "show_suppressed", False))

    def options_for(target: ReportTarget) -> RenderOptions:
        color = target.path is None and use_color(sys.stdout)
        return RenderOptions(claims_only=claims_only, show_suppressed=show, color=color)

    try:
        write_reports(result, cfg.reports, options_for)
    except OSError as err:
        print(f"factlint: error: cannot write report {err.filename}: {err.strerror}", file=sys.stderr)
        return EXIT_ERROR
    if inputs.failed:
        return EXIT_ERROR
    if any(st.failing for st in result.states):
        return EXIT_FINDINGS
    return EXIT_OK


def _absolute(path: str | None) -> str | None:
    return os.path.abspath(path) if path else None


def _git_folder(paths: list[str]) -> str:
    """Where to ask git: the folder of the first path given (the articles' repository), else here."""
    for p in paths:
        if p != "-" and os.path.exists(p):
            return p if os.path.isdir(p) else (os.path.dirname(p) or ".")
    return os.getcwd()


def run_claims(args) -> int:
    return run(args, claims_only=True)
