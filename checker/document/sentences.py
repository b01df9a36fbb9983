"""Sentence segmentation with character offsets: one regex pass plus a few decisions per boundary.

Claims are built inside a sentence, so a sentence cut in the wrong place either loses a claim
or ties a number to the wrong metric. The rules, in order:

* a blank line always ends a sentence (paragraphs, HTML blocks);
* ``.``, ``!``, ``?`` or ``…`` (with closing quotes or brackets) followed by white space end a
  sentence, except: before a lowercase word; after an abbreviation of ``text.abbreviations``
  ("Mr.", "M.", "z.B."); after one of ``text.final_abbreviations`` ("etc.", "U.S.") or a dotted
  acronym unless a capitalised word follows; after a single-letter initial ("J. Smith"); after
  a one- or two-digit ordinal in languages with ``text.ordinal_period`` ("am 24. Juni");
* a single line break ends a sentence when the line reads as a paragraph or heading of its
  own: always in a document whose paragraphs are single long lines, and in hard-wrapped text
  only when the line is much shorter than the wrap width; never before a lowercase word.

Nothing splits inside "3.5" or "U.S." because a boundary needs white space after the mark.
Everything is one ``finditer`` over the text with O(1) work per candidate, so it runs at
about 5 M characters/s (pysbd, a cascade of pure-Python rules, manages about 0.4 M/s).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from checker import lang as lang_data

# A sentence mark with its closers, followed by white space or the end; or a line break.
_CANDIDATE = re.compile(
    r"(?P<mark>[.!?…]+)(?P<close>(?:[\"'”’»)\]]|[ \u00a0\u202f]+[»”])*)(?=\s|\Z)"
    r"|(?P<nl>\r\n|\r|\n)"
)
#: the characters a candidate starts with: found first by this one-class pattern, which the
#: regex engine skips ahead to (``_CANDIDATE`` itself is tried at every position: 5x slower)
_CANDIDATE_START = re.compile(r"[.!?…\r\n]")
_BLANK_LINE = re.compile(r"[^\S\r\n]*(?:\r\n|\r|\n)")
_NEXT = re.compile(r"\S")
# the first visible character after a boundary, looking past opening quotes and brackets
_NEXT_WORD = re.compile(r"(?:[\"'«“‘¿¡(\[][ \u00a0\u202f]*)*(\S)")
_ENDS_WITH_MARK = re.compile(r"[.!?…][\"'”’»)\]\s]*\Z")
_OPENERS = "([{\"'«“‘¿¡"
_DOTTED_ACRONYM = re.compile(r"(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}")
_SHORT_NUMBER = re.compile(r"\d{1,2}")
_LIST_ITEM = re.compile(r"(?:[-*+•–]|\d{1,3}[.)])\s")
_LINE = re.compile(r"[^\r\n]+")

#: the longest sentence kept whole, in characters. News sentences stay under 600; a longer run
#: without a boundary (a table flattened to text, a hostile file of one 50 MB line) is cut at
#: the last white space before this length, so that work done per sentence (claims compare
#: every number of a sentence with its cues and dates) stays bounded and a run stays linear.
MAX_SENTENCE = 3000
_CUT_SPACES = (" ", "\n", "\t", "\u00a0", "\r", "\u202f", "\u3000")

#: a document is hard-wrapped when most of its lines are at most this wide ...
_MAX_WRAP_WIDTH = 100
_MIN_WRAP_WIDTH = 40
#: ... and then a line shorter than this share of the width ends its paragraph
_SHORT_LINE_SHARE = 0.6


@dataclass(frozen=True)
class _Rules:
    abbreviations: frozenset[str]
    abbreviations_lower: frozenset[str]
    final: frozenset[str]
    final_lower: frozenset[str]
    ordinal_period: bool


@functools.cache
def _rules(lang: str) -> _Rules:
    """The segmentation data of a language (``text`` section of its data file)."""
    data = lang_data.section(lang, "text")

    def sets(key: str) -> tuple[frozenset[str], frozenset[str]]:
        words = [str(w) for w in data.get(key) or []]
        # an all-lowercase abbreviation also matches when capitalised at a sentence start
        return frozenset(words), frozenset(w for w in words if w == w.lower())

    abbreviations, abbreviations_lower = sets("abbreviations")
    final, final_lower = sets("final_abbreviations")
    return _Rules(abbreviations, abbreviations_lower, final, final_lower,
                  bool(data.get("ordinal_period")))


def _in(token: str, exact: frozenset[str], lower: frozenset[str]) -> bool:
    return token in exact or token.lower() in lower


def _wrap_width(text: str) -> int | None:
    """The wrap width of a hard-wrapped text (the 80th percentile of its line lengths), else None."""
    lengths = sorted(len(m.group().rstrip()) for m in _LINE.finditer(text) if not m.group().isspace())
    if len(lengths) < 3:
        return None
    width = lengths[int(len(lengths) * 0.8)]
    return width if _MIN_WRAP_WIDTH <= width <= _MAX_WRAP_WIDTH else None


class _Splitter:
    """One segmentation run: the text, the language rules and the lazily measured wrap width."""

    def __init__(self, text: str, rules: _Rules) -> None:
        self.text = text
        self.rules = rules
        self._width: int | None | bool = False  # False: not measured yet

    def wrap_width(self) -> int | None:
        if self._width is False:
            self._width = _wrap_width(self.text)
        return self._width  # type: ignore[return-value]

    def mark_ends(self, m: re.Match[str], nxt: str) -> bool:
        """Does the sentence mark in ``m`` end a sentence, ``nxt`` being the next visible char?"""
        if nxt.islower():
            return False
        mark = m.group("mark")
        if mark != "." or m.group("close"):
            return True
        start = m.start()
        window = self.text[max(0, start - 40):start]
        # the run of non-space characters ending the window (``\S+\Z``, without a search
        # that tries each of its 40 positions)
        token = window.rsplit(None, 1)[-1].lstrip(_OPENERS) if window and not window[-1].isspace() else ""
        if not token:
            return True
        rules = self.rules
        if _in(token, rules.abbreviations, rules.abbreviations_lower):
            return False
        if _in(token, rules.final, rules.final_lower) or _DOTTED_ACRONYM.fullmatch(token):
            return nxt.isupper()
        if len(token) == 1 and token.isupper():
            return False  # an initial: "J. Smith", "M. Macron"
        if rules.ordinal_period and _SHORT_NUMBER.fullmatch(token):
            return False
        return True

    def line_ends(self, nl: re.Match[str], line_start: int | None = None) -> bool:
        """Does the single line break in ``nl`` end a paragraph (or a heading)?

        ``line_start`` is where the line began (``cuts`` knows it: the end of the break before);
        looked up when not given. Searching back for it each time made a file of CR-only line
        ends (old Mac style, no LF to find) quadratic.
        """
        text = self.text
        if line_start is None:
            previous_lf = text.rfind("\n", 0, nl.start())
            line_start = max(previous_lf, text.rfind("\r", previous_lf + 1, nl.start())) + 1
        line = text[line_start:nl.start()].strip()
        if not line:
            return False
        if _ENDS_WITH_MARK.search(line):
            return False  # the sentence mark before the break has decided
        nxt = _NEXT_WORD.search(text, nl.end())
        if nxt is None:
            return True
        if nxt.group(1).islower():
            return False
        rest = text[nxt.start():nxt.start() + 6]
        if line.startswith("#") or _LIST_ITEM.match(rest) or _LIST_ITEM.match(line + " "):
            return True
        width = self.wrap_width()
        return width is None or len(line) < _SHORT_LINE_SHARE * width

    def cuts(self) -> list[int]:
        """Offsets where a sentence ends (exclusive)."""
        text = self.text
        out: list[int] = []
        line_start = 0  # every line break is a candidate, so this follows them in order
        done = 0
        for c in _CANDIDATE_START.finditer(text):
            at = c.start()
            if at < done:
                continue
            m = _CANDIDATE.match(text, at)
            if m is None:
                continue
            end = done = m.end()
            if m.group("nl") is not None:
                if _BLANK_LINE.match(text, end) or self.line_ends(m, line_start):
                    out.append(m.start())
                line_start = end
                continue
            nxt = _NEXT_WORD.search(text, end)
            if nxt is None:
                out.append(end)
                continue
            between = text[end:nxt.start()]
            if between.count("\n") + between.count("\r") - between.count("\r\n") >= 2:
                out.append(end)  # a blank line follows
            elif self.mark_ends(m, nxt.group(1)):
                out.append(end)
        return out


def split_sentences(text: str, lang: str) -> list[tuple[int, int]]:
    """Sentences of ``text`` as ``(start, end)`` offsets, in order, without surrounding space.

    Every non-space character of ``text`` is in exactly one sentence; none is longer than
    ``MAX_SENTENCE`` characters.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in [*_Splitter(text, _rules(lang)).cuts(), len(text)]:
        if cut <= start:
            continue
        first = _NEXT.search(text, start, cut)
        if first is not None:
            end = cut
            while text[end - 1].isspace():
                end -= 1
            if end - first.start() > MAX_SENTENCE:
                spans.extend(_pieces(text, first.start(), end))
            else:
                spans.append((first.start(), end))
        start = cut
    return spans


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """An over-long sentence ``text[start:end]`` cut into pieces of at most ``MAX_SENTENCE``.

    Each cut falls on the last white space of the second half of the window, else (a run with
    no space at all) at the window's end. ``start`` and ``end - 1`` are not white space.
    """
    out: list[tuple[int, int]] = []
    while end - start > MAX_SENTENCE:
        limit = start + MAX_SENTENCE
        space = max(text.rfind(c, start + MAX_SENTENCE // 2, limit) for c in _CUT_SPACES)
        piece_end = space if space > start else limit
        stop = piece_end
        while text[stop - 1].isspace():
            stop -= 1
        out.append((start, stop))
        start = _NEXT.search(text, piece_end, end).start()
    out.append((start, end))
    return out
