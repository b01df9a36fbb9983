#!/usr/bin/env python3
"""Scanner throughput, measured against quantulum3 on the same text in the same run.

Builds a corpus of at least 5 MB from real sentences (the NewsQuant dev sentences and the
bundled fixtures, repeated and grouped into article-sized documents), scans it with factlint's
scanner in one process, runs quantulum3's parser on a slice of the same documents (it is about
a hundred times slower, so a slice keeps the run short; its rate is per byte either way), and
prints MB/s per core, the ratio and the peak resident memory.

MB/s per core is bytes over the process's CPU time (``time.process_time``), which other work on
the machine does not inflate; the wall-clock rate is printed next to it. ``--claims`` also
measures the claim builder (``checker.claims.builder``, rules/nato.rules loaded once) over the
same documents, in MB/s per core, two ways: after a full scan (every number read), and as
``check`` builds claims (quantities read only in sentences where a metric's cue occurs). The
documents are loaded, i.e. decoded and split into sentences, before timing; that figure is
printed apart.

Usage: python benchmarks/bench_scan.py [--mb 5] [--peer-kb 300] [--newsquant PATH] [--claims] [--stages] [--no-peer]
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
    ap.add_argument("--claims", action="store_true", help="also measure scan + claim building")
    ap.add_argument("--no-peer", action="store_true", help="skip quantulum3")
    ap.add_argument("--rules", type=Path, default=ROOT / "rules" / "nato.rules")
    ap.add_argument("--stages", action="store_true",
                    help="also time the scanner's two finders apart (time expressions, quantities)")
    args = ap.parse_args()

    from checker.extract.scanner import scan_text

    docs = corpus(args.newsquant, args.mb)
    total = sum(len(t.encode("utf-8")) for t, _ in docs)
    # warm up: compile the language tables once, as any long run would
    for lang in sorted({lang for _, lang in docs}):
        scan_text(next(t for t, l in docs if l == lang), lang, None)
    t0, c0 = time.perf_counter(), time.process_time()
    mentions = 0
    for text, lang in docs:
        mentions += len(scan_text(text, lang, None))
    took, cpu = time.perf_counter() - t0, time.process_time() - c0
    ours = total / cpu / 1e6
    ours_wall = total / took / 1e6
    rss_ours = peak_rss_mb()
    print(f"corpus: {len(docs)} documents, {total / 1e6:.2f} MB of real news sentences and fixtures")
    print(f"factlint scan:      {ours:8.3f} MB/s per core CPU, {ours_wall:.3f} MB/s wall  "
          f"({mentions} mentions, {cpu:.2f} s CPU, {took:.2f} s wall, peak RSS {rss_ours:.0f} MB)")
    if args.stages:
        stage_times(docs, total)
    if args.claims:
        claims_rate(docs, total, args.rules)
    if args.no_peer:
        return 0

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
    c0 = time.process_time()
    for text in peer_docs:
        q3.parse(text)
    peer_took = time.process_time() - c0
    peer = peer_size / peer_took / 1e6
    rss_peer = peak_rss_mb()

    print(f"quantulum3 parse:   {peer:8.3f} MB/s per core CPU  ({peer_size / 1e3:.0f} KB slice, {peer_took:.2f} s CPU, peak RSS {rss_peer:.0f} MB)")
    print(f"ratio factlint / quantulum3: {ours / peer:.1f}x")
    print(f"targets: >= 2 MB/s ({'met' if ours >= 2 else 'NOT met'}), >= 50x quantulum3 ({'met' if ours / peer >= 50 else 'NOT met'})")
    return 0


def stage_times(docs: list[tuple[str, str]], total: int) -> None:
    """CPU time of each of the scanner's finders over ``docs``: where the time goes."""
    from checker.extract.quantities import scanner_for
    from checker.extract.timex import find_time_expressions

    c0 = time.process_time()
    times = [find_time_expressions(text, lang, None) for text, lang in docs]
    timex_cpu = time.process_time() - c0
    # (the quantity finder skips what the time finder claimed, as the scanner has it do)
    hard = [[(t.start, t.end) for t in found if not (t.kind == "year" and t.extra.get("bare")) and t.kind != "duration"]
            for found in times]
    c0 = time.process_time()
    for (text, lang), skip in zip(docs, hard):
        scanner_for(lang).scan(text, skip=skip)
    quantity_cpu = time.process_time() - c0
    print(f"  time expressions: {total / timex_cpu / 1e6:8.3f} MB/s per core CPU ({timex_cpu:.2f} s CPU)")
    print(f"  quantities:       {total / quantity_cpu / 1e6:8.3f} MB/s per core CPU ({quantity_cpu:.2f} s CPU)")


def claims_rate(docs: list[tuple[str, str]], total: int, rules_path: Path) -> None:
    """Scan plus claim building over ``docs``, in MB/s per core (CPU) and wall."""
    from checker.claims.builder import ClaimBuilder
    from checker.document import load_text
    from checker.extract.scanner import scan_document
    from checker.rules import load_rules

    builder = ClaimBuilder(load_rules([str(rules_path)]))
    t0, c0 = time.perf_counter(), time.process_time()
    loaded = [load_text(text, lang=lang) for text, lang in docs]
    load_cpu, load_wall = time.process_time() - c0, time.perf_counter() - t0
    for lang in sorted({d.lang for d in loaded}):
        builder.build(next(d for d in loaded if d.lang == lang))
    print(f"document loading:   {total / load_cpu / 1e6:8.3f} MB/s per core CPU, {total / load_wall / 1e6:.3f} MB/s wall "
          "(decode, sentences; not in the figures below)")
    # every number read, then claims (what ``explain`` does, without its reasons), and claims
    # as check, claims and the ledger build them: quantities read only where a cue occurs
    for label, build in (("full scan + claims", lambda doc: builder.build(doc, scan_document(doc), reasons=False)),
                         ("claims (as check)", lambda doc: builder.build(doc, reasons=False))):
        t0, c0 = time.perf_counter(), time.process_time()
        n_claims = sum(len(build(doc).claims) for doc in loaded)
        took, cpu = time.perf_counter() - t0, time.process_time() - c0
        print(f"{label + ':':<20}{total / cpu / 1e6:8.3f} MB/s per core CPU, {total / took / 1e6:.3f} MB/s wall  "
              f"({n_claims} claims, {cpu:.2f} s CPU, {took:.2f} s wall; target >= 2 MB/s "
              f"{'met' if total / cpu / 1e6 >= 2 else 'NOT met'})")


if __name__ == "__main__":
    sys.exit(main())
