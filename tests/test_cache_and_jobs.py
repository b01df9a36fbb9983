"""The result cache and ``--jobs``: neither may change a single byte of any report.

The cache keys a document's claims by its bytes, its path, the options, the rule files and
factlint's code: an unchanged corpus is read from the cache, an edited article is read again
alone, an edited rule file makes every document be read again, and a damaged entry is
rebuilt. Worker processes return documents in input order, with load errors still one line.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def factlint(*args: str, cwd: Path, cache: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    if cache is not None:
        env["FACTLINT_CACHE_DIR"] = str(cache)
    return subprocess.run([sys.executable, "-m", "checker", *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", timeout=300, stdin=subprocess.DEVNULL, env=env)


@pytest.fixture
def corpus(tmp_path):
    shutil.copytree(ROOT / "fixtures", tmp_path / "articles")
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    return tmp_path


def entries(cache: Path) -> dict[Path, int]:
    """The per-document entries (not the report memos, ``results/memo``)."""
    return {p: p.stat().st_mtime_ns for p in (cache / "results").glob("*/*.json") if p.parent.name != "memo"}


CHECK = ("check", "--rules", "rules", "--format", "json", "articles")


def test_cached_runs_give_the_same_report_and_read_only_what_changed(corpus):
    cache = corpus / "cache"
    plain = factlint(*CHECK, "--no-cache", cwd=corpus, cache=cache)
    assert plain.returncode in (0, 1), plain.stderr
    assert not (cache / "results").exists(), "--no-cache wrote to the cache"
    first = factlint(*CHECK, cwd=corpus, cache=cache)
    stored = entries(cache)
    documents = len(json.loads(first.stdout)["documents"])
    assert first.stdout == plain.stdout and len(stored) == documents > 10

    warm = factlint(*CHECK, cwd=corpus, cache=cache)
    assert warm.stdout == plain.stdout and entries(cache) == stored, "an unchanged corpus was read again"

    article = corpus / "articles" / "otan-sommet-la-haye.md"
    article.write_text(article.read_text("utf-8").replace("27 000 policiers", "28 000 policiers"), "utf-8")
    edited = factlint(*CHECK, cwd=corpus, cache=cache)
    after = entries(cache)
    assert "28,000" in edited.stdout or "28000" in edited.stdout
    assert edited.stdout == factlint(*CHECK, "--no-cache", cwd=corpus).stdout
    assert len(after) == len(stored) + 1, "more than the edited article was read again"
    assert all(after[p] == t for p, t in stored.items())

    rules = corpus / "rules" / "nato.rules"
    rules.write_text(rules.read_text("utf-8") + "\n# an edit\n", "utf-8")
    ruled = factlint(*CHECK, cwd=corpus, cache=cache)
    assert len(entries(cache)) == len(after) + documents, "a rule edit did not invalidate every document"
    assert ruled.stdout == factlint(*CHECK, "--no-cache", cwd=corpus).stdout


def indexes(cache: Path) -> list[Path]:
    return sorted((cache / "results" / "index").glob("*.idx"))


def test_an_edit_that_keeps_size_and_modification_time_is_still_read(corpus):
    cache = corpus / "cache"
    factlint(*CHECK, cwd=corpus, cache=cache)
    assert len(indexes(cache)) == 1
    article = corpus / "articles" / "otan-sommet-la-haye.md"
    before = article.stat()
    article.write_text(article.read_text("utf-8").replace("27 000 policiers", "28 000 policiers"), "utf-8")
    os.utime(article, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = article.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    edited = factlint(*CHECK, cwd=corpus, cache=cache)
    assert "28,000" in edited.stdout or "28000" in edited.stdout
    assert edited.stdout == factlint(*CHECK, "--no-cache", cwd=corpus).stdout


def test_a_damaged_index_is_ignored_and_rewritten(corpus):
    cache = corpus / "cache"
    expected = factlint(*CHECK, cwd=corpus, cache=cache).stdout
    index = indexes(cache)[0]
    good = json.loads(index.read_text("utf-8"))
    broken_files = {path: [1, 2, 3] if i % 3 == 0 else [*entry[:7], {"path": 3}] if i % 3 == 1 else "x"
                    for i, (path, entry) in enumerate(good["files"].items())}
    for damage in ("", "{not json", "[]", json.dumps({"key": "another", "files": good["files"]}),
                   json.dumps({"key": good["key"], "files": []}), json.dumps({**good, "files": broken_files})):
        index.write_text(damage, "utf-8")
        again = factlint(*CHECK, cwd=corpus, cache=cache)
        assert again.stdout == expected and "Traceback" not in again.stderr
    assert json.loads(index.read_text("utf-8"))["files"].keys() == good["files"].keys()


def test_a_cached_record_cites_the_path_as_seen_from_the_working_directory(corpus):
    """The same absolute path run from two folders: each report cites it as seen from its own."""
    cache = corpus / "cache"
    article = str(corpus / "articles" / "otan-sommet-la-haye.md")
    inside = corpus / "articles"
    for cwd in (corpus, inside, corpus):
        result = factlint("claims", "--rules", str(corpus / "rules"), "--format", "json", article, cwd=cwd, cache=cache)
        docs = {c["doc"] for c in json.loads(result.stdout)["claims"]}
        assert docs == {os.path.relpath(article, cwd).replace(os.sep, "/")}


def test_a_damaged_cache_entry_is_rebuilt_not_trusted(corpus):
    cache = corpus / "cache"
    expected = factlint(*CHECK, cwd=corpus, cache=cache).stdout
    for i, entry in enumerate(entries(cache)):
        entry.write_text(["", "{not json", '{"path": 3}', "[]", '{"claims": [{"value": 1}]}'][i % 5], "utf-8")
    shutil.rmtree(cache / "results" / "index")  # else the stat index serves every record
    again = factlint(*CHECK, cwd=corpus, cache=cache)
    assert again.stdout == expected and "Traceback" not in again.stderr
    for entry in entries(cache):
        assert json.loads(entry.read_text("utf-8"))["path"].startswith("articles/")


def test_other_options_do_not_share_entries(corpus):
    cache = corpus / "cache"
    factlint(*CHECK, cwd=corpus, cache=cache)
    before = len(entries(cache))
    english = factlint(*CHECK, "--lang", "en", cwd=corpus, cache=cache)
    assert english.stdout == factlint(*CHECK, "--lang", "en", "--no-cache", cwd=corpus).stdout
    assert len(entries(cache)) == 2 * before


@pytest.mark.parametrize("command", [CHECK, ("check", "--rules", "rules", "articles"),
                                     ("scan", "--format", "jsonl", "articles"), ("scan", "articles")],
                         ids=["check json", "check plain", "scan jsonl", "scan table"])
def test_jobs_give_byte_identical_output(corpus, command):
    fresh = ("--no-cache",) if command[0] == "check" else ()
    one = factlint(*command, *fresh, "--jobs", "1", cwd=corpus)
    two = factlint(*command, *fresh, "--jobs", "2", cwd=corpus)
    assert one.returncode == two.returncode and one.returncode in (0, 1), two.stderr
    assert one.stdout == two.stdout and one.stderr == two.stderr
    assert len(one.stdout) > 1000


def test_jobs_keep_load_errors_to_one_line_and_check_the_rest(corpus):
    (corpus / "articles" / "broken.txt").write_bytes(bytes(range(256)) * 8)
    one = factlint(*CHECK, "--jobs", "1", "--no-cache", cwd=corpus)
    two = factlint(*CHECK, "--jobs", "2", "--no-cache", cwd=corpus)
    assert one.returncode == two.returncode == 2
    assert two.stdout == one.stdout and two.stderr == one.stderr
    assert len([line for line in two.stderr.splitlines() if "broken.txt" in line]) == 1
    assert "Traceback" not in two.stderr and json.loads(two.stdout)["claims"]


def test_jobs_must_be_a_positive_number(corpus):
    result = factlint("scan", "--jobs", "0", "articles", cwd=corpus)
    assert result.returncode == 2 and "at least 1" in result.stderr


def test_cache_stats_counts_and_clear_empties_without_changing_results(corpus):
    cache = corpus / "cache"
    first = factlint(*CHECK, cwd=corpus, cache=cache)
    stats = json.loads(factlint("cache", "stats", "--format", "json", cwd=corpus, cache=cache).stdout)
    documents = len(json.loads(first.stdout)["documents"])
    assert stats["results"]["entries"] == documents and stats["rule sets"]["entries"] == 1
    patterns = stats["compiled patterns"]["entries"]
    assert patterns > 1 and stats["compiled patterns"]["bytes"] > 0    # (one file per pattern)
    cleared = factlint("cache", "clear", cwd=corpus, cache=cache)
    assert stats["result indexes"]["entries"] == 1
    assert stats["compiled record methods"]["entries"] == 1  # (one file per Python)
    assert cleared.returncode == 0 and f"deleted {documents + 3 + patterns} cache entries" in cleared.stderr
    after = json.loads(factlint("cache", "stats", "--format", "json", cwd=corpus, cache=cache).stdout)
    assert all(part["entries"] == 0 for part in after.values())
    assert factlint(*CHECK, cwd=corpus, cache=cache).stdout == first.stdout


def test_an_unusable_cache_folder_only_costs_time(corpus):
    blocker = corpus / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", "utf-8")
    expected = factlint(*CHECK, "--no-cache", cwd=corpus)
    for jobs in ("1", "2"):
        result = factlint(*CHECK, "--jobs", jobs, cwd=corpus, cache=blocker)
        assert result.returncode == expected.returncode and result.stdout == expected.stdout
        assert result.stderr == expected.stderr and "Traceback" not in result.stderr


def test_a_re_check_served_from_the_cache_loads_no_scanner_and_no_yaml(corpus):
    """Start-up is most of a warm re-check: the modules only reading documents needs stay unloaded."""
    cache = corpus / "cache"
    factlint(*CHECK, cwd=corpus, cache=cache)
    probe = ("import contextlib, io, sys\nfrom checker import cli\n"
             "with contextlib.redirect_stdout(io.StringIO()):\n    cli.main(sys.argv[1:])\n"
             "print(' '.join(m for m in ('yaml', 'checker.claims.builder', 'checker.extract.scanner', "
             "'checker.ledger', 'tomllib') if m in sys.modules))")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "FACTLINT_CACHE_DIR": str(cache)}
    result = subprocess.run([sys.executable, "-c", probe, *CHECK], cwd=corpus, capture_output=True, text=True,
                            env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == []


def test_the_help_names_the_ledgers_default_path():
    from checker.commands.ledger_cmds import DEFAULT_LEDGER
    from checker.ledger import DEFAULT_LEDGER as LEDGER_DEFAULT

    assert DEFAULT_LEDGER == LEDGER_DEFAULT


def test_the_configuration_sets_jobs_cache_and_cache_dir(corpus):
    expected = factlint(*CHECK, "--no-cache", cwd=corpus).stdout
    config = corpus / "factlint.toml"
    config.write_text('jobs = 2\ncache-dir = "results-here"\n', "utf-8")
    shown = factlint("config", cwd=corpus)
    assert "jobs = 2" in shown.stdout and 'cache-dir = "results-here"' in shown.stdout
    ran = factlint(*CHECK, cwd=corpus, cache=corpus / "machine")
    assert ran.stdout == expected
    assert len(list((corpus / "results-here").glob("*/*.json"))) == len(json.loads(expected)["documents"])
    assert (corpus / "results-here" / "CACHEDIR.TAG").is_file()
    assert not (corpus / "machine" / "results").exists()
    config.write_text("cache = false\n", "utf-8")
    shutil.rmtree(corpus / "results-here")
    assert factlint(*CHECK, cwd=corpus, cache=corpus / "machine").stdout == expected
    assert not (corpus / "machine" / "results").exists() and not (corpus / "results-here").exists()
    config.write_text("jobs = 0\n", "utf-8")
    bad = factlint(*CHECK, cwd=corpus)
    assert bad.returncode == 2 and "factlint.toml:1: jobs must be a whole number" in bad.stderr


def test_touched_articles_are_found_by_their_bytes_with_workers_too(corpus):
    """Stat data changed, bytes the same (a checkout, a copy): with ``--jobs 2`` the documents the
    stat index cannot vouch for are looked up by their bytes where they are read (a worker or
    this process), never built again, and the report is the same."""
    cache = corpus / "cache"
    first = factlint(*CHECK, "--jobs", "2", cwd=corpus, cache=cache)
    stored = entries(cache)
    for path in (corpus / "articles").rglob("*.*"):
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    again = factlint(*CHECK, "--jobs", "2", cwd=corpus, cache=cache)
    assert again.stdout == first.stdout and again.returncode == first.returncode
    assert entries(cache) == stored, "a document with unchanged bytes was built again"


def test_a_killed_worker_is_one_line_and_exit_code_2_never_a_traceback(tmp_path):
    """A worker killed mid-run (out of memory, a signal): the documents it held cannot be
    reported, so the run says so in one line and exits with 2; if it held none, nothing is lost
    and the report is whole."""
    import signal
    import time

    text = (ROOT / "fixtures" / "nato-rutte-criticism.md").read_text("utf-8")
    (tmp_path / "articles").mkdir()
    for i in range(800):
        (tmp_path / "articles" / f"a{i:04d}.md").write_text(text, "utf-8")
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    args = ["claims", "--rules", "rules", "--no-cache", "--format", "json", "--jobs", "2", "articles"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "checker", *args], cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    killed = None
    deadline = time.monotonic() + 60
    while killed is None and proc.poll() is None and time.monotonic() < deadline:
        for child in Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split():
            stat = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
            if int(stat[11]) >= 5:  # the worker has been at work a while (user CPU ticks)
                os.kill(int(child), signal.SIGKILL)
                killed = child
        time.sleep(0.005)
    out, err = proc.communicate(timeout=120)
    assert "Traceback" not in err
    assert killed is not None, "the run ended before its worker could be killed"
    if proc.returncode == 2:
        assert err.strip().splitlines()[-1].startswith("factlint: error: a worker process ended without sending")
    else:  # the worker was killed between two batches: nothing was lost
        assert proc.returncode == 0 and len(json.loads(out)["documents"]) == 800


def test_another_release_of_a_library_that_reads_the_text_invalidates_every_document(corpus):
    """A dateparser upgrade can resolve dates differently: no claim made with the old release is
    served, and going back to it finds its entries again. The upgrade is staged as a folder on
    PYTHONPATH holding the real package (a link) with another release's metadata folder."""
    import dateparser

    cache = corpus / "cache"
    shadow = corpus / "shadow"
    shadow.mkdir()
    (shadow / "dateparser").symlink_to(Path(dateparser.__file__).parent, target_is_directory=True)
    (shadow / "dateparser-0.0.1.dist-info").mkdir()
    first = factlint(*CHECK, cwd=corpus, cache=cache)
    stored = entries(cache)
    rule_sets = len(list((cache / "rules").glob("*.pickle")))
    documents = len(json.loads(first.stdout)["documents"])

    env = {**os.environ, "PYTHONPATH": f"{shadow}{os.pathsep}{ROOT}", "NO_COLOR": "1", "FACTLINT_CACHE_DIR": str(cache)}
    upgraded = subprocess.run([sys.executable, "-m", "checker", *CHECK], cwd=corpus, capture_output=True, text=True,
                              encoding="utf-8", timeout=300, stdin=subprocess.DEVNULL, env=env)
    assert upgraded.stdout == first.stdout, upgraded.stderr
    assert len(entries(cache)) == len(stored) + documents, "claims of the old release were served"
    assert len(list((cache / "rules").glob("*.pickle"))) == rule_sets + 1, "the old release's rule set was served"

    again = factlint(*CHECK, cwd=corpus, cache=cache)
    assert again.stdout == first.stdout
    assert len(entries(cache)) == len(stored) + documents, "the first release's entries were not found again"
