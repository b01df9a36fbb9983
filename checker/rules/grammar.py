"""The grammar of rule files (pyparsing): text -> a list of syntax statements with positions.

The language is keyword-led and line-oriented: every statement starts with one of a few words
(``topic``, ``entity``, ``entities``, ``metric``, ``check``, ``example``, ``include``), every
clause inside a statement starts with its own word (``label``, ``takes``, ``cues``, ...), phrases
are quoted, and indentation carries no meaning. Because each statement and clause is chosen by
its first word, the parser never has to try one long alternative and then another: after the
leading word every failure is final (pyparsing's ``-``), which both rules out catastrophic
backtracking and puts the error where the author made it, with what was expected there.

This module only knows the syntax. Whether a name exists, a language is known or a file can be
read is the loader's business (``checker.rules.loader``); the records below keep the position of
every name so that the loader can point at it.
"""

from __future__ import annotations

import contextvars
import functools
import re
from datetime import date

import pyparsing as pp

from .errors import RuleError, SourceText
from .model import RATES, SEVERITIES, STANCES, Position
from .syntax import (
    About,
    Bound,
    CheckStmt,
    ClaimSpec,
    Clause,
    Cues,
    EntitySetStmt,
    EntityStmt,
    ExampleStmt,
    IncludeStmt,
    KindSpec,
    MetricStmt,
    Name,
    PhraseGroup,
    Role,
    StanceSpec,
    Statement,
    ToleranceSpec,
    TopicStmt,
    UnitSpec,
)
from checker.regex_store import cached_compile

# --------------------------------------------------------------------------------------------
# Positions: parse actions read the file being parsed from a context variable.
# --------------------------------------------------------------------------------------------

_SOURCE: contextvars.ContextVar[SourceText] = contextvars.ContextVar("rule_source")


def _pos(loc: int) -> Position:
    """The position of the token at ``loc`` (pyparsing may hand over the whitespace before it)."""
    source = _SOURCE.get()
    return source.position(_skip_blank(source.text, loc))


def _fail(s: str, loc: int, message: str) -> None:
    raise pp.ParseFatalException(s, loc, message)


# --------------------------------------------------------------------------------------------
# Words of the language
# --------------------------------------------------------------------------------------------

STATEMENT_WORDS = ("topic", "entity", "entities", "metric", "check", "example", "include")
METRIC_CLAUSES = ("label", "takes", "about", "cues", "stance", "tolerance")
#: clauses added for running totals, times of day and bare numbers (listed apart in messages)
METRIC_EXTRA_CLAUSES = ("running total", "timed to the hour", "bare numbers within N words")
CHECK_CLAUSES = ("label", "file", "source", "columns", "tolerance")
CHECK_KINDS_TEXT = "conflict, change, sum, part, bounds, reference, stale"
METRIC_KINDS_TEXT = "percent of GDP, percent, percentage points, count, money, measure, number, date, year, duration"
ROLES = (("member", "of"), ("partner", "of"), ("candidate", "for"), ("observer", "of"))
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}

#: words that cannot be names: they lead statements or join parts of one
RESERVED = frozenset(
    STATEMENT_WORDS
    + (
        "and", "or", "of", "on", "is", "a", "an", "the", "at", "not", "between", "by", "in",
        "since", "from", "to", "default", "gives", "nothing", "when", "within", "as", "for",
    )
)


def K(word: str, caseless: bool = False) -> pp.ParserElement:
    """A word of the language, matched whole (``conflicts`` is not ``conflict``).

    A regular expression rather than ``pp.Keyword`` so that a near miss fails at the start of
    the word the author wrote, which is where the error message should point.
    """
    flags = re.IGNORECASE if caseless else 0
    return pp.Regex(re.escape(word) + r"(?![\w-])", flags=flags).set_name(f"'{word}'")


def _named(expr: pp.ParserElement, name: str) -> pp.ParserElement:
    return expr.set_name(name)


#: the longest name or phrase of a group (names, cues, stance cues, counted nouns), in
#: characters: they are words or short expressions, and they are compiled into patterns whose
#: size grows with them (a phrase of 1,500 characters overflowed the pattern builder's stack)
MAX_PHRASE = 200


def _short(s: str, loc: int, toks: pp.ParseResults) -> None:
    item = toks[0]
    text = item.text if isinstance(item, Name) else item
    if len(text) > MAX_PHRASE:
        _fail(s, loc, f"this name or phrase has {len(text)} characters; at most {MAX_PHRASE} are allowed "
                      "(names and cues are words or short expressions)")


def _make_name(s: str, loc: int, toks: pp.ParseResults) -> Name:
    _short(s, loc, toks)
    return Name(toks[0], _pos(loc))


def _unquote(s: str, loc: int, toks: pp.ParseResults) -> str:
    raw = toks[0]
    inner = raw[1:-1]
    if raw.startswith('"'):
        inner = re.sub(r"\\(.)", r"\1", inner)
    if not inner.strip():
        _fail(s, loc, "a quoted phrase must not be empty")
    return inner


# a name: letters first, then letters, digits, underscores, inner hyphens or dots (NATO-C1)
_IDENT_RE = r"[^\W\d][\w]*(?:[-.][\w]+)*"


def _not_reserved(what: str):
    """A parse action that refuses the language's own words where a name is expected."""

    def check(s: str, loc: int, toks: pp.ParseResults) -> None:
        if toks[0] in RESERVED:
            raise pp.ParseException(s, loc, f"Expected {what} ({toks[0]!r} is a word of the rule language)")

    return check


def _ident(name: str) -> pp.ParserElement:
    expr = pp.Regex(_IDENT_RE).add_parse_action(_not_reserved(name)).add_parse_action(_make_name)
    return _named(expr, name)


QUOTED_RAW = pp.Regex(r'"(?:[^"\\\n]|\\.)*"|“[^”\n]*”')
PHRASE = _named(QUOTED_RAW.copy().add_parse_action(_unquote), "a quoted phrase")
PHRASE_NAME = _named(
    QUOTED_RAW.copy().add_parse_action(_unquote).add_parse_action(_short)
    .add_parse_action(lambda s, l, t: Name(t[0], _pos(l))),
    "a quoted phrase",
)
#: a phrase of a group: a name, cue or counted noun, so no longer than ``MAX_PHRASE``
GROUP_PHRASE = _named(PHRASE.copy().add_parse_action(_short), "a quoted phrase")


def _to_number(s: str, loc: int, toks: pp.ParseResults) -> float:
    text = toks[0].replace("_", "")
    if len(text.lstrip("+-").split(".")[0]) > 15:
        _fail(s, loc, "this number is too large")
    return float(text)


NUMBER = _named(
    pp.Regex(r"[-+]?\d+(?:_\d{3})*(?:\.\d+)?(?![\w.-])").add_parse_action(_to_number), "a number"
)


def _to_int(s: str, loc: int, toks: pp.ParseResults) -> int:
    if len(toks[0]) > 6:
        _fail(s, loc, "this number is too large")
    return int(toks[0])


INTEGER = _named(pp.Regex(r"\d+(?![\w.-])").add_parse_action(_to_int), "a whole number")


def _check_date(s: str, loc: int, toks: pp.ParseResults) -> str:
    text = toks[0]
    parts = [int(p) for p in text.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        _fail(s, loc, f"{text!r} is not a valid date (write YYYY, YYYY-MM or YYYY-MM-DD)")
    return text


DATE = _named(
    pp.Regex(r"\d{4}(?:-\d{2}(?:-\d{2})?)?(?![\w.-])").add_parse_action(_check_date),
    "a date or year (2035, 2024-10, 2025-06-24)",
)
CLOCK = _named(
    pp.Regex(r"(?:[01]?\d|2[0-3]):[0-5]\d(?![\w.:-])").add_parse_action(lambda t: f"{int(t[0].split(':')[0]):02d}:{t[0].split(':')[1]}"),
    "a time of day (18:00)",
)
FULL_DATE = pp.Regex(r"\d{4}-\d{2}(?:-\d{2})?(?![\w.-])").add_parse_action(_check_date)
ISO_DURATION = pp.Regex(r"P(?:\d+[YMWD])+(?![\w.-])")

LANG = _named(
    pp.Regex(r"[a-z]{2,3}(?![\w-])").add_parse_action(_not_reserved("a language code")).add_parse_action(_make_name),
    "a language code (en, fr, ...)",
)
_NAME_WORD = pp.Regex(_IDENT_RE).add_parse_action(_not_reserved("a name")).add_parse_action(_make_name)
ENTITY_REF = _named(_NAME_WORD | PHRASE_NAME, "an entity name (a word or a quoted phrase)")
ENTITY_REF_MEMBER = _named(_NAME_WORD | PHRASE_NAME, "a member (a code such as DE or DEU, or a name)")
METRIC_REF = _ident("a metric name")
KIND_NAME = _ident("an entity kind (alliance, country, event, ...)")
ARTICLE = pp.Optional(K("a") | K("an") | K("the")).suppress()
COMMA = pp.Suppress(",")


def _comma_list(item: pp.ParserElement) -> pp.ParserElement:
    return item + pp.ZeroOrMore(COMMA - item)


def _phrase_group() -> pp.ParserElement:
    group = pp.Group(LANG - pp.Group(_comma_list(GROUP_PHRASE)))
    return group.add_parse_action(lambda t: PhraseGroup(t[0][0], list(t[0][1])))


def _phrase_groups() -> pp.ParserElement:
    """``en "a", "b"; fr "c"`` (the semicolon is optional; lines work as well)."""
    group = _phrase_group()
    more = (pp.Suppress(";") - _phrase_group()) | _phrase_group()
    return pp.Group(group + pp.ZeroOrMore(more)).add_parse_action(lambda t: [list(t[0])])


def _block_end(what: str) -> pp.ParserElement:
    """After a block's clauses: the next statement or the end of the file, else say what fits."""
    statement_start = pp.MatchFirst([K(w) for w in STATEMENT_WORDS])
    return _named(pp.FollowedBy(statement_start) | pp.StringEnd(), what)


def _clause(keyword: pp.ParserElement, body: pp.ParserElement) -> pp.ParserElement:
    """A clause: its leading word(s), then (after which every failure is final) its body."""
    lead = pp.Combine(keyword, adjacent=False, join_string=" ").add_parse_action(_make_name)
    return pp.Group(lead - body).add_parse_action(lambda t: Clause(t[0][0], t[0][1] if len(t[0]) > 1 else None))


def _statement_words_text() -> str:
    return ", ".join(STATEMENT_WORDS)


# --------------------------------------------------------------------------------------------
# The grammar
# --------------------------------------------------------------------------------------------


@functools.cache
def grammar() -> pp.ParserElement:
    """The whole-file grammar, built once."""
    # ---- shared pieces ------------------------------------------------------------------
    languages_list = pp.Group(_comma_list(LANG)).add_parse_action(lambda t: [list(t[0])])
    title = _clause(K("title"), PHRASE)
    languages = _clause(K("languages"), languages_list)

    role_words = pp.MatchFirst([K(a) - K(b) for a, b in ROLES])
    role_head = pp.Combine(role_words, adjacent=False, join_string=" ")

    def role_clause(with_members: bool) -> pp.ParserElement:
        members_list = pp.Group(_comma_list(ENTITY_REF_MEMBER))
        body = ENTITY_REF.copy()
        if with_members:
            body = body - _named(pp.Suppress(":"), "':' and the members (AL, BE, ...)") - members_list

        def build(s: str, loc: int, toks: pp.ParseResults) -> Clause:
            group = toks[0]
            members = list(group[2]) if with_members else None
            keyword = Name(group[0], _pos(loc))
            return Clause(keyword, Role(group[0], group[1], members))

        return pp.Group(role_head - body).add_parse_action(build)

    # ---- topic --------------------------------------------------------------------------
    topic_clause = _named(title | languages, "a topic clause (title, languages)")
    topic = (
        K("topic").suppress()
        - _ident("a topic name")
        + pp.Group(pp.ZeroOrMore(topic_clause))
        - _block_end(f"a topic clause (title, languages) or a new statement ({_statement_words_text()})")
    ).add_parse_action(lambda t: TopicStmt(t[0], list(t[1])))

    # ---- entity -------------------------------------------------------------------------
    names = _clause(K("names"), _phrase_groups())
    entity_clause = names | role_clause(False)
    entity_kind = K("is").suppress() - ARTICLE - KIND_NAME
    entity = (
        K("entity").suppress()
        - (_ident("an entity name") | PHRASE_NAME).set_name("an entity name (a word or a quoted phrase)")
        + pp.Group(pp.Optional(entity_kind))
        + pp.Group(pp.ZeroOrMore(entity_clause))
        - _block_end(
            "an entity clause (names, member of, partner of, candidate for, observer of),"
            f" 'is a KIND' after the name, or a new statement ({_statement_words_text()})"
        )
    ).add_parse_action(lambda t: EntityStmt(t[0], t[1][0] if len(t[1]) else None, list(t[2])))

    entity_set_clause = languages | role_clause(True)
    entity_set = (
        K("entities").suppress()
        - _ident("an entity set (countries)")
        + pp.Group(pp.ZeroOrMore(entity_set_clause))
        - _block_end(
            "an entity set clause (languages, member of, partner of, candidate for, observer of)"
            f" or a new statement ({_statement_words_text()})"
        )
    ).add_parse_action(lambda t: EntitySetStmt(t[0], list(t[1])))

    # ---- metric -------------------------------------------------------------------------
    metric = _metric_grammar()

    # ---- check --------------------------------------------------------------------------
    check = _check_grammar()

    # ---- example ------------------------------------------------------------------------
    example = _example_grammar()

    # ---- include ------------------------------------------------------------------------
    include = (K("include").suppress() - _named(PHRASE_NAME.copy(), "a quoted file name")).add_parse_action(
        lambda t: IncludeStmt(t[0])
    )

    statement = pp.MatchFirst([topic, entity_set, entity, metric, check, example, include])
    rules = pp.ZeroOrMore(statement) + _named(
        pp.StringEnd(), f"a statement ({_statement_words_text()})"
    )
    rules.parse_with_tabs()
    return rules


def _tolerance_clause() -> pp.ParserElement:
    unit = pp.MatchFirst(
        [
            (pp.Literal("%") | K("percent")).add_parse_action(pp.replace_with("percent")),
            (K("percentage") - (K("points") | K("point"))).add_parse_action(pp.replace_with("points")),
            (K("points") | K("point")).add_parse_action(pp.replace_with("points")),
            (K("days") | K("day")).add_parse_action(pp.replace_with("days")),
        ]
    )

    def build(s: str, loc: int, toks: pp.ParseResults) -> ToleranceSpec:
        return ToleranceSpec(toks[0], toks[1] if len(toks) > 1 else None, _pos(loc))

    body = (NUMBER + pp.Optional(unit)).add_parse_action(build)
    return _clause(K("tolerance"), _named(body, "a tolerance (0.1 points, 2 %, 3 days, 100)"))


def _metric_grammar() -> pp.ParserElement:
    label = _clause(K("label"), PHRASE)

    # what it takes ------------------------------------------------------------------------
    percent_word = K("percent") | pp.Literal("%") | K("per") + K("cent") | K("percentage")
    of_gdp = K("of") - _named(K("GDP", caseless=True), "'GDP'")
    percent_kind = (percent_word + pp.Optional(of_gdp)).add_parse_action(
        lambda s, l, t: KindSpec("percent_of_gdp" if "of" in list(t) else "percent", _pos(l))
    )
    gdp_kind = K("percent_of_gdp").add_parse_action(lambda s, l, t: KindSpec("percent_of_gdp", _pos(l)))
    points_kind = (
        (K("percentage") + (K("points") | K("point")))
        | K("percentage_point")
        | K("percentage_points")
        | K("points")
    ).add_parse_action(lambda s, l, t: KindSpec("percentage_point", _pos(l)))

    count_label = pp.Regex(r"[^\W\d_][\w'’-]*(?:[ \t]+[^\W\d_][\w'’-]*)*[ \t]*:").add_parse_action(
        lambda s, l, t: Name(t[0].rstrip(" \t:"), _pos(l))
    )
    labelled = pp.Group(count_label - _phrase_groups())
    unlabelled = pp.Group(pp.Empty().add_parse_action(lambda: [None]) + _phrase_groups())
    counted = _named(
        pp.Group(pp.OneOrMore(labelled) | unlabelled),
        "what it counts: a name and ':' (soldiers: en \"soldier\"; fr \"soldat\") or phrases per language",
    )

    def build_count(s: str, loc: int, toks: pp.ParseResults) -> KindSpec:
        spec = KindSpec("count", _pos(loc))
        if len(toks) > 1:
            spec.counted = [(g[0], list(g[1])) for g in toks[1]]
        return spec

    count_kind = (K("count") + pp.Optional(K("of").suppress() - counted)).add_parse_action(build_count)

    currency = _named(
        pp.Regex(r"[A-Z]{3}(?![\w-])").add_parse_action(_make_name), "a currency code (USD, EUR, GBP, ...)"
    )

    def build_units(kind_name: str):
        def build(s: str, loc: int, toks: pp.ParseResults) -> KindSpec:
            rate = None
            units = []
            for tok in toks[1:]:
                if isinstance(tok, pp.ParseResults):
                    rate = tok[0]
                else:
                    units.append(tok)
            return KindSpec(kind_name, _pos(loc), units=units, rate=rate)

        return build

    money_kind = (
        K("money")
        + pp.Optional(pp.Group(_rate()))
        + pp.Optional(K("in").suppress() - _comma_list(currency))
    ).add_parse_action(build_units("money"))
    measure_kind = (K("measure") + pp.Optional(K("in").suppress() - _comma_list(PHRASE_NAME))).add_parse_action(
        build_units("measure")
    )
    plain_kinds = [
        K(w).add_parse_action(lambda s, l, t: KindSpec(t[0], _pos(l)))
        for w in ("number", "date", "year", "duration")
    ]
    metric_kind = _named(
        pp.MatchFirst([gdp_kind, points_kind, percent_kind, count_kind, money_kind, measure_kind, *plain_kinds]),
        f"a metric kind ({METRIC_KINDS_TEXT})",
    )
    takes = _clause(K("takes"), ARTICLE + metric_kind)

    # which subjects -------------------------------------------------------------------------
    kind_item = ARTICLE + KIND_NAME
    default = K("default").suppress() - ENTITY_REF

    def build_about(s: str, loc: int, toks: pp.ParseResults) -> About:
        kinds = [t for t in toks[0]]
        return About(kinds, toks[1][0] if len(toks[1]) else None)

    about_body = (
        pp.Group(kind_item + pp.ZeroOrMore((COMMA | K("or").suppress()) + ~K("default") - kind_item))
        + pp.Group(pp.Optional(pp.Optional(COMMA) + default))
    ).add_parse_action(build_about)
    about = _clause(K("about"), about_body)

    # cues -----------------------------------------------------------------------------------
    window = (
        K("within").suppress() - INTEGER - _named(K("words") | K("word"), "'words'").suppress()
    ).add_parse_action(lambda t: [(t[0], False)])
    same_clause = (
        K("in").suppress() - ARTICLE - _named(K("same"), "'same clause'").suppress() - K("clause").suppress()
    ).add_parse_action(lambda: [(None, True)])
    cues_body = (
        pp.Group(pp.Optional(window | same_clause))
        - _named(_phrase_groups(), "cue phrases per language (en \"target\", \"goal\")")
    ).add_parse_action(
        lambda t: Cues(t[0][0][0] if len(t[0]) else None, bool(len(t[0]) and t[0][0][1]), t[1])
    )
    cues = _clause(K("cues"), cues_body)

    # stances --------------------------------------------------------------------------------
    stance_name = _named(
        pp.MatchFirst([K(s) for s in STANCES]).add_parse_action(_make_name),
        f"a stance ({', '.join(STANCES)})",
    )
    stance_how = _named(
        (K("when").suppress() - _phrase_groups()).add_parse_action(lambda t: [(t[0], False)])
        | (K("by") - K("default")).add_parse_action(lambda: [([], True)]),
        "'when' and cue phrases per language, or 'by default'",
    )
    stance_body = (stance_name - stance_how).add_parse_action(lambda t: StanceSpec(t[0], t[1][0], t[1][1]))
    stance = _clause(K("stance"), stance_body)

    # running totals, times of day, bare numbers ------------------------------------------------
    running = _clause(K("running") - _named(K("total"), "'total'"), pp.Empty())
    timed = _clause(
        K("timed"),
        _named(K("to"), "'to the hour' or 'to the minute'").suppress()
        - ARTICLE
        - _named(K("hour") | K("minute"), "'hour' or 'minute'"),
    )
    bare_window = (
        _named(K("within"), "'within N words'").suppress()
        - INTEGER
        - _named(K("words") | K("word"), "'words'").suppress()
    )
    bare = _clause(K("bare") - _named(K("numbers"), "'numbers'"), bare_window)

    metric_clause = label | takes | about | cues | stance | _tolerance_clause() | running | timed | bare
    return (
        K("metric").suppress()
        - _ident("a metric name")
        + pp.Group(pp.ZeroOrMore(metric_clause))
        - _block_end(
            f"a metric clause ({', '.join(METRIC_CLAUSES)}) or one of {', '.join(METRIC_EXTRA_CLAUSES)},"
            f" or a new statement ({_statement_words_text()})"
        )
    ).add_parse_action(lambda t: MetricStmt(t[0], list(t[1])))


def _rate() -> pp.ParserElement:
    """``per year`` (also month, week, day): what a money rate is per."""
    return K("per").suppress() - _named(
        pp.MatchFirst([K(w) for w in RATES]), f"a period of a rate ({', '.join(RATES)})"
    )


def _check_grammar() -> pp.ParserElement:
    metric_list = pp.Group(METRIC_REF + pp.ZeroOrMore((COMMA | K("and").suppress()) - METRIC_REF))
    on_metrics = K("on").suppress() - metric_list

    def kind_word(word: str) -> pp.ParserElement:
        return K(word).add_parse_action(_make_name)

    simple = [
        (kind_word(w) - on_metrics).add_parse_action(lambda t: [(t[0], list(t[1]), {})])
        for w in ("conflict", "change", "stale", "reference")
    ]

    def build_sum(t: pp.ParseResults) -> list:
        parts = list(t[1])
        return [(t[0], parts + [t[2]], {"parts": parts, "total": t[2]})]

    sum_kind = (
        kind_word("sum")
        - pp.Group(METRIC_REF - pp.OneOrMore(pp.Suppress("+") - METRIC_REF))
        - _named(pp.Suppress("="), "'=' and the total")
        - METRIC_REF
    ).add_parse_action(build_sum)

    def build_part(t: pp.ParseResults) -> list:
        share, whole = t[1], t[2]
        part = t[3][0] if len(t[3]) else None
        metrics = [share, whole] + ([part] if part else [])
        return [(t[0], metrics, {"share": share, "whole": whole, "part": part})]

    part_kind = (
        kind_word("part")
        - METRIC_REF
        - _named(K("of"), "'of' and the whole").suppress()
        - METRIC_REF
        + pp.Group(pp.Optional(K("is").suppress() - METRIC_REF))
    ).add_parse_action(build_part)

    def bound(kind: str, expr: pp.ParserElement) -> pp.ParserElement:
        def build(s: str, loc: int, toks: pp.ParseResults) -> Bound:
            nums = [x for x in toks if isinstance(x, float)]
            low = nums[0] if kind in ("between", "at least") else (0.0 if kind == "not negative" else None)
            high = nums[-1] if kind in ("between", "at most") else None
            return Bound(kind, low, high, _pos(loc))

        return expr.add_parse_action(build)

    one_bound = _named(
        pp.MatchFirst(
            [
                bound("between", K("between") - NUMBER - K("and") - NUMBER),
                bound("at least", K("at") + K("least") - NUMBER),
                bound("at most", K("at") + K("most") - NUMBER),
                bound("not negative", K("not") + K("negative")),
                bound("not after publication", K("not") + K("after") - K("publication")),
            ]
        ),
        "a bound (between A and B, at least A, at most B, not negative, not after publication)",
    )
    bounds_kind = (
        kind_word("bounds") - on_metrics - pp.Group(one_bound + pp.ZeroOrMore(K("and").suppress() - one_bound))
    ).add_parse_action(lambda t: [(t[0], list(t[1]), {"bounds": list(t[2])})])

    check_kind = _named(
        pp.MatchFirst([*simple, sum_kind, part_kind, bounds_kind]), f"a check kind ({CHECK_KINDS_TEXT})"
    )
    severity = _named(
        pp.MatchFirst([K(s) for s in SEVERITIES]).add_parse_action(_make_name),
        f"a severity ({', '.join(SEVERITIES)})",
    )

    column_item = pp.Group(
        _named((K("subject") | K("period") | K("value")).add_parse_action(_make_name), "subject, period or value")
        - PHRASE_NAME
    ).add_parse_action(lambda t: [(t[0][0], t[0][1])])
    columns = _clause(K("columns"), pp.Group(_comma_list(column_item)).add_parse_action(lambda t: [list(t[0])]))
    check_clause = (
        _clause(K("label"), PHRASE)
        | _clause(K("file") | K("from"), PHRASE_NAME)
        | _clause(K("source"), PHRASE)
        | columns
        | _tolerance_clause()
    )

    def build(t: pp.ParseResults) -> CheckStmt:
        kind, metrics, spec = t[1]
        return CheckStmt(t[0], kind, metrics, spec, t[2], list(t[3]))

    return (
        K("check").suppress()
        - _ident("a check id (NATO-C1)")
        - check_kind
        - _named(pp.Suppress(":"), "':' and a severity (error, warning, info)")
        - severity
        + pp.Group(pp.ZeroOrMore(check_clause))
        - _block_end(
            f"a check clause ({', '.join(CHECK_CLAUSES)}) or a new statement ({_statement_words_text()})"
        )
    ).add_parse_action(build)


def _example_grammar() -> pp.ParserElement:
    def replace(expr: pp.ParserElement, value: str) -> pp.ParserElement:
        return expr.add_parse_action(pp.replace_with(value))

    qualifier = pp.MatchFirst(
        [
            replace(pp.Literal(">="), ">="),
            replace(pp.Literal("<="), "<="),
            replace(pp.Literal(">"), ">"),
            replace(pp.Literal("<"), "<"),
            replace(pp.Literal("~"), "~"),
            replace(pp.Literal("="), "="),
            replace(K("more") + K("than"), ">"),
            replace(K("over") | K("above"), ">"),
            replace(K("at") + K("least"), ">="),
            replace(K("less") + K("than"), "<"),
            replace(K("under") | K("below"), "<"),
            replace(K("at") + K("most"), "<="),
            replace(K("about") | K("around") | K("approximately"), "~"),
            replace(K("exactly"), "="),
            replace(K("up"), "up"),
            replace(K("down"), "down"),
        ]
    )
    scale = pp.MatchFirst([K(w) for w in SCALES]).add_parse_action(lambda t: SCALES[t[0]])
    scaled = (NUMBER + pp.Optional(scale)).add_parse_action(lambda t: t[0] * (t[1] if len(t) > 1 else 1))
    value = _named(
        pp.MatchFirst(
            [
                (K("between").suppress() - scaled - K("and").suppress() - scaled).add_parse_action(
                    lambda t: [(t[0], t[1])]
                ),
                FULL_DATE,
                ISO_DURATION,
                (scaled + pp.Optional(K("to").suppress() - scaled)).add_parse_action(
                    lambda t: [(t[0], t[1])] if len(t) > 1 else [t[0]]
                ),
            ]
        ),
        "a value (4, 3.5, 35 billion, between 2 and 3, 2025-06-24)",
    )

    def unit(kind: str, expr: pp.ParserElement) -> pp.ParserElement:
        return expr.add_parse_action(lambda s, l, t: UnitSpec(kind, " ".join(str(x) for x in t), _pos(l)))

    percent_word = K("percent") | pp.Literal("%") | K("per") + K("cent")

    def percent_unit(s: str, loc: int, toks: pp.ParseResults) -> UnitSpec:
        kind = "percent_of_gdp" if "of" in list(toks) else "percent"
        return UnitSpec(kind, " ".join(toks), _pos(loc))

    unit_word = pp.Regex(r"[^\W\d_][\w'’.-]*").add_parse_action(_not_reserved("a unit"))
    unit_expr = pp.MatchFirst(
        [
            (percent_word + pp.Optional(K("of") - _named(K("GDP", caseless=True), "'GDP'"))).add_parse_action(
                percent_unit
            ),
            unit("percentage_point", (K("percentage") - (K("points") | K("point"))) | K("points") | K("point") | K("pp")),
            (pp.Regex(r"[A-Z]{3}(?![\w-])") + pp.Optional(_rate())).add_parse_action(
                lambda s, l, t: UnitSpec("currency", t[0], _pos(l), t[1] if len(t) > 1 else None)
            ),
            unit("words", PHRASE.copy()),
            unit("words", pp.OneOrMore(unit_word)),
        ]
    )
    period = _named(
        pp.MatchFirst(
            [
                (K("by") - DATE).add_parse_action(lambda t: f"by {t[1]}"),
                (K("since") - DATE).add_parse_action(lambda t: f"since {t[1]}"),
                (K("from") - DATE - K("to") - DATE).add_parse_action(lambda t: f"{t[1]}/{t[3]}"),
                (K("in") - DATE).add_parse_action(lambda t: t[1]),
                (K("on") - DATE + pp.Optional(K("at").suppress() + CLOCK)).add_parse_action(
                    lambda t: t[1] + (f"T{t[2]}" if len(t) > 2 else "")
                ),
                replace(K("at") + K("publication"), "publication"),
                (K("at").suppress() + CLOCK).add_parse_action(lambda t: f"T{t[0]}"),
                replace(K("as") + K("of") + K("publication"), "publication"),
            ]
        ),
        "a period (by 2035, in 2024, on 2025-06-24, since 2014, from 2024 to 2025, at publication, at 18:00)",
    )
    stance = _named(
        pp.MatchFirst([K(s) for s in STANCES]).add_parse_action(_make_name), f"a stance ({', '.join(STANCES)})"
    )

    def build_claim(s: str, loc: int, toks: pp.ParseResults) -> ClaimSpec:
        g = toks[0]
        metric, subject, qual, val, unit_spec, per, st = (
            g[0], g[1], g[2], g[3], g[4], g[5], g[6],
        )
        return ClaimSpec(
            metric=metric,
            subject=subject[0] if len(subject) else None,
            qualifier=qual[0] if len(qual) else None,
            value=val[0][1],
            value_pos=val[0][0],
            unit=unit_spec[0] if len(unit_spec) else None,
            period=per[0] if len(per) else None,
            stance=st[0] if len(st) else None,
        )

    located_value = value.copy().add_parse_action(lambda s, l, t: [(_pos(l), t[0])])
    claim = pp.Group(
        METRIC_REF
        - pp.Group(pp.Optional(K("of").suppress() - ENTITY_REF))
        - pp.Group(pp.Optional(qualifier))
        - pp.Group(located_value)
        + pp.Group(pp.Optional(unit_expr))
        + pp.Group(pp.Optional(period))
        + pp.Group(pp.Optional(COMMA - stance))
    ).add_parse_action(build_claim)

    nothing = K("nothing").add_parse_action(lambda: [[]])
    claims = pp.Group(claim + pp.ZeroOrMore(K("and").suppress() - claim)).add_parse_action(lambda t: [list(t[0])])
    gives = _named(nothing | claims, "'nothing' or a claim (metric [of subject] value [unit] [period] [, stance])")

    keyword = K("example").add_parse_action(_make_name)
    return (
        keyword
        - LANG
        - _named(PHRASE.copy(), "the example sentence in quotes")
        - _named(K("gives"), "'gives'").suppress()
        - gives
        - _block_end(
            "a period, ', STANCE', 'and' another claim, or a new statement "
            f"({_statement_words_text()})"
        )
    ).add_parse_action(lambda t: ExampleStmt(t[0], t[1], t[2], list(t[3])))


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------


def _skip_blank(text: str, loc: int) -> int:
    """Move an error position past whitespace and comments, to the token that was wrong."""
    while loc < len(text):
        if text[loc].isspace():
            loc += 1
        elif text[loc] == "#":
            end = text.find("\n", loc)
            loc = len(text) if end < 0 else end
        else:
            break
    return loc


def _found(text: str, loc: int) -> str:
    if loc >= len(text.rstrip()):
        return "the end of the file"
    match = re.match(r'"[^"\n]{0,40}"?|“[^”\n]{0,40}”?|[\w.\'’-]{1,40}|\S', text[loc:])
    return repr(match.group(0)) if match else repr(text[loc])


def _syntax_error(source: SourceText, exc: pp.ParseBaseException) -> RuleError:
    text = source.text
    message = exc.msg or "syntax error"
    if isinstance(exc, pp.ParseFatalException) and not message.startswith("Expected"):
        return source.error(exc.loc, message)  # raised by a parse action with its own words
    loc = _skip_blank(text, exc.loc)
    if loc >= len(text):  # point just after the last thing written, not at an empty last line
        loc = len(text.rstrip())
    if loc < len(text) and text[loc] in "\"“":
        line_end = text.find("\n", loc)
        rest = text[loc + 1 : len(text) if line_end < 0 else line_end]
        closing = "”" if text[loc] == "“" else '"'
        if closing not in rest.replace('\\"', ""):
            return source.error(loc, "this quoted phrase is not closed (end it with \" on the same line)")
    expected = message[len("Expected "):] if message.startswith("Expected ") else message
    hint = ""
    before = text[:loc].rstrip()
    if loc < len(text) and text[loc] in "\"“" and before.endswith(("\"", "”")):
        hint = " (put a comma between two phrases)"
    return source.error(loc, f"expected {expected}, found {_found(text, loc)}{hint}", expected=expected)


_COMMENT_OR_PHRASE = cached_compile(r'"(?:[^"\\\n]|\\.)*"|“[^”\n]*”|(#[^\n]*)')


def blank_comments(text: str) -> str:
    """The text with every comment replaced by spaces (phrases kept), so offsets stay the same.

    Comments are removed before parsing rather than skipped by the grammar at every token:
    pyparsing would look for a comment before each of the thousands of tokens of a rule file.
    """

    def blank(match: re.Match) -> str:
        return " " * len(match.group(0)) if match.group(1) else match.group(0)

    return _COMMENT_OR_PHRASE.sub(blank, text)


def parse(text: str, filename: str) -> list[Statement]:
    """Parse one rule file's text into statements; raise :class:`RuleError` on a syntax error."""
    source = SourceText(text, filename)
    token = _SOURCE.set(source)
    try:
        result = grammar().parse_string(blank_comments(text), parse_all=False)
    except pp.ParseBaseException as exc:
        raise _syntax_error(source, exc) from None
    finally:
        _SOURCE.reset(token)
    return list(result)
