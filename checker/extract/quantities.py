"""Find quantity mentions in text: percentages, money, counts, measures and bare numbers.

One compiled regex finds every number *core* (digits in the language's style, spelled-out
numbers, fractions, vague plurals such as "tens of thousands") in a single pass; each core is
then read outwards with anchored look-ups: to the right a scale ("milliards"), a percent sign,
"of GDP", a currency, a unit or the counted noun, then a second number for a range; to the left
(on the reversed text) a currency symbol, a qualifier ("plus de"), a range opener ("between")
and a change word ("rose"). Numbers that are labels, ordinals, clock times, model names or
years are dropped. All words come from the language's data file (``checker.extract.lexicon``).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from checker import regex_store
from checker.extract.lexicon import Lexicon, lexicon, normalized as _norm, singular
from checker.extract.mention import Mention
from checker.extract.numbers import UNICODE_FRACTIONS, number_format, parse_digits, parse_words
from checker.extract.patterns import WordStarts, compile_spelled, leftmost_spans, phrase_pattern, skip_ahead, trie_pattern
from checker.extract.units import currency_unit_name, iso_duration, unit_matcher, vocabulary

#: a word: letters, joined by single hyphens, apostrophes or "&" ("heads-up", "AT&T")
#: (written "letters+ (joiner letters+)*", not "letter (letter | joiner(?=letter))*": the same
#: matches, but a run of one class is counted in one loop of the engine, where an alternation
#: inside a repeat went through its repeat machinery at every character)
WORD_RE = regex_store.cached_compile(r"[\s\u00a0\u202f]*([^\W\d_]+(?:[\-'’&][^\W\d_]+)*['’]?\.?)")
#: ``WORD_RE`` whose white space holds no line break
WORD_IN_LINE_RE = regex_store.cached_compile(r"[^\S\n]*([^\W\d_]+(?:[\-'’&][^\W\d_]+)*['’]?\.?)")
UNIT_TOKEN_RE = regex_store.cached_compile(r"[\s\u00a0\u202f]*-?([^\s\d,;:!?()\[\]{}\"“”«»][^\s,;:!?()\[\]{}\"“”«»]*|\"|″|”)")
GLUED_RE = regex_store.cached_compile(r"[^\W\d_]+")
FORMAT_CHARS = "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
# (written "\d(?<!\d\d)\d*+" rather than "(?<!\d)\d++": the same matches, but a pattern that
# starts with a digit lets the engine skip ahead to the next digit)
SPLIT_BY_FORMAT_RE = regex_store.cached_compile(r"\d(?<!\d\d)\d*+(?:[,.'’]?[" + FORMAT_CHARS + r"]++[,.'’]?\d++)+")
#: any format character: where there is none (most texts), no number is split by one
FORMAT_CHAR_RE = regex_store.cached_compile("[" + FORMAT_CHARS + "]")
#: the same characters one by one (``FORMAT_CHARS``'s ranges spelled out, not a test of every
#: character at import): ``has_format_char`` looks for each with ``in``
FORMAT_CHAR_LIST = tuple(chr(c) for part in re.findall(".-.|.", FORMAT_CHARS, re.S)
                         for c in range(ord(part[0]), ord(part[-1]) + 1))
ORDINAL_PERIOD_RE = regex_store.cached_compile(r"\.[ \u00a0]+[a-zäöüß]")
WORD_AHEAD_RE = regex_store.cached_compile(r"[ \u00a0]+[^\W\d_]")
NOUN_AHEAD_RE = regex_store.cached_compile(r"[\s\u00a0]+(?:[a-z]{3,}|of\b)")
HANGING_HYPHEN_RE = regex_store.cached_compile(r"-(?=[\s\u00a0]+[^\W\d_])")
WORD_BEFORE_RE = regex_store.cached_compile(r"([^\W\d_][\w.&'’\-]*)[\s\u00a0]*$")
CONVERSION_RE = regex_store.cached_compile(r"[\s\u00a0]*[(/][\s\u00a0]*|[\s\u00a0]*/[\s\u00a0]*")
SENTENCE_END = regex_store.cached_compile(r"(?:^|[.!?]\s+|\n\s*)$")
PERCENT_UNIT = "percentage"
GDP_UNIT = "percentage of GDP"
POINT_UNIT = "percentage point"
BASIS_UNIT = "basis point"
AGE_UNIT = "year of age"


@dataclass(slots=True)
class _Reading:
    """What has been read around one number core so far."""

    start: int
    end: int
    value: float
    core_start: int
    core_end: int
    words: bool = False           # spelled out
    plain_digits: bool = False    # digits only, no separator or decimals
    scale: float = 1.0
    kind: str = "number"
    unit: str = "dimensionless"
    currency: str | None = None
    counted: str | None = None
    qualifier: str = "="
    change: str | None = None
    opener: str | None = None
    high: float | None = None     # end of a range
    extra: dict = field(default_factory=dict)

    @property
    def has_unit(self) -> bool:
        return self.kind not in ("number", "count")


class QuantityScanner:
    """Scans text of one language. Build once per language (``scanner_for``) and reuse."""

    def __init__(self, lang: str):
        self.lang = lang
        self.lex: Lexicon = lexicon(lang)
        self.fmt = number_format(lang)
        #: the spans ``scan`` skips (time expressions, phone numbers), sorted, and their starts
        self._skip: list[tuple[int, int]] = []
        self._skip_starts: list[int] = []
        lex = self.lex
        self.block = (
            lex.stopwords | lex.non_nouns | set(lex.change) | set(lex.qual_before) | lex.months
            | lex.ordinal_words | set(lex.currency_names)
        )
        # inside a noun phrase only function words end it ("job cuts" is a noun, "cuts 5%" not)
        self.block_inner = lex.stopwords | lex.non_nouns | lex.months
        self.multiword_plurals = tuple(p for p in lex.irregular_plurals if " " in p or "'" in p or "’" in p)
        folds = "|".join(re.escape(f) for f in (lex.fold_suffixes or ())) or "(?!)"
        words_vocab = sorted(set(self.fmt.words) | set(self.fmt.multipliers))
        core = [
            r"(?P<slash>(?<![\d/])\d{1,3}[/⁄]\d{1,3}(?![\d/]))",
            r"(?P<sign>(?:(?<=[\s(\[:])|^)[-+−])?(?P<digits>" + self.fmt.digits_re.pattern + ")",
            r"(?P<ufrac>[" + "".join(UNICODE_FRACTIONS) + "])",
            r"(?P<fold>(?i:\b(?:" + trie_pattern(words_vocab) + r"|\d+)-?(?:" + folds + r"))\b)",
            r"(?P<vague>(?i:" + lex.vague_re.pattern + "))",
            r"(?P<frac>(?i:" + lex.fraction_re.pattern + "))",
            r"(?P<words>" + self.fmt.words_re.pattern + ")",
        ]
        self.core_re = compile_spelled("|".join(core))
        # candidates are found by two cheap regexes (digits; first words of spelled-out numbers)
        # and only then matched against the full core pattern: one big alternation tried at every
        # position of the text is four times slower
        articles = lex.articles
        vocab = set(self.fmt.words) | set(self.fmt.multipliers) | set(lex.fractions) | set(lex.vague_plurals) | set(lex.vague_prefixes)
        first = set()
        for w in vocab:
            toks = re.split(r"[\s\-]+", w)
            first.add(toks[1] if len(toks) > 1 and toks[0] in articles else toks[0])
        first = {f for f in first if f}
        first |= {f[:1].upper() + f[1:] for f in first}
        # (not "[..]+": a pattern that opens with a class lets the engine skip along the text to
        # the next digit; one that opens with a repeat is tried at every character. And the class
        # it skips with is of plain characters, ASCII digits and all outside ASCII: "\d" costs a
        # look-up in the Unicode tables at each character; the lookbehind checks the rare others)
        digit = r"[\d" + "".join(UNICODE_FRACTIONS) + r"]"
        self.digit_trigger_re = regex_store.cached_compile(r"[0-9\x80-\U0010ffff](?<=" + digit + ")" + digit + "*")
        first_class = "[" + "".join(re.escape(c) for c in sorted({f[0] for f in first})) + "]"
        first_words = trie_pattern(first)
        # (``WordStarts`` needs words that open with a word character; "\b" holds before them;
        # else the slower ``skip_ahead`` search)
        self.word_starts = WordStarts(first_words, first_class) if all(re.match(r"\w", f) for f in first) else None
        self.word_trigger_re = skip_ahead(r"\b(?:" + first_words + ")", first_class) if self.word_starts is None else None
        self.article_before_re = compile_spelled(r"(?i:\b(?:" + "|".join(map(re.escape, sorted(articles))) + r"))[ \u00a0]+$") if articles else re.compile("(?!)")
        self.fwd_qual_re = compile_spelled(r"[\s\u00a0]*" + phrase_pattern(lex.qual_before) + r"(?![^\W\d_])", re.IGNORECASE)
        self.units = unit_matcher(lang, lex.stopwords)
        # any of the left look-ups at all: most numbers have none of them before
        self.left_any_re = look_up_gate(
            (lex.left_currency_re, lex.left_qual_re, lex.left_change_re, lex.left_open_re, lex.left_link_re))
        self.point_readers = ((lex.points_re, "percentage_point", POINT_UNIT), (lex.basis_re, "percentage_point", BASIS_UNIT))
        self._plurals: dict[str, bool] = {}
        self.fold_tail_re = compile_spelled(r"-?(?:" + ("|".join(map(re.escape, lex.fold_suffixes)) or "(?!)") + r")$", re.I)
        self.vague_linker_re = regex_store.cached_compile(r"[\s\u00a0]+" + re.escape(lex.vague_linker) + r"\b")
        spaced_scales = [k for k in lex.scale_symbols if k != "m"]
        self.spaced_scale_re = regex_store.cached_compile(r"[ \u00a0](" + phrase_pattern(spaced_scales) + r")(?![^\W\d_])") if spaced_scales else re.compile("(?!)")
        self.cur_fwd_re = regex_store.cached_compile(r"(" + phrase_pattern(lex.currency_prefixes) + r")[ \u00a0]?(?=[\d.])")
        # any of the look-ups right after a number that are not about units or nouns: where none
        # matches (most numbers), ``_right`` skips them all (its ``quiet`` position)
        self.right_any_re = look_up_gate(
            (lex.clock_re, lex.scale_re, self.spaced_scale_re, lex.points_re, lex.basis_re, lex.percent_re,
             lex.currency_suffix_re, lex.currency_name_re, lex.times_re, lex.qual_after_re))
        self.period_ordinals = "." in lex.ordinal_suffixes
        self._rev, self._rev_of = "", None    # (the reversed text of ``_rev_of``)
        self.scale_symbol_first = frozenset(k.split()[0][:1] for k in lex.scale_symbols if k.strip())
        self.scale_symbol_re = regex_store.cached_compile(
            r"(" + phrase_pattern(lex.scale_symbols) + r")(?![^\W\d_])"
        ) if lex.scale_symbols else re.compile("(?!)")

    # ------------------------------------------------------------------ public
    def scan(self, text: str, skip: list[tuple[int, int]] | None = None,
             within: list[tuple[int, int]] | None = None) -> list[Mention]:
        """All quantity mentions in ``text``, skipping cores that start inside ``skip`` spans.

        ``within``: sorted, disjoint spans; only numbers that start in them are read (their
        context, left and right, is read from the whole text as always). A caller that needs
        the quantities of a few sentences pays for those sentences, not for the document.
        """
        out: list[Mention] = []
        # telephone numbers: their digits are no quantities
        if within is None:
            phones = leftmost_spans(self.lex.phone_re, text)
        elif within:
            phones = _starting_within(leftmost_spans(self.lex.phone_re, text, within[0][0], within[-1][1]), within)
        else:
            phones = []
        # a number split by an invisible format character ("2\u200b000") is read as nothing,
        # never as two figures: the visible text and the scanned text would disagree
        if has_format_char(text):
            phones += [(m.start(), m.end()) for m in SPLIT_BY_FORMAT_RE.finditer(text)]
        skip = sorted((skip or []) + phones)
        self._skip_starts = [a for a, _b in skip]
        self._skip = skip
        n_skip = len(skip)
        skip_i = 0
        pos = 0
        # the left context is read backwards on the reversed text: reverse it once
        if self._rev_of is not text:
            self._rev, self._rev_of = text[::-1], text
        for start in self._candidates(text, within):
            if start < pos:
                continue
            m = self._core_at(text, start)
            if m is None:
                continue
            # skip spans already claimed (dates, years, times)
            m_start = m.start()
            while skip_i < n_skip and skip[skip_i][1] <= m_start:
                skip_i += 1
            if skip_i < n_skip and skip[skip_i][0] <= m_start < skip[skip_i][1]:
                pos = max(skip[skip_i][1], m_start + 1)
                continue
            readings, nxt = self._read(text, m)
            for r in readings:
                mention = self._mention(text, r)
                if out and mention.qualifier == "=" and CONVERSION_RE.fullmatch(text, out[-1].end, mention.start):
                    # "more than 100 kilometers (60 miles)": a conversion states the same bound
                    mention.qualifier = out[-1].qualifier
                out.append(mention)
            pos = max(nxt, m.end()) if readings else max(pos, m.end() if m.group("digits") is None else m_start + 1)
        return out

    def _candidates(self, text: str, within: list[tuple[int, int]] | None = None):
        """Start offsets where a number may begin, in order (only in ``within``'s spans if given)."""
        if within is None:
            starts = [m.start() for m in self.digit_trigger_re.finditer(text)]
            words = self.word_starts.spans(text) if self.word_starts else leftmost_spans(self.word_trigger_re, text)
        elif within:
            # one search from the first span to the end of the last (a search per span would read
            # on to its next match, past all the later spans when there is none)
            lo, hi = within[0][0], within[-1][1]
            digits = []
            for m in self.digit_trigger_re.finditer(text, lo):
                if m.start() >= hi:
                    break
                digits.append(m.span())
            starts = [s for s, _e in _starting_within(digits, within)]
            words = _starting_within(self.word_starts.spans(text, lo, hi) if self.word_starts
                                     else leftmost_spans(self.word_trigger_re, text, lo, hi), within)
        else:
            return []
        # two sorted runs: ``sorted`` merges them in one pass
        starts += [s for s, _e in words]
        starts.sort()
        return starts

    def _core_at(self, text: str, start: int) -> re.Match | None:
        """The number core at a candidate, widened to a sign or a leading article."""
        if start > 0:
            prev = text[start - 1]
            if prev in "+-−":
                m = self.core_re.match(text, start - 1)
                if m and m.group("sign"):
                    return m
            elif prev == "." and text[start].isdigit():
                m = self.core_re.match(text, start - 1)
                if m and m.group("digits") and m.start() == start - 1:
                    return m
            elif prev in " \u00a0" and not text[start].isdigit():
                am = self.article_before_re.search(text, max(0, start - 6), start)
                if am:
                    m = self.core_re.match(text, am.start())
                    if m:
                        return m
        return self.core_re.match(text, start)

    # ------------------------------------------------------------------ reading
    def _read(self, text: str, m: re.Match) -> tuple[list[_Reading], int]:
        r = self._core(text, m)
        if r is None:
            return [], m.end()
        if not self._left(text, r):
            return [], max(r.core_end, m.end())
        if not self._right(text, r):
            return [], max(r.core_end, m.end())
        readings = [r]
        nxt = r.end
        second = self._range(text, r)
        if second is not None:
            kind, other = second
            if kind == "range":
                nxt = r.end
            elif kind == "pair":
                readings.append(other)
                nxt = other.end
            elif kind == "drop":
                return [], other.end
        if not self._keep(text, r):
            return [], nxt
        return readings, nxt

    def _core(self, text: str, m: re.Match) -> _Reading | None:
        s, e = m.span()
        lex = self.lex
        # (the alternative that matched is the named group closed last: ``lastgroup``)
        if m.lastgroup != "digits" and m.group("slash"):
            a, b = m.group("slash").replace("⁄", "/").split("/")
            if float(b) == 0 or float(a) >= float(b):
                return None
            return _Reading(s, e, float(a) / float(b), s, e)
        if m.lastgroup == "digits":
            raw = m.group("digits")
            d_start = m.start("digits")
            parsed = parse_digits(raw, self.lang)
            if parsed is None:
                return None
            value, used = parsed
            e = d_start + used
            sign = m.group("sign")
            r = _Reading(s if sign else d_start, e, value, s if sign else d_start, e)
            r.plain_digits = raw[:used].isdigit()
            r.extra["written"] = text[d_start:e]
            if sign:
                if sign in "-−":
                    r.value = -value
                    r.change = "down"
                else:
                    r.change = "up"
            return r
        if m.group("ufrac"):
            return _Reading(s, e, UNICODE_FRACTIONS[m.group("ufrac")], s, e)
        if m.group("fold"):
            word = self.fold_tail_re.sub("", m.group("fold"))
            value = float(word) if word.isdigit() else parse_words(word, self.lang)
            if value is None:
                return None
            r = _Reading(s, e, value, s, e, words=True)
            r.extra["multiplier"] = True
            r.qualifier = "="
            return r
        if m.group("vague"):
            vm = lex.vague_re.match(text, s)
            base = lex.vague_plurals[vm.group("plural").lower()]
            pre = vm.group("pre")
            factor = lex.vague_prefixes.get(pre.lower(), 1.0) if pre else 1.0
            low = base * factor
            r = _Reading(s, e, low, s, e, words=True)
            r.high = low * 10
            r.extra["vague"] = True
            # "of" after the vague plural leads to the noun or unit
            lk = self.vague_linker_re.match(text, e)
            if lk:
                r.extra["linker_end"] = lk.end()
            return r
        if m.group("frac"):
            word = m.group("frac").strip().lower()
            # a fraction word is a quantity only before "of", a determiner or a noun phrase
            nxt = WORD_RE.match(text, e)
            if not nxt or text[e:e + 1] == "-":
                return None
            r = _Reading(s, e, lex.fractions[word], s, e, words=True)
            r.extra["fraction"] = True
            return r
        if m.group("words"):
            phrase = m.group("words")
            # trailing joiners or hyphens are not part of the number
            value = parse_words(phrase, self.lang)
            if value is None:
                return None
            low = phrase.lower()
            if low in lex.articles:
                return None
            r = _Reading(s, e, value, s, e, words=True)
            # "five thousand": keep the scale apart, so that "four to five thousand" can share it
            last = re.split(r"[\s\-]+", low)[-1]
            if last in lex.scales and last != low and low not in self.fmt.words:
                head = parse_words(phrase[: phrase.lower().rfind(last)].strip(" -"), self.lang)
                if head:
                    r.value, r.scale = head, lex.scales[last]
            return r
        return None

    def _left(self, text: str, r: _Reading) -> bool:
        """Read currency, qualifier, range opener and change word before the number.

        Works on the reversed text before the number, so that each look-up is an anchored match.
        """
        if self._rev_of is not text:
            self._rev, self._rev_of = text[::-1], text
        n = len(text)
        base = r.start
        # on the reversed text, position ``n - base`` is the character right before the number;
        # ``pos`` counts characters consumed backwards from there
        rev = self._rev
        off = n - base
        limit = min(n, off + 80)
        if self.left_any_re.match(rev, off, limit) is None:
            # no currency, qualifier, change word, range opener or linker: only the glue test
            # (which may move the start back over a qualifier prefix: "sub-7")
            if not self._free_start(text, r):
                return False
            r.extra["label_at"] = base
            return True
        lex = self.lex
        pos = 0
        cm = lex.left_currency_re.match(rev, off, limit)
        if cm:
            cm_end = cm.end() - off
        if cm and not r.words:
            code = lex.currency_prefixes.get(cm.group(1)[::-1])
            if code:
                r.currency, r.kind = code, "money"
                pos = cm_end
        if pos == 0 and not self._free_start(text, r):
            return False
        quote_start = base - pos
        qm = lex.left_qual_re.match(rev, off + pos, limit)
        if qm and _boundary_before(rev, qm.end()):
            sym = lex.qual_before.get(_norm(qm.group(1)[::-1]))
            if sym:
                r.qualifier = sym
                pos = qm.end() - off
                quote_start = base - pos
        label_at = base - pos
        # "en hausse de 2,4 %": a change phrase may end with the word that also opens ranges
        chm = lex.left_change_re.match(rev, off + pos, limit)
        if chm and _boundary_before(rev, chm.end()):
            r.change = lex.change.get(_norm(chm.group(1)[::-1]))
        om = lex.left_open_re.match(rev, off + pos, limit) if r.change is None else None
        cpos = off + pos
        if om and _boundary_before(rev, om.end()):
            r.opener = _norm(om.group(1)[::-1])
            cpos = om.end()
        # a change word describes the number it stands before, not a range ("rose from 2 to 3")
        if r.opener is None and r.change is None:
            lm = lex.left_link_re.match(rev, cpos, limit)
            if lm and _boundary_before(rev, lm.end()):
                cpos = lm.end()
                # (at the same position the look-up above already gave no change word)
                chm = lex.left_change_re.match(rev, cpos, limit)
                if chm and _boundary_before(rev, chm.end()):
                    r.change = lex.change.get(_norm(chm.group(1)[::-1]))
        r.start = min(r.start, quote_start)
        r.extra["label_at"] = label_at
        return True

    def _before_word(self, text: str, r: _Reading) -> str:
        """The word right before the number and its qualifier (read when first asked)."""
        extra = r.extra
        if "before" not in extra:
            if self._rev_of is not text:
                self._rev, self._rev_of = text[::-1], text
            extra["before"], extra["before_start"] = _word_before_rev(self._rev, len(text), extra["label_at"])
        return extra["before"]

    def _free_start(self, text: str, r: _Reading) -> bool:
        """A number glued to letters is a name or code ("S23", "cac40", "ID.3", "F-35"), except
        after a qualifier prefix ("sub-7")."""
        if r.start == 0:
            return True
        prev = text[r.start - 1]
        prev2 = text[r.start - 2] if r.start >= 2 else ""
        if prev.isalpha() or prev == "_":
            return False
        if prev in ".,'’" and prev2.isalnum():
            return False
        if prev == ":" and prev2.isdigit():
            return False
        if prev == "-" and prev2.isalnum():
            wm = re.search(r"([^\W\d_]+)-$", text[max(0, r.start - 20):r.start])
            if not wm:
                return False
            word = wm.group(1).lower()
            sym = self.lex.qual_before.get(word + "-") or self.lex.qual_before.get(word)
            if sym is None:
                return False
            r.qualifier = sym
            r.start -= len(wm.group(0))
        return True

    def _right(self, text: str, r: _Reading) -> bool:
        """Read scale, percent, currency, unit, qualifier-after and counted noun after the number."""
        lex = self.lex
        p = r.core_end
        if r.extra.get("vague"):
            return self._after_vague(text, r)
        # clock times and scores: "10:30", "5 p.m.", "0401 GMT"
        if text[p:p + 1] == ":" and text[p + 1:p + 2].isdigit():
            return False
        # none of the look-ups of ``right_any_re`` matches at ``quiet``: they are skipped there
        quiet = p if self.right_any_re.match(text, p) is None else -1
        if p != quiet and lex.clock_re.match(text, p):
            return False
        # glued letters: ordinal, scale, unit, currency, or else a model name ("5G", "1990s")
        # (letters are alphanumeric: elsewhere nothing is glued)
        glued = GLUED_RE.match(text, p) if not r.words and text[p:p + 1].isalnum() else None
        if glued and (glued.group(0) in lex.ordinal_suffixes or glued.group(0).lower() in lex.ordinal_suffixes
                      or glued.group(0) == "s"):
            return False
        if self.period_ordinals and not r.words and text.startswith(".", p) and ORDINAL_PERIOD_RE.match(text, p):
            return False    # German "Er wurde 3. im Rennen"
        p = self._read_scale(text, r, p, quiet)
        # percentage points, basis points, percent (+ of GDP); never after a currency
        for regex, kind, unit in (() if r.currency or p == quiet else self.point_readers):
            mm = regex.match(text, p)
            if mm:
                r.kind, r.unit, p = kind, unit, mm.end()
                break
        else:
            pm = lex.percent_re.match(text, p) if not r.currency and p != quiet else None
            if pm:
                r.kind, r.unit, p = "percent", PERCENT_UNIT, pm.end()
                gm = lex.of_gdp_re.match(text, p)
                if gm:
                    r.kind, r.unit, p = "percent_of_gdp", GDP_UNIT, gm.end()
                else:
                    p = self._read_per(text, r, p, time_only=True)
        if r.kind == "number" or r.kind == "money":
            p = self._read_currency_or_unit(text, r, p, quiet)
            if p is None:
                return False
        # qualifier written after ("or more", "plus")
        qa = lex.qual_after_re.match(text, p) if p != quiet else None
        if qa and self.fwd_qual_re.match(text, qa.end()) is None and not self._starts_qualifier(text, qa):
            sym = lex.qual_after.get(_norm(qa.group(1)))
            if sym and r.qualifier == "=":
                r.qualifier = sym
                p = qa.end()
        if glued and p <= r.core_end:
            return False
        r.end = max(p, r.core_end)
        return True

    def _starts_qualifier(self, text: str, qa: re.Match) -> bool:
        """ "27 000 policiers et plus de 10 000": "plus" begins the next number's qualifier."""
        for wm in re.finditer(r"\S+", qa.group(1)):
            fm = self.fwd_qual_re.match(text, qa.start(1) + wm.start())
            if fm and fm.end() > qa.end():
                return True
        return False

    def _read_scale(self, text: str, r: _Reading, p: int, quiet: int = -1) -> int:
        lex = self.lex
        # glued abbreviation ("35m", "2bn", "4.3M"); "m" is metres unless money or a noun follows
        sm = self.scale_symbol_re.match(text, p) if not r.words and text[p:p + 1] in self.scale_symbol_first else None
        if sm:
            sym = sm.group(1)
            follow = text[sm.end():sm.end() + 40]
            is_metre = sym == "m" and not r.currency and (
                not NOUN_AHEAD_RE.match(follow) or follow.lstrip().lower().startswith(self.lex.dimension_words))
            if not is_metre and not (text[sm.end():sm.end() + 1].isalnum()):
                r.scale *= lex.scale_symbols[sym]
                p = sm.end()
        if p == quiet:
            return p    # (nothing below is read at the quiet position)
        # spaced scale words ("35 milliards", "1.8 billion", "4 hundred million")
        while True:
            sm = lex.scale_re.match(text, p) if p != quiet else None
            if not sm:
                break
            word = sm.group(1).lower()
            factor = lex.scales.get(word) or self.fmt.multipliers.get(word)
            if factor is None:
                break
            if r.words and sm.start(1) == p:
                break
            r.scale *= factor
            p = sm.end()
            if text[p - 1:p] == "." and not word.endswith("."):
                # a period after a scale word ends the sentence, not the scale ("$5 million.")
                p -= 1
        # spaced abbreviation ("8 B people", "2.5 bn")
        sp = self.spaced_scale_re.match(text, p) if r.scale == 1.0 and p != quiet else None
        if sp and WORD_AHEAD_RE.match(text, sp.end()) and sp.group(1) not in ("k", "K", "M"):
            r.scale *= lex.scale_symbols[sp.group(1)]
            p = sp.end()
        return p

    def _read_currency_or_unit(self, text: str, r: _Reading, p: int, quiet: int = -1) -> int | None:
        lex = self.lex
        start_p = p
        # "35 milliards de dollars", "68 millions d'habitants": a linker after a scale word leads
        # to the currency, unit or noun
        if r.scale != 1.0:
            lm = lex.unit_linker_re.match(text, p)
            nxt = WORD_RE.match(text, lm.end()) if lm else None
            # ("35m of its devices" is a partitive: the noun is read past the determiner later)
            if lm and not (nxt and nxt.group(1).lower() in self.block_inner):
                p = start_p = lm.end()
        if not r.currency:
            cs = lex.currency_suffix_re.match(text, p) if p != quiet else None
            if cs and (cs.group(1) != "p" or not r.words):
                code = lex.currency_suffixes[cs.group(1)]
                r.currency = code
                r.kind = "money"
                # "150 M€", "5 k€": a scale letter written into the currency sign
                sign = cs.group(1).strip()
                lead, rest = sign[:-1], sign[-1:]
                if lead and lead in lex.scale_symbols and rest in lex.currency_suffixes and r.scale == 1.0:
                    r.scale = lex.scale_symbols[lead]
                p = cs.end()
            else:
                cn = lex.currency_name_re.match(text, p) if p != quiet else None
                measure = self._unit_not_money(text, cn) if cn else None
                if measure:
                    r.kind, r.unit = "measure", measure
                    return cn.end()
                if cn:
                    r.currency = lex.currency_names[_norm(cn.group(1))]
                    r.kind = "money"
                    p = cn.end()
        if r.kind == "money":
            code, name = currency_unit_name(r.currency)
            r.currency, r.unit = code, name
            return self._read_per(text, r, p, money=True)
        # a unit: the longest of 3, 2, 1 following tokens that names one
        unit, q = self._unit_at(text, p)
        if unit:
            r.unit = unit
            entity = vocabulary().entity(unit)
            r.kind = "measure"
            if entity == "time" and unit in ("year", "month", "week", "day", "hour", "minute", "second", "decade", "century"):
                r.kind = "duration"
            if unit in ("point",):
                r.kind = "measure"
            return self._read_per(text, r, q)
        # age before: "aged 18"
        label_at = r.extra.get("label_at", r.start)
        before = text[max(0, label_at - 30):label_at].rstrip().lower()
        if before.endswith(lex.age_before) and any(
                before.endswith(w) and not before[-len(w) - 1:-len(w)].isalpha() for w in lex.age_before):
            r.kind, r.unit = "measure", AGE_UNIT
            return p
        # "four times", "sixfold"
        tm = lex.times_re.match(text, p) if p != quiet else None
        if tm:
            r.extra["multiplier"] = True
            return tm.end()
        if r.extra.get("multiplier"):
            return p
        # the counted noun
        q = self._counted(text, r, start_p)
        return q

    def _read_per(self, text: str, r: _Reading, p: int, money: bool = False, time_only: bool = False) -> int:
        """A rate: "barrels a day", "$ per share", "RM79 a month", "km/h", "5 percent a year"."""
        lex = self.lex
        pm = lex.per_re.match(text, p)
        if not pm:
            return p
        unit, q = self._unit_at(text, pm.end(), allow_spaced_symbols=False)
        if time_only and (unit is None or vocabulary().entity(unit) != "time"):
            return p
        if unit and self._not_a_rate(text, q):
            return p
        if unit is None:
            if not money:
                return p
            wm = WORD_RE.match(text, pm.end())
            if not wm:
                return p
            word = wm.group(1).rstrip(".")
            if word.lower() in self.block or word[:1].isupper():
                return p
            unit, q = singular(word.lower(), lex), pm.start(1) + len(pm.group(0).lstrip()) + len(wm.group(0))
            q = wm.end() - (1 if wm.group(1).endswith(".") else 0)
        r.unit = f"{r.unit} per {unit}"
        if r.kind == "duration":
            r.kind = "measure"
        return q

    def _unit_at(self, text: str, p: int, allow_spaced_symbols: bool = True) -> tuple[str | None, int]:
        """The unit named right after ``p`` ("km", "miles per gallon", "kV/cm") and its end."""
        got = self.units.match(text, p)
        if got is None:
            return None, p
        unit, end, spaced = got
        if spaced and not allow_spaced_symbols and end - p <= 2:
            return None, p
        # a glued rate: "km/h", "kV/cm"
        if text[end:end + 1] == "/":
            per = self.units.match(text, end + 1)
            if per and not per[2]:
                return f"{unit} per {per[0]}", per[1]
        return unit, end

    def _skipped(self, offset: int) -> bool:
        """Is ``offset`` inside a span the scan was told to skip (a time expression: "Monday"
        in "closed at 7,500 Monday" is when, not what the number counts)?"""
        i = bisect_right(self._skip_starts, offset) - 1
        return i >= 0 and offset < self._skip[i][1]

    def _counted(self, text: str, r: _Reading, p: int) -> int:
        """The noun a number counts: "27 000 policiers", "31 other heads of state",
        "one of the students", "9.3 million shipping containers"."""
        lex = self.lex
        if r.extra.get("linker_end"):
            p = r.extra["linker_end"]
        # up to six words, read as far as the tests below go
        lazy = _WordsAfter(text, p, 6, lex.stopwords)
        has = lazy.has
        words = lazy.items
        if not has(0):
            return p
        i = 0
        # partitive: "one of the people", "35m of its devices"
        if words[0][0].lower() == lex.vague_linker and has(1):
            i = 1
            while has(i) and i < 3 and words[i][0].lower() in self.block_inner:
                i += 1
            if i == 1 and not r.words:
                return p
        phrase: list[tuple[str, int, int]] = []
        while has(i) and words[i][0].lower() in lex.count_modifiers:
            phrase.append(words[i])
            i += 1
        content = []
        while has(i) and len(content) < 3:
            w = words[i][0]
            wl = w.lower()
            blocked = self.block if not content else self.block_inner
            if wl in blocked or len(wl) < 2 or self._skipped(words[i][1]):
                break
            if content and w[:1].isupper() != content[0][0][:1].isupper():
                break
            content.append(words[i])
            i += 1
            if self._plural(w):
                # "police officers", "staff members": an invariant noun can head a compound
                # (the next word is read only after an invariant one: most plurals end the noun)
                if self.lex.irregular_plurals.get(wl) != wl:
                    break
                nxt = words[i][0] if has(i) else ""
                if not (nxt and nxt.lower() not in self.block_inner and self._plural(nxt)):
                    break
        if not content:
            return p
        # without a plural noun at the end, keep the first word alone ("three course meal" is
        # the exception we accept to lose); verbs and adverbs ("raising", "decently") are no nouns
        if not self._plural(content[-1][0]) or len(content) == 1:
            content = content[:1]
            if content[0][0].lower().endswith(lex.count_not_suffixes):
                return p
        phrase.extend(content)
        end = phrase[-1][2]
        # linked nouns: "heads of state", "chefs d'État"
        for plural in self.multiword_plurals:
            if True:
                at = phrase[-1][1]
                seg = text[at:at + len(plural)]
                if seg.lower() == plural.lower() and not text[at + len(plural):at + len(plural) + 1].isalpha():
                    end = at + len(plural)
                    break
        counted_text = text[phrase[0][1]:end]
        r.kind = "count"
        r.counted = singular(counted_text if self._keep_case() else counted_text.lower(), lex)
        mods = [w[0].lower() for w in phrase if w[0].lower() in lex.count_modifiers]
        if mods:
            r.extra["modifiers"] = mods
        # a rate: "3,000 tests per day"
        pm = lex.per_re.match(text, end)
        if pm:
            unit, q = self._unit_at(text, pm.end(), allow_spaced_symbols=False)
            if unit and vocabulary().entity(unit) == "time" and not self._not_a_rate(text, q):
                r.counted = f"{r.counted} per {unit}"
                return q
        return end

    def _unit_not_money(self, text: str, cn: re.Match) -> str | None:
        """ "1/2 pound of chocolate": a currency name that also names a unit of measure is that
        unit when a noun follows through the language's linker ("of"); returns the unit."""
        if not self.lex.unit_linker_re.match(text, cn.end()):
            return None
        word = cn.group(1).lower()
        alt = vocabulary().measure_alternatives
        return alt.get(word) or alt.get(singular(word, self.lex))

    def _not_a_rate(self, text: str, q: int) -> bool:
        """ "contracts a week earlier": the time after "a" is when, not a rate."""
        wm = WORD_RE.match(text, q)
        return bool(wm) and wm.group(1).lower().rstrip(".") in self.lex.rate_blockers

    def _keep_case(self) -> bool:
        # languages that capitalize nouns keep their case; others lowercase except proper nouns
        return not self.lex.capitalized_labels

    def _plural(self, word: str) -> bool:
        known = self._plurals.get(word)
        if known is None:
            known = self._plural_of(word)
            if len(word) <= 40:     # (words of hostile length are not kept)
                if len(self._plurals) > 50_000:
                    self._plurals.clear()
                self._plurals[word] = known
        return known

    def _plural_of(self, word: str) -> bool:
        low = word.lower()
        if low in self.lex.irregular_plurals or word in self.lex.irregular_plurals:
            return True
        if low.endswith(self.lex.singular_endings):
            return False
        return any(low.endswith(s) and len(low) > len(s) + 2 for s, _ in self.lex.singular_suffixes)

    def _after_vague(self, text: str, r: _Reading) -> bool:
        """ "tens of thousands of dollars", "des milliers de policiers" """
        p = r.extra.get("linker_end", r.core_end)
        cn = self.lex.currency_name_re.match(text, p)
        if cn:
            r.currency = self.lex.currency_names[_norm(cn.group(1))]
            r.kind = "money"
            code, name = currency_unit_name(r.currency)
            r.currency, r.unit = code, name
            r.end = cn.end()
            return True
        q = self._counted(text, r, p)
        if r.kind != "count":
            return False
        r.end = q
        return True

    def _range(self, text: str, r: _Reading):
        """A second number joined by "to", "-", "and", "or": a range, a pair, or nothing."""
        lex = self.lex
        if r.high is not None or r.extra.get("multiplier"):
            return None
        year_like = None    # (asked once a joiner is found)
        first = r.core_end if r.scale == 1.0 else r.end
        for at in ((first,) if first == r.end else (first, r.end) if first < r.end else (r.end, first)):
            hang = HANGING_HYPHEN_RE.match(text, at) if text.startswith("-", at) else None
            im = lex.range_infix_re.match(text, at + (1 if hang else 0))
            if not im:
                continue
            infix = _norm(im.group(1))
            p2 = im.end()
            m2 = self.core_re.match(text, p2)
            cur = None
            if not m2:
                cm = self.cur_fwd_re.match(text, p2)
                if cm:
                    cur = lex.currency_prefixes.get(cm.group(1))
                    m2 = self.core_re.match(text, cm.end())
            if not m2 or m2.group("vague") or m2.group("frac"):
                continue
            r2 = self._core(text, m2)
            if r2 is None:
                continue
            if cur:
                r2.currency, r2.kind = cur, "money"
                r2.start = p2
            if not self._right(text, r2):
                continue
            if year_like is None:
                year_like = self._bare_year(r)
            if year_like and not (r2.has_unit and r2.kind != "duration"):
                # "from 2018 to 3.9 million", "between 1600 and 1900": a year starts no range
                return None
            joiner = lex.range_openers.get(r.opener or "")
            if infix in lex.range_reversed:
                # "narrowed to 138,285 lots from 212,577 lots": the range runs from the second
                opener = lex.range_reversed[infix]
                if self._before_word(text, r).lower() != opener or r.kind != r2.kind or r.unit != r2.unit or r.counted != r2.counted:
                    return None
                r.value, r.scale, r.high = r2.value * r2.scale, 1.0, r.value * r.scale
                r.end = r2.end
                r.extra["range"] = infix
                return ("range", r2)
            hyphen = infix in ("-", "–", "—")
            if hyphen:
                # "2-3%" and "25 – 40min" are ranges; "50 -1.3%" is a number and a signed one
                before_sp = text[im.start(1) - 1:im.start(1)].isspace()
                after_sp = text[im.end(1):im.end(1) + 1].isspace()
                if before_sp != after_sp:
                    continue
            if infix in lex.pair_words and joiner != infix:
                # "eight or nine euros", "7- or 8-inch": two values sharing the second's unit
                if infix in lex.pair_or_words and not r.has_unit and r2.has_unit and at == r.core_end:
                    if hang:
                        r.end = at + 1
                    self._adopt(r, r2)
                    return ("pair", r2)
                return None
            if joiner is not None and infix != joiner and not hyphen and infix not in lex.range_to_words:
                return None
            compatible = (not r.has_unit) or (r.kind == r2.kind and (r.unit == r2.unit or r2.unit.startswith(r.unit + " per ")))
            if r.unit == AGE_UNIT and not r2.has_unit:
                compatible = True     # "aged 18 to 34"
                r2.kind, r2.unit = r.kind, r.unit
            if not compatible:
                return None
            if hyphen and not r.has_unit and not r2.has_unit and r.scale == 1.0 and r2.scale == 1.0:
                # "2-2 on aggregate", "16-18 Industrial Avenue", "2014-15": not quantities
                return ("drop", r2)
            if at != r.core_end and r.has_unit and not r2.has_unit:
                return None
            if r.has_unit and at == r.core_end and r2.has_unit and r.end > r.core_end and at < r.end:
                return None
            # "four to five thousand", "$10 to $15 billion": the second's scale covers the first
            v1 = r.value * r.scale
            if r.scale == 1.0 and r2.scale != 1.0 and abs(r.value) <= abs(r2.value):
                v1 = r.value * r2.scale
            v2 = r2.value * r2.scale
            if not r.has_unit or r2.unit.startswith(r.unit + " per "):
                self._adopt(r, r2)
            r.value, r.scale = v1, 1.0
            r.high = v2
            r.end = r2.end
            if r2.qualifier != "=" and r.qualifier == "=":
                r.qualifier = r2.qualifier
            r.extra["range"] = infix
            return ("range", r2)
        return None

    @staticmethod
    def _bare_year(r: _Reading) -> bool:
        return (r.plain_digits and r.scale == 1.0 and len(r.extra.get("written", "")) == 4
                and 1000 <= r.value <= 2199 and r.kind in ("number", "count"))

    @staticmethod
    def _adopt(r: _Reading, r2: _Reading) -> None:
        r.kind, r.unit, r.currency, r.counted = r2.kind, r2.unit, r2.currency, r2.counted

    def _keep(self, text: str, r: _Reading) -> bool:
        """Drop labels ("Article 5", "Galaxy S 23"), years, and bare spelled-out words."""
        lex = self.lex
        strong = r.kind not in ("number", "count") or r.scale != 1.0 or r.high is not None
        if strong and not r.words:
            return True     # (every test below is of weak readings or spelled-out numbers)
        before = self._before_word(text, r)
        bl = before.lower()
        if not strong and bl in lex.label_words:
            return False
        # "L'article 5", "L'iPhone 11": an elided article is not the word
        if len(before) > 2 and before[1] in "'’" and before[0].isalpha():
            before = before[2:]
            bl = before.lower()
            if not strong and bl in lex.label_words:
                return False
        named = before[:1].isupper() or (before[:1].islower() and before[1:] != before[1:].lower())
        # "Flug LH 400": a code in capitals names the number, in every language
        if not strong and len(before) >= 2 and before.isupper() and before.isalpha() and bl not in lex.stopwords \
                and before not in lex.currency_prefixes and not _before_sentence_start(text, r):
            return False
        if (not strong and lex.capitalized_labels and named and bl not in lex.stopwords
                and bl not in lex.qual_before and bl not in lex.change and bl not in lex.months
                and not (_before_sentence_start(text, r) and before[1:] == before[1:].lower())
                and r.qualifier == "=" and r.change is None):
            return False
        if self._bare_year(r) and not strong and r.qualifier == "=" and r.change is None:
            return False
        if r.words and r.kind == "number" and not r.extra.get("multiplier") and not r.extra.get("fraction") and r.scale == 1.0:
            # a spelled-out number standing alone ("the two said") is rarely a figure
            nxt = WORD_RE.match(text, r.core_end)
            if not nxt or nxt.group(1).lower() != lex.vague_linker:
                return False
        if r.words and bl in lex.no_figure_after:
            return False
        return True

    # ------------------------------------------------------------------ output
    def _mention(self, text: str, r: _Reading) -> Mention:
        value: float | tuple[float, float]
        low = r.value * r.scale
        notes = r.extra
        if r.high is not None:
            value = (r.value, r.high) if notes.get("vague") else (low, r.high)
        else:
            value = low
        # a bound says more about the value than the direction of a change ("rose more than 5%")
        qualifier = r.qualifier if r.qualifier != "=" else (r.change or "=")
        kind = r.kind
        unit = r.unit
        amount = None
        iso = None
        if kind == "duration" and not isinstance(value, tuple):
            amount = value
            iso = iso_duration(value, unit)
        # (most readings keep none of their notes)
        extra = {} if _MENTION_EXTRAS.isdisjoint(notes) else {k: v for k, v in notes.items() if k in _MENTION_EXTRAS}
        # (by position, in the order of ``_MENTION_FIELDS``: a call with keywords builds a dict)
        m = Mention(
            r.start,
            r.end,
            text[r.start:r.end],
            kind,
            iso if iso is not None else value,
            unit,
            r.currency if kind == "money" else None,
            r.counted if kind == "count" else None,
            qualifier,
            0,
            self.lang,
            unit if kind == "duration" else None,
            None,
            amount,
            r.scale,
            extra,
        )
        if r.change and r.qualifier != "=":
            extra["change"] = r.change
        if kind == "duration" and isinstance(value, tuple):
            # a span of durations ("25 – 40min"): ISO values, the amounts kept for numeric tools
            m.amount = None
            m.value = (iso_duration(value[0], unit), iso_duration(value[1], unit))
            extra["amounts"] = [value[0], value[1]]
        return m


#: the fields of ``Mention`` in the order ``_mention`` passes them
_MENTION_FIELDS = ("start", "end", "text", "kind", "value", "unit", "currency", "counted", "qualifier", "sentence",
                   "lang", "granularity", "time_role", "amount", "scale", "extra")
if tuple(f.name for f in dataclasses.fields(Mention)) != _MENTION_FIELDS:  # pragma: no cover
    raise ImportError("checker.extract.mention.Mention changed its fields: update quantities._MENTION_FIELDS")

#: what of a reading's notes a mention keeps
_MENTION_EXTRAS = frozenset(("multiplier", "vague", "fraction", "range", "modifiers"))


def _before_sentence_start(text: str, r: _Reading) -> bool:
    """The word before the number opens a sentence."""
    at = r.extra.get("before_start")
    return at is not None and SENTENCE_END.search(text[max(0, at - 3):at]) is not None


class _WordsAfter:
    """Up to ``n`` words after ``p``, stopping at punctuation or a line break (a word ending in a
    period that is no stopword ends the run, without its period); read one at a time, as far as
    ``has(i)`` asks."""

    __slots__ = ("items", "text", "q", "left", "stopwords")

    def __init__(self, text: str, p: int, n: int, stopwords: frozenset[str]):
        self.items: list[tuple[str, int, int]] = []
        self.text, self.q, self.left, self.stopwords = text, p, n, stopwords

    def has(self, i: int) -> bool:
        """Whether there is an ``i``-th word (reading up to it)."""
        items = self.items
        while len(items) <= i and self.left > 0:
            wm = WORD_IN_LINE_RE.match(self.text, self.q)
            if not wm:
                self.left = 0
                break
            w = wm.group(1)
            s, q = wm.span(1)
            if w[-1] == "." and w.lower() not in self.stopwords:
                items.append((w[:-1], s, q - 1))
                self.left = 0
                break
            items.append((w, s, q))
            self.q = q
            self.left -= 1
        return i < len(items)


#: a leading run of white space (or the like) in a look-up regex: "[\s\u00a0]*", "[ \u00a0]?"
_LEADING_SPACE = regex_store.cached_compile(r"\[((?:\\.|[^\]\\])*)\]([*?])")


def look_up_gate(regexes) -> re.Pattern:
    """A regex that matches where any of ``regexes`` would match (and perhaps elsewhere): the
    gate that lets the reader skip all of them at once where it fails.

    Why not their plain alternation: each look-up opens with its own run of white space, so at a
    number followed by a space and an ordinary word the engine walked the space and then into
    every branch of every look-up. Here one run of the union of their leading characters comes
    first, and each look-up's rest sits behind a lookahead of the characters it can start with
    (``timex_patterns.first_characters``): an ordinary word is dismissed with one test per
    look-up. The union's run can give back what a rest needs ("-" in "-odd"), so nothing that
    matched before fails now: the gate is never narrower, and the reader runs each look-up
    itself wherever the gate matches.
    """
    from checker.extract.timex_patterns import first_characters

    leading: list[str] = []
    rests: list[str] = []
    for rx in regexes:
        source = rx.pattern
        lead = _LEADING_SPACE.match(source)
        if lead:
            chars = lead.group(1)
            if chars.endswith("-") and not chars.endswith("\\-"):
                chars = chars[:-1] + "\\-"    # (a hyphen last in its class, not first of a range)
            leading.append(chars)
            source = source[lead.end():]
        rest = f"(?i:{source})" if rx.flags & re.IGNORECASE else f"(?:{source})"
        klass = first_characters(rest)[2]
        # (the class is consumed and the rest matched from its character again, inside a
        # lookbehind: an alternative that opens with a class is turned away by the engine with
        # one test, one that opens with a lookahead is entered first)
        rests.append(f"{klass}(?<=(?={rest})[\\s\\S])" if klass else rest)
    run = f"[{''.join(leading)}]*" if leading else ""
    return regex_store.cached_compile(run + "(?:" + "|".join(rests) + ")")


def has_format_char(text: str) -> bool:
    """Whether ``text`` holds an invisible format character.

    Why not ``FORMAT_CHAR_RE.search``: the engine tests its class at every character (about 70
    instructions each); ``in`` is a plain memory scan, and none at all when the text is stored
    in one byte per character and the format character needs two."""
    return not text.isascii() and any(c in text for c in FORMAT_CHAR_LIST)


def _boundary_before(rev: str, i: int) -> bool:
    """In reversed text, position ``i`` ends a word (the phrase is not the tail of a longer word)."""
    return i >= len(rev) or not rev[i].isalnum()


REV_TOKEN_RE = regex_store.cached_compile(r"[\s\u00a0]*([^\s\u00a0]{1,40})")
TOKEN_WORD_RE = regex_store.cached_compile(r"([^\W\d_][\w.&'’\-]*)$")


def _word_before_rev(rev: str, n: int, i: int) -> tuple[str, int]:
    """Like ``_word_before`` on the reversed text: one anchored match, no search."""
    m = REV_TOKEN_RE.match(rev, n - i)
    if not m:
        return "", i
    got = _token_word(m.group(1))
    if got is None:
        return "", i
    at, word = got
    return word, n - m.end(1) + at


@functools.lru_cache(maxsize=8192)
def _token_word(rev_token: str) -> tuple[int, str] | None:
    """The word ending a (reversed) token and where it starts in the token ("(sur" -> "rus")."""
    token = rev_token[::-1]
    wm = TOKEN_WORD_RE.search(token)
    if not wm:
        return None
    word = wm.group(1)
    if word.endswith(".") and len(word) > 3:
        word = word.rstrip(".")
    return wm.start(1), word


def _word_before(text: str, i: int) -> tuple[str, int]:
    """The word right before offset ``i`` (across white space only) and where it starts."""
    lo = max(0, i - 40)
    m = WORD_BEFORE_RE.search(text[lo:i])
    if not m:
        return "", i
    word = m.group(1)
    if word.endswith(".") and len(word) > 3:
        word = word.rstrip(".")
    return word, lo + m.start(1)


def _starting_within(spans: list[tuple[int, int]], within: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The ``spans`` (sorted) that start inside one of ``within``'s (sorted, disjoint) spans."""
    out: list[tuple[int, int]] = []
    i, n = 0, len(within)
    for span in spans:
        start = span[0]
        while i < n and within[i][1] <= start:
            i += 1
        if i == n:
            break
        if within[i][0] <= start:
            out.append(span)
    return out


@functools.cache
def scanner_for(lang: str) -> QuantityScanner:
    return QuantityScanner(lang)
