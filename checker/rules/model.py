"""The syntax tree of a loaded rule set: what a rule file says, in plain records.

The grammar (``checker.rules.grammar``) and loader (``checker.rules.loader``) produce these;
the claim builder and the checks consume them. Nothing here knows about pyparsing.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Position:
    """Where a construct was written: file, 1-based line and column."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(slots=True)
class Topic:
    name: str
    title: str
    languages: list[str]
    pos: Position | None = None


@dataclass(slots=True)
class Entity:
    """A subject claims can be about: NATO, Poland, Ukraine, the summit."""

    name: str                                   # canonical id, e.g. "NATO", "Poland"
    kind: str                                   # "alliance", "country", "event", ...
    names: dict[str, list[str]] = field(default_factory=dict)   # lang -> aliases
    roles: set[str] = field(default_factory=set)                # e.g. {"member of NATO"}
    pos: Position | None = None
    #: codes it can be named by in a rule file (ISO 3166 alpha-2 and alpha-3 for countries)
    codes: list[str] = field(default_factory=list)
    #: the entity set it came from ("countries"), None when written with ``entity``
    source: str | None = None


@dataclass(slots=True)
class CueSet:
    """Words or phrases per language, and how far from the number they may stand."""

    phrases: dict[str, list[str]] = field(default_factory=dict)  # lang -> phrases
    window: int = 12                          # words either side; same clause when "clause"
    same_clause: bool = False


@dataclass(slots=True)
class Tolerance:
    """When two values count as equal: absolute (in the metric's unit) or relative (a fraction)."""

    amount: float = 0.0
    relative: bool = False


@dataclass(slots=True)
class Metric:
    name: str
    label: str
    #: the mention kind it takes: percent_of_gdp, percent, percentage_point, money, count, measure,
    #: number, date, year, duration
    kind: str
    #: for counts: the counted nouns it takes per language ("policier", "police officer");
    #: for money: currencies (ISO codes) under the key "*", or empty for any; for measures:
    #: quantulum3 unit names under the key "*"
    units: dict[str, list[str]] = field(default_factory=dict)
    cues: CueSet = field(default_factory=CueSet)
    subject_kinds: list[str] = field(default_factory=list)   # entity kinds it takes
    default_subject: str | None = None
    #: stance name -> cue phrases per language ("proposed": {"en": ["demands", "calls for"]})
    stances: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    default_stance: str | None = None
    tolerance: Tolerance = field(default_factory=Tolerance)
    pos: Position | None = None
    #: for counts: the same nouns grouped under a language-free name, so that "27 000 policiers"
    #: and "27,000 police officers" count the same thing and soldiers are not police officers:
    #: {"police officers": {"en": ["police officer"], "fr": ["policier"]}, "soldiers": {...}}
    counted: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    #: money rates: "year" for ``takes money per year`` ("$300 billion a year"); None for amounts
    rate: str | None = None
    #: counts: a number written with no counted noun ("the toll rose to 2,140") counts when a cue
    #: stands within this many words (``bare numbers within N words``); None: never
    bare_window: int | None = None
    #: a running total that only grows (a death toll): a later, higher figure is an update, a
    #: later, lower one contradicts the earlier (``running total``)
    running_total: bool = False
    #: "hour" or "minute": times of day tell claims of one day apart (``timed to the hour``)
    timed: str | None = None


#: the periods a money rate may be per ("$300 billion a year")
RATES = ("year", "month", "week", "day")

#: what a number says about the world: asked for, agreed on, measured, or expected
STANCES = ("proposed", "agreed", "actual", "forecast")
SEVERITIES = ("error", "warning", "info")
CHECK_KINDS = ("conflict", "change", "sum", "part", "bounds", "reference", "stale")


@dataclass(slots=True)
class Check:
    """One check of a closed set of kinds; ``params`` holds the kind's documented keys.

    conflict/change/stale: params {}                        (metrics: the metrics it runs on)
    sum:       params {"parts": [metric, ...], "total": metric}
    part:      params {"share": metric, "whole": metric, "part": metric or None}
    bounds:    params {"min": float|None, "max": float|None, "not_after_publication": bool}
    reference: params {"file": path, "source": str, "subject_column": str, "period_column": str,
                       "value_column": str, "tolerance": Tolerance|None,
                       "rows": [{"subject": entity name, "period": str|None, "value": float,
                                 "line": int, "fields": {column: text}}, ...]}
    (``file`` is the absolute path; ``rows`` is the file read and checked when the rules load.)
    """

    id: str                      # short stable id, e.g. "NATO001" or the name the author gave
    kind: str
    metrics: list[str]
    severity: str = "warning"
    params: dict = field(default_factory=dict)
    pos: Position | None = None
    #: a readable name for reports ("Defence targets disagree"); None when the author gave none
    label: str | None = None


@dataclass(slots=True)
class ExpectedClaim:
    """A claim an example sentence must yield; a field left ``None`` is not compared.

    ``subject`` is the entity's canonical name; ``value`` is a number (scale applied: "35 billion"
    is 35e9), a pair for a range, or an ISO 8601 string for date, year and duration metrics;
    ``qualifier`` is one of checker.extract.mention.QUALIFIERS ("=" when a value is written with
    no qualifier); ``unit`` is "percent_of_gdp", "percent", "percentage_point", an ISO 4217 code,
    the counted noun's language-free name ("police officers"), or a measure's unit as written;
    ``period`` is "2035", "by 2035", "since 2014", "2024/2025" or "publication"; for timed
    metrics also "2025-03-14T18:00" (that day and time) or "T18:00" (that time of any day).
    """

    metric: str
    subject: str | None = None
    value: float | tuple[float, float] | str | None = None
    unit: str | None = None
    qualifier: str | None = None
    period: str | None = None        # "2035", "by 2035", "2025-06-24", "publication"
    stance: str | None = None


@dataclass(slots=True)
class Example:
    """A sentence and the claims it must yield (``expected == []`` means: yields none)."""

    lang: str
    text: str
    expected: list[ExpectedClaim]
    pos: Position | None = None


@dataclass(slots=True)
class RuleSet:
    """Everything loaded from one rule file and the files it includes."""

    topics: list[Topic] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    metrics: dict[str, Metric] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    examples: list[Example] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    #: the real path of every file the load read (rule files, includes, reference data)
    read_paths: list[str] = field(default_factory=list)
