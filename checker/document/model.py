"""The records of the document layer: a loaded ``Document`` and a ``LoadError``.

Every later stage reports positions as character offsets into ``Document.text``; the user
wants ``file:line:col`` in the file they wrote. ``Document.line_col`` is that translation. It
is called for every mention, so it is two bisects over tables built once at load time:

* ``_seg_text`` / ``_seg_src``: where ``text`` is not a verbatim copy of the source (HTML, whose
  text is stitched from data chunks), runs of text that map contiguously onto the source;
* ``_line_starts``: the offsets where the lines of the source start, and ``_line_base``, the
  number of source lines before the first one (the front matter of a Markdown file).
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import partial
from datetime import date

from checker.regex_store import cached_compile

FORMATS = ("txt", "md", "html")

# A line ends at CRLF, CR or LF: the three conventions editors show as a new line.
_LINE_BREAK = cached_compile(r"\r\n|\r|\n")


def line_starts(text: str) -> list[int]:
    """Offsets at which the lines of ``text`` start (always begins with 0)."""
    return [0, *(end for _start, end in line_breaks(text))]


def line_breaks(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line break (CRLF, CR or LF) of ``text``, in order.

    Without a CR, the breaks are found with ``str.find``, which skips to the next LF at memory
    speed: the regex alternative tests every character, and an article often has a handful of
    lines over thousands of characters.
    """
    if "\r" in text:
        return [m.span() for m in _LINE_BREAK.finditer(text)]
    out = []
    at = text.find("\n")
    while at >= 0:
        out.append((at, at + 1))
        at = text.find("\n", at + 1)
    return out


@dataclass(eq=False)
class LoadError(Exception):
    """A file that could not be loaded, with the position of the problem when there is one.

    It is both the exception ``load_path`` raises and the item ``iter_documents`` yields in
    place of a document, so that one bad file is a one-line message and not the end of a run.
    """

    path: str
    line: int | None
    column: int | None
    message: str

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        message = " ".join(self.message.split())  # always a one-liner
        return f"{where}: {message}"

    def __reduce__(self):  # exceptions pickle through their args, which a dataclass leaves empty
        return (type(self), (self.path, self.line, self.column, self.message))


@dataclass
class Document:
    """An article's text and what is known about it.

    ``path`` is the path as the user gave it ("-" for stdin). ``published`` stays ``None`` for
    an undated document: relative dates are never resolved against today's date. Built by
    ``checker.document.loader``; a test can also build one from a string (``Document("t.txt",
    "Some text.")``): the offset tables and sentences are then computed from ``text``.
    """

    path: str
    text: str
    lang: str = "en"
    published: date | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None
    format: str = "txt"
    warnings: list[str] = field(default_factory=list)
    sentences: list[tuple[int, int]] | None = None
    content_hash: str = ""
    #: the time of day of the publication timestamp ("18:40"), when the front matter or page
    #: gives one; used by metrics ``timed to the hour`` (tolls that change during a day)
    published_time: str | None = None
    _line_starts: list[int] | None = field(default=None, repr=False, compare=False)
    _line_base: int = field(default=0, repr=False, compare=False)
    _seg_text: list[int] | None = field(default=None, repr=False, compare=False)
    _seg_src: list[int] | None = field(default=None, repr=False, compare=False)
    _src_len: int | None = field(default=None, repr=False, compare=False)
    _sentence_starts: list[int] = field(default_factory=list, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self._line_starts is None:
            self._line_starts = line_starts(self.text)
        if self.sentences is None:
            from checker.document.sentences import split_sentences

            self.sentences = split_sentences(self.text, self.lang)
        if not self.content_hash:
            self.content_hash = hashlib.sha256(self.text.encode("utf-8")).hexdigest()
        self._sentence_starts = [start for start, _ in self.sentences]

    def source_offset(self, offset: int) -> int:
        """The character offset in the source file of ``text[offset]``."""
        if not 0 <= offset <= len(self.text):
            raise ValueError(f"offset {offset} outside the text of {self.path} (0..{len(self.text)})")
        if self._seg_text is None:
            return offset
        i = bisect_right(self._seg_text, offset) - 1
        if i < 0:
            return 0
        src = self._seg_src[i] + offset - self._seg_text[i]
        return src if self._src_len is None else min(src, self._src_len)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) in the source file of the character at ``offset``.

        ``offset`` may be ``len(text)`` (the end of a span). Columns count characters.
        """
        src = self.source_offset(offset)
        starts = self._line_starts
        i = bisect_right(starts, src) - 1
        return self._line_base + i + 1, src - starts[i] + 1

    def sentence_at(self, offset: int) -> int:
        """Index of the sentence containing ``offset``, or of the last one before it.

        Whitespace between two sentences belongs to the earlier one; an offset before the first
        sentence gives 0; a document without sentences gives -1.
        """
        if not self._sentence_starts:
            return -1
        return max(bisect_right(self._sentence_starts, offset) - 1, 0)

    def sentences_at(self, offsets: list[int]) -> list[int]:
        """``sentence_at`` of each of ``offsets``, in one list (the scanner asks it of every
        mention of a document: one comprehension instead of a method call each)."""
        starts = self._sentence_starts
        if not starts:
            return [-1] * len(offsets)
        return [i - 1 if i else 0 for i in map(partial(bisect_right, starts), offsets)]

    def sentence_text(self, index: int) -> str:
        start, end = self.sentences[index]
        return self.text[start:end]


def document_meta(doc: Document) -> dict:
    """What the report shows about a document: title, source, url, publication date, language.

    (Here rather than with the HTML report, which shows it: every ``check`` and ``claims`` run
    records it for each document, and should not import the report's code to do so.)
    """
    return {"title": doc.title, "source": doc.source, "url": doc.url,
            "published": doc.published.isoformat() if doc.published else None, "lang": doc.lang}
