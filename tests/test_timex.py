"""What a reader of the checker's output sees of time expressions, in English, French, German
and Spanish: the span found, its kind, its ISO / TIMEX3 value at the written granularity, its
role (point, deadline, since, interval, relative) and qualifier."""

from __future__ import annotations

import datetime as dt

import pytest

from checker.extract.timex import find_time_expressions, resolve

PUBLISHED = dt.date(2025, 6, 24)  # a Tuesday

# (lang, text, mention text, kind, value, granularity, role, qualifier)
CASES = [
    # points, granularity as written
    ("en", "It opened on June 24, 2025 in Paris.", "June 24, 2025", "date", "2025-06-24", "day", "point", "="),
    ("en", "He joined in October 2024.", "October 2024", "date", "2024-10", "month", "point", "="),
    ("en", "Prices doubled in the 1990s.", "1990s", "year", "199X", "decade", "point", "="),
    ("en", "The plant closes in 2035.", "2035", "year", "2035", "year", "point", "="),
    ("en", "Sales rose in Q1 2024.", "Q1 2024", "date", "2024-Q1", "quarter", "point", "="),
    ("en", "Growth slowed in the second quarter of 2024.", "second quarter of 2024", "date", "2024-Q2", "quarter", "point", "="),
    ("fr", "Le sommet s'est tenu le 24 juin 2025.", "24 juin 2025", "date", "2025-06-24", "day", "point", "="),
    ("fr", "Il est arrivé en octobre 2024.", "octobre 2024", "date", "2024-10", "month", "point", "="),
    ("fr", "Né le 1er mai 1962 à Metz.", "1er mai 1962", "date", "1962-05-01", "day", "point", "="),
    ("fr", "C'était dans les années 90.", "les années 90", "year", "199X", "decade", "point", "="),
    ("fr", "Le chantier reprendra fin 2025.", "fin 2025", "year", "2025", "year", "point", "="),
    ("de", "Am 24. Juni 2025 tagte der Rat.", "24. Juni 2025", "date", "2025-06-24", "day", "point", "="),
    ("de", "Er kam im Oktober 2024.", "Oktober 2024", "date", "2024-10", "month", "point", "="),
    ("de", "Das war in den 1990er Jahren.", "1990er Jahren", "year", "199X", "decade", "point", "="),
    ("es", "La cumbre fue el 24 de junio de 2025.", "24 de junio de 2025", "date", "2025-06-24", "day", "point", "="),
    ("es", "Llegó en octubre de 2024.", "octubre de 2024", "date", "2024-10", "month", "point", "="),
    ("es", "Ocurrió en los años 90.", "los años 90", "year", "199X", "decade", "point", "="),
    # deadlines
    ("en", "Emissions must halve by 2035.", "by 2035", "year", "2035", "year", "deadline", "<="),
    ("en", "The law applies no later than 2030.", "no later than 2030", "year", "2030", "year", "deadline", "<="),
    ("fr", "La France vise la neutralité d'ici 2035.", "d'ici 2035", "year", "2035", "year", "deadline", "<="),
    ("de", "Das Ziel soll bis 2035 erreicht werden.", "bis 2035", "year", "2035", "year", "deadline", "<="),
    ("es", "El objetivo es para 2035.", "para 2035", "year", "2035", "year", "deadline", "<="),
    # since
    ("en", "Prices have risen since 2014.", "since 2014", "year", "2014", "year", "since", ">="),
    ("fr", "Les prix montent depuis 2014.", "depuis 2014", "year", "2014", "year", "since", ">="),
    ("de", "Die Preise steigen seit 2014.", "seit 2014", "year", "2014", "year", "since", ">="),
    ("es", "Los precios suben desde 2014.", "desde 2014", "year", "2014", "year", "since", ">="),
    # intervals
    ("en", "The plan runs from 2024 to 2030.", "from 2024 to 2030", "year", ("2024", "2030"), "year", "interval", "="),
    ("en", "Output fell between 2020 and 2022.", "between 2020 and 2022", "year", ("2020", "2022"), "year", "interval", "="),
    ("en", "The 2024-2030 plan was approved.", "2024-2030", "year", ("2024", "2030"), "year", "interval", "="),
    ("fr", "Le plan court de 2024 à 2030.", "de 2024 à 2030", "year", ("2024", "2030"), "year", "interval", "="),
    ("fr", "Le festival a lieu du 3 au 5 juin 2025.", "du 3 au 5 juin 2025", "date", ("2025-06-03", "2025-06-05"), "day", "interval", "="),
    ("de", "Der Plan läuft von 2024 bis 2030.", "von 2024 bis 2030", "year", ("2024", "2030"), "year", "interval", "="),
    ("es", "El plan va de 2024 a 2030.", "de 2024 a 2030", "year", ("2024", "2030"), "year", "interval", "="),
    # relative expressions, anchored at the publication date
    ("en", "Profits fell last year.", "last year", "year", "2024", "year", "relative", "="),
    ("en", "He resigned yesterday.", "yesterday", "date", "2025-06-23", "day", "relative", "="),
    ("en", "Talks stalled last week.", "last week", "date", "2025-W25", "week", "relative", "="),
    ("en", "The vote is next month.", "next month", "date", "2025-07", "month", "relative", "="),
    ("en", "Sales are up this year.", "this year", "year", "2025", "year", "relative", "="),
    ("en", "It happened three weeks ago.", "three weeks ago", "date", "2025-W23", "week", "relative", "="),
    ("en", "Prices rose in recent weeks.", "in recent weeks", "date", "PAST_REF", None, "relative", "="),
    ("fr", "Les ventes ont chuté l'an dernier.", "l'an dernier", "year", "2024", "year", "relative", "="),
    ("fr", "Les ventes ont chuté l'année dernière.", "l'année dernière", "year", "2024", "year", "relative", "="),
    ("fr", "Il a démissionné hier.", "hier", "date", "2025-06-23", "day", "relative", "="),
    ("fr", "Il est parti il y a trois semaines.", "il y a trois semaines", "date", "2025-W23", "week", "relative", "="),
    ("fr", "Les prix ont grimpé ces dernières semaines.", "ces dernières semaines", "date", "PAST_REF", None, "relative", "="),
    ("fr", "Les ventes progressent cette année.", "cette année", "year", "2025", "year", "relative", "="),
    ("fr", "Il a été élu en septembre dernier.", "septembre dernier", "date", "2024-09", "month", "relative", "="),
    ("fr", "Il est rentré hier soir.", "hier soir", "date", "2025-06-23TEV", "part_of_day", "relative", "="),
    ("de", "Er ging vor drei Wochen.", "vor drei Wochen", "date", "2025-W23", "week", "relative", "="),
    ("de", "Der Umsatz fiel letztes Jahr.", "letztes Jahr", "year", "2024", "year", "relative", "="),
    ("de", "Er trat gestern zurück.", "gestern", "date", "2025-06-23", "day", "relative", "="),
    ("es", "Se fue hace tres semanas.", "hace tres semanas", "date", "2025-W23", "week", "relative", "="),
    ("es", "Las ventas cayeron el año pasado.", "el año pasado", "year", "2024", "year", "relative", "="),
    ("es", "Dimitió ayer.", "ayer", "date", "2025-06-23", "day", "relative", "="),
    ("es", "Llegó el pasado 3 de marzo.", "el pasado 3 de marzo", "date", "2025-03-03", "day", "relative", "="),
    ("en", "Sales slumped last fall.", "last fall", "date", "2024-FA", "season", "relative", "="),
    ("fr", "La récolte de l'été 2024 fut bonne.", "l'été 2024", "date", "2024-SU", "season", "point", "="),
    ("en", "He called this morning.", "this morning", "date", "2025-06-24TMO", "part_of_day", "relative", "="),
    ("de", "Er kam gestern Abend.", "gestern Abend", "date", "2025-06-23TEV", "part_of_day", "relative", "="),
    # durations
    ("en", "The project took three weeks.", "three weeks", "duration", "P3W", "week", None, "="),
    ("en", "He served 15 years in office.", "15 years", "duration", "P15Y", "year", None, "="),
    ("en", "It lasted about two decades.", "about two decades", "duration", "P20Y", "decade", None, "~"),
    ("fr", "Il a régné quinze ans.", "quinze ans", "duration", "P15Y", "year", None, "="),
    ("fr", "Il a couru pendant près de 24 heures.", "près de 24 heures", "duration", "PT24H", "hour", None, "~"),
    ("fr", "Le record est de 30,4 secondes.", "30,4 secondes", "duration", "PT30.4S", "second", None, "="),
    ("fr", "Cela a pris quelques mois.", "quelques mois", "duration", "PXM", "month", None, "="),
    ("de", "Der Bau dauerte drei Jahre.", "drei Jahre", "duration", "P3Y", "year", None, "="),
    ("es", "La obra duró tres años.", "tres años", "duration", "P3Y", "year", None, "="),
    # times of day: a TIMEX3 time, no day
    ("en", "The meeting starts at 10:30.", "10:30", "date", "T10:30", "minute", "point", "="),
    ("en", "Polls close at 3 p.m.", "3 p.m.", "date", "T15:00", "hour", "point", "="),
    ("fr", "Le départ est à 10 h 30.", "10 h 30", "date", "T10:30", "minute", "point", "="),
    ("de", "Die Sitzung beginnt um 10 Uhr.", "10 Uhr", "date", "T10:00", "hour", "point", "="),
]


def _only(text: str, lang: str, published=PUBLISHED):
    mentions = find_time_expressions(text, lang, published)
    assert len(mentions) == 1, [(m.text, m.value) for m in mentions]
    return mentions[0]


@pytest.mark.parametrize("lang,text,span,kind,value,granularity,role,qualifier", CASES,
                         ids=[f"{c[0]}:{c[2]}" for c in CASES])
def test_time_expression(lang, text, span, kind, value, granularity, role, qualifier):
    m = _only(text, lang)
    assert (m.text, m.kind, m.value, m.granularity, m.time_role, m.qualifier) == (
        span, kind, value, granularity, role, qualifier)
    assert text[m.start:m.end] == m.text
    assert m.lang == lang


@pytest.mark.parametrize("lang,text,amount,unit", [
    ("en", "It took three weeks.", 3.0, "week"),
    ("fr", "Il a fallu trois semaines.", 3.0, "week"),
    ("de", "Es dauerte drei Wochen.", 3.0, "week"),
    ("es", "Tardó tres semanas.", 3.0, "week"),
    ("en", "He served 15 years.", 15.0, "year"),
])
def test_duration_has_amount_and_quantulum_unit(lang, text, amount, unit):
    m = _only(text, lang)
    assert (m.amount, m.unit, m.granularity) == (amount, unit, unit)


@pytest.mark.parametrize("lang,text,span", [
    ("en", "The 1990s were calm.", "1990s"),
    ("en", "In October 2024 it fell.", "October 2024"),
    ("fr", "En octobre 2024, tout a changé.", "octobre 2024"),
    ("de", "Im Oktober 2024 sank er.", "Oktober 2024"),
])
def test_month_and_decade_are_never_given_a_day(lang, text, span):
    m = _only(text, lang)
    assert m.text == span and m.value.count("-") <= 1 and m.granularity in ("month", "decade")


@pytest.mark.parametrize("lang,text", [
    ("en", "Profits fell last year."),
    ("en", "It happened three weeks ago."),
    ("fr", "Il a démissionné hier."),
    ("fr", "Il est parti il y a trois semaines."),
    ("de", "Der Umsatz fiel letztes Jahr."),
    ("es", "Las ventas cayeron el año pasado."),
    ("fr", "Il est arrivé le 3 mars."),
])
def test_undated_document_leaves_relative_values_unresolved(lang, text):
    m = _only(text, lang, published=None)
    assert m.value is None and m.extra.get("unanchored") is True


def test_undated_document_keeps_absolute_dates():
    assert _only("Le 24 juin 2025, il pleuvait.", "fr", published=None).value == "2025-06-24"
    assert _only("Prices rose in recent weeks.", "en", published=None).value == "PAST_REF"


@pytest.mark.parametrize("lang,text", [
    ("en", "The firm hired 2,000 people."),
    ("en", "It costs $2000 now."),
    ("en", "The F-35 jet and Article 5 and 5G networks."),
    ("en", "Call 0800 1234 5678 for help."),
    ("fr", "Il a payé 2 000 euros."),
    ("fr", "La résolution 1405 de l'ONU."),
    ("en", "A 15-year-old boy, aged 15, was hurt."),
    ("fr", "Jean Burget, 87 ans, a été heurté."),
    ("fr", "Il a été opéré une seconde fois."),
    ("en", "Unemployment is 5% a year higher."),
])
def test_numbers_that_are_not_time_expressions(lang, text):
    assert find_time_expressions(text, lang, PUBLISHED) == []


def test_bare_year_is_marked_for_the_quantity_scanner():
    m = _only("The company hired 2000 people.", "en")
    assert m.kind == "year" and m.extra.get("bare") is True
    assert "bare" not in _only("Il est né en juin 2000.", "fr").extra


def test_undated_day_and_month_take_the_nearest_year():
    assert _only("Il est arrivé le 3 mars.", "fr").value == "2025-03-03"
    assert _only("Il part le 3 janvier.", "fr", dt.date(2025, 12, 20)).value == "2026-01-03"
    assert _only("Il est arrivé en septembre dernier.", "fr").value == "2024-09"
    assert _only("Depuis janvier, tout va mieux.", "fr", dt.date(2002, 9, 13)).value == "2002-01"


def test_mentions_are_sorted_disjoint_and_slice_back():
    text = ("Depuis 2014 et jusqu'en 2030, de 2024 à 2030, le 24 juin 2025, hier soir, "
            "il y a trois semaines, 10 h 30, quelques mois, les années 90.")
    mentions = find_time_expressions(text, "fr", PUBLISHED)
    assert len(mentions) == 9
    for a, b in zip(mentions, mentions[1:]):
        assert a.end <= b.start
    for m in mentions:
        assert text[m.start:m.end] == m.text


def test_sentence_of_fills_the_sentence_index():
    text = "It began in 2019. It ended in 2021."
    mentions = find_time_expressions(text, "en", PUBLISHED, sentence_of=lambda offset: int(offset > 17))
    assert [(m.text, m.sentence) for m in mentions] == [("2019", 0), ("2021", 1)]


def test_interval_keeps_the_offsets_of_its_ends():
    text = "Entre 1990 et 1999, la ville a grandi."
    m = _only(text, "fr")
    assert [text[s:e] for s, e in m.extra["ends"]] == ["1990", "1999"]


@pytest.mark.parametrize("candidate,lang,expected", [
    ("24 juin 2025", "fr", ("2025-06-24", "day")),
    ("October 2024", "en", ("2024-10", "month")),
    ("2035", "en", ("2035", "year")),
    ("last year", "en", ("2024", "year")),
    ("hier", "fr", ("2025-06-23", "day")),
    ("24.06.2025", "de", ("2025-06-24", "day")),
])
def test_resolve_one_string(candidate, lang, expected):
    assert resolve(candidate, lang, PUBLISHED) == expected


def test_resolve_never_guesses_without_an_anchor():
    assert resolve("hier", "fr", None) is None
    assert resolve("24 juin 2025", "fr", None) == ("2025-06-24", "day")


def test_comparison_with_a_year_is_no_bound():
    """Regression: "76 percent more than last year" once gave last year the qualifier ">"."""
    m = _only("Bookings were 76 percent more than last year.", "en")
    assert (m.text, m.qualifier, m.time_role) == ("last year", "=", "relative")


def test_part_of_a_period_is_kept_as_timex3_mod():
    m = _only("Le chantier reprendra mi-2025.", "fr")
    assert (m.text, m.value, m.extra.get("mod")) == ("mi-2025", "2025", "MID")
    m = _only("Die Anlage geht Ende 2025 in Betrieb.", "de")
    assert (m.text, m.value, m.extra.get("mod")) == ("Ende 2025", "2025", "END")


def test_a_weekday_alone_is_the_nearest_one_and_says_it_is_a_guess():
    m = _only("Il est arrivé jeudi.", "fr")  # published on a Tuesday: two days later
    assert (m.value, m.extra.get("weekday_guess")) == ("2025-06-26", True)
    m = _only("Il est arrivé jeudi dernier.", "fr")
    assert (m.value, "weekday_guess" in m.extra) == ("2025-06-19", False)


def test_resolve_does_not_hand_plain_words_to_dateparser():
    """Regression: dateparser alone reads "We" as last Wednesday."""
    assert resolve("We", "en", PUBLISHED) is None
    assert resolve("in October 2024", "en", PUBLISHED) == ("2024-10", "month")
