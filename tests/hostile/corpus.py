"""The hostile corpus: every input class of issue 8, as files, with what factlint must do.

Each ``Hostile`` is one file. ``outcome`` is what a run must say about it: ``"ok"`` (it is read;
exit 0 or 1; a correct result: ``expect`` lists mention texts the scan must find with their
values, ``forbid`` texts it must not report) or ``"error"`` (a one-line message that names the
file and contains ``message``; exit 2; the other files of the run are still checked). ``warning``
is a text the loader's warning for the file must contain. Inputs too large for a per-file run
(50 MB, linear-time checks) are built by the tests themselves.
"""

from __future__ import annotations

import codecs
import random
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

#: a sentence every reader must get right, the anchor of the encoding cases
GOOD = "NATO says Poland spends 4% of GDP on defence.\n"
GOOD_MENTION = ("4% of GDP", 4.0)
#: the value of the number in the Unicode digit sentences, written in each script
SCRIPT_VALUE = 35


@dataclass(frozen=True)
class Hostile:
    name: str
    data: bytes
    what: str
    outcome: str = "ok"
    message: str = ""
    expect: tuple[tuple[str, float], ...] = ()
    forbid: tuple[str, ...] = ()
    warning: str = ""
    #: the document has no mention at all (empty files)
    empty: bool = False
    extra: dict = field(default_factory=dict, compare=False)


def digit_scripts() -> list[int]:
    """The code point of the zero of every decimal digit script Unicode has (unicodedata)."""
    return [c for c in range(sys.maxunicode + 1)
            if unicodedata.decimal(chr(c), None) == 0 and unicodedata.decimal(chr(c + 9), None) == 9]


def in_script(zero: int, number: int) -> str:
    return "".join(chr(zero + int(d)) for d in str(number))


def _deep_html(depth: int) -> bytes:
    return (b"<!doctype html><html lang=en><body>" + b"<div>" * depth
            + b"<p>NATO deployed 10,000 soldiers for the summit.</p>" + b"</div>" * depth + b"</body></html>")


def build() -> list[Hostile]:
    rnd = random.Random(8)
    noise = rnd.randbytes(4096)
    out = [
        # ---- binary data
        Hostile("binary-nul.txt", bytes(range(256)) * 16, "binary file with NUL bytes", "error", "binary file"),
        Hostile("binary-controls.txt", bytes([1, 2, 3, 4, 5, 6, 7, 8, 0x0e, 0x0f]) * 400,
                "binary file without NUL bytes (control characters)", "error", "binary file"),
        Hostile("image-named.txt", b"\x89PNG\r\n\x1a\n" + noise, "an image with a text file's name", "error", "binary file"),
        Hostile("archive-named.html", b"PK\x03\x04" + noise, "a zip archive with an HTML name", "error", "binary file"),
        # ---- encodings
        Hostile("invalid-utf8.txt", b"NATO says Poland spends 4% of GDP on defence \xff\xfe\xc3(.\n",
                "invalid UTF-8 (decoded as cp1252 with a warning)", expect=(GOOD_MENTION,), warning="not valid UTF-8"),
        Hostile("utf16le-bom.txt", codecs.BOM_UTF16_LE + GOOD.encode("utf-16-le"), "UTF-16 LE with BOM",
                expect=(GOOD_MENTION,)),
        Hostile("utf16be-bom.txt", codecs.BOM_UTF16_BE + GOOD.encode("utf-16-be"), "UTF-16 BE with BOM",
                expect=(GOOD_MENTION,)),
        Hostile("utf16le-nobom.txt", GOOD.encode("utf-16-le"), "UTF-16 LE without BOM",
                expect=(GOOD_MENTION,), warning="no byte order mark"),
        Hostile("utf16be-nobom.txt", GOOD.encode("utf-16-be"), "UTF-16 BE without BOM",
                expect=(GOOD_MENTION,), warning="no byte order mark"),
        Hostile("utf32-bom.txt", codecs.BOM_UTF32_LE + GOOD.encode("utf-32-le"), "UTF-32 with BOM",
                expect=(GOOD_MENTION,)),
        Hostile("utf16-truncated.txt", codecs.BOM_UTF16_LE + GOOD.encode("utf-16-le") + b"\x41",
                "UTF-16 with BOM and an odd byte count", "error", "invalid UTF-16"),
        Hostile("utf8-bom.md", codecs.BOM_UTF8 + b"---\nlanguage: en\n---\n" + GOOD.encode(),
                "UTF-8 BOM before front matter", expect=(GOOD_MENTION,)),
        # ---- numbers
        Hostile("million-digits.txt", b"The figure was " + b"7" * 1_000_000 + b".\n" + GOOD.encode(),
                "a line of a million digits", expect=(GOOD_MENTION,)),
        Hostile("huge-numbers.txt", ("The budget was 1" + "0" * 400 + " euros, or 10^400, or 1e400, or 10**400.\n"
                                     + GOOD).encode(), "numbers past float range: 401 digits, 10^400, 1e400",
                expect=(GOOD_MENTION,)),
        Hostile("invisible-in-numbers.txt", ("NATO deployed 2\u200b000 soldiers and 5\u200d000 police officers. "
                                             + GOOD).encode(), "zero-width characters inside numbers (U+200B, U+200D)",
                expect=(GOOD_MENTION,), warning="U+200B"),
        Hostile("bidi-in-numbers.txt", ("Spending rose 3\u200e5% and 4\u202e5 % and 5\u2066,000 euros. " + GOOD).encode(),
                "bidi controls inside numbers (U+200E, U+202E, U+2066)", expect=(GOOD_MENTION,), warning="U+200E"),
        Hostile("digit-scripts.txt", "".join(f"NATO says Poland spends {in_script(z, SCRIPT_VALUE)}% of GDP on defence.\n"
                                             for z in digit_scripts()).encode(), "every Unicode decimal digit script",
                extra={"scripts": len(digit_scripts())}),
        Hostile("mixed-scripts.txt", ("The figure was " + "".join(chr(z + 3) for z in digit_scripts()) + ".\n" + GOOD).encode(),
                "one number mixing every digit script", expect=(GOOD_MENTION,)),
        # ---- HTML
        Hostile("deep-nesting.html", _deep_html(10_000), "HTML nested 10,000 deep", expect=(("10,000 soldiers", 10_000.0),)),
        Hostile("scripts-styles.html", b"<html lang=en><head><style>p:after{content:'99,999 soldiers'}</style>"
                b"<script>var s = '88,888 soldiers'; if (a < b && c > d) {}</script></head><body>"
                b"<p>NATO deployed 10,000 soldiers for the summit.</p><script>document.write('77,777 soldiers')</script>"
                b"<noscript>66,666 soldiers</noscript><template>55,555 soldiers</template></body></html>",
                "HTML with scripts and styles", expect=(("10,000 soldiers", 10_000.0),),
                forbid=("99,999", "88,888", "77,777", "66,666", "55,555")),
        Hostile("marked-sections.html", b"<html lang=en><body><![if !IE]><p>NATO deployed 10,000 soldiers for the summit.</p>"
                b"<![endif]><![foo[bar]]><![ x<![CDATA[44,444 soldiers]]></body></html>",
                "HTML with bogus marked sections (crashed Python 3.11's parser)", expect=(("10,000 soldiers", 10_000.0),)),
        Hostile("unclosable-markup.html", b"<html lang=en><body><p>NATO deployed 10,000 soldiers for the summit.</p>"
                + b"</<!<!--<?<a " * 3000, "markup that never closes (quadratic in Python 3.11's parser)",
                expect=(("10,000 soldiers", 10_000.0),)),
        Hostile("entities.html", b"<html lang=en><body><p>NATO deployed 10&#44;000 soldiers &#x110000; &#99999999999; "
                b"&#0; &bogus; &#; &#x; &amp;lt;script&amp;gt; for the summit.</p></body></html>",
                "HTML with invalid character references", expect=(("10,000 soldiers", 10_000.0),)),
        # ---- Markdown front matter
        Hostile("fm-unclosed.md", b"---\ntitle: x\n" + GOOD.encode(), "front matter never closed", "error", "never closed"),
        Hostile("fm-invalid-yaml.md", b"---\ntitle: [unclosed\npublished: 2025-01-01\n---\n" + GOOD.encode(),
                "front matter that is not YAML", "error", "not valid YAML"),
        Hostile("fm-python-tag.md", b"---\ntitle: !!python/object/apply:os.system ['touch PWNED']\n---\n" + GOOD.encode(),
                "front matter asking YAML to run Python", "error", "not valid YAML"),
        Hostile("fm-impossible-date.md", b"---\ntitle: x\npublished: 2025-02-30\n---\n" + GOOD.encode(),
                "front matter with an impossible date (raised a bare ValueError in PyYAML)", "error", "impossible date"),
        Hostile("fm-bad-date.md", b"---\npublished: next tuesday\n---\n" + GOOD.encode(),
                "front matter with a date that is no date", "error", "published"),
        Hostile("fm-deep.md", b"---\n" + b"- " * 60_000 + b"x\n---\n" + GOOD.encode(),
                "front matter nested 60,000 deep (crashed libyaml)", "error", "nests"),
        Hostile("fm-deep-flow.md", b"---\ntitle: " + b"[" * 60_000 + b"\n---\n" + GOOD.encode(),
                "front matter with 60,000 open brackets", "error", "nests"),
        Hostile("fm-aliases.md", ("---\n" + "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 10))
                                  + "published: *a9\n---\n" + GOOD).encode(),
                "front matter alias bomb ('billion laughs') in published", "error", "not a date"),
        Hostile("fm-list.md", b"---\n- a\n- b\n---\n" + GOOD.encode(), "front matter that is a list", "error", "key: value"),
        Hostile("fm-only.md", b"---\ntitle: x\n---\n", "front matter and no body", empty=True),
        # ---- empty
        Hostile("empty.txt", b"", "empty text file", empty=True),
        Hostile("empty.md", b"", "empty Markdown file", empty=True),
        Hostile("empty.html", b"", "empty HTML file", empty=True),
        Hostile("blank.txt", b" \n\t\r\n   \n", "white space only", empty=True),
        Hostile("bom-only.txt", codecs.BOM_UTF8, "a byte order mark only", empty=True),
        Hostile("tags-only.html", b"<html><body><div></div></body></html>", "HTML without text", empty=True),
    ]
    return out


def write(folder: str | Path) -> list[Path]:
    """Write the corpus into ``folder``; return the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for item in build():
        path = folder / item.name
        path.write_bytes(item.data)
        paths.append(path)
    return paths


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m tests.hostile.corpus DIR")
    for p in write(sys.argv[1]):
        print(p)
