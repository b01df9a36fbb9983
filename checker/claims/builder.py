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
from dataclasses import dataclass, field

from checker import lang as langdata
from checker.claims.model import Claim, Period
from checker.extract.mention import Mention
from checker.extract.patterns import phrase_pattern
from checker.rules.model import Entity, Metric, RuleSet

WORD_RE = re.compile(r"[^\W_](?:[\w'’\-]*[^\W_])?")
TIME_OF_DAY = "time_of_day"
CLAUSE_BREAK = re.compile(r"[,;:()\u2013\u2014]| - ")
CLAUSE_PENALTY = 3


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

    def find(self, text: str, start: int = 0, end: int | None = None):
        end = len(text) if end is None else end
        for m in self.regex.finditer(text, start, end):
            yield m.start(), m.end(), self.lookup.get(" ".join(m.group(0).split()).lower())


def _phrases(mapping: dict[str, str], case_sensitive: bool = False) -> _Phrases | None:
    if not mapping:
        return None
    flags = 0 if case_sensitive else re.IGNORECASE
    regex = re.compile(r"(?<![^\W\d_])" + phrase_pattern(mapping) + r"(?![^\W\d_])", flags)
    return _Phrases(regex, {" ".join(k.split()).lower(): v for k, v in mapping.items()})


class ClaimBuilder:
    """Builds claims with one rule set; compiled phrase tables are cached per language."""

    def __init__(self, rules: RuleSet):
        self.rules = rules
        self.metrics = list(rules.metrics.values())

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
        return cue_finders, stances, entity_finder, attribution_before, attribution_after, preps, others, ands

    # ------------------------------------------------------------------ documents
    def build(self, doc, mentions: list[Mention] | None = None) -> DocumentClaims:
        """Claims of one document (``checker.document.Document``)."""
        if mentions is None:
            from checker.extract.scanner import scan_document

            mentions = scan_document(doc)
        lang = doc.lang
        tables = self._tables(lang)
        by_sentence: dict[int, list[Mention]] = {}
        for m in mentions:
            by_sentence.setdefault(m.sentence, []).append(m)
        claims: list[Claim] = []
        rejections: list[Rejection] = []
        for index, group in sorted(by_sentence.items()):
            if index < 0:
                continue
            s_start, s_end = doc.sentences[index]
            sentence = _Sentence(doc.text, s_start, s_end, tables)
            times = [m for m in group if m.is_time and not m.extra.get(TIME_OF_DAY)]
            for m in group:
                made = self._claim(doc, sentence, m, times, tables)
                if isinstance(made, Claim):
                    claims.append(made)
                else:
                    rejections.append(made)
        return DocumentClaims(claims, rejections, mentions, _latest_date(mentions))

    def _claim(self, doc, sentence: "_Sentence", m: Mention, times: list[Mention], tables) -> Claim | Rejection:
        cue_finders, stances, entity_finder, attr_before, attr_after, preps, others, ands = tables
        if m.kind == "duration" or m.extra.get(TIME_OF_DAY):
            return Rejection(m, "no metric takes durations or times of day here")
        if m.qualifier in ("up", "down") and not m.is_time:
            return Rejection(m, "a change by this amount, not a level", {"qualifier": m.qualifier})
        fitting = [(metric, unit) for metric in self.metrics if (unit := _fits(metric, m, doc.lang)) is not None]
        if not fitting:
            return Rejection(m, "no metric takes this kind of number", {"kind": m.kind, "unit": m.unit, "counted": m.counted, "currency": m.currency})
        ranked = []
        for order, (metric, unit) in enumerate(fitting):
            finder = cue_finders.get(metric.name)
            if finder is None:
                continue
            hit = sentence.nearest(finder, m, metric.cues.window, scored=True)
            if hit is None:
                continue
            score, distance, cue_text = hit
            ranked.append(((score, order), metric, unit, cue_text, distance))
        if not ranked:
            names = ", ".join(metric.name for metric, _ in fitting)
            return Rejection(m, f"no cue of {names} within range", {"metrics": [metric.name for metric, _ in fitting]})
        ranked.sort(key=lambda r: r[0])
        tried = []
        for _, metric, unit, cue_text, distance in ranked:
            subject, subject_why = self._subject(sentence, m, metric, entity_finder, preps)
            if subject is not None:
                break
            tried.append(f"{metric.name}: {subject_why}")
        else:
            return Rejection(m, "; ".join(tried), {"metrics": [r[1].name for r in ranked]})
        stance, stance_why = self._stance(sentence, m, metric, stances.get(metric.name))
        period, period_why = self._period(doc, sentence, m, metric, times)
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
            how = "named before the number" if rank[0] == 0 else "passing mention" if passing else "named after the number"
            return name, f"{name} ({how}: \"{written}\", {rank[1]} words away)"
        if metric.default_subject:
            return metric.default_subject, f"{metric.default_subject} (the metric's default subject)"
        return None, "no subject of kind " + (", ".join(sorted(kinds)) or "any") + " in the sentence and no default"

    def _stance(self, sentence, m: Mention, metric: Metric, finder) -> tuple[str | None, str]:
        if finder is not None:
            hit = sentence.nearest(finder, m, len(sentence.word_starts), value=True)
            if hit is not None:
                distance, (cue, stance) = hit
                return stance, f"{stance} (\"{cue}\", {distance} words away)"
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
        return period, f"{period.label()} (\"{t.text}\", {best[0][0]} words away)"


class _Sentence:
    """One sentence of a document with word positions, for distances in words."""

    def __init__(self, text: str, start: int, end: int, tables):
        self.full = text
        self.start = start
        self.end = end
        self.text = text[start:end]
        self.word_starts = [start + m.start() for m in WORD_RE.finditer(self.text)]
        self._cache: dict[int, list] = {}

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
        return m.currency if not allowed or m.currency in allowed else None
    if kind == "count":
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


def _counted_group(metric: Metric, counted: str, lang: str) -> str | None:
    """Which of the metric's counted groups a counted noun belongs to ("policier" -> police officers)."""
    low = counted.lower()
    for group, by_lang in metric.counted.items():
        for noun in by_lang.get(lang, []) + [n for other, ns in by_lang.items() if other != lang for n in ns]:
            n = noun.lower()
            if low == n or low.endswith(" " + n) or low.startswith(n + " ") or f" {n} " in f" {low} ":
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
    latest = None
    for m in mentions:
        if not m.is_time or m.kind == "duration" or m.extra.get(TIME_OF_DAY) or m.time_role in ("deadline", "since"):
            continue
        values = m.value if isinstance(m.value, tuple) else (m.value,)
        for v in values:
            if isinstance(v, str) and v[:4].isdigit() and (latest is None or v > latest):
                latest = v
    return latest


def number_claims(claims: list[Claim]) -> None:
    """Give claims their ids ("c1", "c2", ...) in the order given (documents, then offsets)."""
    for i, c in enumerate(claims, 1):
        c.id = f"c{i}"
