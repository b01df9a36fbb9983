"""The rule-set cache (checker/rule_set_cache.py): a run with unchanged rule files skips parsing,
and any change to a file the load read (a rule file, an include, reference data) or to the
set of rule files in a folder loads the rules afresh."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = r"""
import json, sys
from checker.rule_set_cache import load_rules_cached
rules = load_rules_cached(sys.argv[1:])
print(json.dumps({"parsed": "pyparsing" in sys.modules, "metrics": sorted(rules.metrics),
                  "reference_rows": sum(len(c.params.get("rows", [])) for c in rules.checks
                                        if isinstance(getattr(c, "params", None), dict))}))
"""


def load(cache: Path | str, *paths: Path) -> dict:
    proc = subprocess.run([sys.executable, "-c", PROBE, *map(str, paths)], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, env={**os.environ, "FACTLINT_CACHE_DIR": str(cache)})
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_unchanged_rules_are_not_parsed_again_and_any_read_file_counts(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    cache = tmp_path / "cache"
    first = load(cache, rules / "nato.rules")
    assert first["parsed"] and first["metrics"]
    again = load(cache, rules / "nato.rules")
    assert not again["parsed"] and again == {**first, "parsed": False}

    data = next((rules / "data").glob("*.csv"))
    data.write_text(data.read_text("utf-8") + "\n", "utf-8")  # reference data read by the load
    assert load(cache, rules / "nato.rules")["parsed"]
    assert not load(cache, rules / "nato.rules")["parsed"]

    text = (rules / "nato.rules").read_text("utf-8")
    (rules / "nato.rules").write_text(text + "\n# edited\n", "utf-8")
    assert load(cache, rules / "nato.rules")["parsed"]


def test_a_new_rule_file_in_a_folder_is_seen(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    (rules / "earthquake.rules").rename(tmp_path / "earthquake.rules")
    cache = tmp_path / "cache"
    before = load(cache, rules)
    assert not load(cache, rules)["parsed"]
    (tmp_path / "earthquake.rules").rename(rules / "earthquake.rules")
    after = load(cache, rules)
    assert after["parsed"] and set(after["metrics"]) > set(before["metrics"])


def test_a_damaged_entry_is_replaced_and_an_empty_cache_dir_stores_nothing(tmp_path):
    cache = tmp_path / "cache"
    first = load(cache, ROOT / "rules" / "nato.rules")
    for entry in (cache / "rules").glob("*.pickle"):
        entry.write_bytes(b"\x80\x05garbage")
    damaged = load(cache, ROOT / "rules" / "nato.rules")
    assert damaged["parsed"] and damaged["metrics"] == first["metrics"]
    assert not load(cache, ROOT / "rules" / "nato.rules")["parsed"]
    assert load("", ROOT / "rules" / "nato.rules")["parsed"]


CLAIMS_PROBE = r"""
import json, sys
from checker import cli
code = cli.main(["claims", "--rules", sys.argv[1], "--no-cache", "--format", "json", sys.argv[2]])
print(json.dumps({"code": code, "engine": "checker.checks.engine" in sys.modules}))
"""


def claims_run(cache: Path, rules: Path, article: Path) -> tuple[dict, str]:
    proc = subprocess.run([sys.executable, "-c", CLAIMS_PROBE, str(rules), str(article)], capture_output=True,
                          text=True, cwd=ROOT, timeout=120, env={**os.environ, "FACTLINT_CACHE_DIR": str(cache)})
    return json.loads(proc.stdout.splitlines()[-1]), proc.stderr


def test_the_checks_are_validated_once_per_rule_set_and_an_invalid_one_fails_every_time(tmp_path):
    """``claims`` validates the rules' checks (a bad parameter is an error), once per rule set:
    the cache entry remembers that they passed, so later runs skip the check kinds' code."""
    rules = tmp_path / "nato.rules"
    shutil.copytree(ROOT / "rules" / "data", tmp_path / "data")
    rules.write_text((ROOT / "rules" / "nato.rules").read_text("utf-8"), "utf-8")
    article = ROOT / "fixtures" / "nato-rutte-criticism.md"
    cache = tmp_path / "cache"
    first, _ = claims_run(cache, rules, article)
    assert first == {"code": 0, "engine": True}
    again, _ = claims_run(cache, rules, article)
    assert again == {"code": 0, "engine": False}

    text = rules.read_text("utf-8")
    rules.write_text(text + "\ncheck BROKEN sum defence_spending + defence_spending_target = defence_spending: warning\n", "utf-8")
    for _ in range(2):  # refused when loaded afresh, and again from the cache entry
        broken, err = claims_run(cache, rules, article)
        assert broken["code"] == 2
        assert "check BROKEN (sum): metric 'defence_spending' is both a part and the total" in err, err
