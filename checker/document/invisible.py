"""Invisible format characters next to digits: zero-width spaces, joiners and bidi controls.

"2\u200b000" shows as "2000" but is two numbers to any program, and a bidi override
(U+202E) makes "4\u202e5 %" show in another order than it is stored (the "Trojan Source"
trick). An article that has them, by accident of a CMS or on purpose, may have its figures
read differently from what a reader sees, so the loader warns and says where.
"""

from __future__ import annotations

import unicodedata

from checker.regex_store import cached_compile

# Non-ASCII characters that are neither letters, digits nor white space; the tests below keep
# the format characters (Cf) among them that touch a digit. (A pattern that is one character
# class lets the regex engine skip ahead to the next such character; lookarounds around it
# made it try every position of the text. The engine tests the class's items in order, so the
# ASCII range, which settles most characters of a text with one comparison, comes first:
# listed after the Unicode categories it made the scan three times slower.)
_ODD = cached_compile(r"[^\x00-\x7f\w\s]")


#: the class scan below runs only on slices of this many characters that are not all ASCII
_CHUNK = 1024


def invisible_near_digits(text: str) -> list[tuple[int, str]]:
    """(offset, character) of every format character (Unicode category Cf) touching a digit.

    A news text in a Latin script has a few non-ASCII characters (quotes, accents), and a
    slice of it knows whether it is ASCII as it is made (a fast copy): testing each character
    against ``_ODD`` cost more than the rest of loading, so only slices that are not ASCII are
    scanned. (``_ODD`` is one character class, so a match never spans two slices.)
    """
    if text.isascii():
        return []
    last = len(text) - 1
    found = []
    for chunk_start in range(0, len(text), _CHUNK):
        chunk_end = chunk_start + _CHUNK
        if text[chunk_start:chunk_end].isascii():
            continue
        for m in _ODD.finditer(text, chunk_start, chunk_end):
            at = m.start()
            if ((at > 0 and text[at - 1].isdecimal()) or (at < last and text[at + 1].isdecimal())) \
                    and unicodedata.category(m.group()) == "Cf":
                found.append((at, m.group()))
    return found


def describe(found: list[tuple[int, str]], line_col) -> str:
    """One warning for a document's ``found`` characters; ``line_col`` maps an offset to a position."""
    offset, char = found[0]
    line, column = line_col(offset)
    name = unicodedata.name(char, "format character")
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    return (f"invisible character U+{ord(char):04X} ({name}) next to a digit at line {line}, "
            f"column {column}{more}: the number around it may be read in pieces or shown in "
            "another order than it is stored")
