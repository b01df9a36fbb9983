"""YAML front matter of Markdown articles: where the body starts and what the header says.

The header is the only place a plain-text article can carry its publication date, so its
mistakes are errors with the YAML problem's line (a silently ignored ``published`` would leave
every relative date in the article unresolved). Unknown keys are warnings: they are usually a
typo of a known one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import yaml

from checker.document.dates import parse_published, parse_published_time
from checker.document.language import normalize_language
from checker.document.model import LoadError

KNOWN_KEYS = ("source", "url", "published", "language", "lang", "title")

_OPEN = re.compile(r"---[ \t]*(?:\r\n|\r|\n|$)")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r\n|\r|\n|$)", re.MULTILINE)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: a header of a few keys needs a handful of "[" and "{"; libyaml takes quadratic time in the
#: nesting of flow collections and overflows the C stack (a crash, not an exception) at about
#: 50,000 levels, so a header with more openers than this is refused before YAML sees it
MAX_FLOW_OPENERS = 1000
_FLOW_OPENER = re.compile(r"[\[{]")


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


def _scalar(value: object, key: str, path: str, line: int | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, dict)):
        raise LoadError(path, line, None, f"front matter: {key} must be a single value, not a "
                        f"{'list' if isinstance(value, list) else 'mapping'}")
    text = str(value).strip()
    return text or None


def _check_nesting(yaml_text: str, path: str) -> None:
    """Refuse a header with more than ``MAX_FLOW_OPENERS`` "[" or "{" (it could nest that deep)."""
    if yaml_text.count("[") + yaml_text.count("{") <= MAX_FLOW_OPENERS:
        return
    for n, m in enumerate(_FLOW_OPENER.finditer(yaml_text), 1):
        if n > MAX_FLOW_OPENERS:
            line = yaml_text.count("\n", 0, m.start())
            column = m.start() - (yaml_text.rfind("\n", 0, m.start()) + 1)
            raise LoadError(path, line + 2, column + 1, f"front matter has more than {MAX_FLOW_OPENERS} "
                            "'[' and '{' (lists or mappings nested this deep are not a header)")


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
    _check_nesting(yaml_text, path)
    try:
        data = yaml.load(yaml_text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None)
        message = f"front matter is not valid YAML: {problem}" + (f" ({context})" if context else "")
        if mark is None:
            raise LoadError(path, 2, None, message) from None
        raise LoadError(path, mark.line + 2, mark.column + 1, message) from None
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
        setattr(fm, key, _scalar(data.get(key), key, path, line_of(key)))
    try:
        fm.published = parse_published(data.get("published"))
        fm.published_time = parse_published_time(data.get("published"))
    except ValueError as exc:
        raise LoadError(path, line_of("published"), None, f"front matter: published: {exc}") from None
    lang_key = "language" if data.get("language") is not None else "lang"
    raw_lang = _scalar(data.get(lang_key), lang_key, path, line_of(lang_key))
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
