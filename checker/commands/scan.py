"""``factlint scan``: print every quantity and time mention the scanner finds.

Each document is loaded, scanned and rendered on its own (in this process, or in ``--jobs``
worker processes that send back the rendered text), and the texts are written in input
order, so the output does not depend on the number of processes.
"""

from __future__ import annotations

import io
import sys

from checker.cli import EXIT_ERROR, EXIT_OK
from checker.commands.inputs import InputTracker
from checker.report.terminal import printable_line

_OPTIONS: dict = {}


def _init(options: dict) -> None:
    _OPTIONS.clear()
    _OPTIONS.update(options)


def render_one(path: str) -> dict:
    """Load, scan and render one file: {"path", "out", "warnings", "error", "internal_error"}."""
    from checker.document import LoadError, load_bytes
    from checker.document.loader import read_source
    from checker.extract.scanner import scan_document
    from checker.report.mentions import write_jsonl, write_table
    from checker.report.paths import display_path

    shown = display_path(path)
    result = {"path": shown, "out": "", "warnings": [], "error": None, "internal_error": None}
    try:
        doc = load_bytes(read_source(path), path, lang=_OPTIONS.get("lang"))
    except LoadError as err:
        result["error"] = str(err)
        return result
    except (Exception, RecursionError, MemoryError) as err:  # noqa: BLE001 - one file must not end the run
        detail = " ".join(str(err).split())[:200]
        result["error"] = (f"{path}: cannot load: internal error {type(err).__name__}"
                           f"{': ' + detail if detail else ''} (please report it)")
        return result
    doc.path = shown
    result["warnings"] = list(doc.warnings)
    try:
        mentions = scan_document(doc)
        out = io.StringIO()
        if _OPTIONS.get("format") == "jsonl":
            write_jsonl(doc, mentions, out, numeric=_OPTIONS.get("numeric", False))
        else:
            write_table(doc, mentions, out, tablefmt="grid" if _OPTIONS.get("format") == "grid" else "simple")
        result["out"] = out.getvalue()
    except Exception as err:  # noqa: BLE001 - a bug in factlint must not lose the other documents
        result["internal_error"] = f"{type(err).__name__}: {err}"
    return result


def _in_order(paths: list, first: dict, rest) -> object:
    """The results of ``paths`` in order: ``first`` for the first file, then ``rest``'s."""
    seen_first = False
    for p in paths:
        if not isinstance(p, str):
            yield p
        elif not seen_first:
            seen_first = True
            yield first
        else:
            yield next(rest)


def run(args) -> int:
    from checker.commands.parallel import default_jobs, ordered_map, worth_parallel
    from checker.document import LoadError
    from checker.document.language import normalize_language
    from checker.document.loader import iter_paths

    if args.lang:
        normalize_language(args.lang)
    options = {"lang": args.lang, "format": args.format, "numeric": args.numeric}
    _init(options)
    paths = list(iter_paths(args.paths, list(args.exclude or [])))
    files = [p for p in paths if isinstance(p, str)]
    jobs = args.jobs or default_jobs()
    if "-" in files or not worth_parallel(files, jobs, explicit=args.jobs is not None):
        results = (render_one(p) if isinstance(p, str) else p for p in paths)
    else:
        # the first file is read here: forked workers inherit the patterns it compiled
        first = render_one(files[0])
        done = ordered_map(render_one, files[1:], jobs, _init, (options,))
        results = _in_order(paths, first, done)
    inputs = InputTracker()
    out = sys.stdout
    for item in results:
        if isinstance(item, LoadError):
            inputs.failed += 1
            print(printable_line(f"{item}"), file=sys.stderr)
            continue
        if item["error"] is not None:
            inputs.failed += 1
            print(printable_line(item["error"]), file=sys.stderr)
            continue
        for warning in item["warnings"]:
            print(printable_line(f"{item['path']}: warning: {warning}"), file=sys.stderr)
        if item["internal_error"] is not None:
            inputs.failed += 1
            print(printable_line(f"{item['path']}: internal error while reading its figures: "
                                 f"{item['internal_error']} (please report it)"), file=sys.stderr)
            continue
        out.write(item["out"])
        out.flush()
    if inputs.failed:
        return EXIT_ERROR
    return EXIT_OK
