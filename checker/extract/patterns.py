"""Build fast regular expressions from word lists.

Python's ``re`` tries the branches of an alternation one after another, so a pattern made of
hundreds of words joined by ``|`` is slow on long text. ``trie_pattern`` factors the words into
a trie first ("million|milliard" -> "milli(?:on|ard)"), which keeps one scan over the text cheap.
"""

from __future__ import annotations

import os
import re
from typing import Iterable

from checker import regex_store


def trie_pattern(words: Iterable[str]) -> str:
    """A regex source matching any of ``words`` (longest match first at each branch).

    Kept between runs (``regex_store.remembered``): building the tries of a language's words
    is a few hundredths of a second at every start otherwise."""
    # the trie depends on the set of words only, not on their order (often a set's, which
    # differs from run to run): the sorted set is the key
    words = sorted(set(words))
    return regex_store.remembered("trie", words, lambda: _trie_pattern(words))


def _trie_pattern(words: list[str]) -> str:
    """``trie_pattern`` of ``words``, sorted and distinct."""
    # the trie is emitted recursively, one level per branching character: very long words go apart
    long_words = [w for w in words if len(w) > MAX_TRIE_DEPTH]
    short = [w for w in words if w and len(w) <= MAX_TRIE_DEPTH]
    body = _emit(short) if short else "(?!)"
    if long_words:
        alts = "|".join(re.escape(w) for w in sorted(long_words, key=lambda w: (-len(w), w)))
        body = "(?:" + alts + "|" + body + ")"
    return body


MAX_TRIE_DEPTH = 200


def _emit(words: list[str]) -> str:
    """The regex of the trie of ``words`` (sorted, distinct; "" where a word ends here).

    Read off the sorted list, which groups the words of each branch (the first and last words
    of a branch share what all its words share): a run of characters without a fork is escaped
    at once, not one node per character (a rule set's entity names, mostly such runs, took a
    tenth of a second to emit one node at a time, at every start).
    """
    if len(words) == 1:
        return re.escape(words[0])
    end = words[0] == ""
    branches = []
    singles = []
    i, count = (1 if end else 0), len(words)
    while i < count:
        ch = words[i][0]
        j = i + 1
        while j < count and words[j][0] == ch:
            j += 1
        if j - i == 1:
            sub = re.escape(words[i][1:])
        else:
            # the words of a branch share at least its first character; where they share more,
            # the nodes in between have one child each and no word ending: written in a row
            shared = len(os.path.commonprefix((words[i], words[j - 1])))
            sub = re.escape(words[i][1:shared]) + _emit([w[shared:] for w in words[i:j]])
        if sub == "" and ch != " ":
            singles.append(ch)
        else:
            branches.append(re.escape(ch) + sub)
        i = j
    if singles:
        if len(singles) == 1:
            branches.append(re.escape(singles[0]))
        else:
            branches.append("[" + "".join(_class_escape(c) for c in singles) + "]")
    if not branches:
        return ""
    # longer alternatives first: a branch that continues is tried before the bare end
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if end:
        return "(?:" + body + ")?"
    return body


def _class_escape(ch: str) -> str:
    return "\\" + ch if ch in "\\]^-[" else ch


def skip_ahead(source: str, first: str) -> re.Pattern:
    """A regex that finds where matches of ``source`` start, given ``first``, a character class
    of every character such a match may start with; group 1 is the match itself.

    Why: Python's regex engine searches a pattern that opens with a plain character class by
    skipping along the text with a table look-up per character; a pattern that opens with a
    lookaround ("\\b", "(?<!\\d)", a guard "(?=[...])") is instead entered at every character.
    Here the class is consumed first and the whole of ``source`` is then matched from the same
    position inside a one-character lookbehind. Matches may overlap: ``leftmost_spans`` keeps
    those that ``finditer`` over ``source`` would give.

    A class that tests a category ("\\d") is widened to its ASCII characters and every other
    character: a category costs a look-up in the Unicode tables at each character of the text,
    a class of plain characters a bit test, and outside ASCII (rare in most text) the lookbehind
    decides as before.
    """
    return regex_store.cached_compile(_plain_class(first) + r"(?<=(?=(" + source + r"))[\s\S])")


def _plain_class(klass: str) -> str:
    """``klass``, or when it tests a category, its ASCII characters and all others."""
    if not re.search(r"\\[dDsSwW]", klass):
        return klass
    test = re.compile(klass)
    ascii_chars = "".join(_class_escape(c) for c in map(chr, range(128)) if test.match(c))
    return "[" + ascii_chars + "\x80-\U0010ffff]"


class WordStarts:
    """Where matches of ``\\b(?:source)`` begin, ``source`` matching only word characters first
    (each character of ``first``, a character class, is a word character).

    Why not ``skip_ahead``: its class of first letters holds half of all letters, and at each the
    engine entered the lookbehind only to find no word boundary there. Here the search skips to
    the characters that may stand before a word (all but ASCII letters, digits and "_"; those
    outside ASCII that are word characters fail at the boundary), and tries ``source`` after
    them; the start of the text is tried apart."""

    __slots__ = ("after", "at_start")

    def __init__(self, source: str, first: str):
        inner = r"(?=(\b(?:" + source + r")))"
        self.after = regex_store.cached_compile(r"[^a-zA-Z0-9_](?=" + first + ")" + inner)
        self.at_start = regex_store.cached_compile(inner)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """The spans ``re.finditer`` over ``\\b(?:source)`` would give (leftmost, not overlapping)."""
        out: list[tuple[int, int]] = []
        last = -1
        m = self.at_start.match(text)
        if m:
            out.append(m.span(1))
            last = m.end(1)
        for m in self.after.finditer(text):
            span = m.span(1)
            if span[0] >= last:
                out.append(span)
                last = span[1]
        return out


def leftmost_spans(rx: re.Pattern, text: str) -> list[tuple[int, int]]:
    """The spans of ``source`` in ``text`` that ``re.finditer`` would give (leftmost, not
    overlapping), from a ``skip_ahead`` pattern; assumes ``source`` never matches empty."""
    out: list[tuple[int, int]] = []
    last = -1
    for m in rx.finditer(text):
        span = m.span(1)
        if span[0] >= last:
            out.append(span)
            last = span[1]
    return out


def phrase_pattern(phrases: Iterable[str]) -> str:
    """Like ``trie_pattern`` but any run of spaces in a phrase matches any run of white space.

    Built as a trie too: a rule file's thousands of entity names and cue phrases compile in a few
    milliseconds this way, where a flat alternation takes a noticeable part of a second.
    """
    parts = {" ".join(p.split()) for p in phrases if p and p.strip()}
    if not parts:
        return "(?!)"
    return trie_pattern(parts).replace(SPACE_MARK, r"\s+")


#: how ``trie_pattern`` writes a space; ``phrase_pattern`` turns it into "any white space"
SPACE_MARK = re.escape(" ")
