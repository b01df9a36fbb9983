"""Evaluate the time-expression finder on French TimeBank 1.1.

    python benchmarks/timebank_fr.py [--data DIR] [--errors N]

Reads every ``*.tml`` file of DIR (default /work/shared/data/temporal/fr-timebank): the text
inside <TEXT>, its TIMEX3 tags (type, value) as gold, and the document creation time (the
TIMEX3 with functionInDocument="CREATION_TIME") as the publication date. Runs
``find_time_expressions`` on the plain text and prints, overall and by TIMEX3 type (DATE,
DURATION, TIME, SET):

* span precision / recall / F1, strict (same start and end) and relaxed (overlap), with
  one-to-one matching;
* value accuracy on relaxed matches (the finder's value equals the gold TIMEX3 value).

Recall by type uses the gold type; precision by type uses the type the finder's mention maps to
(duration -> DURATION, time of day -> TIME, other -> DATE; the finder has no SET). Times of
day carry no date by design ("T10:30" against gold "1999-08-24T10:30"), so their value is also
reported compared on the time part alone. ``--errors N`` lists N missed and N spurious spans.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tabulate import tabulate  # noqa: E402

from checker.extract.timex import find_time_expressions  # noqa: E402

DEFAULT_DATA = Path("/work/shared/data/temporal/fr-timebank")
TYPES = ("DATE", "DURATION", "TIME", "SET")
_TAG = re.compile(r"<(/?)([A-Za-z0-9]+)([^>]*?)(/?)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass
class Span:
    start: int
    end: int
    type: str
    value: str | None
    text: str


@dataclass
class Doc:
    name: str
    text: str
    dct: dt.date
    gold: list[Span]


def read_tml(path: Path) -> Doc:
    """Plain text of <TEXT> with the offsets of its TIMEX3 tags; a bad file stops with its name."""
    raw = path.read_text("utf-8")
    dct_match = re.search(r'<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>', raw)
    if not dct_match:
        raise SystemExit(f"{path}: no TIMEX3 with functionInDocument=\"CREATION_TIME\"")
    dct_value = dict(_ATTR.findall(dct_match.group(0))).get("value", "")
    try:
        dct = dt.date.fromisoformat(dct_value[:10])
    except ValueError:
        raise SystemExit(f"{path}: creation time {dct_value!r} is not a date") from None
    begin, stop = raw.find("<TEXT>"), raw.find("</TEXT>")
    if begin < 0 or stop < 0:
        raise SystemExit(f"{path}: no <TEXT> element")
    body = raw[begin + len("<TEXT>"): stop]
    out: list[str] = []
    length = 0
    open_timex: list[tuple[int, dict]] = []
    gold: list[Span] = []
    pos = 0
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[pos: m.start()])
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, name, attrs, selfclosing = m.group(1), m.group(2), m.group(3), m.group(4)
        if name != "TIMEX3":
            continue
        if closing:
            if not open_timex:
                line = raw[: begin + len("<TEXT>") + m.start()].count("\n") + 1
                raise SystemExit(f"{path}:{line}: </TIMEX3> without an opening tag")
            start, a = open_timex.pop()
            gold.append(Span(start, length, a.get("type", ""), a.get("value"), ""))
        elif not selfclosing:
            open_timex.append((length, dict(_ATTR.findall(attrs))))
    out.append(html.unescape(body[pos:]))
    text = "".join(out)
    for g in gold:
        g.text = text[g.start: g.end]
    gold = [g for g in gold if g.text.strip()]
    return Doc(path.stem, text, dct, sorted(gold, key=lambda g: g.start))


@dataclass
class End:
    """One end of an interval mention, matched on its own: TimeML tags "entre 1990 et 1999" as
    two TIMEX3s, the finder as one interval whose ``extra["ends"]`` holds both ends' offsets."""

    start: int
    end: int
    text: str
    kind: str
    value: str | None
    extra: dict


def split_intervals(mentions: list) -> list:
    out = []
    for m in mentions:
        ends = m.extra.get("ends") if m.time_role == "interval" else None
        if not ends:
            out.append(m)
            continue
        values = m.value if isinstance(m.value, tuple) else (None, None)
        for (s, e), v in zip(ends, values):
            out.append(End(s, e, m.text[s - m.start: e - m.start], m.kind, v, {}))
    return out


def predicted_type(mention) -> str:
    if mention.kind == "duration":
        return "DURATION"
    if mention.extra.get("time_of_day") or "T" in str(mention.value or ""):
        return "TIME"
    return "DATE"


def match(gold: list[Span], pred: list, strict: bool) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, prediction index), greedy in text order."""
    pairs, used = [], set()
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if pi in used:
                continue
            ok = (p.start, p.end) == (g.start, g.end) if strict else p.start < g.end and g.start < p.end
            if ok:
                pairs.append((gi, pi))
                used.add(pi)
                break
    return pairs


def prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> tuple[float, float, float]:
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def value_text(value) -> str:
    return "/".join(value) if isinstance(value, tuple) else str(value)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--errors", type=int, default=0, help="list this many missed and spurious spans")
    args = ap.parse_args(argv)
    files = sorted(args.data.glob("*.tml"))
    if not files:
        raise SystemExit(f"{args.data}: no .tml files")
    docs = [read_tml(f) for f in files]

    counts: Counter = Counter()
    missed, spurious, wrong = [], [], []
    for doc in docs:
        pred = split_intervals(find_time_expressions(doc.text, "fr", doc.dct))
        for mode in ("strict", "relaxed"):
            pairs = match(doc.gold, pred, mode == "strict")
            matched_gold = {gi for gi, _ in pairs}
            matched_pred = {pi for _, pi in pairs}
            for t in ("ALL",) + TYPES:
                counts[mode, t, "gold"] += sum(1 for g in doc.gold if t in ("ALL", g.type))
                counts[mode, t, "pred"] += sum(1 for p in pred if t in ("ALL", predicted_type(p)))
                counts[mode, t, "tp_gold"] += sum(1 for gi in matched_gold if t in ("ALL", doc.gold[gi].type))
                counts[mode, t, "tp_pred"] += sum(1 for pi in matched_pred if t in ("ALL", predicted_type(pred[pi])))
            if mode == "relaxed":
                for gi, pi in pairs:
                    g, p = doc.gold[gi], pred[pi]
                    ok = value_text(p.value) == g.value
                    time_ok = ok or (isinstance(p.value, str) and p.value.startswith("T") and (g.value or "").endswith(p.value))
                    for t in ("ALL", g.type):
                        counts["value", t, "n"] += 1
                        counts["value", t, "ok"] += ok
                        counts["value", t, "time_ok"] += time_ok
                    if not ok:
                        wrong.append((doc.name, g.text, g.value, p.text, value_text(p.value)))
                missed += [(doc.name, g.type, g.text, g.value) for gi, g in enumerate(doc.gold) if gi not in matched_gold]
                spurious += [(doc.name, p.kind, p.text, value_text(p.value)) for pi, p in enumerate(pred) if pi not in matched_pred]

    rows = []
    for t in ("ALL",) + TYPES:
        row = [t, counts["strict", t, "gold"], counts["strict", t, "pred"]]
        for mode in ("strict", "relaxed"):
            p, r, f = prf(counts[mode, t, "tp_pred"], counts[mode, t, "pred"], counts[mode, t, "tp_gold"], counts[mode, t, "gold"])
            row += [f"{p:.3f}", f"{r:.3f}", f"{f:.3f}"]
        n = counts["value", t, "n"]
        row += [f"{counts['value', t, 'ok'] / n:.3f}" if n else "-", f"{counts['value', t, 'time_ok'] / n:.3f}" if n else "-", n]
        rows.append(row)
    headers = ["type", "gold", "pred", "P strict", "R strict", "F1 strict", "P relaxed", "R relaxed", "F1 relaxed",
               "value acc", "value acc (time part)", "matched"]
    print(f"French TimeBank: {len(docs)} documents, {sum(len(d.text) for d in docs)} characters")
    print(tabulate(rows, headers=headers))
    if args.errors:
        for title, items in (("missed", missed), ("spurious", spurious), ("wrong value", wrong)):
            print(f"\n{title} ({len(items)}):")
            for item in items[: args.errors]:
                print("  ", " | ".join(str(x) for x in item))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
