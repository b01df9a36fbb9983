"""The time-expression finder: dates, years, durations and relative expressions in news text.

    find_time_expressions(text, lang, published) -> [Mention]   (kind "date", "year", "duration")
    resolve(candidate, lang, published) -> (value, granularity) | None

One precompiled regex per language (``timex_patterns``), built from the ``time:`` section of
``checker/lang/<lang>.yaml``, reads the text in a single pass; each match is interpreted by the
small functions below into a ``Partial`` (what was written) that ``timex_resolve`` anchors to the
publication date. Design decisions, in short:

* values keep the written granularity ("octobre 2024" -> "2024-10"; "the 1990s" -> "199X");
* a cue word that gives a role is part of the mention ("by 2035", "depuis 2014"), a plain
  preposition or article is not ("in May" -> "May");
* relative expressions need the publication date: without one their value is None and
  ``extra["unanchored"]`` is True; the clock is never read;
* a date without a year takes the nearest year to the publication date ("dernier" / "last":
  the latest before it, "prochain" / "next": the earliest after) and ``extra["year_inferred"]``;
  a weekday alone takes the nearest such day (within three days) and ``extra["weekday_guess"]``;
* times of day ("10:30", "10 h 30", "3 p.m.", "10 Uhr") are kind "date" with a TIMEX3 time value
  "T10:30" and ``extra["time_of_day"]``: they are not anchored to a day, and claiming their
  digits keeps them from being read as durations or quantities;
* ages ("15 years old", "âgé de 15 ans") are no time expression: nothing is emitted;
* a year written as a bare number carries ``extra["bare"]`` so that the quantity scanner may
  prefer a count reading ("2000 people"); a four-digit number after a label word
  ("résolution 1405", time.label_words + quantities.label_words) is no year;
* a number of years set off by commas after a name is an age ("Jean Burget, 87 ans,");
* "more than" / "plus de" qualify amounts of time and clock times only: before a date they
  compare ("76% more than last year").

``extra`` keys: ``bare``, ``cue`` (the deadline/since word), ``mod`` (TIMEX3 START/MID/END:
"fin 2025", "early June"), ``ends`` (offsets of an interval's two ends), ``offset`` ("-P3W" for
"three weeks ago"), ``year_inferred``, ``weekday_guess``, ``unanchored``, ``partial``
("XXXX-03-03" when there is no anchor), ``time_of_day``. Seasons are "2024-SU" (a winter is
keyed by the year of its January); a part of the day follows a day as in TIMEX3 ("2025-06-23TEV").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import operator
import re
from dataclasses import dataclass

from checker.extract.mention import Mention
from checker.extract.timex_lexicon import TimeLexicon, lexicon, norm
from checker.extract.timex_patterns import (
    APPROX_FORMS,
    INTERVAL_START_FORMS,
    PAD,
    POINT_FORMS,
    TWIN,
    Hit,
    Patterns,
    parse_form,
    patterns,
)
from checker.extract.timex_resolve import (
    REFERENCES,
    Partial,
    at_granularity,
    dateparse,
    duration_value,
    format_number,
    resolve_partial,
    shift_date,
    two_digit_year,
)
from checker.regex_store import cached_compile

__all__ = ["clear_caches", "find_time_expressions", "resolve"]

#: calendar units dateparser reads reliably in "ago"/"in" expressions
_DATEPARSER_UNITS = ("day", "week", "month", "year")
_YEAR_GRANULARITIES = ("year", "decade", "century")


@dataclass
class Amount:
    """A duration as written: "three weeks" -> Amount(3, "week"); "quelques mois" -> (None, "month")."""

    amount: float | None
    unit: str
    direction: int = 0  # -1 "ago", +1 "in/dans", 0 a plain duration
    text: str = ""
    amount_text: str = ""


@dataclass
class Clock:
    hour: int
    minute: int | None


@dataclass
class Point:
    """A parsed point or period, with how it was written."""

    partial: Partial
    part: str | None = None  # TIMEX3 mod: START, MID, END
    bare: bool = False
    relative: bool = False


Reading = Point | Amount | Clock


# -- reading one form's match ----------------------------------------------------------------------


def _part(g: dict, lex: TimeLexicon) -> str | None:
    word = g.get("part") or g.get("partg")
    return lex.part_modifiers.get(norm(word)) if word else None


def _direction(g: dict, lex: TimeLexicon) -> int | None:
    if g.get("modb"):
        return lex.name_modifiers_before.get(norm(g["modb"]))
    if g.get("moda"):
        return lex.name_modifiers_after.get(norm(g["moda"]))
    return None


def _year(g: dict, anchor: dt.date | None) -> int | None:
    if g.get("year"):
        return int(g["year"])
    if g.get("yy"):
        return two_digit_year(int(g["yy"]), anchor)
    return None


def _amount(g: dict, lex: TimeLexicon) -> float | None:
    if g.get("num"):
        return lex.number(g["num"])
    if g.get("nword"):
        return lex.number(g["nword"])
    return None


def _numeric(g: dict, lex: TimeLexicon, anchor: dt.date | None) -> Partial | None:
    a, b, y = int(g["a"]), int(g["b"]), g["y"]
    year = int(y) if len(y) == 4 else two_digit_year(int(y), anchor)
    readings = set()
    for order in lex.numeric_date_orders:
        day, month = (a, b) if order.index("d") < order.index("m") else (b, a)
        try:
            readings.add(dt.date(year, month, day))
        except ValueError:
            continue
    if len(readings) != 1:
        return None  # invalid, or "04/06/2025" in a language written both ways
    d = readings.pop()
    return Partial(year=d.year, month=d.month, day=d.day)


def _decade(g: dict) -> int | None:
    digits = g["digits"]
    if len(digits) == 4:
        return int(digits) // 10
    suffix = g.get("dsuf") or ""
    if not (g.get("dpref") or g.get("apos") or " " in suffix or "-" in suffix):
        return None  # "20s" alone is as often an age as a decade
    d = int(digits)
    return (2000 + d if d < 20 else 1900 + d) // 10


def _relative_spec(spec: str) -> Partial | None:
    """ "year-1" -> last year; "day+0@EV" -> this evening; "PAST_REF" as is."""
    if spec in REFERENCES:
        return Partial(reference=spec)
    m = re.fullmatch(r"(day|week|month|quarter|year)([+-]\d+)(?:@(MO|AF|EV|NI))?", spec)
    return Partial(relative=(m.group(1), int(m.group(2))), day_part=m.group(3)) if m else None


def read_form(form: str, m: re.Match, lex: TimeLexicon, anchor: dt.date | None) -> Reading | None:
    """What a form's named match says (None when the digits turn out not to be a date)."""
    g = {k: v for k, v in m.groupdict().items() if v is not None}
    reading = _read(form, g, m, lex, anchor)
    if isinstance(reading, Point) and "dpart" in g:
        reading.partial.day_part = lex.day_parts.get(norm(g["dpart"]))
    return reading


def _read(form: str, g: dict, m: re.Match, lex: TimeLexicon, anchor: dt.date | None) -> Reading | None:
    part = _part(g, lex)
    month = lex.months.get(norm(g["month"])) if "month" in g else None
    weekday = lex.weekdays.get(norm(g["weekday"])) if "weekday" in g else None
    if form == "iso":
        p = Partial(year=int(g["y"]), month=int(g["m"]), day=int(g["d"]))
        return Point(p) if _is_date(p) else None
    if form == "numeric":
        p = _numeric(g, lex, anchor)
        return Point(p) if p else None
    if form in ("date_dm", "date_md"):
        year = _year(g, anchor)
        direction = None if year else _direction(g, lex)
        p = Partial(year=year, month=month, day=int(g["day"]), weekday=weekday, direction=direction)
        return Point(p, part, relative=direction is not None)
    if form in ("quarter_words", "quarter_abbr"):
        letter = lex.period_nouns.get(norm(g["pnoun"])) if "pnoun" in g else lex.period_abbreviations.get(g["pabbr"])
        n = lex.ordinals.get(norm(g["ord"])) if "ord" in g else int(g["pnum"])
        if letter not in ("Q", "H") or not n or n > (4 if letter == "Q" else 2):
            return None
        return Point(Partial(year=_year(g, anchor), period=f"{letter}{n}"), part)
    if form == "season":
        return Point(Partial(year=_year(g, anchor), period=lex.seasons[norm(g["season"])]), part)
    if form in ("month_year", "year_prefixed", "year_part"):
        return Point(Partial(year=_year(g, anchor), month=month), part)
    if form in ("decade_prefix", "decade_suffix"):
        decade = _decade(g)
        return Point(Partial(decade=decade), part) if decade else None
    if form == "relative":
        p = _relative_spec(lex.relative.get(norm(g["rel"]), ""))
        return Point(p, part, relative=True) if p else None
    if form in ("name_mod_before", "name_mod_after", "month_part", "month_bare", "weekday", "season_bare"):
        direction = _direction(g, lex)
        season = lex.seasons.get(norm(g["season"])) if "season" in g else None
        p = Partial(month=month, weekday=None if month else weekday, direction=direction, period=season)
        return Point(p, part, relative=direction is not None or (weekday is not None and not month))
    if form == "year_bare":
        return Point(Partial(year=int(g["year"])), bare=True)
    if form == "day_bare":
        return Point(Partial(day=int(g["day"])))
    if form in ("ago_before", "later_before"):
        return Amount(_amount(g, lex), lex.units[norm(g["unit"])], -1 if form == "ago_before" else 1,
                      m.group(0), g.get("num") or g.get("nword") or "")
    if form.startswith("clock_"):
        return _clock(g, lex)
    if form == "duration":
        if "post_age" in g:
            return None  # "15 years old": an age
        direction = -1 if "post_ago" in g else 1 if "post_later" in g else 0
        if direction == 0 and norm(g.get("nword") or "") in lex.indefinite_one:
            return None  # "a year" alone is a rate ("5% a year"), not a duration
        return Amount(_amount(g, lex), lex.units[norm(g["unit"])], direction, m.group(0),
                      g.get("num") or g.get("nword") or "")
    return None


def _is_date(p: Partial) -> bool:
    try:
        dt.date(p.year, p.month, p.day)
    except (TypeError, ValueError):
        return False
    return True


def _clock(g: dict, lex: TimeLexicon) -> Clock | None:
    hour = int(g["hh"])
    minute = int(g["mm"]) if g.get("mm") else None
    suffix = lex.clock_suffixes.get(norm(g["csuf"])) if g.get("csuf") else None
    if suffix is not None and 12 in lex.clock_suffixes.values():
        # a 12-hour clock ("3 p.m.", "12 a.m."): hours 1-12 only
        if hour == 0 or hour > 12:
            return None
        hour = hour % 12 + suffix
    if hour > 24 or (hour == 24 and minute):
        return None
    return Clock(hour, minute)


# -- turning readings into mentions --------------------------------------------------------------


def _mention(text: str, start: int, end: int, lang: str, reading: Reading, anchor: dt.date | None) -> Mention | None:
    span = text[start:end]
    if isinstance(reading, Clock):
        minute = reading.minute or 0
        return Mention(start, end, span, "date", f"T{reading.hour:02d}:{minute:02d}", lang=lang,
                       granularity="minute" if reading.minute is not None else "hour", time_role="point",
                       extra={"time_of_day": True})
    if isinstance(reading, Amount):
        if reading.direction == 0:
            return Mention(start, end, span, "duration", duration_value(reading.amount, reading.unit), lang=lang,
                           unit=reading.unit, granularity=reading.unit, amount=reading.amount)
        value, gran, extra = _shifted(reading, lang, anchor)
        kind = "year" if gran in _YEAR_GRANULARITIES else "date"
        return Mention(start, end, span, kind, value, lang=lang, granularity=gran, time_role="relative", extra=extra)
    value, gran, extra = resolve_partial(reading.partial, anchor)
    if value is None and not extra.get("unanchored"):
        return None
    if reading.bare:
        extra["bare"] = True
    if reading.part:
        extra["mod"] = reading.part
    kind = "year" if gran in _YEAR_GRANULARITIES else "date"
    role = "relative" if reading.relative else "point"
    return Mention(start, end, span, kind, value, lang=lang, granularity=gran, time_role=role, extra=extra)


def _shifted(reading: Amount, lang: str, anchor: dt.date | None) -> tuple[str | None, str | None, dict]:
    """ "il y a trois semaines" -> the ISO week three weeks before the anchor."""
    sign = "-" if reading.direction < 0 else "+"
    if reading.amount is None:
        return ("PAST_REF" if reading.direction < 0 else "FUTURE_REF"), None, {}
    extra = {"offset": sign + duration_value(reading.amount, reading.unit)}
    unit = reading.unit if reading.unit not in ("hour", "minute", "second") else "day"
    if anchor is None:
        return None, unit, {**extra, "unanchored": True}
    if not float(reading.amount).is_integer():
        return None, unit, {**extra, "unresolved": True}
    n = int(reading.amount) * reading.direction
    when = None
    if reading.unit in _DATEPARSER_UNITS:
        # dateparser reads the candidate with the number in digits ("il y a 3 semaines")
        candidate = reading.text
        if reading.amount_text:
            candidate = candidate.replace(reading.amount_text, format_number(reading.amount), 1)
        parsed = dateparse(lang, candidate, anchor)
        when = parsed[0] if parsed else None
    if when is None:
        when = shift_date(anchor, reading.unit if reading.unit not in ("hour", "minute", "second") else "day",
                          n if reading.unit not in ("hour", "minute", "second") else 0)
    value, gran = at_granularity(when, unit)
    return value, gran, extra


def _point_reading(pats: Patterns, lex: TimeLexicon, text: str, forms, anchor) -> Reading | None:
    found = parse_form(pats, text, forms)
    return read_form(found[0], found[1], lex, anchor) if found else None


def _inherit(a: Partial, b: Partial) -> None:
    """Complete the first end of an interval from the second ("du 3 au 5 juin 2025") and back."""
    if a.day is not None and a.month is None and b.month is not None:
        a.month = b.month
    if a.year is None and b.year is not None and (a.month or a.period) and not a.relative:
        a.year = b.year
        if a.month and b.month and (a.month, a.day or 0) > (b.month, b.day or 0):
            a.year -= 1
    if b.year is None and a.year is not None and (b.month or b.period) and not b.relative:
        b.year = a.year
        if a.month and b.month and (b.month, b.day or 0) < (a.month, a.day or 0):
            b.year += 1


def _interval(text: str, start: int, end: int, lang: str, ra: Reading | None, rb: Reading | None, anchor,
              ends: list[tuple[int, int]]) -> Mention | None:
    """An interval's mention; ``extra["ends"]`` keeps the offsets of its two ends."""
    if not isinstance(ra, Point) or not isinstance(rb, Point):
        return None
    _inherit(ra.partial, rb.partial)
    va, ga, ea = resolve_partial(ra.partial, anchor)
    vb, gb, eb = resolve_partial(rb.partial, anchor)
    unanchored = ea.get("unanchored") or eb.get("unanchored")
    if (va is None or vb is None) and not unanchored:
        return None
    if va is not None and vb is not None and len(va) == len(vb) and va >= vb:
        return None  # "entre 2000 et 1500" is no interval of time
    extra = {k: v for k, v in {**ea, **eb}.items() if k != "partial"}
    extra["ends"] = ends
    if ra.bare and rb.bare:
        extra["bare"] = True
    value = (va, vb) if va is not None and vb is not None else None
    kind = "year" if ga in _YEAR_GRANULARITIES and gb in _YEAR_GRANULARITIES else "date"
    return Mention(start, end, text[start:end], kind, value, lang=lang, granularity=gb or ga,
                   time_role="interval", extra=extra)


def _dash_interval(m: Hit, text: str, lang: str, pats: Patterns, lex: TimeLexicon, anchor) -> Mention | None:
    start, end = m.bounds
    if m.group("dya"):
        a, b = int(m.group("dya")), m.group("dyb")
        if len(b) == 2:
            yb = a - a % 100 + int(b)
            yb = yb + 100 if yb <= a else yb
            if yb - a > 30:
                return None
        else:
            yb = int(b)
        if not a < yb <= a + 200:
            return None
        return _interval(text, start, end, lang, Point(Partial(year=a), bare=True), Point(Partial(year=yb), bare=True),
                         anchor, [m.span("dya"), m.span("dyb")])
    if m.group("dda"):
        day = int(re.match(r"\d+", m.group("dda")).group(0))
        rb = _point_reading(pats, lex, m.group("ddb"), ("date_dm",), anchor)
        return _interval(text, start, end, lang, Point(Partial(day=day)), rb, anchor, [m.span("dda"), m.span("ddb")])
    ra = _point_reading(pats, lex, m.group("dma"), ("date_md",), anchor)
    tail = m.group("dmb")
    year = re.search(r"\d{4}", tail)
    day = int(re.match(r"\d+", tail).group(0))
    if isinstance(ra, Point) and year:
        ra.partial.year = int(year.group(0))
    month = ra.partial.month if isinstance(ra, Point) else None
    rb = Point(Partial(year=int(year.group(0)) if year else None, month=month, day=day))
    return _interval(text, start, end, lang, ra, rb, anchor, [m.span("dma"), m.span("dmb")])


def _interpret(m: Hit, text: str, lang: str, pats: Patterns, lex: TimeLexicon, anchor) -> Mention | None:
    """The mention of one scanner hit, read from the matched text alone (the context, a label
    word before a year or an apposition around an age, is checked by the caller), so that it
    can be kept for the next hit on the same text (``_Template``)."""
    which = m.name
    start, end = m.bounds
    if which == "age":
        return None
    if which == "iv":
        ra = _point_reading(pats, lex, m.group("iva"), INTERVAL_START_FORMS, anchor)
        rb = _point_reading(pats, lex, m.group("ivb"), POINT_FORMS, anchor)
        return _interval(text, start, end, lang, ra, rb, anchor, [m.span("iva"), m.span("ivb")])
    if which == "ivd":
        return _dash_interval(m, text, lang, pats, lex, anchor)
    if which == "cue":
        cue = norm(m.group("cue_w"))
        reading = _point_reading(pats, lex, m.group("cue_t"), POINT_FORMS, anchor)
        if isinstance(reading, Point):
            reading.partial.bound = -1 if cue in lex.past_cues else 1 if cue in lex.future_cues else None
        mention = _mention(text, start, end, lang, reading, anchor) if reading else None
        if mention is None:
            return None
        if cue in lex.deadline_cues:
            mention.time_role, mention.qualifier = "deadline", lex.deadline_cues[cue]
        else:
            mention.time_role, mention.qualifier = "since", lex.since_cues[cue]
        mention.extra["cue"] = cue
        return mention
    if which == "apx":
        reading = _point_reading(pats, lex, m.group("apx_t"), APPROX_FORMS, anchor)
        mention = _mention(text, start, end, lang, reading, anchor) if reading else None
        if mention is not None:
            mention.qualifier = lex.approx_cues[norm(m.group("apx_w"))]
        return mention
    if which == "prep":
        reading = _point_reading(pats, lex, m.group("prep_t"), POINT_FORMS, anchor)
        return _mention(text, m.start("prep_t"), end, lang, reading, anchor) if reading else None
    form = which[2:]
    piece = text[start:end]
    reading = read_form(form, pats.forms[form].fullmatch(piece) or _never(form, piece), lex, anchor)
    mention = _mention(text, start, end, lang, reading, anchor) if reading else None
    if mention is not None and isinstance(reading, Amount) and reading.direction == 0 and _years_in_digits(reading):
        mention.extra[_AGE_CHECK] = True  # taken off again by ``_Template.of``
    return mention


#: marks a mention that an apposition turns into an age (never left in a mention's ``extra``)
_AGE_CHECK = "\0age check"

_PREVIOUS_WORD = cached_compile(r"([^\W\d_][\w.°º-]*)\s*$")


def _previous_word(text: str, start: int) -> str:
    m = _PREVIOUS_WORD.search(text, max(0, start - 30), start)
    return norm(m.group(1)).rstrip(".") if m else ""


def _years_in_digits(reading: Amount) -> bool:
    return reading.unit == "year" and reading.amount_text[:1].isdigit()


def _apposition(text: str, start: int, end: int) -> bool:
    """A number of years set off by commas or brackets after a name is an age in news style
    ("Jean Burget, 87 ans, ...", "Florian D. (26 ans)"), not a span of time (asked only for a
    number of years in digits: ``_years_in_digits``)."""
    before = text[max(0, start - 40):start].rstrip()
    after = text[end:end + 2].lstrip()
    if not (before.endswith((",", "(")) and after.startswith((",", ")"))):
        return False
    name = before[:-1].rstrip().rsplit(None, 1)[-1:]  # the word before the comma: a name
    return bool(name) and name[0][:1].isupper()


def _never(form: str, piece: str):
    raise AssertionError(f"timex: scanner and form {form!r} disagree on {piece!r}")


# -- public API ------------------------------------------------------------------------------------


def find_time_expressions(text: str, lang: str, published: dt.date | None, sentence_of=None) -> list[Mention]:
    """Every time expression of ``text`` in ``lang``, anchored at ``published`` (or None).

    Mentions are sorted by start, never overlap, and ``text[m.start:m.end] == m.text``.
    ``sentence_of``: optional callable offset -> sentence index, to fill ``Mention.sentence``.
    """
    if isinstance(published, dt.datetime):
        published = published.date()
    pats = patterns(lang)
    lex = lexicon(lang)
    cache = _TEMPLATES.setdefault(lang, {})
    plan = _plan(lang)
    label_words = lex.label_words
    anchor_free = None if published is None else _ANY_ANCHOR
    found: list[Mention] = []
    # the scanner's hits start at the separator before a time expression (``separator``): the
    # text is searched with one put before it, offsets in ``padded`` are one more than in
    # ``text``, and the search for the next hit starts at the last character of this one
    padded = PAD + text
    search = pats.scanner.search
    match = search(padded)
    while match is not None:
        which = match.lastindex
        groups = plan[which]
        start, end = match.span(which)
        if groups is None:
            match = search(padded, end - 1)
            continue  # an age
        if groups is _YEAR_BARE:
            if _previous_word(text, start - 1) in label_words:
                match = search(padded, end - 1)
                continue  # "résolution 1405", "flight 1549"
            key = (which, padded[start:end])
        elif groups:
            spans = [match.span(g) for g in groups]
            key = (which, padded[start:end], *[(a - start, b - start) if a >= 0 else None for a, b in spans])
        else:
            key = (which, padded[start:end])
        # a hit read without looking at its (non-None) anchor is kept for every anchor
        template = cache.get((key, anchor_free), _MISSING)
        if template is _MISSING:
            template = cache.get((key, published), _MISSING)
            if template is _MISSING:
                if len(cache) >= _CACHE_SIZE:
                    cache.clear()
                template, free = _read_hit(match, padded, lang, pats, lex, published, start)
                cache[(key, anchor_free if free else published)] = template
        if template is None or (template.age_check and _apposition(text, start - 1, end - 1)):
            match = search(padded, end - 1)
            continue  # nothing, or "Jean Burget, 87 ans, a été...": an age
        mention = template.at(text, start - 1)
        if sentence_of is not None:
            mention.sentence = sentence_of(mention.start)
        found.append(mention)
        match = search(padded, end - 1)
    return found


def _read_hit(match: re.Match, padded: str, lang: str, pats: Patterns, lex: TimeLexicon, published: dt.date | None,
              start: int) -> tuple[_Template | None, bool]:
    """The template of one scanner hit, and whether it holds for any anchor: the anchor is
    handed over ``_Watched`` so that a reading that never looked at it (a year, "three weeks",
    "June 2024") is kept once for every publication date instead of once per date."""
    anchor = None if published is None else _Watched(published)
    template = _Template.of(_interpret(Hit(match), padded, lang, pats, lex, anchor), start)
    return template, anchor is not None and not anchor.read


class _Watched:
    """A publication date that notes whether it was read (``read``).

    Why not a ``dt.date`` subclass: C code may read a date's fields without calling any method;
    an object that is not a date makes every use go through the methods below, and one they
    do not cover (another special method, a C function that wants a real date) fails loudly
    instead of going unnoticed. Whatever is computed from it is computed from the plain date."""

    __slots__ = ("date", "read")

    def __init__(self, date: dt.date):
        self.date = date
        self.read = False

    def _plain(self) -> dt.date:
        self.read = True
        return self.date

    def __getattr__(self, name: str):  # year, month, day, isoweekday, isocalendar, ...
        return getattr(self._plain(), name)

    def __bool__(self) -> bool:
        return bool(self._plain())

    def __hash__(self) -> int:
        return hash(self._plain())

    def __eq__(self, other) -> bool:
        return self._plain() == other

    def __ne__(self, other) -> bool:
        return self._plain() != other

    def __lt__(self, other) -> bool:
        return self._plain() < other

    def __le__(self, other) -> bool:
        return self._plain() <= other

    def __gt__(self, other) -> bool:
        return self._plain() > other

    def __ge__(self, other) -> bool:
        return self._plain() >= other

    def __add__(self, other):
        return self._plain() + other

    def __radd__(self, other):
        return other + self._plain()

    def __sub__(self, other):
        return self._plain() - other

    def __rsub__(self, other):
        return other - self._plain()

    def __str__(self) -> str:
        return str(self._plain())

    def __repr__(self) -> str:
        return repr(self._plain())

    def __format__(self, spec: str) -> str:
        return format(self._plain(), spec)

    def __reduce__(self):
        raise TypeError("a watched anchor is not to be kept")


#: the anchor part of a cache key for a reading that holds for any publication date (not None)
_ANY_ANCHOR = object()


#: the groups ``_interpret`` reads for each compound hit: with the matched text and the anchor,
#: their spans determine its mention (a form's hit is read from its text alone)
_KEY_GROUPS: dict[str, tuple[str, ...]] = {
    "iv": ("iva", "ivb"),
    "ivd": ("dya", "dyb", "dda", "ddb", "dma", "dmb"),
    "cue": ("cue_w", "cue_t"),
    "apx": ("apx_w", "apx_t"),
    "prep": ("prep_t",),
}
#: a bare year: the word before it may make it a number ("flight 1549")
_YEAR_BARE = ("year_bare",)


@functools.cache
def _plan(lang: str) -> tuple:
    """For each group number of the scanner, what a hit whose alternative closes with that group
    needs: None (an age: nothing), ``_YEAR_BARE``, the numbers of the groups whose spans key its
    reading (a compound hit), or () (a form: its text is enough)."""
    index = patterns(lang).scanner.groupindex
    plan: list = [None] * (max(index.values(), default=0) + 1)
    for name, number in index.items():
        base = name.removesuffix(TWIN)
        suffix = name[len(base):]
        if base == "age":
            plan[number] = None
        elif base == "f_year_bare":
            plan[number] = _YEAR_BARE
        elif base in _KEY_GROUPS:
            plan[number] = tuple(index[g + suffix] for g in _KEY_GROUPS[base] if g + suffix in index)
        else:
            plan[number] = ()
    return tuple(plan)


@dataclass(frozen=True, slots=True)
class _Template:
    """A mention as read from one hit, offsets relative to the hit's start. The same text read
    by the same alternative of the scanner (with the same groups, for a compound hit) and the
    same anchor gives the same mention wherever it stands, so news text, where "2024", "last
    year" or "in March" come back again and again, is interpreted once per distinct hit."""

    middle: tuple  # the mention's fields after its text and before its extra, in order
    tail: tuple  # and those after its extra
    extra: dict
    start: int
    end: int
    ends: tuple[tuple[int, int], ...] | None
    age_check: bool

    @classmethod
    def of(cls, mention: Mention | None, at: int) -> _Template | None:
        if mention is None or mention.start >= mention.end:
            return None
        age_check = bool(mention.extra.pop(_AGE_CHECK, False))
        ends = mention.extra.get("ends")
        rel = None if ends is None else tuple((a - at, b - at) for a, b in ends)
        values = _FIELD_VALUES(mention)
        return cls(values[3:_EXTRA], values[_EXTRA + 1:], mention.extra, mention.start - at, mention.end - at, rel,
                   age_check)

    def at(self, text: str, at: int) -> Mention:
        """The mention for a hit starting at ``at`` in ``text`` (a fresh object every time)."""
        extra = dict(self.extra)
        if self.ends is not None:
            extra["ends"] = [(a + at, b + at) for a, b in self.ends]
        start, end = self.start + at, self.end + at
        return Mention(start, end, text[start:end], *self.middle, extra, *self.tail)


#: the fields of a mention in the order its constructor takes them (start, end, text first)
_FIELDS = tuple(f.name for f in dataclasses.fields(Mention))
_FIELD_VALUES = operator.attrgetter(*_FIELDS)
_EXTRA = _FIELDS.index("extra")
assert _FIELDS[:3] == ("start", "end", "text"), _FIELDS


#: lang -> ((hit name, matched text, spans of the groups read), anchor or ``_ANY_ANCHOR``) -> its
#: mention, or None
_TEMPLATES: dict[str, dict[tuple, _Template | None]] = {}
#: a bound on each language's table (it is emptied when full)
_CACHE_SIZE = 20_000
_MISSING = object()


def clear_caches() -> None:
    """Forget the mentions kept for matched texts (``_Template``), so that the next text is read
    as if it were the first: benchmarks use it to measure without them. dateparser's readings
    have their own cache (``dateparse.cache_clear``)."""
    _TEMPLATES.clear()


#: two anchors far apart: a reading that is the same from both depends on no anchor
_PROBE_ANCHORS = (dt.date(2001, 3, 14), dt.date(2013, 9, 27))


def resolve(candidate: str, lang: str, published: dt.date | None) -> tuple[str | tuple[str, str], str | None] | None:
    """The (value, granularity) of one time expression written alone, or None.

    The finder's own reading is used when it covers the whole string; anything else is handed
    to dateparser (anchored at ``published``; without it, accepted only when two far-apart
    anchors give the same reading, so that nothing depends on the day the code runs).
    """
    if isinstance(published, dt.datetime):
        published = published.date()
    stripped = candidate.strip()
    if not stripped:
        return None
    lex = lexicon(lang)
    mentions = find_time_expressions(stripped, lang, published)
    if len(mentions) == 1:
        mention = mentions[0]
        rest = norm(stripped[: mention.start] + " " + stripped[mention.end:]).strip(" ,.;:")
        if not rest or rest in lex.month_prepositions or rest in lex.articles:
            return (mention.value, mention.granularity) if mention.value is not None else None
    if not _worth_parsing(stripped, lex):
        return None  # dateparser reads "We" as Wednesday and "may" as a month
    if published is not None:
        parsed = dateparse(lang, stripped, published)
        return at_granularity(*_period(parsed)) if parsed else None
    readings = {dateparse(lang, stripped, anchor) for anchor in _PROBE_ANCHORS}
    if len(readings) != 1 or None in readings:
        return None
    return at_granularity(*_period(readings.pop()))


def _worth_parsing(candidate: str, lex: TimeLexicon) -> bool:
    """Only strings with a digit or a word of the language's time vocabulary go to dateparser."""
    vocabulary = _vocabulary(lex)
    return any(any(ch.isdigit() for ch in w) or w in vocabulary for w in re.findall(r"\w+", norm(candidate)))


_VOCABULARIES: dict[str, frozenset[str]] = {}


def _vocabulary(lex: TimeLexicon) -> frozenset[str]:
    if lex.lang not in _VOCABULARIES:
        phrases = [*lex.months, *lex.weekdays, *lex.units, *lex.relative, *lex.ago_before, *lex.ago_after,
                   *lex.later_before, *lex.later_after, *lex.seasons]
        words = {w for p in phrases for w in re.findall(r"\w+", p)}
        stop = set(lex.articles) | set(lex.month_prepositions) | set(lex.date_joiners)
        _VOCABULARIES[lex.lang] = frozenset(w for w in words if len(w) >= 3 and w not in stop)
    return _VOCABULARIES[lex.lang]


def _period(parsed: tuple[dt.date, str]) -> tuple[dt.date, str]:
    when, period = parsed
    return when, period if period in ("day", "week", "month", "year") else "day"
