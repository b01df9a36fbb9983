"""Properties of the rule loader on hostile rule files (hypothesis); extends test_rules_properties.py.

(a) nato.rules damaged with what hostile or careless edits bring (NUL and escape characters, a
    byte order mark in the middle, CRLF, over-long phrases, stray includes and quotes) loads or
    raises ``RuleError`` whose position lies inside the file and whose rendering sends no
    control character to the terminal;
(b) random folders of rule files that include each other, themselves, missing files and files
    outside the folder load or fail with a positioned ``RuleError``, and the loader never opens
    a file outside the rules folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import checker.rules.loader as loader_module
from checker.rules import RuleError, load_rules, parse_rules_text
from checker.rules.grammar import MAX_PHRASE

ROOT = Path(__file__).resolve().parents[1]
NATO_PATH = ROOT / "rules" / "nato.rules"
NATO = NATO_PATH.read_text(encoding="utf-8")
SETTINGS = settings(max_examples=80, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

HOSTILE_INSERTS = [
    "\x00", "\x1b[2J", "\x07", "\ufeff", "\r\n", "\r", "\u202e", "\u200b", '"', "“", "”", "\\", "#",
    '"' + "x" * (MAX_PHRASE + 1) + '"', 'include "/etc/passwd"', 'include "../../x.rules"',
    'include "nato.rules"', 'file "/etc/passwd"', "metric", "check X conflict on", "9" * 400, "\t" * 50,
]


@st.composite
def damaged(draw) -> str:
    text = NATO
    for _ in range(draw(st.integers(1, 3))):
        pos = draw(st.integers(0, len(text)))
        text = text[:pos] + draw(st.sampled_from(HOSTILE_INSERTS)) + text[pos:]
    return text


def _assert_positioned(error: RuleError, text: str) -> None:
    lines = text.split("\n")
    assert error.line is not None and 1 <= error.line <= len(lines) + 1, error.headline
    assert error.column is not None and error.column >= 1, error.headline
    assert "\n" not in error.message
    rendered = str(error)
    assert not any(c in rendered for c in "\x00\x1b\x07"), repr(rendered)
    headline, shown, caret = rendered.split("\n")
    assert headline.startswith(f"{error.file}:{error.line}:{error.column}: ")
    assert caret.endswith("^") and len(caret) == len("  ") + error.column
    assert len(shown) - 2 == len(error.source_line)  # one shown character per character


@SETTINGS
@given(damaged())
def test_a_hostile_edit_loads_or_fails_with_a_position_inside_the_file(text):
    try:
        parse_rules_text(text, str(NATO_PATH))
    except RuleError as error:
        _assert_positioned(error, text)


# ------------------------------------------------------------------------------ include graphs
FILE_NAMES = ["a.rules", "b.rules", "sub/c.rules", "sub/deeper/d.rules"]
TARGETS = FILE_NAMES + ["missing.rules", "../outside.rules", "/etc/passwd.rules", "sub/../../outside.rules",
                        "not-rules.txt", "sub"]


@st.composite
def include_graphs(draw) -> dict[str, list[str]]:
    """file -> the targets it includes (as written relative to the including file)."""
    graph = {}
    for name in FILE_NAMES:
        targets = draw(st.lists(st.sampled_from(TARGETS), max_size=3))
        depth = name.count("/")
        graph[name] = [t if t.startswith(("/", "..")) or t in ("missing.rules", "not-rules.txt") or "/.." in t
                       else "../" * depth + t for t in targets]
    return graph


@settings(SETTINGS, max_examples=60)
@given(include_graphs())
def test_include_graphs_load_or_fail_cleanly_and_never_read_outside(graph):
    base = Path(tempfile.mkdtemp(prefix="factlint-includes-"))
    try:
        rules = base / "rules"
        (rules / "sub" / "deeper").mkdir(parents=True)
        (base / "outside.rules").write_text('topic outside\n  title "x"\n  languages en\n', encoding="utf-8")
        (rules / "not-rules.txt").write_text("text\n", encoding="utf-8")
        for i, (name, targets) in enumerate(graph.items()):
            body = "".join(f'include "{t}"\n' for t in targets)
            (rules / name).write_text(f"# file {i}\n" + body, encoding="utf-8")
        opened: list[str] = []
        real_open = open

        def recording_open(path, *args, **kwargs):
            opened.append(os.path.realpath(path))
            return real_open(path, *args, **kwargs)

        root = os.path.realpath(rules)
        with mock.patch.object(loader_module, "open", recording_open, create=True):
            try:
                load_rules(str(rules / "a.rules"))
            except RuleError as error:
                text = Path(rules / os.path.relpath(error.file, rules)).read_text(encoding="utf-8") \
                    if os.path.exists(error.file) else ""
                if text:
                    _assert_positioned(error, text)
                else:
                    assert error.line is not None, error.headline
        outside = [p for p in opened if os.path.commonpath([p, root]) != root]
        assert not outside, outside
    finally:
        shutil.rmtree(base, ignore_errors=True)
