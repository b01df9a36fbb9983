"""The result cache: a document's record (its claims, markers, metadata) kept between runs.

Re-checking an archive where one article changed should cost one article. Each entry is the
JSON of a ``DocumentRecord``, stored under a key made of:

- the file's bytes (sha256) and its path (claims cite the path);
- the options that change a record (``--lang``, the date assumed for undated documents,
  whether suppression markers are read);
- the rule files that make claims: their names and bytes (a changed rule file changes every
  key, since any document may hold a claim for any metric of it);
- factlint itself: its version and a stamp of its code and language files (name, size and
  modification time of each), so that an upgrade or an edited language file never serves
  stale claims.

Why JSON, and why outside the project by default: an entry is data that is parsed and checked,
never code (no pickle); and a cache inside the repository could be committed by anyone who
can open a pull request, with made-up claims that hide a conflict. The default folder is the
user cache directory (``$FACTLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/factlint``, else
``~/.cache/factlint``), subfolder ``results``; ``--cache-dir`` moves it, ``--no-cache``
turns it off. A damaged entry is ignored and rewritten; entries are written atomically (a
temporary file renamed into place), so concurrent runs and worker processes share the folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from checker.commands.pipeline import DocumentRecord, RecordOptions
from checker.rule_set_cache import rules_fingerprint
from checker.machine_cache import cache_dir as default_cache_root, code_stamp

#: bump when the entry layout changes
FORMAT = 1


def default_folder() -> Path | None:
    root = default_cache_root()
    return root / "results" if root is not None else None


class ResultCache:
    """Records by (file bytes, path, options, rules, factlint)."""

    def __init__(self, folder: Path, run_key: str):
        self.folder = folder
        self.run_key = run_key

    @classmethod
    def open(cls, folder: str | Path | None, rules, options: RecordOptions) -> ResultCache | None:
        """The cache in ``folder`` (None: the default folder), or None when it is turned off."""
        path = Path(folder) if folder is not None else default_folder()
        if path is None:
            return None
        run_key = f"{FORMAT}|{code_stamp()}|{rules_fingerprint(rules)}|{options.key()}"
        return cls(path, run_key)

    def _entry(self, path: str, data: bytes) -> Path:
        digest = hashlib.sha256(self.run_key.encode("utf-8", "surrogateescape"))
        digest.update(b"\0" + path.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(hashlib.sha256(data).digest())
        name = digest.hexdigest()
        return self.folder / name[:2] / f"{name[2:]}.json"

    def get(self, path: str, data: bytes) -> DocumentRecord | None:
        entry = self._entry(path, data)
        try:
            record = DocumentRecord.from_json(json.loads(entry.read_text("utf-8")))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # missing, damaged or from another layout: rebuilt and rewritten
        return record

    def put(self, path: str, data: bytes, record: DocumentRecord) -> None:
        entry = self._entry(path, data)
        text = json.dumps(record.to_json(), ensure_ascii=False, default=str)
        tmp = None
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=entry.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(tmp, entry)
        except OSError:  # a read-only or full disk: the run goes on without caching
            if tmp is not None:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
