"""The store of compiled dataclass methods (checker/dataclass_store.py): record classes made
with the store behave exactly as without it, a second start reads their methods instead of
compiling them, and a missing, damaged or foreign file only costs time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = r"""
import json, sys
from checker import dataclass_store
if sys.argv[1] == "store":
    dataclass_store.install()
loaded_by_install = "dataclasses" in sys.modules
from dataclasses import dataclass, field, FrozenInstanceError

@dataclass(frozen=True, slots=True, order=True)
class Period:
    kind: str
    start: str | None = None
    end: str | None = None

@dataclass
class Record:
    path: str
    claims: list = field(default_factory=list)
    count: int = 0

    def total(self) -> int:
        return self.count + len(self.claims)

a, b = Period("year", "2025"), Period("year", "2025")
r = Record("a.md", [1, 2])
try:
    a.kind = "x"
    frozen = False
except FrozenInstanceError:
    frozen = True
from checker.commands.pipeline import DocumentRecord
d = DocumentRecord(path="x.md")
print(json.dumps({
    "repr": [repr(a), repr(r), repr(d)], "eq": a == b, "hash": hash(a) == hash(b), "lt": Period("a") < Period("b"),
    "frozen": frozen, "total": r.total(), "fresh_list": Record("b").claims is not Record("c").claims,
    "init_annotations": sorted(Record.__init__.__annotations__), "json": d.to_json()["path"],
    "compiled": dataclass_store._added, "read": len(dataclass_store._used), "loaded_by_install": loaded_by_install,
}))
"""


def probe(cache: str | None, mode: str = "store") -> dict:
    env = {k: v for k, v in os.environ.items() if k != "FACTLINT_CACHE_DIR"}
    if cache is not None:
        env["FACTLINT_CACHE_DIR"] = cache
    proc = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _behaviour(result: dict) -> dict:
    return {k: v for k, v in result.items() if k not in ("compiled", "read", "loaded_by_install")}


def test_classes_behave_the_same_and_a_second_start_compiles_nothing(tmp_path):
    plain = probe(str(tmp_path), "plain")
    first = probe(str(tmp_path))
    second = probe(str(tmp_path))
    assert _behaviour(first) == _behaviour(second) == _behaviour(plain)
    assert plain["frozen"] and plain["eq"] and plain["lt"] and plain["fresh_list"]
    assert first["compiled"] is True and first["read"] > 10
    assert not first["loaded_by_install"]  # (patched as it is imported: a replayed report never loads it)
    assert second["compiled"] is False and second["read"] == first["read"]
    assert list(tmp_path.glob("dataclass-code-*.marshal"))


def test_a_damaged_or_foreign_file_is_compiled_afresh_and_replaced(tmp_path):
    probe(str(tmp_path))
    (path,) = tmp_path.glob("dataclass-code-*.marshal")
    good = probe(str(tmp_path))
    import marshal

    table = marshal.loads(path.read_bytes())
    for damaged in (b"", b"not marshal", path.read_bytes()[:100],
                    marshal.dumps(["a list"]), marshal.dumps({source: "not code" for source in table})):
        path.write_bytes(damaged)
        again = probe(str(tmp_path))
        assert _behaviour(again) == _behaviour(good) and again["compiled"] is True
    assert probe(str(tmp_path))["compiled"] is False, "the damaged file was not rewritten"


def test_an_empty_cache_dir_turns_the_store_off(tmp_path):
    result = probe("")
    assert result["compiled"] is True and result["eq"]
    assert not list(tmp_path.iterdir())
