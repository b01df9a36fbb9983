#!/usr/bin/env python3
"""Check-engine scaling: run_checks over 10^4, 10^5 and 10^6 synthetic claims.

The claims are real ``Claim`` records for the metrics of the real rule sets (rules/nato.rules
and rules/earthquake.rules, plus one change check on per-country defence spending so that
country timelines yield change findings). Subjects are synthetic entity ids ("E00042"), 100
claims per subject (10,000 subjects at 10^6 claims); documents of about 20 claims each,
published over 2015-2025 (a few undated, placed by their anchor); periods are years, months,
deadlines, publication dates and times of day (earthquake tolls). Values repeat a per-subject
truth with a few genuine disagreements, changes over time and falling running totals, so every
check kind has findings to report.

Each size runs in a fresh subprocess so the peak resident memory (ru_maxrss) is that size's
own. Generating the claims is timed separately from checking them; checking is one
``run_checks`` call (index, every check, sorting the findings). Wall time and CPU time
(time.process_time) are both shown: the machine's cores are shared.

The generated values repeat: about 1,600 distinct written values (value, qualifier, quote,
unit, metric) in 10^6 claims, shown in the table, since the engine reads each once; real text
writes one value in more ways than that. With ``--distinct-quotes`` every claim writes its value
differently, the engine's worst case (10^6 claims: 33 s and 1,451 MiB on 2026-11-23).

Each size runs ``--repeat`` times (default 3), each time in a fresh process; the table shows
the fastest run and the verdict is taken on it, as ``timeit`` does: on a shared virtual machine
the slower runs measure the neighbours (this one's speed varies by 10-40% minutes apart) and
the fastest is the closest to what the code itself costs. Every run's time is printed as well,
with the median (and the verdict on the median), so a slow hour shows. Peak RSS is in MiB
(2^20 bytes); the memory verdict is given for 1 GB read as 2^30 and as 10^9 bytes.

Usage: python benchmarks/bench_check.py [--sizes 10000,100000,1000000] [--per-subject 100]
                                        [--repeat 3] [--stress]   # also 10^5 claims over 10 subjects
                                        [--distinct-quotes]       # no two claims write a value alike
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_SECONDS = 10.0
TARGET_RSS_MB = 1024.0


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_ruleset():
    from checker.rules.loader import load_rules
    from checker.rules.model import Check

    rules = load_rules([str(ROOT / "rules" / "nato.rules"), str(ROOT / "rules" / "earthquake.rules")])
    rules.checks.append(Check("BENCH-T1", "change", ["defence_spending"], "info", {}))
    return rules


# --- claims ----------------------------------------------------------------------------------

_BASE_DAY = date(2015, 1, 1).toordinal()
_DAYS = date(2025, 12, 31).toordinal() - _BASE_DAY


def _pct(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _letters(i: int) -> str:
    """0 -> 'a', 25 -> 'z', 26 -> 'ba': a distinct word without digits for each number."""
    out = ""
    while True:
        i, r = divmod(i, 26)
        out = chr(97 + r) + out
        if not i:
            return out


def generate(n: int, n_subjects: int, seed: int = 1, distinct_quotes: bool = False):
    """n claims over n_subjects subjects, and the undated documents' anchors.

    ``distinct_quotes``: no two claims write their value alike (each quote ends in a word of its
    own, the value unchanged), the worst case for the check engine, which reads each distinct
    written value once; by default values are written one way each ("2.35 %"), as an archive
    that quotes the same figures would, more alike than real text."""
    from checker.claims.model import Claim, Period

    rnd = random.Random(seed)
    subjects = [f"E{i:05d}" for i in range(n_subjects)]
    claims: list[Claim] = []
    anchors: dict[str, str] = {}
    per_doc = 20
    n_docs = max(1, n // per_doc)
    # each subject's truths: defence spending per year, target per era, toll curves
    spend = {s: rnd.uniform(0.8, 3.5) for s in subjects}
    quake_day = {s: _BASE_DAY + rnd.randrange(_DAYS) for s in subjects}
    publication = Period("publication")
    unknown = Period("unknown")
    years = [str(y) for y in range(2014, 2026)]
    year_points = {y: Period("point", y, y) for y in years}
    deadline = {y: Period("deadline", None, y) for y in ("2024", "2030", "2035")}
    made = 0
    for d in range(n_docs):
        subject = subjects[d % n_subjects]
        others = [subjects[rnd.randrange(n_subjects)] for _ in range(2)]
        doc = f"doc{d:07d}.txt"
        undated = rnd.random() < 0.02
        day = date.fromordinal(_BASE_DAY + rnd.randrange(_DAYS))
        published = None if undated else day
        if undated:
            anchors[doc] = day.isoformat()[:7]
        lang = rnd.choice(("en", "en", "fr", "de"))
        count = per_doc if d < n_docs - 1 else n - made
        sentence = ""
        for k in range(count):
            s = subject if rnd.random() < 0.8 else others[k % 2]
            r = rnd.random()
            if k % 2 == 0 or not sentence:
                sentence = f"Sentence {k} of {doc} about {s}, with a figure or two in it."
            stance = None
            qualifier = "="
            if r < 0.35:  # a country's defence spending in a year
                metric, unit = "defence_spending", "percent_of_gdp"
                y = rnd.choice(years)
                period = year_points[y]
                value = round(spend[s] + 0.15 * (int(y) - 2014) / 11, 2)
                if rnd.random() < 0.03:
                    value = round(value + rnd.choice((-0.6, 0.5, 1.0)), 2)  # a genuine disagreement
                if rnd.random() < 0.1:
                    stance = "forecast"
                quote = f"{_pct(value)} %"
            elif r < 0.50:  # the spending target over time: 2 % -> 3.5 % proposed -> 5 % agreed
                metric, unit = "defence_spending_target", "percent_of_gdp"
                when = published or day
                if when.year < 2024:
                    value, stance, period = 2.0, rnd.choice(("agreed", None)), rnd.choice((publication, deadline["2024"]))
                elif when < date(2025, 6, 24):
                    value, stance, period = rnd.choice(((2.0, "agreed"), (3.0, "proposed"), (3.5, "proposed"))) + (publication,)
                else:
                    value, stance, period = 5.0, "agreed", rnd.choice((publication, deadline["2035"]))
                if undated:
                    period = unknown
                if rnd.random() < 0.02:
                    value = value + 1.0
                quote = f"{_pct(value)} %"
            elif r < 0.60:  # the two parts of the target
                core = rnd.random() < 0.5
                metric = "defence_core_spending_target" if core else "defence_related_spending_target"
                unit, stance, period = "percent_of_gdp", "agreed", deadline["2035"]
                value = 3.5 if core else 1.5
                if rnd.random() < 0.05:
                    value += 0.5
                quote = f"{_pct(value)} %"
            elif r < 0.70:  # Ukraine funding: need, unfunded share, shortfall
                pick = rnd.randrange(3)
                period = year_points[rnd.choice(years[-4:])]
                if pick == 0:
                    metric, unit, value, quote = "ukraine_funding_need", "USD", 35e9, "$35 billion"
                elif pick == 1:
                    metric, unit, value, quote = "ukraine_funding_gap", "percent", 40.0, "40 %"
                else:
                    metric, unit, value, quote = "ukraine_funding_shortfall", "USD", 14e9, "$14 billion"
                    if rnd.random() < 0.1:
                        value, quote = 20e9, "$20 billion"
            elif r < 0.76:  # counts and dates of events
                pick = rnd.randrange(3)
                period = publication
                if pick == 0:
                    metric, unit = "security_personnel", "police officers"
                    value = float(rnd.choice((27000, 27000, 27000, 30000)))
                    quote = f"{int(value):,} police officers"
                elif pick == 1:
                    metric, unit = "summit_leaders", "leaders"
                    value = float(rnd.choice((32, 32, 32, 38)))
                    quote = f"{int(value)} leaders"
                else:
                    metric, unit, value = "summit_date", "", rnd.choice(("2025-06-24", "2025-06-24", "2025-06-25"))
                    quote = value
            else:  # an earthquake's running tolls, by the hour, over the two days after it struck
                metric, unit = rnd.choice((("quake_deaths", "dead"), ("quake_injured", "injured"),
                                           ("quake_displaced", "displaced"), ("quake_magnitude", "")))
                after = rnd.randrange(48)  # hours since the quake
                when = date.fromordinal(quake_day[s] + after // 24)
                stamp = f"{when.isoformat()}T{after % 24:02d}:00"
                period = Period("point", stamp, stamp)
                if metric == "quake_magnitude":
                    value = 7.5 if rnd.random() < 0.03 else 7.8
                    quote = f"magnitude {value}"
                else:
                    slip = rnd.random()  # now and then a disagreement, or a toll that falls
                    value = float(max(50, 100 * (after + 1) + (50 if slip < 0.03 else -400 if slip < 0.05 else 0)))
                    if rnd.random() < 0.3:
                        qualifier = rnd.choice((">", ">=", "~"))
                    quote = f"{int(value):,} {unit}"
            if distinct_quotes:
                quote = f"{quote} {_letters(made)}"
            start = 40 * k
            claims.append(Claim(
                id=f"{doc}#{k}", metric=metric, subject=s, value=value, unit=unit, qualifier=qualifier,
                period=period, stance=stance, attribution=None, doc=doc, published=published, lang=lang,
                start=start, end=start + len(quote), line=1 + k // 2, column=1 + 40 * (k % 2), quote=quote,
                sentence=sentence,
            ))
            made += 1
    return claims, anchors


# --- one size, in this process -----------------------------------------------------------------


def run_one(n: int, n_subjects: int, profile: str | None, distinct_quotes: bool = False) -> dict:
    from checker.checks import CheckContext, make_reference_loader, run_checks

    rules = load_ruleset()
    t0, c0 = time.perf_counter(), time.process_time()
    claims, anchors = generate(n, n_subjects, distinct_quotes=distinct_quotes)
    gen_wall, gen_cpu = time.perf_counter() - t0, time.process_time() - c0
    # values as the engine reads them once each (``index._Reader``), counted before the check so
    # that the set is gone before the check's peak memory
    written = len({(c.value.__class__, c.value, c.qualifier, c.quote, c.unit, c.metric) for c in claims})
    rss_claims = peak_rss_mb()
    ctx = CheckContext(undated_anchor=anchors, reference_loader=make_reference_loader(ROOT / "rules"))
    if profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
    t0, c0 = time.perf_counter(), time.process_time()
    findings = run_checks(claims, rules, ctx)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    if profile:
        prof.disable()
        prof.dump_stats(profile)
        pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(40)
    kinds: dict[str, int] = {}
    for f in findings:
        kinds[f.kind] = kinds.get(f.kind, 0) + 1
    return {
        "claims": len(claims), "subjects": n_subjects, "gen_wall": gen_wall, "gen_cpu": gen_cpu,
        "wall": wall, "cpu": cpu, "rss_claims_mb": rss_claims, "peak_rss_mb": peak_rss_mb(),
        "findings": len(findings), "by_kind": kinds,
        "written": written,
    }


def run_child(n: int, n_subjects: int, distinct_quotes: bool = False) -> dict:
    out = subprocess.run([sys.executable, __file__, "--one", str(n), "--subjects", str(n_subjects)]
                         + (["--distinct-quotes"] if distinct_quotes else []),
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000,1000000", help="claim counts, comma-separated")
    ap.add_argument("--per-subject", type=int, default=100, help="claims per subject (default 100)")
    ap.add_argument("--stress", action="store_true", help="also 10^5 claims over 10 subjects (big groups)")
    ap.add_argument("--repeat", type=int, default=3, help="fresh processes per size; the fastest is shown (default 3)")
    ap.add_argument("--distinct-quotes", action="store_true",
                    help="no two claims write their value alike (the engine's worst case; see generate)")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--subjects", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--profile", metavar="FILE", help="with --one: cProfile the check run into FILE")
    args = ap.parse_args()

    if args.one:
        print(json.dumps(run_one(args.one, args.subjects or max(1, args.one // args.per_subject), args.profile,
                                 args.distinct_quotes)))
        return 0

    from tabulate import tabulate

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    runs = [(n, max(1, n // args.per_subject), False) for n in sizes]
    if args.stress:
        runs.append((100_000, 10, True))  # groups of 10,000 claims: what is quadratic in a group shows
    rows, main_runs = [], []
    every_run: list[str] = []
    for n, subjects, stress in runs:
        tries = [run_child(n, subjects, args.distinct_quotes) for _ in range(max(1, args.repeat))]
        # the fastest run, with the largest peak memory of all (memory does not vary with the
        # neighbours: the verdict takes no best of it)
        r = dict(min(tries, key=lambda t: t["wall"]), peak_rss_mb=max(t["peak_rss_mb"] for t in tries))
        walls = sorted(t["wall"] for t in tries)
        r["median"] = walls[len(walls) // 2]
        wall_list = ", ".join(f"{t['wall']:.2f}" for t in tries)
        cpu_list = ", ".join(f"{t['cpu']:.2f}" for t in tries)
        rss_list = ", ".join(f"{t['peak_rss_mb']:.0f}" for t in tries)
        every_run.append(f"{n:,} claims{' (stress)' if stress else ''}: {len(tries)} runs, check {wall_list} s wall "
                      f"(best {walls[0]:.2f}, median {walls[len(walls) // 2]:.2f}); CPU {cpu_list} s; "
                      f"peak RSS {rss_list} MiB")
        ratio = ""
        if not stress:
            if main_runs:
                prev = main_runs[-1]
                ratio = f"{r['wall'] / prev['wall']:.1f}x ({r['claims'] / prev['claims']:.0f}x claims)"
            main_runs.append(r)
        else:
            ratio = "stress"
        rows.append([
            f"{r['claims']:,}", f"{r['subjects']:,}", f"{r['gen_wall']:.2f}", f"{r['wall']:.2f}", f"{r['cpu']:.2f}",
            f"{r['claims'] / r['wall']:,.0f}", f"{r['rss_claims_mb']:.0f}", f"{r['peak_rss_mb']:.0f}", ratio,
            f"{r['written']:,}", f"{r['findings']:,}", " ".join(f"{k}={v}" for k, v in sorted(r["by_kind"].items())),
        ])
        print(f"  {r['claims']:,} claims over {r['subjects']:,} subjects: {r['wall']:.2f} s", file=sys.stderr, flush=True)
    print(tabulate(rows, headers=["claims", "subjects", "gen s", "check s (wall)", "check s (CPU)", "claims/s",
                                  "RSS after gen MiB", "peak RSS MiB", "time ratio", "values as written",
                                  "findings", "by kind"],
                   colalign=("right",) * 8 + ("left", "right", "right", "left")))
    print("runs (fastest in the table; peak RSS in the table: the largest):")
    for line in every_run:
        print(f"  {line}")
    ok = True
    big = [r for r in main_runs if r["claims"] >= 1_000_000]
    if big:
        r = big[-1]
        t_ok, m_ok = r["wall"] < TARGET_SECONDS, r["peak_rss_mb"] < TARGET_RSS_MB
        ok &= t_ok and m_ok
        print(f"target at {r['claims']:,} claims: check {r['wall']:.2f} s wall, fastest of {args.repeat} "
              f"(CPU {r['cpu']:.2f} s) < "
              f"{TARGET_SECONDS:.0f} s: {'met' if t_ok else 'NOT met'} (median {r['median']:.2f} s: "
              f"{'met' if r['median'] < TARGET_SECONDS else 'NOT met'}); peak RSS {r['peak_rss_mb']:.0f} MiB "
              f"({r['peak_rss_mb'] * 2**20 / 1e6:,.0f} MB) < {TARGET_RSS_MB:.0f} MiB (1 GB read as 2^30 bytes): "
              f"{'met' if m_ok else 'NOT met'}; < 10^9 bytes: "
              f"{'met' if r['peak_rss_mb'] * 2**20 < 1e9 else 'NOT met'}")
    for a, b in zip(main_runs, main_runs[1:]):
        growth = b["wall"] / a["wall"]
        cpu_growth = b["cpu"] / a["cpu"]
        scale = b["claims"] / a["claims"]
        linear = growth <= 1.3 * scale
        ok &= linear
        print(f"growth {a['claims']:,} -> {b['claims']:,} ({scale:.0f}x claims): wall {growth:.1f}x, CPU "
              f"{cpu_growth:.1f}x ({'near-linear' if linear else 'SUPER-LINEAR'}: near-linear is at most "
              f"{1.3 * scale:.0f}x)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
