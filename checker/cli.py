"""The ``factlint`` command line: parses arguments and hands each command to checker.commands.

Imports stay inside the command handlers, so that ``factlint --version`` and ``--help`` start
without loading dateparser, pycountry or the language data.
"""

from __future__ import annotations

import argparse
import sys

from checker import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="factlint",
        description="Check dated numbers in news text for consistency, using rule files.",
    )
    parser.add_argument("--version", action="version", version=f"factlint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    scan = sub.add_parser("scan", help="list every quantity and time expression in the documents")
    _add_inputs(scan)
    scan.add_argument("--format", choices=("table", "grid", "jsonl"), default="table", help="output format (default: table)")
    scan.add_argument(
        "--numeric", action="store_true",
        help="jsonl for tools that read numbers: leave out dates and years, give durations as amounts",
    )
    scan.set_defaults(handler="checker.commands.scan:run")

    check = sub.add_parser("check", help="extract claims with the rule files and check them against each other")
    _add_inputs(check)
    _add_rules(check)
    check.add_argument("--format", choices=("plain", "grid", "github", "html", "json"), default="plain", help="report format (default: plain)")
    check.add_argument("--fail-on", choices=("error", "warning", "info", "never"), default="error",
                       help="exit 1 when a finding of this severity or worse is found (default: error)")
    check.set_defaults(handler="checker.commands.check:run")

    claims = sub.add_parser("claims", help="print the claims the rule files find, without checking them")
    _add_inputs(claims)
    _add_rules(claims)
    claims.add_argument("--format", choices=("plain", "grid", "github", "html", "json"), default="plain")
    claims.set_defaults(handler="checker.commands.check:run_claims")
    return parser


def _add_rules(p: argparse.ArgumentParser) -> None:
    p.add_argument("--rules", action="append", metavar="FILE_OR_DIR",
                   help="rule files or folders (repeatable; default: the rules/ folder next to the documents)")


def _add_inputs(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders (searched recursively) or - for stdin")
    p.add_argument("--lang", choices=("en", "fr", "de", "es"), help="language of the documents (default: front matter, else detected)")
    p.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="skip paths matching GLOB (repeatable)")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_ERROR
    module_name, func_name = args.handler.split(":")
    import importlib

    handler = getattr(importlib.import_module(module_name), func_name)
    try:
        return handler(args)
    except KeyboardInterrupt:
        print("factlint: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
