"""Colour for terminal tables: only on a terminal, never when ``NO_COLOR`` is set (no-color.org).

Escape codes in a file, a CI log parser or a pipe to ``grep`` are noise, so colour is decided per
output stream, and only the severity column is painted: the eye finds the errors, the rest of
the table stays plain text for copying.
"""

from __future__ import annotations

import os
from typing import Mapping, TextIO

#: SGR codes per severity: bold red, yellow, cyan
_CODES = {"error": "1;31", "warning": "33", "info": "36"}


def use_color(stream: TextIO, env: Mapping[str, str] | None = None) -> bool:
    """Colour on ``stream``? Only a terminal, not ``TERM=dumb``, and no non-empty ``NO_COLOR``."""
    env = os.environ if env is None else env
    if env.get("NO_COLOR"):
        return False
    if env.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (ValueError, OSError):  # a closed or detached stream
        return False


def paint_severity(severity: str) -> str:
    code = _CODES.get(severity)
    return f"\x1b[{code}m{severity}\x1b[0m" if code else severity
