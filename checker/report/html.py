"""The HTML report: one self-contained page with the summary, findings, claims and timelines.

Safety, because every string on the page comes from articles someone else wrote:
- all text and attribute values are escaped (``html.escape`` with quotes); the page contains no
  ``<script>`` of its own and no event handler attribute;
- only ``http``/``https`` URLs become links (a front matter ``url: javascript:...`` is shown as
  text), with ``rel="noopener noreferrer nofollow"``;
- a Content-Security-Policy meta tag forbids scripts and every fetch (``default-src 'none'``),
  a second fence should escaping ever miss something;
- no external CSS, font or image: styles are inline, charts are inline SVG
  (``checker.report.timeline_svg``), the favicon is a ``data:`` URL.

Readable on a phone: a viewport meta tag, tables in horizontally scrolling boxes, charts that
scale to the screen width.

Sorting the claims table needs no script: the table is rendered once per sort key, and the
column headers link to the copy sorted by that column (CSS ``:target`` shows it).
"""

from __future__ import annotations

import html
import re
from typing import TextIO
from urllib.parse import urlsplit

from checker.checks.format import format_claim
from checker.checks.periods import order_key
from checker.claims.model import Claim
from checker.report.check_report import SEVERITY_ORDER, CheckResult
from checker.report.timeline_svg import PALETTE, timeline_svg

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

#: claim-table sort keys: (id suffix, header it sorts, label); the last one is the default view
SORTS = (("metric", "metric", "metric"), ("subject", "subject", "subject"), ("value", "value", "value"),
         ("time", "period", "time"), ("doc", "where", "document order"))

STYLE = """
:root { color-scheme: light; --fg: #1d232b; --muted: #5b6573; --line: #d9dee5; --bg: #f6f7f9;
  --error: #b3261e; --warning: #9a5b00; --info: #2b5f9e; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--fg); background: #fff; }
header, main { max-width: 1180px; margin: 0 auto; padding: 0 16px; }
header { padding-top: 18px; }
h1 { font-size: 1.5rem; margin: 0 0 4px; }
h2 { font-size: 1.2rem; margin: 28px 0 10px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 1rem; margin: 18px 0 6px; }
.sub { color: var(--muted); margin: 0; }
nav.toc { margin: 10px 0 0; display: flex; flex-wrap: wrap; gap: 6px 14px; }
nav.toc a { color: var(--info); }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 8px 0; padding: 0; list-style: none; }
.cards li { border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px; min-width: 110px; background: var(--bg); }
.cards b { display: block; font-size: 1.5rem; }
.cards .error b { color: var(--error); } .cards .warning b { color: var(--warning); } .cards .info b { color: var(--info); }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; border: 1px solid var(--line); border-radius: 6px; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); }
th { background: var(--bg); white-space: nowrap; position: sticky; top: 0; }
th a { color: inherit; text-decoration: none; border-bottom: 1px dotted var(--muted); }
th[aria-sort] a { border-bottom: 2px solid var(--fg); }
td.num, td.nowrap { white-space: nowrap; }
.sev { display: inline-block; border-radius: 4px; padding: 0 6px; font-weight: 600; font-size: 0.8rem; color: #fff; }
.sev.error { background: var(--error); } .sev.warning { background: var(--warning); } .sev.info { background: var(--info); }
.status { color: var(--muted); font-size: 0.8rem; }
ul.cites { margin: 0; padding-left: 1.1em; }
ul.cites li { margin: 0 0 6px; }
.where { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.8rem; color: var(--muted); }
q.sentence { quotes: "“" "”"; color: #333; }
mark { background: #ffe58a; padding: 0 1px; border-radius: 2px; }
.ledger-tag { font-size: 0.72rem; color: var(--muted); border: 1px solid var(--line); border-radius: 3px; padding: 0 3px; }
.sort-view { display: none; }
.sort-view:target, .sort-view.default { display: block; }
.sort-view:target ~ .sort-view.default { display: none; }
.sort-note { color: var(--muted); font-size: 0.85rem; margin: 4px 0 8px; }
figure.chart { margin: 14px 0 24px; }
figure.chart figcaption { font-weight: 600; margin-bottom: 4px; }
svg.timeline { width: 100%; height: auto; max-width: 900px; display: block; background: #fff; }
svg.timeline .plot { fill: #fbfcfd; stroke: var(--line); }
svg.timeline .lane { fill: #f1f2f4; }
svg.timeline .grid { stroke: #e6e9ee; stroke-width: 1; }
svg.timeline text { font: 11px system-ui, sans-serif; fill: var(--muted); }
svg.timeline .deadline-label { fill: var(--fg); font-weight: 600; }
svg.timeline .mark { stroke: #fff; stroke-width: 1.5; }
svg.timeline .deadline { stroke-width: 2; stroke-dasharray: 6 4; fill: none; }
svg.timeline .span { stroke-width: 3; opacity: 0.35; }
svg.timeline .range { stroke-width: 3; opacity: 0.7; }
ul.legend { list-style: none; margin: 4px 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 0.85rem; }
ul.legend .swatch { display: inline-block; width: 11px; height: 11px; border-radius: 50%; margin-right: 5px; vertical-align: -1px; }
footer { color: var(--muted); font-size: 0.8rem; max-width: 1180px; margin: 30px auto; padding: 0 16px; }
@media (max-width: 640px) {
  body { font-size: 14px; }
  th, td { padding: 5px 6px; }
  .cards li { min-width: 90px; padding: 6px 10px; }
  svg.timeline { min-width: 600px; }  /* legible text; the chart scrolls sideways */
}
.chart-scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
"""


def esc(text) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def safe_url(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) URL without spaces or control characters, else None."""
    if not url or not isinstance(url, str):
        return None
    url = url.strip()
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def _occurrences(claims: list[Claim]) -> dict[str, int]:
    """Which occurrence of its quote in its sentence each claim is ("3%" twice in a sentence):
    claims of one sentence and quote take the occurrences in document order."""
    groups: dict[tuple, list[Claim]] = {}
    for c in claims:
        groups.setdefault((c.doc, c.sentence, c.quote), []).append(c)
    out: dict[str, int] = {}
    for members in groups.values():
        for i, c in enumerate(sorted(members, key=lambda c: c.start)):
            out[c.id] = i
    return out


def highlight(sentence: str, quote: str, occurrence: int = 0) -> str:
    """The sentence, escaped, with the quote's ``occurrence``-th appearance in ``<mark>``.

    The quote is found by text (offsets are into the document, not the sentence), allowing for
    line breaks inside it; when it is not in the sentence, the quote follows the sentence.
    """
    if not sentence:
        return f"<mark>{esc(quote)}</mark>"
    words = quote.split()
    if words:
        pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
        matches = list(pattern.finditer(sentence))
        if matches:
            m = matches[min(occurrence, len(matches) - 1)]
            return (esc(sentence[:m.start()]) + "<mark>" + esc(m.group(0)) + "</mark>" + esc(sentence[m.end():]))
    return f"{esc(sentence)} — <mark>{esc(quote)}</mark>"


class _Page:
    def __init__(self, result: CheckResult, claims_only: bool, show_suppressed: bool):
        self.r = result
        self.claims_only = claims_only
        self.show_suppressed = show_suppressed
        self.by_id = result.claims_by_id
        self.meta = result.documents_meta or {}
        self.occ = _occurrences(result.claims)

    # ------------------------------------------------------------------ pieces
    def doc_link(self, doc: str, line: int | None = None, column: int | None = None) -> str:
        where = esc(doc) + (f":{line}" if line is not None else "") + (f":{column}" if column is not None else "")
        url = safe_url(self.meta.get(doc, {}).get("url"))
        text = f'<a href="{esc(url)}" rel="noopener noreferrer nofollow">{where}</a>' if url else where
        tag = ' <span class="ledger-tag" title="from the claim ledger">ledger</span>' if self.meta.get(doc, {}).get("ledger") else ""
        return f'<span class="where">{text}</span>{tag}'

    def quoted(self, c: Claim) -> str:
        return f'<q class="sentence">{highlight(c.sentence, c.quote, self.occ.get(c.id, 0))}</q>'

    def value(self, c: Claim) -> str:
        return format_claim(c, self.r.metric_kinds.get(c.metric), with_period=False)

    # ------------------------------------------------------------------ sections
    def summary(self, shown_claims: list[Claim]) -> str:
        counts = self.r.summary()
        cards = []
        if not self.claims_only:
            for sev in SEVERITY_ORDER:
                cards.append(f'<li class="{sev}"><b>{counts.get(sev, 0)}</b>{sev}</li>')
            for key, label in (("suppressed", "suppressed"), ("baselined", "in the baseline"), ("failing", "failing")):
                if counts.get(key):
                    cards.append(f'<li><b>{counts[key]}</b>{esc(label)}</li>')
        cards.append(f"<li><b>{len(self.r.documents)}</b>documents</li>")
        cards.append(f"<li><b>{len(shown_claims)}</b>claims</li>")
        ledger_docs = sorted({c.doc for c in self.r.claims if self.meta.get(c.doc, {}).get("ledger")})
        if ledger_docs:
            cards.append(f"<li><b>{len(ledger_docs)}</b>ledger documents compared</li>")
        return '<section id="summary"><h2>Summary</h2><ul class="cards">' + "".join(cards) + "</ul></section>"

    def findings(self) -> str:
        rows = []
        items = [(f, st) for f, st in self.r.items() if self.show_suppressed or not st.hidden]
        for f, st in items:
            cites = []
            for cid in f.claims:
                c = self.by_id.get(cid)
                if c is None:
                    continue
                cites.append(f"<li>{self.doc_link(c.doc, c.line, c.column)} {self.quoted(c)}</li>")
            status = f'<div class="status">{esc(st.status())}</div>' if self.show_suppressed and st.status() else ""
            rows.append(
                f'<tr class="finding {esc(f.severity)}"><td><span class="sev {esc(f.severity)}">{esc(f.severity)}</span>{status}</td>'
                f"<td>{esc(f.kind)}<br><span class=\"where\">{esc(f.check_id)}</span></td>"
                f"<td>{esc(f.metric)}<br>{esc(f.subject or '')}</td><td>{esc(f.message)}</td>"
                f'<td><ul class="cites">{"".join(cites)}</ul></td></tr>')
        hidden = sum(st.hidden for st in self.r.states)
        note = ""
        if hidden and not self.show_suppressed:
            note = f'<p class="sort-note">{hidden} suppressed or baselined findings are not listed.</p>'
        if not rows:
            return f'<section id="findings"><h2>Findings (0)</h2><p>No findings.</p>{note}</section>'
        table = ('<div class="scroll"><table class="findings"><thead><tr><th>severity</th><th>kind · check</th>'
                 "<th>metric · subject</th><th>message</th><th>cited claims</th></tr></thead><tbody>"
                 + "\n".join(rows) + "</tbody></table></div>")
        return f'<section id="findings"><h2>Findings ({len(rows)})</h2>{table}{note}</section>'

    def claim_row(self, c: Claim) -> str:
        stance = esc(c.stance or "")
        return (f'<tr class="claim" data-claim="{esc(c.id)}"><td class="nowrap">{esc(c.id)}</td><td>{esc(c.metric)}</td>'
                f"<td>{esc(c.subject)}</td><td class=\"num\">{esc(self.value(c))}</td><td class=\"nowrap\">{esc(c.period.label())}</td>"
                f"<td>{stance}</td><td>{self.doc_link(c.doc, c.line, c.column)}</td><td>{self.quoted(c)}</td></tr>")

    def claims(self, claims: list[Claim]) -> str:
        if not claims:
            return '<section id="claims"><h2>Claims (0)</h2><p>No claims.</p></section>'
        rows = {c.id: self.claim_row(c) for c in claims}
        anchors = self.r.undated_anchor

        def when(c: Claim):
            key, _ = order_key(c, anchors)
            return (1, (0,)) if key is None else (0, key)

        def value_key(c: Claim):
            v = c.value[0] if isinstance(c.value, tuple) else c.value
            return (0, float(v), "") if isinstance(v, (int, float)) else (1, 0.0, str(v))

        position = {c.id: i for i, c in enumerate(claims)}
        orders = {
            "metric": sorted(claims, key=lambda c: (c.metric, c.subject, when(c), position[c.id])),
            "subject": sorted(claims, key=lambda c: (c.subject, c.metric, when(c), position[c.id])),
            "value": sorted(claims, key=lambda c: (c.metric, value_key(c), position[c.id])),
            "time": sorted(claims, key=lambda c: (when(c), position[c.id])),
            "doc": list(claims),
        }
        header_sort = {header: key for key, header, _ in SORTS}
        views = []
        for key, header, label in SORTS:
            ths = []
            for h in ("id", "metric", "subject", "value", "period", "stance", "where", "quote in its sentence"):
                target = header_sort.get(h) or ("doc" if h == "id" else None)
                active = ' aria-sort="ascending"' if target == key and h == header else ""
                text = esc(h) + (" ▲" if active else "")
                ths.append(f'<th{active}><a href="#claims-by-{target}">{text}</a></th>' if target else f"<th>{text}</th>")
            css = "sort-view default" if key == "doc" else "sort-view"
            views.append(
                f'<div class="{css}" id="claims-by-{key}"><p class="sort-note">Sorted by {esc(label)}'
                f"{' (by metric, then value)' if key == 'value' else ''}; click a column header to sort by it.</p>"
                f'<div class="scroll"><table class="claims" data-sort="{key}"><thead><tr>{"".join(ths)}</tr></thead><tbody>'
                + "\n".join(rows[c.id] for c in orders[key]) + "</tbody></table></div></div>")
        return f'<section id="claims"><h2>Claims ({len(claims)})</h2>' + "\n".join(views) + "</section>"

    def timelines(self) -> str:
        groups: dict[tuple, list[Claim]] = {}
        for c in self.r.claims:
            groups.setdefault((c.metric, c.subject, c.unit), []).append(c)
        scope = set(self.r.scope) if self.r.scope is not None else None
        charts = []
        anchors = self.r.undated_anchor
        for n, key in enumerate(sorted(groups)):
            claims = groups[key]
            if len(claims) < 2 or (scope is not None and not any(c.doc in scope for c in claims)):
                continue
            claims.sort(key=lambda c: (_sortable(order_key(c, anchors)[0]), c.doc, c.start))
            metric, subject, unit = key
            docs = list(dict.fromkeys(c.doc for c in claims))
            colours = {d: PALETTE[i % len(PALETTE)] for i, d in enumerate(docs)}
            title = f"{metric} for {subject}" + (f" ({unit})" if unit not in ("percent_of_gdp", "percent", "date") else "")
            chart_id = f"chart-{len(charts) + 1}"
            svg = timeline_svg(claims, anchors, self.r.metric_kinds.get(metric), colours, chart_id,
                               f"{title}: {len(claims)} claims over time")
            legend = "".join(
                f'<li><span class="swatch" style="background:{colours[d]}"></span>{esc(self._doc_label(d))}</li>'
                for d in docs)
            charts.append(f'<figure class="chart" data-metric="{esc(metric)}" data-subject="{esc(subject)}" '
                          f'data-unit="{esc(unit)}" '
                          f'data-claims="{len(claims)}"><figcaption>{esc(title)} '
                          f'<span class="sub">({len(claims)} claims)</span></figcaption><div class="chart-scroll">{svg}</div>'
                          f'<ul class="legend">{legend}</ul></figure>')
        if not charts:
            return ('<section id="timelines"><h2>Timelines (0)</h2><p>No metric and subject has two or more '
                    "claims.</p></section>")
        return f'<section id="timelines"><h2>Timelines ({len(charts)})</h2>' + "\n".join(charts) + "</section>"

    def _doc_label(self, doc: str) -> str:
        m = self.meta.get(doc, {})
        bits = [b for b in (m.get("source"), m.get("published")) if b]
        return doc + (f" ({', '.join(bits)})" if bits else "")

    def documents(self, claims: list[Claim]) -> str:
        docs = list(dict.fromkeys(list(self.r.documents) + [c.doc for c in claims]))
        rows = []
        for d in docs:
            m = self.meta.get(d, {})
            url = safe_url(m.get("url"))
            link = (f'<a href="{esc(url)}" rel="noopener noreferrer nofollow">{esc(url)}</a>' if url
                    else esc(m.get("url") or ""))
            origin = "ledger" + (f" (v{m['version']})" if m.get("version") else "") if m.get("ledger") else "checked"
            rows.append(f'<tr><td class="where">{esc(d)}</td><td>{esc(m.get("title") or "")}</td>'
                        f'<td>{esc(m.get("source") or "")}</td><td class="nowrap">{esc(m.get("published") or "undated")}</td>'
                        f'<td>{esc(m.get("lang") or "")}</td><td>{esc(origin)}</td><td>{link}</td></tr>')
        return ('<section id="documents"><h2>Documents</h2><div class="scroll"><table class="documents"><thead><tr>'
                "<th>document</th><th>title</th><th>source</th><th>published</th><th>lang</th><th>from</th><th>url</th>"
                "</tr></thead><tbody>" + "\n".join(rows) + "</tbody></table></div></section>")

    def render(self) -> str:
        from checker import __version__

        shown = self.r.shown_claims()
        sections = [self.summary(shown)]
        toc = ["summary"]
        if not self.claims_only:
            sections.append(self.findings())
            toc.append("findings")
        sections.append(self.claims(shown))
        toc.append("claims")
        if not self.claims_only:
            sections.append(self.timelines())
            toc.append("timelines")
        sections.append(self.documents(shown))
        toc.append("documents")
        nav = " ".join(f'<a href="#{t}">{t}</a>' for t in toc)
        what = "claims" if self.claims_only else "check report"
        undated = ""
        if self.r.undated:
            undated = ('<p class="sub">Undated documents (their claims are ordered after the latest date they '
                       "mention): " + esc(", ".join(self.r.undated)) + "</p>")
        return (
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">\n'
            '<meta name="referrer" content="no-referrer">\n<link rel="icon" href="data:,">\n'
            f"<title>factlint {what}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            f'<header><h1>factlint {what}</h1><p class="sub">{len(self.r.documents)} documents checked · '
            f"{len(shown)} claims</p>{undated}<nav class=\"toc\">{nav}</nav></header>\n<main>\n"
            + "\n".join(sections)
            + f"\n</main>\n<footer>Written by factlint {esc(__version__)}. This page loads nothing and runs no script."
            "</footer>\n</body>\n</html>\n"
        )


def _sortable(key):
    return (1, (0, 0)) if key is None else (0, key)


def render_html(result: CheckResult, claims_only: bool = False, show_suppressed: bool = False) -> str:
    """The report page for ``result`` (see the module doc)."""
    return _Page(result, claims_only, show_suppressed).render()


def write_html(result: CheckResult, out: TextIO, claims_only: bool = False, show_suppressed: bool = False) -> None:
    out.write(render_html(result, claims_only, show_suppressed))
