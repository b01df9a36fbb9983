"""The rule author's commands: rules test, rules lint, rules new and explain, as a user runs them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from checker.cli import main
from checker.rules.lint import CODES, lint_rules

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "rules"

HEAD = """topic t
  title "T"
  languages en

entity "the event" is an event
  names en "the march"

metric marchers
  takes a count of people: en "people", "protesters"
  about an event, default "the event"
  cues en "marched"
"""


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ----------------------------------------------------------------------------------------------
# rules test
# ----------------------------------------------------------------------------------------------


def test_rules_test_passes_on_the_shipped_rules(capsys):
    code, out, _ = run(capsys, "rules", "test", str(RULES))
    assert code == 0, out
    assert "FAIL" not in out
    last = out.strip().splitlines()[-1]
    passed = int(last.split()[0])
    assert last == f"{passed} passed, 0 failed" and passed >= 60
    for name in ("nato.rules", "earthquake.rules", "climate_finance.rules"):
        assert name in out


def test_rules_test_shows_what_was_expected_and_what_came_out(tmp_path, capsys):
    path = write(tmp_path, "t.rules", HEAD + 'example en "Some 80,000 people marched." gives marchers 8000 people\n')
    code, out, _ = run(capsys, "rules", "test", str(path))
    assert code == 1
    assert "FAIL" in out and "0 passed, 1 failed" in out
    lines = out.splitlines()
    expected = next(line for line in lines if line.startswith("expected, missing"))
    got = next(line for line in lines if line.startswith("got, unexpected"))
    for column in ("metric", "subject", "value", "unit", "period", "stance"):
        assert column in out
    assert "marchers" in expected and "8,000" in expected and "people" in expected
    assert "~ 80,000" in got and "the event" in got and "publication" in got


def test_rules_test_exit_2_on_a_rule_file_error(tmp_path, capsys):
    path = write(tmp_path, "bad.rules", "metric m\n  takes procent\n")
    code, _, err = run(capsys, "rules", "test", str(path))
    assert code == 2
    assert "bad.rules:2:9" in err


# ----------------------------------------------------------------------------------------------
# rules new
# ----------------------------------------------------------------------------------------------


def test_rules_new_writes_a_starter_that_passes_its_own_test_and_lint(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "rules", "new", "harbour_strike", "--output", "rules/harbour_strike.rules")
    assert code == 0 and "wrote rules/harbour_strike.rules" in out
    text = (tmp_path / "rules" / "harbour_strike.rules").read_text("utf-8")
    assert text.count("\nentity ") == 1 and text.count("\nmetric ") == 1 and text.count("\ncheck ") == 1
    assert "\nexample " in text and "# " in text
    code, out, _ = run(capsys, "rules", "test", "rules/harbour_strike.rules")
    assert code == 0, out
    assert "2 passed, 0 failed" in out
    code, out, _ = run(capsys, "rules", "lint", "rules/harbour_strike.rules")
    assert code == 0 and out.strip() == "no problems"
    # it does not overwrite, and refuses names the language cannot use
    assert run(capsys, "rules", "new", "harbour_strike", "--output", "rules/harbour_strike.rules")[0] == 2
    code, _, err = run(capsys, "rules", "new", "2fast")
    assert code == 2 and "letters, digits and underscores" in err


def test_rules_new_starter_loads_next_to_the_shipped_rules(tmp_path, capsys):
    """The starter's names do not clash with the other topics of a rules folder."""
    from checker.commands.rules_cmds import starter_text
    from checker.rules import load_rules

    folder = tmp_path / "rules"
    folder.mkdir()
    for path in RULES.glob("*.rules"):
        (folder / path.name).write_text(path.read_text("utf-8"), "utf-8")
    (folder / "data").mkdir()
    for path in (RULES / "data").iterdir():
        (folder / "data" / path.name).write_text(path.read_text("utf-8"), "utf-8")
    (folder / "strike.rules").write_text(starter_text("strike", "rules/strike.rules"), "utf-8")
    rules = load_rules([str(folder)])
    assert "strike_turnout" in rules.metrics and "quake_deaths" in rules.metrics


# ----------------------------------------------------------------------------------------------
# rules lint
# ----------------------------------------------------------------------------------------------


def test_lint_is_clean_on_the_shipped_rules(capsys):
    code, out, _ = run(capsys, "rules", "lint", str(RULES))
    assert (code, out.strip()) == (0, "no problems")


LINTED = HEAD + """metric stewards
  takes a count of people: en "people"
  about an event, default "the event"
  cues en "marched", "the"

metric route_length
  takes measure in "kilometre"
  cues en "long"

entity "the union" is an organisation
  names en "the union"

metric budget
  takes money in USD
  cues en "budget"
metric budget_eur
  takes money in EUR
  cues en "budget in euros"
metric total
  takes money in USD
  cues en "total"
metric meeting_day
  takes date
  cues en "on"

check S1 sum budget + budget_eur = total: warning
check B1 bounds on marchers at least 10 and at most 5: error
check R1 reference on meeting_day: warning
  file "x.csv"
  source "x"
  columns value "v"

example en "Some 80,000 people marched." gives marchers about 80000 people
example en "The route was 5 kilometres long." gives route_length 5 kilometre
example en "A budget of $3 million." gives budget 3 million USD
example en "A budget in euros of EUR 3 million." gives budget_eur 3 million EUR
example en "A total of $6 million." gives total 6 million USD
example en "It met on 2025-03-01." gives nothing
"""


def test_lint_reports_each_problem_with_a_code_and_a_position(tmp_path, capsys):
    path = write(tmp_path, "lint.rules", LINTED)
    code, out, _ = run(capsys, "rules", "lint", str(path))
    assert code == 1
    lines = out.strip().splitlines()
    by_code = {}
    for line in lines[:-1]:
        where, rest = line.split(": ", 1)
        file, row, col = where.rsplit(":", 2)
        assert file.endswith("lint.rules") and int(row) > 0 and int(col) > 0
        by_code.setdefault(rest.split()[0], []).append(rest)
    assert "stewards" in " ".join(by_code["RL001"]) and "meeting_day" in " ".join(by_code["RL001"])
    assert any("marched" in m and "stewards" in m for m in by_code["RL002"])
    assert any("the union" in m for m in by_code["RL003"])
    rl004 = " ".join(by_code["RL004"])
    assert "nothing allowed" in rl004 and "compares numbers" in rl004 and "USD" in rl004 and "EUR" in rl004
    rl005 = " ".join(by_code["RL005"])
    assert '"the"' in rl005 and '"on"' in rl005
    assert lines[-1].startswith(f"{len(lines) - 1} problems (")


def test_lint_points_at_the_cue_it_reports(tmp_path):
    path = write(tmp_path, "lint.rules", LINTED)
    found = lint_rules([str(path)]).findings
    stopword = next(f for f in found if f.code == "RL005" and '"the"' in f.message)
    line = LINTED.splitlines()[stopword.pos.line - 1]
    assert line[stopword.pos.column - 1:].startswith('"the"')


def test_lint_reports_include_cycles(tmp_path, capsys):
    write(tmp_path, "a.rules", 'include "b.rules"\n' + HEAD + 'example en "5 people marched." gives marchers 5 people\n')
    write(tmp_path, "b.rules", 'include "a.rules"\n')
    code, out, _ = run(capsys, "rules", "lint", str(tmp_path / "a.rules"))
    assert code == 1
    assert "RL006 include cycle: " in out and "a.rules -> " in out and "b.rules" in out
    assert out.splitlines()[0].split(": RL006")[0].endswith("b.rules:1:9")


def test_lint_codes_are_documented():
    doc = (ROOT / "docs" / "rules.md").read_text("utf-8")
    for code in CODES:
        assert code in doc


# ----------------------------------------------------------------------------------------------
# explain
# ----------------------------------------------------------------------------------------------


def test_explain_text_shows_the_reading_the_claim_and_why(capsys):
    code, out, _ = run(
        capsys, "explain", "--rules", str(RULES / "earthquake.rules"), "--lang", "en", "--published",
        "2025-11-08T19:10", "--text",
        "The death toll rose to 1,900, the ministry said. About 20,000 people spent the night outside.")
    assert code == 0
    assert "<text> (en, 2025-11-08 19:10): 2 numbers, 1 claim" in out
    assert '"1,900"  number 1,900' in out
    assert "-> claim quake_deaths of Keravan earthquake: 1,900 dead, as of 2025-11-08 19:10" in out
    assert 'cue      "death toll", 2 words away' in out
    assert "a number with no counted noun, taken as dead (bare numbers within 10 words)" in out
    assert "-> no claim: no cue of quake_deaths, quake_injured, quake_displaced, quake_magnitude within range" in out


def test_explain_says_why_a_number_is_no_claim(capsys):
    rules = str(RULES / "climate_finance.rules")
    code, out, _ = run(capsys, "explain", "--rules", rules, "--lang", "en", "--text",
                       "Rich countries provided $28 billion a year in adaptation finance.")
    assert code == 0
    assert "money 28 billion USD (dollar per year)" in out
    assert "-> no claim: no cue of climate_finance_goal, climate_finance_demand within range" in out
    assert "climate_finance_delivered takes amounts; this is a rate per year" not in out  # it fits no amount
    code, out, _ = run(capsys, "explain", "--rules", rules, "--lang", "en", "--text",
                       "The fund holds 40 schools.")
    assert 'no metric takes counts of "school"' in out


def test_explain_reports_an_ambiguous_subject(tmp_path, capsys):
    path = write(tmp_path, "amb.rules", """topic t
  title "T"
  languages en
entities countries
metric spending
  takes percent of GDP
  about a country
  cues en "spend"
example en "Poland spends 4% of GDP." gives spending of Poland 4 percent of GDP
""")
    code, out, _ = run(capsys, "explain", "--rules", str(path), "--lang", "en", "--text",
                       "Germany and France spend 2% of GDP on defence.")
    assert code == 0
    assert "-> claim" not in out
    assert "-> no claim: spending: ambiguous subject: \"France\" (France, 1 word away) and \"Germany\"" in out


def test_explain_json_and_files(capsys):
    path = ROOT / "fixtures" / "earthquake" / "en-coast-herald-2025-11-08-1910.md"
    code, out, _ = run(capsys, "explain", str(path), "--rules", str(RULES / "earthquake.rules"), "--format", "json")
    assert code == 0
    record = json.loads(out)[0]
    assert record["published_time"] == "19:10"
    outcomes = {n["text"]: n for n in record["numbers"]}
    assert outcomes["1,900"]["claim"]["metric"] == "quake_deaths"
    assert outcomes["1,900"]["claim"]["why"]["cue"] == "death toll"
    assert outcomes["6 p.m."]["outcome"] == "no claim"


def test_explain_usage_errors(capsys, tmp_path):
    assert run(capsys, "explain")[0] == 2
    code, _, err = run(capsys, "explain", "--rules", str(RULES), "--text", "x", "--published", "14/03/2025")
    assert code == 2 and "YYYY-MM-DD" in err
    os.chdir(tmp_path)
    code, _, err = run(capsys, "explain", "--text", "5 people marched.")
    assert code == 2 and "no rule files" in err
