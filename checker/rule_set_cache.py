"""Loaded rule sets kept on this machine between runs, and the rule files' fingerprint.

Parsing the NATO rules (pyparsing) and resolving them (country names from pycountry in four
languages) takes about a quarter of a second: more than everything else a re-check of an
unchanged corpus does. ``load_rules_cached`` keeps the resolved ``RuleSet`` in the machine
cache folder (``checker.machine_cache``) with the sha256 of every file the load read (rule
files, includes, reference data); an entry is used only while every one of those files still
has the same bytes, the folders given still hold the same rule files, and factlint's code,
Python and the libraries that shape the rules (pycountry, pyparsing) are unchanged.

The entries are pickles: they are written and read only in the machine cache folder, which is
trusted like the user's configuration (docs/security.md), never in a folder a command line
names, and never in the project checked. This module lives outside ``checker.rules`` on
purpose: nothing in the rule language's package opens files (but its loader) or unpickles.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path

from checker.machine_cache import cache_dir, code_stamp, write_atomic
from checker.rules.model import RuleSet

RULES_SUFFIX = ".rules"


def rules_fingerprint(rules: RuleSet) -> str:
    """sha256 over the rule files (name and bytes) that make the claims: stored with each ledger
    document and in each result-cache key, so that claims made with other rules are told apart."""
    digest = hashlib.sha256()
    for path in sorted(set(getattr(rules, "files", []) or [])):
        # the file's name, not its folder: the same rules in another clone give the same fingerprint
        digest.update(os.path.basename(path).encode("utf-8", "surrogateescape") + b"\0")
        try:
            with open(path, "rb") as handle:
                digest.update(handle.read())
        except OSError:
            digest.update(b"<unreadable>")
        digest.update(b"\0")
    return digest.hexdigest()


def _file_hash(path: str) -> str | None:
    try:
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except OSError:
        return None


def _entry_path(paths: list[str], allow_outside: bool) -> Path | None:
    root = cache_dir()
    if root is None:
        return None
    # the code stamp covers the releases of pycountry (country names) and pyparsing (the rule
    # language) and the Python version: another release, another key
    parts = [code_stamp(), str(allow_outside)]
    for path in paths:
        real = os.path.realpath(path)
        parts.append(real)
        if os.path.isdir(real):  # a folder loads its *.rules: a new file changes the set
            parts.extend(sorted(n for n in os.listdir(real) if n.endswith(RULES_SUFFIX)))
    key = hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
    return root / "rules" / f"{key}.pickle"


def load_rules_cached(paths: list[str] | str, allow_outside: bool = False,
                      validate: Callable[[RuleSet], None] | None = None) -> RuleSet:
    """``load_rules(paths)``, from the machine cache while the files it read are unchanged.

    ``validate(rules)`` (which raises for rules that cannot be used, e.g. a check's missing
    parameter) is run once for a rule set: the entry remembers that it passed, so a later run
    neither repeats it nor imports the code it needs (every check kind, for ``claims``). Its
    outcome depends on the rules and factlint's code alone, both in the entry's key.
    """
    paths = [paths] if isinstance(paths, (str, os.PathLike)) else [os.fspath(p) for p in paths]
    try:
        entry = _entry_path(paths, allow_outside)
    except OSError:
        entry = None
    cached = _read(entry) if entry is not None else None
    if cached is not None:
        hashes, rules, valid = cached
        if validate is not None and not valid:
            validate(rules)
            _store(entry, hashes, rules, True)
        return rules
    from checker.rules.loader import load_rules

    rules = load_rules(paths, allow_outside=allow_outside)
    hashes = [(p, _file_hash(p)) for p in rules.read_paths]
    valid = False
    try:
        if validate is not None:
            validate(rules)
            valid = True
    finally:
        if entry is not None:
            _store(entry, hashes, rules, valid)
    return rules


def _read(entry: Path) -> tuple[list, RuleSet, bool] | None:
    """The entry's (hashes, rules, validated), or None when it is missing, damaged or stale."""
    try:
        hashes, rules, valid = pickle.loads(entry.read_bytes())
        if isinstance(rules, RuleSet) and all(_file_hash(p) == h for p, h in hashes):
            return hashes, rules, valid is True
    except Exception:  # noqa: BLE001 - loaded afresh and rewritten
        pass
    return None


def _store(entry: Path, hashes: list[tuple[str, str | None]], rules: RuleSet, valid: bool) -> None:
    try:
        data = pickle.dumps((hashes, rules, valid), protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError):
        return  # (a rule set pickle cannot write: loaded from its files next time too)
    write_atomic(entry, data)
