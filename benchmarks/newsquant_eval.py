#!/usr/bin/env python3
"""Score factlint's scanner on NewsQuant with the benchmark's own scorer (cqe protocol).

Writes one file per sentence with the scorer (--write-docs), runs
``factlint scan --format jsonl --numeric --lang en`` on them, and scores the predictions; with
``--peer`` also scores quantulum3 in the same run for comparison.

Usage: python benchmarks/newsquant_eval.py [--gold ../shared/data/newsquant/dev.json] [--peer]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=SHARED / "data" / "newsquant" / "dev.json")
    ap.add_argument("--scorer", type=Path, default=SHARED / "tools" / "newsquant_score.py")
    ap.add_argument("--peer", action="store_true", help="also score quantulum3 (slow: about a minute)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        docs = Path(tmp) / "docs"
        subprocess.run([sys.executable, str(args.scorer), str(args.gold), "--write-docs", str(docs)], check=True,
                       stdout=subprocess.DEVNULL)
        preds = Path(tmp) / "factlint.jsonl"
        with preds.open("w", encoding="utf-8") as out:
            subprocess.run([sys.executable, "-m", "checker", "scan", "--format", "jsonl", "--numeric", "--lang", "en",
                            str(docs)], check=True, stdout=out, cwd=ROOT)
        subprocess.run([sys.executable, str(args.scorer), str(args.gold), "--predictions", str(preds)], check=True)
        if args.peer:
            subprocess.run([sys.executable, str(args.scorer), str(args.gold), "--system", "quantulum3"], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
