"""The ledger survives what happens to real runs: an ingest killed part-way, two ingests at once,
a damaged file (a clear one-line error and a recovery command, never a silent reset)."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from checker.ledger import Ledger

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
MANY = 300

ARTICLE = """---
title: Defence report {i}
source: Wire {src}
published: {day}
language: en
---
Poland spends {x}% of GDP on defence, the ministry said on day {i}.

NATO allies agreed to raise the target to 5% of GDP by 2035.
"""


def factlint_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "checker", *args]


def _env() -> dict:
    env = dict(os.environ, NO_COLOR="1", PYTHONPATH=str(ROOT))
    env.pop("GITHUB_ACTIONS", None)
    return env


def factlint(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(factlint_cmd(*args), cwd=ROOT, capture_output=True, text=True, env=_env(), timeout=600)


def make_articles(folder: Path, n: int, start: int = 0) -> list[Path]:
    """``n`` small dated articles, each with two claims, in two sub-folders."""
    paths = []
    for i in range(start, start + n):
        sub = folder / ("part1" if i % 2 else "part2")
        sub.mkdir(parents=True, exist_ok=True)
        p = sub / f"article-{i:04d}.md"
        day = f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}"
        p.write_text(ARTICLE.format(i=i, src=i % 7, day=day, x=f"{2 + (i % 30) / 10:.1f}"), "utf-8")
        paths.append(p)
    return paths


def stored_documents(ledger: Path) -> int:
    """Documents committed so far, read without creating or locking the file."""
    if not ledger.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{ledger}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def assert_consistent(ledger: Path) -> tuple[int, int]:
    """Every stored document has all its claims, one current version per path, no duplicates.
    Returns (documents, claims)."""
    with Ledger(str(ledger), create=False) as led:
        assert led.integrity() == "ok"
        assert led.inconsistent() == []  # claim_count on each row = its claims rows
        conn = led.conn
        docs, paths = conn.execute("SELECT count(*), count(DISTINCT path) FROM documents").fetchone()
        assert docs == paths                                            # no duplicate document
        assert conn.execute("SELECT count(*) FROM documents WHERE current = 1").fetchone()[0] == docs
        dup = conn.execute("SELECT count(*) FROM (SELECT document_id, seq FROM claims "
                           "GROUP BY document_id, seq HAVING count(*) > 1)").fetchone()[0]
        assert dup == 0
        claims = conn.execute("SELECT count(*) FROM claims").fetchone()[0]
        assert claims == conn.execute("SELECT coalesce(sum(claim_count), 0) FROM documents").fetchone()[0]
        return docs, claims


def test_an_ingest_killed_part_way_leaves_whole_documents_and_completes_on_rerun(tmp_path):
    articles = tmp_path / "articles"
    make_articles(articles, MANY)
    ledger = tmp_path / "ledger.sqlite"
    proc = subprocess.Popen(factlint_cmd("ingest", str(articles), "--rules", str(RULES), "--ledger", str(ledger)),
                            cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 240
    try:
        while stored_documents(ledger) < 25:
            assert proc.poll() is None, f"ingest ended before it could be killed: {proc.stderr.read()!r}"
            assert time.monotonic() < deadline, "ingest made no progress"
            time.sleep(0.02)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    partial, claims = assert_consistent(ledger)
    assert 25 <= partial < MANY
    assert claims == 2 * partial
    rerun = factlint("ingest", str(articles), "--rules", str(RULES), "--ledger", str(ledger))
    assert rerun.returncode == 0, rerun.stderr
    assert f"{MANY} documents read: {MANY - partial} new, 0 new versions, 0 restored, {partial} unchanged" in rerun.stdout
    assert assert_consistent(ledger) == (MANY, 2 * MANY)


def test_two_ingests_at_once_on_overlapping_inputs(tmp_path):
    articles = tmp_path / "articles"
    make_articles(articles, 160)
    ledger = tmp_path / "ledger.sqlite"   # created by whichever process comes first
    common = ("--rules", str(RULES), "--ledger", str(ledger))
    one = subprocess.Popen(factlint_cmd("ingest", str(articles), *common), cwd=ROOT, env=_env(),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    two = subprocess.Popen(factlint_cmd("ingest", str(articles / "part2"), str(articles / "part1"), *common),
                           cwd=ROOT, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out1, err1 = one.communicate(timeout=600)
    out2, err2 = two.communicate(timeout=600)
    assert (one.returncode, err1) == (0, "")
    assert (two.returncode, err2) == (0, "")
    assert assert_consistent(ledger) == (160, 320)
    new = [int(re.search(r"read: (\d+) new", out).group(1)) for out in (out1, out2)]
    unchanged = [int(re.search(r"(\d+) unchanged", out).group(1)) for out in (out1, out2)]
    assert sum(new) == 160 and sum(unchanged) == 160  # each document added exactly once


def _one_line_error(proc: subprocess.CompletedProcess, ledger: Path) -> str:
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert str(ledger) in lines[0] and f"factlint ledger recover --ledger {ledger}" in lines[0]
    return lines[0]


def test_a_corrupted_file_gets_a_clear_error_and_is_never_reset(tmp_path):
    ledger = tmp_path / "ledger.sqlite"
    garbage = b"this is not an SQLite file\n" * 200
    ledger.write_bytes(garbage)
    for args in (("history", "defence_spending"), ("ingest", "fixtures/nato-rutte-criticism.md"),
                 ("ledger", "stats"), ("check", "drafts/draft-nato-3-percent.md")):
        line = _one_line_error(factlint(*args, f"--ledger={ledger}"), ledger)
        assert "the ledger is damaged (file is not a database)" in line
        assert ledger.read_bytes() == garbage                       # untouched
    rec = factlint("ledger", "recover", "--ledger", str(ledger), "--rules", str(RULES))
    assert rec.returncode == 1
    assert "moved the ledger aside to" in rec.stdout and "re-ingest your articles" in rec.stdout
    moved = [p for p in tmp_path.iterdir() if p.name.startswith("ledger.sqlite.damaged-")]
    assert len(moved) == 1 and moved[0].read_bytes() == garbage      # kept, not deleted
    assert not ledger.exists()


def test_recover_rebuilds_a_damaged_ledger_from_the_documents_it_names(tmp_path):
    articles = tmp_path / "articles"
    make_articles(articles, 12)
    ledger = tmp_path / "ledger.sqlite"
    assert factlint("ingest", str(articles), "--rules", str(RULES), "--ledger", str(ledger)).returncode == 0
    healthy = factlint("ledger", "recover", "--ledger", str(ledger))
    assert healthy.returncode == 0 and "healthy; nothing to recover" in healthy.stdout
    data = bytearray(ledger.read_bytes())
    data[:100] = b"\xff" * 100                                         # the header is gone
    ledger.write_bytes(bytes(data))
    _one_line_error(factlint("ledger", "stats", "--ledger", str(ledger)), ledger)
    rec = factlint("ledger", "recover", "--ledger", str(ledger), "--rules", str(RULES))
    assert rec.returncode == 0, rec.stdout + rec.stderr
    assert "rebuilt" in rec.stdout and "from 12 documents (paths read from its bytes)" in rec.stdout
    assert assert_consistent(ledger) == (12, 24)
    moved = [p for p in tmp_path.iterdir() if p.name.startswith("ledger.sqlite.damaged-")]
    assert len(moved) == 1 and moved[0].read_bytes() == bytes(data)


@pytest.mark.parametrize("damage", ["truncate", "scribble"])
def test_other_damage_is_reported_not_reset_and_recovered(tmp_path, damage):
    """A file cut short (a disk full, a bad copy) or with garbled pages: a one-line error, the
    file left as it is; recover rebuilds from the paths it can still find."""
    articles = tmp_path / "articles"
    make_articles(articles, 40)
    ledger = tmp_path / "ledger.sqlite"
    assert factlint("ingest", str(articles), "--rules", str(RULES), "--ledger", str(ledger)).returncode == 0
    data = bytearray(ledger.read_bytes())
    page = 4096
    assert len(data) > 8 * page
    if damage == "truncate":
        data = data[: len(data) // 2 + 123]
    else:
        for at in range(page, len(data), page):                      # every page but the first
            data[at:at + 64] = os.urandom(64)
    ledger.write_bytes(bytes(data))
    line = _one_line_error(factlint("ledger", "export", "--ledger", str(ledger)), ledger)
    assert "database disk image is malformed" in line
    assert ledger.read_bytes() == bytes(data)
    rec = factlint("ledger", "recover", "--ledger", str(ledger), "--rules", str(RULES))
    assert rec.returncode == 0, rec.stdout + rec.stderr
    found = int(re.search(r"from (\d+) documents", rec.stdout).group(1))
    assert 0 < found <= 40
    assert assert_consistent(ledger) == (found, 2 * found)
