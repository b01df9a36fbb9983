"""reference: claims compared with a table of known values (a CSV file).

Params:
  file:               the CSV file (the CLI's loader resolves it against the rule file's folder)
  source:             the source's name, for messages ("NATO"); default: the file name
  subject_column:     column of the subject (entity name or alias); default "subject"
  period_column:      column of the year ("2024", or an ISO date whose year is used); default "period"
  value_column:       column of the value, in the metric's unit; default "value"
  figure_column:      optional column saying which figure a row is ("estimate", "annual report");
                      default "figure" when the file has it
  reported_on_column: optional column of the date the figure was reported; default "reported_on"
  source_url_column:  optional column of the row's source; default "source_url"
  tolerance:          Tolerance, number (absolute) or "5%" (relative); default the metric's
  unit:               optional: only claims in this unit
  rows:               the table already read by the rule loader ([{subject, period, value, line,
                      fields}], subjects resolved to entity names); when present the file is not
                      read again

A table without a subject column gives values for every subject; one without a period column
gives timeless values, compared with every claim whatever its time.

Which claims: those of the check's metrics (at least one must be named) whose stance is actual
(or none: reference tables hold what happened, not demands or targets), stating a level (not a
change), with an explicit year: a point period, or an interval within one year. A claim with no
time in the text ("publication") is skipped: the year before publication is NOT assumed.

Matching: the claim's subject and the row's subject name the same entity, case-insensitively,
through the entity's aliases (the context's ``aliases`` plus the rule set's entity names); the
claim's year equals the row's.

Several rows for one subject and year (an estimate, then the annual report's figure) are
revisions, not conflicts: a claim agrees when its interval agrees with any of them (each row's
value plus or minus the tolerance); otherwise the finding lists every row with its source.
"""

from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path

from checker.checks.base import CheckKind, param_tolerance
from checker.checks.context import CheckContext, CheckError
from checker.checks.finding import Finding
from checker.checks.format import format_value
from checker.checks.index import ACTUAL, ClaimIndex, ClaimInfo
from checker.checks.intervals import NUMBER_DOMAIN, Interval, agree, describe_tolerance
from checker.checks.periods import normalize_iso
from checker.rules.model import Check, RuleSet
from checker.regex_store import cached_compile

_YEAR = cached_compile(r"^\s*(\d{4})(?:\b|-)")


def claim_year(info: ClaimInfo) -> str | None:
    """The year a claim explicitly names, or None (publication periods name none)."""
    p = info.claim.period
    if p.kind == "point":
        s = normalize_iso(p.start or p.end)
        return s[:4] if s else None
    if p.kind == "interval":
        s, e = normalize_iso(p.start), normalize_iso(p.end)
        if s and e and s[:4] == e[:4]:
            return s[:4]
    return None


def alias_map(aliases: dict[str, list[str]], rules: RuleSet) -> dict[str, str]:
    """casefolded name or alias -> casefolded canonical name; an alias of two entities is dropped."""
    names: dict[str, set[str]] = defaultdict(set)
    for canonical, others in aliases.items():
        names[canonical.casefold()].add(canonical.casefold())
        for alias in others:
            names[alias.casefold()].add(canonical.casefold())
    for entity in rules.entities.values():
        canonical = entity.name.casefold()
        names[canonical].add(canonical)
        for per_lang in entity.names.values():
            for alias in per_lang:
                names[alias.casefold()].add(canonical)
    return {name: next(iter(c)) for name, c in names.items() if len(c) == 1}


def reference_interval(value: float, tolerance) -> Interval:
    """A reference row's value plus or minus the tolerance (for display; ``agree`` applies it)."""
    if tolerance is None or tolerance.amount <= 0:
        return Interval(value, value, False, False)
    width = tolerance.amount * abs(value) if tolerance.relative else tolerance.amount
    return Interval(value - width, value + width, False, False)


class ReferenceCheck(CheckKind):
    kind = "reference"
    summary = "claims compared with a table of known values, revisions included"
    params = {
        "file": "CSV file of known values",
        "source": "the source's name, for messages",
        "subject_column": "column of the subject (default 'subject')",
        "period_column": "column of the year (default 'period')",
        "value_column": "column of the value in the metric's unit (default 'value')",
        "figure_column": "optional column naming the figure (default 'figure')",
        "reported_on_column": "optional column of the report date (default 'reported_on')",
        "source_url_column": "optional column of the row's source (default 'source_url')",
        "tolerance": "tolerance for this table (default the metric's)",
        "unit": "optional: only claims in this unit",
        "rows": "the table as the rule loader read it: [{subject, period, value, line, fields}]",
    }
    required = ("file",)

    def validate(self, check: Check, rules: RuleSet) -> None:
        super().validate(check, rules)
        if not check.metrics:
            raise self.error(check, "name the metric(s) the reference table gives values for")
        param_tolerance(check, "tolerance")

    def _table(self, check: Check, ctx: CheckContext) -> tuple[str, list[dict]]:
        """(file path, rows as {subject, year, value, line, figure, reported_on, source_url})."""
        p = check.params
        optional = {
            "figure": str(p.get("figure_column") or "figure"),
            "reported_on": str(p.get("reported_on_column") or "reported_on"),
            "source_url": str(p.get("source_url_column") or "source_url"),
        }
        if isinstance(p.get("rows"), list):
            path = str(p["file"])
            records = []
            for row in p["rows"]:
                fields = row.get("fields") or {}
                records.append(self._record(path, row.get("line", 0), row.get("subject"), row.get("period"),
                                            row["value"], {k: fields.get(c) for k, c in optional.items()}))
            return path, records
        try:
            table = ctx.reference_loader(str(p["file"]))
        except CheckError as exc:
            raise self.error(check, str(exc)) from None
        cols = {
            "subject": p.get("subject_column") or "subject",
            "period": p.get("period_column") or "period",
            "value": p.get("value_column") or "value",
        }
        for role, col in cols.items():
            if col not in table.columns and not (role != "value" and not p.get(f"{role}_column")):
                raise CheckError(f"{table.path}:1: no column {col!r} for the {role} "
                                 f"(columns: {', '.join(table.columns)}; check {check.id})")
        records = []
        for row, line in zip(table.rows, table.lines):
            raw = row[cols["value"]]
            try:
                value = float(raw)
            except ValueError:
                raise CheckError(f"{table.path}:{line}: {cols['value']} {raw!r} is not a number") from None
            records.append(self._record(table.path, line, row.get(cols["subject"]), row.get(cols["period"]), value,
                                        {k: row.get(c) for k, c in optional.items()}))
        return table.path, records

    @staticmethod
    def _record(path: str, line: int, subject, period, value: float, extra: dict) -> dict:
        """One row; no subject or no period means: any subject, any time."""
        if not isinstance(value, (int, float)) or math.isnan(value) or math.isinf(value):
            raise CheckError(f"{path}:{line}: value {value!r} is not a number")
        year = None
        if period not in (None, ""):
            m = _YEAR.match(str(period))
            if not m:
                raise CheckError(f"{path}:{line}: period {period!r} is not a year")
            year = m.group(1)
        record = {"subject": subject or None, "year": year, "value": float(value), "line": line}
        record.update({k: (v or None) for k, v in extra.items()})
        return record

    def run(self, check: Check, index: ClaimIndex, ctx: CheckContext) -> list[Finding]:
        path, records = self._table(check, ctx)
        names = alias_map(ctx.aliases, index.rules)
        canon = lambda name: names.get(name.casefold(), name.casefold())  # noqa: E731
        rows: dict[tuple[str | None, str | None], list[dict]] = defaultdict(list)
        for r in records:
            rows[(canon(r["subject"]) if r["subject"] else None, r["year"])].append(r)
        for group in rows.values():
            group.sort(key=lambda r: r["line"])
        timeless = any(r["year"] is None for r in records)
        source = str(check.params.get("source") or Path(path).name)
        only_unit = check.params.get("unit")
        fixed_tol = param_tolerance(check, "tolerance")
        out: list[Finding] = []
        row_subjects = {s for s, _ in rows}
        for metric, subject, infos in index.iter_groups(check.metrics):
            if canon(subject) not in row_subjects and None not in row_subjects:
                continue  # no row names this subject: nothing to compare its claims with
            tolerance = fixed_tol if fixed_tol is not None else index.tolerance(metric)
            for info in infos:
                iv = info.interval
                if iv is None or iv.domain != NUMBER_DOMAIN or info.stance != ACTUAL or info.partition[2] != "level":
                    continue
                if only_unit and info.claim.unit.strip().casefold() != str(only_unit).strip().casefold():
                    continue
                year = claim_year(info)
                keys = [(s, y) for s in (canon(subject), None) for y in ((year, None) if year else (None,))]
                if year is None and not timeless:
                    continue
                matches = sorted((r for k in keys for r in rows.get(k, [])), key=lambda r: r["line"])
                if not matches:
                    continue
                if any(agree(iv, Interval(r["value"], r["value"], False, False), tolerance) for r in matches):
                    continue
                out.append(self._finding(check, metric, subject, year, info, matches, source, path, tolerance))
        return out

    def _finding(self, check: Check, metric: str, subject: str, year: str | None, info: ClaimInfo,
                 matches: list[dict], source: str, path: str, tolerance) -> Finding:
        def one(r: dict) -> str:
            about = [x for x in (r.get("figure"), f"reported {r['reported_on']}" if r.get("reported_on") else None) if x]
            text = format_value(r["value"], info.claim.unit, "=", info.kind)
            return f"{text} ({', '.join(about)})" if about else text

        listed = "; ".join(one(r) for r in matches)
        when = f" in {year}" if year else ""
        message = f"{metric} for {subject}{when}: {info.where} says {info.text(False)}, but {source} gives {listed}"
        details = {
            "claim": info.details(),
            "year": year,
            "file": path,
            "source": source,
            "tolerance": describe_tolerance(tolerance),
            "reference": [dict(r) for r in matches],
            "intervals": [info.interval.describe()] + [  # type: ignore[union-attr]
                reference_interval(r["value"], tolerance).describe() for r in matches],
        }
        return self.finding(check, metric, subject, [info], message, details)
