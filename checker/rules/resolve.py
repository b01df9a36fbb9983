"""Resolving a rule set: every name a rule file uses is looked up, and every meaning checked.

The grammar says whether a file is well formed; this module says whether the rule set makes
sense. Every name (a metric in a check, a default subject, the target of a role, a language
code, a stance in an example) is resolved over the whole rule set, so the order of statements
and files does not matter, and an unknown one is a :class:`RuleError` at the position where it
is written. The result is the model (``checker.rules.model``) that the rest of factlint reads.
"""

from __future__ import annotations

import csv
import difflib
import functools
import io
import re
from importlib import resources

from . import entity_sets
from .errors import RuleError, SourceText
from .model import (
    Check,
    CueSet,
    Entity,
    Example,
    ExpectedClaim,
    Metric,
    Position,
    RuleSet,
    Tolerance,
    Topic,
)
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
    KindSpec,
    MetricStmt,
    Name,
    PhraseGroup,
    Role,
    StanceSpec,
    ToleranceSpec,
    TopicStmt,
)

#: metric kinds whose values are numbers (the others hold ISO 8601 strings)
NUMERIC_KINDS = ("percent_of_gdp", "percent", "percentage_point", "money", "count", "measure", "number")
PERCENT_KINDS = ("percent_of_gdp", "percent", "percentage_point")
TIME_KINDS = ("date", "year", "duration")
KIND_WORDS = {
    "percent_of_gdp": "percent of GDP",
    "percent": "percent",
    "percentage_point": "percentage points",
}
DURATION_UNITS = {"day": "D", "days": "D", "week": "W", "weeks": "W", "month": "M", "months": "M",
                  "year": "Y", "years": "Y"}
MAX_WINDOW = 200


@functools.cache
def known_languages() -> tuple[str, ...]:
    """The languages factlint has a data file for (checker/lang/*.yaml): adding a file adds one."""
    files = resources.files("checker.lang").iterdir()
    return tuple(sorted(f.name[:-5] for f in files if f.name.endswith(".yaml") and f.name != "base.yaml"))


def _suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.75)
    return f"; did you mean {close[0]!r}?" if close else ""


class Resolver:
    """Resolve names and check meanings over every statement loaded.

    ``loader`` is the :class:`checker.rules.loader._Loader` that read the files: it supplies the
    statements (with the file each came from), the texts for error lines, and ``read_beside``
    for the reference files.
    """

    def __init__(self, loader) -> None:
        self.loader = loader
        self.rules = RuleSet(files=list(loader.files))
        self.languages = known_languages()
        #: canonical names and codes -> entity (what a rule file may call an entity)
        self.by_name: dict[str, Entity] = {}
        #: every alias in any language -> entities (for members and reference files)
        self.by_alias: dict[str, list[Entity]] = {}
        self._indexed: set[tuple[str, int]] = set()  # (alias, id(entity)) already in by_alias
        self.defined_at: dict[str, Position | None] = {}
        #: when a list (``rules lint``): checks that can never fire are recorded here and left
        #: out, instead of stopping the load
        self.dead_checks: list[RuleError] | None = getattr(loader, "dead_checks", None)

    def err(self, pos: Position | None, message: str) -> RuleError:
        return self.loader.err(pos, message)

    def of(self, kind: type) -> list[_Located]:
        return [s for s in self.loader.statements if isinstance(s.stmt, kind)]

    def build(self) -> RuleSet:
        for located in self.of(TopicStmt):
            self.topic(located.stmt)
        self.entities()
        for located in self.of(MetricStmt):
            self.metric(located.stmt)
        for located in self.of(CheckStmt):
            self.check(located.stmt, located.info)
        for located in self.of(ExampleStmt):
            self.example(located.stmt)
        return self.rules

    # ---- shared helpers -------------------------------------------------------------------

    def lang(self, name: Name) -> str:
        if name.text not in self.languages:
            raise self.err(
                name.pos,
                f"unknown language {name.text!r} (known: {', '.join(self.languages)})"
                + _suggest(name.text, self.languages),
            )
        return name.text

    def phrases(self, groups: list[PhraseGroup], into: dict[str, list[str]] | None = None) -> dict[str, list[str]]:
        out = into if into is not None else {}
        seen: dict[str, set[str]] = {}  # a set per language: 10,000 cues must not cost 10,000²
        for group in groups:
            lang = self.lang(group.lang)
            bucket = out.setdefault(lang, [])
            known = seen.setdefault(lang, set(bucket))
            for phrase in group.phrases:
                if phrase not in known:
                    known.add(phrase)
                    bucket.append(phrase)
        return out

    @staticmethod
    def single_clauses(clauses: list[Clause], once: tuple[str, ...], err) -> dict[str, Clause]:
        """Clauses that may appear once, by keyword; a second one is an error at its keyword."""
        seen: dict[str, Clause] = {}
        for clause in clauses:
            key = clause.keyword.text
            if key in once:
                if key in seen:
                    first = seen[key].keyword.pos
                    raise err(clause.keyword.pos, f"a second {key!r} clause (the first is at line {first.line})")
                seen[key] = clause
        return seen

    def entity(self, name: Name) -> Entity:
        found = self.by_name.get(name.text)
        if found is None:
            raise self.err(name.pos, f"unknown entity {name.text!r}" + _suggest(name.text, self.by_name))
        return found

    def metric_ref(self, name: Name) -> Metric:
        found = self.rules.metrics.get(name.text)
        if found is None:
            raise self.err(name.pos, f"unknown metric {name.text!r}" + _suggest(name.text, self.rules.metrics))
        return found

    def register(self, entity: Entity, pos: Position | None, keys: list[str]) -> None:
        for key in keys:
            if key in self.by_name and self.by_name[key] is not entity:
                other = self.by_name[key]
                where = f"by the entity set {other.source}" if other.source else f"at {self.defined_at.get(key)}"
                hint = f" (write 'entity {entity.name}' without 'is a ...' to add names or roles to it)"
                raise self.err(pos, f"entity {key!r} is already defined {where}" + (hint if other.source else ""))
            self.by_name[key] = entity
            self.defined_at[key] = pos

    def index_aliases(self, entity: Entity) -> None:
        for key in [entity.name, *entity.codes, *(n for names in entity.names.values() for n in names)]:
            # a set of what is indexed, not a scan of the bucket: thousands of entities may
            # share an alias (a rule file written by a generator), which made loading quadratic
            if (key, id(entity)) not in self._indexed:
                self._indexed.add((key, id(entity)))
                self.by_alias.setdefault(key, []).append(entity)

    # ---- topics ---------------------------------------------------------------------------

    def topic(self, stmt: TopicStmt) -> None:
        if any(t.name == stmt.name.text for t in self.rules.topics):
            raise self.err(stmt.name.pos, f"topic {stmt.name.text!r} is defined twice")
        clauses = self.single_clauses(stmt.clauses, ("title", "languages"), self.err)
        if "title" not in clauses:
            raise self.err(stmt.name.pos, f"topic {stmt.name.text!r} has no title (add: title \"...\")")
        if "languages" not in clauses:
            raise self.err(stmt.name.pos, f"topic {stmt.name.text!r} has no languages (add: languages en, fr)")
        langs = [self.lang(n) for n in clauses["languages"].value]
        self.rules.topics.append(Topic(stmt.name.text, clauses["title"].value, langs, stmt.name.pos))

    # ---- entities -------------------------------------------------------------------------

    def entities(self) -> None:
        sets: dict[str, tuple[EntitySetStmt, list[Entity]]] = {}
        for located in self.of(EntitySetStmt):
            stmt = located.stmt
            source = stmt.source.text
            if source not in entity_sets.SOURCES:
                raise self.err(
                    stmt.source.pos,
                    f"unknown entity set {source!r} (known: {', '.join(entity_sets.SOURCES)})"
                    + _suggest(source, entity_sets.SOURCES),
                )
            if source in sets:
                raise self.err(stmt.source.pos, f"the entity set {source!r} is loaded twice")
            clauses = self.single_clauses(stmt.clauses, ("languages",), self.err)
            langs = (
                [self.lang(n) for n in clauses["languages"].value]
                if "languages" in clauses
                else entity_sets.available_languages(list(self.languages))
            )
            members = entity_sets.build(source, langs)
            for entity in members:
                entity.pos = stmt.source.pos
                self.register(entity, stmt.source.pos, [entity.name, *entity.codes])
                self.rules.entities[entity.name] = entity
            sets[source] = (stmt, members)

        definitions = [s.stmt for s in self.of(EntityStmt) if s.stmt.kind is not None]
        extensions = [s.stmt for s in self.of(EntityStmt) if s.stmt.kind is None]
        for stmt in definitions:
            entity = Entity(stmt.name.text, stmt.kind.text, pos=stmt.name.pos)
            self.register(entity, stmt.name.pos, [entity.name])
            self.rules.entities[entity.name] = entity
        for stmt in definitions + extensions:
            entity = self.entity(stmt.name)
            for clause in stmt.clauses:
                if clause.keyword.text == "names":
                    self.phrases(clause.value, entity.names)
        for entity in self.rules.entities.values():
            self.index_aliases(entity)

        # roles, once every entity exists
        for stmt in definitions + extensions:
            entity = self.entity(stmt.name)
            for clause in stmt.clauses:
                if isinstance(clause.value, Role):
                    target = self.entity(clause.value.target)
                    entity.roles.add(f"{clause.value.relation} {target.name}")
        for stmt, members in sets.values():
            for clause in stmt.clauses:
                if not isinstance(clause.value, Role):
                    continue
                target = self.entity(clause.value.target)
                for member in clause.value.members or []:
                    found = self.member(member, members, stmt.source.text)
                    found.roles.add(f"{clause.value.relation} {target.name}")

    def member(self, name: Name, members: list[Entity], source: str) -> Entity:
        key = name.text
        for entity in members:
            if key in entity.codes or key == entity.name:
                return entity
        matches = [e for e in self.by_alias.get(key, []) if e.source == source]
        if len(matches) == 1:
            return matches[0]
        codes = [c for e in members for c in e.codes]
        raise self.err(
            name.pos,
            f"no member {key!r} in the entity set {source} (write an ISO code such as DE or DEU, or a name)"
            + _suggest(key, codes if key.isupper() else [e.name for e in members]),
        )

    # ---- metrics --------------------------------------------------------------------------

    def metric(self, stmt: MetricStmt) -> None:
        name = stmt.name.text
        if name in self.rules.metrics:
            first = self.rules.metrics[name].pos
            raise self.err(stmt.name.pos, f"metric {name!r} is defined twice (first at {first})")
        clauses = self.single_clauses(
            stmt.clauses,
            ("label", "takes", "about", "cues", "tolerance", "running total", "timed", "bare numbers"),
            self.err,
        )
        if "takes" not in clauses:
            raise self.err(stmt.name.pos, f"metric {name!r} does not say what it takes (add e.g.: takes percent of GDP)")
        if "cues" not in clauses:
            raise self.err(stmt.name.pos, f"metric {name!r} has no cues (add e.g.: cues within 12 words en \"target\")")
        spec: KindSpec = clauses["takes"].value
        metric = Metric(
            name=name,
            label=clauses["label"].value if "label" in clauses else name.replace("_", " "),
            kind=spec.kind,
            pos=stmt.name.pos,
        )
        self.takes(metric, spec)
        cues: Cues = clauses["cues"].value
        if cues.window is not None and not 1 <= cues.window <= MAX_WINDOW:
            raise self.err(clauses["cues"].keyword.pos, f"the cue window must be 1 to {MAX_WINDOW} words")
        metric.cues = CueSet(self.phrases(cues.groups), cues.window or CueSet().window, cues.same_clause)
        if "about" in clauses:
            self.about(metric, clauses["about"].value)
        for clause in stmt.clauses:
            if isinstance(clause.value, StanceSpec):
                self.stance(metric, clause.value)
        if "tolerance" in clauses:
            metric.tolerance = self.tolerance(clauses["tolerance"].value, metric)
        self.extensions(metric, clauses)
        self.rules.metrics[name] = metric

    def extensions(self, metric: Metric, clauses: dict[str, Clause]) -> None:
        """``running total``, ``timed to the hour`` and ``bare numbers within N words``."""
        if "running total" in clauses:
            if metric.kind not in NUMERIC_KINDS:
                raise self.err(
                    clauses["running total"].keyword.pos,
                    f"a running total must take numbers; {metric.name!r} takes {metric.kind}",
                )
            metric.running_total = True
        if "timed" in clauses:
            if metric.kind in TIME_KINDS:
                raise self.err(
                    clauses["timed"].keyword.pos,
                    f"'timed' fits figures that change during a day; {metric.name!r} takes a {metric.kind}",
                )
            metric.timed = clauses["timed"].value
        if "bare numbers" in clauses:
            clause = clauses["bare numbers"]
            if metric.kind != "count":
                raise self.err(clause.keyword.pos, f"'bare numbers' fits counts; {metric.name!r} takes {metric.kind}")
            if not 1 <= clause.value <= MAX_WINDOW:
                raise self.err(clause.keyword.pos, f"the window of bare numbers must be 1 to {MAX_WINDOW} words")
            metric.bare_window = clause.value

    def takes(self, metric: Metric, spec: KindSpec) -> None:
        if spec.kind == "count":
            in_units: dict[str, set[str]] = {}  # sets, so that long lists of forms stay linear
            for label, groups in spec.counted:
                forms = self.phrases(groups)
                key = label.text if label is not None else next(iter(forms.values()))[0]
                bucket = metric.counted.setdefault(key, {})
                for lang, phrases in forms.items():
                    mine = bucket.setdefault(lang, [])
                    have = set(mine)
                    mine.extend(p for p in phrases if p not in have)
                    flat = metric.units.setdefault(lang, [])
                    listed = in_units.setdefault(lang, set(flat))
                    for p in phrases:
                        if p not in listed:
                            listed.add(p)
                            flat.append(p)
        elif spec.kind == "money":
            metric.rate = spec.rate
            codes = []
            for code in spec.units:
                if not _is_currency(code.text):
                    raise self.err(code.pos, f"unknown currency code {code.text!r} (ISO 4217, such as USD, EUR)")
                codes.append(code.text)
            if codes:
                metric.units["*"] = codes
        elif spec.kind == "measure" and spec.units:
            metric.units["*"] = [u.text for u in spec.units]

    def about(self, metric: Metric, about: About) -> None:
        kinds = sorted({e.kind for e in self.rules.entities.values()})
        for kind in about.kinds:
            if kind.text not in kinds:
                raise self.err(
                    kind.pos,
                    f"no entity is of kind {kind.text!r} (kinds: {', '.join(kinds) or 'none defined'})"
                    + _suggest(kind.text, kinds),
                )
            if kind.text not in metric.subject_kinds:
                metric.subject_kinds.append(kind.text)
        if about.default is not None:
            entity = self.entity(about.default)
            if metric.subject_kinds and entity.kind not in metric.subject_kinds:
                raise self.err(
                    about.default.pos,
                    f"{entity.name!r} is of kind {entity.kind!r}, but metric {metric.name!r} is about "
                    + " or ".join(metric.subject_kinds),
                )
            metric.default_subject = entity.name

    def stance(self, metric: Metric, spec: StanceSpec) -> None:
        stance = spec.name.text
        if spec.default:
            if metric.default_stance is not None:
                raise self.err(spec.name.pos, f"metric {metric.name!r} already has a default stance ({metric.default_stance})")
            metric.default_stance = stance
            metric.stances.setdefault(stance, {})
            return
        if metric.stances.get(stance):
            raise self.err(spec.name.pos, f"a second 'stance {stance} when' clause: put all its cues in one")
        metric.stances[stance] = self.phrases(spec.groups)

    def tolerance(self, spec: ToleranceSpec, metric: Metric | None) -> Tolerance:
        if spec.amount < 0:
            raise self.err(spec.pos, "a tolerance cannot be negative")
        kind = metric.kind if metric else None
        if spec.unit == "percent":
            return Tolerance(spec.amount / 100.0, relative=True)
        if spec.unit == "points" and kind is not None and kind not in PERCENT_KINDS:
            raise self.err(spec.pos, f"'points' fits percentages, but {metric.name!r} takes {kind}")
        if spec.unit == "days" and kind is not None and kind not in ("date", "duration"):
            raise self.err(spec.pos, f"'days' fits dates and durations, but {metric.name!r} takes {kind}")
        return Tolerance(spec.amount, relative=False)

    # ---- checks ---------------------------------------------------------------------------

    def check(self, stmt: CheckStmt, info) -> None:
        ident = stmt.id.text
        for existing in self.rules.checks:
            if existing.id == ident:
                raise self.err(stmt.id.pos, f"check id {ident!r} is used twice (first at {existing.pos})")
        kind = stmt.kind.text
        metrics = [self.metric_ref(m) for m in stmt.metrics]
        clauses = self.single_clauses(
            stmt.clauses, ("label", "file", "from", "source", "columns", "tolerance"), self.err
        )
        if "file" in clauses and "from" in clauses:
            raise self.err(clauses["from"].keyword.pos, "a second file clause ('file' and 'from' say the same)")
        for key, clause in clauses.items():
            if key != "label" and kind != "reference":
                raise self.err(clause.keyword.pos, f"{key!r} belongs to reference checks, not to a {kind} check")
        check = Check(
            id=ident,
            kind=kind,
            metrics=[m.name for m in metrics],
            severity=stmt.severity.text,
            pos=stmt.id.pos,
            label=clauses["label"].value if "label" in clauses else None,
        )
        try:
            self.check_kind(check, stmt, kind, clauses, info, metrics)
        except RuleError as err:
            if self.dead_checks is None or not getattr(err, "dead_check", False):
                raise
            self.dead_checks.append(err)
            return
        self.rules.checks.append(check)

    def dead(self, pos: Position | None, message: str) -> RuleError:
        """An error for a check that can never fire (``rules lint`` lists these and goes on)."""
        err = self.err(pos, message)
        err.dead_check = True
        return err

    def check_kind(self, check: Check, stmt: CheckStmt, kind: str, clauses: dict, info, metrics: list[Metric]) -> None:
        if kind == "sum":
            self.check_same_kind(stmt.spec["parts"] + [stmt.spec["total"]], "a sum")
            check.params = {"parts": [p.text for p in stmt.spec["parts"]], "total": stmt.spec["total"].text}
        elif kind == "part":
            share = self.metric_ref(stmt.spec["share"])
            if share.kind != "percent":
                raise self.dead(stmt.spec["share"].pos, f"the share of a part check must take percent; {share.name!r} takes {share.kind}")
            wholes = [stmt.spec["whole"]] + ([stmt.spec["part"]] if stmt.spec["part"] else [])
            self.check_same_kind(wholes, "the whole and the part")
            part = stmt.spec["part"]
            check.params = {"share": share.name, "whole": stmt.spec["whole"].text, "part": part.text if part else None}
        elif kind == "bounds":
            check.params = self.bounds(stmt.spec["bounds"], metrics, stmt.metrics)
        elif kind == "reference":
            check.params = self.reference(stmt, clauses, info, metrics)

    def check_same_kind(self, names: list[Name], what: str) -> None:
        metrics = [self.metric_ref(n) for n in names]
        first = metrics[0]
        for name, metric in zip(names, metrics):
            if metric.kind not in NUMERIC_KINDS:
                raise self.dead(name.pos, f"{what} needs numbers; {metric.name!r} takes {metric.kind}")
            if metric.kind != first.kind:
                raise self.dead(
                    name.pos,
                    f"{what} must take the same kind: {first.name!r} takes {first.kind}, {metric.name!r} takes {metric.kind}",
                )

    def bounds(self, bounds: list[Bound], metrics: list[Metric], names: list[Name]) -> dict:
        low: float | None = None
        high: float | None = None
        after = False
        for bound in bounds:
            if bound.kind == "not after publication":
                for name, metric in zip(names, metrics):
                    if metric.kind not in ("date", "year"):
                        raise self.dead(bound.pos, f"'not after publication' fits dates and years; {metric.name!r} takes {metric.kind}")
                after = True
                continue
            for name, metric in zip(names, metrics):
                if metric.kind not in NUMERIC_KINDS:
                    raise self.dead(bound.pos, f"numeric bounds need numbers; {metric.name!r} takes {metric.kind}")
            if bound.low is not None:
                low = bound.low if low is None else max(low, bound.low)
            if bound.high is not None:
                high = bound.high if high is None else min(high, bound.high)
            if low is not None and high is not None and low > high:
                raise self.dead(bound.pos, f"these bounds leave nothing allowed (at least {low:g}, at most {high:g})")
        return {"min": low, "max": high, "not_after_publication": after}

    def reference(self, stmt: CheckStmt, clauses: dict[str, Clause], info, metrics: list[Metric]) -> dict:
        for name, metric in zip(stmt.metrics, metrics):
            if metric.kind not in NUMERIC_KINDS:
                raise self.dead(name.pos, f"a reference check compares numbers; {metric.name!r} takes {metric.kind}")
        file_clause = clauses.get("file") or clauses.get("from")
        if file_clause is None:
            raise self.err(stmt.id.pos, f"reference check {stmt.id.text!r} names no file (add: file \"data/....csv\")")
        if "source" not in clauses:
            raise self.err(stmt.id.pos, f"reference check {stmt.id.text!r} says no source (add: source \"where the figures come from\")")
        if "columns" not in clauses:
            raise self.err(
                stmt.id.pos,
                f"reference check {stmt.id.text!r} names no columns (add: columns subject \"...\", period \"...\", value \"...\")",
            )
        columns: dict[str, Name] = {}
        for role, column in clauses["columns"].value:
            if role.text in columns:
                raise self.err(role.pos, f"the {role.text} column is named twice")
            columns[role.text] = column
        if "value" not in columns:
            raise self.err(clauses["columns"].keyword.pos, "the columns must name the value column (value \"...\")")
        path_name: Name = file_clause.value
        path, rows = self.read_reference(path_name, info, columns)
        tolerance = self.tolerance(clauses["tolerance"].value, metrics[0]) if "tolerance" in clauses else None
        return {
            "file": path,
            "source": clauses["source"].value,
            "subject_column": columns["subject"].text if "subject" in columns else None,
            "period_column": columns["period"].text if "period" in columns else None,
            "value_column": columns["value"].text,
            "tolerance": tolerance,
            "rows": rows,
        }

    def read_reference(self, name: Name, info, columns: dict[str, Name]) -> tuple[str, list[dict]]:
        written = name.text
        real, display, text = self.loader.read_beside(name, info)
        source = SourceText(text, display)
        reader = csv.DictReader(io.StringIO(text))
        rows = []
        try:
            header = reader.fieldnames or []
            for column in columns.values():
                if column.text not in header:
                    raise self.err(
                        column.pos,
                        f"{written!r} has no column {column.text!r} (its columns: {', '.join(header) or 'none'})"
                        + _suggest(column.text, header),
                    )
            for record in reader:
                rows.append(self.reference_row(record, columns, source, reader.line_num))
        except csv.Error as exc:
            raise source.error(source.line_start(reader.line_num), f"not a well-formed CSV file: {exc}") from None
        return real, rows

    def reference_row(self, record: dict, columns: dict[str, Name], source: SourceText, line: int) -> dict:
        loc = source.line_start(line)
        raw_value = (record.get(columns["value"].text) or "").strip()
        try:
            value = float(raw_value)
        except ValueError:
            raise source.error(loc, f"the value {raw_value!r} in column {columns['value'].text!r} is not a number") from None
        subject = None
        if "subject" in columns:
            text = (record.get(columns["subject"].text) or "").strip()
            entity = self.by_name.get(text)
            candidates = [entity] if entity else self.by_alias.get(text, [])
            if len(candidates) != 1:
                problem = "is no entity of the rules" if not candidates else "names several entities"
                raise source.error(loc, f"the subject {text!r} {problem}")
            subject = candidates[0].name
        period = (record.get(columns["period"].text) or "").strip() if "period" in columns else None
        return {"subject": subject, "period": period, "value": value, "line": line, "fields": {k: v for k, v in record.items() if k is not None}}

    # ---- examples -------------------------------------------------------------------------

    def example(self, stmt: ExampleStmt) -> None:
        lang = self.lang(stmt.lang)
        expected = [self.claim(spec) for spec in stmt.claims]
        self.rules.examples.append(Example(lang, stmt.text, expected, stmt.keyword.pos))

    def claim(self, spec: ClaimSpec) -> ExpectedClaim:
        metric = self.metric_ref(spec.metric)
        subject = None
        if spec.subject is not None:
            entity = self.entity(spec.subject)
            if metric.subject_kinds and entity.kind not in metric.subject_kinds:
                raise self.err(
                    spec.subject.pos,
                    f"{entity.name!r} is of kind {entity.kind!r}, but metric {metric.name!r} is about "
                    + " or ".join(metric.subject_kinds),
                )
            subject = entity.name
        value, unit = self.claim_value(metric, spec)
        if spec.period and "T" in spec.period and not metric.timed:
            raise self.err(
                spec.value_pos,
                f"metric {metric.name!r} is not timed: add 'timed to the hour' to it to give times of day",
            )
        stance = None
        if spec.stance is not None:
            stance = spec.stance.text
            if stance not in metric.stances and stance != metric.default_stance:
                have = ", ".join(metric.stances) or "none"
                raise self.err(spec.stance.pos, f"metric {metric.name!r} has no stance {stance!r} (it has: {have})")
        return ExpectedClaim(
            metric=metric.name,
            subject=subject,
            value=value,
            unit=unit,
            qualifier=spec.qualifier or "=",
            period=spec.period,
            stance=stance,
        )

    def claim_value(self, metric: Metric, spec: ClaimSpec):
        value = spec.value
        unit = spec.unit
        kind = metric.kind
        if kind in TIME_KINDS:
            return self.time_value(metric, spec)
        if isinstance(value, str):
            raise self.err(spec.value_pos, f"metric {metric.name!r} takes {kind}, not a date")
        if unit is None:
            return value, None
        if kind in PERCENT_KINDS:
            if unit.kind != kind:
                raise self.err(unit.pos, f"metric {metric.name!r} takes {KIND_WORDS[kind]}: write the value as '4 {KIND_WORDS[kind]}'")
            return value, kind
        if kind == "money":
            per = f" per {metric.rate}" if metric.rate else ""
            if unit.kind != "currency" or not _is_currency(unit.text):
                raise self.err(unit.pos, f"metric {metric.name!r} takes money: write a currency code after the value (35 billion USD{per})")
            allowed = metric.units.get("*")
            if allowed and unit.text not in allowed:
                raise self.err(unit.pos, f"metric {metric.name!r} takes {', '.join(allowed)}, not {unit.text}")
            if unit.rate != metric.rate:
                if metric.rate:
                    raise self.err(unit.pos, f"metric {metric.name!r} takes money per {metric.rate}: write '{unit.text}{per}'")
                raise self.err(unit.pos, f"metric {metric.name!r} takes amounts, not rates: leave out 'per {unit.rate}'")
            return value, unit.text + per
        if unit.kind in PERCENT_KINDS or unit.kind == "currency":
            raise self.err(unit.pos, f"metric {metric.name!r} takes {kind}, not {unit.text!r}")
        if kind == "count" and metric.counted:
            counted = _counted_name(unit.text, metric.counted)
            if counted is None:
                raise self.err(
                    unit.pos,
                    f"metric {metric.name!r} counts {', '.join(metric.counted)}; {unit.text!r} is none of them",
                )
            return value, counted
        return value, unit.text

    def time_value(self, metric: Metric, spec: ClaimSpec):
        value, unit, kind = spec.value, spec.unit, metric.kind
        if isinstance(value, tuple):
            raise self.err(spec.value_pos, f"metric {metric.name!r} takes a {kind}, not a range")
        if kind == "duration":
            if isinstance(value, str) and value.startswith("P"):
                return value, None
            letter = DURATION_UNITS.get(unit.text) if unit is not None and unit.kind == "words" else None
            if letter is None or isinstance(value, str):
                raise self.err(spec.value_pos, f"metric {metric.name!r} takes a duration: write P3W or '3 weeks'")
            return f"P{value:g}{letter}", None
        if unit is not None:
            raise self.err(unit.pos, f"metric {metric.name!r} takes a {kind}: write it with no unit")
        if isinstance(value, float):
            if value != int(value) or not 1 <= value <= 9999:
                raise self.err(spec.value_pos, f"metric {metric.name!r} takes a {kind}: write YYYY, YYYY-MM or YYYY-MM-DD")
            value = f"{int(value):04d}"
        if kind == "year" and not re.fullmatch(r"\d{4}", value):
            raise self.err(spec.value_pos, f"metric {metric.name!r} takes a year: write YYYY")
        if kind == "date" and isinstance(value, str) and value.startswith("P"):
            raise self.err(spec.value_pos, f"metric {metric.name!r} takes a date, not a duration")
        return value, None


def _counted_name(text: str, counted: dict[str, dict[str, list[str]]]) -> str | None:
    """The language-free name of a counted noun written in an example (name or any form)."""

    def norm(word: str) -> str:
        word = word.casefold().strip()
        return re.sub(r"(?<=\w)(s|x)\b", "", word)

    wanted = norm(text)
    for name, forms in counted.items():
        candidates = [name, *(f for phrases in forms.values() for f in phrases)]
        if any(norm(c) == wanted for c in candidates):
            return name
    return None


@functools.cache
def _is_currency(code: str) -> bool:
    import pycountry

    return pycountry.currencies.get(alpha_3=code) is not None
