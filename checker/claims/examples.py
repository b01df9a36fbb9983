"""Run a rule file's ``example`` lines: each sentence must yield exactly the claims it lists.

An example's sentence is read as an undated document in the example's language, so "the
claim's period" is "publication" when the sentence names no time. Fields an example leaves out
are not compared. ``factlint rules test`` and the test suite both use this.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from checker.claims.model import Claim
from checker.rules.model import Example, ExpectedClaim


@dataclass
class ExampleOutcome:
    example: Example
    claims: list[Claim]
    #: expected claims no produced claim matched
    missing: list[ExpectedClaim] = field(default_factory=list)
    #: produced claims no expected claim asked for
    unexpected: list[Claim] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.missing and not self.unexpected


def run_example(example: Example, builder) -> ExampleOutcome:
    from checker.document import load_text

    where = f"{example.pos.file}:{example.pos.line}" if example.pos else "<example>"
    doc = load_text(example.text, path=where, lang=example.lang)
    claims = builder.build(doc, reasons=False).claims
    free = list(claims)
    missing = []
    for exp in example.expected:
        hit = next((c for c in free if matches(exp, c)), None)
        if hit is None:
            missing.append(exp)
        else:
            free.remove(hit)
    return ExampleOutcome(example, claims, missing, free)


def matches(exp: ExpectedClaim, c: Claim) -> bool:
    if exp.metric != c.metric:
        return False
    if exp.subject is not None and exp.subject != c.subject:
        return False
    if exp.value is not None and not _same_value(exp.value, c.value):
        return False
    if exp.unit is not None and exp.unit != c.unit:
        return False
    if exp.qualifier is not None and exp.qualifier != c.qualifier:
        return False
    if exp.period is not None and not _same_period(exp.period, c):
        return False
    if exp.stance is not None and exp.stance != c.stance:
        return False
    return True


def _same_value(a, b) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return str(a) == str(b)
    if isinstance(a, tuple) != isinstance(b, tuple):
        return False
    if isinstance(a, tuple):
        return all(math.isclose(x, y, rel_tol=1e-9) for x, y in zip(a, b))
    return math.isclose(float(a), float(b), rel_tol=1e-9)


def _same_period(expected: str, c: Claim) -> bool:
    p = c.period
    if expected.startswith("T"):
        # a time of day of any day (examples are undated: the day is the document's)
        return str(p.start or "").endswith(expected)
    if expected == "publication":
        return p.kind in ("publication", "unknown")
    if expected.startswith("by "):
        return p.kind == "deadline" and p.end == expected[3:]
    if expected.startswith("since "):
        return p.kind == "since" and p.start == expected[6:]
    if "/" in expected:
        a, b = expected.split("/", 1)
        return p.kind == "interval" and p.start == a and p.end == b
    return p.kind == "point" and p.start == expected


def describe_claim(c: Claim) -> str:
    """One line: what a claim says, in the terms of an example line."""
    value = c.value if not isinstance(c.value, float) else f"{c.value:g}"
    parts = [c.metric, "of", c.subject, ("" if c.qualifier == "=" else c.qualifier + " ") + str(value), c.unit, c.period.label()]
    if c.stance:
        parts.append(c.stance)
    return " ".join(str(p) for p in parts)


def describe_expected(e: ExpectedClaim) -> str:
    parts = [e.metric]
    if e.subject:
        parts += ["of", e.subject]
    if e.value is not None:
        parts.append(("" if e.qualifier in (None, "=") else e.qualifier + " ") + (f"{e.value:g}" if isinstance(e.value, float) else str(e.value)))
    for v in (e.unit, e.period, e.stance):
        if v:
            parts.append(str(v))
    return " ".join(parts)
