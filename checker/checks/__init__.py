"""Consistency checks over claims: conflict, change, sum, part, bounds, reference, stale.

``run_checks(claims, rules, context)`` is the entry point (``checker.checks.engine``); each kind
is one class in its own module, listed in ``engine.KINDS``. Values are compared as intervals
(``checker.checks.intervals``) and times through ``checker.checks.periods``.

The names below are imported when first used (PEP 562): the modules that only need a
``Finding``, a ``CheckError`` or the claim formatting (``claims``, reports, the baseline) then
import those alone, not every check kind and the claim index.
"""

from __future__ import annotations

import importlib

_HOME = {
    "CheckContext": "context", "CheckError": "context", "ReferenceTable": "context",
    "load_reference_csv": "context", "make_reference_loader": "context",
    "KINDS": "engine", "run_checks": "engine", "validate_checks": "engine",
    "Finding": "finding",
}

__all__ = sorted(_HOME)


def __getattr__(name: str):
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOME))
