"""Which language an article is written in: a stopword vote over the supported languages.

The function words of a language (``text.stopwords`` in ``checker/lang/<lang>.yaml``) make up
a third to a half of any running text, and the four supported languages share few of them, so
counting them decides reliably from one sentence of ten words on. A word listed by several
languages ("de", "la", "in") counts as a fraction for each. When the vote is thin or close, the
answer is the caller's default (and the loader says so in a warning) rather than a coin toss:
the wrong language's month names and number formats would mis-read the whole article.
"""

from __future__ import annotations

import functools
import re

from checker import lang as lang_data
from checker.regex_store import cached_compile

DEFAULT_LANGUAGE = "en"
#: read at most this many characters: the opening of an article decides its language
SAMPLE_CHARS = 20_000
#: the winner needs this many (weighted) stopwords ...
MIN_SCORE = 2.0
#: ... and this many times the runner-up's score
MIN_RATIO = 1.25

_WORD = cached_compile(r"[^\W\d_]+")


def normalize_language(code: str) -> str:
    """A supported language code from what a user or a page wrote ("FR", "fr-FR", "en_GB").

    Raises ``ValueError`` naming the supported languages for anything else.
    """
    primary = re.split(r"[-_]", code.strip().lower(), maxsplit=1)[0]
    if primary not in lang_data.SUPPORTED:
        raise ValueError(f"unsupported language {code!r} (supported: {', '.join(lang_data.SUPPORTED)})")
    return primary


@functools.cache
def _stopword_table() -> dict[str, tuple[tuple[str, float], ...]]:
    """word -> ((language, weight), ...), a word shared by k languages weighing 1/k in each."""
    owners: dict[str, list[str]] = {}
    for code in lang_data.SUPPORTED:
        for word in lang_data.section(code, "text").get("stopwords") or []:
            langs = owners.setdefault(str(word).lower(), [])
            if code not in langs:
                langs.append(code)
    return {word: tuple((code, 1.0 / len(langs)) for code in langs) for word, langs in owners.items()}


def language_scores(text: str) -> dict[str, float]:
    """Weighted stopword counts per language over the opening of ``text``."""
    table = _stopword_table()
    scores = dict.fromkeys(lang_data.SUPPORTED, 0.0)
    for word in _WORD.findall(text[:SAMPLE_CHARS].lower()):
        for code, weight in table.get(word, ()):
            scores[code] += weight
    return scores


def guess_language(text: str) -> str | None:
    """The language of ``text``, or ``None`` when the evidence is too thin or too close."""
    ranked = sorted(language_scores(text).items(), key=lambda item: item[1], reverse=True)
    if not ranked:
        return None
    best_lang, best = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if best < MIN_SCORE or best < MIN_RATIO * runner_up:
        return None
    return best_lang


def detect_language(text: str, default: str = DEFAULT_LANGUAGE) -> str:
    """The language of ``text`` among the supported ones, ``default`` when unsure. Never raises."""
    return guess_language(text) or default
