"""Throughput of the time-expression finder, in MB of text per second.

    python benchmarks/timex_speed.py [--lang fr] [--size 2000000] [FILE ...]

Without files it reads the plain text of French TimeBank (dense in dates: about one time
expression every 270 characters). The text is repeated up to ``--size`` characters and scanned
once with a fixed publication date; compiling the language's patterns and loading dateparser
happen before the clock starts, as they do once per process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timebank_fr import DEFAULT_DATA, read_tml  # noqa: E402
from checker.extract.timex import find_time_expressions  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--lang", default="fr")
    ap.add_argument("--size", type=int, default=2_000_000)
    args = ap.parse_args(argv)
    if args.files:
        sample = "\n".join(f.read_text("utf-8") for f in args.files)
    else:
        sample = "\n".join(read_tml(f).text for f in sorted(DEFAULT_DATA.glob("*.tml")))
    if not sample.strip():
        raise SystemExit("no text to scan")
    text = (sample + "\n") * (args.size // len(sample) + 1)
    published = dt.date(2025, 6, 24)
    find_time_expressions(sample, args.lang, published)  # warm up: compile, load dateparser
    start = time.perf_counter()
    mentions = find_time_expressions(text, args.lang, published)
    elapsed = time.perf_counter() - start
    print(f"{args.lang}: {len(text):,} characters, {len(mentions):,} mentions, {elapsed:.2f} s, "
          f"{len(text) / elapsed / 1e6:.2f} MB/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
