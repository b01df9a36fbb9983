"""Human-readable output never passes control characters from the input to the terminal:
file names and article text with ESC sequences, carriage returns or bidi overrides are shown
as escapes in tables, warnings and errors, while JSON keeps the real text."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from checker.report.terminal import printable

ROOT = Path(__file__).resolve().parent.parent
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
HOSTILE_NAME = "a\x1b[2Jb\rc.md"
ARTICLE = ("---\nlanguage: en\npublished: 2025-06-25\n---\n"
           "Poland spends 4.1% of GDP on defence \u202e\x1b]0;owned\x07 said Rutte.\n")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", errors="surrogateescape", timeout=120, stdin=subprocess.DEVNULL,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"})


@pytest.fixture
def hostile(tmp_path):
    try:
        (tmp_path / HOSTILE_NAME).write_text(ARTICLE, encoding="utf-8")
        (tmp_path / "bin\x1b]0;title\x07.txt").write_bytes(b"\xff\xfe\x00\x00binary\x00\x00")
    except OSError:
        pytest.skip("this file system refuses control characters in names")
    return tmp_path


def test_printable_shows_controls_and_leaves_text_alone():
    assert printable("5 % du PIB d’ici 2035 — «ok»\tfin\n") == "5 % du PIB d’ici 2035 — «ok»\tfin\n"
    assert printable("a\x1b[2Jb\rc\u202ed\x9b") == "a\\x1b[2Jb\\x0dc\\u202ed\\x9b"


@pytest.mark.parametrize("command", [("scan",), ("check", "--rules", str(ROOT / "rules" / "nato.rules"))])
def test_tables_and_messages_show_control_characters_as_escapes(hostile, command):
    result = run(*command, ".", cwd=hostile)
    assert result.returncode == 2, result.stderr  # the binary file is an error, the rest is read
    for stream in (result.stdout, result.stderr):
        assert not UNSAFE.search(stream), repr(UNSAFE.search(stream))
    assert "a\\x1b[2Jb\\x0dc.md" in result.stdout
    assert "bin\\x1b]0;title\\x07.txt" in result.stderr
    assert "4.1%" in result.stdout


def test_json_keeps_the_real_file_name(hostile):
    result = run("scan", "--format", "jsonl", ".", cwd=hostile)
    docs = {json.loads(line)["doc"] for line in result.stdout.splitlines()}
    assert docs == {HOSTILE_NAME}
