"""``factlint ingest``, ``history``, ``ledger export|stats|recover``, ``report``, and ``check --ledger``.

The ledger itself (storage, migrations, durability) is ``checker.ledger``; this module parses
the options, prints and maps errors to exit codes: 0 done, 1 nothing to show / nothing
recovered, 2 bad input or an unusable ledger (one line naming the file).
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from checker.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, LANGS

HISTORY_FORMATS = {"plain": "simple", "grid": "grid", "markdown": "github"}


# ---------------------------------------------------------------------------------- parsers
#: ``checker.ledger.DEFAULT_LEDGER`` (tests keep them equal): the ``--help`` texts name it, and
#: importing the ledger package (sqlite3 and the store) for it would slow every command's start
DEFAULT_LEDGER = os.path.join(".factlint", "ledger.sqlite")


def _default_ledger() -> str:
    return DEFAULT_LEDGER


class _LedgerPath(argparse.Action):
    """``--ledger [PATH]``: the default ledger when PATH is left out.

    A document given right after a bare ``--ledger`` (``check --ledger draft.md``) would be
    taken as the ledger and the draft lost: that is refused with a hint instead.
    """

    def __call__(self, parser, namespace, values, option_string=None):
        from checker.document.loader import format_for

        if values is None:
            values = _default_ledger()
        elif values == "-" or os.path.isdir(values) or format_for(values):
            raise argparse.ArgumentError(self, f"{values!r} looks like a document, not a ledger file: put "
                                               f"--ledger after the documents, or write --ledger=PATH")
        setattr(namespace, self.dest, values)


def add_ledger_option(p: argparse.ArgumentParser, optional_path: bool = True) -> None:
    """``--ledger [PATH]`` for ``check`` and ``report`` (compare with the ledger when given)."""
    p.add_argument("--ledger", nargs="?", action=_LedgerPath, metavar="PATH",
                   help="also compare the documents (drafts) with the current claims of the ledger "
                        f"(default PATH: {_default_ledger()}); findings then all concern the drafts")


def _ledger_file(p: argparse.ArgumentParser) -> None:
    p.add_argument("--ledger", default=None, metavar="PATH",
                   help=f"the ledger file (default: {_default_ledger()} in the working directory)")


def _inputs(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (searched recursively)")
    p.add_argument("--lang", choices=LANGS, help="language of the documents (default: front matter, else detected)")
    p.add_argument("--exclude", action="append", metavar="GLOB", help="skip paths matching GLOB (repeatable)")


def _rules(p: argparse.ArgumentParser) -> None:
    p.add_argument("--rules", action="append", metavar="FILE_OR_DIR",
                   help="rule files or folders (repeatable; default: the rules/ folder next to the documents)")


def add_parsers(sub) -> None:
    """Register ingest, history, ledger and report on the ``factlint`` subparsers."""
    ingest = sub.add_parser("ingest", help="store documents and their claims in the claim ledger",
                            description="Store each document (content hash, path, source, url, language, "
                                        "publication date, title) and its claims in the ledger. An unchanged "
                                        "document adds nothing; a changed one becomes a new current version.")
    _inputs(ingest)
    _rules(ingest)
    _ledger_file(ingest)
    ingest.add_argument("--verbose", "-v", action="store_true", help="list what happened to each document")
    ingest.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")
    ingest.add_argument("--refresh", action="store_true",
                        help="rebuild the claims of unchanged documents stored with other rule files")
    ingest.set_defaults(handler="checker.commands.ledger_cmds:run_ingest")

    history = sub.add_parser("history", help="the timeline of a metric from the ledger, as a table")
    history.add_argument("metric", metavar="METRIC")
    history.add_argument("subject", nargs="?", metavar="SUBJECT", help="one subject (default: every subject)")
    _ledger_file(history)
    history.add_argument("--all-versions", action="store_true", help="include claims of older document versions")
    history.add_argument("--format", dest="history_format", choices=tuple(HISTORY_FORMATS), default="plain")
    history.set_defaults(handler="checker.commands.ledger_cmds:run_history")

    ledger = sub.add_parser("ledger", help="export, count or recover the claim ledger")
    lsub = ledger.add_subparsers(dest="ledger_command", metavar="COMMAND")
    export = lsub.add_parser("export", help="every claim with its document, as CSV or JSON lines")
    export.add_argument("--format", dest="export_format", choices=("csv", "jsonl"), default="csv")
    export.add_argument("--output", "-o", dest="export_output", metavar="FILE", help="write to FILE (default: standard output)")
    export.add_argument("--all-versions", action="store_true", help="include claims of older document versions")
    _ledger_file(export)
    export.set_defaults(handler="checker.commands.ledger_cmds:run_export")
    stats = lsub.add_parser("stats", help="documents, versions, claims, metrics, languages, dates")
    stats.add_argument("--format", dest="stats_format", choices=("plain", "json"), default="plain")
    _ledger_file(stats)
    stats.set_defaults(handler="checker.commands.ledger_cmds:run_stats")
    recover = lsub.add_parser("recover", help="move a damaged ledger aside and rebuild it from the files it names",
                              description="Rename the ledger to LEDGER.damaged-<time> (nothing is deleted), read "
                                          "the document paths it still names, and ingest those files into a new "
                                          "ledger. Older versions are not rebuilt.")
    _ledger_file(recover)
    _rules(recover)
    recover.add_argument("--force", action="store_true", help="rebuild even when the ledger looks healthy")
    recover.set_defaults(handler="checker.commands.ledger_cmds:run_recover")
    ledger.set_defaults(handler="checker.commands.ledger_cmds:run_ledger_help", ledger_parser=ledger)

    report = sub.add_parser("report", help="write the check report as one self-contained HTML page",
                            description="Check the documents (as factlint check does) and write an HTML page: "
                                        "summary, findings with their quotes, claims, timeline charts. The page "
                                        "makes no network request and runs no script.")
    _inputs(report)
    _rules(report)
    report.add_argument("--output", "-o", dest="report_output", metavar="FILE", default="factlint-report.html",
                        help="the page to write (default: factlint-report.html; - for standard output)")
    report.add_argument("--config", metavar="FILE", help="configuration file (default: found from the working directory up)")
    report.add_argument("--assume-published", metavar="DATE", help="publication date assumed for undated documents")
    add_ledger_option(report)
    report.set_defaults(handler="checker.commands.ledger_cmds:run_report")


def _error(message: str) -> int:
    print(f"factlint: error: {message}", file=sys.stderr)
    return EXIT_ERROR


# ---------------------------------------------------------------------------------- ingest
def run_ingest(args) -> int:
    from checker.claims.builder import ClaimBuilder
    from checker.commands.check import find_rules
    from checker.commands.inputs import InputTracker
    from checker.ledger import Ledger, LedgerError
    from checker.ledger.ingest import ingest_documents
    from checker.ledger.progress import Progress, count_inputs
    from checker.rules import RuleError, load_rules

    if "-" in args.paths:
        return _error("ingest reads files, not standard input: the ledger identifies a document by its path")
    path = args.ledger or _default_ledger()
    try:
        rule_paths = args.rules or find_rules(args.paths)
        if not rule_paths:
            return _error("no rule files: give --rules FILE_OR_DIR or put *.rules in a rules/ folder next to the documents")
        rules = load_rules(rule_paths)
    except RuleError as err:
        print(str(err), file=sys.stderr)
        return EXIT_ERROR
    inputs = InputTracker()
    progress = Progress(sys.stderr, enabled=False if args.no_progress else None)
    if progress.enabled:
        progress.total = count_inputs(args.paths, args.exclude or [])
    try:
        with Ledger(path) as ledger:
            summary = ingest_documents(ledger, inputs.documents(args), ClaimBuilder(rules), rules,
                                       on_document=lambda s: progress.update(s.documents, s.claims),
                                       refresh=args.refresh)
    except LedgerError as err:
        progress.close()
        return _error(str(err))
    except ValueError as err:  # an unsupported --lang
        progress.close()
        return _error(str(err))
    progress.close()
    if args.verbose:
        for doc_path, outcome in summary.outcomes:
            note = f"{outcome.claims} claims" if outcome.status in ("new", "version", "refreshed") else ""
            print(f"{outcome.status:<9} v{outcome.version:<3} {doc_path}" + (f"  ({note})" if note else ""))
    print(f"{path}: {summary.documents} documents read: {summary.new} new, {summary.versions} new versions, "
          f"{summary.restored} restored, {summary.unchanged} unchanged"
          + (f", {summary.refreshed} refreshed" if summary.refreshed else "")
          + f"; {summary.claims} claims stored"
          + (f"; {inputs.failed} could not be read" if inputs.failed else ""))
    if summary.other_rules:
        print(f"factlint: warning: {summary.other_rules} unchanged documents were stored with other rule files; "
              "their claims may be out of date: run ingest again with --refresh", file=sys.stderr)
    return EXIT_ERROR if inputs.failed else EXIT_OK


# ---------------------------------------------------------------------------------- history
def run_history(args) -> int:
    from tabulate import tabulate

    from checker.checks.format import format_claim
    from checker.checks.periods import order_key
    from checker.ledger import Ledger, LedgerError

    path = args.ledger or _default_ledger()
    try:
        with Ledger(path, create=False) as ledger:
            known = ledger.metrics()
            metric = _pick(args.metric, sorted({m for m, _, _ in known}))
            if metric is None:
                names = ", ".join(sorted({m for m, _, _ in known})) or "none yet"
                return _error(f"{path}: no claims of metric {args.metric!r} in the ledger (metrics: {names})")
            subject = None
            if args.subject is not None:
                subject = _pick(args.subject, sorted({s for m, s, _ in known if m == metric}))
                if subject is None:
                    names = ", ".join(sorted({s for m, s, _ in known if m == metric}))
                    return _error(f"{path}: no claims of {metric} for {args.subject!r} (subjects: {names})")
            found = ledger.claims(current_only=not args.all_versions, metric=metric, subject=subject)
    except LedgerError as err:
        return _error(str(err))
    groups: dict[tuple[str, str], list] = {}
    for c in found.claims:
        groups.setdefault((c.subject, c.unit), []).append(c)
    tablefmt = HISTORY_FORMATS[args.history_format]
    out = sys.stdout
    first = True
    for (subj, unit), claims in sorted(groups.items()):
        claims.sort(key=lambda c: (_sortable(order_key(c, found.anchors)[0]), c.doc, c.start))
        title = f"Timeline: {metric} for {subj}" + (f" ({unit})" if unit not in ("percent_of_gdp", "percent", "date") else "")
        if not first:
            out.write("\n")
        first = False
        out.write(f"### {title}\n\n" if args.history_format == "markdown" else f"{title}\n{'=' * len(title)}\n")
        rows = []
        for c in claims:
            _, anchor = order_key(c, found.anchors)
            when = c.period.label() + (f" (undated document, after {anchor})" if anchor else "")
            doc = found.documents.get(c.doc)
            row = [when, format_claim(c, found.kinds.get(c.metric), with_period=False), c.stance or "",
                   c.published.isoformat() if c.published else "undated", _clip((doc.source if doc else None) or "", 30),
                   f"{c.doc}:{c.line}:{c.column}", _clip(c.quote)]
            if args.all_versions:
                version, current = found.versions[c.id]
                row.insert(6, f"v{version}" + ("" if current else " (old)"))
            rows.append(row)
        headers = ["when", "value", "stance", "published", "source", "where", "quote"]
        if args.all_versions:
            headers.insert(6, "version")
        out.write(tabulate(rows, headers=headers, tablefmt=tablefmt, disable_numparse=True) + "\n")
    return EXIT_OK


def _pick(name: str, names: list[str]) -> str | None:
    """``name`` if known, else the one known name equal to it ignoring case."""
    if name in names:
        return name
    folded = [n for n in names if n.casefold() == name.casefold()]
    return folded[0] if len(folded) == 1 else None


def _sortable(key):
    return (1, (0, 0)) if key is None else (0, key)


def _clip(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# ---------------------------------------------------------------------------------- ledger
def run_ledger_help(args) -> int:
    args.ledger_parser.print_help()
    return EXIT_ERROR


def run_export(args) -> int:
    from checker.ledger import Ledger, LedgerError

    path = args.ledger or _default_ledger()
    try:
        with Ledger(path, create=False) as ledger:
            rows = list(ledger.export_rows(current_only=not args.all_versions))
    except LedgerError as err:
        return _error(str(err))
    try:
        handle = open(args.export_output, "w", encoding="utf-8", newline="") if args.export_output else sys.stdout
    except OSError as err:
        return _error(f"cannot write {args.export_output}: {err.strerror or err}")
    try:
        if args.export_format == "jsonl":
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            import csv

            from checker.ledger.export import CSV_COLUMNS, csv_cell

            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(CSV_COLUMNS)
            for row in rows:
                writer.writerow([csv_cell(row[k]) for k in CSV_COLUMNS])
    finally:
        if handle is not sys.stdout:
            handle.close()
    return EXIT_OK


def run_stats(args) -> int:
    from tabulate import tabulate

    from checker.ledger import Ledger, LedgerError

    path = args.ledger or _default_ledger()
    try:
        with Ledger(path, create=False) as ledger:
            stats = ledger.stats()
            per_metric = ledger.metrics()
    except LedgerError as err:
        return _error(str(err))
    if args.stats_format == "json":
        stats["by_metric"] = [{"metric": m, "subject": s, "claims": n} for m, s, n in per_metric]
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return EXIT_OK
    shown = dict(stats)
    shown["languages"] = ", ".join(f"{k} {v}" for k, v in stats["languages"].items()) or "none"
    print(tabulate([(k.replace("_", " "), "" if v is None else v) for k, v in shown.items()],
                   tablefmt="plain", disable_numparse=True))
    if per_metric:
        print()
        print(tabulate(per_metric, headers=("metric", "subject", "claims"), tablefmt="simple", disable_numparse=True))
    return EXIT_OK


def run_recover(args) -> int:
    from checker.claims.builder import ClaimBuilder
    from checker.commands.check import find_rules
    from checker.document import iter_documents
    from checker.ledger import Ledger, LedgerError
    from checker.ledger.ingest import ingest_documents
    from checker.ledger.recover import salvage
    from checker.rules import RuleError, load_rules

    path = args.ledger or _default_ledger()
    if not os.path.exists(path):
        return _error(f"{path}: no ledger here to recover")
    if not args.force:
        try:
            problem = _health(path)
        except LedgerError as err:
            return _error(f"{err} (recover --force moves it aside anyway)")
        if problem is None:
            print(f"{path}: the ledger is healthy; nothing to recover (--force rebuilds it anyway)")
            return EXIT_OK
        print(f"{path}: {problem}")
    try:
        found = salvage(path)
    except LedgerError as err:
        return _error(str(err))
    print(f"moved the ledger aside to {found.moved_to} (nothing was deleted)")
    if found.missing:
        print(f"{len(found.missing)} documents it names can no longer be read: " + ", ".join(found.missing[:5])
              + (" ..." if len(found.missing) > 5 else ""))
    if not found.paths:
        print(f"found no readable document in it; re-ingest your articles: factlint ingest PATH... --ledger {path}")
        return EXIT_FINDINGS
    try:
        rule_paths = args.rules or find_rules(found.paths)
        if not rule_paths:
            return _error("no rule files: give --rules FILE_OR_DIR")
        rules = load_rules(rule_paths)
        documents = (d for d in iter_documents(found.paths) if not isinstance(d, Exception))
        with Ledger(path) as ledger:
            summary = ingest_documents(ledger, documents, ClaimBuilder(rules), rules)
    except RuleError as err:
        print(str(err), file=sys.stderr)
        return EXIT_ERROR
    except LedgerError as err:
        return _error(str(err))
    print(f"rebuilt {path} from {summary.documents} documents (paths read from its {found.how}): "
          f"{summary.claims} claims stored")
    return EXIT_OK


def _health(path: str) -> str | None:
    """None for a ledger that opens, passes SQLite's integrity check and has all its claims; else
    what is wrong. Errors that recovering cannot fix (a newer schema, a busy ledger) are raised."""
    from checker.ledger import Ledger, LedgerCorrupt

    try:
        with Ledger(path, create=False) as ledger:
            verdict = ledger.integrity()
            if verdict != "ok":
                return f"integrity check failed: {verdict[:200]}"
            short = ledger.inconsistent()
            if short:
                return f"{len(short)} documents lack some of their claims (first: {short[0][0]})"
    except LedgerCorrupt as err:
        return f"the ledger is damaged ({err.detail})"
    return None


# ---------------------------------------------------------------------------------- report
def run_report(args) -> int:
    """``factlint report``: ``check`` writing the HTML page; the exit code says only whether it was written."""
    from checker.commands.check import run

    args.format = ["html"]
    args.output = [args.report_output]
    args.fail_on = "never"
    status = run(args)
    if status == EXIT_OK and args.report_output != "-":
        print(f"wrote {args.report_output}", file=sys.stderr)
    return status
