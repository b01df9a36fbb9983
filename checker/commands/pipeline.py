"""The per-document half of ``check``, ``claims`` and ``baseline``: load, scan, build claims.

Each document is turned into a ``DocumentRecord``: plain data (its claims, their end
positions, its report metadata, its suppression markers and warnings) that does not hold the
document's text. That is what makes the three ways of producing it interchangeable:

- in this process (``--jobs 1``, a single document, standard input);
- in worker processes (``--jobs N``): each worker reads, scans and builds the documents it is
  given and sends records back; they come back in input order, so reports are byte-identical
  to a one-process run;
- from the result cache (``checker.commands.result_cache``), keyed by the file's bytes, its
  path, the options that change claims, the rule files and factlint's own code.

Only records are kept for the whole run, never documents, so memory grows with the number of
claims, not with the size of the corpus. The checks, which compare documents, run afterwards
on all the claims together.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from checker.claims.model import Claim, Period


@dataclass(slots=True)
class DocumentRecord:
    """What ``check`` keeps of one document (or the one-line error that replaced it)."""

    path: str
    lang: str = "en"
    published: str | None = None
    #: ``published`` is the date assumed for an undated document, not its own
    assumed_published: bool = False
    warnings: list[str] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    ends: list[tuple[int, int]] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    latest_date: str | None = None
    markers: list[tuple[int, int, str, tuple[str, ...]]] = field(default_factory=list)
    marker_problems: list[str] = field(default_factory=list)
    #: a one-line load error ("a.txt: binary file ..."): the record has nothing else
    error: str | None = None
    #: an unexpected failure while building claims: "TypeName: message"
    internal_error: str | None = None

    # -- plain data, for the cache and for worker processes -------------------------------
    def to_json(self) -> dict:
        return {
            "path": self.path, "lang": self.lang, "published": self.published,
            "assumed_published": self.assumed_published, "warnings": self.warnings,
            "claims": [claim_to_json(c) for c in self.claims], "ends": [list(e) for e in self.ends],
            "meta": self.meta, "latest_date": self.latest_date,
            "markers": [[line, col, action, list(sel)] for line, col, action, sel in self.markers],
            "marker_problems": self.marker_problems, "error": self.error, "internal_error": self.internal_error,
        }

    @classmethod
    def from_json(cls, data: dict) -> DocumentRecord:
        """The record ``to_json`` wrote; raises (KeyError, TypeError, ValueError) on anything else."""
        published = data["published"]
        return cls(
            path=_text(data["path"]), lang=_text(data["lang"]), published=published,
            assumed_published=bool(data["assumed_published"]),
            warnings=[_text(w) for w in data["warnings"]],
            claims=[claim_from_json(c, data["path"], published) for c in data["claims"]],
            ends=[(int(line), int(col)) for line, col in data["ends"]],
            meta=dict(data["meta"]), latest_date=data["latest_date"],
            markers=[(int(line), int(col), _text(action), tuple(_text(s) for s in sel))
                     for line, col, action, sel in data["markers"]],
            marker_problems=[_text(p) for p in data["marker_problems"]],
            error=data["error"], internal_error=data["internal_error"],
        )


def _text(value) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return value


_CLAIM_FIELDS = ("id", "metric", "subject", "unit", "qualifier", "stance", "attribution", "lang",
                 "start", "end", "line", "column", "quote", "sentence", "why")


def claim_to_json(c: Claim) -> dict:
    out = {name: getattr(c, name) for name in _CLAIM_FIELDS}
    out["value"] = list(c.value) if isinstance(c.value, tuple) else c.value
    out["period"] = [c.period.kind, c.period.start, c.period.end]
    return out


def claim_from_json(data: dict, doc: str, published: str | None) -> Claim:
    value = data["value"]
    kind, start, end = data["period"]
    return Claim(
        value=tuple(value) if isinstance(value, list) else value,
        period=Period(kind, start, end), doc=doc,
        published=date.fromisoformat(published) if published else None,
        **{name: data[name] for name in _CLAIM_FIELDS},
    )


@dataclass(frozen=True, slots=True)
class RecordOptions:
    """What, besides the file and the rules, changes a document's record."""

    lang: str | None = None
    #: publication date given to undated documents (``undated = "assume-published"``)
    assume_published: date | None = None
    #: read suppression markers (not needed by ``claims``)
    markers: bool = True

    def key(self) -> str:
        return f"lang={self.lang};assume={self.assume_published};markers={self.markers}"


def build_record(path: str, data: bytes, builder, options: RecordOptions) -> DocumentRecord:
    """Load one file's bytes and build its record (load errors become ``record.error``)."""
    from checker.claims.model import claim_end
    from checker.document import LoadError
    from checker.document.loader import try_load
    from checker.document.model import document_meta
    from checker.report.paths import display_path

    shown = display_path(path)
    doc = try_load(path, lang=options.lang, data=data)
    if isinstance(doc, LoadError):
        return DocumentRecord(path=shown, error=str(doc))
    doc.path = shown
    record = DocumentRecord(path=shown, lang=doc.lang, warnings=list(doc.warnings))
    if doc.published is None and options.assume_published is not None:
        doc.published = options.assume_published
        record.assumed_published = True
    record.published = doc.published.isoformat() if doc.published else None
    try:
        built = builder.build(doc, reasons=False)
    except Exception as err:  # noqa: BLE001 - a bug in factlint must not lose the other documents
        record.internal_error = f"{type(err).__name__}: {err}"
        return record
    record.claims = list(built.claims)
    record.ends = [claim_end(doc, c) for c in built.claims]
    record.meta = document_meta(doc)
    record.latest_date = built.latest_date
    if options.markers:
        from checker.suppress import document_markers

        markers, problems = document_markers(doc)
        record.markers = [(m.line, m.column, m.action, tuple(m.selectors)) for m in markers]
        record.marker_problems = list(problems)
    return record


class LazyBuilder:
    """A ``ClaimBuilder`` made on first use: a re-check served wholly from the result cache
    never imports the scanner and the claim patterns (a few hundredths of a second)."""

    def __init__(self, rules) -> None:
        self.rules = rules
        self._builder = None

    def build(self, doc, mentions=None, *, reasons: bool = True):
        if self._builder is None:
            from checker.claims.builder import ClaimBuilder

            self._builder = ClaimBuilder(self.rules)
        return self._builder.build(doc, mentions, reasons=reasons)


# -- running it over many documents ----------------------------------------------------------

_WORKER: dict = {}


def _worker_init(rule_paths: list[str], options: RecordOptions, cache_dir: str | None,
                 index_file: str | None) -> None:
    if _WORKER.get("builder") is not None:
        return  # forked: the parent's warm claim builder (rules, phrase tables) came along
    from pathlib import Path

    from checker.claims.builder import ClaimBuilder
    from checker.commands.result_cache import ResultCache
    from checker.rule_set_cache import load_rules_cached

    rules = load_rules_cached(rule_paths)
    cache = ResultCache.open(cache_dir, rules, options) if cache_dir else None
    if cache is not None and index_file is not None:
        cache.index_file = Path(index_file)  # notes only: the parent reads and writes the index
    _WORKER.update(builder=ClaimBuilder(rules), options=options, cache=cache)


def _worker_record(path: str) -> tuple[dict, list | None]:
    """The record of ``path`` and what the parent's stat index should note of the file."""
    cache = _WORKER["cache"]
    record = record_for(path, _WORKER["builder"], _WORKER["options"], cache)
    return record.to_json(), cache.take_note(record.path) if cache is not None else None


def record_for(path: str, builder, options: RecordOptions, cache) -> DocumentRecord:
    """The record of the file at ``path``: from the cache when it holds one (``_cached``), else
    built from its bytes and stored."""
    if cache is None:
        from checker.document.loader import read_source
        from checker.document.model import LoadError
        from checker.report.paths import display_path

        try:
            data = read_source(path)
        except LoadError as err:
            return DocumentRecord(path=display_path(path), error=str(err))
        return build_record(path, data, builder, options)
    record, read = _cached(path, cache)
    if record is not None:
        return record
    if read.error is not None:
        return DocumentRecord(path=read.shown, error=str(read.error))
    record = build_record(path, read.data, builder, options)
    if record.error is None and record.internal_error is None:  # (errors are reported again next run)
        record_json = record.to_json()
        cache.put(read.shown, read.digest, record_json)
        cache.note(read.shown, read.stamp, read.digest, record_json)
    return record


def records(paths: Iterable[str | object], builder, options: RecordOptions, *, jobs: int = 1,
            explicit_jobs: bool = False, cache=None,
            rule_paths: list[str] | None = None) -> Iterator[DocumentRecord | object]:
    """A record for each file path, in order; other items (load errors) are passed through.

    With ``jobs`` > 1 and enough input to be worth it (``parallel.worth_parallel``), records the
    cache's stat index vouches for are served by this process (an unchanged corpus starts no
    workers) and the others are read (or found in the cache by their bytes) by
    ``parallel.spread``: the first one here (it loads its language's patterns), the rest shared
    between this process and ``jobs - 1`` workers forked from it (where the platform cannot
    fork, by ``jobs`` spawned workers). When every record has been given, the
    cache's stat index is saved (``ResultCache.save_index``)."""
    from checker.commands.parallel import in_order, spread, worth_parallel

    items = list(paths)  # paths only: a few bytes each, never the documents' text
    files = [p for p in items if isinstance(p, str)]
    parallel = rule_paths is not None and worth_parallel(files, jobs, explicit_jobs)
    ready: dict[int, DocumentRecord] = {}  # position in ``items`` -> record read from the cache
    if parallel and cache is not None:
        # by the stat index alone (one stat per file): the others are looked up by their bytes
        # where they are read, by a worker or here (``record_for``), not all here first
        ready = {i: rec for i, item in enumerate(items) if isinstance(item, str)
                 for rec in [_indexed(item, cache)] if rec is not None}
    todo = [item for i, item in enumerate(items) if isinstance(item, str) and i not in ready]
    if not parallel or not worth_parallel(todo, jobs, explicit_jobs):
        yield from in_order(items, ready, (record_for(p, builder, options, cache) for p in todo))
        if cache is not None:
            cache.save_index()
        return
    # forked workers start with this process's builder, rules and cache, warmed by the first
    # document (``spread``); spawned ones (no fork on the platform) build their own in
    # ``_worker_init``
    _WORKER.update(builder=builder, options=options, cache=cache)
    cache_dir = str(cache.folder) if cache is not None else None
    index_file = str(cache.index_file) if cache is not None and cache.index_file is not None else None
    try:
        done = spread(lambda path: record_for(path, builder, options, cache), _worker_record, todo, jobs,
                      _worker_init, (rule_paths, options, cache_dir, index_file))
        yield from in_order(items, ready, (d if local else _adopt(cache, *d) for local, d in done))
    finally:
        _WORKER.clear()
    if cache is not None:
        cache.save_index()


def _adopt(cache, record_json: dict, note: list | None) -> DocumentRecord:
    """A worker's record, noted in this process's stat index."""
    record = DocumentRecord.from_json(record_json)
    if cache is not None and note is not None:
        cache.adopt(record.path, note, record_json)
    return record


@dataclass
class _Read:
    """What ``_cached`` learnt of a file it found no record for: the path the record cites, the
    stat data, and the bytes with their digest (or why they could not be read)."""

    shown: str
    stamp: tuple | None
    data: bytes = b""
    digest: str = ""
    error: Exception | None = None


def _indexed(path: str, cache) -> DocumentRecord | None:
    """The record the stat index vouches for (the file is not read), or None."""
    from checker.machine_cache import stamp_of
    from checker.report.paths import display_path

    return cache.indexed(display_path(path), stamp_of(path))


def _cached(path: str, cache) -> tuple[DocumentRecord | None, _Read]:
    """The cached record of ``path`` (by the stat index, else by its bytes) or None, and what was
    read of the file on the way.

    The file is stat-ed before it is read (so the stat data the index keeps are never newer
    than the bytes they vouch for) and not read at all when the index vouches for it."""
    from checker.commands.result_cache import content_digest
    from checker.machine_cache import stamp_of
    from checker.report.paths import display_path

    read = _Read(display_path(path), stamp_of(path))
    hit = cache.indexed(read.shown, read.stamp)
    if hit is not None:
        return hit, read
    from checker.document.loader import read_source
    from checker.document.model import LoadError

    try:
        read.data = read_source(path)
    except LoadError as err:
        read.error = err
        return None, read
    read.digest = content_digest(read.data)
    hit = cache.indexed(read.shown, read.stamp, read.digest)
    if hit is None:
        hit = cache.get(read.shown, read.digest)
        if hit is not None:
            cache.note(read.shown, read.stamp, read.digest, hit.to_json())
    return hit, read
