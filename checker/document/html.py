"""The article text of an HTML page, with a map from every text offset back to the source.

Built on the standard library's event parser (``html.parser.HTMLParser``): it never recurses,
so a page nested 10,000 elements deep loads like any other, and ``getpos()`` tells where each
chunk of text sits in the source. Text is kept only outside navigation, page header and
footer, asides, scripts, styles, forms and hidden elements, and only inside ``<article>`` (or
``<main>``) when the page has one, so that menus and teasers do not yield claims. Blocks are
separated by a blank line and runs of HTML white space become one space; each copied run of
source text is recorded as a segment ``(text offset, source offset)`` so that
``Document.line_col`` points into the HTML file.

Publication date, title, URL, site name and ``<html lang>`` come from the page metadata.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser

from checker.document.dates import parse_published, parse_published_time
from checker.regex_store import cached_compile

#: elements whose whole content is never article text
SKIP_TAGS = frozenset({
    "script", "style", "noscript", "template", "nav", "aside", "form", "footer", "menu",
    "button", "select", "textarea", "iframe", "svg", "canvas", "video", "audio", "object",
    "embed", "map", "dialog", "title",
})
#: ARIA landmarks with the same meaning as the tags above
SKIP_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search",
                        "menu", "menubar", "dialog", "alert"})
#: elements that end a paragraph
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "html", "title", "option",
})
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                       "meta", "param", "source", "track", "wbr", "keygen"})

# Sources of the publication date, best first.
_PUBLISHED_META = {
    "article:published_time": 0, "og:published_time": 0,
    "datepublished": 2,
    "date": 3, "pubdate": 3, "publishdate": 3, "publish-date": 3, "publish_date": 3,
    "dc.date": 3, "dc.date.issued": 3, "dcterms.created": 3, "dcterms.date": 3,
    "article.published": 3, "parsely-pub-date": 3, "sailthru.date": 3,
}
_LD_PUBLISHED = cached_compile(r'"datePublished"\s*:\s*"([^"]+)"')
_TIME_PUBDATE, _TIME_FIRST = 4, 5

# Runs of HTML white space other than a single space: collapsed to one space.
_COLLAPSE = cached_compile(r"[\t\n\r\f][ \t\n\r\f]*| [ \t\n\r\f]+")
# "&#" that does not start a character reference trips the stdlib parser into reading the rest
# of the page as text (Python 3.11); the loader hides the "#" (same length, so offsets hold).
_BAD_CHARREF = cached_compile(r"&#(?![0-9]|[xX][0-9a-fA-F])")
_HIDDEN_HASH = "\uffff"
# Python 3.11's parser searches to the end of the page for the ">" (or "-->") that closes each
# "<" it meets; a page of a million "</" with no ">" after them takes hours. A "<" that no ">"
# follows, and a "<!--" that no "-->" follows, can never start markup: they are hidden from the
# parser (same length) and read back from the source as text, like the "#" above.
_COMMENT_CLOSE = cached_compile(r"--\s*>")
_HIDDEN_LT = "\ufffe"


@dataclass
class HtmlArticle:
    """What ``extract_article`` found in a page."""

    text: str
    seg_text: list[int]
    seg_src: list[int]
    title: str | None = None
    published: date | None = None
    #: the time of day of ``published`` ("18:40") when the page gives one
    published_time: str | None = None
    lang: str | None = None
    url: str | None = None
    source: str | None = None
    warnings: list[str] = field(default_factory=list)


class _ArticleParser(HTMLParser):
    """Collects visible article text and page metadata in one pass over the source."""

    def __init__(self, source: str, region: str | None) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.region = region  # "article", "main" or None (the whole body)
        self.newlines = [0] + [m.end() for m in re.finditer("\n", source)]
        self.stack: list[tuple[str, bool, bool, bool]] = []  # tag, skips, is region, is article/main
        self.open_counts: dict[str, int] = {}
        self.skip_depth = 0
        self.region_depth = 0
        self.content_depth = 0  # open <article>/<main>: their <header> is article text
        self.pieces: list[str] = []
        self.length = 0
        self.seg_text: list[int] = []
        self.seg_src: list[int] = []
        self.pending = ""        # paragraph break owed before the next visible text
        self.last_space = True   # the text is empty or ends with white space
        self.title_parts: list[str] | None = None
        self.ld_parts: list[str] | None = None
        self.meta: dict[str, str] = {}
        self.dates: list[tuple[int, str, str]] = []  # (rank, value, where)
        self.lang: str | None = None

    # --- positions -------------------------------------------------------------------------
    def _abs(self) -> int:
        line, col = self.getpos()
        return self.newlines[line - 1] + col

    # --- text output -----------------------------------------------------------------------
    def _visible(self) -> bool:
        return self.skip_depth == 0 and (self.region is None or self.region_depth > 0)

    def _segment(self, src: int) -> None:
        """Start a segment at the current text end unless it continues the previous one."""
        if self.seg_text and self.seg_src[-1] + self.length - self.seg_text[-1] == src:
            return
        self.seg_text.append(self.length)
        self.seg_src.append(src)

    def _put(self, chunk: str, src: int) -> None:
        if chunk[0] == " " and (self.last_space or self.pending):
            chunk, src = chunk[1:], src + 1
            if not chunk:
                return
        if self.pending:
            if self.length:
                self._segment(src)
                self.pieces.append(self.pending)
                self.length += len(self.pending)
            self.pending = ""
        self._segment(src)
        self.pieces.append(chunk)
        self.length += len(chunk)
        self.last_space = chunk[-1].isspace()

    def _space(self, src: int) -> None:
        if not (self.last_space or self.pending):
            self._put(" ", src)

    def _emit(self, data: str, src: int) -> None:
        pos = 0
        for m in _COLLAPSE.finditer(data):
            if m.start() > pos:
                self._put(data[pos:m.start()], src + pos)
            self._space(src + m.start())
            pos = m.end()
        if pos < len(data):
            self._put(data[pos:], src + pos)

    def _break(self, kind: str) -> None:
        if self.length and len(kind) > len(self.pending):
            self.pending = kind

    # --- parser events ---------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "meta":
            self._meta(a)
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self.meta.setdefault("canonical", a.get("href", "").strip())
        elif tag == "html" and a.get("lang"):
            self.lang = a["lang"].strip()
        if a.get("itemprop", "").lower() == "datepublished" and (a.get("content") or a.get("datetime")):
            self.dates.append((_PUBLISHED_META["datepublished"], a.get("content") or a["datetime"],
                               f"<{tag} itemprop=datePublished>"))
        elif tag == "time" and a.get("datetime") and self._visible():
            rank = _TIME_PUBDATE if "pubdate" in a else _TIME_FIRST
            self.dates.append((rank, a["datetime"], "<time datetime>"))
        if tag == "br":
            if self._visible():
                self._break("\n")
            return
        if tag in VOID_TAGS:
            if tag in BLOCK_TAGS and self._visible():
                self._break("\n\n")
            return
        skips = (tag in SKIP_TAGS or a.get("role", "").lower() in SKIP_ROLES or "hidden" in a
                 or a.get("aria-hidden", "").lower() == "true"
                 or (tag == "header" and self.content_depth == 0))
        is_region = tag == self.region
        is_content = tag in ("article", "main")
        if tag == "title" and self.title_parts is None:
            self.title_parts = []
        if tag == "script" and "ld+json" in a.get("type", "").lower():
            self.ld_parts = []
        self.stack.append((tag, skips, is_region, is_content))
        self.open_counts[tag] = self.open_counts.get(tag, 0) + 1
        self.skip_depth += skips
        self.region_depth += is_region
        self.content_depth += is_content
        if tag in BLOCK_TAGS:
            self._break("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if not self.open_counts.get(tag):
            return  # a stray end tag: nothing to close
        while self.stack:
            name, skips, is_region, is_content = self.stack.pop()
            self.open_counts[name] -= 1
            self.skip_depth -= skips
            self.region_depth -= is_region
            self.content_depth -= is_content
            if name == "title" and self.title_parts is not None and "title" not in self.meta:
                self.meta["title"] = " ".join("".join(self.title_parts).split())
            if name == "script" and self.ld_parts is not None:
                for value in _LD_PUBLISHED.findall("".join(self.ld_parts))[:1]:
                    self.dates.append((1, value, "JSON-LD datePublished"))
                self.ld_parts = None
            if name in BLOCK_TAGS:
                self._break("\n\n")
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        src = self._abs()
        original = self.source[src:src + len(data)]  # undoes the hidden "#"
        if self.title_parts is not None and "title" not in self.meta:
            self.title_parts.append(original)
        if self.ld_parts is not None:
            self.ld_parts.append(original)
        if self._visible():
            self._emit(original, src)

    def _reference(self, raw_start: str, name: str) -> None:
        src = self._abs()
        raw = raw_start + name
        if self.source.startswith(";", src + len(raw)):
            raw += ";"
        value = html_lib.unescape(raw)
        if self.title_parts is not None and "title" not in self.meta:
            self.title_parts.append(value)
        if self._visible() and value:
            if value.isspace() and value != "\u00a0":
                self._space(src)
            else:
                self._put(value, src)

    def parse_html_declaration(self, i: int) -> int:
        """``<![...``: outside SVG and MathML a bogus comment up to the first ``>`` (HTML5).

        Python 3.11's own version raises ``AssertionError`` on ``<![foo[`` and ``<![ x``.
        """
        if self.rawdata.startswith("<![", i):
            end = self.rawdata.find(">", i + 3)
            return -1 if end < 0 else end + 1
        return super().parse_html_declaration(i)

    def handle_entityref(self, name: str) -> None:
        self._reference("&", name)

    def handle_charref(self, name: str) -> None:
        self._reference("&#", name)

    def _meta(self, a: dict[str, str]) -> None:
        key = (a.get("property") or a.get("name") or a.get("itemprop") or "").strip().lower()
        content = a.get("content", "").strip()
        if not key or not content:
            return
        if key in _PUBLISHED_META:
            self.dates.append((_PUBLISHED_META[key], content, f"<meta {key}>"))
        elif key in ("og:title", "og:url", "og:site_name", "og:locale"):
            self.meta.setdefault(key, content)


def _unclosable(source: str) -> str:
    """``source`` with the ``<`` of constructs that cannot be closed hidden (offsets unchanged).

    Every ``<`` after the last ``>``, and the ``<`` of every ``<!--`` with no ``-->`` after it,
    would be read as text anyway, after a search to the end of the page for each of them.
    """
    last_gt = source.rfind(">")
    last_close = -1
    for m in _COMMENT_CLOSE.finditer(source):
        last_close = m.start()
    pieces: list[str] = []
    pos = 0
    for m in re.finditer("<!--", source):
        if m.start() >= last_gt:
            break
        if m.start() + 4 > last_close:
            pieces += [source[pos:m.start()], _HIDDEN_LT]
            pos = m.start() + 1
    pieces.append(source[pos:last_gt + 1])
    pieces.append(source[last_gt + 1:].replace("<", _HIDDEN_LT))
    return "".join(pieces)


def _parse(source: str, region: str | None) -> _ArticleParser:
    parser = _ArticleParser(source, region)
    parser.feed(_unclosable(_BAD_CHARREF.sub("&" + _HIDDEN_HASH, source)))
    parser.close()
    return parser


def extract_article(source: str) -> HtmlArticle:
    """Article text, offset map and metadata of an HTML page (already decoded to ``str``)."""
    region = ("article" if re.search(r"<article[\s>]", source, re.IGNORECASE)
              else "main" if re.search(r"<main[\s>]", source, re.IGNORECASE) else None)
    parser = _parse(source, region)
    if region is not None and not "".join(parser.pieces).strip():
        parser = _parse(source, None)  # the <article> was empty or a false hit: use the whole body
    text = "".join(parser.pieces).rstrip()
    seg_text, seg_src = parser.seg_text, parser.seg_src
    while seg_text and seg_text[-1] >= len(text) > 0:  # segments of the trailing space
        seg_text.pop()
        seg_src.pop()
    article = HtmlArticle(text=text, seg_text=seg_text, seg_src=seg_src, lang=parser.lang)
    meta = parser.meta
    article.title = meta.get("og:title") or meta.get("title") or None
    article.url = meta.get("canonical") or meta.get("og:url") or None
    article.source = meta.get("og:site_name") or None
    if not article.lang and meta.get("og:locale"):
        article.lang = meta["og:locale"]
    for _, value, where in sorted(parser.dates, key=lambda d: d[0]):
        try:
            article.published = parse_published(value)
            article.published_time = parse_published_time(value)
        except ValueError as exc:
            article.warnings.append(f"publication date in {where} ignored: {exc}")
            continue
        if article.published is not None:
            break
    return article
