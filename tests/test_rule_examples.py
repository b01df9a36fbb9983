"""Every ``example`` line of the shipped rule files runs as a test (Duckling/sqlfluff style):
the sentence must yield exactly the claims the example lists, or none when it says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.claims.builder import ClaimBuilder
from checker.claims.examples import describe_claim, describe_expected, run_example
from checker.rules import load_rules

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
RULE_FILES = sorted(RULES_DIR.glob("*.rules"))


def _cases():
    for path in RULE_FILES:
        rules = load_rules([str(path)])
        builder = ClaimBuilder(rules)
        for ex in rules.examples:
            if ex.pos and Path(ex.pos.file).resolve() != path.resolve():
                continue  # examples of included files run with their own file
            yield pytest.param(ex, builder, id=f"{path.name}:{ex.pos.line if ex.pos else '?'}:{ex.lang}")


@pytest.mark.parametrize("example,builder", list(_cases()))
def test_example(example, builder):
    outcome = run_example(example, builder)
    problems = [f"missing: {describe_expected(e)}" for e in outcome.missing]
    problems += [f"unexpected: {describe_claim(c)} [{c.quote}]" for c in outcome.unexpected]
    assert outcome.passed, f"{example.text}\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.name)
def test_every_metric_has_an_example(path):
    rules = load_rules([str(path)])
    covered = {e.metric for ex in rules.examples for e in ex.expected}
    missing = sorted(set(rules.metrics) - covered)
    assert not missing, f"metrics without a positive example in {path.name}: {missing}"


def test_examples_can_fail():
    """A wrong expectation must fail: the runner compares values, not just metric names."""
    rules = load_rules([str(RULES_DIR / "nato.rules")])
    builder = ClaimBuilder(rules)
    ex = next(e for e in rules.examples if "Poland" in e.text and e.lang == "en")
    ex.expected[0].value = 5.0
    assert not run_example(ex, builder).passed
