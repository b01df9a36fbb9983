"""Gating by the newsroom: inline suppression markers, baselines and ``--changed-since``.

The tests edit copies of the NATO fixtures the way an editor would (a marker above a figure, a
changed figure, lines added) and read what ``factlint check`` reports in JSON, SARIF and tables.
Positions are taken from a first run's JSON, not written in by hand.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.baseline import compare, BaselineEntry
from checker.cli import main
from checker.suppress import find_markers, spans_of

ROOT = Path(__file__).resolve().parent.parent
NATO_FIXTURES = ("nato-rutte-criticism.md", "otan-sommet-la-haye.md", "conflicts", "html")
RUTTE = "articles/nato-rutte-criticism.md"
SUMMIT_EN = "articles/conflicts/summit-security-en.md"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """articles/ (the NATO fixtures) and rules/ (nato.rules) in a temporary working directory."""
    for name in NATO_FIXTURES:
        src = ROOT / "fixtures" / name
        if src.is_dir():
            shutil.copytree(src, tmp_path / "articles" / name)
        else:
            (tmp_path / "articles").mkdir(exist_ok=True)
            shutil.copy(src, tmp_path / "articles" / name)
    (tmp_path / "rules").mkdir()
    shutil.copy(ROOT / "rules" / "nato.rules", tmp_path / "rules" / "nato.rules")
    shutil.copytree(ROOT / "rules" / "data", tmp_path / "rules" / "data")
    monkeypatch.chdir(tmp_path)
    for var in ("GITHUB_ACTIONS", "NO_COLOR"):
        monkeypatch.delenv(var, raising=False)
    return tmp_path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def report(capsys, *extra: str) -> dict:
    code, out, err = run(capsys, "check", "articles", "--format", "json", *extra)
    assert code in (0, 1), err
    return json.loads(out)


def cited(rep: dict, finding: dict) -> list[dict]:
    claims = {c["id"]: c for c in rep["claims"]}
    return [claims[i] for i in finding["claims"]]


def insert_line(path: Path, line: int, text: str) -> None:
    """Insert ``text`` as line ``line`` (1-based) of the file."""
    lines = path.read_text("utf-8").split("\n")
    lines.insert(line - 1, text)
    path.write_text("\n".join(lines), "utf-8")


# --- markers -----------------------------------------------------------------------------------


def test_ignore_marker_on_the_line_before_silences_that_kind_on_that_line(project, capsys):
    before = report(capsys)
    stale = next(f for f in before["findings"] if f["kind"] == "stale")
    target = cited(before, stale)[0]
    assert target["doc"] == RUTTE
    line = target["line"]
    insert_line(project / RUTTE, line, "<!-- factlint: ignore stale -->")

    after = report(capsys, "--fail-on", "info")
    assert len(after["findings"]) == len(before["findings"])
    suppressed = [f for f in after["findings"] if f["suppressed"]]
    assert suppressed
    for f in after["findings"]:
        on_line = any(c["doc"] == RUTTE and c["line"] == line + 1 for c in cited(after, f))
        assert f["suppressed"] == (on_line and f["kind"] == "stale"), f["message"]
        if f["suppressed"]:
            assert f["suppression"] == {"doc": RUTTE, "line": line, "column": 1, "marker": "ignore stale"}
            assert not f["failing"]
    # the change findings on the same line are another kind: still reported, and failing
    assert any(f["kind"] == "change" and f["failing"] for f in after["findings"])
    assert after["summary"]["suppressed"] == len(suppressed)


def test_same_line_marker_by_check_id_in_tables_and_sarif(project, capsys):
    lines = (project / SUMMIT_EN).read_text("utf-8").split("\n")
    before = report(capsys)
    conflicts = [f for f in before["findings"] if f["check"] == "NATO-C2"
                 and any(c["doc"] == SUMMIT_EN and c["line"] == 9 for c in cited(before, f))]
    assert conflicts
    lines[8] += " <!-- factlint: ignore NATO-C2 -->"
    (project / SUMMIT_EN).write_text("\n".join(lines), "utf-8")

    after = report(capsys)
    silenced = [f["message"] for f in after["findings"] if f["suppressed"]]
    assert sorted(silenced) == sorted(f["message"] for f in conflicts)

    _, out, _ = run(capsys, "check", "articles", "--format", "sarif")
    results = json.loads(out)["runs"][0]["results"]
    marked = [r for r in results if "suppressions" in r]
    assert len(marked) == len(conflicts)
    for r in marked:
        (s,) = r["suppressions"]
        assert s["kind"] == "inSource"
        loc = s["location"]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == SUMMIT_EN and loc["region"]["startLine"] == 9

    _, table, _ = run(capsys, "check", "articles")
    heading = table.splitlines()[0]
    assert heading.endswith(f"; {len(conflicts)} suppressed)")
    assert conflicts[0]["message"] not in table
    assert "--show-suppressed lists them" in table
    _, table, _ = run(capsys, "check", "articles", "--show-suppressed")
    assert conflicts[0]["message"] in table
    assert f"suppressed ({SUMMIT_EN}:9 ignore NATO-C2)" in table


def test_marker_two_lines_above_or_for_another_metric_silences_nothing(project, capsys):
    before = report(capsys)
    stale = next(f for f in before["findings"] if f["kind"] == "stale")
    line = cited(before, stale)[0]["line"]
    insert_line(project / RUTTE, line, "")
    insert_line(project / RUTTE, line, "<!-- factlint: ignore stale -->")          # two lines above
    insert_line(project / RUTTE, line, "<!-- factlint: ignore summit_leaders -->")
    after = report(capsys)
    assert not any(f["suppressed"] for f in after["findings"])


def test_marker_by_metric_name(project, capsys):
    before = report(capsys)
    stale = next(f for f in before["findings"] if f["kind"] == "stale")
    line = cited(before, stale)[0]["line"]
    insert_line(project / RUTTE, line, "<!-- factlint: ignore defence_spending_target -->")
    after = report(capsys)
    hit = [f for f in after["findings"] if f["suppressed"]]
    assert hit and all(f["metric"] == "defence_spending_target" for f in hit)
    assert {f["kind"] for f in hit} >= {"stale", "change"}


def test_disable_enable_block(project, capsys):
    before = report(capsys)
    stale_lines = sorted({c["line"] for f in before["findings"] if f["kind"] == "stale"
                          for c in cited(before, f) if c["doc"] == RUTTE})
    first, last = stale_lines[0], stale_lines[-1]
    assert first < last
    # a block around the first stale line only: "enable" closes it before the last one
    insert_line(project / RUTTE, first + 1, "<!-- factlint: enable stale -->")
    insert_line(project / RUTTE, first, "<!-- factlint: disable stale -->")
    after = report(capsys)
    for f in after["findings"]:
        lines = {c["line"] for c in cited(after, f) if c["doc"] == RUTTE}
        assert f["suppressed"] == (f["kind"] == "stale" and first + 1 in lines), f["message"]
    assert any(f["kind"] == "stale" and not f["suppressed"] for f in after["findings"])


def test_suppressed_findings_never_fail_the_run(project, capsys):
    assert run(capsys, "check", "articles", "--severity", "stale=error")[0] == 1
    text = (project / RUTTE).read_text("utf-8")
    body = text.index("---", 3) + 4  # after the front matter
    (project / RUTTE).write_text(text[:body] + "<!-- factlint: disable stale -->\n" + text[body:], "utf-8")
    code, out, _ = run(capsys, "check", "articles", "--severity", "stale=error", "--format", "json")
    rep = json.loads(out)
    stale = [f for f in rep["findings"] if f["kind"] == "stale"]
    assert stale and all(f["suppressed"] and f["severity"] == "error" and not f["failing"] for f in stale)
    assert code == 0


def test_html_markers_are_read_from_the_page_source(project, capsys):
    page = project / "articles" / "html" / "otan-sommet-extrait.html"
    source = (page.read_text("utf-8").replace("2025-06-25", "2025-06-24").replace("25 juin", "24 juin")
              .replace("27&nbsp;000 policiers", "29&nbsp;000 policiers"))
    page.write_text(source, "utf-8")
    before = report(capsys)
    html_doc = "articles/html/otan-sommet-extrait.html"
    hits = [f for f in before["findings"] if any(c["doc"] == html_doc and "29" in c["quote"] for c in cited(before, f))]
    assert hits
    line = next(c["line"] for f in hits for c in cited(before, f) if c["doc"] == html_doc)
    insert_line(page, line, "        <!-- factlint: ignore security_personnel -->")
    after = report(capsys)
    silenced = [f for f in after["findings"] if f["suppressed"]]
    assert sorted(f["message"] for f in silenced) == sorted(
        f["message"].replace(f"{html_doc}:{line}", f"{html_doc}:{line + 1}") for f in hits)
    assert silenced[0]["suppression"] == {"doc": html_doc, "line": line, "column": 9,
                                          "marker": "ignore security_personnel"}


def test_misspelt_or_empty_markers_are_reported(project, capsys):
    insert_line(project / RUTTE, 7, "<!-- factlint: ignore stal -->")
    insert_line(project / RUTTE, 8, "<!-- factlint: ignore -->")
    insert_line(project / RUTTE, 9, "<!-- factlint: silence stale -->")
    code, _, err = run(capsys, "check", "articles")
    assert f"{RUTTE}:7:1: warning: factlint marker names 'stal', which is no check kind" in err
    assert f"{RUTTE}:8:1: warning: 'factlint: ignore' needs a finding kind" in err
    assert f"{RUTTE}:9:1: warning: unknown factlint marker 'silence'" in err


_selector = st.from_regex(r"[A-Za-z][A-Za-z0-9_-]{0,12}", fullmatch=True)
_plain = st.text(st.characters(blacklist_characters="<>", blacklist_categories=("Cs",)), max_size=60)


@given(prefix=_plain, suffix=_plain, selectors=st.lists(_selector, min_size=1, max_size=4),
       action=st.sampled_from(["ignore", "disable"]))
@settings(max_examples=150, deadline=None)
def test_markers_round_trip(prefix, suffix, selectors, action):
    text = f"{prefix}<!-- factlint: {action} {', '.join(selectors)} -->{suffix}"
    offset = len(prefix)

    def line_col(i):
        return text.count("\n", 0, i) + 1, i - (text.rfind("\n", 0, i) + 1) + 1

    markers, warnings = find_markers(text, "d.md", line_col)
    assert warnings == []
    (m,) = markers
    assert (m.action, m.selectors) == (action, tuple(selectors))
    assert (m.line, m.column) == line_col(offset)
    spans, _ = spans_of(markers)
    (span,) = spans if action == "ignore" else spans[:1]
    assert span.first == m.line
    assert span.last == (m.line + 1 if action == "ignore" else 10**9)


@given(st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_marker_scanner_never_fails(text):
    markers, warnings = find_markers(text, "d.txt", lambda i: (1, i + 1))
    for m in markers:
        assert text[m.column - 1:].startswith("<!--")
    spans_of(markers, known=set())


# --- baseline ----------------------------------------------------------------------------------


def test_baseline_then_check_fails_only_on_new_findings(project, capsys):
    full = report(capsys)
    code, _, err = run(capsys, "baseline", "articles", "--output", ".factlint-baseline.json")
    assert code == 0
    n = len(full["findings"])
    assert f"wrote {n} findings to .factlint-baseline.json" in err
    data = json.loads((project / ".factlint-baseline.json").read_text("utf-8"))
    assert data["factlint_baseline"] == 1 and len(data["findings"]) == n
    assert all("line" not in json.dumps(e["sources"]) for e in data["findings"])

    code, table, _ = run(capsys, "check", "articles", "--baseline", ".factlint-baseline.json", "--fail-on", "info")
    assert code == 0
    assert table.startswith(f"Findings (none; {n} in the baseline)\n")
    assert "Fixed since the baseline (0)" in table
    rep = report(capsys, "--baseline", ".factlint-baseline.json", "--fail-on", "info")
    assert {f["baseline"] for f in rep["findings"]} == {"unchanged"}
    assert rep["summary"]["baselined"] == n and rep["summary"]["failing"] == 0 and rep["fixed"] == []

    # editing an article (lines added above its figures) does not make its findings new
    text = (project / RUTTE).read_text("utf-8")
    body = text.index("---", 3) + 4
    (project / RUTTE).write_text(text[:body] + "\n\n\n" + text[body:], "utf-8")
    assert run(capsys, "check", "articles", "--baseline", ".factlint-baseline.json", "--fail-on", "info")[0] == 0


def test_a_changed_figure_is_new_and_the_old_finding_fixed(project, capsys):
    assert run(capsys, "baseline", "articles")[0] == 0   # default file name
    assert (project / ".factlint-baseline.json").is_file()
    path = project / SUMMIT_EN
    path.write_text(path.read_text("utf-8").replace("$40 billion", "$45 billion"), "utf-8")

    code, table, _ = run(capsys, "check", "articles", "--baseline", ".factlint-baseline.json", "--fail-on", "warning")
    assert code == 1
    assert "Fixed since the baseline (1)" in table and "$40 billion" in table
    rep = report(capsys, "--baseline", ".factlint-baseline.json", "--fail-on", "warning")
    new = [f for f in rep["findings"] if f["baseline"] == "new"]
    assert len(new) == 1 and "$45 billion" in new[0]["message"] and new[0]["failing"]
    assert len(rep["fixed"]) == 1 and "$40 billion" in rep["fixed"][0]["message"]
    assert rep["summary"]["new"] == 1 and rep["summary"]["fixed"] == 1

    _, out, _ = run(capsys, "check", "articles", "--baseline", ".factlint-baseline.json", "--format", "sarif")
    states = [r["baselineState"] for r in json.loads(out)["runs"][0]["results"]]
    assert states.count("new") == 1 and states.count("unchanged") == len(states) - 1


def test_baseline_is_deterministic_and_independent_of_the_working_directory(project, capsys, monkeypatch):
    run(capsys, "baseline", "articles", "--output", "base/one.json")
    run(capsys, "baseline", "articles", "--output", "base/two.json")
    assert (project / "base/one.json").read_bytes() == (project / "base/two.json").read_bytes()
    monkeypatch.chdir(project / "articles")
    code, out, err = run(capsys, "check", ".", "--rules", "../rules", "--baseline", "../base/one.json",
                         "--fail-on", "info", "--format", "json")
    assert code == 0, err
    assert {f["baseline"] for f in json.loads(out)["findings"]} == {"unchanged"}


def test_suppressed_findings_are_not_recorded(project, capsys):
    text = (project / RUTTE).read_text("utf-8")
    body = text.index("---", 3) + 4
    (project / RUTTE).write_text(text[:body] + "<!-- factlint: disable stale -->\n" + text[body:], "utf-8")
    rep = report(capsys)
    suppressed = sum(f["suppressed"] for f in rep["findings"])
    assert suppressed
    _, _, err = run(capsys, "baseline", "articles")
    data = json.loads((project / ".factlint-baseline.json").read_text("utf-8"))
    assert len(data["findings"]) == len(rep["findings"]) - suppressed
    assert f"({suppressed} suppressed findings left out)" in err


def test_unreadable_baselines_are_one_line_errors(project, capsys):
    (project / "bad.json").write_text("{ not json", "utf-8")
    code, _, err = run(capsys, "check", "articles", "--baseline", "bad.json")
    assert code == 2 and err.startswith("factlint: error: bad.json:1:3: baseline is not valid JSON")
    (project / "other.json").write_text('{"findings": []}', "utf-8")
    code, _, err = run(capsys, "check", "articles", "--baseline", "other.json")
    assert code == 2 and "not a factlint baseline" in err
    code, _, err = run(capsys, "check", "articles", "--baseline", "missing.json")
    assert code == 2 and "missing.json: cannot read baseline" in err


def test_compare_counts_identical_fingerprints():
    def entry(fp, msg):
        return BaselineEntry(fp, "C", "conflict", "warning", "m", None, msg, ())

    states, fixed = compare(["a", "a", "b"], [entry("a", "a1"), entry("c", "c1"), entry("b", "b1")])
    assert states == ["unchanged", "new", "unchanged"]
    assert [e.message for e in fixed] == ["c1"]
    states, fixed = compare(["a"], [entry("a", "a1"), entry("a", "a2")])
    assert states == ["unchanged"] and [e.message for e in fixed] == ["a2"]


# --- --changed-since ---------------------------------------------------------------------------


def git(project: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=t@example.org", "-c", "user.name=t", "-c", "commit.gpgsign=false",
                    *args], cwd=project, check=True, capture_output=True)


def test_changed_since_keeps_findings_citing_changed_documents(project, capsys):
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "articles")
    full = report(capsys)
    rep = report(capsys, "--changed-since", "HEAD")
    assert rep["scope"] == [] and rep["findings"] == [] and rep["changed_since"] == "HEAD"

    path = project / SUMMIT_EN
    path.write_text(path.read_text("utf-8") + "\nOne more sentence.\n", "utf-8")
    (project / "articles" / "new-note.md").write_text("A note without figures.\n", "utf-8")  # untracked
    rep = report(capsys, "--changed-since", "HEAD")
    assert rep["scope"] == ["articles/conflicts/summit-security-en.md", "articles/new-note.md"]
    assert rep["findings"]
    for f in rep["findings"]:
        assert any(c["doc"] == SUMMIT_EN for c in cited(rep, f))
    expected = [f["message"] for f in full["findings"] if any(c["doc"] == SUMMIT_EN for c in cited(full, f))]
    assert [f["message"] for f in rep["findings"]] == expected  # compared with the whole corpus
    assert {c["doc"] for c in rep["claims"]} >= {SUMMIT_EN}
    _, table, _ = run(capsys, "check", "articles", "--changed-since", "HEAD")
    claims_part = table[table.index("Claims ("):table.index("Timeline")]
    assert "articles/html/" not in claims_part

    code, _, err = run(capsys, "check", "articles", "--changed-since", "no-such-ref")
    assert code == 2 and "--changed-since no-such-ref: no such commit" in err


def test_changed_since_outside_a_repository_is_an_error(project, capsys):
    if subprocess.run(["git", "rev-parse"], cwd=project, capture_output=True).returncode == 0:
        pytest.skip("the temporary folder is inside a git repository")
    code, out, err = run(capsys, "check", "articles", "--changed-since", "HEAD")
    assert code == 2 and out == ""
    assert err.startswith("factlint: error: --changed-since HEAD: ") and err.count("\n") == 1
