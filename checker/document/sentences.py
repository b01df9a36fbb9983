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
Marks are found by one ``finditer`` per mark character present (patterns starting with a
literal, which the regex engine skips to at memory speed) and line breaks by ``str.find``, with
O(1) work per candidate, so it runs at about 60 M characters/s (pysbd, a cascade of pure-Python
rules, manages about 0.4 M/s).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from checker import lang as lang_data
from checker import regex_store
from checker.document.model import line_breaks

# A run of sentence marks starting with ``first`` (not preceded by a mark), its closers, then
# white space or the end; then, looked at without being consumed, the white space after it
# (``ws``) and the first visible character of the next sentence past opening quotes and
# brackets (``nxt``, None at the end of the text): one match gives all a boundary decision
# reads. Each pattern starts with a literal character, which the regex engine finds as fast as
# ``str.find``; a pattern starting with a class (``[.!?…]``) tests every character of the text
# against the class, five times slower, and was half the time of the splitter.
_MARKS = ".!?…"
#: an opening quote or bracket before a sentence's first visible character
_OPENING = r"[\"'«“‘¿¡(\[][ \u00a0\u202f]*"
_MARK_AFTER = r"(?P<close>(?:[\"'”’»)\]]|[ \u00a0\u202f]+[»”])*)(?=\s|\Z)" \
              rf"(?=(?P<ws>\s*)(?:(?:{_OPENING})*(?P<nxt>\S))?)"
_MARK_RUNS = tuple(
    (first, regex_store.cached_compile(rf"(?P<mark>{re.escape(first)}(?<![{_MARKS}]{re.escape(first)})[{_MARKS}]*){_MARK_AFTER}"))
    for first in _MARKS
)
_BLANK_LINE = regex_store.cached_compile(r"[^\S\r\n]*(?:\r\n|\r|\n)")
_NEXT = regex_store.cached_compile(r"\S")
# the first visible character after a boundary, looking past opening quotes and brackets
_NEXT_WORD = regex_store.cached_compile(rf"(?:{_OPENING})*(\S)")
#: what may stand after the sentence mark that ends a line (besides white space)
_LINE_CLOSERS = "\"'”’»)]"
_OPENERS = "([{\"'«“‘¿¡"
_DOTTED_ACRONYM = regex_store.cached_compile(r"(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}")
_SHORT_NUMBER = regex_store.cached_compile(r"\d{1,2}")
_LIST_ITEM = regex_store.cached_compile(r"(?:[-*+•–]|\d{1,3}[.)])\s")
_LINE = regex_store.cached_compile(r"[^\r\n]+")

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


#: how a period after a token decides (see ``_Rules.period_after``): it always ends the sentence,
#: never does, or ends it when the next word is capitalised
_ENDS, _NEVER, _BEFORE_CAPITAL = True, False, None
_UNKNOWN = object()
#: distinct tokens remembered per language before the memo starts over (a hostile text of
#: millions of distinct words must not grow it without bound)
_MEMO_SIZE = 50_000


@dataclass(frozen=True)
class _Rules:
    abbreviations: frozenset[str]
    abbreviations_lower: frozenset[str]
    final: frozenset[str]
    final_lower: frozenset[str]
    ordinal_period: bool
    #: token -> ``period_after`` answer: a text repeats its words, and one dictionary look-up
    #: is cheaper than the four set look-ups and two regex matches that decide a new token
    memo: dict[str, bool | None] = field(default_factory=dict, compare=False)

    def period_after(self, token: str) -> bool | None:
        """Does a period after ``token`` (the visible run before it, without openers) end a
        sentence: ``_ENDS``, ``_NEVER``, or ``_BEFORE_CAPITAL`` (only before a capitalised word)?"""
        kind = self.memo.get(token, _UNKNOWN)
        if kind is _UNKNOWN:
            kind = self._classify(token)
            if len(self.memo) >= _MEMO_SIZE:
                self.memo.clear()
            self.memo[token] = kind
        return kind

    def _classify(self, token: str) -> bool | None:
        if not token:
            return _ENDS
        if _in(token, self.abbreviations, self.abbreviations_lower):
            return _NEVER
        if _in(token, self.final, self.final_lower) or _DOTTED_ACRONYM.fullmatch(token):
            return _BEFORE_CAPITAL
        if len(token) == 1 and token.isupper():
            return _NEVER  # an initial: "J. Smith", "M. Macron"
        if self.ordinal_period and _SHORT_NUMBER.fullmatch(token):
            return _NEVER
        return _ENDS


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


def _ends_with_mark(line: str) -> bool:
    """Does ``line`` end with a sentence mark, maybe followed by closers and white space?

    Read from the end: a regex search for a mark followed by nothing but closers tried every
    mark of the line, and a paragraph on one line is the whole article.
    """
    at = len(line)
    while at and (line[at - 1] in _LINE_CLOSERS or line[at - 1].isspace()):
        at -= 1
    return at > 0 and line[at - 1] in _MARKS


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

    def mark_cuts(self) -> list[int]:
        """Offsets where a sentence mark ends a sentence (after its closers), in order.

        Each boundary is one match of a ``_MARK_RUNS`` pattern, which also gives the white space and the first
        visible character after it; only a bare period before a word that is not lowercase
        needs the token before it (``_Rules.period_after``, remembered per token).
        """
        text = self.text
        period_after = self.rules.period_after
        out: list[int] = []
        runs = [pattern for first, pattern in _MARK_RUNS if first in text]
        for pattern in runs:
            for m in pattern.finditer(text):
                mark, close, ws, nxt = m.groups()
                if nxt is None:
                    out.append(m.end())  # the end of the text
                elif len(ws) > 1 and ws.count("\n") + ws.count("\r") - ws.count("\r\n") >= 2:
                    out.append(m.end())  # a blank line follows
                elif nxt.islower():
                    continue
                elif mark != "." or close:
                    out.append(m.end())
                else:
                    start = m.start()
                    window = text[max(0, start - 40):start]
                    # the run of non-space characters ending the window (``\S+\Z``, without a
                    # search that tries each of its 40 positions)
                    token = window.rsplit(None, 1)[-1].lstrip(_OPENERS) if window and not window[-1].isspace() else ""
                    ends = period_after(token)
                    if ends or (ends is _BEFORE_CAPITAL and nxt.isupper()):
                        out.append(m.end())
        if len(runs) > 1:
            out.sort()
        return out

    def line_ends(self, start: int, end: int, line_start: int | None = None) -> bool:
        """Does the single line break ``text[start:end]`` end a paragraph (or a heading)?

        ``line_start`` is where the line began (``break_cuts`` knows it: the end of the break
        before); looked up when not given. Searching back for it each time made a file of
        CR-only line ends (old Mac style, no LF to find) quadratic.
        """
        text = self.text
        if line_start is None:
            previous_lf = text.rfind("\n", 0, start)
            line_start = max(previous_lf, text.rfind("\r", previous_lf + 1, start)) + 1
        line = text[line_start:start].strip()
        if not line:
            return False
        if _ends_with_mark(line):
            return False  # the sentence mark before the break has decided
        nxt = _NEXT_WORD.search(text, end)
        if nxt is None:
            return True
        if nxt.group(1).islower():
            return False
        rest = text[nxt.start():nxt.start() + 6]
        if line.startswith("#") or _LIST_ITEM.match(rest) or _LIST_ITEM.match(line + " "):
            return True
        width = self.wrap_width()
        return width is None or len(line) < _SHORT_LINE_SHARE * width

    def break_cuts(self) -> list[int]:
        """Offsets of the line breaks that end a sentence (a blank line follows, or the line
        stands alone: ``line_ends``), in order."""
        text = self.text
        out: list[int] = []
        line_start = 0  # breaks come in order, so each line starts where the break before ended
        for start, end in line_breaks(text):
            if _BLANK_LINE.match(text, end) or self.line_ends(start, end, line_start):
                out.append(start)
            line_start = end
        return out

    def cuts(self) -> list[int]:
        """Offsets where a sentence ends (exclusive), in order (an offset may come twice).

        Marks and line breaks never overlap (a mark's closers hold no line break) and each
        decision reads only the text, so the two kinds are found apart and merged.
        """
        marks = self.mark_cuts()
        breaks = self.break_cuts()
        if not breaks:
            return marks
        return sorted(marks + breaks)


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
        # str.strip drops what ``\s`` matches (both use str.isspace); a slice and two strips
        # cost less than a regex search for the first visible character and a loop back
        piece = text[start:cut]
        stripped = piece.lstrip()
        if stripped:
            first = cut - len(stripped)
            end = first + len(stripped.rstrip())
            if end - first > MAX_SENTENCE:
                spans.extend(_pieces(text, first, end))
            else:
                spans.append((first, end))
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
