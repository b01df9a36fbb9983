"""The fuzz targets' bodies: one input in, invariants checked, an exception on any violation.

Shared by the atheris entry point (``fuzz.py TARGET``, run by ``fuzz/run.sh``) and by the tests that replay saved inputs
(``tests/test_hostile_fuzz.py``), so that a crash the fuzzer finds is re-checked by pytest
exactly as the fuzzer saw it. Bytes become structured input in a way mutations keep meaning:
the first byte picks a language or a format, the rest is the text (UTF-8, damaged bytes
replaced) or, for documents, the raw file.

``python fuzz/targets.py seed TARGET DIR`` writes the seed corpus of a target into DIR.
"""

from __future__ import annotations

import math
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

LANGS = ("en", "fr", "de", "es")
FORMATS = ("txt", "md", "html")
TARGETS = ("scanner", "rules", "document")
#: a folder that is never created, to name fuzzed rule files in: their includes and data files
#: find nothing (a mkdtemp here left a folder in /tmp per run, as libFuzzer exits past atexit)
_RULES_HOME = os.path.join(tempfile.gettempdir(), "factlint-fuzz-rules-never-created")


class InvariantError(AssertionError):
    """An input made a target break one of its promises (a fuzz crash)."""


def _require(ok: bool, message: str) -> None:
    if not ok:
        raise InvariantError(message)


def scanner(data: bytes) -> None:
    """``scan_text`` never raises; mentions slice back, stay in order and never overlap."""
    from checker.extract.mention import KINDS, QUALIFIERS
    from checker.extract.scanner import scan_text

    lang = LANGS[data[0] % len(LANGS)] if data else "en"
    text = data[1:].decode("utf-8", "replace")
    previous_end = 0
    for m in scan_text(text, lang):
        _require(0 <= m.start < m.end <= len(text), f"span {m.start}:{m.end} outside 0:{len(text)}")
        _require(text[m.start:m.end] == m.text, f"{m.text!r} is not text[{m.start}:{m.end}]")
        _require(m.start >= previous_end, f"{m.text!r} overlaps the mention before it")
        _require(m.kind in KINDS and m.qualifier in QUALIFIERS, f"kind {m.kind!r} qualifier {m.qualifier!r}")
        _require(m.lang == lang, f"lang {m.lang!r}")
        if isinstance(m.value, float):
            _require(not math.isnan(m.value), f"{m.text!r} has the value NaN")
        previous_end = m.end


def rules(data: bytes) -> None:
    """A rule file loads, or raises ``RuleError`` with a line, a column and a one-line message."""
    from checker.rules import RuleError, parse_rules_text

    text = data.decode("utf-8", "replace")
    try:
        parse_rules_text(text, os.path.join(_RULES_HOME, "fuzz.rules"))
    except RuleError as error:
        _require(error.line is not None and error.line >= 1, f"no line: {error.headline}")
        _require(error.column is not None and error.column >= 1, f"no column: {error.headline}")
        _require("\n" not in error.message, f"message of several lines: {error.message!r}")
        str(error)


def document(data: bytes) -> None:
    """A file loads into a ``Document`` or a one-line ``LoadError``; its sentences are sound."""
    from checker.document import LoadError, load_bytes
    from checker.document.sentences import MAX_SENTENCE

    fmt = FORMATS[data[0] % len(FORMATS)] if data else "txt"
    try:
        doc = load_bytes(data[1:], f"fuzz.{fmt}")
    except LoadError as error:
        _require("\n" not in str(error), f"error of several lines: {error!s}")
        return
    text = doc.text
    previous_end = 0
    for start, end in doc.sentences:
        _require(previous_end <= start < end <= len(text), f"sentence {start}:{end} out of order")
        _require(end - start <= MAX_SENTENCE, f"sentence of {end - start} characters")
        _require(not text[start].isspace() and not text[end - 1].isspace(), "sentence with outer space")
        doc.line_col(start)
        doc.line_col(end)
        previous_end = end
    _require(all(c.isspace() for s, e in zip([0, *(e for _, e in doc.sentences)],
                                                [*(s for s, _ in doc.sentences), len(text)])
                 for c in text[s:e]), "text outside every sentence")


RUN = {"scanner": scanner, "rules": rules, "document": document}


def seeds(target: str) -> list[bytes]:
    """Starting inputs: the bundled articles, rule files and a few hostile shapes."""
    articles = sorted(p for p in (ROOT / "fixtures").rglob("*") if p.suffix in (".md", ".txt", ".html"))
    if target == "rules":
        return [p.read_bytes() for p in sorted((ROOT / "rules").glob("*.rules"))] + [
            b'include "../x.rules"\n', b'metric m\n  takes percent\n  cues en "a", "b"\n']
    if target == "document":
        out = []
        for p in articles:
            out.append(bytes([FORMATS.index({".html": "html", ".md": "md"}.get(p.suffix, "txt"))]) + p.read_bytes())
        return out + [b"\x02<html><body><![foo[x]]><p>1,000 soldiers</p>", b"\x01---\na: [[[\n---\n",
                      b"\x00\xff\xfe2\x00%\x00", b"\x00" + "2\u200b000 €".encode()]
    out = []
    for i, p in enumerate(articles):
        body = p.read_bytes()
        for chunk in range(0, min(len(body), 8000), 2000):
            out.append(bytes([i % len(LANGS)]) + body[chunk:chunk + 2000])
    return out + [b"\x00" + b"9" * 500 + b"% of GDP", b"\x01" + "27\u202f000 policiers, 5 % du PIB d'ici 2035".encode()]


def write_seeds(target: str, folder: str) -> int:
    os.makedirs(folder, exist_ok=True)
    items = seeds(target)
    for i, item in enumerate(items):
        with open(os.path.join(folder, f"seed-{i:03d}"), "wb") as handle:
            handle.write(item)
    return len(items)


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] != "seed" or sys.argv[2] not in TARGETS:
        sys.exit(f"usage: {sys.argv[0]} seed {{{','.join(TARGETS)}}} DIR")
    print(f"{write_seeds(sys.argv[2], sys.argv[3])} seeds for {sys.argv[2]} in {sys.argv[3]}")
