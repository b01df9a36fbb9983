"""Hostile articles (issue 8): no crash, no hang, nothing lost.

Every file of the hostile corpus (tests/hostile/corpus.py: binary data, broken encodings, numbers
past float range, invisible characters inside numbers, every Unicode digit script, HTML nested
10,000 deep or full of scripts, broken front matter, empty files) goes through ``factlint scan``
and ``factlint check --rules rules/`` as a subprocess, alone and all together: each run exits 0,
1 or 2 without a traceback, a bad file is one line on stderr that names it, a good file gives the
correct figures, and the other files of the same run are still read. Folders with symbolic link
loops and named pipes end. Inputs that made the loader quadratic or crash are timed by doubling
them (``assert_linear``: t(2n) < 3.5 t(n) + 0.5 s, or t(8n) < 14 t(n) + 0.5 s where a large linear
part could hide a quadratic one at 2n).

Sizes: the loader and sentence splitter read a 50 MB file with no newline; the full scan runs
on 2 MB from the command line and 0.5/1 MB in the doubling test, because the scanner reads about
0.5 MB/s (50 MB would take about 100 s); the claim builder on 100/200 KB of figures.
"""

from __future__ import annotations

import json
import os
import shutil
import sys

import pytest

from checker.document import load_bytes
from checker.document.sentences import MAX_SENTENCE
from tests.hostile.corpus import GOOD_MENTION, SCRIPT_VALUE, build, digit_scripts, in_script, write
from tests.hostile.run import ROOT, RULES, assert_clean, assert_linear, error_lines, factlint

CORPUS = build()
GOOD_ARTICLE = ROOT / "fixtures" / "otan-sommet-la-haye.md"


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    write(folder)
    return folder


def records(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def _expect_error(result, item) -> None:
    assert result.returncode == 2, (item.name, result.returncode, result.stderr)
    lines = error_lines(result, item.name)
    assert len(lines) == 1, f"{item.name}: expected one error line, got {lines!r}"
    assert item.message in lines[0], lines[0]
    assert lines[0].startswith(item.name), lines[0]


# ------------------------------------------------------------------------------ one file per run
@pytest.mark.parametrize("item", CORPUS, ids=[h.name for h in CORPUS])
def test_scan_each_hostile_file(item, corpus_dir):
    result = factlint("scan", "--format", "jsonl", item.name, cwd=corpus_dir)
    assert_clean(result)
    if item.outcome == "error":
        _expect_error(result, item)
        assert result.stdout == ""
        return
    assert result.returncode == 0, (item.name, result.stderr)
    found = records(result.stdout)
    assert all(r["doc"] == item.name for r in found)
    for text, value in item.expect:
        hits = [r for r in found if r["text"] == text]
        assert hits, f"{item.name}: {text!r} not found in {[r['text'] for r in found][:20]}"
        assert hits[0]["value"] == value, hits[0]
    for text in item.forbid:
        assert not any(text in r["text"] for r in found), f"{item.name}: {text!r} reported"
    if item.empty:
        assert found == []
    if item.warning:
        warnings = [line for line in result.stderr.splitlines() if line.startswith(f"{item.name}: warning: ")]
        assert any(item.warning in w for w in warnings), result.stderr


@pytest.mark.parametrize("item", CORPUS, ids=[h.name for h in CORPUS])
def test_check_each_hostile_file(item, corpus_dir):
    result = factlint("check", "--rules", str(RULES), item.name, cwd=corpus_dir)
    assert_clean(result)
    if item.outcome == "error":
        _expect_error(result, item)
    else:
        assert result.returncode in (0, 1), (item.name, result.stderr)
        assert "Claims (" in result.stdout or "Findings" in result.stdout


# ------------------------------------------------------------------------------ all files in one run
def _with_good_article(corpus_dir, tmp_path):
    folder = tmp_path / "all"
    shutil.copytree(corpus_dir, folder)
    shutil.copy(GOOD_ARTICLE, folder / "zz-good.md")
    return folder


def test_one_scan_over_every_hostile_file_still_reads_the_others(corpus_dir, tmp_path):
    folder = _with_good_article(corpus_dir, tmp_path)
    result = factlint("scan", ".", cwd=folder)
    assert_clean(result)
    assert result.returncode == 2  # some files are errors
    for item in CORPUS:
        if item.outcome == "error":
            assert len(error_lines(result, item.name)) == 1, item.name
        else:
            assert f"{item.name}  (" in result.stdout, f"{item.name} was not scanned"
    assert "27 000 policiers" in result.stdout and "5 % du produit intérieur brut (PIB)" in result.stdout


def test_one_check_over_every_hostile_file_still_checks_the_others(corpus_dir, tmp_path):
    folder = _with_good_article(corpus_dir, tmp_path)
    result = factlint("check", "--rules", str(RULES), "--format", "json", ".", cwd=folder)
    assert_clean(result)
    assert result.returncode == 2
    report = json.loads(result.stdout, parse_constant=float)
    documents = set(report["documents"])
    assert "zz-good.md" in documents
    assert {h.name for h in CORPUS if h.outcome == "ok"} <= documents
    assert not {h.name for h in CORPUS if h.outcome == "error"} & documents
    quotes = {c["quote"] for c in report["claims"] if c["doc"] == "zz-good.md"}
    assert {"27 000 policiers", "35 milliards de dollars"} <= quotes


def test_front_matter_never_runs_python(corpus_dir):
    factlint("scan", "fm-python-tag.md", cwd=corpus_dir)
    assert not (corpus_dir / "PWNED").exists()


# ------------------------------------------------------------------------------ Unicode digits
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_digit_script_reads_right_or_not_at_all(lang):
    """A number in any decimal digit script is read with its value, or left alone: never misread."""
    from checker.extract.scanner import scan_text

    sentence = {"en": "NATO says Poland spends {}% of GDP on defence.",
                "fr": "Selon l'OTAN, la Pologne consacre {} % de son PIB à la défense."}[lang]
    wrong = {}
    for zero in digit_scripts():
        text = sentence.format(in_script(zero, SCRIPT_VALUE))
        for m in scan_text(text, lang):
            if m.kind != "percent_of_gdp" or m.value != SCRIPT_VALUE:
                wrong[f"U+{zero:04X}"] = (m.text, m.kind, m.value)
    assert not wrong, wrong
    assert len(digit_scripts()) >= 60  # the Unicode database knows this many scripts


def test_digit_scripts_from_the_command_line(corpus_dir):
    result = factlint("scan", "--format", "jsonl", "digit-scripts.txt", cwd=corpus_dir)
    assert_clean(result)
    found = records(result.stdout)
    assert found, "no digit script read at all"
    assert all(r["value"] == SCRIPT_VALUE and r["kind"] == "percent_of_gdp" for r in found), found


# ------------------------------------------------------------------------------ folders
@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_symlink_loops_in_input_folders_end_and_read_each_file_once(tmp_path):
    root = tmp_path / "articles"
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "b" / "good.txt").write_text("NATO says Poland spends 4% of GDP on defence.\n", encoding="utf-8")
    os.symlink("..", root / "a" / "b" / "up")             # a loop through the parent
    os.symlink(root, root / "a" / "root")                 # a loop to the top, absolute
    os.symlink("self.txt", root / "a" / "self.txt")       # a link to itself
    os.symlink("b", root / "a" / "twin")                  # the same folder twice
    for command in (["scan", "--format", "jsonl", "articles"],
                    ["check", "--rules", str(RULES), "--format", "json", "articles"]):
        result = factlint(*command, cwd=tmp_path, timeout=120)
        assert_clean(result)
        assert result.returncode == 2  # the self-link cannot be read: one line says so
        assert [line for line in result.stderr.splitlines() if "self.txt" in line], result.stderr
        if command[0] == "scan":
            texts = [(r["doc"], r["text"]) for r in records(result.stdout)]
            assert texts == [("articles/a/b/good.txt", GOOD_MENTION[0])], texts
        else:
            assert json.loads(result.stdout)["documents"] == ["articles/a/b/good.txt"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_in_an_input_folder_is_skipped_not_waited_on(tmp_path):
    (tmp_path / "in").mkdir()
    os.mkfifo(tmp_path / "in" / "pipe.txt")
    (tmp_path / "in" / "good.txt").write_text("NATO says Poland spends 4% of GDP on defence.\n", encoding="utf-8")
    result = factlint("scan", "in", cwd=tmp_path, timeout=60)
    assert_clean(result)
    assert result.returncode == 2
    assert error_lines(result, "pipe.txt") == ["in/pipe.txt: not a regular file (a pipe, socket or device), skipped"]
    assert "4% of GDP" in result.stdout


# ------------------------------------------------------------------------------ size and time
FIFTY_MB = 50_000_000


def test_a_50_mb_file_with_no_newline_loads_in_linear_time():
    """Loader and sentence splitter (not the scanner: see the module docstring): 25 MB, then 50."""
    unit = b"NATO deployed 27,000 police officers and 10,000 soldiers. "

    def work(n: int) -> None:
        data = unit * (n // len(unit))
        assert b"\n" not in data
        doc = load_bytes(data, "big.txt", lang="en")
        assert len(doc.sentences) == len(data) // len(unit)
        assert doc.line_col(len(doc.text)) == (1, len(doc.text) + 1)

    assert_linear(work, FIFTY_MB // 2, "loading a file of sentences and no newline")


def test_a_50_mb_run_with_no_sentence_boundary_is_cut_into_bounded_sentences():
    unit = b"NATO deployed 27,000 police officers and 10,000 soldiers and "
    data = unit * (FIFTY_MB // len(unit))
    doc = load_bytes(data, "big.txt", lang="en")
    lengths = [end - start for start, end in doc.sentences]
    assert max(lengths) <= MAX_SENTENCE
    assert sum(lengths) >= len(doc.text.strip()) - len(doc.sentences)  # only the cut spaces are left out


def test_a_2_mb_line_scans_from_the_command_line(tmp_path):
    unit = "NATO deployed 27,000 police officers and spent 2.1% of GDP in 2024 while the target was 5 % by 2035; "
    (tmp_path / "line.txt").write_text(unit * (2_000_000 // len(unit)), encoding="utf-8")
    result = factlint("scan", "--lang", "en", "--format", "jsonl", "line.txt", cwd=tmp_path)
    assert_clean(result)
    assert result.returncode == 0
    assert sum(1 for _ in result.stdout.splitlines()) >= 5 * (2_000_000 // len(unit)) - 5


def test_scanning_is_linear_in_the_size_of_a_line():
    from checker.extract.scanner import scan_document

    unit = b"NATO deployed 27,000 police officers and spent 2.1% of GDP in 2024 while the target was 5 % by 2035 and "

    def work(n: int) -> None:
        scan_document(load_bytes(unit * (n // len(unit)), "x.txt", lang="en"))

    assert_linear(work, 500_000, "scanning one line of figures")


def test_building_and_checking_claims_is_linear_in_a_sentence_without_end():
    """One 'sentence' of 200 KB made every number compare with every cue and date (quadratic)."""
    from checker.checks.context import CheckContext
    from checker.checks.engine import run_checks
    from checker.claims.builder import ClaimBuilder
    from checker.claims.model import number_claims
    from checker.rules import load_rules

    rules = load_rules([str(RULES)])
    unit = b"NATO deployed 27,000 police officers for security and agreed a target of 5% of GDP by 2035 and "

    def work(n: int) -> None:
        doc = load_bytes(unit * (n // len(unit)), "x.txt", lang="en")
        claims = ClaimBuilder(rules).build(doc).claims
        assert claims
        number_claims(claims)
        run_checks(claims, rules, CheckContext())

    assert_linear(work, 100_000, "claims of one endless sentence")


#: HTML that Python 3.11's parser read in quadratic time (a search to the end of the page for
#: every unclosed construct), and shapes around them
HTML_SHAPES = {
    "end tags never closed": lambda n: b"<html><body><p>x</p>" + b"</" * (n // 2),
    "declarations never closed": lambda n: b"<html><body><p>x</p>" + b"<!" * (n // 2),
    "start tags never closed": lambda n: b"<html><body><p>x</p>" + b"<a" * (n // 2),
    "comments never closed, > between": lambda n: b"<html><body><p>x</p>" + b"<!--x>" * (n // 6),
    "marked sections, > between": lambda n: b"<html><body><p>x</p>" + b"<![CDATA[x>" * (n // 11),
    "processing instructions never closed": lambda n: b"<html><body><p>x</p>" + b"<?" * (n // 2),
    "nesting": lambda n: b"<html><body>" + b"<div>" * (n // 5) + b"x" + b"</div>" * (n // 5),
    "stray end tags": lambda n: b"<html><body>" + b"<div></span>" * (n // 12),
    "character references": lambda n: b"<html><body><p>" + b"&#1;&#x;&amp;&bogus" * (n // 19),
}


@pytest.mark.parametrize("shape", list(HTML_SHAPES), ids=list(HTML_SHAPES))
def test_hostile_html_loads_in_linear_time(shape):
    make = HTML_SHAPES[shape]
    assert_linear(lambda n: load_bytes(make(n), "x.html", lang="en"), 50_000, f"HTML: {shape}", factor=8)


TEXT_SHAPES = {
    "blank lines": lambda n: b"\n" * n,
    "abbreviations": lambda n: b"Mr. " * (n // 4),
    "sentence marks": lambda n: b"a. " * (n // 3),
    "openers after a break": lambda n: b"x.\n" + b"(" * n,
    "space after a mark": lambda n: b"x." + b" " * n + b"Y",
    "short lines": lambda n: b"NATO spends\nmore than\n" * (n // 22),
    "carriage returns": lambda n: b"Ab\r" * (n // 3),
    "front matter keys": lambda n: b"---\n" + b"".join(b"k%d: v\n" % i for i in range(n // 10)) + b"---\nx",
}


@pytest.mark.parametrize("shape", list(TEXT_SHAPES), ids=list(TEXT_SHAPES))
def test_hostile_text_loads_in_linear_time(shape):
    make = TEXT_SHAPES[shape]
    name = "x.md" if shape.startswith("front matter") else "x.txt"
    assert_linear(lambda n: load_bytes(make(n), name, lang="en"), 250_000, f"text: {shape}", factor=8)


# ------------------------------------------------------------------------------ HTML report
def test_the_html_report_escapes_script_tags_from_articles(tmp_path):
    (tmp_path / "a.md").write_text(
        "---\ntitle: \"<script>alert('title')</script>\"\nsource: \"<b onmouseover=alert(1)>x</b>\"\n"
        "published: 2025-06-24\nlanguage: en\n---\n"
        "NATO deployed 27,000 police officers <script>alert('a')</script> for security at the Hague summit.\n"
        "The Alliance agreed a target of 5% of GDP by 2035 </script><script>alert(2)</script> "
        "<img src=x onerror=alert(3)>.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("NATO deployed 30,000 police officers <SCRIPT>x</SCRIPT> for security "
                                    "at the Hague summit on 24 June 2025.\n", encoding="utf-8")
    result = factlint("check", "--rules", str(RULES), "--format", "html", "--lang", "en", ".", cwd=tmp_path)
    assert_clean(result)
    page = result.stdout
    assert "27,000 police officers" in page, "the article's claim is missing from the report"
    lowered = page.lower()
    assert "<script" not in lowered
    assert "<img" not in lowered  # the attribute text may show, escaped; the tag may not
    assert "<b onmouseover" not in lowered
    assert "&lt;script&gt;" in lowered


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX paths")
def test_a_document_named_like_markup_is_escaped_in_the_html_report(tmp_path):
    name = "<script>alert(1)<"
    (tmp_path / f"{name}.txt").write_text("NATO deployed 27,000 police officers for security at the Hague summit.\n",
                                          encoding="utf-8")
    result = factlint("check", "--rules", str(RULES), "--format", "html", "--lang", "en", ".", cwd=tmp_path)
    assert_clean(result)
    assert "<script" not in result.stdout.lower()


def test_an_unexpected_loader_failure_is_one_line_and_the_run_goes_on(tmp_path, monkeypatch):
    """The safety net: a bug that one article triggers in the loader does not end the run."""
    from checker.document import LoadError, html, iter_documents

    (tmp_path / "a.html").write_text("<p>NATO deployed 10,000 soldiers.</p>", encoding="utf-8")
    (tmp_path / "b.txt").write_text("NATO says Poland spends 4% of GDP on defence.\n", encoding="utf-8")

    def broken(source: str):
        raise RecursionError("maximum recursion depth exceeded\nwhile parsing")

    monkeypatch.setattr(html, "extract_article", broken)  # the loader imports it when it reads HTML
    items = list(iter_documents([str(tmp_path)]))
    assert isinstance(items[0], LoadError) and items[0].path.endswith("a.html")
    assert str(items[0]).endswith("cannot load: internal error RecursionError: maximum recursion depth exceeded "
                                  "while parsing (please report it)")
    assert "\n" not in str(items[0])
    assert items[1].path.endswith("b.txt") and "4% of GDP" in items[1].text
