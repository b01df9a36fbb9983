"""``factlint scan`` as a user runs it: ``python -m checker scan PATH...`` from the repository root.

The seed articles under fixtures/ carry the figures a reader would check (defence spending as a
share of GDP, the cost of the war effort, the police and troops at the summit); the scanner must
print each of them with its kind, value, unit and qualifier, in a table or as JSON lines.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from checker.document import load_path

ROOT = Path(__file__).resolve().parent.parent
NATO = "fixtures/nato-rutte-criticism.md"
OTAN = "fixtures/otan-sommet-la-haye.md"
REQUIRED = ("doc", "start", "end", "line", "column", "text", "sentence", "lang", "kind", "value",
            "unit", "currency", "counted", "qualifier")


def factlint(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "checker", *args],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120, stdin=subprocess.DEVNULL,
    )


def records(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def table():
    return factlint("scan", "fixtures/")


@pytest.fixture(scope="module")
def jsonl():
    result = factlint("scan", "fixtures/", "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    return records(result.stdout)


@pytest.fixture(scope="module")
def numeric():
    result = factlint("scan", "fixtures/", "--format", "jsonl", "--numeric")
    assert result.returncode == 0, result.stderr
    return records(result.stdout)


def find(recs: list[dict], doc: str, text: str) -> dict:
    hits = [r for r in recs if r["doc"] == doc and r["text"] == text]
    assert hits, f"{text!r} not reported for {doc}; got {[r['text'] for r in recs if r['doc'] == doc]}"
    return hits[0]


# ---------------------------------------------------------------------------- table
def test_table_scan_of_the_fixtures_succeeds(table):
    assert table.returncode == 0, table.stderr
    assert NATO in table.stdout and OTAN in table.stdout
    assert "35 milliards de dollars" in table.stdout
    assert "over 4% of GDP" in table.stdout


# ---------------------------------------------------------------------------- jsonl
def test_jsonl_lines_carry_every_field(jsonl):
    assert jsonl, "no mention at all"
    for rec in jsonl:
        missing = [k for k in REQUIRED if k not in rec]
        assert not missing, f"{rec.get('text')!r} lacks {missing}"
        assert isinstance(rec["start"], int) and isinstance(rec["end"], int) and rec["start"] < rec["end"]
        assert rec["line"] >= 1 and rec["column"] >= 1
    assert {r["doc"] for r in jsonl} >= {NATO, OTAN}


@pytest.mark.parametrize("doc", [NATO, OTAN])
def test_jsonl_positions_point_at_the_mention(jsonl, doc):
    """Offsets slice the document's text; line:column points into the file as an editor shows it."""
    text = load_path(str(ROOT / doc)).text
    lines = (ROOT / doc).read_text("utf-8").split("\n")
    recs = [r for r in jsonl if r["doc"] == doc]
    assert recs
    for r in recs:
        assert text[r["start"]:r["end"]] == r["text"]
        assert lines[r["line"] - 1][r["column"] - 1:].startswith(r["text"]), (r["line"], r["column"], r["text"])


def test_french_seed_figures(jsonl):
    gdp = find(jsonl, OTAN, "5 % du produit intérieur brut (PIB)")
    assert (gdp["kind"], gdp["value"], gdp["lang"]) == ("percent_of_gdp", 5, "fr")

    money = find(jsonl, OTAN, "35 milliards de dollars")
    assert (money["kind"], money["value"], money["currency"]) == ("money", 3.5e10, "USD")

    police = find(jsonl, OTAN, "27 000 policiers")
    assert (police["kind"], police["value"], police["counted"], police["qualifier"]) == ("count", 27000, "policier", "=")

    troops = find(jsonl, OTAN, "plus de 10 000 militaires")
    assert (troops["kind"], troops["value"], troops["counted"], troops["qualifier"]) == ("count", 10000, "militaire", ">")

    day = find(jsonl, OTAN, "24 juin 2025")
    assert (day["kind"], day["value"]) == ("date", "2025-06-24")

    deadline = [r for r in jsonl if r["doc"] == OTAN and r["value"] == "2035"]
    assert deadline, "the 2035 deadline is missing"
    assert deadline[0]["kind"] == "year" and deadline[0].get("time_role") == "deadline"
    assert deadline[0]["qualifier"] == "<="
    # 2035 is a date, never a quantity
    assert not [r for r in jsonl if r["doc"] == OTAN and "2035" in r["text"] and r["kind"] not in ("year", "date")]


def test_english_seed_figures(jsonl):
    three = find(jsonl, NATO, "3% of GDP")
    assert (three["kind"], three["value"], three["qualifier"]) == ("percent_of_gdp", 3, "=")

    four = find(jsonl, NATO, "over 4% of GDP")
    assert (four["kind"], four["value"], four["qualifier"]) == ("percent_of_gdp", 4, ">")

    two = find(jsonl, NATO, "2%")
    assert (two["kind"], two["value"]) == ("percent", 2)

    month = find(jsonl, NATO, "October 2024")
    assert (month["kind"], month["value"]) == ("date", "2024-10")

    # "Article 5" is a treaty clause, not a figure
    assert not [r for r in jsonl if r["doc"] == NATO and r["text"].endswith("5") and "Article" in r["text"]]


# ---------------------------------------------------------------------------- --numeric
def test_numeric_leaves_out_dates_and_years(jsonl, numeric):
    assert {r["kind"] for r in jsonl} & {"date", "year"}, "the fixtures have dates to leave out"
    assert not [r for r in numeric if r["kind"] in ("date", "year")]
    quantities = [(r["doc"], r["start"]) for r in jsonl if r["kind"] not in ("date", "year", "duration")]
    assert quantities and set(quantities) <= {(r["doc"], r["start"]) for r in numeric}
    assert all(isinstance(r["value"], (int, float, list)) for r in numeric)


# ---------------------------------------------------------------------------- bad input
def test_binary_file_is_reported_and_the_rest_still_scanned(tmp_path):
    bad = tmp_path / "scan.pdf.txt"
    bad.write_bytes(b"%PDF-1.7\x00\x01\x02\xff\xfe binary\x00 payload")
    result = factlint("scan", str(bad), NATO, "--format", "jsonl")
    assert result.returncode == 2, (result.returncode, result.stderr)
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and str(bad) in errors[0], result.stderr
    recs = records(result.stdout)
    assert {r["doc"] for r in recs} == {NATO}
    assert find(recs, NATO, "over 4% of GDP")["qualifier"] == ">"
