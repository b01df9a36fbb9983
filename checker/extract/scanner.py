"""The scanner: every quantity and time mention of a text, in one ordered, non-overlapping list.

Time expressions are found first (``checker.extract.timex``); quantities are then read around
every other number (``checker.extract.quantities``). Where both claim the same characters:
- a date ("24 juin 2025") wins over the numbers inside it;
- a bare year ("in 2024") gives way to a quantity reading of the same digits when the number
  carries a unit ("2000 troops" is a count, "2035" alone a year);
- a duration ("three weeks") from either finder is kept once, the quantity reading preferred
  because it also carries qualifiers ("more than three weeks").
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from operator import attrgetter
from datetime import date
from typing import Callable

from checker.extract.mention import Mention
from checker.extract.lexicon import lexicon
from checker.extract.quantities import scanner_for


def scan_text(
    text: str,
    lang: str,
    published: date | None = None,
    sentence_of: Callable[[int], int] | None = None,
) -> list[Mention]:
    """All mentions in ``text`` written in ``lang``; relative dates anchor to ``published``."""
    merged = _scan(text, lang, published)
    if sentence_of is not None:
        for m in merged:
            m.sentence = sentence_of(m.start)
        _elliptical_units(merged, text, lang)
    return merged


def _scan(text: str, lang: str, published: date | None) -> list[Mention]:
    """The time and quantity mentions of ``text``, merged (no sentences assigned)."""
    from checker.extract.timex import find_time_expressions

    times = find_time_expressions(text, lang, published)
    quantities = scanner_for(lang).scan(text, skip=_claimed(times))
    return _merge(times, quantities)


def _claimed(times: list[Mention]) -> list[tuple[int, int]]:
    """The spans of time expressions no quantity may start in: all but bare years (a quantity
    reading of the digits may win: "2000 troops") and durations (read by both finders)."""
    return [(t.start, t.end) for t in times if not (t.kind == "year" and t.extra.get("bare")) and t.kind != "duration"]


def _elliptical_units(mentions: list[Mention], text: str, lang: str) -> None:
    """A number with no unit of its own, in the same sentence as a figure with one, shares it:
    - a scaled number after money or a count: "35 milliards de dollars ... 14 milliards";
    - the level a change arrived at: "rose 64.06 points to 4,577.10" (not after a percent:
      "fell 0.4 per cent to 13176" is an index level, not a percentage).
    A figure in parentheses is a conversion of the one before it and lends its unit to nothing.
    The words before the level ("to", "à", "auf") are the language file's ``arrived_at_words``.
    """
    arrived_at = lexicon(lang).arrived_at_re
    last: dict[int, Mention] = {}
    prev: Mention | None = None
    for m in mentions:
        if m.kind in ("money", "count", "measure") and not isinstance(m.value, tuple):
            # (not in parentheses: no function call, this loop sees every mention of a corpus)
            start = m.start
            if not text[start - 6 if start > 6 else 0:start].rstrip().endswith("("):
                last[m.sentence] = m
        elif m.kind == "number" and not m.extra.get("multiplier") and m.sentence in last:
            src = last[m.sentence]
            scaled = m.scale != 1.0 and src.kind in ("money", "count")
            arrived = (prev is src and src.qualifier in ("up", "down") and src.kind in ("measure", "money")
                       and arrived_at.fullmatch(text[src.end:m.start]) is not None)
            if scaled or arrived:
                m.kind, m.unit, m.currency, m.counted = src.kind, src.unit, src.currency, src.counted
                m.extra["elliptical"] = src.text
        prev = m


def scan_document(doc) -> list[Mention]:
    """Scan a ``checker.document.Document`` (``scan_text`` with its sentences, which are
    looked up for all mentions at once: ``Document.sentences_at``)."""
    merged = _scan(doc.text, doc.lang, doc.published)
    for m, index in zip(merged, doc.sentences_at([m.start for m in merged])):
        m.sentence = index
    _elliptical_units(merged, doc.text, doc.lang)
    return merged


class SentenceScan:
    """One document's mentions, sentence by sentence: its time expressions are read once over
    the whole text, its quantities only in the sentences asked for.

    For a reader that needs a few sentences' figures (the claim builder reads only sentences
    where a rule's cue occurs, a twentieth of a news archive's text for one topic's rules), this
    saves most of the scan: reading quantities is two thirds of it.

    ``mentions(sentences)`` gives what ``scan_document`` gives in those sentences. A sentence's
    quantities are read with their whole context (``QuantityScanner.scan(within=...)``), so
    the two differ only where one mention runs across the boundary of a sentence read and one
    not read (the whole-text scan's reading of a number in the sentence before decides where
    the next reading may start)."""

    def __init__(self, doc) -> None:
        from checker.extract.timex import find_time_expressions

        self.doc = doc
        self.times = find_time_expressions(doc.text, doc.lang, doc.published)
        for t, index in zip(self.times, doc.sentences_at([t.start for t in self.times])):
            t.sentence = index
        self._hard = _claimed(self.times)
        #: sentence -> ids of the time expressions kept in the sentences read with it
        self._kept: dict[int, set[int]] = {}

    def mentions(self, sentences: Iterable[int]) -> list[Mention]:
        """The mentions of ``sentences`` (indices into ``doc.sentences``), merged and ordered."""
        doc = self.doc
        wanted = set(sentences)
        starts = [start for start, _end in doc.sentences]
        spans: list[tuple[int, int]] = []
        for index in sorted(wanted):
            # a sentence owns the white space after it (``Document.sentence_at``), the first
            # one the text before it
            start = starts[index] if index else 0
            end = starts[index + 1] if index + 1 < len(starts) else len(doc.text)
            if spans and spans[-1][1] == start:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
        quantities = scanner_for(doc.lang).scan(doc.text, skip=self._hard, within=spans) if spans else []
        for m, index in zip(quantities, doc.sentences_at([m.start for m in quantities])):
            m.sentence = index
        merged = _merge([t for t in self.times if t.sentence in wanted], quantities)
        _elliptical_units(merged, doc.text, doc.lang)
        kept = {id(m) for m in merged if m.is_time}
        for index in wanted:
            self._kept.setdefault(index, kept)
        return merged

    def kept(self, times: list[Mention]) -> set[int]:
        """The ids of those of ``times`` (time expressions of the document) that are mentions of
        their sentences, not given way to a quantity reading of their digits ("some 2040
        people"). The sentences not read yet are read together, in one scan."""
        unread = {t.sentence for t in times if t.sentence not in self._kept}
        if unread:
            self.mentions(unread)
        return {id(t) for t in times if id(t) in self._kept[t.sentence]}


_START = attrgetter("start")
_END = attrgetter("end")


def _merge(times: list[Mention], quantities: list[Mention]) -> list[Mention]:
    spans = sorted([(q.start, q.end) for q in quantities])
    starts = [s for s, _ in spans]
    kept: list[Mention] = list(quantities)
    for t in times:
        t_start, t_end = t.start, t.end
        i = bisect_right(starts, t_end - 1)
        for s, e in spans[i - 3 if i > 3 else 0:i]:
            if s < t_end and t_start < e:
                break   # overlaps a quantity
        else:
            kept.append(t)
    # by start, then longest first: two stable sorts on plain attributes
    kept.sort(key=_END, reverse=True)
    kept.sort(key=_START)
    # drop anything nested inside an earlier mention
    out: list[Mention] = []
    last_end = -1
    for m in kept:
        if m.start < last_end:
            continue
        out.append(m)
        last_end = m.end
    return out
