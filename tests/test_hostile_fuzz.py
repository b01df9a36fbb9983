"""The fuzz targets (fuzz/targets.py) under pytest: saved crashes replayed, and a short fuzz run.

Every input in fuzz/regressions/TARGET/ once broke a target (the fuzzer found it; the fix came
with a named test elsewhere): each is replayed through the same target function the fuzzer
calls. The seeds are replayed too, so a broken harness fails here rather than in a fuzz run.
With atheris installed (the test extra installs it on Linux: a binary wheel, no compiler),
``fuzz/run.sh`` runs for about 20 seconds in all (6 s per target); CI runs it every time.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("factlint_fuzz_targets", ROOT / "fuzz" / "targets.py")
targets = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(targets)

REGRESSIONS = sorted((target, path) for target in targets.TARGETS
                     for path in (ROOT / "fuzz" / "regressions" / target).glob("*") if path.is_file())


@pytest.mark.parametrize("target, path", REGRESSIONS, ids=[f"{t}/{p.name}" for t, p in REGRESSIONS])
def test_saved_fuzz_crashes_stay_fixed(target, path):
    targets.RUN[target](path.read_bytes())


def test_there_are_saved_crashes_to_replay():
    assert any(t == "document" for t, _ in REGRESSIONS)


@pytest.mark.parametrize("target", targets.TARGETS)
def test_the_fuzz_seeds_pass_their_target(target):
    seeds = targets.seeds(target)
    assert len(seeds) >= 3
    for seed in seeds:
        targets.RUN[target](seed)


def test_a_broken_invariant_is_a_fuzz_crash(monkeypatch):
    """The harness does report: a scanner that returned overlapping mentions would be caught."""
    from checker.extract import scanner
    from checker.extract.mention import Mention

    def overlapping(text, lang, published=None, sentence_of=None):
        return [Mention(0, 2, text[0:2], "number", 1.0), Mention(1, 3, text[1:3], "number", 2.0)]

    monkeypatch.setattr(scanner, "scan_text", overlapping)
    with pytest.raises(targets.InvariantError, match="overlaps"):
        targets.scanner(b"\x00123")


@pytest.mark.skipif(shutil.which("bash") is None, reason="fuzz/run.sh needs bash")
def test_a_20_second_fuzz_run_finds_nothing(tmp_path):
    if importlib.util.find_spec("atheris") is None:
        if os.environ.get("CI") == "true" and sys.platform == "linux":
            pytest.fail("atheris is not installed but CI=true: the test extra installs it on Linux")
        pytest.skip("atheris is not installed (pip install atheris)")
    before = set((ROOT / "fuzz" / "crashes").glob("*")) if (ROOT / "fuzz" / "crashes").exists() else set()
    result = subprocess.run(["bash", str(ROOT / "fuzz" / "run.sh"), "6"], cwd=ROOT, capture_output=True, text=True,
                            timeout=180, env=dict(os.environ, PYTHON=sys.executable), stdin=subprocess.DEVNULL)
    found = set((ROOT / "fuzz" / "crashes").glob("*")) - before
    assert result.returncode == 0 and not found, (result.stdout[-2000:], result.stderr[-4000:], sorted(found))
    assert result.stdout.count("Done ") == len(targets.TARGETS), result.stdout
