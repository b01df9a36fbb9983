"""The rule language: rule files (``rules/*.rules``) that say what to look for and what to check.

``load_rules`` and ``parse_rules_text`` turn rule files into a :class:`RuleSet` (see ``model``);
a file that cannot be loaded raises :class:`RuleError` with file, line, column and a caret.
The language itself is described in docs/rules.md.

The loader (and pyparsing with it) is imported on first use: a run whose rule set comes from
the rule-set cache (``checker.rule_set_cache``) never needs the grammar.
"""

from .errors import RuleError
from .model import RuleSet

__all__ = [
    "RuleError",
    "RuleSet",
    "examples_by_metric",
    "find_entity",
    "known_languages",
    "load_rules",
    "parse_rules_text",
]


def __getattr__(name: str):
    if name in ("examples_by_metric", "find_entity", "load_rules", "parse_rules_text"):
        from . import loader

        return getattr(loader, name)
    if name == "known_languages":
        from .resolve import known_languages

        return known_languages
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
