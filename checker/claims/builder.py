"""Turn the scanner's mentions into claims: a number tied to a metric, a subject and a period.

For every quantity (or date) a document states, the builder asks the rule set:
- which metric takes this kind of number (percent of GDP, a count of police officers, money in
  USD, a date) and has one of its cue phrases within its window of words in the same sentence
  (the nearest cue wins; ties go to the metric written first);
- which entity it is about: an entity of a fitting kind named in the sentence, preferring one
  named before the number and not after a preposition (the grammatical subject rather than a
  passing mention), else the metric's default subject;
- when: the nearest date, year, deadline ("d'ici 2035") or interval in the sentence, else the
  document's publication date, else "unknown" for an undated document;
- its stance (proposed, agreed, actual, forecast) from the metric's stance cues, and who is
  cited for it ("according to", "selon", "laut").
Every decision is recorded in ``Claim.why`` (and in ``Rejection`` records for numbers that became
no claim), which ``factlint explain`` prints.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from checker import lang as langdata
from checker import regex_store
from checker.claims.model import Claim, Period
from checker.extract.mention import Mention
from checker.extract.patterns import phrase_pattern
from checker.rules.model import Entity, Metric, RuleSet

WORD_RE = regex_store.cached_compile(r"[^\W_](?:[\w'’\-]*[^\W_])?")
TIME_OF_DAY = "time_of_day"
CLAUSE_BREAK = regex_store.cached_compile(r"[,;:()\u2013\u2014]| - ")
CLAUSE_PENALTY = 3
#: two subjects of one rank this close in distance (in words) leave the subject ambiguous
AMBIGUOUS_WORDS = 2


@dataclass(slots=True)
class Rejection:
    """A number that became no claim, and why (for ``factlint explain``)."""

    mention: Mention
    reason: str
    details: dict = field(default_factory=dict)


@dataclass(slots=True)
class DocumentClaims:
    claims: list[Claim]
    rejections: list[Rejection]
    mentions: list[Mention]
    #: the latest ISO date the document mentions (orders an undated document's claims)
    latest_date: str | None


@dataclass(frozen=True)
class _Phrases:
    """Compiled phrase finder: which phrase of a set occurs where in a text."""

    regex: re.Pattern
    lookup: dict[str, str]      # lowercase phrase -> value (metric name, stance, entity name)
    #: ``occurs`` on ASCII text: the lowercased phrases, case-sensitive, each after the
    #: non-letter before it (see ``_ascii_gate``); None where ``occurs`` uses ``regex``
    ascii_gate: re.Pattern | None = None
    #: whether ``find`` may use the gate too: its phrases are all written in lower case, so
    #: the gate's trie is ``regex``'s own, and the two take the same branches (where phrases
    #: differ only in case, ``regex`` tries the upper-case one first and may stop at a shorter
    #: phrase than the gate's merged branch)
    lower: bool = False

    def find(self, text: str, start: int = 0, end: int | None = None):
        """(start, end, value) of each phrase in ``text[start:end]``, as ``regex.finditer``.

        On ASCII text, when ``lower``, through ``ascii_gate`` (see ``occurs``): it consumes the
        character before a phrase, so each search after a match starts at that match's last
        character (a phrase may follow one that ends in a non-letter, "U.S."); the offsets are
        the same, the window being the text from ``start - 1``."""
        end = len(text) if end is None else end
        gate = self.ascii_gate
        lookup = self.lookup
        if gate is not None and self.lower:
            window = text[start - 1:end] if start > 0 else " " + text[:end]
            if window.isascii():
                low = window.lower()
                shift = start - 1  # window index -> text index (the space stands at -1)
                search = gate.search
                m = search(low)
                while m is not None:
                    at, stop = m.start() + 1, m.end()
                    yield at + shift, stop + shift, lookup.get(" ".join(low[at:stop].split()))
                    m = search(low, stop - 1)
                return
        for m in self.regex.finditer(text, start, end):
            yield m.start(), m.end(), lookup.get(" ".join(m.group(0).split()).lower())

    def occurs(self, text: str, start: int, end: int) -> bool:
        """Whether ``regex`` finds a phrase in ``text[start:end]`` (``regex.search(text, start, end)``).

        The case-insensitive pattern opens with a lookbehind, so the regex engine enters it at
        every character and tries each first letter with a case-folding look-up: about 800
        machine instructions per character, most of the time of building a document's claims.
        On ASCII text the gate reads a lowercased copy instead, starting with the character
        before ``start`` (a space at the start of the text): its first item is a character
        class, which the engine skips along, and its branches open with plain letters, which
        it rejects with one comparison each.
        """
        gate = self.ascii_gate
        if gate is not None:
            window = text[start - 1:end] if start > 0 else " " + text[:end]
            if window.isascii():
                return gate.search(window.lower()) is not None
        return self.regex.search(text, start, end) is not None


def _ascii_gate(phrases: Iterable[str]) -> re.Pattern | None:
    """``occurs``'s pattern for case-insensitive ``phrases`` (None if it cannot be had).

    On ASCII text, case-insensitive matching is matching the lowercased text against the
    lowercased phrases (the regex engine's case folding adds only non-ASCII equivalents), and
    a lowercased ASCII character is a letter exactly when the original is. A phrase with a
    letter that no ASCII letter matches ("dépenses") never occurs in ASCII text and is left
    out; one with a letter some ASCII letter matches (the long s "ſ" matches "s") leaves no gate.
    """
    kept = []
    for phrase in phrases:
        if phrase.isascii():
            kept.append(phrase.lower())
        elif any(_matches_ascii(c) for c in phrase if not c.isascii()):
            return None
    # in lowercased ASCII, the letters (``[^\W\d_]``) are a-z: a plain range, where the
    # Unicode classes call a category look-up per character
    source = "[^a-z]" + phrase_pattern(kept) + "(?![a-z])"
    return regex_store.cached_compile(source)


@functools.cache
def _matches_ascii(char: str) -> bool:
    """Does some ASCII character match ``char`` case-insensitively (as the regex engine folds)?"""
    folded = re.compile(re.escape(char), re.IGNORECASE)
    return any(folded.fullmatch(chr(code)) for code in range(128))


def _phrases(mapping: dict[str, str], case_sensitive: bool = False) -> _Phrases | None:
    """The finder of ``mapping``'s phrases (with an ``ascii_gate`` when case-insensitive)."""
    if not mapping:
        return None
    flags = 0 if case_sensitive else re.IGNORECASE
    regex = regex_store.cached_compile(r"(?<![^\W\d_])" + phrase_pattern(mapping) + r"(?![^\W\d_])", flags)
    ascii_gate = _ascii_gate(mapping) if not case_sensitive else None
    lower = all(k == k.lower() for k in mapping)
    return _Phrases(regex, {" ".join(k.split()).lower(): v for k, v in mapping.items()}, ascii_gate, lower)


class ClaimBuilder:
    """Builds claims with one rule set; compiled phrase tables are cached per language."""

    def __init__(self, rules: RuleSet):
        self.rules = rules
        self.metrics = list(rules.metrics.values())
        #: which metrics take a mention, by what of the mention they look at (see ``_fitting``)
        self._fit_cache: dict[tuple, tuple[list[tuple[Metric, str]], dict[str, str]]] = {}

    # ------------------------------------------------------------------ tables per language
    @functools.lru_cache(maxsize=8)
    def _tables(self, lang: str):
        cues: dict[str, dict[str, str]] = {}
        stances: dict[str, _Phrases | None] = {}
        for metric in self.metrics:
            phrases = metric.cues.phrases.get(lang, [])
            for phrase in phrases:
                cues.setdefault(phrase, {})
            cue_map = {p: metric.name for p in phrases}
            cues[metric.name] = cue_map
            stance_map = {}
            for stance, by_lang in metric.stances.items():
                for phrase in by_lang.get(lang, []):
                    stance_map.setdefault(phrase, stance)
            stances[metric.name] = _phrases(stance_map)
        cue_finders = {m.name: _phrases(cues.get(m.name, {})) for m in self.metrics}
        # every metric's cues in one finder, with the same flags and word-boundary checks: where
        # it finds nothing in a sentence, no metric's finder can (a metric's cue matching at some
        # offset means this one matches there or earlier), so most sentences take one search
        # instead of one per metric
        any_cue = _phrases({p: "" for m in self.metrics for p in cues.get(m.name, {})})
        names: dict[str, str] = {}
        for entity in self.rules.entities.values():
            for other_lang, aliases in entity.names.items():
                for alias in aliases:
                    # other languages' names count when they are proper nouns ("NATO" in French)
                    if other_lang == lang or alias[:1].isupper():
                        names.setdefault(alias, entity.name)
                        if alias[:1].islower():
                            names.setdefault(alias[:1].upper() + alias[1:], entity.name)
        entity_finder = _phrases(names, case_sensitive=True)
        c = langdata.section(lang, "claims")
        attribution_before = _phrases({p: p for p in c.get("attribution_before", [])})
        attribution_after = _phrases({p: p for p in c.get("attribution_after", [])})
        preps = frozenset(p.lower() for p in c.get("prepositions", []))
        others = frozenset(w.lower() for w in c.get("others_words", []))
        ands = frozenset(w.lower() for w in c.get("and_words", []))
        return cue_finders, stances, entity_finder, attribution_before, attribution_after, preps, others, ands, any_cue

    # ------------------------------------------------------------------ documents
    def build(self, doc, mentions: list[Mention] | None = None, *, reasons: bool = True) -> DocumentClaims:
        """Claims of one document (``checker.document.Document``).

        ``reasons=False``: no rejections (why a number made no claim) are written, only claims;
        for the commands that never show them (``check``, ``claims``, ``ledger``), since most
        numbers of a text make no claim and each reason is a few strings and dictionaries.
        Then, too, quantities are read only in the sentences where some metric's cue occurs
        (``_scan_for_claims``): a number elsewhere makes no claim either way."""
        lang = doc.lang
        tables = self._tables(lang)
        if mentions is None and not reasons:
            mentions, latest = _scan_for_claims(doc, tables[-1])
        else:
            if mentions is None:
                from checker.extract.scanner import scan_document

                mentions = scan_document(doc)
            latest = _latest_date(mentions)
        by_sentence: dict[int, list[Mention]] = {}
        for m in mentions:
            by_sentence.setdefault(m.sentence, []).append(m)
        claims: list[Claim] = []
        rejections: list[Rejection] = []
        for index, group in sorted(by_sentence.items()):
            if index < 0:
                continue
            s_start, s_end = doc.sentences[index]
            sentence = _Sentence(doc.text, s_start, s_end, group)
            for m in group:
                made = self._claim(doc, sentence, m, tables, reasons)
                if isinstance(made, Claim):
                    claims.append(made)
                elif made is not None:
                    rejections.append(made)
        return DocumentClaims(claims, rejections, mentions, latest)

    def _claim(self, doc, sentence: "_Sentence", m: Mention, tables, reasons: bool = True) -> Claim | Rejection | None:
        cue_finders, stances, entity_finder, attr_before, attr_after, preps, others, ands, any_cue = tables
        if m.kind == "duration":
            return None if not reasons else Rejection(m, "a duration: no metric takes durations here", {"kind": m.kind})
        if m.extra.get(TIME_OF_DAY):
            return None if not reasons else Rejection(
                m, "a time of day: it dates the figures of its sentence for timed metrics, it is no figure itself",
                {"kind": "time of day"})
        if m.qualifier in ("up", "down") and not m.is_time:
            return None if not reasons else Rejection(
                m, f"a change by this amount ({m.qualifier}), not a level: no claim", {"qualifier": m.qualifier})
        fitting, misfits = self._fitting(m, doc.lang)
        if not fitting:
            if not reasons:
                return None
            reason = ("a time expression no date metric takes: it dates the figures near it" if m.is_time
                      else f"no metric takes {_kind_words(m)}")
            return Rejection(m, reason,
                             {"kind": m.kind, "unit": m.unit, "counted": m.counted, "currency": m.currency,
                              "misfits": dict(misfits)})
        if not reasons and (any_cue is None or not sentence.has(any_cue)):
            # no metric's cue in the sentence (``any_cue`` finds every one): the loop below
            # would rank nothing, and its notes of why are not wanted
            return None
        ranked = []
        far: dict[str, str] = {}
        for order, (metric, unit) in enumerate(fitting):
            finder = cue_finders.get(metric.name)
            if finder is None:
                far[metric.name] = f"no cues in {doc.lang}"
                continue
            if not sentence.has(any_cue) or not sentence.phrases(finder):
                far[metric.name] = "no cue in the sentence"
                continue
            window = _window(metric, m)
            hit = sentence.nearest(finder, m, window, scored=True)
            if hit is None:
                far[metric.name] = _nearest_beyond(sentence, finder, m, window)
                continue
            score, distance, cue_text = hit
            ranked.append(((score, order), metric, unit, cue_text, distance))
        if not ranked:
            if not reasons:
                return None
            names = ", ".join(metric.name for metric, _ in fitting)
            return Rejection(m, f"no cue of {names} within range",
                             {"metrics": [metric.name for metric, _ in fitting], "cues": far, "misfits": dict(misfits)})
        ranked.sort(key=lambda r: r[0])
        tried = []
        for _, metric, unit, cue_text, distance in ranked:
            subject, subject_why = self._subject(sentence, m, metric, entity_finder, preps)
            if subject is not None:
                break
            tried.append(f"{metric.name}: {subject_why}")
        else:
            return None if not reasons else Rejection(
                m, "; ".join(tried), {"metrics": [r[1].name for r in ranked], "subject": tried, "cues": far, "misfits": dict(misfits)})
        stance, stance_why = self._stance(sentence, m, metric, stances.get(metric.name))
        period, period_why = self._period(doc, sentence, m, metric, sentence.times)
        if metric.timed:
            period, period_why = _timed_period(doc, sentence, m, period, period_why, sentence.clocks)
        attribution = sentence.attribution(m, attr_before, attr_after)
        value = m.value
        why = {
            "metric": metric.name,
            "cue": cue_text,
            "cue_distance": distance,
            "subject": subject_why,
            "period": period_why,
            "stance": stance_why,
        }
        others_ranked = [f"{r[1].name} (cue \"{r[3]}\", {words_away(r[4])})" for r in ranked if r[1] is not metric]
        if others_ranked:
            why["also"] = others_ranked
        if m.kind == "number" and metric.kind == "count":
            why["bare"] = f"a number with no counted noun, taken as {unit} (bare numbers within {metric.bare_window} words)"
        if far:
            why["no_cue"] = far
        if m.kind == "count" and isinstance(value, float) and m.extra.get("modifiers"):
            named = sentence.named_before_others(m, others, ands)
            if named:
                value = value + 1
                why["count"] = f"{named} and {m.text}: {value:g} in all"
        line, column = doc.line_col(m.start)
        return Claim(
            id="",
            metric=metric.name,
            subject=subject,
            value=value,
            unit=unit,
            qualifier=m.qualifier if m.qualifier not in ("up", "down") else "=",
            period=period,
            stance=stance,
            attribution=attribution,
            doc=doc.path,
            published=doc.published,
            lang=doc.lang,
            start=m.start,
            end=m.end,
            line=line,
            column=column,
            quote=m.text,
            sentence=sentence.text,
            why=why,
        )

    def _fitting(self, m: Mention, lang: str) -> tuple[list[tuple[Metric, str]], dict[str, str]]:
        """The metrics that take ``m`` (with the claim unit) and why the others do not.

        ``_fits`` and ``_misfit`` read only the mention's kind, unit, currency, counted noun,
        time role and the shape of its value (and its text for a date naming no fixed day), so
        the answer is computed once per distinct combination. Both are shared: read them only
        (a rejection gets its own copy of the misfits).
        """
        value = m.value
        if value is None:
            shape = None
        elif isinstance(value, str):
            shape = "ref" if value.endswith("_REF") else "str"
        else:
            shape = "other"
        text = m.text if m.is_time and (shape == "ref" or m.time_role == "relative") else None
        key = (m.kind, m.unit, m.currency, m.counted, m.time_role, shape, text, lang)
        hit = self._fit_cache.get(key)
        if hit is None:
            fitting = []
            misfits = {}
            for metric in self.metrics:
                unit = _fits(metric, m, lang)
                if unit is None:
                    misfits[metric.name] = _misfit(metric, m, lang)
                else:
                    fitting.append((metric, unit))
            hit = (fitting, misfits)
            if len(m.counted or "") + len(m.unit or "") + len(text or "") <= 300:    # (hostile lengths are not kept)
                if len(self._fit_cache) > 100_000:
                    self._fit_cache.clear()
                self._fit_cache[key] = hit
        return hit

    def _subject(self, sentence, m: Mention, metric: Metric, finder, preps) -> tuple[str | None, str]:
        kinds = set(metric.subject_kinds)
        candidates = []
        if finder is not None:
            for start, end, name in sentence.phrases(finder):
                entity: Entity | None = self.rules.entities.get(name)
                if entity is None or (kinds and entity.kind not in kinds):
                    continue
                if start < m.end and end > m.start:
                    continue
                before = end <= m.start
                passing = sentence.word_before(start).lower() in preps
                distance = sentence.word_distance(start, end, m.start, m.end)
                # the grammatical subject stands before the number and after no preposition
                rank = (0 if before and not passing else 1 if not passing else 2, distance)
                candidates.append((rank, name, sentence.text_of(start, end), passing))
        if candidates:
            candidates.sort()
            rank, name, written, passing = candidates[0]
            rivals = [c for c in candidates[1:]
                      if c[0][0] == rank[0] and c[0][1] - rank[1] <= AMBIGUOUS_WORDS and c[1] != name]
            if rivals:
                # two entities named alike and about as near ("Germany and France spend 2%"):
                # nothing tells which one the figure is about
                other = rivals[0]
                return None, (f"ambiguous subject: \"{written}\" ({name}, {words_away(rank[1])}) and "
                              f"\"{other[2]}\" ({other[1]}, {words_away(other[0][1])}) are named alike")
            how = "named before the number" if rank[0] == 0 else "passing mention" if passing else "named after the number"
            return name, f"{name} ({how}: \"{written}\", {words_away(rank[1])})"
        if metric.default_subject:
            return metric.default_subject, f"{metric.default_subject} (the metric's default subject)"
        return None, "no subject of kind " + (", ".join(sorted(kinds)) or "any") + " in the sentence and no default"

    def _stance(self, sentence, m: Mention, metric: Metric, finder) -> tuple[str | None, str]:
        if finder is not None:
            hit = sentence.nearest(finder, m, len(sentence.word_starts), value=True)
            if hit is not None:
                distance, (cue, stance) = hit
                return stance, f"{stance} (\"{cue}\", {words_away(distance)})"
        if metric.default_stance:
            return metric.default_stance, f"{metric.default_stance} (default)"
        return None, "none stated"

    def _period(self, doc, sentence, m: Mention, metric: Metric, times: list[Mention]) -> tuple[Period, str]:
        if m.is_time:
            # a date claim is about the time it names; its period is the document's
            return _publication(doc), "the date itself is the value"
        best = None
        for t in times:
            if t.value is None or (isinstance(t.value, str) and t.value.endswith("_REF")):
                continue
            distance = sentence.word_distance(t.start, t.end, m.start, m.end)
            # "agreed to spend 3.5% ... and 1.5% ... by 2035": a deadline or span holds for
            # every figure of its sentence; a single date only for the figures near it
            if distance > metric.cues.window and (t.time_role == "point" or t.time_role == "relative" or t.time_role is None):
                continue
            key = (distance, 0 if t.start > m.start else 1)
            if best is None or key < best[0]:
                best = (key, t)
        if best is None:
            period = _publication(doc)
            return period, ("no time in the sentence: as of publication" if doc.published else "no time in the sentence, undated document")
        t = best[1]
        period = _period_of(t)
        return period, f"{period.label()} (\"{t.text}\", {words_away(best[0][0])})"


class _Sentence:
    """One sentence of a document with word positions, for distances in words."""

    def __init__(self, text: str, start: int, end: int, mentions: list[Mention] = ()):
        self.full = text
        self.start = start
        self.end = end
        self.mentions = mentions
        self._cache: dict[int, list] = {}
        self._has: dict[int, bool] = {}

    @functools.cached_property
    def text(self) -> str:
        return self.full[self.start:self.end]

    @functools.cached_property
    def times(self) -> list[Mention]:
        """The sentence's time expressions that can date its figures (no time of day)."""
        return [m for m in self.mentions if m.is_time and not m.extra.get(TIME_OF_DAY)]

    @functools.cached_property
    def clocks(self) -> list[Mention]:
        """The sentence's times of day."""
        return [m for m in self.mentions if m.extra.get(TIME_OF_DAY) and isinstance(m.value, str)]

    @functools.cached_property
    def word_starts(self) -> list[int]:
        """Offsets (in the document) where the sentence's words start; built when first asked."""
        start = self.start
        return [start + m.start() for m in WORD_RE.finditer(self.text)]

    def text_of(self, a: int, b: int) -> str:
        return self.full[a:b]

    def word_index(self, offset: int) -> int:
        return bisect_right(self.word_starts, offset) - 1

    def word_distance(self, a_start: int, a_end: int, b_start: int, b_end: int) -> int:
        """Words strictly between two spans (0 when adjacent or overlapping)."""
        if a_end <= b_start:
            return max(0, bisect_left(self.word_starts, b_start) - bisect_left(self.word_starts, a_end))
        if b_end <= a_start:
            return max(0, bisect_left(self.word_starts, a_start) - bisect_left(self.word_starts, b_end))
        return 0

    def has(self, finder: _Phrases) -> bool:
        """Whether any phrase of ``finder`` occurs in the sentence (one search, kept)."""
        key = id(finder)
        found = self._has.get(key)
        if found is None:
            found = self._has[key] = finder.occurs(self.full, self.start, self.end)
        return found

    def phrases(self, finder: _Phrases):
        key = id(finder)
        if key not in self._cache:
            self._cache[key] = list(finder.find(self.full, self.start, self.end))
        return self._cache[key]

    def nearest(self, finder: _Phrases, m: Mention, window: int, value: bool = False, scored: bool = False):
        """The phrase nearest to mention ``m`` within ``window`` words.

        A phrase in another clause (a comma, semicolon, colon or dash between) counts as three
        words further; between equally near phrases the one after the number wins ("1,5 % aux
        infrastructures" rather than "défense de base et 1,5 %").
        """
        best = None
        for start, end, val in self.phrases(finder):
            if start < m.end and end > m.start:
                # a cue inside a count's own words is its counted noun ("1 200 morts"): it
                # names the figure itself; any other overlap is no cue
                if not (scored and m.kind == "count" and start >= m.start and end <= m.end):
                    continue
                key = (0, 0)
                found = (self.full[start:end], val) if value else self.full[start:end]
                if best is None or key < best[0]:
                    best = (key, 0, found)
                continue
            d = self.word_distance(start, end, m.start, m.end)
            if d > window:
                continue
            between = self.full[end:m.start] if end <= m.start else self.full[m.end:start]
            score = d + (CLAUSE_PENALTY if CLAUSE_BREAK.search(between) else 0)
            key = (score, 0 if start >= m.end else 1)
            found = (self.full[start:end], val) if value else self.full[start:end]
            if best is None or key < best[0]:
                best = (key, d, found)
        if best is None:
            return None
        if scored:
            return best[0], best[1], best[2]
        return best[1], best[2]

    def word_before(self, offset: int) -> str:
        i = bisect_left(self.word_starts, offset) - 1
        if i < 0:
            return ""
        ws = self.word_starts[i]
        m = WORD_RE.match(self.full, ws)
        return m.group(0) if m else ""

    def attribution(self, m: Mention, before: _Phrases | None, after: _Phrases | None) -> str | None:
        """Who the sentence cites for its figures ("according to NATO", "Zelensky said")."""
        if before is not None:
            for start, end, _ in self.phrases(before):
                name = _proper_run(self.full, end, self.end, forward=True)
                if name:
                    return name
        if after is not None:
            for start, end, _ in self.phrases(after):
                name = _proper_run(self.full, self.start, start, forward=False)
                if name:
                    return name
        return None

    def named_before_others(self, m: Mention, others: frozenset[str], ands: frozenset[str]) -> str | None:
        """ "Donald Trump et 31 autres chefs d'État": the named one the others are added to."""
        words = m.text.lower().split()
        if not any(w in others for w in words):
            return None
        i = bisect_left(self.word_starts, m.start) - 1
        if i < 1:
            return None
        joiner = WORD_RE.match(self.full, self.word_starts[i])
        if not joiner or joiner.group(0).lower() not in ands:
            return None
        name = _proper_run(self.full, self.start, self.word_starts[i], forward=False)
        return name


def _proper_run(text: str, lo: int, hi: int, forward: bool) -> str | None:
    """The run of capitalized words right after ``lo`` (forward) or right before ``hi``."""
    segment = text[lo:hi]
    words = list(WORD_RE.finditer(segment))
    if not words:
        return None
    seq = words if forward else list(reversed(words))
    run = []
    for w in seq[:5]:
        if w.group(0)[:1].isupper():
            run.append(w)
        elif run or not forward:
            break
        else:
            # skip one leading article ("the", "la")
            if len(run) == 0 and len(w.group(0)) <= 3:
                continue
            break
    if not run:
        return None
    run = run if forward else list(reversed(run))
    return segment[run[0].start():run[-1].end()].rstrip("'’s").rstrip("'’")


_RATE = regex_store.cached_compile(r"\bper (\w+)$")


def _rate_of(m: Mention) -> str | None:
    """"year" for a money rate ("$300 billion a year": unit "dollar per year"), else None."""
    match = _RATE.search(m.unit or "")
    return match.group(1) if match else None


def words_away(n: int) -> str:
    """'1 word away', '3 words away', 'next to it'."""
    return "next to it" if n == 0 else f"{n} word away" if n == 1 else f"{n} words away"


def _window(metric: Metric, m: Mention) -> int:
    """How far a cue may stand: the bare-number window for a number with no counted noun."""
    if m.kind == "number" and metric.kind == "count" and metric.bare_window:
        return metric.bare_window
    return metric.cues.window


def _nearest_beyond(sentence: "_Sentence", finder: _Phrases, m: Mention, window: int) -> str:
    """Why no cue counted: the nearest cue of the sentence and how far it is, or none at all."""
    hit = sentence.nearest(finder, m, 10**6, scored=True)
    if hit is None:
        return "no cue in the sentence"
    _, distance, cue_text = hit
    return f"nearest cue \"{cue_text}\" is {words_away(distance)} (the window is {window} words)"


def _timed_period(doc, sentence: "_Sentence", m: Mention, period: Period, why: str,
                  clocks: list[Mention]) -> tuple[Period, str]:
    """A timed metric's period: the day, and the time of day the sentence or the document gives.

    "As of 6 p.m., the toll stood at 2,140": 18:00 of the day the sentence names, else of the
    publication day; with no time in the sentence, the document's publication time. A year, a
    month or a deadline takes no time of day.
    """
    if period.kind == "point" and period.start and _DAY.fullmatch(period.start):
        day = period.start
    elif period.kind == "publication" and doc.published:
        day = doc.published.isoformat()
    elif period.kind == "unknown":
        day = ""
    else:
        return period, why
    clock = None
    if clocks:
        clock = min(clocks, key=lambda c: sentence.word_distance(c.start, c.end, m.start, m.end))
    if clock is not None:
        time = clock.value[1:6]
        distance = sentence.word_distance(clock.start, clock.end, m.start, m.end)
        said = f"(\"{clock.text}\", {words_away(distance)})"
        if day:
            return Period("point", start=f"{day}T{time}", end=f"{day}T{time}"), f"{day} at {time} {said}"
        return Period("unknown", start=f"T{time}"), f"at {time} {said}, of an undated day"
    published_time = getattr(doc, "published_time", None)
    if period.kind == "publication" and published_time:
        stamp = f"{day}T{published_time}"
        return Period("publication", start=stamp), f"no time in the sentence: as of publication, {day} at {published_time}"
    if period.kind == "point" and published_time and doc.published and day == doc.published.isoformat():
        # "the agency said on Sunday", published on Sunday at 08:00: as of then
        stamp = f"{day}T{published_time}"
        return Period("point", start=stamp, end=stamp), f"{why}, the publication day: as of {published_time}"
    return period, why + "; no time of day"


_DAY = regex_store.cached_compile(r"\d{4}-\d{2}-\d{2}")


def _kind_words(m: Mention) -> str:
    """'counts of "habitant"', 'money per year', 'percent of GDP': what the number is."""
    if len(m.counted or "") + len(m.unit or "") > 300:     # (hostile lengths are not kept)
        return _kind_words_of.__wrapped__(m.kind, m.counted, m.unit, m.currency)
    return _kind_words_of(m.kind, m.counted, m.unit, m.currency)


@functools.lru_cache(maxsize=4096)
def _kind_words_of(kind: str, counted: str | None, unit: str | None, currency: str | None) -> str:
    """``_kind_words`` from the fields it reads (cached: most mentions repeat a few kinds)."""
    if kind == "count" and counted:
        return f"counts of \"{counted}\""
    if kind == "money":
        match = _RATE.search(unit or "")
        rate = match.group(1) if match else None
        return f"money per {rate}" if rate else "money amounts" + (f" in {currency}" if currency else "")
    return {"percent_of_gdp": "percent of GDP", "percentage_point": "percentage points",
            "number": "bare numbers"}.get(kind, kind + "s")


def _misfit(metric: Metric, m: Mention, lang: str) -> str:
    """Why ``metric`` does not take mention ``m`` (for ``factlint explain``)."""
    kind = metric.kind
    wants = {"percent_of_gdp": "percent of GDP", "percentage_point": "percentage points"}.get(kind, kind)
    if kind == "money" and m.kind == "money":
        allowed = metric.units.get("*") or []
        if allowed and m.currency not in allowed:
            return f"takes {', '.join(allowed)}, not {m.currency or 'an unknown currency'}"
        rate = _rate_of(m)
        if metric.rate and rate != metric.rate:
            return f"takes money per {metric.rate}; this is " + (f"per {rate}" if rate else "an amount")
        if rate and not metric.rate:
            return f"takes amounts; this is a rate per {rate}"
    if kind == "count" and m.kind in ("count", "number"):
        if m.kind == "number":
            return "takes counts of " + ", ".join(metric.counted or ["things"]) + "; this number counts nothing named"
        if not m.counted:
            return "takes counted things; this count names none"
        return f"counts {', '.join(metric.counted) or 'other things'}; \"{m.counted}\" is none of them"
    if kind == "measure" and m.kind == "measure":
        return f"takes {', '.join(metric.units.get('*') or [])}, not {m.unit}"
    if kind in ("date", "year") and m.is_time:
        if m.time_role == "relative" or (isinstance(m.value, str) and m.value.endswith("_REF")):
            return f"takes a {kind}; \"{m.text}\" names no fixed date"
        return f"takes a {kind}; this is a {m.kind}"
    if kind == "percent" and m.kind == "percent_of_gdp":
        return "takes percent of something other than GDP; this is a share of GDP"
    return f"takes {wants}; this is {_kind_words(m)}"


def _fits(metric: Metric, m: Mention, lang: str) -> str | None:
    """The claim unit if ``metric`` takes mention ``m``, else None."""
    kind = metric.kind
    if kind == "percent_of_gdp":
        # a bare percentage next to a spending cue is a share of GDP ("the 2% target")
        return "percent_of_gdp" if m.kind in ("percent_of_gdp", "percent") else None
    if kind in ("percent", "percentage_point"):
        return kind if m.kind == kind else None
    if kind == "money":
        if m.kind != "money":
            return None
        allowed = metric.units.get("*") or []
        if allowed and m.currency not in allowed:
            return None
        # a rate ("$300 billion a year") fits a metric of that rate only, an amount one of amounts
        rate = _rate_of(m)
        if rate != metric.rate:
            return None
        return f"{m.currency} per {rate}" if rate else m.currency
    if kind == "count":
        if m.kind == "number" and metric.bare_window and not m.is_time and m.value is not None:
            # "the death toll rose to 2,140": counted as the metric's first counted thing
            return next(iter(metric.counted), None) or "number"
        if m.kind != "count" or not m.counted:
            return None
        return _counted_group(metric, m.counted, lang)
    if kind == "measure":
        allowed = metric.units.get("*") or []
        return m.unit if m.kind == "measure" and (not allowed or m.unit in allowed) else None
    if kind in ("date", "year"):
        # a date figure is an absolute date: "today" or "last week" names no date of an event
        if (not m.is_time or m.kind == "duration" or not isinstance(m.value, str) or m.value.endswith("_REF")
                or m.time_role == "relative"):
            return None
        return "date" if kind == "date" and m.kind == "date" else ("year" if kind == "year" and m.kind == "year" else None)
    if kind == "duration":
        return m.unit if m.kind == "duration" else None
    if kind == "number":
        return "number" if m.kind in ("number", "count") else None
    return None


def _noun_key(noun: str) -> str:
    """A counted noun without plural endings, word by word ("personnes" -> "personne")."""
    return " ".join(re.sub(r"(?<=\w)[sx]$", "", w) for w in noun.casefold().split())


def _counted_group(metric: Metric, counted: str, lang: str) -> str | None:
    """Which of the metric's counted groups a counted noun belongs to ("policier" -> police officers)."""
    low = counted.lower()
    key = _noun_key(counted)
    for group, by_lang in metric.counted.items():
        for noun in by_lang.get(lang, []) + [n for other, ns in by_lang.items() if other != lang for n in ns]:
            n = noun.lower()
            if low == n or low.endswith(" " + n) or low.startswith(n + " ") or f" {n} " in f" {low} ":
                return group
            # the scanner gives the singular ("personne"); a rule may list the plural only
            nk = _noun_key(noun)
            if key == nk or key.endswith(" " + nk) or key.startswith(nk + " "):
                return group
    if not metric.counted:
        nouns = [n.lower() for ns in metric.units.values() for n in ns]
        if not nouns or any(low == n or low.endswith(" " + n) for n in nouns):
            return counted
    return None


def _publication(doc) -> Period:
    if doc.published:
        return Period("publication", start=doc.published.isoformat())
    return Period("unknown")


def _period_of(t: Mention) -> Period:
    v = t.value
    if isinstance(v, tuple):
        return Period("interval", start=str(v[0]), end=str(v[1]))
    role = t.time_role
    if role == "deadline":
        return Period("deadline", end=str(v))
    if role == "since":
        return Period("since", start=str(v))
    return Period("point", start=str(v), end=str(v))


def _latest_date(mentions: list[Mention]) -> str | None:
    """The latest date the mentions name (of those that date the document: no deadline, no
    "since", no duration or time of day)."""
    latest = None
    for m in mentions:
        v = _latest_of(m)
        if v is not None and (latest is None or v > latest):
            latest = v
    return latest


def _latest_of(m: Mention) -> str | None:
    """The latest ISO date of a mention that dates its document, or None."""
    if not m.is_time or m.kind == "duration" or m.extra.get(TIME_OF_DAY) or m.time_role in ("deadline", "since"):
        return None
    values = m.value if isinstance(m.value, tuple) else (m.value,)
    dated = [v for v in values if isinstance(v, str) and v[:4].isdigit()]
    return max(dated) if dated else None


#: dates tried one sentence at a time for the latest date (``_scan_for_claims``)
_LATEST_TRIES = 4


def _scan_for_claims(doc, any_cue: _Phrases | None) -> tuple[list[Mention], str | None]:
    """The mentions of the sentences where a cue of some metric occurs (``any_cue``), the only
    ones that can make a claim, and the document's latest date (``_latest_date`` of all its
    mentions).

    The latest date comes from the time expressions of the whole text, latest first: the first
    that the scan keeps (a quantity reading may take its digits: "some 2040 people") is it."""
    from checker.extract.scanner import SentenceScan

    scan = SentenceScan(doc)
    text = doc.text
    cued = [i for i, (start, end) in enumerate(doc.sentences) if any_cue.occurs(text, start, end)] if any_cue else []
    mentions = scan.mentions(cued)
    dates = sorted(((v, i) for i, t in enumerate(scan.times) for v in [_latest_of(t)] if v is not None), reverse=True)
    # the latest first, each read with its sentence (the first is nearly always kept); past a
    # few, all the others' sentences at once: one scan, not one per date
    for value, i in dates[:_LATEST_TRIES]:
        if scan.kept([scan.times[i]]):
            return mentions, value
    rest = dates[_LATEST_TRIES:]
    kept = scan.kept([scan.times[i] for _, i in rest]) if rest else set()
    return mentions, next((value for value, i in rest if id(scan.times[i]) in kept), None)
