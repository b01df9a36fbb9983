"""The rule language: rule files (``rules/*.rules``) that say what to look for and what to check.

``load_rules`` and ``parse_rules_text`` turn rule files into a :class:`RuleSet` (see ``model``);
a file that cannot be loaded raises :class:`RuleError` with file, line, column and a caret.
The language itself is described in docs/rules.md.
"""

from .errors import RuleError
from .loader import examples_by_metric, find_entity, load_rules, parse_rules_text
from .resolve import known_languages
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
