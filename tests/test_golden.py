"""Golden files: the exact output of factlint on the bundled fixtures.

A difference means the user-visible output changed. If the change is intended, regenerate with
``python scripts/update_golden.py`` and review ``git diff tests/golden``.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("update_golden", ROOT / "scripts" / "update_golden.py")
update_golden = importlib.util.module_from_spec(spec)
spec.loader.exec_module(update_golden)


@pytest.mark.parametrize("name", sorted(update_golden.COMMANDS))
def test_golden(name):
    expected = (ROOT / "tests" / "golden" / name).read_text("utf-8")
    got = update_golden.run(update_golden.COMMANDS[name])
    assert got == expected, f"output of factlint {' '.join(update_golden.COMMANDS[name])} changed; see {__doc__}"
