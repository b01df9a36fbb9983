"""Baselines: today's findings recorded once, so that CI fails only on the findings that are new.

A newsroom adopting factlint on an archive of articles cannot fix every old finding before the
gate goes on. ``factlint baseline`` writes the current findings to a file; ``factlint check
--baseline FILE`` then fails only on findings that are not in it, and lists the recorded ones
that are gone (fixed).

A finding is recognised by a fingerprint of what it is about and what it cites: check id, kind,
metric, subject, and for each cited claim its document, value, unit and quote (whitespace
normalised). Line numbers, columns and claim ids are left out, so editing an article above a
finding, or adding an article that renumbers the claims, does not make it new. Findings with the
same fingerprint (the same quote twice in one article) are counted: a baseline holding one lets
one through. Document paths in the fingerprint are relative to the baseline file's folder, so
the baseline matches whatever folder factlint runs from.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from checker.checks.finding import Finding
from checker.claims.model import Claim

BASELINE_FORMAT = 1
NEW, UNCHANGED = "new", "unchanged"


class BaselineError(ValueError):
    """A baseline file that cannot be read: one line naming the file."""


def _relative(doc: str, root: str | None) -> str:
    if doc == "-" or root is None:
        return doc
    try:
        rel = os.path.relpath(os.path.abspath(doc), os.path.abspath(root))
    except ValueError:
        rel = os.path.abspath(doc)
    return rel.replace(os.sep, "/")


def _value(value):
    return list(value) if isinstance(value, tuple) else value


def cited_sources(finding: Finding, claims_by_id: dict[str, Claim], root: str | None = None) -> list[dict]:
    """The cited claims as fingerprint material, in a fixed order (not the claim ids' order)."""
    sources = []
    for cid in finding.claims:
        c = claims_by_id.get(cid)
        if c is None:
            continue
        sources.append({"doc": _relative(c.doc, root), "value": _value(c.value), "unit": c.unit,
                        "quote": " ".join(c.quote.split())})
    sources.sort(key=lambda s: json.dumps(s, sort_keys=True, ensure_ascii=False))
    return sources


def fingerprint(finding: Finding, claims_by_id: dict[str, Claim], root: str | None = None) -> str:
    """A stable 32-hex-digit id of a finding (see the module doc for what goes in)."""
    payload = {
        "check": finding.check_id, "kind": finding.kind, "metric": finding.metric,
        "subject": finding.subject, "claims": cited_sources(finding, claims_by_id, root),
    }
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class BaselineEntry:
    """A recorded finding: its fingerprint and enough to show it once it is fixed."""

    fingerprint: str
    check: str
    kind: str
    severity: str
    metric: str
    subject: str | None
    message: str
    sources: tuple[dict, ...]

    def record(self) -> dict:
        return {"fingerprint": self.fingerprint, "check": self.check, "kind": self.kind,
                "severity": self.severity, "metric": self.metric, "subject": self.subject,
                "message": self.message, "sources": [dict(s) for s in self.sources]}


def entry_for(finding: Finding, claims_by_id: dict[str, Claim], root: str | None) -> BaselineEntry:
    sources = tuple(cited_sources(finding, claims_by_id, root))
    return BaselineEntry(fingerprint(finding, claims_by_id, root), finding.check_id, finding.kind,
                         finding.severity, finding.metric, finding.subject, finding.message, sources)


def baseline_root(path: str | Path) -> str:
    """The folder document paths of a baseline are relative to: the baseline file's."""
    return os.path.dirname(os.path.abspath(path))


def write_baseline(path: str | Path, entries: list[BaselineEntry], tool_version: str) -> None:
    """Write the baseline file: sorted, no timestamps, so that it diffs well under version control."""
    ordered = sorted(entries, key=lambda e: (e.fingerprint, e.message))
    doc = {"factlint_baseline": BASELINE_FORMAT, "tool": f"factlint {tool_version}",
           "findings": [e.record() for e in ordered]}
    p = Path(path)
    if p.parent and not p.parent.exists():
        p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def read_baseline(path: str | Path) -> list[BaselineEntry]:
    p = Path(path)
    try:
        text = p.read_text("utf-8")
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise BaselineError(f"{path}: baseline is not UTF-8 ({exc.reason} at byte {exc.start})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}:{exc.lineno}:{exc.colno}: baseline is not valid JSON: {exc.msg}") from None
    if not isinstance(data, dict) or data.get("factlint_baseline") != BASELINE_FORMAT:
        raise BaselineError(f"{path}: not a factlint baseline (expected \"factlint_baseline\": {BASELINE_FORMAT}); "
                            "write one with 'factlint baseline'")
    entries = []
    for i, rec in enumerate(data.get("findings") or []):
        try:
            entries.append(BaselineEntry(str(rec["fingerprint"]), str(rec["check"]), str(rec["kind"]),
                                         str(rec.get("severity", "")), str(rec.get("metric", "")),
                                         rec.get("subject"), str(rec.get("message", "")),
                                         tuple(rec.get("sources") or ())))
        except (KeyError, TypeError):
            raise BaselineError(f"{path}: findings[{i}] lacks a fingerprint, check or kind") from None
    return entries


def compare(fingerprints: list[str], entries: list[BaselineEntry]) -> tuple[list[str], list[BaselineEntry]]:
    """(state per current finding, baseline entries no longer found).

    Each baseline entry lets one current finding with its fingerprint through ("unchanged");
    the rest are "new". Entries left over are the fixed findings, in baseline order.
    """
    left = Counter(e.fingerprint for e in entries)
    states = []
    for fp in fingerprints:
        if left[fp] > 0:
            left[fp] -= 1
            states.append(UNCHANGED)
        else:
            states.append(NEW)
    fixed = []
    for e in reversed(entries):
        if left[e.fingerprint] > 0:
            left[e.fingerprint] -= 1
            fixed.append(e)
    fixed.reverse()
    return states, fixed
