"""A bug hit by one document must not lose the others: one line naming the file, exit 2."""

from __future__ import annotations

import types

from checker.commands.inputs import InputTracker


def test_guarded_turns_an_exception_into_one_line_and_goes_on(capsys):
    tracker = InputTracker()
    doc = types.SimpleNamespace(path="a.md")

    def boom(_):
        raise ZeroDivisionError("division by zero")

    assert tracker.guarded(doc, boom) is None
    assert tracker.guarded(doc, lambda d: 42) == 42
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["a.md: internal error while reading its figures: ZeroDivisionError: division by zero (please report it)"]
    assert tracker.failed == 1
