"""The on-disk store of compiled regular expressions (checker/regex_store.py): a warm run reads
the compiled programs instead of compiling, gives exactly what ``re.compile`` gives, and a
missing, damaged or turned-off store only costs time."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OTAN = "fixtures/otan-sommet-la-haye.md"

PROBE = r"""
import json, re, sys
from checker import regex_store
from checker.extract.timex_patterns import patterns
text = sys.stdin.read()
pats = patterns("fr")
plain = re.compile(pats.scanner.pattern)
out = {
    "same_program": [m.span() for m in pats.scanner.finditer(text)] == [m.span() for m in plain.finditer(text)],
    "groups": pats.scanner.groupindex == plain.groupindex,
    "spans": [m.span() for m in pats.scanner.finditer(text)],
    "from_store": bool(regex_store._used) and not regex_store._dirty,
}
print(json.dumps(out))
"""


def probe(cache: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "FACTLINT_CACHE_DIR"}
    if cache is not None:
        env["FACTLINT_CACHE_DIR"] = cache
    text = (ROOT / OTAN).read_text("utf-8")
    proc = subprocess.run([sys.executable, "-c", PROBE], input=text, capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def store_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("regex-*/*.marshal"))


def test_a_second_run_reads_the_compiled_scanner_and_matches_like_re(tmp_path):
    cold = probe(str(tmp_path))
    assert cold["same_program"] and cold["groups"] and not cold["from_store"]
    assert len(store_files(tmp_path)) >= 2    # the scanner's sources and its program, at least
    before = {path: path.stat().st_mtime_ns for path in store_files(tmp_path)}
    warm = probe(str(tmp_path))
    assert warm["from_store"], "the warm run compiled again instead of reading the store"
    assert warm["same_program"] and warm["groups"]
    assert warm["spans"] == cold["spans"] and len(warm["spans"]) >= 5
    assert {path: path.stat().st_mtime_ns for path in store_files(tmp_path)} == before, "a warm run rewrote the store"


def test_a_damaged_store_is_rebuilt_and_the_result_is_the_same(tmp_path):
    cold = probe(str(tmp_path))
    paths = store_files(tmp_path)
    data = {path: path.read_bytes() for path in paths}
    for cut in (lambda b: b"", lambda b: b"not marshal at all", lambda b: b[: len(b) // 2]):
        for path in paths:
            path.write_bytes(cut(data[path]))
        again = probe(str(tmp_path))
        assert again["spans"] == cold["spans"] and again["same_program"]
        assert not again["from_store"]
    assert probe(str(tmp_path))["from_store"], "the damaged store was not rewritten"


def test_a_run_reads_only_its_own_patterns_and_old_ones_are_removed(tmp_path, monkeypatch):
    """One file per pattern: a store full of other patterns costs a run nothing, the least
    recently used go past ``MAX_ENTRIES``, and the single file of earlier versions is deleted."""
    from checker import regex_store

    monkeypatch.setenv("FACTLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(regex_store, "MAX_ENTRIES", 3)
    old_single_file = tmp_path / f"regex-{sys.implementation.cache_tag}-20220615.marshal"
    old_single_file.write_bytes(b"x" * 1000)
    for i in range(5):
        regex_store.cached_compile(f"a{i}(b|c)+")
        # (written one after the other: older first, whatever the file system's clock grain)
        path = regex_store._store_dir() / f"{regex_store.pattern_key(f'a{i}(b|c)+')}.marshal"
        os.utime(path, (1_000_000 + i, 1_000_000 + i))
    assert len(store_files(tmp_path)) == 5  # pruned once, when the run ends
    regex_store.prune_at_exit()
    files = store_files(tmp_path)
    assert len(files) == 3 and not old_single_file.exists()
    assert {p.stem for p in files} == {regex_store.pattern_key(f"a{i}(b|c)+") for i in (2, 3, 4)}
    # a pattern still in the store comes back from it, equal to what re.compile gives
    kept = regex_store.cached_compile("a4(b|c)+")
    assert kept.findall("a4bcb a4c a5b") == re.compile("a4(b|c)+").findall("a4bcb a4c a5b")


def test_an_empty_cache_dir_turns_the_store_off(tmp_path):
    result = probe("")
    assert result["same_program"] and not result["from_store"]
    assert not store_files(tmp_path)


def test_check_output_does_not_depend_on_the_store(tmp_path):
    def check(cache: str) -> str:
        proc = subprocess.run([sys.executable, "-m", "checker", "check", "--rules", "rules/nato.rules", OTAN],
                              capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120,
                              env={**os.environ, "FACTLINT_CACHE_DIR": cache, "NO_COLOR": "1"})
        assert proc.returncode in (0, 1), proc.stderr
        return proc.stdout

    off = check("")
    cold = check(str(tmp_path))
    warm = check(str(tmp_path))
    assert off == cold == warm and "5" in off


# -- pattern pieces remembered between runs (regex_store.remembered) ---------------------------

def _new_run(regex_store) -> None:
    """What a new process would see: the pieces written at exit, nothing in memory."""
    regex_store.save_memo()
    regex_store._memo = None


def test_a_remembered_piece_is_built_once_and_read_back_in_the_next_run(tmp_path, monkeypatch):
    from checker import regex_store

    monkeypatch.setenv("FACTLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(regex_store, "_memo", None)
    built = []

    def build():
        built.append(1)
        return {"words": ["un", "deux"], "first": (True, False, "[0-9]")}

    first = regex_store.remembered("test", ["un", "deux"], build)
    _new_run(regex_store)
    second = regex_store.remembered("test", ["un", "deux"], build)
    assert first == second and len(built) == 1, "the next run built the piece again"
    second["words"].append("trois")  # a caller changing its copy changes nothing kept
    assert regex_store.remembered("test", ["un", "deux"], build)["words"] == ["un", "deux"]
    assert regex_store.remembered("test", ["other"], build) and len(built) == 2, "other inputs, other piece"


def test_a_damaged_memo_or_a_value_marshal_cannot_keep_is_built_again(tmp_path, monkeypatch):
    from datetime import date

    from checker import regex_store

    monkeypatch.setenv("FACTLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(regex_store, "_memo", None)
    assert regex_store.remembered("test", "k", lambda: "kept") == "kept"
    _new_run(regex_store)
    [memo] = list(tmp_path.glob("regex-*/memo-*.marshal"))
    memo.write_bytes(memo.read_bytes()[:10])
    regex_store._memo = None
    assert regex_store.remembered("test", "k", lambda: "rebuilt") == "rebuilt"
    # a date is no marshal type: given back, never written, built again in the next run
    assert regex_store.remembered("test", "d", lambda: date(2025, 6, 24)) == date(2025, 6, 24)
    _new_run(regex_store)
    assert regex_store.remembered("test", "d", lambda: "again") == "again"


def test_tries_are_remembered_whatever_the_order_of_their_words(tmp_path):
    """Word lists often come from sets, whose order changes with each process's hash seed: the
    second run must find every trie the first one built (and write nothing)."""
    from checker.extract.patterns import trie_pattern

    assert trie_pattern(["milliard", "million", "mille"]) == trie_pattern(["mille", "milliard", "million"])

    def run(seed: str) -> None:
        env = {**os.environ, "FACTLINT_CACHE_DIR": str(tmp_path), "PYTHONHASHSEED": seed}
        proc = subprocess.run([sys.executable, "-m", "checker", "scan", OTAN], capture_output=True, text=True,
                              cwd=ROOT, env=env, timeout=120)
        assert proc.returncode == 0, proc.stderr

    run("1")
    [memo] = list(tmp_path.glob("regex-*/memo-*.marshal"))
    stamp = memo.stat().st_mtime_ns
    run("2")
    assert memo.stat().st_mtime_ns == stamp, "a run with another hash seed built pieces again"


BUILT_PROBE = """
from checker import regex_store
from checker.extract.scanner import scan_text
for lang, text in (("en", "NATO spent 2% of GDP, $35 billion, by 2035."), ("fr", "5 % du PIB d'ici 2035, 27 000 policiers."),
                   ("de", "5 Prozent des BIP bis 2035, 3 Mrd. Euro."), ("es", "el 5 % del PIB en 2035, 3.000 soldados.")):
    scan_text(text, lang)
print(regex_store._built)
"""


def test_a_second_run_builds_no_remembered_piece_in_any_language(tmp_path):
    """Every piece a scan builds from the language files is kept: a second run (another hash
    seed) reads them all back. (A piece marshal cannot write, a ``RegexFlag`` in a result, was
    silently built again at every start: 0.2 s of checking one article.)"""
    def run(seed: str) -> int:
        env = {**os.environ, "FACTLINT_CACHE_DIR": str(tmp_path), "PYTHONHASHSEED": seed}
        proc = subprocess.run([sys.executable, "-c", BUILT_PROBE], capture_output=True, text=True, cwd=ROOT,
                              env=env, timeout=300)
        assert proc.returncode == 0, proc.stderr
        return int(proc.stdout.split()[-1])

    assert run("1") > 0
    assert run("2") == 0


def test_a_stored_program_makes_one_object_per_distinct_number(tmp_path, monkeypatch):
    """The entry is read back with equal numbers as one object (marshal's references): loading
    a scanner's program then makes a thousand objects, not one per word."""
    import marshal

    from checker import regex_store

    monkeypatch.setenv("FACTLINT_CACHE_DIR", str(tmp_path))
    source = "|".join(f"{i}(?:€ et ŋ|œuvre)" for i in range(60))  # (characters past 256: big numbers)
    first = regex_store.cached_compile(source)
    path = regex_store._store_dir() / f"{regex_store.pattern_key(source)}.marshal"
    code = marshal.loads(path.read_bytes())[1]
    large = [word for word in code if word > 256]
    assert len(large) > 100 and len({id(word) for word in large}) == len(set(large))
    again = regex_store.cached_compile(source)
    assert again.findall("12€ et ŋ, 7œuvre") == first.findall("12€ et ŋ, 7œuvre") == ["12€ et ŋ", "7œuvre"]
