"""What the caller supplies to the checks besides claims and rules, and the reference-table loader.

The checks never read the clock, the working directory's layout or the environment: anything
that depends on where the rule file lives or on the corpus as a whole comes in here, so tests
can inject it (Duckling's test context).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable


class CheckError(ValueError):
    """A check that cannot run: bad params, unreadable reference file. One line, names the place."""


@dataclass(slots=True)
class ReferenceTable:
    """A CSV of known values: its path (for messages), header and rows with their file lines."""

    path: str
    columns: list[str]
    rows: list[dict[str, str]]
    lines: list[int]


def load_reference_csv(path: str | Path) -> ReferenceTable:
    """Read a reference CSV (UTF-8, header row); errors name the file and line.

    A row with more cells than the header has the extra ones joined into its last column: real
    files carry unquoted commas in a trailing URL (the NATO table's last row does). A row with
    fewer cells is an error.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise CheckError(f"{p}: cannot read reference file: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise CheckError(f"{p}: reference file is not UTF-8 ({exc.reason} at byte {exc.start})") from None
    import csv  # (here: the commands that only need CheckError do not import it)

    reader = csv.reader(text.splitlines())
    try:
        header = next(reader)
    except StopIteration:
        raise CheckError(f"{p}:1: reference file is empty (expected a header row)") from None
    header = [h.strip() for h in header]
    rows: list[dict[str, str]] = []
    lines: list[int] = []
    for line_no, record in enumerate(reader, start=2):
        if not record or all(not cell.strip() for cell in record):
            continue
        if len(record) > len(header):
            # an unquoted comma in the last column (a URL, a note): keep it in that column
            record = record[:len(header) - 1] + [",".join(record[len(header) - 1:])]
        if len(record) != len(header):
            raise CheckError(
                f"{p}:{line_no}: expected {len(header)} columns ({', '.join(header)}), found {len(record)}")
        rows.append({h: cell.strip() for h, cell in zip(header, record)})
        lines.append(line_no)
    return ReferenceTable(str(p), header, rows, lines)


def make_reference_loader(base_dir: str | Path | None = None) -> Callable[[str], ReferenceTable]:
    """A loader resolving relative paths against ``base_dir`` (the rule file's folder), cached."""
    cache: dict[Path, ReferenceTable] = {}

    def load(path: str) -> ReferenceTable:
        p = Path(path)
        if not p.is_absolute() and base_dir is not None:
            p = Path(base_dir) / p
        if p not in cache:
            cache[p] = load_reference_csv(p)
        return cache[p]

    return load


@dataclass(slots=True)
class CheckContext:
    """Corpus-level facts the checks need.

    undated_anchor: document -> the latest ISO date it mentions; claims of an undated document
        with no time of their own are ordered after that date (change, stale).
    reference_loader: reads the ``file`` of a reference check (the CLI resolves it against the
        rule file's folder); defaults to paths relative to the working directory.
    aliases: entity name -> other names it goes by, for matching reference-table subjects
        (the rule set's entity names are added automatically).
    max_pairs_per_group: at most this many conflict findings per (metric, subject, time,
        stance) group; beyond it one summary finding says how many were left out.
    """

    undated_anchor: dict[str, str] = field(default_factory=dict)
    reference_loader: Callable[[str], ReferenceTable] = field(default_factory=make_reference_loader)
    aliases: dict[str, list[str]] = field(default_factory=dict)
    max_pairs_per_group: int = 200
