"""Consistency checks over claims: conflict, change, sum, part, bounds, reference, stale.

``run_checks(claims, rules, context)`` is the entry point (``checker.checks.engine``); each kind
is one class in its own module, listed in ``engine.KINDS``. Values are compared as intervals
(``checker.checks.intervals``) and times through ``checker.checks.periods``.
"""

from checker.checks.context import CheckContext, CheckError, ReferenceTable, load_reference_csv, make_reference_loader
from checker.checks.engine import KINDS, run_checks, validate_checks
from checker.checks.finding import Finding

__all__ = [
    "CheckContext", "CheckError", "Finding", "KINDS", "ReferenceTable", "load_reference_csv",
    "make_reference_loader", "run_checks", "validate_checks",
]
