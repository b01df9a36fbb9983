"""Timeline charts as inline SVG: one mark per claim, x = when, y = the value, colour = document.

Why inline SVG written by hand: the HTML report must be one self-contained file that makes no
request and runs no script, so no charting library or font is loaded; every text in the chart
comes from articles and is escaped.

Where a claim sits on the time axis:
- a point, interval or "since" claim at its start (a year- or month-long point also gets a thin
  bar over the span it covers, an interval over its whole span);
- a deadline ("5 % by 2035") at the date its document states it (publication date, or for an
  undated document after the latest date it mentions), with a dashed arrow to the deadline and
  a label "by 2035"; when the document has no date, the mark sits at the deadline itself;
- a claim with no time of its own at its document's date (``order_key``); a claim that cannot
  be placed at all goes to an "undated" lane at the right.
Numbers are plotted on a linear axis (ranges as a bar from low to high, the mark in the middle);
values that are not numbers (dates as values) on a categorical axis.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from datetime import date, timedelta

from checker.checks.format import format_claim, format_number, unit_style
from checker.checks.periods import doc_date, iso_span, order_key
from checker.claims.model import Claim

#: Tableau 10: distinguishable colours that read on white
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
           "#9c755f", "#bab0ac")

WIDTH, HEIGHT = 760, 300
LEFT, RIGHT, TOP, BOTTOM = 78, 30, 18, 52
LANE = 58  # width of the "undated" lane, when a chart needs one


def esc(text) -> str:
    return html.escape(str(text), quote=True)


@dataclass(slots=True)
class _Point:
    claim: Claim
    x: float | None            # days (ordinal, fraction = time of day)
    lo: float | str            # numeric value (or low end) / category
    hi: float | str
    deadline_x: float | None = None
    span: tuple[float, float] | None = None


def _day(text: str | None) -> float | None:
    span = iso_span(text)
    return float(span[0].toordinal()) if span else None


def _span(start: str | None, end: str | None = None) -> tuple[float, float] | None:
    a, b = iso_span(start), iso_span(end or start)
    if not a or not b:
        return None
    lo, hi = float(a[0].toordinal()), float(b[1].toordinal())
    return (lo, hi) if hi - lo > 1.5 else None


def _place(c: Claim, anchors: dict[str, str]) -> _Point:
    value = c.value
    if isinstance(value, tuple):
        lo, hi = value
    else:
        lo = hi = value
    if not isinstance(lo, (int, float)) or not isinstance(hi, (int, float)):
        lo = hi = str(value if not isinstance(value, tuple) else f"{value[0]}/{value[1]}")
    p = c.period
    if p.kind == "deadline":
        deadline = _day(p.end)
        key, _, _ = doc_date(c, anchors)
        stated = float(key[0]) if key else None
        if stated is None or deadline is None or stated >= deadline:
            return _Point(c, deadline if deadline is not None else stated, lo, hi)
        return _Point(c, stated, lo, hi, deadline_x=deadline)
    key, _ = order_key(c, anchors)
    x = None
    if key is not None:
        x = float(key[0]) + (key[2] / 1440.0 if len(key) > 2 and key[2] >= 0 else 0.0)
    span = None
    if p.kind == "point":
        span = _span(p.start or p.end)
    elif p.kind == "interval":
        span = _span(p.start, p.end)
    return _Point(c, x, lo, hi, span=span)


def _nice_step(raw: float) -> float:
    if raw <= 0 or not math.isfinite(raw):
        return 1.0
    exp = math.floor(math.log10(raw))
    base = raw / 10 ** exp
    nice = 1 if base <= 1 else 2 if base <= 2 else 2.5 if base <= 2.5 else 5 if base <= 5 else 10
    return nice * 10 ** exp


def _y_ticks(lo: float, hi: float) -> tuple[float, float, list[float]]:
    if hi == lo:
        pad = abs(lo) * 0.1 or 1.0
        lo, hi = lo - pad, hi + pad
    step = _nice_step((hi - lo) / 4)
    start = math.floor(lo / step) * step
    end = math.ceil(hi / step) * step
    if lo >= 0 and start < 0:
        start = 0.0
    ticks, t = [], start
    while t <= end + step / 2:
        ticks.append(round(t, 10))
        t += step
    return start, end, ticks


def _x_ticks(lo: float, hi: float) -> list[tuple[float, str]]:
    """Ticks on whole years, months, days or hours, at most about eight."""
    span = hi - lo
    first, last = date.fromordinal(int(math.floor(lo))), date.fromordinal(int(math.ceil(hi)))
    ticks: list[tuple[float, str]] = []
    if span > 3 * 365:
        years = list(range(first.year + (first != date(first.year, 1, 1)), last.year + 1))
        step = max(1, math.ceil(len(years) / 8))
        ticks = [(float(date(y, 1, 1).toordinal()), str(y)) for y in years[::step]]
    elif span > 60:
        months = []
        y, m = first.year, first.month
        if first.day != 1:
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        while date(y, m, 1) <= last:
            months.append(date(y, m, 1))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        step = max(1, math.ceil(len(months) / 8))
        ticks = [(float(d.toordinal()), d.strftime("%Y-%m")) for d in months[::step]]
    elif span > 2:
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        step = max(1, math.ceil(len(days) / 8))
        ticks = [(float(d.toordinal()), d.isoformat()) for d in days[::step] if lo <= d.toordinal() <= hi]
    else:
        hours = [h for h in range(int(math.floor(lo * 24)), int(math.ceil(hi * 24)) + 1)]
        step = next(s for s in (1, 2, 3, 4, 6, 12, 24, 48) if len(hours) / s <= 8)
        for h in hours:
            if h % step == 0 and lo <= h / 24 <= hi:
                d = date.fromordinal(h // 24)
                ticks.append((h / 24, f"{d.isoformat()} {h % 24:02d}:00" if h % 24 == 0 or not ticks
                              else f"{h % 24:02d}:00"))
    return ticks


def _fmt_y(v: float, kind: str | None, unit: str) -> str:
    prefix, suffix = unit_style(unit, kind)
    big = kind in (None, "money", "count", "number", "measure") and not suffix.startswith(" %")
    short = suffix.strip() if suffix.strip() in ("%", "% of GDP") else ""
    return f"{prefix}{format_number(v, big)}{' %' if short else ''}"


def axis_unit(claims: list[Claim], kind: str | None) -> str:
    """The y axis's unit: "% of GDP", "%", "USD", "USD per year", "police officers"; "" for none."""
    _, suffix = unit_style(claims[0].unit, kind)
    if suffix.strip().startswith("%") or suffix.strip() == "percentage points":
        return suffix.strip()
    unit = (claims[0].unit or "").strip()
    return "" if unit.lower() in ("", "dimensionless", "number", "none", "date") else unit


def timeline_svg(claims: list[Claim], anchors: dict[str, str], kind: str | None,
                 colours: dict[str, str], chart_id: str, title: str) -> str:
    """The chart of one metric and subject; ``colours`` maps each document to its colour."""
    points = [_place(c, anchors) for c in claims]
    numeric = all(isinstance(p.lo, (int, float)) for p in points)
    placed = [p for p in points if p.x is not None]
    undated = [p for p in points if p.x is None]
    xs = [p.x for p in placed] + [p.deadline_x for p in placed if p.deadline_x is not None]
    xs += [v for p in placed if p.span for v in p.span]
    right = WIDTH - RIGHT - (LANE if undated else 0)
    plot_w, plot_h = right - LEFT, HEIGHT - TOP - BOTTOM
    if xs:
        x_lo, x_hi = min(xs), max(xs)
        pad = (x_hi - x_lo) * 0.06 or 0.5
        x_lo, x_hi = x_lo - pad, x_hi + pad
    else:
        x_lo, x_hi = 0.0, 1.0

    def sx(x: float) -> float:
        return LEFT + (x - x_lo) / (x_hi - x_lo) * plot_w

    categories: list[str] = []
    if numeric:
        v_lo, v_hi = min(float(p.lo) for p in points), max(float(p.hi) for p in points)
        margin = (v_hi - v_lo) * 0.06  # keep marks off the frame
        y_lo, y_hi, y_ticks = _y_ticks(v_lo - margin if v_lo - margin >= 0 or v_lo < 0 else 0.0, v_hi + margin)

        def sy(v) -> float:
            return TOP + plot_h - (float(v) - y_lo) / (y_hi - y_lo) * plot_h
    else:
        categories = sorted({str(p.lo) for p in points})
        y_ticks = list(range(len(categories)))

        def sy(v) -> float:
            i = categories.index(str(v))
            return TOP + plot_h - (i + 0.5) / len(categories) * plot_h

    out: list[str] = [
        f'<svg class="timeline" id="{esc(chart_id)}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{esc(chart_id)}-title" data-marks="{len(points)}" preserveAspectRatio="xMidYMid meet">',
        f'<title id="{esc(chart_id)}-title">{esc(title)}</title>',
        "<defs>",
    ]
    used = sorted({colours.get(p.claim.doc, PALETTE[0]) for p in points if p.deadline_x is not None})
    arrow_ids = {}
    for i, colour in enumerate(used):
        aid = f"{chart_id}-arrow-{i}"
        arrow_ids[colour] = aid
        out.append(f'<marker id="{esc(aid)}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
                   f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{esc(colour)}"/></marker>')
    out.append("</defs>")
    # axes and grid
    out.append(f'<rect class="plot" x="{LEFT}" y="{TOP}" width="{plot_w:.1f}" height="{plot_h}"/>')
    for t in y_ticks:
        y = sy(t) if numeric else sy(categories[t])
        label = _fmt_y(t, kind, claims[0].unit) if numeric else categories[t]
        out.append(f'<line class="grid" x1="{LEFT}" x2="{right:.1f}" y1="{y:.1f}" y2="{y:.1f}"/>')
        out.append(f'<text class="ytick" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{esc(label)}</text>')
    for x, label in _x_ticks(x_lo, x_hi) if xs else []:
        px = sx(x)
        out.append(f'<line class="grid" x1="{px:.1f}" x2="{px:.1f}" y1="{TOP}" y2="{TOP + plot_h}"/>')
        out.append(f'<text class="xtick" x="{px:.1f}" y="{TOP + plot_h + 16}" text-anchor="middle">{esc(label)}</text>')
    if undated:
        lane_x = right + LANE / 2
        out.append(f'<rect class="lane" x="{right + 6:.1f}" y="{TOP}" width="{LANE - 8}" height="{plot_h}"/>')
        out.append(f'<text class="xtick" x="{lane_x:.1f}" y="{TOP + plot_h + 16}" text-anchor="middle">undated</text>')
    unit_label = axis_unit(claims, kind)
    if unit_label:
        out.append(f'<text class="axis-label" x="{LEFT - 6}" y="{TOP - 5}" text-anchor="end">{esc(unit_label)}</text>')
    out.append(f'<text class="axis-label" x="{(LEFT + right) / 2:.1f}" y="{HEIGHT - 10}" text-anchor="middle">'
               f'time (a deadline: stated on its document\'s date, arrow to the deadline)</text>')
    # spans and deadlines below the marks
    labelled: set[tuple[int, int]] = set()
    for p in placed:
        colour = colours.get(p.claim.doc, PALETTE[0])
        ymid = sy((float(p.lo) + float(p.hi)) / 2) if numeric else sy(p.lo)
        if p.span:
            out.append(f'<line class="span" x1="{sx(p.span[0]):.1f}" x2="{sx(p.span[1]):.1f}" y1="{ymid:.1f}" '
                       f'y2="{ymid:.1f}" stroke="{esc(colour)}"/>')
        if p.deadline_x is not None:
            x1, x2 = sx(p.x), sx(p.deadline_x)
            out.append(f'<line class="deadline" x1="{x1:.1f}" x2="{x2 - 2:.1f}" y1="{ymid:.1f}" y2="{ymid:.1f}" '
                       f'stroke="{esc(colour)}" marker-end="url(#{esc(arrow_ids[colour])})"/>')
            key = (round(x2), round(ymid))
            if key not in labelled:
                labelled.add(key)
                out.append(f'<text class="deadline-label" x="{x2:.1f}" y="{ymid - 9:.1f}" text-anchor="end">'
                           f'{esc(p.claim.period.label())}</text>')
    # the marks, one per claim; marks that would cover each other are set side by side
    lane_count: dict[str, int] = {}
    taken: dict[tuple[int, int], int] = {}
    for p in points:
        c = p.claim
        colour = colours.get(c.doc, PALETTE[0])
        if p.x is None:
            n = lane_count.get("u", 0)
            lane_count["u"] = n + 1
            cx = right + LANE / 2 + ((n % 3) - 1) * 10
        else:
            cx = sx(p.x)
        if numeric:
            if p.hi != p.lo:
                out.append(f'<line class="range" x1="{cx:.1f}" x2="{cx:.1f}" y1="{sy(p.lo):.1f}" y2="{sy(p.hi):.1f}" '
                           f'stroke="{esc(colour)}"/>')
            cy = sy((float(p.lo) + float(p.hi)) / 2)
        else:
            cy = sy(p.lo)
        spot = (round(cx / 6), round(cy / 6))
        n = taken.get(spot, 0)
        taken[spot] = n + 1
        cx += ((n + 1) // 2) * 8 * (1 if n % 2 else -1)
        tip = (f"{c.id}: {format_claim(c, kind)} ({c.period.label()}{', ' + c.stance if c.stance else ''}) — "
               f"{c.doc}:{c.line}:{c.column} — “{' '.join(c.quote.split())}”")
        out.append(f'<circle class="mark" cx="{cx:.1f}" cy="{cy:.1f}" r="5.5" fill="{esc(colour)}" '
                   f'data-claim="{esc(c.id)}" data-doc="{esc(c.doc)}"><title>{esc(tip)}</title></circle>')
    out.append("</svg>")
    return "\n".join(out)
