"""Throughput of the time-expression finder, in MB of text per second.

    python benchmarks/timex_speed.py [--lang fr] [--size 2000000] [FILE ...]
    python benchmarks/timex_speed.py --newsquant [--size 2000000] [--cold] [--repeat 3]

Without files it reads the plain text of French TimeBank (dense in dates: about one time
expression every 270 characters). The text is repeated up to ``--size`` characters and scanned
once with a fixed publication date; compiling the language's patterns and loading dateparser
happen before the clock starts, as they do once per process.

``--newsquant`` measures on number-dense English news instead: the sentences of NewsQuant
(/work/shared/data/newsquant/dev.json) joined 20 per document, the documents repeated up to
``--size`` characters and scanned one call per document, once without a publication date and
once with 2025-06-24 (the scanner's two situations). Since the documents repeat, the mentions
kept per matched text would all be found again after the first round: ``--cold`` forgets them
before every round (16 documents), which is what a stream of distinct articles would see at
worst. Each figure is the best of ``--repeat`` runs (the machine is shared: the best run is the
one least disturbed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timebank_fr import DEFAULT_DATA, read_tml  # noqa: E402
from checker.extract.timex import clear_caches, find_time_expressions  # noqa: E402

NEWSQUANT = Path("/work/shared/data/newsquant/dev.json")
PUBLISHED = dt.date(2025, 6, 24)


def newsquant_documents(path: Path = NEWSQUANT, per_document: int = 20) -> list[str]:
    """NewsQuant's sentences, ``per_document`` to a document."""
    if not path.is_file():
        raise SystemExit(f"{path}: no such file (the NewsQuant dev sentences)")
    sentences = [item["text"] for item in json.loads(path.read_text("utf-8"))]
    return [" ".join(sentences[i:i + per_document]) for i in range(0, len(sentences), per_document)]


def bench_documents(docs: list[str], size: int, lang: str, published: dt.date | None, cold: bool,
                    repeat: int = 3) -> str:
    """Scan ``docs`` repeatedly (one call per document) until ``size`` characters are read;
    the best of ``repeat`` such runs."""
    rounds = max(1, round(size / sum(len(d) for d in docs)))
    for d in docs:  # warm up: compile, load dateparser
        find_time_expressions(d, lang, published)
    best = float("inf")
    for _ in range(repeat):
        elapsed, chars, found = 0.0, 0, 0
        for _ in range(rounds):
            if cold:
                clear_caches()
            start = time.perf_counter()
            for d in docs:
                found += len(find_time_expressions(d, lang, published))
            elapsed += time.perf_counter() - start
            chars += sum(len(d) for d in docs)
        best = min(best, elapsed)
    caches = "cold" if cold else "warm"
    return (f"{lang} newsquant published={published} ({caches} caches): {chars:,} characters in "
            f"{rounds * len(docs):,} documents, {found:,} mentions, best of {repeat}: {best:.3f} s, "
            f"{chars / best / 1e6:.2f} MB/s")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--lang", default=None, help="default: fr, or en with --newsquant")
    ap.add_argument("--size", type=int, default=2_000_000)
    ap.add_argument("--newsquant", action="store_true", help="NewsQuant English news, one call per document")
    ap.add_argument("--cold", action="store_true", help="with --newsquant: forget the mentions kept per matched text before every round")
    ap.add_argument("--repeat", type=int, default=3, help="with --newsquant: report the best of this many runs")
    args = ap.parse_args(argv)
    if args.newsquant:
        docs = newsquant_documents()
        for published in (None, PUBLISHED):
            print(bench_documents(docs, args.size, args.lang or "en", published, args.cold, args.repeat))
        return 0
    lang = args.lang or "fr"
    if args.files:
        sample = "\n".join(f.read_text("utf-8") for f in args.files)
    else:
        sample = "\n".join(read_tml(f).text for f in sorted(DEFAULT_DATA.glob("*.tml")))
    if not sample.strip():
        raise SystemExit("no text to scan")
    text = (sample + "\n") * (args.size // len(sample) + 1)
    find_time_expressions(sample, lang, PUBLISHED)  # warm up: compile, load dateparser
    start = time.perf_counter()
    mentions = find_time_expressions(text, lang, PUBLISHED)
    elapsed = time.perf_counter() - start
    print(f"{lang}: {len(text):,} characters, {len(mentions):,} mentions, {elapsed:.2f} s, "
          f"{len(text) / elapsed / 1e6:.2f} MB/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
