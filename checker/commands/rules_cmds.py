"""``factlint rules test|lint|new``: the rule author's commands.

``rules test`` runs every ``example`` of the rule files and prints a pass/fail table; a failure
shows what was expected and what came out. ``rules lint`` reports what loads but will not work
(``checker.rules.lint``). ``rules new`` writes a commented starter file whose examples pass.

Exit codes: 0 all good; 1 an example fails (test) or a problem is found (lint); 2 a rule file
cannot be loaded, or bad usage. The rule files default to ``rules/`` in the working directory.
"""

from __future__ import annotations

import os
import re
import sys

from checker.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK

DEFAULT_RULES = "rules"


def add_parsers(sub) -> None:
    """Register ``rules`` (test, lint, new) and ``explain`` on the CLI's subparsers."""
    rules = sub.add_parser("rules", help="test, lint and start rule files",
                           description="Commands for rule authors: test runs the examples, lint finds "
                                       "problems, new writes a starter file.")
    rsub = rules.add_subparsers(dest="rules_command", metavar="SUBCOMMAND")
    rules.set_defaults(handler="checker.commands.rules_cmds:run_help", rules_parser=rules)

    test = rsub.add_parser("test", help="run every example of the rule files (exit 1 on a failure)",
                           description="Run every example of the rule files (each file with the rules it "
                                       "loads). Exit codes: 0 all pass, 1 one fails, 2 a rule file has errors.")
    test.add_argument("paths", nargs="*", metavar="PATH", help="rule files or folders (default: rules/)")
    test.add_argument("--failures-only", action="store_true", help="list failing examples only")
    test.set_defaults(handler="checker.commands.rules_cmds:run_test")

    lint = rsub.add_parser("lint", help="find metrics without examples, shared cues, unused entities, dead checks",
                           description="Report problems as file:line:column: CODE message (codes RL001-RL007, "
                                       "see docs/rules.md). Exit codes: 0 none, 1 some, 2 a rule file has errors.")
    lint.add_argument("paths", nargs="*", metavar="PATH", help="rule files or folders (default: rules/)")
    lint.set_defaults(handler="checker.commands.rules_cmds:run_lint")

    new = rsub.add_parser("new", help="write a commented starter rule file for a new topic",
                          description="Write a starter rule file with one entity, one metric, one check and "
                                      "examples that pass 'factlint rules test' as written.")
    new.add_argument("topic", metavar="TOPIC", help="the topic's name: letters, digits and underscores (strike, eu_budget)")
    new.add_argument("--output", "-o", metavar="FILE",
                     help="where to write it (default: rules/TOPIC.rules when rules/ exists, else TOPIC.rules; - for stdout)")
    new.add_argument("--force", action="store_true", help="overwrite an existing file")
    new.set_defaults(handler="checker.commands.rules_cmds:run_new")

    explain = sub.add_parser(
        "explain", help="show what became of every number of a text: the claim and why, or why none",
        description="For every number the scanner finds: its reading, and the claim it became (cue, distance, "
                    "subject, period, stance) or why it became none. Give files, or --text.")
    explain.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (or - for stdin)")
    explain.add_argument("--text", help="explain this text instead of files")
    explain.add_argument("--lang", choices=("en", "fr", "de", "es"), help="language of the text (default: detected)")
    explain.add_argument("--published", metavar="DATE",
                         help="publication date (and time) of the text: YYYY-MM-DD or YYYY-MM-DDTHH:MM")
    explain.add_argument("--rules", action="append", metavar="FILE_OR_DIR",
                         help="rule files or folders (repeatable; default: the rules/ folder next to the documents)")
    explain.add_argument("--claims-only", action="store_true", help="show only the numbers that became claims")
    explain.add_argument("--format", dest="explain_format", choices=("plain", "json"), default="plain")
    explain.set_defaults(handler="checker.commands.explain:run")


def run_help(args) -> int:
    args.rules_parser.print_help()
    return EXIT_ERROR


def _rule_paths(paths: list[str]) -> list[str] | None:
    if paths:
        return paths
    if os.path.isdir(DEFAULT_RULES):
        return [DEFAULT_RULES]
    print("factlint: error: no rule files: give PATH or run from a folder that has rules/", file=sys.stderr)
    return None


def rule_files(paths: list[str]) -> list[str]:
    """The top rule files of ``paths``: files as given, folders' ``*.rules`` sorted."""
    out = []
    for path in paths:
        if os.path.isdir(path):
            out += [os.path.join(path, n) for n in sorted(os.listdir(path)) if n.endswith(".rules")]
        else:
            out.append(path)
    return out


# --------------------------------------------------------------------------------------------
# rules test
# --------------------------------------------------------------------------------------------


def _cell(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, tuple):
        return " to ".join(_cell(v) for v in value)
    if isinstance(value, float):
        return f"{value:,.10g}"
    return str(value)


def _expected_row(label: str, e) -> list[str]:
    value = _cell(e.value)
    if e.qualifier not in (None, "=") and e.value is not None:
        value = f"{e.qualifier} {value}"
    return [label, e.metric, _cell(e.subject), value, _cell(e.unit), _cell(e.period), _cell(e.stance)]


def _claim_row(label: str, c) -> list[str]:
    value = _cell(c.value)
    if c.qualifier not in (None, "="):
        value = f"{c.qualifier} {value}"
    return [label, c.metric, c.subject, value, c.unit, _period_text(c.period), _cell(c.stance)]


def _period_text(period) -> str:
    """A claim's period in the words of an example ("by 2035", "2024", "publication", "T18:00")."""
    if period.kind == "deadline":
        return f"by {period.end}"
    if period.kind == "since":
        return f"since {period.start}"
    if period.kind == "interval":
        return f"{period.start}/{period.end}"
    if period.kind == "point":
        return str(period.start)
    if period.kind == "unknown" and period.start:
        return str(period.start)
    if period.kind in ("publication", "unknown"):
        return f"publication ({period.start})" if period.start else "publication"
    return period.kind


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def run_test(args) -> int:
    from tabulate import tabulate

    from checker.claims.builder import ClaimBuilder
    from checker.claims.examples import run_example
    from checker.rules import RuleError, load_rules

    paths = _rule_paths(args.paths)
    if paths is None:
        return EXIT_ERROR
    status = EXIT_OK
    rows, failures = [], []
    passed = failed = 0
    done: set[tuple[str, int]] = set()
    files = rule_files(paths)
    for path in files:
        try:
            rules = load_rules([path])
        except RuleError as err:
            print(str(err), file=sys.stderr)
            status = EXIT_ERROR
            continue
        builder = ClaimBuilder(rules)
        here = os.path.realpath(path)
        # a file's own examples first; an included file's examples run once, with the first file
        examples = sorted(rules.examples, key=lambda ex: (os.path.realpath(ex.pos.file) != here if ex.pos else True))
        for ex in examples:
            key = (os.path.realpath(ex.pos.file), ex.pos.line) if ex.pos else ("", id(ex))
            if key in done:
                continue
            done.add(key)
            outcome = run_example(ex, builder)
            where = f"{ex.pos.file}:{ex.pos.line}" if ex.pos else "<example>"
            gives = ", ".join(dict.fromkeys(e.metric for e in ex.expected)) or "nothing"
            if outcome.passed:
                passed += 1
                if not args.failures_only:
                    rows.append(["pass", where, ex.lang, gives, _short(ex.text)])
                continue
            failed += 1
            rows.append(["FAIL", where, ex.lang, gives, _short(ex.text)])
            table = []
            for e in ex.expected:
                table.append(_expected_row("expected" if e not in outcome.missing else "expected, missing", e))
            for c in outcome.claims:
                hit = c not in outcome.unexpected
                table.append(_claim_row("got" if hit else "got, unexpected", c))
            if not ex.expected:
                table.insert(0, ["expected", "nothing", "", "", "", "", ""])
            failures.append((where, ex, table))
    out = sys.stdout
    if rows:
        out.write(tabulate(rows, headers=("result", "example", "lang", "gives", "sentence"), tablefmt="simple",
                           disable_numparse=True))
        out.write("\n")
    for where, ex, table in failures:
        out.write(f"\nFAIL {where} ({ex.lang}): {ex.text}\n")
        out.write(tabulate(table, headers=("", "metric", "subject", "value", "unit", "period", "stance"),
                           tablefmt="simple", disable_numparse=True))
        out.write("\n")
    out.write(f"\n{passed} passed, {failed} failed\n")
    if status == EXIT_ERROR:
        return EXIT_ERROR
    return EXIT_FINDINGS if failed else EXIT_OK


# --------------------------------------------------------------------------------------------
# rules lint
# --------------------------------------------------------------------------------------------


def run_lint(args) -> int:
    from checker.rules import RuleError
    from checker.rules.lint import lint_rules

    paths = _rule_paths(args.paths)
    if paths is None:
        return EXIT_ERROR
    for path in paths:
        if not os.path.exists(path):
            print(f"{path}: no such rule file or directory", file=sys.stderr)
            return EXIT_ERROR
    try:
        result = lint_rules(paths)
    except RuleError as err:
        print(str(err), file=sys.stderr)
        return EXIT_ERROR
    for finding in result.findings:
        print(finding.render())
    count = len(result.findings)
    if count:
        codes: dict[str, int] = {}
        for f in result.findings:
            codes[f.code] = codes.get(f.code, 0) + 1
        summary = ", ".join(f"{code}: {n}" for code, n in sorted(codes.items()))
        print(f"{count} problem{'s' if count != 1 else ''} ({summary})")
        return EXIT_FINDINGS
    print("no problems")
    return EXIT_OK


# --------------------------------------------------------------------------------------------
# rules new
# --------------------------------------------------------------------------------------------

STARTER = '''\
# {title}: a starter rule file, written by `factlint rules new {topic}`.
# Change it one step at a time (docs/tutorial.md shows how), and after each step run
#   factlint rules test {path}                       every example below must pass
#   factlint explain ARTICLE --rules {path}          what became of each number of an article
#   factlint rules lint {path}                       what loads but will not work
# The language is described in docs/rules.md.

topic {topic}
  title "{title}"                     # shown in reports
  languages en, fr                    # the languages of the topic's articles

# Who the numbers are about. A metric takes its default subject when the sentence names none.
entity "{entity}" is an event
  names en "{words}"
  names fr "{words}"

# What a number measures, and the words that tie a number to it. Here: how many took part.
metric {topic}_turnout
  label "People who took part ({words})"
  takes a count of                    # counts of these nouns only, per language
    people: en "people", "participants", "protesters"; fr "personnes", "participants", "manifestants"
  about an event, default "{entity}"
  cues within 10 words                # a cue must stand within 10 words of the number
    en "took part", "turned out", "joined", "marched"
    fr "ont participé", "ont manifesté", "ont défilé", "se sont rassemblées"
  tolerance 5 %                       # figures 5 % apart count as the same

# What to check: two sources giving different turnouts for the same day.
check {check_id} conflict on {topic}_turnout: warning
  label "Two turnout figures for the same day disagree"

# Examples run as tests (factlint rules test): each sentence must give exactly these claims.
example en "More than 12,000 people took part, the organisers said."
  gives {topic}_turnout of "{entity}" more than 12000 people
example fr "Plus de 12 000 personnes ont participé, selon les organisateurs."
  gives {topic}_turnout of "{entity}" more than 12000 people
'''


def starter_text(topic: str, path: str) -> str:
    """The starter rule file for ``topic`` (a valid rule-language name)."""
    words = re.sub(r"[_\-.]+", " ", topic).strip().lower()
    title = words[:1].upper() + words[1:]
    return STARTER.format(topic=topic, title=title, words=words, entity=title,
                          check_id=topic.upper() + "-C1", path=path)


def valid_topic(topic: str) -> str | None:
    """Why ``topic`` cannot be a topic name, or None."""
    from checker.rules.grammar import RESERVED

    if not re.fullmatch(r"[^\W\d_][\w]*", topic):
        return "a topic name is letters, digits and underscores, starting with a letter (strike, eu_budget)"
    if topic in RESERVED:
        return f"{topic!r} is a word of the rule language"
    return None


def run_new(args) -> int:
    problem = valid_topic(args.topic)
    if problem:
        print(f"factlint: error: {problem}", file=sys.stderr)
        return EXIT_ERROR
    path = args.output or (os.path.join(DEFAULT_RULES, f"{args.topic}.rules") if os.path.isdir(DEFAULT_RULES)
                           else f"{args.topic}.rules")
    text = starter_text(args.topic, path if path != "-" else f"{args.topic}.rules")
    if path == "-":
        sys.stdout.write(text)
        return EXIT_OK
    if not path.endswith(".rules"):
        print(f"factlint: error: a rule file's name must end in .rules: {path}", file=sys.stderr)
        return EXIT_ERROR
    if os.path.exists(path) and not args.force:
        print(f"factlint: error: {path} exists (use --force to overwrite it)", file=sys.stderr)
        return EXIT_ERROR
    folder = os.path.dirname(path)
    try:
        if folder:
            os.makedirs(folder, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as err:
        print(f"factlint: error: cannot write {path}: {err.strerror or err}", file=sys.stderr)
        return EXIT_ERROR
    print(f"wrote {path}: try 'factlint rules test {path}'")
    return EXIT_OK


__all__ = ["add_parsers", "run_lint", "run_new", "run_test", "starter_text"]
