"""The report memo: a re-run of an unchanged command line replays its last output, and nothing
that changes the output is ever answered from it (``checker.commands.report_memo``).

A replay is told from a run by tampering with the stored output: a run that prints the
tampered text was replayed. Files the memo depends on must be older than ``RACY_NS`` when the
run that stores it starts, so the corpora here are left to age for that long first.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

MACHINE: Path

import pytest

from checker.machine_cache import RACY_NS

ROOT = Path(__file__).resolve().parent.parent
CHECK = ("check", "--rules", "rules", "--format", "json", "articles")
TAMPERED = "replayed from the memo\n"


@pytest.fixture(scope="module", autouse=True)
def machine_cache(tmp_path_factory):
    """One machine cache (compiled patterns, rule sets) for the module: compiled once."""
    global MACHINE
    MACHINE = tmp_path_factory.mktemp("machine")
    yield MACHINE


def factlint(*args: str, cwd: Path, env: dict | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    """factlint in ``cwd``, its result cache (and memos) in ``cwd/results``."""
    if args and args[0] in ("check", "claims", "cache") and "--no-cache" not in args:
        args = (*args[:2], "--cache-dir", "results", *args[2:]) if args[0] == "cache" else (args[0], "--cache-dir", "results", *args[1:])
    base = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "FACTLINT_CACHE_DIR": str(MACHINE)}
    base.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "checker", *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", timeout=300, input=stdin, stdin=None if stdin is not None else subprocess.DEVNULL,
                          env={**base, **(env or {})})


def memos(cwd: Path) -> list[Path]:
    return sorted((cwd / "results" / "memo").glob("*.json"))


def tamper(cwd: Path) -> None:
    """Replace the stored output of the one memo with ``TAMPERED``."""
    (entry,) = memos(cwd)
    data = json.loads(entry.read_text("utf-8"))
    data["stdout"] = TAMPERED
    entry.write_text(json.dumps(data), "utf-8")


def aged(path: Path) -> Path:
    """Wait until every file under ``path`` is old enough for its stat data to vouch for it."""
    time.sleep(RACY_NS / 1e9 + 0.2)
    return path


def _make_corpus(folder: Path) -> Path:
    (folder / "articles").mkdir(parents=True)
    for name in ("otan-sommet-la-haye.md", "nato-rutte-criticism.md"):
        shutil.copy(ROOT / "fixtures" / name, folder / "articles" / name)
    shutil.copytree(ROOT / "rules", folder / "rules")
    return folder


@pytest.fixture(scope="module")
def aged_corpora(tmp_path_factory) -> list[Path]:
    """A corpus for each test that needs one, all made at once and aged together (one wait)."""
    root = tmp_path_factory.mktemp("corpora")
    corpora = [_make_corpus(root / f"c{i}") for i in range(20)]
    aged(root)
    return corpora[::-1]


@pytest.fixture
def corpus(aged_corpora) -> Path:
    return aged_corpora.pop()


def test_an_unchanged_command_line_replays_its_output_and_exit_code(corpus):
    fresh = factlint(*CHECK, "--no-cache", cwd=corpus)
    first = factlint(*CHECK, cwd=corpus)
    assert (first.stdout, first.returncode) == (fresh.stdout, fresh.returncode)
    assert len(json.loads(first.stdout)["claims"]) > 5
    again = factlint(*CHECK, cwd=corpus)
    assert (again.stdout, again.stderr, again.returncode) == (first.stdout, first.stderr, first.returncode)
    tamper(corpus)
    replayed = factlint(*CHECK, cwd=corpus)
    assert replayed.stdout == TAMPERED and replayed.returncode == first.returncode


def _edit_article(cwd: Path) -> None:
    article = cwd / "articles" / "otan-sommet-la-haye.md"
    article.write_text(article.read_text("utf-8").replace("27 000 policiers", "28 000 policiers"), "utf-8")


def _add_article(cwd: Path) -> None:
    shutil.copy(ROOT / "fixtures" / "conflicts" / "summit-security-en.md", cwd / "articles" / "new.md")


def _remove_article(cwd: Path) -> None:
    (cwd / "articles" / "nato-rutte-criticism.md").unlink()


def _edit_rules(cwd: Path) -> None:
    rules = cwd / "rules" / "nato.rules"
    rules.write_text(rules.read_text("utf-8") + "\n# an edit\n", "utf-8")


def _edit_reference_data(cwd: Path) -> None:
    (table,) = (cwd / "rules" / "data").glob("*.csv")
    table.write_text(table.read_text("utf-8").replace("2.", "9.", 1), "utf-8")


def _add_configuration(cwd: Path) -> None:
    (cwd / "factlint.toml").write_text('severity = { conflict = "info" }\n', "utf-8")


CHANGES = {
    "an article edited": (_edit_article, {}),
    "an article added": (_add_article, {}),
    "an article removed": (_remove_article, {}),
    "a rule file edited": (_edit_rules, {}),
    "reference data edited": (_edit_reference_data, {}),
    "a configuration file appears": (_add_configuration, {}),
    "the environment differs": (lambda cwd: None, {"GITHUB_ACTIONS": "true"}),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_to_anything_the_output_depends_on_is_never_replayed(corpus, change):
    make, env = CHANGES[change]
    factlint(*CHECK, cwd=corpus)
    tamper(corpus)
    make(corpus)
    ran = factlint(*CHECK, cwd=corpus, env=env)
    assert ran.stdout != TAMPERED
    assert ran.stdout == factlint(*CHECK, "--no-cache", cwd=corpus, env=env).stdout


def test_other_options_are_another_command_line(corpus):
    factlint(*CHECK, cwd=corpus)
    tamper(corpus)
    assert factlint(*CHECK, "--fail-on", "warning", cwd=corpus).stdout != TAMPERED
    assert len(memos(corpus)) == 2


@pytest.mark.parametrize("how", ["--no-cache", "--output", "stdin", "an unreadable input", "claims"])
def test_runs_that_cannot_be_replayed_store_nothing(corpus, how):
    args, stdin = list(CHECK), None
    if how == "--no-cache":
        args.append("--no-cache")
    elif how == "--output":
        args += ["--output", "report.json"]
    elif how == "stdin":
        args[-1], stdin = "-", (corpus / "articles" / "otan-sommet-la-haye.md").read_text("utf-8")
    elif how == "an unreadable input":
        (corpus / "articles" / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
        aged(corpus)
    else:  # the claims command is memoised like check
        args = ["claims", "--rules", "rules", "--format", "json", "articles"]
    ran = factlint(*args, cwd=corpus, stdin=stdin)
    assert ran.returncode in ((0, 1) if how != "an unreadable input" else (2,)), ran.stderr
    assert len(memos(corpus)) == (1 if how == "claims" else 0)


def test_a_run_reading_a_file_changed_just_before_it_stores_nothing(tmp_path):
    _make_corpus(tmp_path)
    ran = factlint(*CHECK, cwd=tmp_path)
    assert ran.returncode in (0, 1) and memos(tmp_path) == []


def test_cache_stats_count_the_memos_and_clear_deletes_them(corpus):
    factlint(*CHECK, cwd=corpus)
    stats = json.loads(factlint("cache", "stats", "--format", "json", cwd=corpus).stdout)
    assert stats["report memos"]["entries"] == 1
    assert stats["results"]["entries"] == 2
    factlint("cache", "clear", cwd=corpus)
    assert memos(corpus) == []


def test_a_call_from_python_is_never_memoised(corpus, monkeypatch, capsys):
    from checker.cli import main

    monkeypatch.chdir(corpus)
    monkeypatch.setenv("FACTLINT_CACHE_DIR", str(MACHINE))
    assert main(["check", "--cache-dir", "results", *CHECK[1:]]) in (0, 1)
    assert json.loads(capsys.readouterr().out)["claims"]
    assert memos(corpus) == []
    assert factlint(*CHECK, cwd=corpus).returncode in (0, 1) and len(memos(corpus)) == 1


#: run factlint as ``python -m checker`` does, then list the modules the process loaded
_LISTING = """
import atexit, os, runpy, sys
atexit.register(lambda: open(os.environ["FACTLINT_TEST_MODULES"], "w").write("\\n".join(sorted(sys.modules))))
sys.argv = ["factlint", *sys.argv[1:]]
runpy.run_module("checker", run_name="__main__", alter_sys=True)
"""


def test_a_replay_loads_only_what_replaying_needs(corpus, tmp_path):
    """Replaying is the answer to re-checking an unchanged corpus, so its start is most of its
    time: it reads the memo and the stat data, and loads neither OpenSSL's hashlib, nor the
    input tracker with the terminal and pattern modules, nor the rules' parser."""
    listing = tmp_path / "modules.txt"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "FACTLINT_CACHE_DIR": str(MACHINE),
           "FACTLINT_TEST_MODULES": str(listing)}
    env.pop("GITHUB_ACTIONS", None)
    command = [sys.executable, "-c", _LISTING, "check", "--cache-dir", "results", *CHECK[1:]]

    def run() -> subprocess.CompletedProcess:
        return subprocess.run(command, cwd=corpus, capture_output=True, text=True, encoding="utf-8", timeout=300,
                              stdin=subprocess.DEVNULL, env=env)

    first = run()
    assert first.returncode in (0, 1), first.stderr
    loaded_by_a_run = set(listing.read_text("utf-8").split())
    assert {"hashlib", "checker.commands.inputs", "checker.rules.loader"} <= loaded_by_a_run
    tamper(corpus)
    replayed = run()
    assert replayed.stdout == TAMPERED and replayed.returncode == first.returncode
    loaded = set(listing.read_text("utf-8").split())
    assert "checker.commands.report_memo" in loaded
    assert not {"hashlib", "_hashlib", "checker.commands.inputs", "checker.report.terminal", "checker.regex_store",
                "checker.rules.loader", "checker.checks.engine"} & loaded


def test_small_digests_are_sha256():
    """The built-in SHA-256 that keys memos and the code stamp gives hashlib's digests (the
    keys of entries written by either stay the same)."""
    import hashlib

    from checker.digest import small_sha256

    for data in (b"", b"factlint", bytes(range(256)) * 40):
        assert small_sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()
        grown = small_sha256()
        grown.update(data[:7])
        grown.update(data[7:])
        assert grown.hexdigest() == hashlib.sha256(data).hexdigest()
