"""Explain, number by number, what the claim builder made of a document: the tool a rule author
lives in.

For every mention the scanner found, ``explain_document`` pairs its reading (kind, value, unit,
qualifier) with what happened next: the claim it became and why (the ``Claim.why`` the builder
recorded: which cue, how far away, which subject and why, which period, which stance), or why
it became none (the builder's ``Rejection``: no cue in range, a unit the metrics do not take, an
ambiguous or missing subject). ``render_plain`` writes it for people, ``to_json`` for tools.
Nothing here decides anything: it only reads the builder's records, so what it prints is what
``factlint check`` does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TextIO

from checker.checks.format import format_claim, format_number
from checker.claims.builder import ClaimBuilder, Rejection, words_away
from checker.claims.model import Claim
from checker.extract.mention import Mention

QUALIFIER_SIGNS = {"=": "", "~": "~", ">": ">", ">=": ">=", "<": "<", "<=": "<=", "up": "up ", "down": "down "}


@dataclass(slots=True)
class NumberExplanation:
    """One number of the text: where, what the scanner read, and the claim or the rejection."""

    mention: Mention
    line: int
    column: int
    claim: Claim | None
    rejection: Rejection | None

    @property
    def outcome(self) -> str:
        return "claim" if self.claim is not None else "no claim"


def explain_document(doc, builder: ClaimBuilder) -> list[NumberExplanation]:
    """Every mention of ``doc`` in text order, with the claim or rejection the builder made of it."""
    built = builder.build(doc)
    claims = {(c.start, c.end): c for c in built.claims}
    rejections = {(r.mention.start, r.mention.end): r for r in built.rejections}
    out = []
    for m in sorted(built.mentions, key=lambda m: (m.start, m.end)):
        line, column = doc.line_col(m.start)
        key = (m.start, m.end)
        out.append(NumberExplanation(m, line, column, claims.get(key), rejections.get(key)))
    return out


# --------------------------------------------------------------------------------------------
# the scanner's reading
# --------------------------------------------------------------------------------------------


def reading(m: Mention) -> str:
    """'count >= 1,200 people', 'money 300 billion USD (dollar per year)', 'year 2035 (deadline)'."""
    sign = QUALIFIER_SIGNS.get(m.qualifier, m.qualifier + " ")
    if m.is_time:
        value = m.value if not isinstance(m.value, tuple) else f"{m.value[0]}/{m.value[1]}"
        kind = "time of day" if m.extra.get("time_of_day") else m.kind
        role = f" ({m.time_role})" if m.time_role and m.time_role != "point" else ""
        return f"{kind} {sign}{value}{role}"
    if isinstance(m.value, tuple):
        value = f"{format_number(m.value[0], False)} to {format_number(m.value[1], False)}"
    elif isinstance(m.value, float):
        value = format_number(m.value, True)
    else:
        value = str(m.value)
    parts = [m.kind.replace("_", " "), f"{sign}{value}"]
    if m.currency:
        parts.append(m.currency)
    if m.counted:
        parts.append(m.counted)
    if m.unit and m.unit not in ("dimensionless", "") and m.kind in ("money", "measure"):
        parts.append(f"({m.unit})")
    return " ".join(parts)


# --------------------------------------------------------------------------------------------
# plain text
# --------------------------------------------------------------------------------------------


def _claim_line(c: Claim, kind: str | None) -> str:
    stance = f", {c.stance}" if c.stance else ""
    return f"claim {c.metric} of {c.subject}: {format_claim(c, kind, with_period=False)}, {c.period.label()}{stance}"


def claim_reasons(c: Claim) -> list[tuple[str, str]]:
    """(label, text) lines of why a claim was made, from ``Claim.why``."""
    why = c.why
    rows = []
    if "cue" in why:
        rows.append(("cue", f"\"{why['cue']}\", {words_away(why.get('cue_distance', 0))}"))
    if "bare" in why:
        rows.append(("number", why["bare"]))
    if "count" in why:
        rows.append(("count", why["count"]))
    for key in ("subject", "period", "stance"):
        if key in why:
            rows.append((key, str(why[key])))
    if c.attribution:
        rows.append(("cited", c.attribution))
    for other in why.get("also", []):
        rows.append(("also fits", other))
    for metric, text in (why.get("no_cue") or {}).items():
        rows.append(("no cue", f"{metric}: {text}"))
    return rows


#: mention kinds a metric kind could be mistaken for: only these misfits are worth showing
RELATED_KINDS = {
    "percent_of_gdp": ("percent_of_gdp", "percent"),
    "percent": ("percent", "percent_of_gdp"),
    "percentage_point": ("percentage_point", "percent"),
    "money": ("money",),
    "count": ("count", "number"),
    "number": ("number", "count"),
    "measure": ("measure",),
    "date": ("date", "year"),
    "year": ("year", "date"),
    "duration": ("duration",),
}


def rejection_reasons(r: Rejection, kinds: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(label, text) lines of why a number became no claim.

    For a number no metric takes, only the metrics that take a related kind are listed (a count
    of "habitant" against the counts of the rules, not against every percentage metric).
    """
    d = r.details
    rows = []
    for metric, text in (d.get("cues") or {}).items():
        rows.append(("cue", f"{metric}: {text}"))
    subjects = d.get("subject") or []
    if len(subjects) > 1:  # one is the reason itself
        for text in subjects:
            rows.append(("subject", text))
    misfits = d.get("misfits") or {}
    if misfits and "cues" not in d and "subject" not in d:
        kind = "time of day" if r.mention.extra.get("time_of_day") else r.mention.kind
        for metric, text in misfits.items():
            metric_kind = (kinds or {}).get(metric)
            if metric_kind is None or kind in RELATED_KINDS.get(metric_kind, ()):
                rows.append(("unit", f"{metric} {text}"))
    return rows


def render_plain(doc, explanations: list[NumberExplanation], out: TextIO, kinds: dict[str, str] | None = None,
                 claims_only: bool = False) -> None:
    """Write what the builder made of each number, one block per number."""
    kinds = kinds or {}
    published = doc.published.isoformat() if doc.published else "undated"
    if doc.published and getattr(doc, "published_time", None):
        published += f" {doc.published_time}"
    made = sum(1 for e in explanations if e.claim is not None)
    n = len(explanations)
    out.write(f"{doc.path} ({doc.lang}, {published}): {n} number{'s' if n != 1 else ''}, "
              f"{made} claim{'s' if made != 1 else ''}\n")
    for e in explanations:
        if claims_only and e.claim is None:
            continue
        out.write(f"\n{e.line}:{e.column}  \"{e.mention.text}\"  {reading(e.mention)}\n")
        if e.claim is not None:
            out.write(f"  -> {_claim_line(e.claim, kinds.get(e.claim.metric))}\n")
            rows = claim_reasons(e.claim)
        else:
            reason = e.rejection.reason if e.rejection else "not considered"
            out.write(f"  -> no claim: {reason}\n")
            rows = rejection_reasons(e.rejection, kinds) if e.rejection else []
        width = max((len(label) for label, _ in rows), default=0)
        for label, text in rows:
            out.write(f"     {label.ljust(width)}  {text}\n")


# --------------------------------------------------------------------------------------------
# JSON
# --------------------------------------------------------------------------------------------


def to_json(doc, explanations: list[NumberExplanation]) -> dict:
    """A JSON-safe record of the explanations of one document."""
    numbers = []
    for e in explanations:
        m = e.mention
        item = {
            "line": e.line,
            "column": e.column,
            "text": m.text,
            "kind": "time of day" if m.extra.get("time_of_day") else m.kind,
            "value": list(m.value) if isinstance(m.value, tuple) else m.value,
            "unit": m.unit,
            "currency": m.currency,
            "counted": m.counted,
            "qualifier": m.qualifier,
            "outcome": e.outcome,
        }
        if e.claim is not None:
            c = e.claim
            item["claim"] = {
                "metric": c.metric,
                "subject": c.subject,
                "value": list(c.value) if isinstance(c.value, tuple) else c.value,
                "unit": c.unit,
                "qualifier": c.qualifier,
                "period": c.period.label(),
                "stance": c.stance,
                "why": c.why,
            }
        elif e.rejection is not None:
            item["reason"] = e.rejection.reason
            item["details"] = {k: v for k, v in e.rejection.details.items()}
        numbers.append(item)
    return {
        "doc": doc.path,
        "lang": doc.lang,
        "published": doc.published.isoformat() if doc.published else None,
        "published_time": getattr(doc, "published_time", None),
        "numbers": numbers,
    }
