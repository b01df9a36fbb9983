"""Lint a rule set: what loads but will not work as its author hopes.

A rule file can be well formed and still never do its job: a metric no example tests, a cue two
metrics fight over, an entity nothing refers to, a check that cannot fire, a cue so common it
matches everywhere, includes that go round in a circle. ``lint_rules`` finds these and reports
each as a :class:`LintFinding` with a stable code, ``file:line:column: CODE message``, so that
``factlint rules lint`` can gate CI on them. A rule file that does not load at all is not a lint
finding but an error (:class:`checker.rules.RuleError`).

Codes (docs/rules.md, "Linting rule files"):

RL001  a metric no example gives (untested: nothing shows it finds anything)
RL002  a cue phrase two metrics of one topic share, when both take the same kind of number
RL003  an entity never used: no metric's default subject, named in no example, in no role,
       no reference file's subject
RL004  a check that can never fire (a sum over metrics of different kinds or units, a
       reference check on dates, bounds that allow nothing, ...)
RL005  a cue phrase that matches almost everywhere (fewer than 3 letters, or only stopwords of
       its language): it costs a look-up at every occurrence and is no evidence of the metric
RL006  an include cycle
RL007  a metric with no example in one of its topic's languages
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from checker import lang as langdata

from .errors import RuleError
from .grammar import parse
from .loader import RULES_SUFFIX, _inside, _special, examples_by_metric, load_rules
from .model import Metric, Position, RuleSet
from .syntax import IncludeStmt

from checker.regex_store import cached_compile

CODES: dict[str, str] = {
    "RL001": "metric with no example",
    "RL002": "cue phrase shared by two metrics of one topic",
    "RL003": "entity never used",
    "RL004": "check that can never fire",
    "RL005": "cue phrase that matches almost everywhere",
    "RL006": "include cycle",
    "RL007": "metric with no example in a language of its topic",
}

#: a cue with fewer letters than this matches inside almost any sentence
MIN_CUE_LETTERS = 3

_LETTER = cached_compile(r"[^\W\d_]")
_WORD = cached_compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@dataclass(frozen=True, slots=True)
class LintFinding:
    """One problem: a code (RL001...), where, and a message in plain words."""

    code: str
    pos: Position | None
    message: str

    def render(self) -> str:
        where = str(self.pos) if self.pos else "<rules>"
        return f"{where}: {self.code} {self.message}"

    @property
    def sort_key(self) -> tuple:
        p = self.pos
        return (p.file, p.line, p.column, self.code) if p else ("", 0, 0, self.code)


@dataclass(slots=True)
class LintResult:
    findings: list[LintFinding]
    rules: RuleSet | None


def lint_rules(paths: list[str], allow_outside: bool = False) -> LintResult:
    """Lint the rule files and directories ``paths`` (loaded together, as ``check`` loads them).

    Raises :class:`RuleError` when a file cannot be loaded for another reason than the ones
    linted here. An include cycle is reported (RL006) and the rest is not linted: the set
    cannot be loaded.
    """
    cycles = include_cycles(paths, allow_outside)
    if cycles:
        return LintResult(sorted(cycles, key=lambda f: f.sort_key), None)
    dead: list[RuleError] = []
    rules = load_rules(paths, allow_outside=allow_outside, dead_checks=dead)
    texts = _texts(rules.files)
    findings: list[LintFinding] = []
    findings += [LintFinding("RL004", err.position, f"this check can never fire: {err.message}") for err in dead]
    findings += _unit_mismatches(rules)
    findings += _untested(rules)
    findings += _shared_cues(rules, texts)
    findings += _unused_entities(rules)
    findings += _common_cues(rules, texts)
    unique = {(f.code, f.pos, f.message): f for f in findings}
    return LintResult(sorted(unique.values(), key=lambda f: f.sort_key), rules)


# --------------------------------------------------------------------------------------------
# RL006: include cycles, found before loading (the loader stops at the first one)
# --------------------------------------------------------------------------------------------


def include_cycles(paths: list[str], allow_outside: bool = False) -> list[LintFinding]:
    """Every include that closes a cycle, with the cycle it closes."""
    tops: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            tops += [os.path.join(path, n) for n in sorted(os.listdir(path)) if n.endswith(RULES_SUFFIX)]
        elif os.path.exists(path):
            tops.append(path)
    found: list[LintFinding] = []
    seen_cycles: set[frozenset] = set()
    done: set[str] = set()
    display: dict[str, str] = {}

    def visit(real: str, shown: str, stack: list[str], root: str) -> None:
        display.setdefault(real, shown)
        if real in done:
            return
        # like the loader: never outside the rules root (unless allowed), never a FIFO or device
        if (not allow_outside and not _inside(real, root)) or _special(real):
            done.add(real)
            return  # the loader reports these as errors
        try:
            with open(real, encoding="utf-8-sig") as handle:
                statements = parse(handle.read(), shown)
        except (OSError, UnicodeDecodeError, RuleError):
            done.add(real)
            return  # the loader reports unreadable files and syntax errors
        for stmt in statements:
            if not isinstance(stmt, IncludeStmt) or not stmt.path.text.endswith(RULES_SUFFIX):
                continue
            target = os.path.realpath(os.path.join(os.path.dirname(real), stmt.path.text))
            target_shown = os.path.normpath(os.path.join(os.path.dirname(shown), stmt.path.text))
            if target in stack or target == real:
                chain_reals = stack[stack.index(target):] + [real] if target in stack else [real]
                key = frozenset(chain_reals)
                if key not in seen_cycles:
                    seen_cycles.add(key)
                    chain = [display.get(r, r) for r in chain_reals] + [display.get(target, target_shown)]
                    found.append(LintFinding("RL006", stmt.path.pos, "include cycle: " + " -> ".join(chain)))
                continue
            if os.path.exists(target):
                visit(target, target_shown, stack + [real], root)
        done.add(real)

    for top in tops:
        real_top = os.path.realpath(top)
        visit(real_top, top, [], os.path.dirname(real_top))
    return found


# --------------------------------------------------------------------------------------------
# RL001, RL007: examples
# --------------------------------------------------------------------------------------------


def _topic_languages(rules: RuleSet) -> dict[str, list[str]]:
    """rule file -> the languages of the topic it declares."""
    return {t.pos.file: t.languages for t in rules.topics if t.pos is not None}


def _untested(rules: RuleSet) -> list[LintFinding]:
    out = []
    by_metric = examples_by_metric(rules)
    languages = _topic_languages(rules)
    for name, metric in rules.metrics.items():
        examples = by_metric.get(name, [])
        if not examples:
            out.append(LintFinding("RL001", metric.pos, f"metric {name!r} has no example that gives it "
                                   "(add: example en \"...\" gives " + name + " ...)"))
            continue
        wanted = languages.get(metric.pos.file, []) if metric.pos else []
        have = {ex.lang for ex in examples}
        missing = [lang for lang in wanted if lang not in have]
        if missing:
            out.append(LintFinding("RL007", metric.pos, f"metric {name!r} has no example in "
                                   + ", ".join(missing) + f" (its topic's languages: {', '.join(wanted)})"))
    return out


# --------------------------------------------------------------------------------------------
# RL002: cues two metrics fight over
# --------------------------------------------------------------------------------------------


def _compete(a: Metric, b: Metric, lang: str) -> bool:
    """Whether one number could fit both metrics (then a shared cue cannot tell them apart)."""
    kinds = {a.kind, b.kind}
    if a.kind != b.kind and kinds != {"percent", "percent_of_gdp"}:
        return False
    if a.kind == "money":
        ca, cb = set(a.units.get("*", [])), set(b.units.get("*", []))
        return a.rate == b.rate and (not ca or not cb or bool(ca & cb))
    if a.kind == "measure":
        ua, ub = set(a.units.get("*", [])), set(b.units.get("*", []))
        return not ua or not ub or bool(ua & ub)
    if a.kind == "count":
        if a.bare_window and b.bare_window:
            return True
        na = {n.casefold() for n in a.units.get(lang, [])}
        nb = {n.casefold() for n in b.units.get(lang, [])}
        return not na or not nb or bool(na & nb)
    return True


def _shared_cues(rules: RuleSet, texts: dict[str, str]) -> list[LintFinding]:
    out = []
    groups: dict[str, list[Metric]] = {}
    for metric in rules.metrics.values():
        groups.setdefault(_topic_of(rules, metric), []).append(metric)
    for metrics in groups.values():
        for i, a in enumerate(metrics):
            for b in metrics[i + 1:]:
                for lang, phrases in b.cues.phrases.items():
                    theirs = {p.casefold() for p in a.cues.phrases.get(lang, [])}
                    for phrase in phrases:
                        if phrase.casefold() in theirs and _compete(a, b, lang):
                            out.append(LintFinding(
                                "RL002", _phrase_pos(texts, b.pos, phrase),
                                f"cue {lang} \"{phrase}\" of metric {b.name!r} is also a cue of {a.name!r}, "
                                f"which takes the same kind of number: the nearest cue decides, so the "
                                f"two metrics take each other's figures"))
    return out


def _topic_of(rules: RuleSet, metric: Metric) -> str:
    """The topic a metric belongs to: the topic of its file, else the file itself."""
    file = metric.pos.file if metric.pos else ""
    for topic in rules.topics:
        if topic.pos and topic.pos.file == file:
            return topic.name
    return file


# --------------------------------------------------------------------------------------------
# RL003: entities nothing refers to
# --------------------------------------------------------------------------------------------


def _unused_entities(rules: RuleSet) -> list[LintFinding]:
    used: set[str] = set()
    for metric in rules.metrics.values():
        if metric.default_subject:
            used.add(metric.default_subject)
    for example in rules.examples:
        used.update(c.subject for c in example.expected if c.subject)
    for entity in rules.entities.values():
        if entity.roles:
            used.add(entity.name)
            for role in entity.roles:
                used.add(role.split(" ", 2)[-1])
    for check in rules.checks:
        for row in check.params.get("rows", []) if isinstance(check.params, dict) else []:
            if row.get("subject"):
                used.add(row["subject"])
    out = []
    for entity in rules.entities.values():
        if entity.source is None and entity.name not in used:
            out.append(LintFinding(
                "RL003", entity.pos,
                f"entity {entity.name!r} is never used: no metric has it as default subject, no example "
                "names it, it has no role and is in none (give an example: gives METRIC of "
                f"\"{entity.name}\" ...)"))
    return out


# --------------------------------------------------------------------------------------------
# RL004 (units): checks whose metrics are of one kind but never of one unit
# --------------------------------------------------------------------------------------------


def _unit_of(metric: Metric) -> str | None:
    """A metric's unit when it fixes one: 'USD', 'USD per year', 'per year'; None when open."""
    if metric.kind == "money":
        codes = metric.units.get("*", [])
        per = f" per {metric.rate}" if metric.rate else ""
        if len(codes) == 1:
            return codes[0] + per
        return f"any currency{per}" if metric.rate else None
    if metric.kind == "count" and metric.counted:
        return " or ".join(sorted(metric.counted))
    if metric.kind == "measure" and metric.units.get("*"):
        return " or ".join(sorted(metric.units["*"]))
    return None


def _units_meet(a: Metric, b: Metric) -> bool:
    if a.kind != b.kind:
        return False
    if a.kind == "money":
        ca, cb = set(a.units.get("*", [])), set(b.units.get("*", []))
        return a.rate == b.rate and (not ca or not cb or bool(ca & cb))
    if a.kind == "count" and a.counted and b.counted:
        return bool(set(a.counted) & set(b.counted))
    if a.kind == "measure" and a.units.get("*") and b.units.get("*"):
        return bool(set(a.units["*"]) & set(b.units["*"]))
    return True


def _unit_mismatches(rules: RuleSet) -> list[LintFinding]:
    out = []
    for check in rules.checks:
        if check.kind == "sum":
            names = list(check.params["parts"]) + [check.params["total"]]
        elif check.kind == "part":
            names = [check.params["whole"]] + ([check.params["part"]] if check.params.get("part") else [])
        else:
            continue
        metrics = [rules.metrics[n] for n in names]
        first = metrics[0]
        for other in metrics[1:]:
            if not _units_meet(first, other):
                out.append(LintFinding(
                    "RL004", check.pos,
                    f"this check can never fire: {first.name!r} takes {_unit_of(first) or first.kind} and "
                    f"{other.name!r} takes {_unit_of(other) or other.kind}; claims in different units are "
                    "never compared"))
                break
    return out


# --------------------------------------------------------------------------------------------
# RL005: cues that match almost everywhere
# --------------------------------------------------------------------------------------------


def _stopwords(lang: str) -> frozenset[str]:
    try:
        words = langdata.section(lang, "text").get("stopwords", [])
    except langdata.LanguageDataError:
        words = []
    return frozenset(str(w).casefold() for w in words)


def common_cue(phrase: str, lang: str) -> str | None:
    """Why a cue phrase would match almost everywhere, or None when it is specific enough."""
    letters = len(_LETTER.findall(phrase))
    if letters < MIN_CUE_LETTERS:
        return f"has {letters} letter{'s' if letters != 1 else ''} (fewer than {MIN_CUE_LETTERS})"
    words = [w.casefold() for w in _WORD.findall(phrase)]
    stop = _stopwords(lang)
    if words and all(w in stop for w in words):
        return "is only stopwords of " + lang + (f" ({', '.join(words)})" if len(words) > 1 else "")
    return None


def _common_cues(rules: RuleSet, texts: dict[str, str]) -> list[LintFinding]:
    out = []
    for metric in rules.metrics.values():
        for lang, phrases in metric.cues.phrases.items():
            for phrase in phrases:
                why = common_cue(phrase, lang)
                if why:
                    out.append(LintFinding(
                        "RL005", _phrase_pos(texts, metric.pos, phrase),
                        f"cue {lang} \"{phrase}\" of metric {metric.name!r} {why}: it matches in almost "
                        "every sentence, so it ties numbers to the metric on no evidence and is looked "
                        "up at every occurrence; use a longer phrase"))
    return out


# --------------------------------------------------------------------------------------------
# positions of phrases (the model keeps the position of names, not of every phrase)
# --------------------------------------------------------------------------------------------


def _texts(files: list[str]) -> dict[str, str]:
    out = {}
    for file in files:
        try:
            with open(file, encoding="utf-8-sig") as handle:
                out[file] = handle.read()
        except OSError:
            continue
    return out


def _phrase_pos(texts: dict[str, str], after: Position | None, phrase: str) -> Position | None:
    """Where ``"phrase"`` is first written after a statement's name, else the name itself."""
    if after is None or after.file not in texts:
        return after
    text = texts[after.file]
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[: after.line - 1]) + after.column - 1
    for quoted in (f'"{phrase}"', f"“{phrase}”", f'"{_escape(phrase)}"'):
        at = text.find(quoted, start)
        if at >= 0:
            line = text.count("\n", 0, at) + 1
            column = at - (text.rfind("\n", 0, at) + 1) + 1
            return Position(after.file, line, column)
    return after


def _escape(phrase: str) -> str:
    return phrase.replace("\\", "\\\\").replace('"', '\\"')
