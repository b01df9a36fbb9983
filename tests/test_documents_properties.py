"""Properties of the document layer on arbitrary input: spans stay sane, positions never fail."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.document import Document, detect_language, load_bytes, load_text, split_sentences
from checker.lang import SUPPORTED

# Text rich in the characters the segmenter and the line map care about.
PUNCTUATED = st.lists(
    st.sampled_from(list("aZé .!?…\n\r\t\"'»«”()3.5,:-#") + ["U.S.", "Mr. ", "z.B. ", "24. ", "\u00a0",
                                                             "\r\n", "\n\n", "etc. ", "¿", "Word"]),
    max_size=150,
).map("".join)
ANY_TEXT = st.one_of(st.text(max_size=300), PUNCTUATED)
LANGS = st.sampled_from(SUPPORTED)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT, LANGS)
def test_sentences_are_ordered_disjoint_trimmed_and_cover_the_text(text, lang):
    spans = split_sentences(text, lang)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        previous_end = end
    covered = set()
    for start, end in spans:
        covered.update(range(start, end))
    for i, char in enumerate(text):
        if not char.isspace():
            assert i in covered


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT, LANGS)
def test_line_col_of_plain_text_matches_the_source(text, lang):
    doc = Document("x.txt", text, lang=lang)  # any text, control characters included
    lines = re.split(r"\r\n|\r|\n", text)
    for offset in range(len(doc.text) + 1):
        line, col = doc.line_col(offset)
        assert 1 <= line <= len(lines) and col >= 1
        if offset < len(text) and text[offset] not in "\r\n":
            assert lines[line - 1][col - 1] == text[offset]
        assert 0 <= doc.sentence_at(offset) < max(len(doc.sentences), 1) or doc.sentence_at(offset) == -1


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40), ANY_TEXT)
def test_line_col_of_markdown_body_matches_the_source(title, body):
    source = "---\ntitle: " + repr(title.replace("\r", "")) + "\n---\n" + body
    try:
        doc = load_text(source, path="x.md", format="md")
    except Exception as exc:  # only a LoadError is acceptable (odd YAML in the title)
        assert type(exc).__name__ == "LoadError"
        return
    lines = re.split(r"\r\n|\r|\n", source)
    for offset in range(len(doc.text) + 1):
        line, col = doc.line_col(offset)
        if offset < len(doc.text) and doc.text[offset] not in "\r\n":
            assert lines[line - 1][col - 1] == doc.text[offset]


HTML_PIECES = st.sampled_from([
    "<p>", "</p>", "<div>", "</div>", "<br>", "<nav>", "</nav>", "<script>", "</script>",
    "<b>", "</b>", "&amp;", "&nbsp;", "&#233;", "&#x41;", "&bogus", "&#", "<!-- c -->", "<",
    ">", "\n", "  ", "Text 42.", "é", "<article>", "</article>", "<time datetime='2025-01-02'>",
    "<meta property='article:published_time' content='x'>", "\r\n", "<br/>", "<p class='a'>",
])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(HTML_PIECES, st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=8)),
                max_size=40).map("".join))
def test_html_line_col_never_fails_and_stays_in_the_source(page):
    doc = load_bytes(page.encode("utf-8"), "page.html")
    lines = re.split(r"\r\n|\r|\n", page)
    for offset in range(len(doc.text) + 1):
        line, col = doc.line_col(offset)
        assert 1 <= line <= len(lines)
        assert 1 <= col <= len(lines[line - 1]) + 1
    for start, end in doc.sentences:
        assert 0 <= start < end <= len(doc.text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=500))
def test_detection_never_raises(text):
    assert detect_language(text) in SUPPORTED
    assert detect_language(text, default="de") in SUPPORTED


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_load_or_fail_with_a_load_error(data):
    from checker.document import LoadError

    for name in ("x.txt", "x.md", "x.html"):
        try:
            doc = load_bytes(data, name)
        except LoadError as exc:
            assert "\n" not in str(exc) and str(exc).startswith(name)
            continue
        for offset in range(len(doc.text) + 1):
            doc.line_col(offset)
