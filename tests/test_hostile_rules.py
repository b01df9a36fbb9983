"""Hostile rule files (issue 8): errors with file:line:column, no code run, no file read outside.

Rule files are semi-trusted (written by colleagues, reviewed less than code): a broken one must
fail with a positioned one-line error and exit 2, never a traceback; nothing in the rule
language may run Python code or read a file outside the rules folder (includes and reference
data files stay inside it; a file named like a Python module is only ever read as text); and a
rule file's size must not make a run superlinear: cue phrases are literal text compiled into a
trie-shaped pattern with no nested repetition, so matching is linear in the document (shown with
10,000 cue phrases and a 1 MB document). All from the command line unless timing is measured.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from checker.rules import RuleError, load_rules
from checker.rules.grammar import MAX_PHRASE
from tests.hostile.run import assert_clean, assert_linear, factlint

DOC = "NATO says Poland spends 4% of GDP on defence, above the 2% target.\n"
HEADER = 'topic t\n  title "Test"\n  languages en\n\nentity NATO is an alliance\n  names en "NATO", "the Alliance"\n\n'
METRIC = ('metric target\n  takes percent of GDP\n  about an alliance, default NATO\n'
          '  cues within 12 words en "target", "goal"\n')
POSITIONED = re.compile(r"^(?P<file>[^\n:]+):(?P<line>\d+):(?P<column>\d+): \S")


def _check(tmp_path, *rule_args: str, doc: str = DOC):
    (tmp_path / "doc.txt").write_text(doc, encoding="utf-8")
    result = factlint("check", "--lang", "en", *rule_args, "doc.txt", cwd=tmp_path)
    assert_clean(result)
    return result


def _positioned_error(result, file: str) -> re.Match:
    assert result.returncode == 2, (result.returncode, result.stdout[-500:], result.stderr)
    first = result.stderr.splitlines()[0]
    m = POSITIONED.match(first)
    assert m, f"no file:line:column in {first!r}"
    assert m["file"].endswith(file), first
    return m


# ------------------------------------------------------------------------------ malformed files
MALFORMED = {
    "unclosed-quote": (HEADER + 'metric m\n  label "never closed\n', 9),
    "unknown-clause": (HEADER + METRIC + "  colour blue\n", 12),
    "unknown-metric": (HEADER + METRIC + "check T-1 conflict on nope: error\n", 12),
    "nul-byte": (HEADER + "metric m\x00\n", 8),
    "control-characters": (HEADER + "metric m\n  label \x1b[2J\x07\n", 9),
    "bad-number": (HEADER + METRIC + "  tolerance 1e999999 points\n", 12),
    "huge-window": (HEADER + METRIC.replace("within 12", "within 99999999999999999999") , 11),
    "empty-phrase": (HEADER + METRIC.replace('"goal"', '""'), 11),
    "phrase-too-long": (HEADER + METRIC.replace('"goal"', '"' + "g" * (MAX_PHRASE + 1) + '"'), 11),
    "name-too-long": (HEADER + "entity " + "n" * 1500 + " is an alliance\n", 8),
    "crlf-and-tabs": ((HEADER + METRIC + "\tstance proposed when xx \"a\"\n").replace("\n", "\r\n"), 12),
    "statement-in-phrase": (HEADER + 'metric m\n  label "x" metric\n', 9),
    "duplicate": (HEADER + METRIC + METRIC, 12),
    "one-long-line": (HEADER + "metric m " + "label \"x\" " * 20000 + "\n", 8),
}


@pytest.mark.parametrize("name", list(MALFORMED), ids=list(MALFORMED))
def test_a_malformed_rule_file_gives_file_line_column_and_exit_2(tmp_path, name):
    text, line = MALFORMED[name]
    (tmp_path / "bad.rules").write_bytes(text.encode("utf-8"))
    result = _check(tmp_path, "--rules", "bad.rules")
    m = _positioned_error(result, "bad.rules")
    assert int(m["line"]) == line, result.stderr
    assert "\x1b" not in result.stderr  # a control character is shown, not sent to the terminal


def test_a_rule_file_that_is_not_utf8_is_refused_at_the_byte(tmp_path):
    (tmp_path / "latin1.rules").write_bytes(HEADER.encode() + b'metric m\n  label "d\xe9fense"\n')
    result = _check(tmp_path, "--rules", "latin1.rules")
    m = _positioned_error(result, "latin1.rules")
    assert (m["line"], m["column"]) == ("9", "11"), result.stderr
    assert "UTF-8" in result.stderr


def test_a_binary_rule_file_is_refused_with_a_position(tmp_path):
    (tmp_path / "random.rules").write_bytes(bytes(range(256)) * 4)
    result = _check(tmp_path, "--rules", "random.rules")
    _positioned_error(result, "random.rules")


def test_a_broken_rule_file_in_a_folder_stops_the_run_with_its_position(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "a.rules").write_text(HEADER + METRIC, encoding="utf-8")
    (rules / "b.rules").write_text("metric other\n  takes procent\n", encoding="utf-8")
    result = _check(tmp_path, "--rules", "rules")
    m = _positioned_error(result, "b.rules")
    assert m["line"] == "2"


# ------------------------------------------------------------------------------ files outside
def _rules_dir(tmp_path, text: str, name: str = "main.rules"):
    rules = tmp_path / "rules"
    rules.mkdir(exist_ok=True)
    (rules / name).write_text(text, encoding="utf-8")
    return rules


OUTSIDE_INCLUDES = {
    "/etc/passwd": "must be a rule file ending in .rules",
    "/etc/passwd.rules": "outside the rules directory",
    "../../x.rules": "outside the rules directory",
    "../outside.rules": "outside the rules directory",
    "sub/../../outside.rules": "outside the rules directory",
    "os.py": "must be a rule file ending in .rules",
    "__init__.py": "must be a rule file ending in .rules",
    "link.rules": "outside the rules directory",  # a symbolic link inside that points outside
}


@pytest.mark.parametrize("target", list(OUTSIDE_INCLUDES), ids=list(OUTSIDE_INCLUDES))
def test_include_cannot_leave_the_rules_folder(tmp_path, target):
    (tmp_path / "outside.rules").write_text(HEADER, encoding="utf-8")
    rules = _rules_dir(tmp_path, HEADER + METRIC + f'include "{target}"\n')
    if target == "link.rules":
        os.symlink(tmp_path / "outside.rules", rules / "link.rules")
    result = _check(tmp_path, "--rules", "rules")
    m = _positioned_error(result, "main.rules")
    assert m["line"] == "12"
    assert OUTSIDE_INCLUDES[target] in result.stderr
    assert "root:" not in result.stderr  # nothing of /etc/passwd is shown


def test_include_inside_the_rules_folder_works(tmp_path):
    rules = _rules_dir(tmp_path, HEADER + 'include "more/metric.rules"\n')
    (rules / "more").mkdir()
    (rules / "more" / "metric.rules").write_text(METRIC, encoding="utf-8")
    result = _check(tmp_path, "--rules", "rules")
    assert result.returncode == 0, result.stderr
    assert "target" in result.stdout


REFERENCE = ('check T-R1 reference on target: warning\n  file "{file}"\n  source "test"\n'
             '  columns subject "country", period "year", value "share"\n')


@pytest.mark.parametrize("file", ["/etc/passwd", "../secret.csv", "../../../../../../etc/passwd", "data/link.csv"])
def test_a_reference_file_outside_the_rules_folder_is_refused(tmp_path, file):
    (tmp_path / "secret.csv").write_text("country,year,share\nNATO,2024,9\n", encoding="utf-8")
    rules = _rules_dir(tmp_path, HEADER + METRIC + REFERENCE.format(file=file))
    (rules / "data").mkdir()
    os.symlink(tmp_path / "secret.csv", rules / "data" / "link.csv")
    result = _check(tmp_path, "--rules", "rules")
    m = _positioned_error(result, "main.rules")
    assert m["line"] == "13"
    assert "outside the rules directory" in result.stderr
    assert "root:" not in result.stderr


def test_files_named_like_python_modules_are_never_run(tmp_path):
    """A data file, a rule file and an include named like Python code are read as text, or refused."""
    marker = tmp_path / "RAN"
    code = f"open({str(marker)!r}, 'w').write('ran')\n"
    rules = _rules_dir(tmp_path, HEADER + METRIC + REFERENCE.format(file="data/evil.py"))
    (rules / "data").mkdir()
    (rules / "data" / "evil.py").write_text(code, encoding="utf-8")
    for name in ("__init__.py", "sitecustomize.py", "conftest.py", "os.py", "checker.py"):
        (rules / name).write_text(code, encoding="utf-8")
    (rules / "__init__.rules").write_text(code, encoding="utf-8")  # not the rule language: an error
    result = _check(tmp_path, "--rules", "rules")
    assert result.returncode == 2
    assert not marker.exists()
    result = _check(tmp_path, "--rules", "rules/data/evil.py")
    assert "not a rule file" in result.stderr
    assert not marker.exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_among_the_rule_files_is_refused_not_waited_on(tmp_path):
    rules = _rules_dir(tmp_path, HEADER + METRIC)
    os.mkfifo(rules / "pipe.rules")
    result = _check(tmp_path, "--rules", "rules")
    assert result.returncode == 2
    assert "pipe.rules: not a regular file" in result.stderr


def test_the_loader_refuses_outside_files_unless_allowed(tmp_path):
    """``allow_outside`` is the one way out, and only from Python, not from a rule file or the CLI."""
    (tmp_path / "shared.rules").write_text(METRIC, encoding="utf-8")
    rules = _rules_dir(tmp_path, HEADER + 'include "../shared.rules"\n')
    with pytest.raises(RuleError, match="outside the rules directory"):
        load_rules(str(rules))
    assert "target" in load_rules(str(rules), allow_outside=True).metrics


# ------------------------------------------------------------------------------ size and time
def _many_cues(n: int, shared_prefix: bool = False) -> str:
    """A metric with ``n`` distinct cue phrases, one to four words each."""
    import random

    rnd = random.Random(n)
    seen: set[str] = set()
    while len(seen) < n:
        words = ["".join(rnd.choice("abcdefghijklmnoprstuvwxyz") for _ in range(rnd.randint(3, 9)))
                 for _ in range(rnd.randint(1, 4))]
        if shared_prefix:  # every cue shares a long first part: the worst case for the trie
            words = ["defence"] * rnd.randint(1, 20) + words[:1]
        seen.add(" ".join(words))
    cues = ",\n    ".join(f'"{c}"' for c in sorted(seen))
    return (HEADER + "metric target\n  takes percent of GDP\n  about an alliance, default NATO\n"
            f"  cues within 12 words en \"target\",\n    {cues}\n"
            "check T-C1 conflict on target: warning\n")


def test_loading_rules_is_linear_in_the_number_of_cues(tmp_path):
    def work(n: int) -> None:
        path = tmp_path / f"cues{n}.rules"
        path.write_text(_many_cues(n), encoding="utf-8")
        assert len(load_rules(str(path)).metrics["target"].cues.phrases["en"]) == n + 1

    assert_linear(work, 2_500, "loading cue phrases", factor=8)


@pytest.mark.parametrize("shared_prefix", [False, True], ids=["distinct cues", "cues sharing a long prefix"])
def test_10000_cues_and_a_1_mb_document_run_in_linear_time(tmp_path, shared_prefix):
    from checker.checks.context import CheckContext
    from checker.checks.engine import run_checks
    from checker.claims.builder import ClaimBuilder
    from checker.claims.model import number_claims
    from checker.document import load_bytes
    from checker.extract.scanner import scan_document

    path = tmp_path / "cues.rules"
    path.write_text(_many_cues(10_000, shared_prefix), encoding="utf-8")
    rules = load_rules(str(path))
    cues = rules.metrics["target"].cues.phrases["en"]
    unit = (f"The Alliance set a target of 5% of GDP, {cues[7]} and {cues[100]} say. "
            f"NATO now holds 4% of GDP as its {cues[-1]}, {'defence ' * 30}. ")
    prepared = {}
    for n in (62_500, 500_000, 1_000_000):
        doc = load_bytes((unit * (n // len(unit))).encode(), "doc.txt", lang="en")
        prepared[n] = (doc, scan_document(doc))

    def work(n: int) -> None:
        doc, mentions = prepared[n if n in prepared else 62_500]
        claims = ClaimBuilder(rules).build(doc, mentions).claims
        assert len(claims) >= n // len(unit)
        number_claims(claims)
        run_checks(claims, rules, CheckContext())

    assert_linear(work, 500_000, "claims with 10,000 cues")


def test_10000_cues_and_a_1_mb_document_from_the_command_line(tmp_path):
    (tmp_path / "cues.rules").write_text(_many_cues(10_000), encoding="utf-8")
    unit = "NATO set a target of 5% of GDP, officials say. Poland spends 4% of GDP on defence. "
    doc = unit * (1_000_000 // len(unit))
    result = _check(tmp_path, "--rules", "cues.rules", "--format", "json", doc=doc)
    assert result.returncode in (0, 1), result.stderr
    assert '"metric": "target"' in result.stdout


def test_a_rule_file_is_text_the_grammar_never_evaluates():
    """The only ways a rule file reaches the file system are include and reference files."""
    import checker.rules as package

    folder = os.path.dirname(package.__file__)
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".py") or name == "lint.py":
            continue
        source = open(os.path.join(folder, name), encoding="utf-8").read()
        for forbidden in (r"\beval\(", r"\bexec\(", "__import__", "import_module", r"import pickle|pickle\.load",
                          "subprocess", r"os\.system", r"yaml\.load", "runpy", r"\bmarshal\b"):
            assert not re.search(forbidden, source), f"checker/rules/{name} uses {forbidden}"
        opens = re.findall(r"\bopen\(", source)
        assert name == "loader.py" or not opens, f"checker/rules/{name} opens files: only the loader may"


def test_rules_lint_neither_leaves_the_rules_root_nor_blocks_on_a_fifo(tmp_path):
    """Regression: `rules lint` followed an include to a FIFO outside the rules folder and hung."""
    import os
    import subprocess
    import sys

    (tmp_path / "rules").mkdir()
    os.mkfifo(tmp_path / "pipe.rules")
    (tmp_path / "rules" / "a.rules").write_text('include "../pipe.rules"\n', encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "checker", "rules", "lint", "rules"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
    assert proc.returncode == 2
    assert "outside the rules directory" in proc.stderr and "Traceback" not in proc.stderr


def test_thousands_of_entities_sharing_a_name_load_in_linear_time():
    """A generated rule file may give one name to many entities: indexing their names once each."""
    from checker.rules.loader import parse_rules_text

    def load(n: int) -> None:
        text = 'topic t\n  title "T"\n  languages en\n\n' + "".join(
            f'entity e{i} is a country\n  names en "Shared", "Also shared"\n\n' for i in range(n))
        rules = parse_rules_text(text)
        assert len(rules.entities) == n

    assert_linear(load, 1000, "entities sharing a name", factor=8)
