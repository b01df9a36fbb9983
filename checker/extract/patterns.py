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

    def spans(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """The spans ``re.finditer`` over ``\\b(?:source)`` would give (leftmost, not overlapping);
        with ``start`` and ``end``, those that begin in ``text[start:end]`` (the words are read
        in the whole text: a word may run on past ``end``)."""
        out: list[tuple[int, int]] = []
        last = -1
        if start == 0:
            m = self.at_start.match(text)
            if m:
                out.append(m.span(1))
                last = m.end(1)
        for m in self.after.finditer(text, start - 1 if start else 0):
            span = m.span(1)
            if end is not None and span[0] >= end:
                break
            if span[0] >= last:
                out.append(span)
                last = span[1]
        return out


def leftmost_spans(rx: re.Pattern, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The spans of ``source`` in ``text`` that ``re.finditer`` would give (leftmost, not
    overlapping), from a ``skip_ahead`` pattern; assumes ``source`` never matches empty. With
    ``start`` and ``end``, those that begin in ``text[start:end]`` (searched in the whole text:
    the look-arounds see past both ends)."""
    out: list[tuple[int, int]] = []
    last = -1
    for m in rx.finditer(text, start):
        span = m.span(1)
        if end is not None and span[0] >= end:
            break
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


def spelled_case(source: str, flags: int = 0) -> tuple[str, int]:
    """``source`` and ``flags`` rewritten without ``re.IGNORECASE``: the same matches, each cased
    character spelled out in every case it matches ("m" -> "[Mm]", ``timex_patterns.caseless``),
    both where ``flags`` asks for case-blindness and inside "(?i:...)".

    Why: Python's regex engine skips a branch whose first item is a plain character or class
    with one test, but enters every branch of a case-insensitive alternation: a trie of unit
    names or scale words was walked into at each of its first letters, at every number.

    Kept between runs (``regex_store.remembered``). Where the source holds something this
    reader does not rewrite exactly (a back-reference, a range or a category beside cased
    letters in a class, a global inline flag, verbose mode), it is returned unchanged."""
    if not flags & re.IGNORECASE and "(?i" not in source:
        return source, flags
    got = regex_store.remembered("spelled-case", (source, int(flags)), lambda: _spell_case(source, flags))
    if not isinstance(got, tuple):      # (the reader gave up: keep the case-blind source)
        return source, flags
    return got[0], got[1]


#: an inline flag group: "(?i:", "(?-i:", "(?s:" (one that sets flags for the rest, "(?i)", ends in ")")
_FLAG_GROUP = regex_store.cached_compile(r"\(\?([aiLmsux]*)(?:-([imsx]*))?([:)])")
#: a quantifier in braces ("{1,3}"); any other "{" is a plain character
_BRACES = regex_store.cached_compile(r"\{\d*(?:,\d*)?\}")
#: the length of an escape: "\\u00a0", "\\x41", "\\U0001f600"; others are two characters
_ESCAPE_LENGTH = {"u": 6, "x": 4, "U": 10}


def _escape_at(source: str, i: int) -> str | None:
    """The escape starting at ``source[i]`` ("\\"), or None for one the rewrite cannot keep as
    it is (a back-reference, an octal or a named character, a lone backslash at the end)."""
    nxt = source[i + 1:i + 2]
    if nxt.isdigit() or nxt == "N" or nxt == "":
        return None
    return source[i:i + _ESCAPE_LENGTH.get(nxt, 2)]


def _spell_case(source: str, flags: int) -> tuple[str, int] | None:
    """``spelled_case``'s work; None where it gives up."""
    from checker.extract.timex_patterns import caseless

    blind = [bool(flags & re.IGNORECASE)]      # case-blind or not, per open group
    out: list[str] = []
    i, n = 0, len(source)
    while i < n:
        c = source[i]
        if c == "\\":
            token = _escape_at(source, i)
            if token is None:
                return None
            out.append(token)
            i += len(token)
        elif c == "[":
            end, klass = _spell_class(source, i, blind[-1], caseless)
            if klass is None:
                return None
            out.append(klass)
            i = end
        elif c == "(":
            if not source.startswith("(?", i):
                blind.append(blind[-1])
                out.append(c)
                i += 1
            elif source[i + 2:i + 3] in (":", "=", "!") or source[i + 2:i + 4] in ("<=", "<!"):
                blind.append(blind[-1])
                size = 3 if source[i + 2] != "<" else 4
                out.append(source[i:i + size])
                i += size
            elif source.startswith("(?P<", i):
                close = source.index(">", i)
                blind.append(blind[-1])
                out.append(source[i:close + 1])
                i = close + 1
            else:
                fm = _FLAG_GROUP.match(source, i)
                if not fm or fm.group(3) == ")" or "x" in fm.group(1) or "x" in (fm.group(2) or ""):
                    return None
                on, off = fm.group(1), fm.group(2) or ""
                blind.append(True if "i" in on else False if "i" in off else blind[-1])
                on, off = on.replace("i", ""), off.replace("i", "")
                out.append("(?" + on + ("-" + off if off else "") + ":")
                i = fm.end()
        elif c == ")":
            blind.pop()
            out.append(c)
            i += 1
        elif c == "{" and (braces := _BRACES.match(source, i)):
            out.append(braces.group())
            i = braces.end()
        elif c in "|?*+.^$":
            out.append(c)
            i += 1
        else:
            if blind[-1] and _cased(c):
                if not c.isalpha():
                    return None     # (a cased symbol, "Ⓐ": not among the letters ``caseless`` knows)
                out.append(caseless(c))
            else:
                out.append(c)
            i += 1
    if len(blind) != 1:
        return None
    return "".join(out), int(flags & ~re.IGNORECASE)   # (an int: marshal cannot keep a RegexFlag)


def _cased(c: str) -> bool:
    """Whether ``re.IGNORECASE`` can match ``c`` with another character (as the engine decides)."""
    return c.lower() != c or c.upper() != c or c.casefold() != c or c.isalpha()


def _spell_class(source: str, i: int, blind: bool, caseless) -> tuple[int, str | None]:
    """The class opening at ``source[i]`` ("[") spelled without case-blindness: (its end, the
    class, or None where that cannot be done exactly)."""
    j = i + 1
    head = "["
    if source.startswith("^", j):
        head += "^"
        j += 1
    items: list[str] = []
    cased_items = False
    other_items = False
    first = True
    while True:
        if j >= len(source):
            return j, None
        c = source[j]
        if c == "]" and not first:
            j += 1
            break
        first = False
        if c == "\\":
            token = _escape_at(source, j)
            if token is None:
                return j, None
            nxt, size = token[1], len(token)
            j += size
            char = token[1] if size == 2 and not nxt.isalpha() else (chr(int(token[2:], 16)) if size > 2 else None)
            if char is None:
                other_items = True      # a category ("\s", "\w", "\d")
                items.append(token)
                continue
        else:
            token, char = c, c
            j += 1
        if source.startswith("-", j) and not source.startswith("-]", j):
            # a range: kept as it is where it holds no cased character
            k = j + 1
            if source[k] == "\\":
                nxt = source[k + 1]
                size = _ESCAPE_LENGTH.get(nxt, 2)
                hi_token = source[k:k + size]
                hi = hi_token[1] if size == 2 else chr(int(hi_token[2:], 16))
            else:
                size, hi_token, hi = 1, source[k], source[k]
            if blind and any(_cased(chr(x)) for x in range(ord(char), ord(hi) + 1)):
                return j, None
            other_items = True
            items.append(token + "-" + hi_token)
            j = k + size
            continue
        if blind and _cased(char):
            if not char.isalpha():
                return j, None
            cased_items = True
            spelled = caseless(char)
            items.append(spelled[1:-1] if spelled.startswith("[") else spelled)
        else:
            items.append(token)
    if cased_items and other_items:
        return j, None      # (case-blind, the engine tests categories and ranges on the lower-case character)
    return j, head + "".join(items) + "]"


def compile_spelled(source: str, flags: int = 0) -> re.Pattern:
    """``regex_store.cached_compile`` of ``source`` with its case-blind parts spelled out
    (``spelled_case``): the same matches, a cheaper search."""
    return regex_store.cached_compile(*spelled_case(source, flags))
