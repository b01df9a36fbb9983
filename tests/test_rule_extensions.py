"""The rule-language extensions the new topics need, and the topics themselves checked end to end:
money rates, running totals, times of day, bare numbers; the earthquake toll and climate finance
fixtures find their conflicts and changes, and no false ones."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from checker.checks.context import CheckContext
from checker.checks.engine import run_checks
from checker.checks.periods import order_key, time_key
from checker.claims.builder import ClaimBuilder
from checker.claims.model import Claim, Period, number_claims
from checker.cli import main
from checker.document import load_text
from checker.document.dates import parse_published_time
from checker.rules import RuleError, parse_rules_text

ROOT = Path(__file__).resolve().parents[1]

HEAD = """topic t
  title "T"
  languages en, fr
entity "the quake" is a disaster
  names en "the quake"
"""

TOLL = HEAD + """metric deaths
  takes a count of dead: en "dead", "people"; fr "morts", "personnes"
  about a disaster, default "the quake"
  cues within 10 words en "killed", "death toll"; fr "morts", "bilan"
  bare numbers within 8 words
  running total
  timed to the hour
metric goal
  takes money per year in USD
  about a disaster, default "the quake"
  cues en "goal"
metric delivered
  takes money in USD
  about a disaster, default "the quake"
  cues en "provided"
check C1 conflict on deaths, goal, delivered: warning
check T1 change on deaths: info
"""


def rules():
    return parse_rules_text(TOLL, "t.rules")


# ----------------------------------------------------------------------------------------------
# the language
# ----------------------------------------------------------------------------------------------


def test_extension_clauses_load_into_the_model():
    r = rules()
    deaths, goal, delivered = r.metrics["deaths"], r.metrics["goal"], r.metrics["delivered"]
    assert (deaths.running_total, deaths.timed, deaths.bare_window) == (True, "hour", 8)
    assert (goal.rate, goal.units["*"]) == ("year", ["USD"])
    assert delivered.rate is None and not delivered.running_total and delivered.timed is None


def test_examples_take_rates_and_times_of_day():
    r = parse_rules_text(TOLL + """
example en "As of 6 p.m., the death toll stood at 2,140." gives deaths 2140 dead at 18:00
example en "The goal is $300 billion a year by 2035." gives goal 300 billion USD per year by 2035
example en "x" gives deaths 5 dead on 2025-11-08 at 18:30
""", "t.rules")
    a, b, c = (e.expected[0] for e in r.examples)
    assert (a.period, b.unit, b.period, c.period) == ("T18:00", "USD per year", "by 2035", "2025-11-08T18:30")


@pytest.mark.parametrize("extra, message", [
    ('example en "x" gives goal 3 billion USD\n', "takes money per year: write 'USD per year'"),
    ('example en "x" gives delivered 3 billion USD per year\n', "takes amounts, not rates"),
    ('example en "x" gives delivered 3 billion USD at 18:00\n', "is not timed"),
    ('metric m\n  takes date\n  cues en "day"\n  running total\n', "a running total must take numbers"),
    ('metric m\n  takes money\n  cues en "x"\n  bare numbers within 3 words\n', "'bare numbers' fits counts"),
    ('metric m\n  takes date\n  cues en "x"\n  timed to the hour\n', "'timed' fits figures that change"),
    ('metric m\n  takes money per fortnight\n  cues en "x"\n', "expected a period of a rate (year, month, week, day)"),
    ('metric m\n  takes a count\n  cues en "x"\n  timed to the second\n', "expected 'hour' or 'minute'"),
    ('metric m\n  takes a count\n  cues en "x"\n  running total\n  running total\n', "a second 'running total' clause"),
])
def test_extension_errors_say_what_is_wrong(extra, message):
    with pytest.raises(RuleError) as info:
        parse_rules_text(TOLL + extra, "t.rules")
    assert message in str(info.value)


# ----------------------------------------------------------------------------------------------
# the builder
# ----------------------------------------------------------------------------------------------


def claims_of(text: str, lang: str = "en", published: str | None = "2025-11-08", time: str | None = "19:10"):
    doc = load_text(text, path="d.md", lang=lang)
    if published:
        doc.published = date.fromisoformat(published)
        doc.published_time = time
    return ClaimBuilder(rules()).build(doc)


def test_rates_and_amounts_go_to_their_own_metrics():
    built = claims_of("The goal is $300 billion a year. Rich countries provided $115.9 billion in 2022. "
                      "Rich countries provided $28 billion a year. The goal is $90 billion.")
    got = [(c.metric, c.value, c.unit) for c in built.claims]
    assert got == [("goal", 300e9, "USD per year"), ("delivered", 115.9e9, "USD")]
    reasons = [r.reason for r in built.rejections if r.mention.kind == "money"]
    assert reasons == ["no cue of goal within range", "no cue of delivered within range"]


def test_bare_numbers_count_near_a_cue_and_take_the_time_of_day():
    built = claims_of("As of 6 p.m., the death toll stood at 2,140. The city has 450,000 inhabitants and 12 bridges.")
    [c] = built.claims
    assert (c.metric, c.value, c.unit, c.period.start) == ("deaths", 2140, "dead", "2025-11-08T18:00")
    assert "bare numbers within 8 words" in c.why["bare"]


def test_the_publication_time_dates_a_figure_with_no_time_in_its_sentence():
    [c] = claims_of("The quake killed 1,200 people.").claims
    assert (c.period.kind, c.period.start, c.period.label()) == ("publication", "2025-11-08T19:10",
                                                                 "as of 2025-11-08 19:10")
    [c] = claims_of("The quake killed 1,200 people.", time=None).claims
    assert (c.period.kind, c.period.start) == ("publication", "2025-11-08")


def test_the_counted_noun_is_its_own_cue_and_plurals_match():
    [c] = claims_of("Le séisme a fait au moins 1 200 morts.", lang="fr").claims
    assert (c.metric, c.qualifier, c.unit, c.why["cue"]) == ("deaths", ">=", "dead", "morts")


# ----------------------------------------------------------------------------------------------
# time keys and the checks
# ----------------------------------------------------------------------------------------------


def claim(value, period: Period, id: str, doc: str = "a.md", qualifier: str = "=", quote: str = "") -> Claim:
    return Claim(id=id, metric="deaths", subject="the quake", value=float(value), unit="dead", qualifier=qualifier,
                 period=period, stance=None, attribution=None, doc=doc, published=date(2025, 11, 8), lang="en",
                 start=0, end=1, line=1, column=1, quote=quote or f"{value:,}", sentence=id)


def at(clock: str) -> Period:
    return Period("point", start=f"2025-11-08T{clock}", end=f"2025-11-08T{clock}")


def test_time_keys_tell_the_hours_of_a_day_apart():
    c18, c1840, c19 = claim(1, at("18:00"), "a"), claim(1, at("18:40"), "b"), claim(1, at("19:10"), "c")
    day = claim(1, Period("publication", start="2025-11-08"), "d")
    assert time_key(c18, "hour") == time_key(c1840, "hour") != time_key(c19, "hour")
    assert time_key(c18, "minute") != time_key(c1840, "minute")
    assert time_key(day, "hour") != time_key(c18, "hour")
    assert time_key(c18) == time_key(c19) == ("at", "2025-11-08")      # untimed metrics: the day
    assert order_key(day, {})[0] < order_key(c18, {})[0] < order_key(c19, {})[0]


def findings(claims):
    number_claims(claims)
    return run_checks(claims, rules(), CheckContext())


def test_a_running_total_may_grow_but_not_fall():
    morning = claim(1200, at("09:30"), "m", qualifier=">=", quote="at least 1,200")
    evening = claim(2000, at("18:40"), "e", doc="b.md", qualifier=">", quote="more than 2,000")
    stated = claim(2140, at("18:00"), "s", doc="b.md")
    fell = claim(1900, at("19:10"), "f", doc="c.md")
    out = findings([morning, evening, stated])
    assert [f.kind for f in out] == ["change"]          # 1,200 -> 2,140; never a conflict
    out = findings([morning, evening, stated, fell])
    conflicts = [f for f in out if f.kind == "conflict"]
    assert len(conflicts) == 1 and "cannot fall" in conflicts[0].message
    assert sorted(conflicts[0].claims) == sorted([stated.id, fell.id])


def test_a_toll_of_at_least_then_more_than_is_a_change():
    out = findings([claim(1200, at("09:30"), "m", qualifier=">=", quote="at least 1,200"),
                    claim(2000, at("18:40"), "e", doc="b.md", qualifier=">", quote="more than 2,000")])
    assert [(f.kind, f.severity) for f in out] == [("change", "info")]


@given(st.lists(st.integers(min_value=1, max_value=50), min_size=2, max_size=8))
def test_a_growing_series_never_conflicts(steps):
    """Property: figures that only grow, hour by hour, give no conflict whatever the qualifiers."""
    total, claims = 0, []
    for i, step in enumerate(steps):
        total += step * 100
        qualifier = (">=", ">", "=")[i % 3]
        claims.append(claim(total, at(f"{8 + i:02d}:00"), f"c{i}", doc=f"d{i}.md", qualifier=qualifier,
                            quote=f"{total:,}"))
    assert not [f for f in findings(claims) if f.kind == "conflict"]


def test_a_day_without_times_is_compared_with_the_days_before_only():
    untimed = claim(1000, Period("publication", start="2025-11-08"), "u", doc="u.md")
    timed = claim(2140, at("18:00"), "t", doc="t.md")
    assert not [f for f in findings([timed, untimed]) if f.kind == "conflict"]


def test_publication_times_are_read_as_written():
    assert parse_published_time("2025-11-08T18:40+03:00") == "18:40"
    assert parse_published_time("2025-11-08") is None
    doc = load_text("---\npublished: 2025-11-08T09:30+03:00\nlanguage: en\n---\nText.\n", path="a.md", format="md")
    assert (doc.published, doc.published_time) == (date(2025, 11, 8), "09:30")


# ----------------------------------------------------------------------------------------------
# the shipped topics, end to end
# ----------------------------------------------------------------------------------------------


def check_topic(capsys, topic: str) -> list[dict]:
    code = main(["check", str(ROOT / "fixtures" / topic), "--rules", str(ROOT / "rules" / f"{topic}.rules"),
                 "--format", "json", "--fail-on", "never"])
    out, _ = capsys.readouterr()
    assert code == 0
    return json.loads(out)["findings"]


def test_earthquake_fixtures_find_the_disagreements_and_the_updates(capsys):
    found = check_topic(capsys, "earthquake")
    conflicts = sorted((f["metric"], f["message"]) for f in found if f["kind"] == "conflict")
    assert [m for m, _ in conflicts] == ["quake_deaths", "quake_displaced", "quake_injured",
                                         "quake_magnitude", "quake_magnitude"]
    text = " | ".join(msg for _, msg in conflicts)
    assert "1,900 dead" in text and "below the 2,140 dead" in text            # the toll fell
    assert "about 45,000 displaced" in text and "52,000 displaced" in text    # outlets disagree next day
    assert "4,500 injured" in text and "5,400 injured" in text                # same hour, two figures
    assert "7.1" in text and "7.3" in text
    changes = [f["message"] for f in found if f["kind"] == "change"]
    assert any("at least 1,200 dead" in m and "2,140 dead" in m for m in changes)
    assert any("2,310 dead" in m and "2,870 dead" in m for m in changes)
    assert any("at least 30,000 displaced" in m and "52,000 displaced" in m for m in changes)
    assert not [f for f in found if f["kind"] in ("bounds", "sum", "part", "reference")]


def test_climate_finance_fixtures_find_the_wrong_figures_and_the_new_goal(capsys):
    found = check_topic(capsys, "climate_finance")
    conflicts = [f["message"] for f in found if f["kind"] == "conflict"]
    assert all("en-daily-bulletin" in m for m in conflicts) and len(conflicts) == 5
    assert sum("$250 billion a year" in m for m in conflicts) == 3            # the draft figure as the deal
    assert sum("$100 billion" in m and "$115.9 billion" in m for m in conflicts) == 2
    changes = [f["message"] for f in found if f["kind"] == "change"]
    assert any("$100 billion a year by 2020" in m and "$250 billion a year by 2035 (proposed" in m for m in changes)
    assert any("$250 billion a year by 2035 (proposed" in m and "$300 billion a year by 2035 (agreed" in m
               for m in changes)
    assert any("$89.6 billion in 2021" in m and "$115.9 billion in 2022" in m for m in changes)
    assert len(changes) == 3


def test_the_topics_do_not_take_each_others_numbers(capsys):
    main(["claims", str(ROOT / "fixtures"), "--rules", str(ROOT / "rules"), "--format", "json"])
    out, _ = capsys.readouterr()
    claims = json.loads(out)["claims"]
    for c in claims:
        doc = c["doc"]
        if "/earthquake/" in doc:
            assert c["metric"].startswith("quake_"), c
        elif "/climate_finance/" in doc:
            assert c["metric"].startswith("climate_finance_"), c
        else:
            assert not c["metric"].startswith(("quake_", "climate_finance_")), c
