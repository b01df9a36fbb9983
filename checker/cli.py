"""The ``factlint`` command line: parses arguments and hands each command to checker.commands.

Imports stay inside the command handlers, so that ``factlint --version`` and ``--help`` start
without loading dateparser, pycountry or the language data.
"""

from __future__ import annotations

import argparse
import os
import sys

from checker import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
LANGS = ("en", "fr", "de", "es")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with ``only`` (the command a command line names, "" for none),
    the other commands are listed by name and help but their options are not built.

    Why: building every command's options took 8-15 ms, a tenth of re-checking an unchanged
    corpus, for a command line that uses one of them.
    """
    parser = _Parser(
        prog="factlint",
        description="Check dated numbers in news text for consistency, using rule files.",
    )
    parser.add_argument("--version", action="version", version=f"factlint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    if only is not None:
        sub = _OnlyNamed(sub, only)

    scan = sub.add_parser("scan", help="list every quantity and time expression in the documents")
    _add_inputs(scan)
    scan.add_argument("--format", choices=("table", "grid", "jsonl"), default="table", help="output format (default: table)")
    scan.add_argument(
        "--numeric", action="store_true",
        help="jsonl for tools that read numbers: leave out dates and years, give durations as amounts",
    )
    scan.set_defaults(handler="checker.commands.scan:run")

    check = sub.add_parser(
        "check", help="extract claims with the rule files and check them against each other",
        description="Check the claims of all documents against each other. Exit codes: 0 no finding "
                    "reaches --fail-on, 1 one does, 2 usage, input, rule-file or configuration error.")
    _add_inputs(check)
    _add_rules(check)
    _add_cache(check)
    _add_gate(check)
    from checker.commands.ledger_cmds import add_ledger_option, add_parsers as add_ledger_parsers

    add_ledger_option(check)  # --ledger [PATH]: check drafts against the claim ledger
    check.set_defaults(handler="checker.commands.check:run")

    baseline = sub.add_parser("baseline", help="record today's findings so that check --baseline fails only on new ones")
    _add_inputs(baseline)
    _add_rules(baseline)
    _add_cache(baseline)
    baseline.add_argument("--config", metavar="FILE", help="configuration file (default: the nearest factlint.toml "
                          "or pyproject.toml with [tool.factlint], from the working directory up)")
    baseline.add_argument("--assume-published", metavar="DATE",
                          help="publication date assumed for undated documents (YYYY-MM-DD)")
    baseline.add_argument("--output", "-o", dest="baseline_output", metavar="FILE",
                          help="baseline file to write (default: the configuration's baseline, else .factlint-baseline.json)")
    baseline.set_defaults(handler="checker.commands.baseline:run")

    config = sub.add_parser("config", help="print the resolved configuration and where each value comes from")
    config.add_argument("paths", nargs="*", metavar="PATH", help=argparse.SUPPRESS)
    config.add_argument("--lang", choices=LANGS, help="language of the documents")
    config.add_argument("--exclude", action="append", metavar="GLOB", help="skip paths matching GLOB (repeatable)")
    _add_rules(config)
    _add_gate(config)
    config.set_defaults(handler="checker.commands.config:run")

    claims = sub.add_parser("claims", help="print the claims the rule files find, without checking them")
    _add_inputs(claims)
    _add_rules(claims)
    _add_cache(claims)
    claims.add_argument("--config", metavar="FILE", help="configuration file (default: found from the working directory up)")
    claims.add_argument("--format", dest="claims_format", choices=("plain", "grid", "markdown", "html", "json"), default="plain")
    claims.set_defaults(handler="checker.commands.check:run_claims")

    from checker.commands.rules_cmds import add_parsers as add_rule_author_parsers

    add_rule_author_parsers(sub)  # rules test|lint|new, explain
    add_ledger_parsers(sub)  # ingest, history, ledger export|stats|recover, report
    from checker.commands.cache_cmds import add_parsers as add_cache_parsers

    add_cache_parsers(sub)  # cache stats|clear
    return parser


class _Formatter(argparse.HelpFormatter):
    """argparse's help formatter with the terminal's width read once per process.

    Why: argparse makes a formatter for every option it adds (to check the option's metavar),
    and each one asked for the terminal's size, importing ``shutil`` (with ``bz2`` and ``lzma``)
    the first time: a few milliseconds of every start, for help that is rarely printed."""

    def __init__(self, prog, indent_increment=2, max_help_position=24, width=None):
        super().__init__(prog, indent_increment, max_help_position, _help_width() if width is None else width)


def _help_width() -> int:
    """The width argparse gives help: ``$COLUMNS``, else the terminal's, else 80; less 2."""
    key = os.environ.get("COLUMNS")
    if key not in _HELP_WIDTH:
        try:
            columns = int(key or "")
        except ValueError:
            columns = 0
        if columns <= 0:
            try:
                columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
            except (AttributeError, ValueError, OSError):
                columns = 0
        _HELP_WIDTH[key] = (columns or 80) - 2
    return _HELP_WIDTH[key]


_HELP_WIDTH: dict[str | None, int] = {}


class _Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose help uses ``_Formatter`` (and so do its subcommands')."""

    def __init__(self, *args, formatter_class=None, **kwargs):
        super().__init__(*args, formatter_class=formatter_class or _Formatter, **kwargs)


class _Unbuilt:
    """Stands for the parser of a command the command line does not name: every call to it
    (add_argument, set_defaults, add_subparsers, ...) is ignored."""

    def __getattr__(self, name: str):
        return self._ignore

    def _ignore(self, *args, **kwargs) -> "_Unbuilt":
        return self


class _OnlyNamed:
    """The commands' subparsers action, building in full only the parser of ``named``."""

    def __init__(self, sub, named: str) -> None:
        self._sub = sub
        self._named = named

    def add_parser(self, name: str, **kwargs):
        parser = self._sub.add_parser(name, **kwargs)  # listed in --help and in usage errors
        return parser if name == self._named else _Unbuilt()


def _named_command(argv: list[str]) -> str:
    """The command a command line names: its first word that is no option ("" if none).
    (The top-level options, --help and --version, take no value.)"""
    return next((arg for arg in argv if not arg.startswith("-")), "")


def _add_rules(p: argparse.ArgumentParser) -> None:
    p.add_argument("--rules", action="append", metavar="FILE_OR_DIR",
                   help="rule files or folders (repeatable; default: the rules/ folder next to the documents)")


def _add_inputs(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders (searched recursively) or - for stdin")
    p.add_argument("--lang", choices=LANGS, help="language of the documents (default: front matter, else detected)")
    p.add_argument("--exclude", action="append", metavar="GLOB", help="skip paths matching GLOB (repeatable)")
    p.add_argument("--jobs", "-j", type=_positive, metavar="N",
                   help="read documents in N processes (default: one per core; 1: in this process)")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def _add_cache(p: argparse.ArgumentParser) -> None:
    p.add_argument("--no-cache", action="store_true",
                   help="read every document afresh and store nothing (default: claims of unchanged "
                        "documents come from the result cache)")
    p.add_argument("--cache-dir", metavar="DIR",
                   help="result cache folder (default: $FACTLINT_CACHE_DIR/results, else "
                        "~/.cache/factlint/results)")


def _add_gate(p: argparse.ArgumentParser) -> None:
    """The options of ``check`` that the configuration file can also set (and ``config`` shows)."""
    from checker.options import FAIL_ON, FORMATS

    p.add_argument("--config", metavar="FILE", help="configuration file (default: the nearest factlint.toml "
                   "or pyproject.toml with [tool.factlint], from the working directory up)")
    p.add_argument("--format", action="append", choices=FORMATS, metavar="FORMAT",
                   help="report format, repeatable: " + ", ".join(FORMATS) + " (default: plain; github "
                        "annotations when GITHUB_ACTIONS=true); the n-th --format goes to the n-th --output, "
                        "formats without an output go to standard output")
    p.add_argument("--output", "-o", action="append", metavar="FILE",
                   help="write a report to FILE (repeatable; paired with --format in order)")
    p.add_argument("--fail-on", choices=FAIL_ON,
                   help="exit 1 when a finding of this severity or worse counts (default: error)")
    p.add_argument("--severity", action="append", metavar="CHECK_OR_KIND=SEVERITY",
                   help="override the severity of a check id or of a kind of check (repeatable)")
    p.add_argument("--baseline", metavar="FILE", help="fail only on findings not in this baseline (see factlint baseline)")
    p.add_argument("--no-baseline", action="store_true", default=None, help="ignore the configuration's baseline")
    p.add_argument("--show-suppressed", action="store_true",
                   help="list suppressed findings and those in the baseline in tables, with their status")
    p.add_argument("--changed-since", metavar="GIT_REF",
                   help="report only findings citing documents changed since GIT_REF (all documents are still read)")
    p.add_argument("--assume-published", metavar="DATE",
                   help="publication date assumed for undated documents (YYYY-MM-DD)")


def main(argv: list[str] | None = None) -> int:
    whole_process = argv is None
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(only=_named_command(argv))
    args = parser.parse_args(argv)
    # the report memo replays the output of a command line run as a process of its own, never
    # of a call from Python (a caller may have changed factlint's behaviour in between)
    args.memo = whole_process
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_ERROR
    module_name, func_name = args.handler.split(":")
    import importlib

    from checker import dataclass_store

    dataclass_store.install()  # (before the command's record classes are made)

    handler = getattr(importlib.import_module(module_name), func_name)
    try:
        return handler(args)
    except KeyboardInterrupt:
        print("factlint: interrupted", file=sys.stderr)
        return 130
    except RuntimeError as err:
        from checker.commands.parallel import WorkerError

        if not isinstance(err, WorkerError):
            raise
        print(f"factlint: error: {err}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
