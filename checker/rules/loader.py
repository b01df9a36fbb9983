"""Loading rule files: read them, follow their includes, and hand the statements to the resolver.

This module is the only place the rule language touches the file system: top files and
directories given by the caller, included ``.rules`` files, and the data files of reference
checks (``read_beside``). Includes are relative to the including file, loaded once each, may not
form a cycle, and, like data files, must stay inside the rules root (the directory of the top
file) unless ``allow_outside=True``. What the statements mean is ``checker.rules.resolve``'s
business. A rule construct never runs code.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass

from .errors import RuleError, SourceText, error_at
from .grammar import parse
from .model import Entity, Example, Position, RuleSet
from .resolve import Resolver
from .syntax import IncludeStmt, Name, Statement

RULES_SUFFIX = ".rules"


@dataclass(slots=True)
class _FileInfo:
    display: str          # the path as shown in messages
    real: str             # its real path
    root: str             # the real path of its rules root


@dataclass(slots=True)
class _Located:
    stmt: Statement
    info: _FileInfo


def _inside(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([path, root]) == root
    except ValueError:  # different drives
        return False


def _not_utf8(data: bytes, exc: UnicodeDecodeError, path: str) -> RuleError:
    """The error for a rule file that is not UTF-8, at the line and column of the first bad byte.

    The column counts the line's characters before the byte (its valid UTF-8 decoded), so the
    caret lands under the spot an editor shows.
    """
    start = exc.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
    line_start = data.rfind(b"\n", 0, start) + 1
    line_end = data.find(b"\n", start)
    before = data[line_start:start].decode("utf-8", "replace")
    shown = data[line_start:None if line_end < 0 else line_end].decode("utf-8", "replace").rstrip("\r")
    return RuleError(f"not UTF-8 text ({exc.reason}: byte 0x{data[start]:02x}); save the file as UTF-8",
                     path, data.count(b"\n", 0, start) + 1, len(before) + 1, shown)


def _special(path: str) -> bool:
    """Is ``path`` an existing file that is not a regular one? Opening a FIFO would wait forever."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False  # missing or unreadable: open() says so
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


class _Loader:
    """Reads the files of one load; ``build`` resolves what they say into a RuleSet."""

    def __init__(self, allow_outside: bool, dead_checks: list[RuleError] | None = None) -> None:
        self.allow_outside = allow_outside
        self.dead_checks = dead_checks
        self.sources: dict[str, SourceText] = {}
        self.statements: list[_Located] = []
        self.loaded: dict[str, str] = {}      # real path -> display path
        self.files: list[str] = []
        self.read_paths: list[str] = []  # real paths of every file read (for the rule-set cache)

    # ---- reading and includes -----------------------------------------------------------

    def err(self, pos: Position | None, message: str) -> RuleError:
        return error_at(pos, message, self.sources)

    def load_text(self, text: str, info: _FileInfo, stack: list[str]) -> None:
        self.sources[info.display] = SourceText(text, info.display)
        self.loaded[info.real] = info.display
        self.files.append(info.display)
        for stmt in parse(text, info.display):
            if isinstance(stmt, IncludeStmt):
                self.include(stmt.path, info, stack + [info.real])
            else:
                self.statements.append(_Located(stmt, info))

    def include(self, path: Name, parent: _FileInfo, stack: list[str]) -> None:
        written = path.text
        if not written.endswith(RULES_SUFFIX):
            raise self.err(path.pos, f"an included file must be a rule file ending in {RULES_SUFFIX}: {written!r}")
        try:
            real = os.path.realpath(os.path.join(os.path.dirname(parent.real), written))
        except (OSError, ValueError) as exc:
            raise self.err(path.pos, f"cannot use {written!r} as a file name ({exc})") from None
        if not self.allow_outside and not _inside(real, parent.root):
            raise self.err(
                path.pos,
                f"{written!r} is outside the rules directory {parent.root} "
                "(load with allow_outside=True to allow it)",
            )
        if real in stack:
            chain = [self.loaded.get(r, r) for r in stack[stack.index(real):]] + [self.loaded.get(real, real)]
            raise self.err(path.pos, "include cycle: " + " -> ".join(chain))
        if real in self.loaded:
            return  # already loaded through another include: load each file once
        display = os.path.normpath(os.path.join(os.path.dirname(parent.display), written))
        text = self.read(real, written, path.pos)
        self.load_text(text, _FileInfo(display, real, parent.root), stack)

    def read_beside(self, name: Name, info: _FileInfo) -> tuple[str, str, str]:
        """Read a data file named in a rule file: (real path, display path, text).

        The name is relative to the rule file and must stay inside the rules root unless
        ``allow_outside``; this is the only way the rules read a file other than a rule file.
        """
        written = name.text
        try:
            real = os.path.realpath(os.path.join(os.path.dirname(info.real), written))
        except (OSError, ValueError) as exc:
            raise self.err(name.pos, f"cannot use {written!r} as a file name ({exc})") from None
        if not self.allow_outside and not _inside(real, info.root):
            raise self.err(
                name.pos,
                f"{written!r} is outside the rules directory {info.root} (load with allow_outside=True to allow it)",
            )
        display = os.path.normpath(os.path.join(os.path.dirname(info.display), written))
        return real, display, self.read(real, written, name.pos)

    def read(self, real: str, written: str, pos: Position | None) -> str:
        if _special(real):
            raise self.err(pos, f"cannot read {written!r}: not a regular file (a pipe, socket or device)")
        try:
            with open(real, "rb") as handle:
                data = handle.read()
            self.read_paths.append(real)
        except FileNotFoundError:
            raise self.err(pos, f"cannot read {written!r}: no such file") from None
        except (OSError, ValueError) as exc:
            raise self.err(pos, f"cannot read {written!r}: {getattr(exc, 'strerror', None) or exc}") from None
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise self.err(pos, f"cannot read {written!r}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None

    def load_path(self, path: str) -> None:
        if os.path.isdir(path):
            root = os.path.realpath(path)
            names = sorted(n for n in os.listdir(path) if n.endswith(RULES_SUFFIX))
            for name in names:
                full = os.path.join(path, name)
                self.load_top(full, root)
        else:
            self.load_top(path, os.path.realpath(os.path.dirname(os.path.abspath(path))))

    def load_top(self, path: str, root: str) -> None:
        real = os.path.realpath(path)
        if real in self.loaded:
            return
        if not path.endswith(RULES_SUFFIX):
            raise RuleError(f"not a rule file (the name must end in {RULES_SUFFIX})", path)
        if _special(real):
            raise RuleError("not a regular file (a pipe, socket or device)", path)
        try:
            with open(real, "rb") as handle:
                data = handle.read()
            self.read_paths.append(real)
        except OSError as exc:
            raise RuleError(f"cannot read the rule file: {exc.strerror or exc}", path) from None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise _not_utf8(data, exc, path) from None
        self.load_text(text, _FileInfo(path, real, root), [])

    # ---- building the rule set ----------------------------------------------------------

    def build(self) -> RuleSet:
        rules = Resolver(self).build()
        rules.read_paths = list(dict.fromkeys(self.read_paths))
        return rules


# --------------------------------------------------------------------------------------------
# Public entry points
# --------------------------------------------------------------------------------------------


def load_rules(paths: list[str] | str, allow_outside: bool = False,
               dead_checks: list[RuleError] | None = None) -> RuleSet:
    """Load rule files and directories (a directory loads its ``*.rules``, sorted) into one set.

    Each top file's directory (or the directory given) is the rules root its includes and
    reference files must stay inside, unless ``allow_outside`` is true. A file reached twice
    (included by two files, or given and included) is loaded once.

    ``dead_checks``: a list to collect checks that can never fire (a sum over metrics of
    different kinds, bounds that allow nothing, ...) instead of raising; they are left out of
    the rule set. ``factlint rules lint`` uses it to report every such check at once.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    loader = _Loader(allow_outside, dead_checks)
    for path in paths:
        path = os.fspath(path)
        if not os.path.exists(path):
            raise RuleError("no such rule file or directory", path)
        loader.load_path(path)
    return loader.build()


def parse_rules_text(text: str, filename: str = "<rules>", allow_outside: bool = False) -> RuleSet:
    """Load rules from text as if it were the file ``filename`` (includes resolve beside it)."""
    loader = _Loader(allow_outside)
    try:
        real = os.path.realpath(os.path.abspath(filename))
        root = os.path.dirname(real)
    except (OSError, ValueError):
        real, root = filename, os.getcwd()
    loader.load_text(text, _FileInfo(filename, real, root), [])
    return loader.build()


def find_entity(rules: RuleSet, name: str) -> Entity | None:
    """The entity a text names: canonical name, code (DE, DEU), or a unique alias in any language."""
    if name in rules.entities:
        return rules.entities[name]
    found = [e for e in rules.entities.values() if name in e.codes]
    if not found:
        found = [e for e in rules.entities.values() if any(name in ns for ns in e.names.values())]
    return found[0] if len(found) == 1 else None


def examples_by_metric(rules: RuleSet) -> dict[str, list[Example]]:
    """metric name -> the examples whose expected claims name it (every metric is a key)."""
    out: dict[str, list[Example]] = {name: [] for name in rules.metrics}
    for example in rules.examples:
        for claim in example.expected:
            if example not in out[claim.metric]:
                out[claim.metric].append(example)
    return out
