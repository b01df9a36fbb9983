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
