"""``factlint scan``: print every quantity and time mention the scanner finds."""

from __future__ import annotations

import sys

from checker.cli import EXIT_ERROR, EXIT_OK
from checker.commands.inputs import InputTracker


def run(args) -> int:
    from checker.extract.scanner import scan_document
    from checker.report.mentions import write_jsonl, write_table

    out = sys.stdout
    inputs = InputTracker()
    for doc in inputs.documents(args):
        mentions = inputs.guarded(doc, scan_document)
        if mentions is None:
            continue
        if args.format == "jsonl":
            write_jsonl(doc, mentions, out, numeric=args.numeric)
        else:
            write_table(doc, mentions, out, tablefmt="grid" if args.format == "grid" else "simple")
    if inputs.failed:
        return EXIT_ERROR
    return EXIT_OK
