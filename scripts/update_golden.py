#!/usr/bin/env python3
"""Regenerate the golden files of tests/test_golden.py after an intended change of output.

Each golden file is the exact output of one factlint command run from the repository root on
the bundled fixtures. Review the diff (git diff tests/golden) before committing it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"

#: golden file name -> factlint arguments
COMMANDS = {
    "check-fixtures.txt": ["check", "fixtures/", "--format", "plain"],
    "check-fixtures.json": ["check", "fixtures/", "--format", "json"],
    "claims-fixtures.txt": ["claims", "fixtures/", "--format", "plain"],
    "scan-fixtures.jsonl": ["scan", "fixtures/", "--format", "jsonl"],
    "scan-fixtures.txt": ["scan", "fixtures/"],
}


def run(args: list[str]) -> str:
    env = {"NO_COLOR": "1", "PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "0"}
    proc = subprocess.run([sys.executable, "-m", "checker", *args], cwd=ROOT, capture_output=True, text=True, env=env)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"factlint {' '.join(args)} failed ({proc.returncode}): {proc.stderr}")
    return proc.stdout


def main() -> int:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for name, args in COMMANDS.items():
        (GOLDEN / name).write_text(run(args), "utf-8")
        print(f"wrote tests/golden/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
