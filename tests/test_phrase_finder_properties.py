"""The claim builder's phrase finder: its fast path on ASCII text finds what its regex finds.

``_Phrases.find`` searches a lowercased copy of ASCII text with a case-sensitive pattern (the
``ascii_gate``) instead of the case-insensitive regex: the same phrases at the same offsets
with the same values, for any text, window and mix of cases."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.claims.builder import _phrases

#: lower-case phrases as rule files write cues: prefixes of each other, several words, ending or
#: starting in a non-letter, one non-ASCII (never found in ASCII text)
PHRASES = ["defence", "defence spending", "defence spending target", "spend", "spending", "gdp",
           "% of gdp", "u.s.", "u.s. officials", "nato", "nato allies", "per cent", "dépenses"]
WORDS = PHRASES + ["the", "of", "a", "s", "defences", "gdpx", "2", "5%", "u.s", "natos", "allies"]
SEPARATORS = [" ", "  ", "\n", ", ", "-", "", ".", "'", "(", "_", "3"]


def _cased(word: str, pattern: list[bool]) -> str:
    return "".join(c.upper() if pattern[i % len(pattern)] else c for i, c in enumerate(word))


texts = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS),
                           st.lists(st.booleans(), min_size=1, max_size=4)), max_size=12).map(
    lambda parts: "".join(_cased(w, case) + sep for w, sep, case in parts))

FINDER = _phrases({p: f"value of {p}" for p in PHRASES})
PLAIN = dataclasses.replace(FINDER, ascii_gate=None)


@settings(max_examples=400, deadline=None)
@given(texts, st.integers(0, 80), st.integers(0, 80))
def test_the_fast_path_finds_what_the_regex_finds(text, a, b):
    start, end = min(a, b, len(text)), min(max(a, b), len(text))
    assert FINDER.ascii_gate is not None and FINDER.lower
    assert list(FINDER.find(text, start, end)) == list(PLAIN.find(text, start, end))


def test_phrases_that_differ_only_in_case_keep_the_regex_path():
    # "Defence" and "defence spending": the regex takes the upper-case branch first and stops at
    # "defence"; a lowercased trie would merge them and find "defence spending"
    finder = _phrases({"Defence": "short", "defence spending": "long"})
    assert not finder.lower
    assert [v for _, _, v in finder.find("defence spending")] == ["short"]


def test_a_phrase_that_starts_where_the_last_one_ended_is_found():
    # the fast path consumes the character before a phrase: here it is the last one's "."
    found = list(FINDER.find("U.S.% of GDP"))
    assert found == [(0, 4, "value of u.s."), (4, 12, "value of % of gdp")]
    assert found == list(PLAIN.find("U.S.% of GDP"))
