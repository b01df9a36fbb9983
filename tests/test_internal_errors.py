"""A bug hit by one document must not lose the others: one line naming the file, exit 2."""

from __future__ import annotations

import types

from checker.commands.inputs import InputTracker
from checker.commands.pipeline import RecordOptions


class Builder:
    """Builds no claims, and fails on the document that mentions "boom"."""

    def build(self, doc, mentions=None, *, reasons=True):
        if "boom" in doc.text:
            raise ZeroDivisionError("division by zero")
        return types.SimpleNamespace(claims=[], latest_date=None)


def test_an_exception_in_one_document_is_one_line_and_the_others_are_read(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name, text in (("a.md", "Spending rose 5% in 2024."), ("b.md", "boom 3%"), ("c.md", "It fell 2%.")):
        (tmp_path / name).write_text(text, encoding="utf-8")
    tracker = InputTracker()
    args = types.SimpleNamespace(paths=["a.md", "b.md", "c.md"], exclude=None)
    read = [r.path for r in tracker.records(args, Builder(), RecordOptions(lang="en"), jobs=1)]
    assert read == ["a.md", "c.md"]
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["b.md: internal error while reading its figures: ZeroDivisionError: division by zero (please report it)"]
    assert tracker.failed == 1 and tracker.loaded == 2
