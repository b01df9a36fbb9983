"""``factlint explain``: for every number of a text, the scanner's reading and what became of it.

Documents come from PATH arguments (files, folders, ``-``) or from ``--text``; rules from
``--rules`` or the ``rules/`` folder next to the documents (as for ``check``). The explanation
itself is ``checker.claims.explain``. Exit codes: 0, or 2 for bad input or rule files.
"""

from __future__ import annotations

import json
import sys

from checker.cli import EXIT_ERROR, EXIT_OK
from checker.regex_store import cached_compile

_PUBLISHED = cached_compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}))?$")


def _text_document(args):
    """The ``--text`` document, dated by ``--published`` (raises ValueError on a bad date)."""
    from datetime import date

    from checker.document import load_text

    doc = load_text(args.text, path="<text>", lang=args.lang)
    if args.published:
        m = _PUBLISHED.match(args.published.strip())
        if not m:
            raise ValueError(f"--published: cannot read {args.published!r} (write YYYY-MM-DD or YYYY-MM-DDTHH:MM)")
        try:
            doc.published = date.fromisoformat(m.group(1))
        except ValueError as exc:
            raise ValueError(f"--published: {exc}") from None
        doc.published_time = m.group(2)
    return doc


def run(args) -> int:
    from checker.claims.builder import ClaimBuilder
    from checker.claims.explain import explain_document, render_plain, to_json
    from checker.commands.check import find_rules
    from checker.commands.inputs import InputTracker
    from checker.rules import RuleError, load_rules

    if args.text is not None and args.paths:
        print("factlint: error: give files or --text, not both", file=sys.stderr)
        return EXIT_ERROR
    if args.text is None and not args.paths:
        print("factlint: error: give a file to explain, or --text \"...\"", file=sys.stderr)
        return EXIT_ERROR
    if args.published and args.text is None:
        print("factlint: error: --published goes with --text (files carry their date in front matter)", file=sys.stderr)
        return EXIT_ERROR
    rule_paths = args.rules or find_rules(args.paths or [])
    if not rule_paths:
        print("factlint: error: no rule files: give --rules FILE_OR_DIR or put *.rules in a rules/ folder "
              "next to the documents", file=sys.stderr)
        return EXIT_ERROR
    try:
        rules = load_rules(rule_paths)
    except RuleError as err:
        print(str(err), file=sys.stderr)
        return EXIT_ERROR
    builder = ClaimBuilder(rules)
    kinds = {m.name: m.kind for m in rules.metrics.values()}
    inputs = InputTracker()
    try:
        docs = [_text_document(args)] if args.text is not None else inputs.documents(args, exclude=[])
        records = []
        first = True
        for doc in docs:
            explanations = explain_document(doc, builder)
            if args.explain_format == "json":
                records.append(to_json(doc, explanations))
                continue
            if not first:
                sys.stdout.write("\n")
            first = False
            render_plain(doc, explanations, sys.stdout, kinds, claims_only=args.claims_only)
    except ValueError as err:
        print(f"factlint: error: {err}", file=sys.stderr)
        return EXIT_ERROR
    if args.explain_format == "json":
        json.dump(records, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    return EXIT_ERROR if inputs.failed else EXIT_OK
