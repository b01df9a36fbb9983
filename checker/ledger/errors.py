"""Errors of the ledger: one line each, naming the ledger file and what to do next.

``LedgerError`` is a ``ValueError`` so that commands which already report bad input as
``factlint: error: ...`` with exit code 2 report ledger problems the same way.
"""

from __future__ import annotations


class LedgerError(ValueError):
    """The ledger cannot be used: wrong file, newer schema, unreadable. The message is one line."""


class LedgerCorrupt(LedgerError):
    """The file is damaged or is not a database. Never reset silently: the message names
    ``factlint ledger recover``, which moves the file aside and rebuilds it."""

    def __init__(self, path: str, detail: str):
        self.path = path
        self.detail = detail
        super().__init__(
            f"{path}: the ledger is damaged ({detail}); nothing was changed. Run "
            f"'factlint ledger recover --ledger {path}' to move it aside and rebuild it from the "
            f"documents it names, or move it away and run 'factlint ingest PATH...' again")


class LedgerBusy(LedgerError):
    """Another process held the write lock for longer than the busy timeout."""

    def __init__(self, path: str, seconds: float):
        super().__init__(f"{path}: the ledger stayed locked by another factlint process for "
                         f"{seconds:g} s; try again when it has finished")
