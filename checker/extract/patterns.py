"""Build fast regular expressions from word lists.

Python's ``re`` tries the branches of an alternation one after another, so a pattern made of
hundreds of words joined by ``|`` is slow on long text. ``trie_pattern`` factors the words into
a trie first ("million|milliard" -> "milli(?:on|ard)"), which keeps one scan over the text cheap.
"""

from __future__ import annotations

import re
from typing import Iterable


def trie_pattern(words: Iterable[str]) -> str:
    """A regex source matching any of ``words`` (longest match first at each branch)."""
    trie: dict = {}
    # the trie is emitted recursively, one level per character: very long words go apart
    long_words = []
    for word in words:
        if not word:
            continue
        if len(word) > MAX_TRIE_DEPTH:
            long_words.append(word)
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = True
    body = _emit(trie) if trie else "(?!)"
    if long_words:
        alts = "|".join(re.escape(w) for w in sorted(set(long_words), key=lambda w: (-len(w), w)))
        body = "(?:" + alts + "|" + body + ")"
    return body


MAX_TRIE_DEPTH = 200


def _emit(node: dict) -> str:
    end = "" in node
    branches = []
    singles = []
    for ch in sorted(k for k in node if k):
        child = node[ch]
        sub = _emit(child)
        if sub == "" and ch != " ":
            singles.append(ch)
        else:
            branches.append(re.escape(ch) + sub)
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
