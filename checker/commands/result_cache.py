"""The result cache: a document's record (its claims, markers, metadata) kept between runs.

Re-checking an archive where one article changed should cost one article. Each entry is the
JSON of a ``DocumentRecord``, stored under a key made of:

- the file's bytes (sha256) and the path the record cites (relative to the working
  directory, as reports show it);
- the options that change a record (``--lang``, the date assumed for undated documents,
  whether suppression markers are read);
- the rule files that make claims: their names and bytes (a changed rule file changes every
  key, since any document may hold a claim for any metric of it);
- factlint itself: its version and a stamp of its code and language files (name, size and
  modification time of each), so that an upgrade or an edited language file never serves
  stale claims.

On top of the entries, each command line (working directory, paths, exclusions) has a *stat
index* (``index/*.idx``), as git has: for every file of the last run, its device, inode, size,
modification and change times, the sha256 of its bytes and its record. A file whose stat data
all match is not read at all, so an unchanged corpus costs one ``stat`` per file and one read
of the index instead of a read, a hash and an entry per file. The index is only trusted where
stat data can tell: an entry whose file changed less than ``RACY_NS`` before the run that
wrote it began (the "racy git" problem: an edit in the same timestamp tick, same size, would
keep every stat field) is checked by hashing the file's bytes instead. The change time
(ctime) cannot be set back by tools that preserve modification times (tar, rsync, touch), and
any new inode (an editor's save by rename) or size also tells.

Why JSON, and why outside the project by default: an entry is data that is parsed and checked,
never code (no pickle); and a cache inside the repository could be committed by anyone who
can open a pull request, with made-up claims that hide a conflict. The default folder is the
user cache directory (``$FACTLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/factlint``, else
``~/.cache/factlint``), subfolder ``results``; ``--cache-dir`` moves it, ``--no-cache``
turns it off. A damaged entry or index is ignored and rewritten; both are written atomically
(a temporary file renamed into place), so concurrent runs and worker processes share the
folder (when two runs write one index, the last one wins: every version of it is correct).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from checker.commands.pipeline import DocumentRecord, RecordOptions
from checker.rule_set_cache import rules_fingerprint
from checker.machine_cache import RACY_NS, Stamp, cache_dir as default_cache_root, code_stamp, write_atomic

#: bump when the entry or index layout changes
FORMAT = 2
#: an index not written for this long belongs to a command line no longer used: deleted
INDEX_MAX_AGE_S = 30 * 24 * 3600
INDEX_SUFFIX = ".idx"
#: marks the folder as a cache for backup and archiving tools (https://bford.info/cachedir/)
CACHEDIR_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# factlint's result cache (see https://bford.info/cachedir/)\n"



def default_folder() -> Path | None:
    root = default_cache_root()
    return root / "results" if root is not None else None


def content_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class ResultCache:
    """Records by (file bytes, path, options, rules, factlint), and the stat index of a command line."""

    def __init__(self, folder: Path, run_key: str):
        self.folder = folder
        self.run_key = run_key
        #: files changed after this instant are indexed as racy (see ``RACY_NS``)
        self.started_ns = time.time_ns()
        self.index_file: Path | None = None
        #: the index as read: shown path -> [dev, ino, size, mtime_ns, ctime_ns, digest, trusted, record JSON]
        self._indexed: dict[str, list] = {}
        #: what this run saw: shown path -> entry to write (the read one when unchanged)
        self._seen: dict[str, list] = {}
        self._changed = False
        self._key = ""
        self._prepared = False

    @classmethod
    def open(cls, folder: str | Path | None, rules, options: RecordOptions) -> ResultCache | None:
        """The cache in ``folder`` (None: the default folder), or None when it is turned off."""
        path = Path(folder) if folder is not None else default_folder()
        if path is None:
            return None
        run_key = f"{FORMAT}|{code_stamp()}|{rules_fingerprint(rules)}|{options.key()}"
        return cls(path, run_key)

    # -- entries: one JSON file per (bytes, path, run key) ----------------------------------
    def _entry(self, shown: str, digest: str) -> Path:
        key = hashlib.sha256(self.run_key.encode("utf-8", "surrogateescape"))
        key.update(b"\0" + shown.encode("utf-8", "surrogateescape") + b"\0" + digest.encode("ascii"))
        name = key.hexdigest()
        return self.folder / name[:2] / f"{name[2:]}.json"

    def get(self, shown: str, digest: str) -> DocumentRecord | None:
        """The stored record of the file shown as ``shown`` whose bytes have ``digest``."""
        entry = self._entry(shown, digest)
        try:
            record = DocumentRecord.from_json(json.loads(entry.read_text("utf-8")))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # missing, damaged or from another layout: rebuilt and rewritten
        return record if record.path == shown else None

    def _prepare(self) -> None:
        """Before the first write of a run: the folder, tagged as a cache (``CACHEDIR.TAG``, so
        backups skip it) and ignored by git (a ``--cache-dir`` inside a repository must not be
        committed: see docs/security.md)."""
        if self._prepared:
            return
        self._prepared = True
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return
        for name, text in (("CACHEDIR.TAG", CACHEDIR_TAG), (".gitignore", "# created by factlint\n*\n")):
            path = self.folder / name
            if not path.exists():
                try:
                    path.write_text(text, "utf-8")
                except OSError:
                    pass

    def put(self, shown: str, digest: str, record_json: dict) -> None:
        """Store a record (``DocumentRecord.to_json``)."""
        self._prepare()
        write_atomic(self._entry(shown, digest), json.dumps(record_json, ensure_ascii=False, default=str).encode("utf-8"))

    # -- the stat index of one command line -------------------------------------------------
    def use_index(self, parts: list[str]) -> None:
        """Read the index of the command line made of ``parts`` (working directory, paths,
        exclusions). A damaged or foreign index is ignored (and rewritten by ``save_index``)."""
        key = hashlib.sha256("\0".join([self.run_key, *parts]).encode("utf-8", "surrogateescape")).hexdigest()
        self.index_file = self.folder / "index" / f"{key}{INDEX_SUFFIX}"
        self._key = key
        try:
            data = json.loads(self.index_file.read_bytes())
            if data.get("key") != key or not isinstance(data.get("files"), dict):
                return
            self._indexed = data["files"]
        except (OSError, ValueError, AttributeError):
            self._indexed = {}

    def indexed(self, shown: str, stamp: Stamp | None, digest: str | None = None) -> DocumentRecord | None:
        """The indexed record of ``shown`` when its stat data are unchanged and trusted, or (given
        the ``digest`` of the bytes just read) when its bytes are unchanged."""
        if stamp is None or self.index_file is None:
            return None
        entry = self._indexed.get(shown)
        try:
            if entry is None or len(entry) != 8:
                return None
            same_bytes = digest is not None and entry[5] == digest
            if not same_bytes and not (entry[6] is True and stamp == tuple(entry[:5])):
                return None
            record = DocumentRecord.from_json(entry[7])
        except (ValueError, KeyError, TypeError, AttributeError):
            return None  # a damaged index entry: the file is read as if it were not indexed
        if record.path != shown:
            return None
        if same_bytes:
            self.note(shown, stamp, digest, entry[7])
        else:
            self._seen[shown] = entry
        return record

    def note(self, shown: str, stamp: Stamp | None, digest: str, record_json: dict) -> None:
        """Index ``shown``: read with stat data ``stamp`` (taken before its bytes were read),
        bytes of ``digest``, record ``record_json``."""
        if stamp is None or self.index_file is None:
            return
        trusted = max(stamp[3], stamp[4]) < self.started_ns - RACY_NS
        entry = [*stamp, digest, trusted, record_json]
        if self._indexed.get(shown) != entry:
            self._changed = True
        self._seen[shown] = entry

    def take_note(self, shown: str) -> list | None:
        """What ``note`` recorded of ``shown`` but its record (a worker sends it to the parent,
        which has the record already); forgotten here."""
        entry = self._seen.pop(shown, None)
        return entry[:7] if entry is not None else None

    def adopt(self, shown: str, note: list, record_json: dict) -> None:
        """A worker's ``take_note`` for ``shown``, with its record, into this index."""
        entry = [*note, record_json]
        if self._indexed.get(shown) != entry:
            self._changed = True
        self._seen[shown] = entry

    def save_index(self) -> None:
        """Write the index of this run's files when anything differs from the one read (a file
        indexed but not seen this run has been deleted or excluded: it is dropped)."""
        if self.index_file is None:
            return
        if not self._changed and self._seen.keys() == self._indexed.keys():
            return
        self._prepare()
        text = json.dumps({"key": self._key, "files": self._seen}, ensure_ascii=False, default=str,
                          separators=(",", ":"))
        write_atomic(self.index_file, text.encode("utf-8"))
        self._indexed, self._changed = dict(self._seen), False
        _prune_indexes(self.index_file.parent, keep=self.index_file)


def _prune_indexes(folder: Path, keep: Path) -> None:
    """Delete indexes of command lines not run for ``INDEX_MAX_AGE_S`` (they would only grow)."""
    limit = time.time() - INDEX_MAX_AGE_S
    try:
        with os.scandir(folder) as found:
            for item in found:
                if item.name.endswith(INDEX_SUFFIX) and item.path != str(keep):
                    try:
                        if item.stat().st_mtime < limit:
                            os.unlink(item.path)
                    except OSError:
                        pass
    except OSError:
        pass
