"""Errors in rule files: one exception that says where, shows the line, and says what was expected.

A rule author is not a programmer, so an error must point at the spot (file, line, column, the
line itself and a caret under the column) and say in plain words what should have been there.
Syntax errors (from the grammar) and semantic errors (from the loader: unknown names, duplicates,
unreadable files) use the same exception so that callers handle one thing.
"""

from __future__ import annotations

import bisect
import re

from .model import Position

from checker.regex_store import cached_compile


class RuleError(Exception):
    """A rule file that cannot be loaded.

    ``file``, ``line`` and ``column`` are 1-based; ``line`` and ``column`` are ``None`` only when
    the problem has no position (a path given to the loader that does not exist).
    ``str(error)`` is three lines: ``file:line:column: message``, the offending line, a caret.
    ``headline`` is the first of them alone, for one-line reports.
    ``dead_check`` is true for the errors of a check that can never fire (``rules lint``).
    """

    dead_check: bool = False

    def __init__(
        self,
        message: str,
        file: str,
        line: int | None = None,
        column: int | None = None,
        source_line: str = "",
        expected: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.source_line = source_line
        #: what the grammar expected at the position, when the error is a syntax error
        self.expected = expected
        super().__init__(self.render())

    @property
    def position(self) -> Position | None:
        if self.line is None or self.column is None:
            return None
        return Position(self.file, self.line, self.column)

    @property
    def headline(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.message}"

    @property
    def caret(self) -> str:
        """Spaces (tabs where the line has tabs, so that it lines up) and a ``^`` under the column."""
        if self.column is None:
            return ""
        prefix = self.source_line[: self.column - 1]
        return "".join("\t" if ch == "\t" else " " for ch in prefix) + "^"

    def render(self) -> str:
        if self.line is None:
            return self.headline
        return f"{self.headline}\n  {_printable(self.source_line)}\n  {self.caret}"

    def __reduce__(self):  # keep the fields when pickled (multiprocessing, pytest-xdist)
        return (
            type(self),
            (self.message, self.file, self.line, self.column, self.source_line, self.expected),
        )


#: control characters (but tab) that would drive the terminal showing an error: "\x1b[2J"
#: clears the screen; each is shown as U+FFFD, one character for one, so the caret lines up
_CONTROLS = cached_compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def _printable(line: str) -> str:
    return _CONTROLS.sub("\ufffd", line)


class SourceText:
    """A rule file's text with a line index, to turn character offsets into positions."""

    def __init__(self, text: str, file: str) -> None:
        self.text = text
        self.file = file
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, loc: int) -> Position:
        loc = max(0, min(loc, len(self.text)))
        index = bisect.bisect_right(self._starts, loc) - 1
        return Position(self.file, index + 1, loc - self._starts[index] + 1)

    def line_start(self, line: int) -> int:
        """The character offset where a 1-based line starts (clamped to the text)."""
        line = max(1, min(line, len(self._starts)))
        return self._starts[line - 1]

    def line_text(self, line: int) -> str:
        start = self._starts[line - 1]
        end = self.text.find("\n", start)
        return self.text[start:] if end < 0 else self.text[start:end].rstrip("\r")

    def error(self, loc: int, message: str, expected: str | None = None) -> RuleError:
        pos = self.position(loc)
        return RuleError(message, self.file, pos.line, pos.column, self.line_text(pos.line), expected)


def error_at(pos: Position | None, message: str, lines: dict[str, SourceText] | None = None) -> RuleError:
    """A semantic error at a recorded position; ``lines`` maps file names to their text."""
    if pos is None:
        return RuleError(message, "<rules>")
    source = (lines or {}).get(pos.file)
    line_text = source.line_text(pos.line) if source is not None else ""
    return RuleError(message, pos.file, pos.line, pos.column, line_text)
