"""The claim ledger: ingest, versions, checking a draft against it, history, export, stats."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from checker.claims.builder import ClaimBuilder
from checker.document import iter_documents, load_text
from checker.ledger import Ledger, LedgerError
from checker.ledger import schema
from checker.ledger.ingest import ingest_documents
from checker.ledger.progress import Progress, count_inputs
from checker.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
DRAFT = ROOT / "drafts" / "draft-nato-3-percent.md"
FIXTURE_DOCS = 18
FIXTURE_CLAIMS = 74


def factlint(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_COLOR="1", PYTHONPATH=str(ROOT))
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "checker", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=300)


@pytest.fixture(scope="module")
def rules():
    return load_rules([str(RULES)])


@pytest.fixture(scope="module")
def fixtures_ledger(tmp_path_factory) -> Path:
    """A ledger of the bundled fixtures, ingested through the command line."""
    path = tmp_path_factory.mktemp("ledger") / "fixtures.sqlite"
    proc = factlint("ingest", "fixtures/", "--ledger", str(path))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == (f"{path}: {FIXTURE_DOCS} documents read: {FIXTURE_DOCS} new, 0 new versions, "
                                   f"0 restored, 0 unchanged; {FIXTURE_CLAIMS} claims stored")
    return path


def _article(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, "utf-8")
    return path


ARTICLE = """---
title: Spending
source: Test Wire
url: https://example.org/spending
published: {day}
language: en
---
Poland spends {x}% of GDP on defence, the ministry said.
"""


def _ingest(ledger: Ledger, rules, *paths) -> object:
    return ingest_documents(ledger, (d for d in iter_documents([str(p) for p in paths])), ClaimBuilder(rules), rules)


# ------------------------------------------------------------------------------ ingest and versions
def test_reingesting_the_fixtures_adds_nothing(fixtures_ledger):
    before = fixtures_ledger.read_bytes()
    proc = factlint("ingest", "fixtures/", "--ledger", str(fixtures_ledger))
    assert proc.returncode == 0, proc.stderr
    assert f"0 new, 0 new versions, 0 restored, {FIXTURE_DOCS} unchanged; 0 claims stored" in proc.stdout
    with Ledger(str(fixtures_ledger), create=False) as ledger:
        stats = ledger.stats()
        assert (stats["documents"], stats["document_versions"], stats["claims"]) == (FIXTURE_DOCS, FIXTURE_DOCS, FIXTURE_CLAIMS)
        assert ledger.inconsistent() == []
    assert fixtures_ledger.read_bytes() == before


def test_document_fields_and_claims_round_trip(tmp_path, rules):
    """Every Claim field, the period and ``why`` come back as the builder made them."""
    docs = [d for d in iter_documents([str(ROOT / "fixtures")])]
    builder = ClaimBuilder(rules)
    with Ledger(str(tmp_path / "l.sqlite")) as ledger:
        _ingest(ledger, rules, ROOT / "fixtures")
        stored = ledger.claims()
        by_doc = {d.path: d for d in ledger.documents()}
    got = {(c.doc, c.start, c.metric): c for c in stored.claims}
    n = 0
    for doc in docs:
        key = os.path.normpath(os.path.abspath(doc.path))
        row = by_doc[key]
        assert (row.content_hash, row.source, row.url, row.lang, row.title, row.version, row.current) == \
            (doc.content_hash, doc.source, doc.url, doc.lang, doc.title, 1, True)
        assert row.published == (doc.published.isoformat() if doc.published else None)
        for c in builder.build(doc).claims:
            back = got[(os.path.relpath(key).replace(os.sep, "/"), c.start, c.metric)]
            for name in ("metric", "subject", "value", "unit", "qualifier", "period", "stance", "attribution",
                         "published", "lang", "start", "end", "line", "column", "quote", "sentence", "why"):
                assert getattr(back, name) == getattr(c, name), (doc.path, name)
            assert back.id.startswith("L")
            n += 1
    assert n == FIXTURE_CLAIMS
    # the undated document keeps its anchor
    assert list(stored.anchors.values()) == ["2024-10"]


def test_a_changed_document_becomes_a_new_version_and_the_old_claims_stay(tmp_path, rules):
    art = _article(tmp_path / "news", "a.md", ARTICLE.format(day="2025-01-10", x="2.5"))
    path = str(tmp_path / "l.sqlite")
    with Ledger(path) as ledger:
        assert _ingest(ledger, rules, art).new == 1
        art.write_text(ARTICLE.format(day="2025-01-10", x="4.1"), "utf-8")
        s = _ingest(ledger, rules, art)
        assert (s.new, s.versions, s.claims) == (0, 1, 1)
        assert [c.value for c in ledger.claims().claims] == [4.1]
        old = ledger.claims(current_only=False)
        assert sorted(c.value for c in old.claims) == [2.5, 4.1]
        assert sorted(old.versions.values()) == [(1, False), (2, True)]
        # back to the first text: the first version is current again, nothing added
        art.write_text(ARTICLE.format(day="2025-01-10", x="2.5"), "utf-8")
        s = _ingest(ledger, rules, art)
        assert (s.restored, s.claims) == (1, 0)
        assert [c.value for c in ledger.claims().claims] == [2.5]
        assert ledger.stats()["document_versions"] == 2
        assert ledger.inconsistent() == []


def test_history_all_versions_and_export_show_old_versions(tmp_path):
    news = tmp_path / "news"
    art = _article(news, "a.md", ARTICLE.format(day="2025-01-10", x="2.5"))
    ledger = tmp_path / "l.sqlite"
    assert factlint("ingest", str(news), "--rules", str(RULES), "--ledger", str(ledger)).returncode == 0
    art.write_text(ARTICLE.format(day="2025-02-10", x="4.1"), "utf-8")
    proc = factlint("ingest", str(news), "--rules", str(RULES), "--ledger", str(ledger), "-v")
    assert proc.returncode == 0 and "1 new versions" in proc.stdout and proc.stdout.startswith("version   v2")
    hist = factlint("history", "defence_spending", "Poland", "--ledger", str(ledger), "--all-versions", cwd=tmp_path)
    assert hist.returncode == 0, hist.stderr
    lines = hist.stdout.splitlines()
    assert lines[0] == "Timeline: defence_spending for Poland"
    assert "2.5 % of GDP" in lines[4] and "v1 (old)" in lines[4] and "news/a.md@v1:8:15" in lines[4]
    assert "4.1 % of GDP" in lines[5] and "v2" in lines[5] and "2025-02-10" in lines[5]
    current = factlint("ledger", "export", "--format", "jsonl", "--ledger", str(ledger))
    rows = [json.loads(line) for line in current.stdout.splitlines()]
    assert [(r["value"], r["version"], r["current"]) for r in rows] == [(4.1, 2, True)]
    both = factlint("ledger", "export", "--format", "csv", "--all-versions", "--ledger", str(ledger))
    table = list(csv.DictReader(io.StringIO(both.stdout)))
    assert [(r["value"], r["version"], r["current"]) for r in table] == [("2.5", "1", "false"), ("4.1", "2", "true")]
    assert table[0]["url"] == "https://example.org/spending" and json.loads(table[0]["why"])["metric"] == "defence_spending"


# ------------------------------------------------------------------------------ checking drafts
def test_draft_is_checked_against_the_ledger(fixtures_ledger):
    proc = factlint("check", str(DRAFT.relative_to(ROOT)), "--ledger", str(fixtures_ledger), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    claims = {c["id"]: c for c in report["claims"]}
    assert report["documents"] == ["drafts/draft-nato-3-percent.md"]
    stale = [f for f in report["findings"] if f["kind"] == "stale"]
    assert stale, report["findings"]
    for f in stale:
        assert "drafts/draft-nato-3-percent.md" in f["message"] and "3 % of GDP" in f["message"]
        assert "since 2025-06-2" in f["message"] and "says 5 % of GDP by 2035" in f["message"]
        cited = [claims[i] for i in f["claims"]]
        assert cited[0]["doc"] == "drafts/draft-nato-3-percent.md" and cited[0]["id"].startswith("c")
        ledger_cited = [c for c in cited if c["id"].startswith("L")]
        assert ledger_cited and all(c["doc"].startswith("fixtures/") and c["line"] and c["column"] and c["quote"]
                                    for c in ledger_cited)
    # every finding concerns the draft
    for f in report["findings"]:
        assert any(claims[i]["doc"].startswith("drafts/") for i in f["claims"])
    # without the ledger, the draft alone has nothing to disagree with
    alone = json.loads(factlint("check", str(DRAFT.relative_to(ROOT)), "--format", "json").stdout)
    assert [f for f in alone["findings"] if f["kind"] == "stale"] == []


def test_a_draft_replaces_its_own_published_version(fixtures_ledger):
    proc = factlint("check", "fixtures/nato-rutte-criticism.md", "--ledger", str(fixtures_ledger), "--format", "json")
    assert proc.returncode in (0, 1), proc.stderr
    report = json.loads(proc.stdout)
    ids = {c["id"]: c for c in report["claims"]}
    assert not [c for c in ids.values() if c["id"].startswith("L") and c["doc"] == "fixtures/nato-rutte-criticism.md"]
    assert any(f["kind"] == "stale" for f in report["findings"])  # still stale against the summit reports


def test_bare_ledger_option_before_a_document_is_refused():
    proc = factlint("check", "--ledger", "drafts/draft-nato-3-percent.md")
    assert proc.returncode == 2
    assert "looks like a document, not a ledger file" in proc.stderr


def test_check_with_a_missing_ledger_names_it(tmp_path):
    missing = tmp_path / "none.sqlite"
    proc = factlint("check", str(DRAFT.relative_to(ROOT)), f"--ledger={missing}")
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"factlint: error: {missing}: no ledger here; create one with 'factlint ingest PATH...' (or give --ledger PATH)"
    assert not missing.exists()


# ------------------------------------------------------------------------------ history, stats
def test_history_prints_the_timeline(fixtures_ledger):
    proc = factlint("history", "defence_spending_target", "nato", "--ledger", str(fixtures_ledger))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "Timeline: defence_spending_target for NATO"
    rows = lines[4:]
    assert len(rows) == 10
    assert rows[0].startswith("undated (undated document, after 2024-10)")
    assert rows[6].startswith("as of 2025-06-24") and "5 pour cent" in rows[6]
    assert all(r.startswith("by 2035") for r in rows[7:])
    unknown = factlint("history", "no_such_metric", "--ledger", str(fixtures_ledger))
    assert unknown.returncode == 2 and "no claims of metric 'no_such_metric'" in unknown.stderr
    assert "defence_spending_target" in unknown.stderr


def test_stats_and_export(fixtures_ledger):
    stats = json.loads(factlint("ledger", "stats", "--format", "json", "--ledger", str(fixtures_ledger)).stdout)
    assert (stats["documents"], stats["claims"], stats["schema_version"]) == (FIXTURE_DOCS, FIXTURE_CLAIMS, schema.SCHEMA_VERSION)
    assert stats["languages"] == {"de": 1, "en": 10, "fr": 7} and stats["undated_documents"] == 1
    plain = factlint("ledger", "stats", "--ledger", str(fixtures_ledger)).stdout
    assert "documents            18" in plain and "defence_spending_target" in plain
    out = factlint("ledger", "export", "--format", "csv", "--ledger", str(fixtures_ledger))
    table = list(csv.DictReader(io.StringIO(out.stdout)))
    assert len(table) == FIXTURE_CLAIMS
    assert {r["url"] for r in table} >= {"https://example.org/monde/otan-sommet-la-haye-chiffres"}


def test_ingest_refuses_stdin_and_reports_unreadable_files(tmp_path):
    proc = factlint("ingest", "-", "--ledger", str(tmp_path / "l.sqlite"))
    assert proc.returncode == 2 and "not standard input" in proc.stderr
    proc = factlint("ingest", str(tmp_path / "missing.md"), "--rules", str(RULES), "--ledger", str(tmp_path / "l.sqlite"))
    assert proc.returncode == 2 and "missing.md: no such file or directory" in proc.stderr


# ------------------------------------------------------------------------------ schema
def test_other_databases_and_newer_ledgers_are_refused(tmp_path):
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(LedgerError, match="is not a factlint ledger"):
        Ledger(str(other))
    newer = tmp_path / "newer.sqlite"
    Ledger(str(newer)).close()
    with sqlite3.connect(newer) as conn:
        conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    with pytest.raises(LedgerError, match="newer than this factlint knows"):
        Ledger(str(newer))


def test_migrations_apply_in_order_and_keep_the_data(tmp_path, rules, monkeypatch):
    path = str(tmp_path / "l.sqlite")
    art = _article(tmp_path / "news", "a.md", ARTICLE.format(day="2025-01-10", x="2.5"))
    with Ledger(path) as ledger:
        _ingest(ledger, rules, art)
    extra = ("ALTER TABLE documents ADD COLUMN reviewed INTEGER NOT NULL DEFAULT 0",)
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS + [extra])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", len(schema.MIGRATIONS))
    with Ledger(path) as ledger:
        assert ledger.schema_found == 1
        assert ledger.conn.execute("PRAGMA user_version").fetchone()[0] == 2
        assert [tuple(r) for r in ledger.conn.execute("SELECT reviewed FROM documents")] == [(0,)]
        assert [c.value for c in ledger.claims().claims] == [2.5]
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


# ------------------------------------------------------------------------------ progress
class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(tmp_path):
    tty = _Tty()
    bar = Progress(tty, total=4, interval=0)
    bar.update(1, 3)
    bar.update(4, 9)
    bar.close()
    text = tty.getvalue()
    assert "\ringest [######------------------] 1/4 documents, 3 claims" in text
    assert "4/4 documents, 9 claims" in text and "documents/s" in text
    assert text.endswith("\r")
    pipe = io.StringIO()
    quiet = Progress(pipe, total=4, interval=0)
    quiet.update(1, 3)
    quiet.close()
    assert pipe.getvalue() == ""
    for i in range(3):
        _article(tmp_path / "n" / "sub", f"{i}.md", "x")
    _article(tmp_path / "n" / ".hidden", "h.md", "x")
    _article(tmp_path / "n", "skip.md", "x")
    assert count_inputs([str(tmp_path / "n")], ["skip.md"]) == 3


def test_ingest_draws_progress_on_a_tty_and_not_on_a_pipe(tmp_path):
    import pty
    import select

    ledger = tmp_path / "l.sqlite"
    piped = factlint("ingest", "fixtures/", "--ledger", str(ledger))
    assert "\r" not in piped.stderr and piped.stderr == ""
    master, slave = pty.openpty()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "checker", "ingest", "fixtures/", "--ledger", str(tmp_path / "m.sqlite")],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    seen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    proc.wait(timeout=120)
    os.close(master)
    assert proc.returncode == 0
    assert b"ingest [" in seen and b"/18 documents" in seen and b"claims" in seen


# ------------------------------------------------------------------------------ properties
from hypothesis import given, settings, strategies as st  # noqa: E402

from checker.ledger.records import value_bounds, value_from_json, value_to_json  # noqa: E402

_NUM = st.floats(allow_nan=False, allow_infinity=False, width=64)


@settings(max_examples=200, deadline=None)
@given(value=st.one_of(_NUM, st.tuples(_NUM, _NUM), st.text(max_size=12)))
def test_claim_values_survive_the_ledger(value):
    back = value_from_json(value_to_json(value))
    assert back == value and type(back) is type(value)
    lo, hi = value_bounds(value)
    if isinstance(value, str):
        assert (lo, hi) == (None, None)
    elif isinstance(value, tuple):
        assert (lo, hi) == value
    else:
        assert lo == hi == value


def test_changed_rules_are_noticed_and_refresh_rebuilds_claims(tmp_path):
    news = tmp_path / "news"
    _article(news, "a.md", ARTICLE.format(day="2025-01-10", x="2.5"))
    rules_dir = tmp_path / "rules"
    shutil.copytree(RULES, rules_dir)
    ledger = tmp_path / "l.sqlite"
    args = ("ingest", str(news), "--rules", str(rules_dir), "--ledger", str(ledger))
    assert factlint(*args).returncode == 0
    nato = rules_dir / "nato.rules"
    nato.write_text(nato.read_text("utf-8").replace('"spend", "spends",', '"spend",', 1), "utf-8")  # Poland "spends": no cue
    again = factlint(*args)
    assert again.returncode == 0 and "1 unchanged; 0 claims stored" in again.stdout
    assert "1 unchanged documents were stored with other rule files" in again.stderr and "--refresh" in again.stderr
    refreshed = factlint(*args, "--refresh")
    assert refreshed.returncode == 0 and "1 refreshed; 0 claims stored" in refreshed.stdout, refreshed.stdout
    assert refreshed.stderr == ""
    with Ledger(str(ledger), create=False) as led:
        assert led.claims().claims == [] and led.inconsistent() == [] and led.stats()["document_versions"] == 1
