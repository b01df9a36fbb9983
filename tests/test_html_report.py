"""The HTML report: one self-contained page (no script, no request), findings with their quotes,
claims, timeline charts; article text escaped. The browser tests open it in headless Chromium."""

from __future__ import annotations

import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from checker.claims.model import Claim, Period
from checker.report.check_report import CheckResult
from checker.report.html import highlight, render_html, safe_url

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "fixtures" / "hostile" / "script-injection.md"


def factlint(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_COLOR="1", PYTHONPATH=str(ROOT))
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "checker", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=300)


# ------------------------------------------------------------------------------ the DOM, parsed
class Dom(HTMLParser):
    """Elements of a page as (tag, attrs, ancestors' tags and classes), and the text of each."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[dict] = []
        self.stack: list[dict] = []
        self.feed(text)

    VOID = {"meta", "link", "br", "img", "input", "hr", "col", "source", "wbr", "area", "base"}

    def handle_starttag(self, tag, attrs):
        el = {"tag": tag, "attrs": dict(attrs), "parents": list(self.stack), "text": ""}
        self.elements.append(el)
        if tag not in self.VOID:
            self.stack.append(el)

    def handle_startendtag(self, tag, attrs):  # <circle .../> in SVG
        self.elements.append({"tag": tag, "attrs": dict(attrs), "parents": list(self.stack), "text": ""})

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i]["tag"] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        for el in self.stack:
            el["text"] += data

    def find(self, tag: str, cls: str | None = None) -> list[dict]:
        return [e for e in self.elements if e["tag"] == tag
                and (cls is None or cls in e["attrs"].get("class", "").split())]

    @staticmethod
    def inside(el: dict, tag: str, cls: str | None = None) -> dict | None:
        for p in reversed(el["parents"]):
            if p["tag"] == tag and (cls is None or cls in p["attrs"].get("class", "").split()):
                return p
        return None


def _check_json(*paths: str) -> dict:
    proc = factlint("check", *paths, "--rules", "rules", "--format", "json")
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


def _expected_groups(report: dict) -> dict[tuple[str, str, str], int]:
    """(metric, subject, unit) -> number of claims, for groups a timeline is drawn for (two or more)."""
    groups: dict[tuple, int] = {}
    for c in report["claims"]:
        key = (c["metric"], c["subject"], c["unit"])
        groups[key] = groups.get(key, 0) + 1
    return {k: n for k, n in groups.items() if n >= 2}


# ------------------------------------------------------------------------------ unit level
def _claim(cid: str, value, period: Period, doc: str = "a.md", quote: str = "3%", sentence: str = "",
           published: date | None = None) -> Claim:
    return Claim(cid, "target", "NATO", value, "percent_of_gdp", "=", period, None, None, doc, published, "en",
                 0, len(quote), 1, 1, quote, sentence or f"The target is {quote}.")


def test_highlight_marks_the_quote_in_its_sentence_and_escapes_everything():
    out = highlight("Spend <b>3%</b> now, not 3% later", "3%", occurrence=1)
    assert out == "Spend &lt;b&gt;3%&lt;/b&gt; now, not <mark>3%</mark> later"
    # a quote broken over lines in the sentence is still found
    assert highlight("about 27\n000 police", "27 000") == "about <mark>27\n000</mark> police"
    # not in the sentence: the sentence, then the quote
    assert highlight("Other words", "<x>").endswith("<mark>&lt;x&gt;</mark>")


@pytest.mark.parametrize("url,ok", [
    ("https://example.org/a?b=1", True), ("http://example.org", True), ("javascript:alert(1)", False),
    (" JavaScript:alert(1)", False), ("data:text/html,<script>", False), ("//example.org/x", False),
    ("https://exa mple.org", False), ("vbscript:x", False), ("file:///etc/passwd", False), ("", False), (None, False),
])
def test_only_http_urls_become_links(url, ok):
    assert (safe_url(url) is not None) is ok


def test_page_is_self_contained_and_has_no_script():
    claims = [_claim("c1", 2.0, Period("point", "2014")), _claim("c2", 5.0, Period("deadline", None, "2035"), doc="b.md",
                                                                  published=date(2025, 6, 24)),
              _claim("c3", (3.0, 3.5), Period("point", "2024"), doc="b.md", quote="3-3.5%")]
    result = CheckResult(claims, [], metric_kinds={"target": "percent_of_gdp"}, documents=["a.md", "b.md"])
    result.documents_meta = {"a.md": {"url": "javascript:alert(1)", "source": "<b>x</b>"},
                             "b.md": {"url": "https://example.org/b", "published": "2025-06-24"}}
    page = render_html(result)
    assert "<script" not in page.lower()
    for attr in re.findall(r"<[a-z]+[^>]*>", page):
        assert not re.search(r"\son\w+\s*=", attr), attr            # no event handler attribute
        assert "src=" not in attr                                    # nothing loaded
    assert '<meta name="viewport"' in page and "Content-Security-Policy" in page
    assert [h for h in re.findall(r'href="([^"]*)"', page) if not h.startswith("#")] == \
        ["data:,"] + ["https://example.org/b"] * page.count('href="https://example.org/b"')
    assert "&lt;b&gt;x&lt;/b&gt;" in page
    # one chart with three marks, a deadline arrow and its label, a range bar
    dom = Dom(page)
    svgs = dom.find("svg", "timeline")
    assert len(svgs) == 1
    marks = dom.find("circle", "mark")
    assert sorted(m["attrs"]["data-claim"] for m in marks) == ["c1", "c2", "c3"]
    assert len(dom.find("line", "range")) == 1
    assert any("by 2035" in t["text"] for t in dom.find("text", "deadline-label"))


def test_claims_table_is_sortable_without_script():
    claims = [_claim("c1", 5.0, Period("point", "2020")), _claim("c2", 2.0, Period("point", "2024")),
              _claim("c3", 3.0, Period("point", "2010"))]
    dom = Dom(render_html(CheckResult(claims, [], metric_kinds={"target": "percent_of_gdp"}, documents=["a.md"])))
    order = {}
    for table in dom.find("table", "claims"):
        rows = [r for r in dom.find("tr", "claim") if Dom.inside(r, "table") is table]
        order[table["attrs"]["data-sort"]] = [r["attrs"]["data-claim"] for r in rows]
    assert order["doc"] == ["c1", "c2", "c3"]
    assert order["value"] == ["c2", "c3", "c1"]
    assert order["time"] == ["c3", "c1", "c2"]
    # every header links to a copy of the table that exists on the page
    ids = {e["attrs"].get("id") for e in dom.elements}
    targets = {e["attrs"]["href"][1:] for e in dom.find("a") if e["attrs"].get("href", "").startswith("#claims-by-")}
    assert targets and targets <= ids


# ------------------------------------------------------------------------------ the command line
def test_check_format_html_and_report_write_the_same_page(tmp_path):
    out1, out2 = tmp_path / "a.html", tmp_path / "b.html"
    p1 = factlint("check", "fixtures/", "--rules", "rules", "--format", "html", "--output", str(out1))
    p2 = factlint("report", "fixtures/", "--rules", "rules", "--output", str(out2))
    assert p1.returncode in (0, 1), p1.stderr
    assert p2.returncode == 0, p2.stderr
    assert out1.read_text("utf-8") == out2.read_text("utf-8")
    assert f"wrote {out2}" in p2.stderr


def test_hostile_article_is_escaped(tmp_path):
    out = tmp_path / "r.html"
    proc = factlint("report", str(HOSTILE), "--rules", "rules", "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    page = out.read_text("utf-8")
    assert "<script" not in page.lower() and "<img" not in page.lower() and "<b>Evil" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;b&gt;Evil&lt;/b&gt; Gazette" in page
    assert 'href="javascript:' not in page.lower() and "javascript:alert(1)" in page  # shown, never linked


# ------------------------------------------------------------------------------ real Chromium
def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def chromium() -> str:
    found = _chromium()
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is not installed but CI=true: .ci/run must install it (apt-get install chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return found


class _Recorder(http.server.SimpleHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802
        type(self).requests.append(self.path)
        super().do_GET()

    def log_message(self, *args):
        pass


def _render_in_browser(chromium: str, page: Path, tmp_path: Path) -> tuple[str, list[str]]:
    """(the DOM after loading, every request the server saw), the page served from 127.0.0.1."""
    handler = type("Recorder", (_Recorder,), {"requests": []})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), lambda *a, **k: handler(*a, directory=str(page.parent), **k))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/{page.name}"
        cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'profile'}",
               "--virtual-time-budget=3000", "--dump-dom", url]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr[-2000:]
        return proc.stdout, list(handler.requests)
    finally:
        server.shutdown()
        server.server_close()


def test_report_in_chromium_shows_findings_claims_and_charts_and_runs_nothing(chromium, tmp_path):
    inputs = ("fixtures/", str(HOSTILE.relative_to(ROOT)))
    page = tmp_path / "report.html"
    proc = factlint("report", *inputs, "--rules", "rules", "--output", str(page))
    assert proc.returncode == 0, proc.stderr
    expected = _check_json(*inputs)
    dom_text, requests = _render_in_browser(chromium, page, tmp_path)
    assert requests == ["/report.html"], requests       # nothing else was fetched
    dom = Dom(dom_text)
    # no script ran: the hostile payloads would have set the title or added elements
    titles = dom.find("title")
    assert titles[0]["text"] == "factlint check report"
    assert not dom.find("script") and not dom.find("img") and not dom.find("iframe")
    assert "pwned" not in titles[0]["text"]
    assert all(not a["attrs"].get("href", "").lower().startswith("javascript:") for a in dom.find("a"))
    # the hostile text is there, as text, with its claim's quote highlighted
    hostile = [q for q in dom.find("q", "sentence") if "<script>alert(1)</script>" in q["text"]]
    assert hostile
    # summary, findings, claims as the JSON report counts them
    shown = [f for f in expected["findings"] if not f["suppressed"] and f["baseline"] != "unchanged"]
    assert len(dom.find("tr", "finding")) == len(shown) > 0
    cards = {e["text"].strip() for e in dom.elements if e["tag"] == "li" and Dom.inside(e, "ul", "cards")}
    for sev in ("error", "warning", "info"):
        n = sum(1 for f in shown if f["severity"] == sev)
        assert f"{n}{sev}" in cards
    default_claims = [t for t in dom.find("table", "claims") if t["attrs"]["data-sort"] == "doc"][0]
    rows = [r for r in dom.find("tr", "claim") if Dom.inside(r, "table") is default_claims]
    assert [r["attrs"]["data-claim"] for r in rows] == [c["id"] for c in expected["claims"]]
    # every cited quote is highlighted in a finding
    marks_in_findings = [m for m in dom.find("mark") if Dom.inside(m, "table", "findings")]
    assert len(marks_in_findings) == sum(len(f["claims"]) for f in shown)
    # one chart per metric and subject with two or more claims, one mark per claim
    charts = {(f["attrs"]["data-metric"], f["attrs"]["data-subject"], f["attrs"]["data-unit"]): f
              for f in dom.find("figure", "chart")}
    groups = _expected_groups(expected)
    assert set(charts) == set(groups)
    for key, n in groups.items():
        marks = [m for m in dom.find("circle", "mark") if Dom.inside(m, "figure", "chart") is charts[key]]
        assert len(marks) == n, key
    nato_chart = charts[("defence_spending_target", "NATO", "percent_of_gdp")]
    nato = [m for m in dom.find("circle", "mark") if Dom.inside(m, "figure", "chart") is nato_chart]
    assert len(nato) == sum(1 for c in expected["claims"] if c["metric"] == "defence_spending_target") == 11
    labels = [t["text"] for t in dom.find("text", "deadline-label") if Dom.inside(t, "figure", "chart") is nato_chart]
    assert labels == ["by 2035"]


def test_ledger_report_in_chromium_cites_ledger_documents(chromium, tmp_path):
    ledger = tmp_path / "ledger.sqlite"
    assert factlint("ingest", "fixtures/", "--ledger", str(ledger)).returncode == 0
    page = tmp_path / "draft.html"
    proc = factlint("report", "drafts/draft-nato-3-percent.md", "--ledger", str(ledger), "--output", str(page))
    assert proc.returncode == 0, proc.stderr
    dom_text, requests = _render_in_browser(chromium, page, tmp_path)
    assert requests == ["/draft.html"]
    dom = Dom(dom_text)
    findings = dom.find("tr", "finding")
    assert any("stale" in f["text"] and "since 2025-06-2" in f["text"] for f in findings)
    links = [a["attrs"]["href"] for a in dom.find("a") if Dom.inside(a, "table", "findings")]
    assert "https://example.org/monde/otan-sommet-la-haye-chiffres" in links  # the ledger document's url
    assert dom.find("span", "ledger-tag")


# ------------------------------------------------------------------------------ properties
from hypothesis import given, settings, strategies as st  # noqa: E402

_TEXT = st.lists(st.sampled_from(list("ab <>&\"'/=\n3%") + ["<script>", "</script>", "javascript:"]),
                 max_size=30).map("".join)


@settings(max_examples=200, deadline=None)
@given(sentence=_TEXT, quote=_TEXT, occurrence=st.integers(0, 3))
def test_highlight_never_lets_markup_through_and_keeps_the_text(sentence, quote, occurrence):
    import html as html_module

    out = highlight(sentence, quote, occurrence)
    tags = re.findall(r"<[^>]*>", out)
    assert set(tags) <= {"<mark>", "</mark>"} and tags.count("<mark>") == 1
    text = html_module.unescape(out.replace("<mark>", "").replace("</mark>", ""))
    marked = html_module.unescape(re.search(r"<mark>(.*)</mark>", out, re.S).group(1))
    if not sentence:
        assert text == marked == quote
    elif text == sentence:                           # found in place: the sentence, unchanged
        assert marked.split() == quote.split() and quote.split()
    else:                                            # not found: the sentence, then the quote
        assert text == f"{sentence} — {quote}" and marked == quote


@settings(max_examples=200, deadline=None)
@given(url=st.text(max_size=40))
def test_safe_url_only_passes_http(url):
    got = safe_url(url)
    if got is not None:
        assert got.lower().startswith(("http://", "https://")) and not any(c.isspace() for c in got)
