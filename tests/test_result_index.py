"""The result cache's stat index: a file is served by its stat data only when they can tell.

These drive ``ResultCache`` directly with made-up stat data, to reach what a real file system
makes hard to arrange on purpose: an edit in the same timestamp tick as the indexing run (the
"racy git" case), and stat data old enough to be trusted.
"""

from __future__ import annotations

import time
from pathlib import Path

from checker.commands.pipeline import DocumentRecord
from checker.commands.result_cache import RACY_NS, ResultCache


def cache_in(folder: Path) -> ResultCache:
    cache = ResultCache(folder, "run-key")
    cache.use_index(["/work", "articles"])
    return cache


def record(path: str = "a.md") -> dict:
    return DocumentRecord(path=path, published="2024-06-01").to_json()


def stamp(changed_ns: int, size: int = 100, inode: int = 7) -> tuple[int, int, int, int, int]:
    return (1, inode, size, changed_ns, changed_ns)


def test_old_stat_data_are_trusted_across_runs(tmp_path):
    old = time.time_ns() - 10 * RACY_NS
    cache = cache_in(tmp_path)
    cache.note("a.md", stamp(old), "digest-a", record())
    cache.save_index()
    again = cache_in(tmp_path)
    assert again.indexed("a.md", stamp(old)).published == "2024-06-01"
    for changed in (stamp(old + 1), stamp(old, size=101), stamp(old, inode=8)):
        assert again.indexed("a.md", changed) is None, "changed stat data served the old record"
    assert again.indexed("b.md", stamp(old)) is None


def test_a_file_changed_just_before_the_run_is_checked_by_its_bytes(tmp_path):
    """Stat data taken within RACY_NS of the run's start could hide an edit made later in the
    same timestamp tick with the same size: such an entry needs the bytes' digest."""
    recent = time.time_ns() - RACY_NS // 2
    cache = cache_in(tmp_path)
    cache.note("a.md", stamp(recent), "digest-a", record())
    cache.save_index()
    again = cache_in(tmp_path)
    assert again.indexed("a.md", stamp(recent)) is None, "racy stat data were trusted alone"
    assert again.indexed("a.md", stamp(recent), "digest-b") is None
    assert again.indexed("a.md", stamp(recent), "digest-a").published == "2024-06-01"


def test_an_entry_for_another_path_is_not_served(tmp_path):
    old = time.time_ns() - 10 * RACY_NS
    cache = cache_in(tmp_path)
    cache.note("a.md", stamp(old), "digest-a", record(path="other.md"))
    cache.save_index()
    assert cache_in(tmp_path).indexed("a.md", stamp(old)) is None


def test_files_not_seen_are_dropped_and_an_unchanged_index_is_not_rewritten(tmp_path):
    old = time.time_ns() - 10 * RACY_NS
    cache = cache_in(tmp_path)
    cache.note("a.md", stamp(old), "digest-a", record())
    cache.note("b.md", stamp(old), "digest-b", record("b.md"))
    cache.save_index()
    again = cache_in(tmp_path)
    assert again.indexed("a.md", stamp(old)) is not None
    again.save_index()  # b.md was deleted
    third = cache_in(tmp_path)
    assert third.indexed("b.md", stamp(old)) is None
    written = third.index_file.stat().st_mtime_ns
    assert third.indexed("a.md", stamp(old)) is not None
    third.save_index()
    assert third.index_file.stat().st_mtime_ns == written


def test_another_command_line_or_run_key_has_its_own_index(tmp_path):
    old = time.time_ns() - 10 * RACY_NS
    cache = cache_in(tmp_path)
    cache.note("a.md", stamp(old), "digest-a", record())
    cache.save_index()
    other_rules = ResultCache(tmp_path, "another-run-key")
    other_rules.use_index(["/work", "articles"])
    other_paths = ResultCache(tmp_path, "run-key")
    other_paths.use_index(["/work", "articles", "more"])
    assert other_rules.indexed("a.md", stamp(old)) is None
    assert other_paths.indexed("a.md", stamp(old)) is None


def test_worker_batches_cover_every_item_once_and_shrink_to_single_items():
    from checker.commands.parallel import batches

    for count in range(0, 300, 7):
        for workers in (1, 2, 3, 8):
            found = batches(count, workers)
            assert [i for start, end in found for i in range(start, end)] == list(range(count))
            assert all(1 <= end - start <= 16 for start, end in found)
            if count > 4 * workers:
                assert found[-1][1] - found[-1][0] == 1, "the run's tail is a whole batch"


def test_the_cache_folder_is_tagged_for_backups_and_ignored_by_git(tmp_path):
    folder = tmp_path / "results"
    cache = cache_in(folder)
    cache.put("a.md", "digest-a", record())
    tag = (folder / "CACHEDIR.TAG").read_text("utf-8")
    assert tag.startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (folder / ".gitignore").read_text("utf-8").splitlines()[-1] == "*"
    assert cache.get("a.md", "digest-a").published == "2024-06-01"
