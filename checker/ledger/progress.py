"""A progress line for long ingests: documents done (of how many), claims found, rate.

Written to standard error and only when it is a terminal: logs, pipes and CI output stay
clean. The line is redrawn in place (carriage return) at most every ``interval`` seconds and
cleared at the end.
"""

from __future__ import annotations

import fnmatch
import os
import time
from typing import Iterable, TextIO

from checker.document.loader import format_for

BAR_WIDTH = 24


def count_inputs(paths: Iterable[str], exclude: Iterable[str] = ()) -> int:
    """How many files ``iter_documents`` will read (the same walk: known extensions, no hidden
    entries, exclusion globs on names and paths), for the bar's total. Cheap: no file is read."""
    patterns = list(exclude)

    def excluded(path: str) -> bool:
        name = os.path.basename(path.rstrip(os.sep)) or path
        full = path.replace(os.sep, "/")
        return any(fnmatch.fnmatchcase(name, p) or fnmatch.fnmatchcase(full, p) for p in patterns)

    total = 0
    for given in paths:
        if given == "-" or excluded(given):
            total += given == "-"
            continue
        if os.path.isfile(given):
            total += 1
            continue
        for folder, dirs, files in os.walk(given, followlinks=True):
            dirs[:] = [d for d in dirs if not d.startswith(".") and not excluded(os.path.join(folder, d))]
            total += sum(1 for f in files if not f.startswith(".") and format_for(f)
                         and not excluded(os.path.join(folder, f)))
    return total


class Progress:
    """``update(documents, claims)`` after each document; ``close()`` at the end."""

    def __init__(self, stream: TextIO, total: int | None = None, enabled: bool | None = None,
                 interval: float = 0.1, label: str = "ingest"):
        if enabled is None:
            try:
                enabled = stream.isatty()
            except (AttributeError, ValueError):
                enabled = False
        self.stream = stream
        self.enabled = enabled
        self.total = total
        self.interval = interval
        self.label = label
        self.started = time.monotonic()
        self._last = 0.0
        self._width = 0

    def line(self, documents: int, claims: int) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = documents / elapsed
        if self.total:
            total = max(self.total, documents)
            filled = int(BAR_WIDTH * documents / total)
            bar = "[" + "#" * filled + "-" * (BAR_WIDTH - filled) + "]"
            head = f"{self.label} {bar} {documents}/{total} documents"
        else:
            head = f"{self.label}: {documents} documents"
        return f"{head}, {claims} claims, {rate:.1f} documents/s"

    def update(self, documents: int, claims: int, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < self.interval:
            return
        self._last = now
        text = self.line(documents, claims)
        pad = max(self._width - len(text), 0)
        self._width = len(text)
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0
