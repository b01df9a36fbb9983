"""``factlint cache stats|clear``: what the caches hold, and emptying them.

The caches live in the machine cache folder (``checker.machine_cache``): per-document results
(``results/``, or ``--cache-dir``, with the stat index of each command line in ``results/index/``
and the last report of each command line in ``results/memo/``),
loaded rule sets (``rules/``), compiled regular expressions (``regex-*/``, one file per
pattern; ``regex-*.marshal`` from earlier versions) and the compiled methods of the record
classes (``dataclass-code-*.marshal``, one file per Python). Nothing in them is needed:
``clear`` only costs the next run the time to rebuild them.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from checker.cli import EXIT_OK


def add_parsers(sub) -> None:
    cache = sub.add_parser("cache", help="show or empty factlint's caches (results, rule sets, compiled patterns)")
    actions = cache.add_subparsers(dest="cache_action", metavar="ACTION", required=True)
    for name, text in (("stats", "count the entries and bytes of each cache"),
                       ("clear", "delete every cache entry (the next run rebuilds what it needs)")):
        p = actions.add_parser(name, help=text)
        p.add_argument("--cache-dir", metavar="DIR", help="result cache folder (default: <machine cache>/results)")
        if name == "stats":
            p.add_argument("--format", dest="cache_format", choices=("plain", "json"), default="plain")
        p.set_defaults(handler="checker.commands.cache_cmds:run")


def _parts(args: argparse.Namespace) -> dict[str, list[Path]]:
    from checker.machine_cache import cache_dir

    root = cache_dir()
    results = Path(args.cache_dir) if args.cache_dir else (root / "results" if root else None)
    return {
        "results": sorted(p for p in results.glob("*/*.json") if p.parent.name != "memo")
        if results and results.is_dir() else [],
        "report memos": sorted((results / "memo").glob("*.json")) if results and results.is_dir() else [],
        "result indexes": sorted((results / "index").glob("*.idx")) if results and results.is_dir() else [],
        "rule sets": sorted((root / "rules").glob("*.pickle")) if root and (root / "rules").is_dir() else [],
        "compiled patterns": sorted([*root.glob("regex-*/*.marshal"), *root.glob("regex-*.marshal")])
        if root and root.is_dir() else [],
        "compiled record methods": sorted(root.glob("dataclass-code-*.marshal")) if root and root.is_dir() else [],
    }


def run(args: argparse.Namespace) -> int:
    parts = _parts(args)
    if args.cache_action == "clear":
        removed = 0
        for files in parts.values():
            for path in files:
                try:
                    path.unlink()
                    removed += 1
                except OSError as err:
                    print(f"factlint: cannot delete {path}: {err.strerror}", file=sys.stderr)
        print(f"factlint: deleted {removed} cache entr{'y' if removed == 1 else 'ies'}", file=sys.stderr)
        return EXIT_OK
    stats = {}
    for name, files in parts.items():
        size = 0
        for path in files:
            try:
                size += path.stat().st_size
            except OSError:
                pass
        stats[name] = {"entries": len(files), "bytes": size}
    if args.cache_format == "json":
        print(json.dumps(stats, indent=2))
    else:
        from tabulate import tabulate

        print(tabulate([(k, v["entries"], f"{v['bytes'] / 1e6:.1f} MB") for k, v in stats.items()],
                       headers=("cache", "entries", "size"), disable_numparse=True))
    return EXIT_OK
