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

    def fail(self, message: str) -> None:
        """One input failed: its one-line error, and exit code 2 at the end."""
        self.failed += 1
        print(printable_line(message), file=sys.stderr)

    def internal_error(self, path: str, detail: str) -> None:
        """A bug hit while reading one document's figures: one line naming it."""
        self.fail(f"{path}: internal error while reading its figures: {detail} (please report it)")

    def admit(self, path: str, lang: str, warnings: Iterable[str], allowed: set[str] | None) -> bool:
        """Print a loaded document's warnings; whether its language is among ``allowed``."""
        for warning in warnings:
            print(printable_line(f"{path}: warning: {warning}"), file=sys.stderr)
        if allowed is not None and lang not in allowed:
            self.skipped += 1
            print(printable_line(f"{path}: warning: language {lang!r} is not among the configured "
                                 f"languages ({', '.join(sorted(allowed))}); skipped"), file=sys.stderr)
            return False
        return True

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
                self.fail(f"{item}")
                continue
            item.path = display_path(item.path)
            if self.admit(item.path, item.lang, item.warnings, allowed):
                self.loaded += 1
                yield item

    def records(self, args, builder, options, *, exclude: Iterable[str] | None = None,
                languages: Iterable[str] | None = None, jobs: int | None = None, cache=None,
                rule_paths: list[str] | None = None) -> Iterator:
        """``DocumentRecord``s of ``args.paths`` (``checker.commands.pipeline``), in order, with
        the same one-line errors, warnings and language filter as ``documents``."""
        from checker.commands.parallel import default_jobs
        from checker.commands.pipeline import records
        from checker.commands.report_memo import note_paths
        from checker.document import LoadError
        from checker.document.loader import iter_paths

        exclude = list(args.exclude or []) if exclude is None else list(exclude)
        allowed = set(languages) if languages is not None else None
        paths = list(iter_paths(args.paths, exclude))
        note_paths(paths)  # what a memoised report depends on (``report_memo``)
        explicit = jobs is not None
        jobs = default_jobs() if jobs is None else jobs
        if "-" in paths:
            jobs = 1  # standard input is read by this process
        if cache is not None:  # one stat index per command line (see result_cache)
            import os

            cache.use_index([os.getcwd(), *args.paths, "\0", *exclude])
        for item in records(paths, builder, options, jobs=jobs, explicit_jobs=explicit, cache=cache,
                            rule_paths=rule_paths):
            if isinstance(item, LoadError):
                self.fail(f"{item}")
            elif item.error is not None:
                self.fail(item.error)
            elif not self.admit(item.path, item.lang, item.warnings, allowed):
                continue
            elif item.internal_error is not None:
                self.internal_error(item.path, item.internal_error)
            else:
                self.loaded += 1
                yield item
