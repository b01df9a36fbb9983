"""Reading the documents a command was given, reporting load errors as one-liners."""

from __future__ import annotations

import sys
from typing import Iterator


class InputTracker:
    """Streams documents and remembers whether any input failed (exit code 2 at the end)."""

    def __init__(self) -> None:
        self.failed = 0
        self.loaded = 0

    def documents(self, args) -> Iterator:
        from checker.document import LoadError, iter_documents

        for item in iter_documents(args.paths, lang=args.lang, exclude=args.exclude):
            if isinstance(item, LoadError):
                self.failed += 1
                print(f"{item}", file=sys.stderr)
                continue
            for warning in item.warnings:
                print(f"{item.path}: warning: {warning}", file=sys.stderr)
            self.loaded += 1
            yield item
