"""Syntax records: what each statement of a rule file says, with the position of every name.

The grammar (``checker.rules.grammar``) produces these; the loader (``checker.rules.loader``)
resolves the names in them and builds the model (``checker.rules.model``). They are kept apart
from the model because they hold what was *written* (a name and where), not what it means.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .model import Position


@dataclass(frozen=True, slots=True)
class Name:
    """A word or quoted phrase as written, and where."""

    text: str
    pos: Position


@dataclass(slots=True)
class PhraseGroup:
    """``en "target", "goal"``: a language code and its phrases."""

    lang: Name
    phrases: list[str]


@dataclass(slots=True)
class Clause:
    """One clause of a block statement: its leading word and what follows it."""

    keyword: Name
    value: Any


@dataclass(slots=True)
class Role:
    """``member of NATO`` (for one entity) or ``member of NATO: AL, BE`` (in an entity set)."""

    relation: str            # "member of", "partner of", "candidate for", "observer of"
    target: Name
    members: list[Name] | None = None


@dataclass(slots=True)
class KindSpec:
    """What a metric takes: its kind and, for counts, money and measures, what it counts."""

    kind: str
    pos: Position
    #: counts: [(label or None, [PhraseGroup])]; each label names one language-free noun
    counted: list[tuple[Name | None, list[PhraseGroup]]] = field(default_factory=list)
    #: money: currency codes; measures: unit names
    units: list[Name] = field(default_factory=list)
    #: money rates: "year" for ``money per year``
    rate: str | None = None


@dataclass(slots=True)
class About:
    kinds: list[Name]
    default: Name | None


@dataclass(slots=True)
class Cues:
    window: int | None
    same_clause: bool
    groups: list[PhraseGroup]


@dataclass(slots=True)
class StanceSpec:
    name: Name
    groups: list[PhraseGroup]      # empty for "by default"
    default: bool


@dataclass(slots=True)
class ToleranceSpec:
    amount: float
    unit: str | None              # None, "points", "percent" (relative), "days"
    pos: Position


@dataclass(slots=True)
class Bound:
    """One condition of a bounds check."""

    kind: str                     # "between", "at least", "at most", "not negative", "not after publication"
    low: float | None
    high: float | None
    pos: Position


@dataclass(slots=True)
class UnitSpec:
    kind: str                     # "percent_of_gdp", "percent", "percentage_point", "currency", "words"
    text: str
    pos: Position
    rate: str | None = None       # currencies: "year" for "USD per year"


@dataclass(slots=True)
class ClaimSpec:
    metric: Name
    subject: Name | None
    qualifier: str | None
    value: float | tuple[float, float] | str
    value_pos: Position
    unit: UnitSpec | None
    period: str | None
    stance: Name | None


@dataclass(slots=True)
class IncludeStmt:
    path: Name


@dataclass(slots=True)
class TopicStmt:
    name: Name
    clauses: list[Clause]


@dataclass(slots=True)
class EntityStmt:
    name: Name
    kind: Name | None             # None: "entity X" adds names or roles to an existing entity
    clauses: list[Clause]


@dataclass(slots=True)
class EntitySetStmt:
    source: Name
    clauses: list[Clause]


@dataclass(slots=True)
class MetricStmt:
    name: Name
    clauses: list[Clause]


@dataclass(slots=True)
class CheckStmt:
    id: Name
    kind: Name
    metrics: list[Name]
    spec: dict[str, Any]          # sum: parts/total; part: share/whole/part; bounds: bounds
    severity: Name
    clauses: list[Clause]


@dataclass(slots=True)
class ExampleStmt:
    keyword: Name
    lang: Name
    text: str
    claims: list[ClaimSpec]       # empty: "gives nothing"


Statement = IncludeStmt | TopicStmt | EntityStmt | EntitySetStmt | MetricStmt | CheckStmt | ExampleStmt
