#!/usr/bin/env python3
"""Scanner throughput, measured against quantulum3 on the same text in the same run.

Builds a corpus of at least 5 MB from real sentences (the NewsQuant dev sentences and the
bundled fixtures, repeated and grouped into article-sized documents), scans it with factlint's
scanner in one process, runs quantulum3's parser on a slice of the same documents (it is about
a hundred times slower, so a slice keeps the run short; its rate is per byte either way), and
prints MB/s per core, the ratio and the peak resident memory.

Usage: python benchmarks/bench_scan.py [--mb 5] [--peer-kb 300] [--newsquant PATH]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def corpus(newsquant: Path, mb: float) -> list[tuple[str, str]]:
    """Article-sized (text, lang) documents totalling at least ``mb`` megabytes."""
    sentences = [s["text"] for s in json.loads(newsquant.read_text("utf-8"))]
    docs: list[tuple[str, str]] = []
    for i in range(0, len(sentences), 20):
        docs.append((" ".join(sentences[i:i + 20]), "en"))
    from checker.document import load_path

    for path in sorted((ROOT / "fixtures").glob("*.md")):
        doc = load_path(str(path))
        docs.append((doc.text, doc.lang))
    base = list(docs)
    size = sum(len(t.encode("utf-8")) for t, _ in docs)
    while size < mb * 1e6:
        docs.extend(base)
        size += sum(len(t.encode("utf-8")) for t, _ in base)
    return docs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=5.0, help="corpus size in MB (default 5)")
    ap.add_argument("--peer-kb", type=float, default=300.0, help="KB of the corpus given to quantulum3 (default 300)")
    ap.add_argument("--newsquant", type=Path, default=ROOT.parent / "shared" / "data" / "newsquant" / "dev.json")
    args = ap.parse_args()

    from checker.extract.scanner import scan_text

    docs = corpus(args.newsquant, args.mb)
    total = sum(len(t.encode("utf-8")) for t, _ in docs)
    # warm up: compile each language's tables once, as any long run would
    for lang in sorted({lang for _, lang in docs}):
        scan_text(next(text for text, doc_lang in docs if doc_lang == lang), lang, None)
    t0 = time.perf_counter()
    mentions = 0
    for text, lang in docs:
        mentions += len(scan_text(text, lang, None))
    took = time.perf_counter() - t0
    ours = total / took / 1e6
    rss_ours = peak_rss_mb()

    warnings.filterwarnings("ignore")
    from quantulum3 import parser as q3

    peer_docs, peer_size = [], 0
    for text, lang in docs:
        if lang != "en":
            continue
        peer_docs.append(text)
        peer_size += len(text.encode("utf-8"))
        if peer_size >= args.peer_kb * 1e3:
            break
    t0 = time.perf_counter()
    for text in peer_docs:
        q3.parse(text)
    peer_took = time.perf_counter() - t0
    peer = peer_size / peer_took / 1e6
    rss_peer = peak_rss_mb()

    print(f"corpus: {len(docs)} documents, {total / 1e6:.2f} MB of real news sentences and fixtures")
    print(f"factlint scan:      {ours:8.3f} MB/s per core  ({mentions} mentions, {took:.2f} s, peak RSS {rss_ours:.0f} MB)")
    print(f"quantulum3 parse:   {peer:8.3f} MB/s per core  ({peer_size / 1e3:.0f} KB slice, {peer_took:.2f} s, peak RSS {rss_peer:.0f} MB)")
    print(f"ratio factlint / quantulum3: {ours / peer:.1f}x")
    print(f"targets: >= 2 MB/s ({'met' if ours >= 2 else 'NOT met'}), >= 50x quantulum3 ({'met' if ours / peer >= 50 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
