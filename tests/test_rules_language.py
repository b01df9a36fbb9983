"""The rule language: what rule authors write, what the loader builds, and how it says no."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from checker.rules import RuleError, examples_by_metric, find_entity, load_rules, parse_rules_text
from checker.rules.grammar import parse
from checker.rules.model import Tolerance

ROOT = Path(__file__).resolve().parents[1]
NATO = ROOT / "rules" / "nato.rules"

BASE = """
topic demo
  title "A demo topic"
  languages en, fr

entity NATO is an alliance
  names en "NATO", "the Alliance"
  names fr "OTAN"; de "Nato"

entities countries
  member of NATO: DE, FRA, "Poland"
"""


def load_text(tmp_path: Path, text: str, name: str = "main.rules", **kw):
    """Write a rule file (so that includes and reference files resolve) and load it."""
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return load_rules([str(path)], **kw)


def error_of(text: str, filename: str = "t.rules") -> RuleError:
    with pytest.raises(RuleError) as info:
        parse_rules_text(text, filename)
    return info.value


# ----------------------------------------------------------------------------------------------
# Every construct parses into the model
# ----------------------------------------------------------------------------------------------

EVERYTHING = BASE + """
# a comment line; "quotes" and # inside comments are nothing
entity "Hague summit" is an event   # a quoted name
  names en "NATO summit", "the summit"
  names fr "sommet de l'OTAN"
  observer of NATO

entity PL
  names en "Warsaw"

metric target
  label "Spending target"
  takes percent of GDP
  about an alliance, default NATO
  cues within 8 words
    en "target", "goal"
    fr "objectif"
  stance proposed when en "demands", "calls for"; fr "réclame"
  stance agreed when en "agreed"
  stance actual by default
  tolerance 0.1 points

metric spending
  takes percent of GDP
  about a country or an alliance
  cues in the same clause en "spends"
  tolerance 2 %

metric core
  takes % of GDP
  about an alliance, default NATO
  cues en "core defence"
metric related
  takes percent_of_gdp
  about an alliance, default NATO
  cues en "infrastructure"

metric gap
  takes percent
  cues en "unfunded"
  stance actual by default
metric need
  takes money in USD, EUR
  cues en "needs"
metric shortfall
  takes money
  cues en "unfunded"
metric change_pp
  takes percentage points
  cues en "rose"
metric personnel
  takes count of
    police officers: en "police officer", "police officers"; fr "policier", "policiers"
    soldiers: en "soldier"; fr "militaire", "militaires"
  about an event, default "Hague summit"
  cues en "deployed"; fr "déploiement"
metric leaders
  takes count of en "leader", "leaders"; fr "dirigeant"
  cues en "summit"
metric anything_counted
  takes a count
  cues en "people"
metric distance
  takes measure in "kilometre"
  cues en "long"
metric ratio
  takes number
  cues en "ratio"
metric summit_date
  takes date
  cues en "summit"
  tolerance 1 day
metric founded
  takes year
  cues en "founded"
metric term
  takes duration
  cues en "term"

check D-C1 conflict on target, spending and need: error
check D-T1 change on target: info
  label "Target changed"
check D-S1 sum core + related = target: warning
check D-P1 part gap of need is shortfall: warning
check D-P2 part gap of need: info
check D-B1 bounds on spending between 0 and 100: error
check D-B2 bounds on personnel not negative and at most 100000: error
check D-B3 bounds on need at least 1: info
check D-B4 bounds on summit_date, founded not after publication: error
check D-R1 reference on spending: warning
  file "data/ref.csv"
  source "Figures as reported"
  columns subject "country", period "year", value "share"
  tolerance 0.2 points
check D-R2 reference on need: info
  from "data/ref.csv"
  source "Another source"
  columns value "share"
check D-ST1 stale on target: warning

example en "Poland, which already spends over 4% of GDP on defense." gives spending of Poland > 4 percent of GDP
example fr "Les dépenses doivent être portées à 5 % du PIB d'ici 2035."
  gives target of NATO 5 percent of GDP by 2035, agreed
example en "It needs $35 billion, and 40% of it is unfunded."
  gives need about 35 billion USD and gap of DE 40 percent in 2024, actual
example fr "27 000 policiers et plus de 10 000 militaires." gives personnel of "Hague summit" 27000 policiers
  and personnel more than 10_000 soldiers since 2024
example en "The summit opens on 24 June 2025." gives summit_date 2025-06-24 at publication
example en "Founded in 1949." gives founded 1949
example en "A three-week term." gives term 3 weeks and term P3W
example en "Between 2 and 3 percent, up 0.5 points." gives spending of PL between 2 and 3 percent of GDP
  and change_pp up 0.5 points from 2024 to 2025 and gap 2 to 3 %
example en “He said "no" to 5%.” gives nothing
example en "Leaders met." gives leaders 32 "leaders" and anything_counted ~ 3 thousand people
  and distance <= 1.5 kilometre and ratio 2
"""

REF_CSV = "country,year,share\nPoland,2024,4.12\nGermany,2024,2.10\nUnited States,2024,3.19\nTürkei,2024,2.09\n"


@pytest.fixture()
def everything(tmp_path: Path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "ref.csv").write_text(REF_CSV, encoding="utf-8")
    return load_text(tmp_path, EVERYTHING)


def test_topic_entities_and_roles(everything):
    topic = everything.topics[0]
    assert (topic.name, topic.title, topic.languages) == ("demo", "A demo topic", ["en", "fr"])
    nato = everything.entities["NATO"]
    assert nato.kind == "alliance"
    assert nato.names == {"en": ["NATO", "the Alliance"], "fr": ["OTAN"], "de": ["Nato"]}
    summit = everything.entities["Hague summit"]
    assert summit.kind == "event" and summit.roles == {"observer of NATO"}
    assert summit.names["fr"] == ["sommet de l'OTAN"]
    # members named by alpha-2, alpha-3 and name
    for country in ("Germany", "France", "Poland"):
        assert "member of NATO" in everything.entities[country].roles
    assert "member of NATO" not in everything.entities["Spain"].roles
    # "entity PL" adds names to the set's Poland
    assert "Warsaw" in everything.entities["Poland"].names["en"]


def test_metric_clauses(everything):
    target = everything.metrics["target"]
    assert target.label == "Spending target" and target.kind == "percent_of_gdp"
    assert target.subject_kinds == ["alliance"] and target.default_subject == "NATO"
    assert target.cues.window == 8 and not target.cues.same_clause
    assert target.cues.phrases == {"en": ["target", "goal"], "fr": ["objectif"]}
    assert target.stances["proposed"] == {"en": ["demands", "calls for"], "fr": ["réclame"]}
    assert target.stances["agreed"] == {"en": ["agreed"]}
    assert target.default_stance == "actual"
    assert target.tolerance == Tolerance(0.1, relative=False)

    spending = everything.metrics["spending"]
    assert spending.label == "spending"  # default label
    assert spending.subject_kinds == ["country", "alliance"] and spending.default_subject is None
    assert spending.cues.same_clause and spending.cues.phrases == {"en": ["spends"]}
    assert spending.tolerance == Tolerance(0.02, relative=True)

    kinds = {name: m.kind for name, m in everything.metrics.items()}
    assert kinds["core"] == kinds["related"] == "percent_of_gdp"
    assert kinds["gap"] == "percent" and kinds["change_pp"] == "percentage_point"
    assert kinds["need"] == kinds["shortfall"] == "money"
    assert kinds["personnel"] == kinds["leaders"] == kinds["anything_counted"] == "count"
    assert kinds["distance"] == "measure" and kinds["ratio"] == "number"
    assert (kinds["summit_date"], kinds["founded"], kinds["term"]) == ("date", "year", "duration")
    assert everything.metrics["need"].units == {"*": ["USD", "EUR"]}
    assert everything.metrics["shortfall"].units == {}
    assert everything.metrics["distance"].units == {"*": ["kilometre"]}
    assert everything.metrics["summit_date"].tolerance == Tolerance(1, relative=False)


def test_counted_nouns_have_language_free_names(everything):
    personnel = everything.metrics["personnel"]
    assert personnel.counted == {
        "police officers": {"en": ["police officer", "police officers"], "fr": ["policier", "policiers"]},
        "soldiers": {"en": ["soldier"], "fr": ["militaire", "militaires"]},
    }
    assert personnel.units["fr"] == ["policier", "policiers", "militaire", "militaires"]
    assert personnel.default_subject == "Hague summit"
    # without a name, the first phrase names the counted thing
    assert everything.metrics["leaders"].counted == {"leader": {"en": ["leader", "leaders"], "fr": ["dirigeant"]}}


def test_checks_and_their_params(everything, tmp_path):
    checks = {c.id: c for c in everything.checks}
    assert [c.id for c in everything.checks][:3] == ["D-C1", "D-T1", "D-S1"]
    c1 = checks["D-C1"]
    assert (c1.kind, c1.metrics, c1.severity, c1.params) == ("conflict", ["target", "spending", "need"], "error", {})
    assert checks["D-T1"].label == "Target changed" and checks["D-C1"].label is None
    assert checks["D-S1"].params == {"parts": ["core", "related"], "total": "target"}
    assert checks["D-S1"].metrics == ["core", "related", "target"]
    assert checks["D-P1"].params == {"share": "gap", "whole": "need", "part": "shortfall"}
    assert checks["D-P2"].params == {"share": "gap", "whole": "need", "part": None}
    assert checks["D-B1"].params == {"min": 0.0, "max": 100.0, "not_after_publication": False}
    assert checks["D-B2"].params == {"min": 0.0, "max": 100000.0, "not_after_publication": False}
    assert checks["D-B3"].params == {"min": 1.0, "max": None, "not_after_publication": False}
    assert checks["D-B4"].params == {"min": None, "max": None, "not_after_publication": True}
    ref = checks["D-R1"].params
    assert ref["file"] == os.path.realpath(tmp_path / "data" / "ref.csv")
    assert ref["source"] == "Figures as reported"
    assert (ref["subject_column"], ref["period_column"], ref["value_column"]) == ("country", "year", "share")
    assert ref["tolerance"] == Tolerance(0.2, relative=False)
    # subjects are resolved to canonical names, whatever language the file writes them in
    assert [(r["subject"], r["period"], r["value"], r["line"]) for r in ref["rows"]] == [
        ("Poland", "2024", 4.12, 2),
        ("Germany", "2024", 2.10, 3),
        ("United States", "2024", 3.19, 4),
        ("Turkey", "2024", 2.09, 5),
    ]
    r2 = checks["D-R2"].params
    assert r2["subject_column"] is None and r2["period_column"] is None and r2["tolerance"] is None
    assert checks["D-ST1"].kind == "stale" and checks["D-ST1"].severity == "warning"


def test_examples_become_expected_claims(everything):
    ex = everything.examples
    first = ex[0].expected[0]
    assert (ex[0].lang, ex[0].text) == ("en", "Poland, which already spends over 4% of GDP on defense.")
    assert (first.metric, first.subject, first.value, first.qualifier, first.unit) == (
        "spending", "Poland", 4.0, ">", "percent_of_gdp")
    target = ex[1].expected[0]
    assert (target.value, target.qualifier, target.period, target.stance) == (5.0, "=", "by 2035", "agreed")
    need, gap = ex[2].expected
    assert (need.value, need.unit, need.qualifier, need.subject) == (35e9, "USD", "~", None)
    assert (gap.subject, gap.period, gap.stance) == ("Germany", "2024", "actual")
    police, soldiers = ex[3].expected
    assert (police.value, police.unit) == (27000.0, "police officers")  # "policiers" -> its name
    assert (soldiers.value, soldiers.qualifier, soldiers.unit, soldiers.period) == (10000.0, ">", "soldiers", "since 2024")
    date = ex[4].expected[0]
    assert (date.value, date.unit, date.period) == ("2025-06-24", None, "publication")
    assert ex[5].expected[0].value == "1949"
    assert [c.value for c in ex[6].expected] == ["P3W", "P3W"]
    rng, pp_change, pct_range = ex[7].expected
    assert rng.value == (2.0, 3.0) and rng.subject == "Poland"
    assert (pp_change.qualifier, pp_change.value, pp_change.unit, pp_change.period) == ("up", 0.5, "percentage_point", "2024/2025")
    assert pct_range.value == (2.0, 3.0) and pct_range.unit == "percent"
    assert ex[8].text == 'He said "no" to 5%.' and ex[8].expected == []
    leaders, people, distance, ratio = ex[9].expected
    assert (leaders.unit, people.value, people.qualifier, people.unit) == ("leader", 3000.0, "~", "people")
    assert (distance.qualifier, distance.unit, ratio.value, ratio.unit) == ("<=", "kilometre", 2.0, None)
    assert ex[0].pos.line == EVERYTHING.splitlines().index(
        'example en "Poland, which already spends over 4% of GDP on defense." gives spending of Poland > 4 percent of GDP') + 1


def test_positions_point_at_names(everything, tmp_path):
    lines = EVERYTHING.splitlines()
    metric = everything.metrics["target"]
    assert metric.pos.file == str(tmp_path / "main.rules")
    assert lines[metric.pos.line - 1][metric.pos.column - 1:].startswith("target")
    check = next(c for c in everything.checks if c.id == "D-S1")
    assert lines[check.pos.line - 1][check.pos.column - 1:].startswith("D-S1 sum")


def test_indentation_and_line_breaks_carry_no_meaning(tmp_path):
    tight = 'entity NATO is an alliance names en "NATO" metric m takes percent cues en "x", "y" fr "z" ' \
            'check C1 conflict on m: error example en "x" gives m 3 percent'
    loose = '\n\n  entity NATO\n is an alliance\n\tnames en "NATO"\nmetric m\n takes\n percent\n  cues en "x",\n "y"\n fr "z"\n' \
            'check C1\n conflict on m\n :\n error\nexample en "x"\n gives m\n 3 percent\n'
    a, b = parse_rules_text(tight, "a.rules"), parse_rules_text(loose, "b.rules")
    assert a.metrics["m"].cues.phrases == b.metrics["m"].cues.phrases == {"en": ["x", "y"], "fr": ["z"]}
    assert [(c.id, c.kind, c.metrics) for c in a.checks] == [(c.id, c.kind, c.metrics) for c in b.checks]
    assert a.examples[0].expected == b.examples[0].expected


# ----------------------------------------------------------------------------------------------
# The NATO rule set
# ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nato():
    return load_rules([str(NATO)])


REQUIRED = {
    "defence_spending_target": "percent_of_gdp",
    "defence_spending": "percent_of_gdp",
    "ukraine_funding_need": "money",
    "ukraine_funding_gap": "percent",
    "security_personnel": "count",
    "summit_leaders": "count",
    "summit_date": "date",
}


def test_nato_rules_load_with_the_required_metrics(nato):
    for name, kind in REQUIRED.items():
        assert nato.metrics[name].kind == kind
    assert nato.metrics["defence_spending_target"].default_subject == "NATO"
    assert nato.metrics["defence_spending"].subject_kinds == ["country"]
    assert nato.metrics["ukraine_funding_need"].default_subject == "Ukraine"
    assert set(nato.metrics["security_personnel"].counted) == {"police officers", "soldiers"}
    assert nato.topics[0].languages == ["en", "fr", "de"]


def test_nato_metrics_have_cues_in_three_languages_and_examples(nato):
    examples = examples_by_metric(nato)
    for name, metric in nato.metrics.items():
        assert {"en", "fr", "de"} <= set(metric.cues.phrases), name
        assert examples[name], f"metric {name} has no example"
    negative = [e for e in nato.examples if not e.expected]
    assert len(negative) >= 3 and {e.lang for e in negative} >= {"en", "fr"}
    langs_with_examples = {e.lang for e in nato.examples if e.expected}
    assert langs_with_examples == {"en", "fr", "de"}


def test_nato_examples_carry_the_seed_figures(nato):
    claims = [(c.metric, c.subject, c.value, c.qualifier, c.unit, c.period, c.stance)
              for e in nato.examples for c in e.expected]
    assert ("defence_spending_target", "NATO", 3.0, "=", "percent_of_gdp", None, "proposed") in claims
    assert ("defence_spending_target", "NATO", 2.0, "=", "percent_of_gdp", None, "agreed") in claims
    assert ("defence_spending_target", "NATO", 5.0, "=", "percent_of_gdp", "by 2035", None) in claims
    assert ("defence_spending", "Poland", 4.0, ">", "percent_of_gdp", None, "actual") in claims
    assert ("ukraine_funding_need", "Ukraine", 35e9, "=", "USD", None, None) in claims
    assert ("ukraine_funding_gap", "Ukraine", 40.0, "=", "percent", None, None) in claims
    assert ("security_personnel", "Hague summit", 27000.0, "=", "police officers", None, None) in claims
    assert ("security_personnel", "Hague summit", 10000.0, ">", "soldiers", None, None) in claims
    assert ("summit_leaders", "Hague summit", 32.0, "=", "leaders", None, None) in claims
    assert ("summit_date", "Hague summit", "2025-06-24", "=", None, None, None) in claims


def test_nato_checks_cover_every_kind_and_the_reference_file(nato):
    assert {c.kind for c in nato.checks} == {"conflict", "change", "sum", "part", "bounds", "reference", "stale"}
    assert len({c.id for c in nato.checks}) == len(nato.checks)
    ref = next(c for c in nato.checks if c.kind == "reference")
    assert ref.params["file"] == os.path.realpath(ROOT / "rules" / "data" / "nato_defence_share_of_gdp.csv")
    assert "NATO" in ref.params["source"] and "press" in ref.params["source"]
    poland = [r for r in ref.params["rows"] if r["subject"] == "Poland"]
    assert ("2024", 4.07) in [(r["period"], r["value"]) for r in poland]
    assert {r["subject"] for r in ref.params["rows"]} >= {"United States", "Turkey", "Czechia", "North Macedonia"}


def test_nato_members_are_the_32_allies(nato):
    members = {e.name for e in nato.entities.values() if "member of NATO" in e.roles}
    assert len(members) == 32
    assert {"Finland", "Sweden", "Turkey", "United States", "North Macedonia"} <= members
    assert "partner of NATO" in nato.entities["Ukraine"].roles
    assert "member of NATO" not in nato.entities["Ukraine"].roles


def test_loading_a_directory(tmp_path):
    (tmp_path / "b.rules").write_text('metric mb\n  takes percent\n  cues en "b"\n', encoding="utf-8")
    (tmp_path / "a.rules").write_text('metric ma\n  takes percent\n  cues en "a"\n', encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a rule file", encoding="utf-8")
    rules = load_rules([str(tmp_path)])
    assert [os.path.basename(f) for f in rules.files] == ["a.rules", "b.rules"]
    assert list(rules.metrics) == ["ma", "mb"]


def test_a_missing_path_is_an_error_without_position(tmp_path):
    with pytest.raises(RuleError) as info:
        load_rules([str(tmp_path / "nope.rules")])
    assert info.value.line is None and "nope.rules" in str(info.value)


# ----------------------------------------------------------------------------------------------
# Syntax errors: position, caret and what was expected
# ----------------------------------------------------------------------------------------------

SYNTAX_ERRORS = [
    # (text, line, column, words the message must contain)
    ("garbage\n", 1, 1, ["expected a statement (topic, entity, entities, metric, check, example, include)", "'garbage'"]),
    ("metric m\n  takes procent of GDP\n", 2, 9, ["expected a metric kind (percent of GDP, percent", "'procent'"]),
    ("metric m\n  takes percent of GPD\n", 2, 20, ["expected 'GDP'", "'GPD'"]),
    ("metric m\n  lable \"x\"\n", 2, 3, ["expected a metric clause (label, takes, about, cues, stance, tolerance)"]),
    ("metric m\n  label \"x\n  takes percent\n", 2, 9, ["not closed"]),
    ("metric m\n  cues en \"a\", \n  stance proposed when en \"x\"\n", 3, 3, ["expected a quoted phrase", "'stance'"]),
    ("metric m\n  cues english \"a\"\n", 2, 8, ["cue phrases per language", "'english'"]),
    ("metric m\n  stance current when en \"x\"\n", 2, 10, ["expected a stance (proposed, agreed, actual, forecast)"]),
    ("check X1 conflict on m: fatal\n", 1, 25, ["expected a severity (error, warning, info)", "'fatal'"]),
    ("check X1 conflicts on m: error\n", 1, 10, ["expected a check kind (conflict, change, sum, part, bounds, reference, stale)"]),
    ("check X1 conflict on m error\n", 1, 24, ["expected ':' and a severity"]),
    ("check X1 sum m1 = m2: error\n", 1, 17, ["expected '+'"]),
    ("check B1 bounds on m: error\n", 1, 21, ["expected a bound (between A and B, at least A"]),
    ("example en \"x\" gives m of Poland 4 percent of GDP by 2035 agreed\n", 1, 59, ["', STANCE'", "'agreed'"]),
    ("example en \"x\" gives m 4 percent in 2025-02-30\n", 1, 37, ["not a valid date"]),
    ("example en \"x\"\n  gives\n", 2, 8, ["'nothing' or a claim"]),
    ("entity NATO is an alliance\n  names en \"NATO\" \"OTAN\"\n", 2, 19, ["put a comma between two phrases"]),
    ("entities countries\n  member of NATO AL, BE\n", 2, 18, ["expected ':' and the members"]),
    ("topic t\n  title \"x\"\n  languages en,\n", 3, 16, ["expected a language code", "the end of the file"]),
    ("include nato.rules\n", 1, 9, ["expected a quoted file name"]),
    ("metric example\n", 1, 8, ["'example' is a word of the rule language"]),
    ("metric m\n  tolerance 0.1 pints\n", 2, 17, ["'pints'"]),
    ("example en \"\" gives nothing\n", 1, 12, ["must not be empty"]),
]


@pytest.mark.parametrize("text,line,column,words", SYNTAX_ERRORS)
def test_syntax_errors_point_at_the_mistake(text, line, column, words):
    error = error_of(text)
    assert (error.file, error.line, error.column) == ("t.rules", line, column), str(error)
    for word in words:
        assert word in error.message, error.message
    headline, shown, caret = str(error).splitlines()
    assert headline == f"t.rules:{line}:{column}: {error.message}"
    assert shown == "  " + text.splitlines()[line - 1]
    assert caret == "  " + " " * (column - 1) + "^"


def test_caret_lines_up_under_tabs():
    error = error_of("metric m\n\ttakes\tprocent\n")
    assert error.column == 8
    assert str(error).splitlines()[2] == "  \t     \t^"


def test_an_error_in_an_included_file_names_that_file(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "bad.rules").write_text("metric m\n  takes procent\n", encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_text(tmp_path, 'include "sub/bad.rules"\n')
    assert info.value.file == os.path.join(str(tmp_path), "sub", "bad.rules")
    assert (info.value.line, info.value.column) == (2, 9)


# ----------------------------------------------------------------------------------------------
# Unknown names are caught when the file loads, where the name is written
# ----------------------------------------------------------------------------------------------

METRIC_M = 'metric m\n  takes percent of GDP\n  about an alliance, default NATO\n  cues en "target"\n'

# (text, where the error must point: the last occurrence of the text, at the "|" if any, words)
UNKNOWN_NAMES = [
    (BASE + METRIC_M + "check C1 conflict on m, defence_spendng: error\n", "defence_spendng", "unknown metric 'defence_spendng'"),
    (BASE + METRIC_M.replace("default NATO", "default NATTO"), "NATTO", "unknown entity 'NATTO'; did you mean 'NATO'?"),
    (BASE + "entity EU is a union\n  member of NAT0\n", "NAT0", "unknown entity 'NAT0'"),
    (BASE + "entities countries\n", "countries", "loaded twice"),
    ("entities countries\n  member of Atlantis: DE\n", "Atlantis", "unknown entity 'Atlantis'"),
    ("entity NATO is an alliance\nentities countries\n  member of NATO: DE, XX\n", "XX", "no member 'XX' in the entity set countries"),
    ("entities regions\n", "regions", "unknown entity set 'regions' (known: countries)"),
    (BASE.replace("languages en, fr", "languages en, it"), "languages en, |it", "unknown language 'it'"),
    (BASE + METRIC_M.replace("an alliance", "an aliance"), "aliance", "no entity is of kind 'aliance'"),
    (BASE + METRIC_M.replace("default NATO", "default Poland"), "default |Poland", "'Poland' is of kind 'country'"),
    (BASE + METRIC_M + 'example en "x" gives m of Germany 2 percent of GDP\n', "of |Germany", "'Germany' is of kind 'country'"),
    (BASE + METRIC_M + 'example en "x" gives m 2 percent\n', "m 2 |percent", "write the value as '4 percent of GDP'"),
    (BASE + METRIC_M + 'example en "x" gives m 2 percent of GDP, agreed\n', "agreed", "has no stance 'agreed'"),
    (BASE + METRIC_M + 'example xx "x" gives nothing\n', "example |xx", "unknown language 'xx'"),
    (BASE + METRIC_M + METRIC_M, "metric |m", "metric 'm' is defined twice"),
    (BASE + METRIC_M + "check C1 change on m: info\ncheck C1 stale on m: info\n", "check |C1 stale", "check id 'C1' is used twice"),
    (BASE + "entity Ukraine is a country\n", "entity |Ukraine", "already defined by the entity set countries"),
    (BASE + 'metric m\n  takes money in USD, XYZ\n  cues en "x"\n', "XYZ", "unknown currency code 'XYZ'"),
    (BASE + 'metric m\n  takes money\n  cues en "x"\n  tolerance 1 points\n', "tolerance |1 points", "'points' fits percentages"),
    (BASE + 'metric m\n  takes percent\n  takes percent\n  cues en "x"\n', "takes percent\n  cues", "a second 'takes' clause"),
    (BASE + 'metric m\n  label "m"\n', "metric |m", "does not say what it takes"),
    (BASE + 'metric m\n  takes percent\n', "metric |m", "has no cues"),
    (BASE + METRIC_M + 'check C1 conflict on m: error\n  source "x"\n', "source", "'source' belongs to reference checks"),
    (BASE + METRIC_M + 'metric cash\n  takes money\n  cues en "x"\ncheck P1 part cash of m: error\n', "part |cash", "must take percent"),
    (BASE + METRIC_M + 'metric cash\n  takes money\n  cues en "x"\ncheck S1 sum m + m = cash: error\n', "= |cash", "must take the same kind"),
    (BASE + METRIC_M + "check B1 bounds on m at least 10 and at most 5: error\n", "at most 5", "leave nothing allowed"),
    (BASE + METRIC_M + "check B1 bounds on m not after publication: error\n", "not after", "fits dates and years"),
]


@pytest.mark.parametrize("text,at,words", UNKNOWN_NAMES)
def test_unknown_and_wrong_names_are_reported_where_written(text, at, words):
    error = error_of(text)
    assert words in error.message, error.message
    offset = text.rindex(at.replace("|", "")) + max(at.find("|"), 0)
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    assert (error.line, error.column) == (line, column), str(error)
    assert error.source_line == text.splitlines()[line - 1]


def test_reference_file_problems(tmp_path):
    (tmp_path / "data").mkdir()
    rules = BASE + 'metric s\n  takes percent of GDP\n  about a country\n  cues en "spends"\n'
    check = ('check R1 reference on s: warning\n  file "data/ref.csv"\n  source "x"\n'
             '  columns subject "country", period "year", value "{value}"\n')

    (tmp_path / "data" / "ref.csv").write_text(REF_CSV, encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_text(tmp_path, rules + check.format(value="shares"))
    assert "has no column 'shares'" in info.value.message and "did you mean 'share'" in info.value.message
    assert info.value.line == rules.count("\n") + 4

    (tmp_path / "data" / "ref.csv").write_text(REF_CSV + "Atlantis,2024,1.0\n", encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_text(tmp_path, rules + check.format(value="share"))
    assert info.value.file.endswith(os.path.join("data", "ref.csv")) and info.value.line == 6
    assert "'Atlantis' is no entity" in info.value.message

    (tmp_path / "data" / "ref.csv").write_text(REF_CSV + "Spain,2024,n/a\n", encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_text(tmp_path, rules + check.format(value="share"))
    assert info.value.line == 6 and "'n/a'" in info.value.message

    with pytest.raises(RuleError) as info:
        load_text(tmp_path, rules + check.format(value="share").replace("data/ref.csv", "data/missing.csv"))
    assert "no such file" in info.value.message


def test_reference_files_stay_inside_the_rules_directory(tmp_path):
    outside = tmp_path / "ref.csv"
    outside.write_text(REF_CSV, encoding="utf-8")
    rules = (BASE + 'metric s\n  takes percent of GDP\n  cues en "spends"\n'
             'check R1 reference on s: warning\n  file "../ref.csv"\n  source "x"\n  columns value "share"\n')
    with pytest.raises(RuleError) as info:
        load_text(tmp_path, rules, name="rules/main.rules")
    assert "outside the rules directory" in info.value.message
    loaded = load_text(tmp_path, rules, name="rules/main.rules", allow_outside=True)
    assert len(loaded.checks[0].params["rows"]) == 4


# ----------------------------------------------------------------------------------------------
# Includes
# ----------------------------------------------------------------------------------------------


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_includes_resolve_relative_to_the_including_file(tmp_path):
    write(tmp_path / "rules" / "common" / "entities.rules", BASE + 'include "../metrics/m.rules"\n')
    write(tmp_path / "rules" / "metrics" / "m.rules", METRIC_M)
    write(tmp_path / "rules" / "main.rules", 'include "common/entities.rules"\ncheck C1 conflict on m: error\n')
    rules = load_rules([str(tmp_path / "rules" / "main.rules")])
    assert "m" in rules.metrics and rules.checks[0].metrics == ["m"]
    assert [os.path.relpath(f, tmp_path / "rules") for f in rules.files] == [
        "main.rules", os.path.join("common", "entities.rules"), os.path.join("metrics", "m.rules")]
    assert rules.metrics["m"].pos.file == os.path.join(str(tmp_path), "rules", "metrics", "m.rules")


def test_a_file_included_twice_is_loaded_once(tmp_path):
    write(tmp_path / "shared.rules", BASE)
    write(tmp_path / "a.rules", 'include "shared.rules"\n' + METRIC_M)
    write(tmp_path / "b.rules", 'include "shared.rules"\ninclude "a.rules"\n')
    rules = load_rules([str(tmp_path)])
    assert len(rules.files) == 3 and len(rules.topics) == 1


def test_an_include_cycle_is_an_error_naming_the_cycle(tmp_path):
    write(tmp_path / "a.rules", 'include "b.rules"\n')
    write(tmp_path / "b.rules", '# b\ninclude "c.rules"\n')
    write(tmp_path / "c.rules", 'include "a.rules"\n')
    with pytest.raises(RuleError) as info:
        load_rules([str(tmp_path / "a.rules")])
    error = info.value
    assert error.message == "include cycle: " + " -> ".join(
        str(tmp_path / n) for n in ("a.rules", "b.rules", "c.rules", "a.rules"))
    assert (error.file, error.line, error.column) == (str(tmp_path / "c.rules"), 1, 9)


def test_a_file_including_itself(tmp_path):
    write(tmp_path / "a.rules", 'include "./a.rules"\n')
    with pytest.raises(RuleError, match="include cycle"):
        load_rules([str(tmp_path / "a.rules")])


def test_includes_may_not_escape_the_rules_root(tmp_path):
    write(tmp_path / "outside.rules", METRIC_M)
    write(tmp_path / "rules" / "main.rules", BASE + 'include "../outside.rules"\n')
    with pytest.raises(RuleError) as info:
        load_rules([str(tmp_path / "rules" / "main.rules")])
    assert "outside the rules directory" in info.value.message and "allow_outside=True" in info.value.message
    assert info.value.line == BASE.count("\n") + 1
    rules = load_rules([str(tmp_path / "rules" / "main.rules")], allow_outside=True)
    assert "m" in rules.metrics


def test_an_included_file_must_exist_and_be_a_rule_file(tmp_path):
    with pytest.raises(RuleError, match="cannot read 'missing.rules': no such file"):
        load_text(tmp_path, 'include "missing.rules"\n')
    write(tmp_path / "notes.txt", "metric m\n")
    with pytest.raises(RuleError, match="must be a rule file ending in .rules"):
        load_text(tmp_path, 'include "notes.txt"\n')


def test_names_resolve_across_included_files_in_any_order(tmp_path):
    write(tmp_path / "checks.rules", "check C1 conflict on m: error\n")
    write(tmp_path / "main.rules", 'include "checks.rules"\n' + BASE + METRIC_M)
    rules = load_rules([str(tmp_path / "main.rules")])
    assert rules.checks[0].metrics == ["m"]


# ----------------------------------------------------------------------------------------------
# Entity sets
# ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def countries():
    return parse_rules_text("entity NATO is an alliance\nentities countries\n  member of NATO: DE, USA\n", "c.rules")


def test_countries_have_names_in_four_languages(countries):
    germany = countries.entities["Germany"]
    assert germany.kind == "country" and germany.codes == ["DE", "DEU"] and germany.source == "countries"
    assert "Germany" in germany.names["en"]
    assert "Allemagne" in germany.names["fr"]
    assert "Deutschland" in germany.names["de"]
    assert "Alemania" in germany.names["es"]
    assert germany.roles == {"member of NATO"}
    assert len([e for e in countries.entities.values() if e.source == "countries"]) == 249


def test_countries_have_the_short_forms_newspapers_use(countries):
    us = countries.entities["United States"]
    assert {"U.S.", "US", "America"} <= set(us.names["en"])
    assert {"États-Unis", "Etats-Unis"} <= set(us.names["fr"])
    assert us.roles == {"member of NATO"}
    assert "the Netherlands" in countries.entities["Netherlands"].names["en"]
    assert "Pays-Bas" in countries.entities["Netherlands"].names["fr"]
    assert {"Britain", "UK"} <= set(countries.entities["United Kingdom"].names["en"])
    assert "Royaume-Uni" in countries.entities["United Kingdom"].names["fr"]
    assert "Russia" in countries.entities and "Russland" in countries.entities["Russia"].names["de"]
    assert {"Turkey", "Türkiye"} <= set(countries.entities["Turkey"].names["en"])


def test_find_entity_by_name_code_or_alias(countries):
    assert find_entity(countries, "Germany").name == "Germany"
    assert find_entity(countries, "DEU").name == "Germany"
    assert find_entity(countries, "Allemagne").name == "Germany"
    assert find_entity(countries, "Pays-Bas").name == "Netherlands"
    assert find_entity(countries, "Atlantis") is None


def test_an_entity_set_can_be_limited_to_some_languages():
    rules = parse_rules_text("entities countries\n  languages en, fr\n", "c.rules")
    assert set(rules.entities["Germany"].names) == {"en", "fr"}


# ----------------------------------------------------------------------------------------------
# The documentation's examples are valid rule text
# ----------------------------------------------------------------------------------------------


def test_every_rule_example_in_the_docs_parses():
    doc = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```\n(.*?)```", doc, flags=re.S)
    statement = re.compile(r"^(topic|entity|entities|metric|check|example|include)\b")
    checked = 0
    for block in blocks:
        first = next((line.strip() for line in block.splitlines() if line.strip() and not line.strip().startswith("#")), "")
        if statement.match(first):
            parse(block, "docs/rules.md")
            checked += 1
    assert checked >= 10


# ----------------------------------------------------------------------------------------------
# Parsing stays linear: no catastrophic backtracking on long or broken input
# ----------------------------------------------------------------------------------------------


def _parse_seconds(text: str) -> float:
    import time

    start = time.perf_counter()
    try:
        parse(text, "big.rules")
    except RuleError:
        pass
    return time.perf_counter() - start


@pytest.mark.parametrize(
    "text",
    [
        'metric m cues en ' + ", ".join(['"a"'] * 5000) + ",",
        'example en "x" gives m 3 ' + "word " * 5000 + ",",
        'example en "x" gives ' + " and ".join(["m of X > 3 percent of GDP by 2035, agreed"] * 2000) + " and",
        "entities countries member of NATO: " + ", ".join(["DE"] * 5000) + ", ",
        "check X sum " + " + ".join(["m"] * 5000) + " =",
        "metric m " + 'label "x" ' * 5000 + '"',
    ],
    ids=["phrases", "unit-words", "claims", "members", "sum-parts", "clauses"],
)
def test_long_broken_statements_parse_in_linear_time(text):
    assert _parse_seconds(text) < 5.0


def test_parse_time_grows_with_the_length_of_the_file():
    text = NATO.read_text(encoding="utf-8")
    once = min(_parse_seconds(text) for _ in range(2))
    eight = _parse_seconds(text * 8)  # duplicate names are the loader's business, not the parser's
    assert eight < 20 * once + 1.0
