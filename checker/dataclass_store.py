"""The methods ``dataclasses`` writes for factlint's record classes, compiled once per machine.

Why: ``@dataclass`` writes the source of each class's ``__init__``, ``__repr__``, ``__eq__``
(and more) and compiles it when the class is created, at every start. A run that reads
documents creates about fifty record classes: 200 such compilations, 25-30 ms of a one-article
run of about 120 ms, all of it before ``--jobs`` workers can share the work. The sources are
the same at every start, so their compiled code is kept here, in the machine cache folder
(``checker.machine_cache``), keyed by the source text itself: a changed class writes another
source, which is compiled and added.

How: ``dataclasses`` compiles with the built-in ``exec``, looked up in its module's globals
first; ``install`` puts ``store_exec`` there, which gives ``exec`` the code compiled earlier
for the same text (compiled as ``exec`` compiles it: file ``<string>``, no ``__future__``
flags of the caller). Everything else ``dataclasses`` does is untouched, and with no cache
folder, a damaged or foreign file, or an entry that is not code, the text is compiled as
before: the store can make a start faster, never different.

Trust: the file holds code objects, which run: the machine cache folder is trusted like the
configuration (docs/security.md), as for the rule-set pickles kept next to it.
"""

from __future__ import annotations

import builtins
import marshal
import os
import sys
from types import CodeType

#: entries kept at most; past it the file keeps only what the last run used
MAX_ENTRIES = 2000

_table: dict[str, CodeType] | None = None
_used: set[str] = set()
_added = False


def install() -> None:
    """Route the compiling of ``dataclasses``' generated methods through the store (idempotent;
    classes made before this are not affected).

    ``dataclasses`` is not imported here (with ``inspect``, about 7 ms): when it is not loaded
    yet, a finder put first on ``sys.meta_path`` patches it as it is imported, so a command that
    makes no record class (a report replayed by the memo) never loads it."""
    module = sys.modules.get("dataclasses")
    if module is not None:
        module.exec = store_exec
    elif _PatchOnImport not in sys.meta_path:
        sys.meta_path.insert(0, _PatchOnImport)


class _PatchOnImport:
    """A meta path finder for ``dataclasses`` alone: finds it as the path finder does and patches
    the module once its code has run (then leaves ``sys.meta_path``)."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name != "dataclasses":
            return None
        from importlib.machinery import PathFinder

        sys.meta_path[:] = [finder for finder in sys.meta_path if finder is not _PatchOnImport]
        spec = PathFinder.find_spec(name, path, target)
        loader = getattr(spec, "loader", None)
        if loader is None or not hasattr(loader, "exec_module"):
            return spec
        run = loader.exec_module

        def exec_module(module):
            run(module)
            module.exec = store_exec

        loader.exec_module = exec_module
        return spec


def store_exec(source, globals=None, locals=None):
    """``exec(source, globals, locals)``, with ``source`` text compiled once per machine."""
    global _added
    if isinstance(source, str):
        table = _load()
        code = table.get(source)
        if type(code) is not CodeType:
            code = compile(source, "<string>", "exec", dont_inherit=True)
            table[source] = code
            if not _added and _path() is not None:
                import atexit

                atexit.register(save)
            _added = True
        _used.add(source)
        source = code
    return builtins.exec(source, globals, locals)


def _path() -> str | None:
    from checker.machine_cache import cache_dir

    folder = cache_dir()
    if folder is None:
        return None
    # code objects are read back only by the Python that wrote them (its bytecode's version)
    version = f"{sys.implementation.cache_tag}-{sys.hexversion:x}"
    return os.path.join(folder, f"dataclass-code-{version}.marshal")


def _load() -> dict[str, CodeType]:
    global _table
    if _table is None:
        _table = {}
        path = _path()
        if path is not None:
            try:
                with open(path, "rb") as handle:
                    value = marshal.loads(handle.read())
                if isinstance(value, dict):
                    _table = value
            except (OSError, ValueError, EOFError, TypeError):
                pass  # missing or damaged: compiled afresh and written again
    return _table


def save() -> None:
    """Write the table back if this run added to it (at exit; forked workers never do)."""
    global _added
    path = _path()
    if not _added or path is None or _table is None:
        return
    table = _table if len(_table) <= MAX_ENTRIES else {s: _table[s] for s in _used}
    from pathlib import Path

    from checker.machine_cache import write_atomic

    try:
        data = marshal.dumps(table)
    except ValueError:
        return
    if write_atomic(Path(path), data):
        _added = False
