"""Inline suppressions: ``<!-- factlint: ignore stale -->`` markers in the articles themselves.

An editor who has checked a flagged figure and keeps it on purpose says so next to the figure,
where the next editor will see it, instead of in a central list that drifts from the text. The
HTML comment form is invisible when Markdown or HTML is rendered and reads fine in plain text, so
it is the one form for all three formats.

Markers (selectors are finding kinds, check ids or metric names, separated by spaces or commas):

* ``<!-- factlint: ignore stale -->``: on the line of a claim or on the line just before it;
  silences the matching findings citing a claim on the marker's line or the next one.
* ``<!-- factlint: disable conflict -->`` ... ``<!-- factlint: enable conflict -->``: silences
  them for claims on every line from the ``disable`` marker's to the ``enable`` marker's (to the
  end of the file when no ``enable`` follows). ``enable`` with no selector closes every block.

A finding is suppressed when at least one of the claims it cites stands on a suppressed line of
its document: the editor of either article may accept a conflict between two articles. A
suppressed finding is still reported (as suppressed, with the marker's position); it never
fails a run.

Positions are those of the file the user edits. Markdown and plain text documents keep their
source text (Markdown without front matter, whose lines ``Document.line_col`` accounts for);
HTML documents keep only the extracted article text, so their source is read again by path and
checked against the document's content hash.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Iterable

from checker.checks.finding import Finding
from checker.claims.model import Claim
from checker.regex_store import cached_compile

_MARKER = cached_compile(r"<!--\s*factlint\s*:\s*(?P<action>[A-Za-z-]+)(?P<args>[^>]*?)\s*-->", re.IGNORECASE)
_SPLIT = cached_compile(r"[\s,]+")
ACTIONS = ("ignore", "disable", "enable")


@dataclass(frozen=True, slots=True)
class Marker:
    """One ``<!-- factlint: ... -->`` comment: where it is and what it says."""

    doc: str
    line: int
    column: int
    action: str                      # ignore, disable, enable
    selectors: tuple[str, ...]       # kinds, check ids, metric names (as written)

    @property
    def text(self) -> str:
        return " ".join((self.action, *self.selectors))

    def record(self) -> dict:
        return {"doc": self.doc, "line": self.line, "column": self.column, "marker": self.text}


@dataclass(frozen=True, slots=True)
class Span:
    """Lines ``first..last`` (inclusive) of a document where ``selectors`` are silenced."""

    first: int
    last: int
    selectors: frozenset[str]        # casefolded
    marker: Marker


@dataclass
class Suppressions:
    """Every suppressed span of the corpus, by document, and the problems found in markers."""

    spans: dict[str, list[Span]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def add_document(self, doc: str, markers: list[Marker], known: set[str] | None = None) -> None:
        spans, warnings = spans_of(markers, known)
        if spans:
            self.spans[doc] = spans
        self.warnings.extend(warnings)

    def marker_for(self, finding: Finding, claims_by_id: dict[str, Claim],
                   claim_ends: dict[str, tuple[int, int]] | None = None) -> Marker | None:
        """The marker silencing ``finding``, or ``None``; the first cited claim's marker wins."""
        wanted = {finding.kind.casefold(), finding.check_id.casefold(), finding.metric.casefold()}
        for cid in finding.claims:
            claim = claims_by_id.get(cid)
            if claim is None or claim.doc not in self.spans:
                continue
            last_line = (claim_ends or {}).get(cid, (claim.line, 0))[0]
            for span in self.spans[claim.doc]:
                if span.first <= last_line and claim.line <= span.last and span.selectors & wanted:
                    return span.marker
        return None


def find_markers(text: str, doc: str, line_col) -> tuple[list[Marker], list[str]]:
    """Markers in ``text``; ``line_col(offset)`` gives the 1-based (line, column) of an offset.

    Returns the markers in text order and one-line warnings for unreadable ones.
    """
    markers: list[Marker] = []
    warnings: list[str] = []
    for m in _MARKER.finditer(text):
        line, col = line_col(m.start())
        action = m.group("action").lower()
        selectors = tuple(s for s in _SPLIT.split(m.group("args").strip()) if s)
        if action not in ACTIONS:
            warnings.append(f"{doc}:{line}:{col}: warning: unknown factlint marker {action!r} "
                            f"(expected: {', '.join(ACTIONS)}); ignored")
            continue
        if not selectors and action != "enable":
            warnings.append(f"{doc}:{line}:{col}: warning: 'factlint: {action}' needs a finding kind, "
                            "check id or metric to silence; ignored")
            continue
        markers.append(Marker(doc, line, col, action, selectors))
    return markers, warnings


def spans_of(markers: Iterable[Marker], known: set[str] | None = None) -> tuple[list[Span], list[str]]:
    """The suppressed spans the markers of one document make, and warnings for odd markers.

    ``known`` (casefolded kinds, check ids and metrics) lets a misspelt selector be reported
    instead of silently suppressing nothing.
    """
    spans: list[Span] = []
    warnings: list[str] = []
    open_blocks: dict[str, Marker] = {}
    end = 10**9
    for mk in markers:
        where = f"{mk.doc}:{mk.line}:{mk.column}"
        if known is not None:
            for s in mk.selectors:
                if s.casefold() not in known:
                    warnings.append(f"{where}: warning: factlint marker names {s!r}, which is no check kind, "
                                    "check id or metric of the rules")
        if mk.action == "ignore":
            spans.append(Span(mk.line, mk.line + 1, frozenset(s.casefold() for s in mk.selectors), mk))
        elif mk.action == "disable":
            for s in mk.selectors:
                open_blocks.setdefault(s.casefold(), mk)
        else:
            closing = [s.casefold() for s in mk.selectors] or list(open_blocks)
            unmatched = [s for s in closing if s not in open_blocks]
            if unmatched and mk.selectors:
                warnings.append(f"{where}: warning: 'factlint: enable {' '.join(unmatched)}' without a "
                                "'disable' before it")
            for s in closing:
                opener = open_blocks.pop(s, None)
                if opener is not None:
                    spans.append(Span(opener.line, mk.line, frozenset((s,)), opener))
    for s, opener in open_blocks.items():
        spans.append(Span(opener.line, end, frozenset((s,)), opener))
    spans.sort(key=lambda sp: (sp.first, sp.marker.column, sorted(sp.selectors)))
    return spans, warnings


def document_markers(doc) -> tuple[list[Marker], list[str]]:
    """The markers of a loaded ``Document``, at positions in its source file.

    Markdown and text: the document's own text. HTML: the source read again (see module doc);
    an HTML document read from standard input has no source left to read, so it has no markers.
    """
    if doc.format != "html":
        return find_markers(doc.text, doc.path, doc.line_col)
    if doc.path == "-":
        return [], []
    from checker.document.decode import decode
    from checker.document.model import LoadError, line_starts

    try:
        with open(doc.path, "rb") as handle:
            data = handle.read()
        if doc.content_hash and hashlib.sha256(data).hexdigest() != doc.content_hash:
            return [], [f"{doc.path}: warning: changed while being checked; its factlint markers were not read"]
        source, _ = decode(data, doc.path)
    except (OSError, LoadError) as exc:
        return [], [f"{doc.path}: warning: cannot read its factlint markers: {exc}"]
    starts = line_starts(source)

    def line_col(offset: int) -> tuple[int, int]:
        i = bisect_right(starts, offset) - 1
        return i + 1, offset - starts[i] + 1

    return find_markers(source, doc.path, line_col)
