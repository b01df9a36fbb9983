"""Text made safe for a terminal: control characters shown, never obeyed.

Why: file names and article text come from anywhere. A name or a quote holding ESC sequences
("\\x1b]0;...\\a" sets the window title, "\\x1b[2J" clears the screen), a carriage return that
overwrites the start of a line, or a right-to-left override ("\\u202e") that reverses what
follows would let an input rewrite what an editor or a CI log shows. Human-readable output
(tables, warnings, errors) passes every piece of input through ``printable``; machine formats
(JSON, SARIF, JUnit, HTML) have escaping of their own and carry the text unchanged.
"""

from __future__ import annotations

import re

from checker.regex_store import cached_compile

#: C0 controls but tab and newline, DEL, C1 controls, and the bidirectional formatting controls
_UNSAFE = cached_compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every control character written as an escape (``\\x1b``, ``\\u202e``)."""
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text


def printable_line(text: str) -> str:
    """``printable`` for one line of a message: a newline inside it is shown too."""
    return printable(text).replace("\n", "\\n")
