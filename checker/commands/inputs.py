"""Reading the documents a command was given, reporting load errors as one-liners."""

from __future__ import annotations

import sys
from typing import Iterable, Iterator

from checker.report.terminal import printable_line


class InputTracker:
    """Streams documents and remembers whether any input failed (exit code 2 at the end).

    Document paths are rewritten relative to the working directory (``./a.md`` and
    ``/abs/path/a.md`` both become ``a.md``), so that every report, baseline and annotation names
    a file the same way whatever the user typed.
    """

    def __init__(self) -> None:
        self.failed = 0
        self.loaded = 0
        self.skipped = 0

    def documents(self, args, *, exclude: Iterable[str] | None = None, lang: str | None = None,
                  languages: Iterable[str] | None = None) -> Iterator:
        """Documents of ``args.paths``; ``exclude``/``lang`` default to the ``args`` ones.

        ``languages``: documents in another language are skipped with a warning.
        """
        from checker.document import LoadError, iter_documents
        from checker.report.paths import display_path

        exclude = list(args.exclude or []) if exclude is None else list(exclude)
        lang = getattr(args, "lang", None) if lang is None else lang
        allowed = set(languages) if languages is not None else None
        for item in iter_documents(args.paths, lang=lang, exclude=exclude):
            if isinstance(item, LoadError):
                self.failed += 1
                print(printable_line(f"{item}"), file=sys.stderr)
                continue
            item.path = display_path(item.path)
            for warning in item.warnings:
                print(printable_line(f"{item.path}: warning: {warning}"), file=sys.stderr)
            if allowed is not None and item.lang not in allowed:
                self.skipped += 1
                print(printable_line(f"{item.path}: warning: language {item.lang!r} is not among the configured "
                                     f"languages ({', '.join(sorted(allowed))}); skipped"), file=sys.stderr)
                continue
            self.loaded += 1
            yield item

    def records(self, args, builder, options, *, exclude: Iterable[str] | None = None,
                languages: Iterable[str] | None = None, jobs: int | None = None, cache=None,
                rule_paths: list[str] | None = None) -> Iterator:
        """``DocumentRecord``s of ``args.paths`` (``checker.commands.pipeline``), in order, with
        the same one-line errors, warnings and language filter as ``documents``."""
        from checker.commands.parallel import default_jobs
        from checker.commands.pipeline import records
        from checker.document import LoadError
        from checker.document.loader import iter_paths

        exclude = list(args.exclude or []) if exclude is None else list(exclude)
        allowed = set(languages) if languages is not None else None
        paths = list(iter_paths(args.paths, exclude))
        explicit = jobs is not None
        jobs = default_jobs() if jobs is None else jobs
        if "-" in paths:
            jobs = 1  # standard input is read by this process
        for item in records(paths, builder, options, jobs=jobs, explicit_jobs=explicit, cache=cache,
                            rule_paths=rule_paths):
            if isinstance(item, LoadError):
                self.failed += 1
                print(printable_line(f"{item}"), file=sys.stderr)
                continue
            if item.error is not None:
                self.failed += 1
                print(printable_line(item.error), file=sys.stderr)
                continue
            for warning in item.warnings:
                print(printable_line(f"{item.path}: warning: {warning}"), file=sys.stderr)
            if allowed is not None and item.lang not in allowed:
                self.skipped += 1
                print(printable_line(f"{item.path}: warning: language {item.lang!r} is not among the configured "
                                     f"languages ({', '.join(sorted(allowed))}); skipped"), file=sys.stderr)
                continue
            if item.internal_error is not None:
                self.failed += 1
                print(printable_line(f"{item.path}: internal error while reading its figures: {item.internal_error}"
                                     " (please report it)"), file=sys.stderr)
                continue
            self.loaded += 1
            yield item
