"""Hostile inputs the scanner (checker/extract/) once got wrong: regressions, each named.

- a number past float range (401 digits) was read as infinity and written as `Infinity` in JSON;
- an invisible format character inside a number (U+200B, U+200E, U+202E, U+2066, U+00AD) split
  it into two figures ("2\u200b000 soldiers" gave a count of 0 soldiers);
- ``parse_digits`` raised IndexError on a trailing separator ("1,").
"""

from __future__ import annotations

import json
import math

import pytest

from checker.extract.numbers import parse_digits
from checker.extract.scanner import scan_text
from tests.hostile.run import RULES, assert_clean, factlint

HUGE = "1" + "0" * 400  # 10^400: past the largest float (about 1.8e308)


def test_a_number_past_float_range_is_not_read_as_infinity():
    parsed = parse_digits(HUGE, "en")
    assert parsed is None or math.isfinite(parsed[0])
    for text in (f"The budget was {HUGE} euros.", "The figure was " + "7" * 100_000 + "."):
        for m in scan_text(text, "en"):
            values = m.value if isinstance(m.value, tuple) else (m.value,)
            assert all(not isinstance(v, float) or math.isfinite(v) for v in values), (m.text[:20], m.value)


def test_scan_jsonl_stays_json_for_numbers_past_float_range(tmp_path):
    (tmp_path / "huge.txt").write_text(f"The budget was {HUGE} euros.\n", encoding="utf-8")
    result = factlint("scan", "--format", "jsonl", "--lang", "en", "huge.txt", cwd=tmp_path)
    assert_clean(result)

    def refuse(constant: str):
        raise ValueError(f"{constant} is not JSON")

    for line in result.stdout.splitlines():
        json.loads(line, parse_constant=refuse)


def test_a_share_of_gdp_past_float_range_is_no_silent_claim(tmp_path):
    (tmp_path / "a.txt").write_text(f"Germany spends {HUGE}% of GDP on defence in 2024.\n", encoding="utf-8")
    result = factlint("check", "--rules", str(RULES), "--lang", "en", "--format", "json", "a.txt", cwd=tmp_path)
    assert_clean(result)
    report = json.loads(result.stdout, parse_constant=float)
    claims = [c for c in report["claims"] if c["metric"] == "defence_spending"]
    flagged = [f for f in report["findings"] if f.get("check") == "NATO-B1" or f.get("check_id") == "NATO-B1"]
    assert not claims or flagged, f"claim {claims[0]['value']} passed every check"


INVISIBLE = [
    ("NATO deployed 2\u200b000 soldiers.", "U+200B ZERO WIDTH SPACE"),
    ("Spending rose 3\u200e5%.", "U+200E LEFT-TO-RIGHT MARK"),
    ("It costs 4\u202e5 % of GDP.", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("They paid 5\u2066,000 euros.", "U+2066 LEFT-TO-RIGHT ISOLATE"),
    ("NATO deployed 27\u00ad000 soldiers.", "U+00AD SOFT HYPHEN"),
]


@pytest.mark.parametrize("text, char", INVISIBLE, ids=[c for _, c in INVISIBLE])
def test_an_invisible_character_inside_a_number_does_not_make_a_second_figure(text, char):
    """Either the whole number is read (2000 soldiers) or nothing: never '000 soldiers' or '5%'."""
    for m in scan_text(text, "en"):
        assert not _glued(text, m.start - 1, -1) and not _glued(text, m.end, 1), (
            f"{m.text!r} ({m.kind} {m.value}) is part of a number split by {char}")


def _glued(text: str, i: int, step: int) -> bool:
    """Do punctuation and format characters from ``i`` on (going ``step``) lead to a digit,
    with a format character (Unicode Cf) among them?"""
    import unicodedata

    seen_format = False
    for _ in range(3):
        if not 0 <= i < len(text) or text[i].isspace():
            return False
        if text[i].isdigit():
            return seen_format
        if text[i].isalpha():
            return False
        seen_format |= unicodedata.category(text[i]) == "Cf"
        i += step
    return False


@pytest.mark.parametrize("raw", ["1,", "1.", "12 ", "0\u00a0"])
def test_parse_digits_reads_the_number_before_a_trailing_separator(raw):
    assert parse_digits(raw, "en") == (float(raw.strip(" ,.\u00a0")), len(raw.rstrip(" ,.\u00a0")))
