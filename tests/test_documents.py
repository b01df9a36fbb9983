"""The document layer as a user meets it: files, folders and stdin in, documents or one-line errors out."""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import re
import sys
from datetime import date
from pathlib import Path

import pytest

from checker.document import (
    Document, LoadError, detect_language, iter_documents, load_path, load_text, split_sentences,
)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEEDS = Path("/work/shared/seeds")
NATO = FIXTURES / "nato-rutte-criticism.md"
OTAN = FIXTURES / "otan-sommet-la-haye.md"
OTAN_HTML = FIXTURES / "html" / "otan-sommet-extrait.html"


def write(path: Path, data: bytes | str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return str(path)


def sentences_of(text: str, lang: str = "en") -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, lang)]


def source_char(path: Path | str, line: int, col: int, encoding: str = "utf-8") -> str:
    lines = re.split(r"\r\n|\r|\n", Path(path).read_bytes().decode(encoding).lstrip("\ufeff"))
    return lines[line - 1][col - 1]


# --- formats -------------------------------------------------------------------------------

def test_plain_text_file(tmp_path):
    data = "The budget rose by 3.5% in 2024. It will rise again.\n".encode()
    path = write(tmp_path / "a.txt", data)
    doc = load_path(path)
    assert doc.format == "txt" and doc.path == path
    assert doc.text == data.decode()
    assert doc.lang == "en" and doc.published is None and doc.warnings == []
    assert doc.content_hash == hashlib.sha256(data).hexdigest()
    assert [doc.text[s:e] for s, e in doc.sentences] == ["The budget rose by 3.5% in 2024.",
                                                        "It will rise again."]


def test_markdown_fixtures_keep_the_seed_text_byte_for_byte():
    for fixture, seed in ((NATO, "000_c541afeba0497c52.txt"), (OTAN, "003_9d5b6252ea8b62a9.txt")):
        raw = fixture.read_bytes()
        body = raw.split(b"\n---\n", 1)[1]
        if SEEDS.exists():
            assert body == (SEEDS / seed).read_bytes()
        assert load_path(str(fixture)).text == body.decode("utf-8")


def test_markdown_front_matter_fields():
    nato = load_path(str(NATO))
    assert nato.format == "md" and nato.lang == "en"
    assert nato.title == "NATO Secretary-General Mark Rutte is facing growing criticism"
    assert nato.source == "seed 000" and nato.url is None
    assert nato.published is None  # undated stays undated, never today
    otan = load_path(str(OTAN))
    assert otan.lang == "fr" and otan.source == "seed 003"
    assert otan.published == date(2025, 6, 24)
    assert otan.title == "Trump et Rutte : une alliance pour l’avenir de l’OTAN à La Haye !"


@pytest.mark.parametrize("value", ["2025-06-24", '"2025-06-24"', "2025-06-24T10:30:00+02:00",
                                   "'2025-06-24 08:00'"])
def test_published_as_yaml_date_string_or_datetime(tmp_path, value):
    path = write(tmp_path / "a.md", f"---\npublished: {value}\n---\nText.\n")
    assert load_path(path).published == date(2025, 6, 24)


def test_unreadable_published_date_is_an_error_at_its_line(tmp_path):
    path = write(tmp_path / "a.md", "---\ntitle: x\npublished: 24/06/2025\n---\nText.\n")
    with pytest.raises(LoadError) as info:
        load_path(path)
    assert info.value.line == 3
    assert str(info.value).startswith(f"{path}:3: front matter: published:")


def test_broken_yaml_front_matter_reports_the_yaml_line(tmp_path):
    path = write(tmp_path / "a.md", "---\ntitle: ok\nsource: [unclosed\nlanguage: en\n---\nBody.\n")
    with pytest.raises(LoadError) as info:
        load_path(path)
    err = info.value
    assert err.path == path and err.line in (4, 5) and err.column is not None
    text = str(err)
    assert text.startswith(f"{path}:{err.line}:{err.column}: front matter is not valid YAML")
    assert "\n" not in text


def test_front_matter_errors_and_warnings(tmp_path):
    unclosed = write(tmp_path / "u.md", "---\ntitle: x\nBody without end of header.\n")
    with pytest.raises(LoadError, match="never closed") as info:
        load_path(unclosed)
    assert info.value.line == 1
    not_mapping = write(tmp_path / "l.md", "---\n- a\n- b\n---\nBody.\n")
    with pytest.raises(LoadError, match="key: value"):
        load_path(not_mapping)
    bad_lang = write(tmp_path / "it.md", "---\nlanguage: it\n---\nBody.\n")
    with pytest.raises(LoadError, match="unsupported language") as info:
        load_path(bad_lang)
    assert info.value.line == 2
    typo = write(tmp_path / "t.md", "---\nautor: Jane\nlang: fr-FR\n---\nLe texte.\n")
    doc = load_path(typo)
    assert doc.lang == "fr"
    assert any("'autor'" in w for w in doc.warnings)


def test_markdown_without_front_matter(tmp_path):
    path = write(tmp_path / "a.md", "# Budget 2025\n\nThe deficit reached 5.1% of GDP.\n")
    doc = load_path(path)
    assert doc.text.startswith("# Budget 2025") and doc.title == "Budget 2025"
    assert doc.line_col(0) == (1, 1)


def test_html_fixture_keeps_the_article_only():
    doc = load_path(str(OTAN_HTML))
    assert doc.format == "html" and doc.lang == "fr"
    assert doc.published == date(2025, 6, 25)
    assert doc.title == "Sommet de l’OTAN à La Haye : les chiffres clés"
    assert doc.source == "Le Quotidien de l’Alliance"
    assert doc.url == "https://example.org/monde/otan-sommet-la-haye-chiffres"
    text = doc.text
    for kept in ("31 autres chefs d'État", "5\u00a0% du produit intérieur brut", "35 milliards de dollars",
                 "L’opération de sécurité", "27\u00a0000 policiers", "10\u00a0000 militaires"):
        assert kept in text
    for dropped in ("Monde", "12 dossiers", "font-family", "analytics", "3,5 %", "7 alertes",
                    "droits réservés", "À lire aussi"):
        assert dropped not in text
    assert "  " not in text  # HTML white space collapsed
    assert len(doc.sentences) == 6


def test_html_dates_and_fallbacks(tmp_path):
    by_time = write(tmp_path / "t.html", "<html><body><p>Posted <time datetime='2024-03-01'>March 1"
                    "</time>.</p><p>Prices rose 3%.</p></body></html>")
    assert load_path(by_time).published == date(2024, 3, 1)
    by_meta = write(tmp_path / "m.html", "<html><head><meta name='date' content='2023-12-31'>"
                    "<title>T</title></head><body><p>Text here.</p></body></html>")
    doc = load_path(by_meta)
    assert doc.published == date(2023, 12, 31) and doc.title == "T" and doc.text == "Text here."
    undated = write(tmp_path / "n.html", "<p>No date at all in this page.</p>")
    assert load_path(undated).published is None
    bad = write(tmp_path / "b.html", "<meta property='article:published_time' content='yesterday'><p>X.</p>")
    doc = load_path(bad)
    assert doc.published is None and any("yesterday" in w for w in doc.warnings)


def test_html_nested_ten_thousand_deep(tmp_path):
    depth = 10_000
    page = "<html><body>" + "<div>" * depth + "<p>Deep inside, 42 people.</p>" + "</div>" * depth + "</body></html>"
    doc = load_path(write(tmp_path / "deep.html", page))
    assert doc.text == "Deep inside, 42 people."
    assert doc.line_col(doc.text.index("42")) == (1, page.index("42") + 1)
    unclosed = "<div><span>" * depth + "Still 7 readable."
    assert load_path(write(tmp_path / "open.html", unclosed)).text == "Still 7 readable."


def test_html_odd_markup(tmp_path):
    page = ("<p>AT&T paid &dollar;5 &amp; more &#x2014; then &#bogus; stayed.</p>"
            "<script>var s = '<p>hidden</p>';</script><p>Next <b>bold</b>  <i>one</i>.</p>")
    doc = load_path(write(tmp_path / "odd.html", page))
    assert doc.text == "AT&T paid $5 & more \u2014 then &#bogus; stayed.\n\nNext bold one."


# --- encodings and bad files ---------------------------------------------------------------

def test_utf8_bom_and_utf16(tmp_path):
    text = "Le budget de la défense atteint 5 % du PIB.\nÇa coûte cher pour les pays de l'alliance.\n"
    for name, data in (("bom.txt", codecs.BOM_UTF8 + text.encode("utf-8")),
                       ("le.txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le")),
                       ("be.txt", codecs.BOM_UTF16_BE + text.encode("utf-16-be"))):
        doc = load_path(write(tmp_path / name, data))
        assert doc.text == text and doc.warnings == [] and doc.lang == "fr", name
        assert doc.line_col(doc.text.index("Ç")) == (2, 1)


def test_cp1252_fallback_warns(tmp_path):
    data = "Le caf\xe9 co\xfbte 5 \u20ac de plus.\n".encode("cp1252")
    doc = load_path(write(tmp_path / "old.txt", data))
    assert doc.text == "Le café coûte 5 € de plus.\n"
    assert len(doc.warnings) == 1
    assert "not valid UTF-8" in doc.warnings[0] and "cp1252" in doc.warnings[0]
    assert "line 1" in doc.warnings[0]


def test_binary_file_is_an_error_and_the_run_goes_on(tmp_path):
    good1 = write(tmp_path / "a.txt", "First file.")
    binary = write(tmp_path / "b.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    controls = write(tmp_path / "c.txt", bytes(range(1, 9)) * 50)
    good2 = write(tmp_path / "d.txt", "Last file.")
    missing = str(tmp_path / "missing.txt")
    results = list(iter_documents([good1, binary, controls, missing, good2]))
    assert [type(r).__name__ for r in results] == ["Document", "LoadError", "LoadError", "LoadError", "Document"]
    assert str(results[1]) == f"{binary}: binary file (contains NUL bytes), skipped"
    assert "control characters" in str(results[2])
    assert str(results[3]) == f"{missing}: no such file or directory"
    assert results[4].text == "Last file."


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file_is_an_error(tmp_path):
    path = write(tmp_path / "secret.txt", "Hidden.")
    os.chmod(path, 0)
    try:
        (err,) = list(iter_documents([path]))
        assert isinstance(err, LoadError) and "cannot read" in str(err)
    finally:
        os.chmod(path, 0o644)


def test_empty_file_is_an_empty_document(tmp_path):
    doc = load_path(write(tmp_path / "empty.md", b""))
    assert doc.text == "" and doc.sentences == [] and doc.warnings == []
    assert doc.line_col(0) == (1, 1) and doc.sentence_at(0) == -1


def test_load_error_formatting():
    assert str(LoadError("a.md", 3, 7, "bad\nthing")) == "a.md:3:7: bad thing"
    assert str(LoadError("a.md", 3, None, "bad")) == "a.md:3: bad"
    assert str(LoadError("a.md", None, None, "bad")) == "a.md: bad"


# --- folders and stdin ---------------------------------------------------------------------

def test_folder_recursion_sorted_with_extension_list_and_exclude(tmp_path):
    for name in ("b.md", "a.txt", "sub/c.html", "sub/deeper/d.markdown", "sub/e.htm",
                 "notes.pdf", "z.TXT", ".hidden/x.txt", "drafts/y.txt"):
        write(tmp_path / name, "<p>Some text.</p>" if "htm" in name else "Some text.")
    docs = list(iter_documents([str(tmp_path)], exclude=["drafts"]))
    names = [os.path.relpath(d.path, tmp_path) for d in docs]
    assert names == ["a.txt", "b.md", "sub/c.html", "sub/deeper/d.markdown", "sub/e.htm", "z.TXT"]
    assert all(isinstance(d, Document) for d in docs)
    assert [d.format for d in docs] == ["txt", "md", "html", "md", "html", "txt"]
    only_md = list(iter_documents([str(tmp_path)], exclude=["*.txt", "*.htm*", "drafts"]))
    # globs are case-sensitive, extensions are not
    assert [os.path.basename(d.path) for d in only_md] == ["b.md", "d.markdown", "z.TXT"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_symlink_loop_is_walked_once(tmp_path):
    write(tmp_path / "top" / "a.txt", "One.")
    write(tmp_path / "top" / "inner" / "b.txt", "Two.")
    os.symlink(tmp_path / "top", tmp_path / "top" / "inner" / "loop")
    os.symlink("self.txt", tmp_path / "top" / "self.txt")  # a link to itself
    results = list(iter_documents([str(tmp_path / "top"), str(tmp_path / "top" / "a.txt")]))
    docs = [r for r in results if isinstance(r, Document)]
    assert sorted(os.path.basename(d.path) for d in docs) == ["a.txt", "b.txt"]
    errors = [r for r in results if isinstance(r, LoadError)]
    assert len(errors) == 1 and "self.txt" in str(errors[0])


def test_stdin(monkeypatch):
    data = "---\nlanguage: de\npublished: 2025-01-02\n---\nDer Haushalt stieg am 24. Juni um 3 Prozent.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode("utf-8"))))
    (doc,) = list(iter_documents(["-"]))
    assert doc.path == "-" and doc.format == "md" and doc.lang == "de"
    assert doc.published == date(2025, 1, 2)
    assert doc.text == "Der Haushalt stieg am 24. Juni um 3 Prozent.\n"
    assert len(doc.sentences) == 1
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"<html><p>Hi there.</p></html>")))
    assert load_path("-").format == "html"


def test_caller_language_and_bad_language():
    assert load_text("Texte court.", lang="fr").lang == "fr"
    with pytest.raises(ValueError, match="unsupported language"):
        list(iter_documents(["-"], lang="xx"))


# --- positions -----------------------------------------------------------------------------

def test_line_col_in_markdown_points_into_the_source_file():
    for fixture in (NATO, OTAN):
        doc = load_path(str(fixture))
        offsets = [m.start() for m in re.finditer(r"\d+|[A-Z]\w+", doc.text)]
        assert offsets
        for offset in offsets:
            line, col = doc.line_col(offset)
            assert source_char(fixture, line, col) == doc.text[offset]
    otan = load_path(str(OTAN))
    assert otan.line_col(0) == (7, 1)  # six lines of front matter
    assert otan.line_col(otan.text.index("Le 24 juin 2025")) == (8, 1)


def test_line_col_in_html_points_into_the_source_file():
    doc = load_path(str(OTAN_HTML))
    source = OTAN_HTML.read_text("utf-8")
    for m in re.finditer(r"\S", doc.text):
        line, col = doc.line_col(m.start())
        char = source_char(OTAN_HTML, line, col)
        assert char == m.group() or char == "&", (m.group(), line, col)  # entities map to their '&'
    at = doc.line_col(doc.text.index("27\u00a0000"))
    assert source.split("\n")[at[0] - 1][at[1] - 1:].startswith("27&nbsp;000")
    assert doc.line_col(len(doc.text))[0] >= 1


def test_line_col_with_crlf_and_cr(tmp_path):
    doc = load_path(write(tmp_path / "w.txt", b"First line.\r\nSecond 22.\rThird 33.\n"))
    assert doc.line_col(doc.text.index("22")) == (2, 8)
    assert doc.line_col(doc.text.index("33")) == (3, 7)
    with pytest.raises(ValueError):
        doc.line_col(len(doc.text) + 1)


def test_sentence_at():
    doc = load_text("One is here. Two is there.\n\nThree.")
    assert doc.sentence_at(0) == 0
    assert doc.sentence_at(doc.text.index("Two")) == 1
    assert doc.sentence_at(doc.text.index("there")) == 1
    assert doc.sentence_at(doc.text.index("Three")) == 2
    assert doc.sentence_at(len(doc.text)) == 2


# --- language ------------------------------------------------------------------------------

def test_language_of_the_fixtures_without_front_matter():
    assert detect_language(NATO.read_text("utf-8").split("---\n", 2)[2]) == "en"
    assert detect_language(OTAN.read_text("utf-8").split("---\n", 2)[2]) == "fr"
    if SEEDS.exists():
        assert load_path(str(SEEDS / "003_9d5b6252ea8b62a9.txt")).lang == "fr"


@pytest.mark.parametrize("lang, sentence", [
    ("en", "The government said on Monday that the budget would rise by five percent next year."),
    ("fr", "Le gouvernement a annoncé lundi que le budget augmentera de cinq pour cent l'an prochain."),
    ("de", "Die Regierung hat am Montag gesagt, dass der Haushalt im nächsten Jahr um fünf Prozent steigt."),
    ("es", "El gobierno dijo el lunes que el presupuesto subirá un cinco por ciento el próximo año."),
    ("en", "Prices rose sharply in all of the regions that were hit by the storm last week."),
    ("fr", "Les prix ont fortement augmenté dans toutes les régions touchées par la tempête."),
    ("de", "Die Preise sind in allen Regionen, die vom Sturm getroffen wurden, stark gestiegen."),
    ("es", "Los precios subieron mucho en todas las regiones afectadas por la tormenta de la semana."),
    ("fr", "Zelensky a un besoin urgent de 35 milliards de dollars pour son armée."),  # shares words with es
    ("es", "La empresa anunció que cerrará dos fábricas en Francia el próximo mes."),
])
def test_language_of_one_sentence(lang, sentence):
    assert detect_language(sentence) == lang


def test_language_default_when_unsure(tmp_path):
    assert detect_language("") == "en"
    assert detect_language("2025 2026 12,5 %", default="fr") == "fr"
    assert detect_language("Tesla Model S", default="de") == "de"
    doc = load_path(write(tmp_path / "n.txt", "Tesla 3 Model S 2024"))
    assert doc.lang == "en" and any("language not recognised" in w for w in doc.warnings)


# --- sentences -----------------------------------------------------------------------------

@pytest.mark.parametrize("lang, text, expected", [
    ("en", "Growth was 3.5 percent. It fell.", ["Growth was 3.5 percent.", "It fell."]),
    ("en", "The U.S. economy grew. Europe did not!", ["The U.S. economy grew.", "Europe did not!"]),
    ("en", "Mr. Smith met Dr. Jones at 5 p.m. on Friday. Why? Nobody knows.",
     ["Mr. Smith met Dr. Jones at 5 p.m. on Friday.", "Why?", "Nobody knows."]),
    ("en", "He moved to the U.S. The rest followed.", ["He moved to the U.S.", "The rest followed."]),
    ("en", "Apples, pears, etc. were sold. Then etc. Later we left.",
     ["Apples, pears, etc. were sold.", "Then etc.", "Later we left."]),
    ("en", "J. K. Rowling wrote it. \"It sold 500 million copies.\" Then she stopped.",
     ["J. K. Rowling wrote it.", "\"It sold 500 million copies.\"", "Then she stopped."]),
    ("en", "Ranked No. 1 in 2024. Version 2.0 shipped.", ["Ranked No. 1 in 2024.", "Version 2.0 shipped."]),
    ("en", "Wait... what happened? It was 9.99 dollars.", ["Wait... what happened?", "It was 9.99 dollars."]),
    ("fr", "M. Macron et Mme Dupont sont arrivés. Le sommet commence !",
     ["M. Macron et Mme Dupont sont arrivés.", "Le sommet commence !"]),
    ("fr", "Il a dit : « C'est fini. » Puis il est parti.", ["Il a dit : « C'est fini. »", "Puis il est parti."]),
    ("de", "Am 24. Juni stieg der Preis z.B. um 3,5 Prozent. Das ist viel.",
     ["Am 24. Juni stieg der Preis z.B. um 3,5 Prozent.", "Das ist viel."]),
    ("de", "Das Ziel für 2035. Danach folgt mehr.", ["Das Ziel für 2035.", "Danach folgt mehr."]),
    ("es", "El Sr. García llegó a EE.UU. el lunes. ¿Por qué? Nadie lo sabe.",
     ["El Sr. García llegó a EE.UU. el lunes.", "¿Por qué?", "Nadie lo sabe."]),
])
def test_sentence_cases(lang, text, expected):
    assert sentences_of(text, lang) == expected


def test_sentences_paragraphs_headings_and_lists():
    text = ("The 3% Trap\nThe 3% spending target illustrates the problem.\n\n"
            "Second paragraph without a final period\n\nThird: a list\n- 27 000 police\n- 10 000 soldiers\n"
            "## Markdown heading\nBody text.")
    assert sentences_of(text) == [
        "The 3% Trap", "The 3% spending target illustrates the problem.",
        "Second paragraph without a final period", "Third: a list", "- 27 000 police",
        "- 10 000 soldiers", "## Markdown heading", "Body text."]


def test_sentences_in_hard_wrapped_text_are_not_cut_at_line_ends():
    text = ("The alliance agreed on Tuesday to raise its spending target to five percent of\n"
            "GDP by 2035, a level that several members say they cannot reach without deep\n"
            "cuts elsewhere, according to officials who attended the closed-door meeting in\n"
            "The Hague. Spain has already asked for an exemption from the new target, and\n"
            "Donald Trump has called that request unacceptable in a post on his network.\n\n"
            "Key figures\n\n"
            "Members spent an average of 2.0 percent of GDP on defence last year, up from\n"
            "1.7 percent a year earlier.\n")
    assert sentences_of(text) == [
        text[:text.index("The Hague.") + len("The Hague.")],
        text[text.index("Spain"):text.index("network.") + len("network.")],
        "Key figures",
        text[text.index("Members"):text.rindex(".") + 1],
    ]


def test_abbreviations_come_from_the_language_files():
    from checker.lang import section

    for lang, abbreviation in (("en", "Mr"), ("fr", "Mme"), ("de", "z.B"), ("es", "Sr")):
        assert abbreviation in section(lang, "text")["abbreviations"]
        assert len(sentences_of(f"Hier {abbreviation}. Xavier kam.", lang)) == 1
    assert 50 <= len(section("en", "text")["stopwords"]) <= 100


def test_sentences_fast_enough():
    import time

    text = (NATO.read_text("utf-8") + "\n\n") * 200  # ~1 MB
    started = time.perf_counter()
    spans = split_sentences(text, "en")
    elapsed = time.perf_counter() - started
    assert len(spans) > 10_000
    assert len(text) / elapsed > 2_000_000, f"{len(text) / elapsed / 1e6:.1f} MB/s"
