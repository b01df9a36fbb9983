"""Property tests of the rule language: damaged rule files fail cleanly, layout carries no meaning."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.rules import RuleError, parse_rules_text

ROOT = Path(__file__).resolve().parents[1]
NATO_PATH = ROOT / "rules" / "nato.rules"
NATO = NATO_PATH.read_text(encoding="utf-8")

#: characters and words that a typo or a bad edit brings into a rule file
NOISE_CHARS = 'abcxyzABCXYZ019 ,:;#%+=<>~-_."\\\n\t“”éß\x00'
NOISE_WORDS = [
    "metric", "check", "example", "entity", "entities", "include", "topic", "and", "of", "by",
    "gives", "nothing", "takes", "cues", "stance", "about", "default", "member of", "between",
    "at most", "not after publication", "percent of GDP", '"x.rules"', '"../x.rules"',
    '"data/nato_defence_share_of_gdp.csv"', "1e999", "99999999999999999999", "2025-13-45",
]

PROPERTY_SETTINGS = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True, database=None
)


@st.composite
def mutations(draw) -> str:
    """nato.rules with a few random deletions, insertions and swaps of neighbouring characters."""
    text = NATO
    for _ in range(draw(st.integers(1, 4))):
        pos = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["delete", "insert", "word", "swap"]))
        if op == "delete":
            end = min(len(text), pos + draw(st.integers(1, 40)))
            text = text[:pos] + text[end:]
        elif op == "insert":
            text = text[:pos] + draw(st.text(alphabet=NOISE_CHARS, min_size=1, max_size=6)) + text[pos:]
        elif op == "word":
            text = text[:pos] + " " + draw(st.sampled_from(NOISE_WORDS)) + " " + text[pos:]
        elif pos < len(text) - 1:
            text = text[:pos] + text[pos + 1] + text[pos] + text[pos + 2:]
    return text


@PROPERTY_SETTINGS
@given(mutations())
def test_a_damaged_rule_file_loads_or_raises_a_rule_error_with_a_position(text):
    try:
        rules = parse_rules_text(text, str(NATO_PATH))
    except RuleError as error:
        assert error.line is not None and error.line >= 1
        assert error.column is not None and error.column >= 1
        assert error.file
        headline, shown, caret = str(error).split("\n")
        assert headline.startswith(f"{error.file}:{error.line}:{error.column}: ")
        assert caret.endswith("^") and len(caret) == len("  ") + error.column
        assert "\n" not in error.message
    else:
        assert rules.files == [str(NATO_PATH)]


@PROPERTY_SETTINGS
@given(st.text(alphabet=NOISE_CHARS + "metricheckgivsnot", max_size=200))
def test_any_text_loads_or_raises_a_rule_error(text):
    try:
        parse_rules_text(text, "noise.rules")
    except RuleError as error:
        assert error.line is not None and error.column is not None


def _without_positions(rules) -> tuple:
    """What a rule set means, with every recorded position left out."""
    metrics = {n: (m.kind, m.label, m.cues, m.stances, m.default_stance, m.default_subject,
                   m.subject_kinds, m.tolerance, m.units, m.counted) for n, m in rules.metrics.items()}
    checks = [(c.id, c.kind, c.metrics, c.severity, c.label,
               {k: v for k, v in c.params.items() if k != "rows"}) for c in rules.checks]
    examples = [(e.lang, e.text, e.expected) for e in rules.examples]
    entities = {n: (e.kind, e.names, sorted(e.roles)) for n, e in rules.entities.items()}
    return metrics, checks, examples, entities


NATO_MEANING = _without_positions(parse_rules_text(NATO, str(NATO_PATH)))
#: re-laying out the whole of nato.rules: fewer cases, each loads the full file
LAYOUT_SETTINGS = settings(PROPERTY_SETTINGS, max_examples=30)


@LAYOUT_SETTINGS
@given(st.lists(st.sampled_from(["", " ", "    ", "\t", "  \t "]), min_size=1, max_size=8))
def test_indentation_carries_no_meaning(indents):
    lines = [indents[i % len(indents)] + line.lstrip() for i, line in enumerate(NATO.splitlines())]
    rules = parse_rules_text("\n".join(lines), str(NATO_PATH))
    assert _without_positions(rules) == NATO_MEANING


@LAYOUT_SETTINGS
@given(st.lists(st.integers(0, NATO.count("\n")), max_size=6), st.text(alphabet='ab "#\t', max_size=20))
def test_comment_lines_and_blank_lines_carry_no_meaning(line_numbers, comment):
    lines = NATO.splitlines()
    for n in sorted(set(line_numbers), reverse=True):
        lines.insert(n, "# " + comment if n % 2 else "")
    rules = parse_rules_text("\n".join(lines), str(NATO_PATH))
    assert _without_positions(rules) == NATO_MEANING


def test_error_positions_survive_the_lines_above_them():
    """The same mistake is reported on the same text whatever stands above it."""
    bad = 'metric m\n  takes procent\n'
    base = parse_error(bad)
    shifted = parse_error("# one\n\n# two\n" + bad)
    assert (shifted.line, shifted.column, shifted.message) == (base.line + 3, base.column, base.message)
    assert re.search(r"'procent'", base.message)


def parse_error(text: str) -> RuleError:
    try:
        parse_rules_text(text, "t.rules")
    except RuleError as error:
        return error
    raise AssertionError("expected a RuleError")
