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

_OPTIONS: dict = {}


def _init(options: dict) -> None:
    _OPTIONS.clear()
    _OPTIONS.update(options)


def render_one(path: str) -> dict:
    """Load, scan and render one file: {"path", "out", "warnings", "error", "internal_error"}."""
    from checker.document import LoadError
    from checker.document.loader import try_load
    from checker.extract.scanner import scan_document
    from checker.report.mentions import write_jsonl, write_table
    from checker.report.paths import display_path

    shown = display_path(path)
    result = {"path": shown, "out": "", "warnings": [], "error": None, "internal_error": None}
    doc = try_load(path, lang=_OPTIONS.get("lang"))
    if isinstance(doc, LoadError):
        result["error"] = str(doc)
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


def run(args) -> int:
    from checker.commands.parallel import default_jobs, in_order, spread, worth_parallel
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
        results = in_order(paths, {}, map(render_one, files))
    else:
        results = in_order(paths, {}, (result for _, result in spread(render_one, render_one, files, jobs, _init, (options,))))
    inputs = InputTracker()
    for item in results:
        if isinstance(item, LoadError):
            inputs.fail(f"{item}")
        elif item["error"] is not None:
            inputs.fail(item["error"])
        elif inputs.admit(item["path"], "", item["warnings"], None):
            if item["internal_error"] is not None:
                inputs.internal_error(item["path"], item["internal_error"])
                continue
            sys.stdout.write(item["out"])
            sys.stdout.flush()
    return EXIT_ERROR if inputs.failed else EXIT_OK
