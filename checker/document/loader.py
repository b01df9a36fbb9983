"""Loading articles from files, folders and stdin into ``Document`` records.

A run over a folder of articles must not stop at the first bad file and must not hold every
article in memory: ``iter_documents`` is a generator that yields one ``Document`` (or one
``LoadError``) per file, walking folders depth-first in sorted order, following symbolic links
but never entering a directory twice (so a link loop ends), and reading each file only when
its turn comes.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import re
import sys
from collections.abc import Iterable, Iterator

from checker.document.decode import decode
from checker.document.model import Document, LoadError, line_starts
from checker.regex_store import cached_compile

#: file extensions read from folders, and the format each one means
EXTENSIONS = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
STDIN = "-"

_HTML_START = cached_compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                         re.IGNORECASE | re.DOTALL)
_FRONT_MATTER_START = cached_compile(r"\A---[ \t]*(?:\r\n|\r|\n)")
_HEADING = cached_compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


def format_for(path: str) -> str | None:
    """The format a file name's extension stands for, or ``None``."""
    return EXTENSIONS.get(os.path.splitext(path)[1].lower())


def sniff_format(text: str) -> str:
    """The format of text with no telling file name (stdin): HTML, Markdown with front matter, or text."""
    if _HTML_START.match(text):
        return "html"
    if _FRONT_MATTER_START.match(text):
        return "md"
    return "txt"


def _first_heading(body: str) -> re.Match[str] | None:
    """The first Markdown heading line of ``body`` (``_HEADING.search(body)``).

    Tried only where a line starts with "#", found with ``str.find``: the search tried the
    pattern at every position of the text, and an article has few lines and fewer headings.
    """
    at = 0 if body.startswith("#") else body.find("\n#") + 1
    while at >= 0:
        m = _HEADING.match(body, at)
        if m:
            return m
        found = body.find("\n#", at)
        at = found + 1 if found >= 0 else -1
    return None


def _caller_language(lang: str | None, path: str) -> str | None:
    if not lang:
        return None
    from checker.document.language import normalize_language

    try:
        return normalize_language(lang)
    except ValueError as exc:
        raise LoadError(path, None, None, str(exc)) from None


def _page_language(code: str | None) -> str | None:
    """A page's own ``lang`` attribute, when it names a supported language."""
    if not code:
        return None
    from checker.document.language import normalize_language

    try:
        return normalize_language(code)
    except ValueError:
        return None


def load_bytes(data: bytes, path: str, lang: str | None = None, format: str | None = None) -> Document:
    """Build a ``Document`` from a file's raw bytes; ``format`` defaults to the extension's.

    The language is, in order: the front matter's, ``lang`` (the CLI's ``--lang``), the page's
    ``<html lang>``, the detected one. Raises ``LoadError``.
    """
    # imported here, not with the module: listing paths (``iter_paths``) and a re-check served
    # from the result cache load no document
    from checker.document.invisible import describe as describe_invisible
    from checker.document.invisible import invisible_near_digits
    from checker.document.language import DEFAULT_LANGUAGE, guess_language
    from checker.document.sentences import split_sentences

    text, warnings = decode(data, path)
    fmt = format or format_for(path) or sniff_format(text)
    lang_given = _caller_language(lang, path)
    fields: dict = {}
    declared: str | None = None
    if fmt == "md":
        from checker.document.frontmatter import parse_front_matter

        fm = parse_front_matter(text, path)
        warnings.extend(fm.warnings)
        body = text[fm.body_start:]
        title = fm.title
        if title is None:
            heading = _first_heading(body)
            title = heading.group(1).strip() if heading else None
        fields = dict(text=body, title=title, source=fm.source, url=fm.url, published=fm.published,
                      published_time=fm.published_time,
                      _line_starts=line_starts(body), _line_base=fm.body_line)
        declared = fm.lang or lang_given
    elif fmt == "html":
        from checker.document.html import extract_article

        page = extract_article(text)
        warnings.extend(page.warnings)
        fields = dict(text=page.text, title=page.title, source=page.source, url=page.url,
                      published=page.published, published_time=page.published_time,
                      _line_starts=line_starts(text),
                      _seg_text=page.seg_text, _seg_src=page.seg_src, _src_len=len(text))
        declared = lang_given or _page_language(page.lang)
    else:
        fmt = "txt"
        fields = dict(text=text)
        declared = lang_given
    doc_lang = declared or guess_language(fields["text"])
    if doc_lang is None:
        doc_lang = DEFAULT_LANGUAGE
        if fields["text"].strip():
            warnings.append(f"language not recognised; assuming {DEFAULT_LANGUAGE!r} "
                            "(set it with --lang or a front matter 'language' key)")
    doc = Document(path=path, lang=doc_lang, format=fmt, warnings=warnings,
                   sentences=split_sentences(fields["text"], doc_lang),
                   content_hash=hashlib.sha256(data).hexdigest(), **fields)
    hidden = invisible_near_digits(doc.text)
    if hidden:
        doc.warnings.append(describe_invisible(hidden, doc.line_col))
    return doc


def load_text(text: str, path: str = "<text>", lang: str | None = None, format: str = "txt") -> Document:
    """A ``Document`` from a string, as if read from a UTF-8 file (handy in tests and tools)."""
    return load_bytes(text.encode("utf-8"), path, lang=lang, format=format)


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise LoadError(path, None, None, f"cannot read: {exc.strerror or exc}") from None


def load_path(path: str, lang: str | None = None) -> Document:
    """Load one file (any extension: unknown ones are sniffed) or stdin (``"-"``). Raises ``LoadError``."""
    if path == STDIN:
        return load_bytes(sys.stdin.buffer.read(), path, lang=lang)
    if os.path.isdir(path):
        raise LoadError(path, None, None, "is a directory (use iter_documents to read folders)")
    return load_bytes(_read(path), path, lang=lang)


def _excluded(path: str, root: str, patterns: Iterable[str]) -> bool:
    """Does a glob of ``patterns`` match the entry's name, its path, or its path below ``root``?"""
    if not patterns:
        return False
    name = os.path.basename(path.rstrip(os.sep)) or path
    full = path.replace(os.sep, "/")
    relative = os.path.relpath(path, root).replace(os.sep, "/") if root else full
    return any(fnmatch.fnmatchcase(name, p) or fnmatch.fnmatchcase(full, p)
               or fnmatch.fnmatchcase(relative, p) for p in patterns)


def _identity(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _walk(root: str, exclude: list[str], seen_dirs: set[tuple[int, int]]) -> Iterator[str | LoadError]:
    """Files with a known extension below ``root``, depth-first in name order, without recursion.

    Hidden entries (".git", ".cache") are skipped; a directory reached twice (a symlink loop or
    two links to one place) is read once.
    """
    def listing(directory: str) -> Iterator[os.DirEntry] | LoadError:
        try:
            with os.scandir(directory) as entries:
                return iter(sorted(entries, key=lambda e: e.name))
        except OSError as exc:
            return LoadError(directory, None, None, f"cannot read directory: {exc.strerror or exc}")

    first = listing(root)
    if isinstance(first, LoadError):
        yield first
        return
    stack = [first]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if entry.name.startswith("."):
            continue
        path = entry.path
        if _excluded(path, root, exclude):
            continue
        try:
            is_dir = entry.is_dir()  # follows symbolic links
        except OSError:
            is_dir = False
        if is_dir:
            key = _identity(path)
            if key is None or key in seen_dirs:
                continue
            seen_dirs.add(key)
            sub = listing(path)
            if isinstance(sub, LoadError):
                yield sub
            else:
                stack.append(sub)
        elif format_for(entry.name):
            if _special(entry):
                # a FIFO named "x.txt" in a folder would block the run forever on open()
                yield LoadError(path, None, None, "not a regular file (a pipe, socket or device), skipped")
            else:
                yield path


def _special(entry: os.DirEntry) -> bool:
    """Does the entry (or the file its link points to) exist without being a regular file?"""
    try:
        return not entry.is_file() and os.path.exists(entry.path)
    except OSError:
        return False


def iter_documents(paths: list[str], lang: str | None = None,
                   exclude: Iterable[str] = ()) -> Iterator[Document | LoadError]:
    """Documents of the given files, folders (recursively) and stdin (``"-"``), one at a time.

    A file that cannot be loaded is yielded as a ``LoadError`` and the run goes on. A file
    reached twice (named twice, or through a link) is loaded once. ``exclude`` holds glob
    patterns matched against names and paths. An unsupported ``lang`` raises ``ValueError``.
    """
    if lang:
        from checker.document.language import normalize_language

        normalize_language(lang)  # a usage error: fail before reading anything
    for item in iter_paths(paths, exclude):
        yield item if isinstance(item, LoadError) else try_load(item, lang=lang)


def try_load(path: str, lang: str | None = None, data: bytes | None = None) -> Document | LoadError:
    """The document of ``path`` (its ``data`` when already read), or the ``LoadError`` that
    says in one line why not: this never raises (see ``_guarded``)."""
    return _guarded(path, lambda: load_bytes(read_source(path) if data is None else data, path, lang=lang))


def iter_paths(paths: list[str], exclude: Iterable[str] = ()) -> Iterator[str | LoadError]:
    """The files ``iter_documents`` reads, in the same order, without reading them: paths of
    files, ``"-"`` for stdin, and a ``LoadError`` for what cannot be listed."""
    exclude = list(exclude or ())
    seen_dirs: set[tuple[int, int]] = set()
    seen_files: set[tuple[int, int]] = set()
    for given in paths:
        if given == STDIN:
            yield given
            continue
        if _excluded(given, "", exclude):
            continue
        if not os.path.lexists(given):
            yield LoadError(given, None, None, "no such file or directory")
            continue
        if os.path.isdir(given):
            key = _identity(given)
            if key is None or key in seen_dirs:
                continue
            seen_dirs.add(key)
            files: Iterable[str | LoadError] = _walk(given, exclude, seen_dirs)
        else:
            files = [given]
        for item in files:
            if isinstance(item, LoadError):
                yield item
                continue
            key = _identity(item)
            if key is not None:
                if key in seen_files:
                    continue
                seen_files.add(key)
            yield item


def read_source(path: str) -> bytes:
    """The raw bytes of a file, or of standard input for ``"-"``. Raises ``LoadError``."""
    if path == STDIN:
        return sys.stdin.buffer.read()
    if os.path.isdir(path):
        raise LoadError(path, None, None, "is a directory (use iter_documents to read folders)")
    return _read(path)


def _guarded(path: str, load) -> Document | LoadError:
    """``load()``, with any failure turned into the ``LoadError`` of ``path``.

    An unexpected exception is a bug, but one hostile file must not end the run for the
    others with a traceback: it becomes a one-line error that names the exception.
    """
    try:
        return load()
    except LoadError as exc:
        return exc
    except (Exception, RecursionError, MemoryError) as exc:  # noqa: BLE001 - see docstring
        detail = " ".join(str(exc).split())[:200]
        return LoadError(path, None, None, f"cannot load: internal error {type(exc).__name__}"
                         f"{': ' + detail if detail else ''} (please report it)")
