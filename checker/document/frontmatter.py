"""YAML front matter of Markdown articles: where the body starts and what the header says.

The header is the only place a plain-text article can carry its publication date, so its
mistakes are errors with the YAML problem's line (a silently ignored ``published`` would leave
every relative date in the article unresolved). Unknown keys are warnings: they are usually a
typo of a known one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from checker.document.dates import parse_published, parse_published_time
from checker.document.language import normalize_language
from checker.document.model import LoadError
from checker.regex_store import cached_compile

KNOWN_KEYS = ("source", "url", "published", "language", "lang", "title")

_OPEN = cached_compile(r"---[ \t]*(?:\r\n|\r|\n|$)")
_CLOSE = cached_compile(r"^(?:---|\.\.\.)[ \t]*(?:\r\n|\r|\n|$)", re.MULTILINE)
#: a header of a few keys nests a list or two; libyaml's loader recurses in C and crashes the
#: process (no exception) at about 50,000 levels ("- - - - ..." on one line, or "[[[[..."), so
#: the header's events are walked first and a deeper one is refused before it is loaded
MAX_NESTING = 100
#: every list or mapping of a YAML text opens with a character of its own: "-" before a block
#: list's first item, ":" after a block mapping's first key, "?" before an explicit key, "["
#: and "{" of flow collections. A text with at most ``MAX_NESTING`` of them nests no deeper.
_COLLECTION_MARKS = "-:?[{"
#: what lets the loader fail before the parser has read the whole header (an alias or anchor
#: the composer refuses, a second document); walking the events first puts syntax errors
#: first, so a header with any of them is always walked
_COMPOSER_MARKS = ("*", "&", "---", "...")


@dataclass
class FrontMatter:
    """What a Markdown file's header says, and where its body begins."""

    body_start: int = 0          # character offset of the body in the decoded file
    body_line: int = 0           # number of file lines before the body
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: date | None = None
    #: the time of day of ``published`` ("18:40") when it gives one
    published_time: str | None = None
    lang: str | None = None
    warnings: list[str] = field(default_factory=list)


def _key_line(yaml_text: str, key: str) -> int | None:
    """0-based line of ``key:`` in the YAML text (for errors about a value)."""
    m = re.search(rf"^[ \t]*['\"]?{re.escape(key)}['\"]?[ \t]*:", yaml_text, re.MULTILINE)
    return yaml_text.count("\n", 0, m.start()) if m else None


def _scalar(value: object, key: str, path: str, line_of: Callable[[str], int | None]) -> str | None:
    """A header value as text; ``line_of(key)`` (a search of the header) is only called to
    report a value that is a list or mapping."""
    if value is None:
        return None
    if isinstance(value, (list, dict)):
        raise LoadError(path, line_of(key), None, f"front matter: {key} must be a single value, not a "
                        f"{'list' if isinstance(value, list) else 'mapping'}")
    text = str(value).strip()
    return text or None


_TIMESTAMP = cached_compile(r"(?<![\w.-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])")


def _impossible_date(yaml_text: str) -> tuple[int | None, int | None]:
    """(line, column) in the file of the first YYYY-MM-DD of the header that is no real date."""
    for m in _TIMESTAMP.finditer(yaml_text):
        try:
            date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            line = yaml_text.count("\n", 0, m.start())
            return line + 2, m.start() - (yaml_text.rfind("\n", 0, m.start()) + 1) + 1
    return None, None


#: what a quoted value may hold for its YAML reading to be its characters as they are: no
#: quote of its own kind, no backslash (an escape in double quotes), no character that YAML
#: reads as a line break (then folds) or refuses (controls, surrogates, a byte-order mark)
_QUOTED_CHAR = r"[^%s\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]"
#: a header line whose YAML reading is certain without a YAML parser: a known key, one space,
#: and a plain word-like value (no quote, colon, "#" or other indicator), an http(s) URL, a
#: date, or a value in double or single quotes ("title: \"Trump et Rutte : ...\"", the usual
#: way to write a title that holds a colon)
_PLAIN_LINE = cached_compile(
    r"(%s): (?:((?:[^\W\d_][\w.,'’()/&%%?=+~-]*(?: [\w.,'’()/&%%?=+~-]+)*)"
    r"|https?://[!-\"$-~]*[!-\"$-9;-~]|\d{4}-\d\d-\d\d)"
    r"|\"(%s*)\"|'(%s*)')" % ("|".join(KNOWN_KEYS), _QUOTED_CHAR % r'"\\', _QUOTED_CHAR % "'"))
#: plain words YAML 1.1 reads as booleans or null, not text
_NOT_TEXT = frozenset("yes Yes YES no No NO true True TRUE false False FALSE on On ON off Off OFF "
                      "null Null NULL".split())


def _plain_header(yaml_text: str) -> dict | None:
    """What ``yaml.load`` would return for a header of plain ``key: value`` lines, or None
    when the header holds anything else (then the YAML parser reads it).

    Why: most headers are a few such lines, and loading them with PyYAML (its C reader, but
    Python constructors and resolvers) cost 3% of reading a corpus. Values kept here are text,
    except a ``YYYY-MM-DD`` value, which YAML reads as a date (an impossible one goes to the
    parser, which reports it).
    """
    lines = yaml_text.split("\n")
    if lines[-1] == "":
        lines.pop()
    if not lines:
        return None
    data: dict = {}
    for line in lines:
        m = _PLAIN_LINE.fullmatch(line)
        if m is None:
            return None
        value = m[2]
        if value is None:  # quoted: text as it is (a quoted date stays text, as in YAML)
            data[m[1]] = m[3] if m[3] is not None else m[4]
        elif value[0].isdigit():
            try:
                data[m[1]] = date(int(value[:4]), int(value[5:7]), int(value[8:]))
            except ValueError:
                return None
        elif value in _NOT_TEXT:
            return None
        else:
            data[m[1]] = value
    return data


def _surely_shallow(yaml_text: str) -> bool:
    """Can the header be loaded without walking its events first (``_check_nesting``)?

    Yes when it cannot nest more than ``MAX_NESTING`` deep and the loader would report the
    same first error as the walk: counting a few characters costs a hundredth of the walk,
    which made up a third of reading a short header.
    """
    if sum(yaml_text.count(c) for c in _COLLECTION_MARKS) > MAX_NESTING:
        return False
    return not any(mark in yaml_text for mark in _COMPOSER_MARKS)


def _check_nesting(yaml_text: str, path: str) -> None:
    """Refuse a header nesting lists or mappings deeper than ``MAX_NESTING`` (raises ``LoadError``).

    The event parser keeps its own stack, so walking it is safe and stops at the first event
    too deep; ``yaml.YAMLError`` passes through to the caller's handling of broken YAML.
    """
    import yaml

    opens = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
    closes = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
    depth = 0
    for event in yaml.parse(yaml_text, Loader=_loader()):
        if isinstance(event, opens):
            depth += 1
            if depth > MAX_NESTING:
                mark = event.start_mark
                raise LoadError(path, mark.line + 2, mark.column + 1, f"front matter nests lists or "
                                f"mappings more than {MAX_NESTING} deep (a header holds a few plain keys)")
        elif isinstance(event, closes):
            depth -= 1


def _loader():
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_yaml(yaml_text: str, path: str):
    """The header read by PyYAML (imported here: most headers are plain, ``_plain_header``,
    and importing it is a hundredth of a second at every start); its errors as ``LoadError``."""
    import yaml

    try:
        if not _surely_shallow(yaml_text):
            _check_nesting(yaml_text, path)
        return yaml.load(yaml_text, Loader=_loader())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None)
        message = f"front matter is not valid YAML: {problem}" + (f" ({context})" if context else "")
        if mark is None:
            raise LoadError(path, 2, None, message) from None
        raise LoadError(path, mark.line + 2, mark.column + 1, message) from None
    except (ValueError, OverflowError) as exc:
        # PyYAML builds dates itself and raises a bare ValueError for "published: 2025-02-30"
        line, column = _impossible_date(yaml_text)
        raise LoadError(path, line, column, f"front matter has an impossible date: {exc}") from None


def parse_front_matter(text: str, path: str) -> FrontMatter:
    """Split off and read the front matter of a Markdown file's text (after BOM removal).

    A file that does not start with a ``---`` line has no front matter (body = whole text).
    Raises ``LoadError`` for an unclosed header, broken YAML, a header that is not a mapping,
    an unreadable ``published`` date or an unsupported language.
    """
    opening = _OPEN.match(text)
    if not opening:
        return FrontMatter()
    closing = _CLOSE.search(text, opening.end())
    if not closing:
        raise LoadError(path, 1, 1, "front matter opened by '---' is never closed (no '---' line after it)")
    yaml_text = text[opening.end():closing.start()]
    fm = FrontMatter(body_start=closing.end(), body_line=_count_lines(text[:closing.end()]))
    data = _plain_header(yaml_text)
    if data is None:
        data = _load_yaml(yaml_text, path)
    if data is None:
        return fm
    if not isinstance(data, dict):
        raise LoadError(path, 2, 1, f"front matter must be key: value pairs, not a {type(data).__name__}")

    def line_of(key: str) -> int | None:
        line = _key_line(yaml_text, key)
        return None if line is None else line + 2

    for key in data:
        if key not in KNOWN_KEYS:
            fm.warnings.append(f"front matter key {key!r} ignored (known keys: {', '.join(KNOWN_KEYS)})")
    for key in ("title", "source", "url"):
        setattr(fm, key, _scalar(data.get(key), key, path, line_of))
    try:
        fm.published = parse_published(data.get("published"))
        fm.published_time = parse_published_time(data.get("published"))
    except ValueError as exc:
        raise LoadError(path, line_of("published"), None, f"front matter: published: {exc}") from None
    lang_key = "language" if data.get("language") is not None else "lang"
    raw_lang = _scalar(data.get(lang_key), lang_key, path, line_of)
    if raw_lang is not None:
        try:
            fm.lang = normalize_language(raw_lang)
        except ValueError as exc:
            raise LoadError(path, line_of(lang_key), None, f"front matter: {lang_key}: {exc}") from None
    return fm


def _count_lines(header: str) -> int:
    """Number of lines in the header block (which ends with its closing delimiter line)."""
    breaks = len(re.findall(r"\r\n|\r|\n", header))
    return breaks if re.search(r"(?:\r\n|\r|\n)\Z", header) else breaks + 1
