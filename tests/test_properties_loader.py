"""Properties of the document loader on hostile files (hypothesis).

Any bytes, under any of the three formats, load into a ``Document`` or a one-line ``LoadError``
(never another exception); a document's sentences are ordered, bounded by ``MAX_SENTENCE``,
cover every visible character, and every offset maps to a line and column inside the file.
HTML and front matter are built from the constructs that crashed or slowed the parsers
(marked sections, unclosed comments and tags, deep nesting, YAML tags, aliases, impossible dates).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.document import LoadError, load_bytes
from checker.document.sentences import MAX_SENTENCE

SETTINGS = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

HTML_PIECES = [
    "<html>", "<body>", "<div>", "</div>", "<p>", "</p>", "<article>", "</article>", "<script>", "</script>",
    "<style>", "</style>", "<!--", "-->", "<![CDATA[", "]]>", "<![foo[", "<![if !IE]>", "<![ x", "<!", "<?", "</",
    "<", ">", "&", "&#", "&#x110000;", "&#99999999999;", "&amp;", "&nbsp;", "<br>", "<meta name=date content=2025-02-30>",
    "<meta property=article:published_time content=\"2025-06-24T10:00\">", "<html lang=fr>", "<title>", "</title>",
    "<time datetime=2024-13-45 pubdate>", "NATO deployed 10,000 soldiers. ", "27 000 policiers", "\u200b", "\u202e",
    "\n", "\r", " ", "x",
]
MD_PIECES = [
    "---\n", "title: x\n", "published: 2025-06-24\n", "published: 2025-02-30\n", "published: [a]\n",
    "published: *a\n", "a: &a [1, 2]\n", "language: fr\n", "language: xx\n", "!!python/object/apply:os.system ['x']\n",
    "- - - - x\n", "[[[[", "{{", "? ", ": ", "...\n", "\ufeff", "NATO spends 2% of GDP.\n", "# Heading\n", "\r\n",
    "\x00", "\x1b",
]


def _check(data: bytes, name: str) -> None:
    try:
        doc = load_bytes(data, name)
    except LoadError as error:
        assert "\n" not in str(error) and str(error).startswith(name), str(error)
        return
    text = doc.text
    previous_end = 0
    for start, end in doc.sentences:
        assert previous_end <= start < end <= len(text)
        assert end - start <= MAX_SENTENCE
        assert not text[start].isspace() and not text[end - 1].isspace()
        previous_end = end
    gaps = zip([0, *(e for _, e in doc.sentences)], [*(s for s, _ in doc.sentences), len(text)])
    assert all(text[a:b].isspace() or a == b for a, b in gaps), "a visible character outside every sentence"
    lines = max(1, data.count(b"\n") + data.count(b"\r") + 1)
    for offset in {0, len(text) // 2, len(text)}:
        line, column = doc.line_col(offset)
        assert 1 <= line <= lines and column >= 1, (offset, line, column)


@SETTINGS
@given(st.binary(max_size=2000), st.sampled_from(["x.txt", "x.md", "x.html"]))
def test_any_bytes_load_or_fail_in_one_line(data, name):
    _check(data, name)


@SETTINGS
@given(st.lists(st.sampled_from(HTML_PIECES), max_size=60).map("".join))
def test_hostile_html_loads(source):
    _check(source.encode("utf-8"), "x.html")


@SETTINGS
@given(st.lists(st.sampled_from(MD_PIECES), max_size=25).map("".join))
def test_hostile_front_matter_loads_or_fails_in_one_line(source):
    _check(source.encode("utf-8"), "x.md")


@SETTINGS
@given(st.text(alphabet=st.sampled_from(list("ab. \n\r\t!?…«»“”()0123456789")), max_size=8000))
def test_sentences_cover_every_visible_character(text):
    _check(text.encode("utf-8"), "x.txt")


# -- the front matter's plain-header reader gives what the YAML parser gives --------------------

from datetime import date  # noqa: E402

import yaml  # noqa: E402

from checker.document.frontmatter import KNOWN_KEYS, _plain_header  # noqa: E402

#: pieces of values: words YAML reads as booleans, null or numbers, indicators, quotes, dates,
#: URLs, non-ASCII letters and characters the YAML reader refuses
VALUE_PIECES = ["en", "fr", "no", "No", "yes", "on", "OFF", "null", "~", "true", "Reuters", "NATO", "l’OTAN",
                "Élysée", "a", "x_y", "2025-06-24", "2025-02-30", "2025-6-4", "2025-06-24T10:00", "12", "1.5", "0x1f",
                ".inf", "1_000", "-", "'", '"', ":", ": ", " #", "#", "&a", "*a", "!", "|", ">", "%", "@", "`", "[",
                "]", "{", "}", ",", "?", " ", "  ", "\t", "/", "https://example.com/a?b=1&c=2", "http://x.y/z:",
                "\x85", "\u2028", "\x07", "\ufeff", "é", "\\", "\\n", "\\x41", "''", '""', "\ud800", "\x9f"]


def _header_line() -> st.SearchStrategy[str]:
    """Mostly lines the plain reader may take (a known key, ": ", pieces joined by spaces),
    some with any key, separator and pieces glued together."""
    piece = st.sampled_from(VALUE_PIECES)
    plain = st.builds(lambda k, v: f"{k}: {v}", st.sampled_from(KNOWN_KEYS),
                      st.lists(piece, min_size=1, max_size=4).map(" ".join))
    key = st.sampled_from(list(KNOWN_KEYS) + ["Title", "yes", "author", " title", "title "])
    sep = st.sampled_from([": ", ":", ":  ", " : "])
    wild = st.builds(lambda k, s, v: f"{k}{s}{v}", key, sep, st.lists(piece, max_size=5).map("".join))
    quoted = st.builds(lambda k, q, v: f"{k}: {q}{v}{q}", st.sampled_from(KNOWN_KEYS), st.sampled_from(['"', "'"]),
                       st.lists(piece, max_size=4).map(" ".join))
    return st.one_of(plain, plain, plain, wild, quoted, quoted)


@settings(SETTINGS, max_examples=500)
@given(st.lists(_header_line(), min_size=0, max_size=4), st.sampled_from(["\n", "\n", "\r\n"]))
def test_a_plain_header_reads_as_the_yaml_parser_reads_it(lines, end):
    text = "".join(line + end for line in lines)
    fast = _plain_header(text)
    if fast is None:
        return
    assert fast == yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    assert all(type(v) in (str, date) for v in fast.values())


def test_every_value_of_one_or_two_pieces_reads_as_the_yaml_parser_reads_it():
    """Exhaustive over one-line headers: each piece alone, and each pair glued or spaced."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    values = VALUE_PIECES + [a + sep + b for a in VALUE_PIECES for b in VALUE_PIECES for sep in ("", " ")]
    values += [q + v + q for v in values for q in ('"', "'")]  # and each of them quoted
    taken = 0
    for value in values:
        text = f"title: {value}\n"
        fast = _plain_header(text)
        if fast is not None:
            taken += 1
            assert fast == yaml.load(text, Loader=loader), text
    assert taken > 3000  # the reader is exercised, not just turning everything away


def test_the_plain_header_reader_takes_the_usual_headers():
    """It is used, not always turned away: the headers of the fixtures and of typical articles."""
    assert _plain_header("language: fr\npublished: 2025-06-24\nsource: Le Monde\n") == {
        "language": "fr", "published": date(2025, 6, 24), "source": "Le Monde"}
    assert _plain_header("url: https://example.com/a?b=1\ntitle: L’OTAN à La Haye, 5 %\n") == {
        "url": "https://example.com/a?b=1", "title": "L’OTAN à La Haye, 5 %"}
    assert _plain_header("title: NATO: 5%\n") is None  # a colon and a space: the parser decides
    assert _plain_header("title: Spending rises (again), says NATO\n")["title"] == "Spending rises (again), says NATO"
    assert _plain_header("language: no\n") is None  # YAML reads a boolean
    assert _plain_header("published: 2025-02-30\n") is None  # the parser reports the impossible date
    # quoted titles, as the seed articles write them (a colon inside the quotes)
    assert _plain_header('title: "Trump et Rutte : une alliance"\nsource: "seed 003"\n') == {
        "title": "Trump et Rutte : une alliance", "source": "seed 003"}
    assert _plain_header("title: 'NATO: 5%'\npublished: '2025-06-24'\n") == {"title": "NATO: 5%", "published": "2025-06-24"}
    assert _plain_header('title: "a \\"quote\\""\n') is None  # an escape: the parser reads it
    assert _plain_header("title: 'it''s'\n") is None  # a doubled quote: the parser reads it
