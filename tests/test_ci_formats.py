"""CI formats of ``factlint check``: SARIF, JUnit, GitHub annotations, JSON schema, outputs, exit
codes, colour, determinism, and the CI examples of docs/ci.md run as written.

Each test works in a copy of the bundled fixtures (``articles/``) and rules (``rules/``) in a
temporary folder, the layout a newsroom repository has.
"""

from __future__ import annotations

import html
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml

from checker.cli import main

ROOT = Path(__file__).resolve().parent.parent
ANNOTATION = re.compile(
    r"^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),title=([^:]+)::(.+)$")


#: the NATO summit fixtures and their rule file: a corpus whose findings the tests below know
NATO_FIXTURES = ("nato-rutte-criticism.md", "otan-sommet-la-haye.md", "conflicts", "html")


def copy_nato_project(dest: Path) -> None:
    """articles/ (the NATO fixtures) and rules/ (nato.rules and its data) under ``dest``."""
    for name in NATO_FIXTURES:
        src = ROOT / "fixtures" / name
        if src.is_dir():
            shutil.copytree(src, dest / "articles" / name)
        else:
            (dest / "articles").mkdir(parents=True, exist_ok=True)
            shutil.copy(src, dest / "articles" / name)
    (dest / "rules").mkdir()
    shutil.copy(ROOT / "rules" / "nato.rules", dest / "rules" / "nato.rules")
    shutil.copytree(ROOT / "rules" / "data", dest / "rules" / "data")


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A newsroom repository: articles/ (NATO fixtures) and rules/, as the working directory."""
    copy_nato_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    for var in ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(var, raising=False)
    return tmp_path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def json_report(capsys, *extra: str) -> dict:
    code, out, _ = run(capsys, "check", "articles", "--format", "json", *extra)
    assert code in (0, 1)
    return json.loads(out)


# --- SARIF -------------------------------------------------------------------------------------


def test_sarif_meets_github_code_scanning_requirements(project, capsys):
    code, out, err = run(capsys, "check", "articles", "--format", "sarif", "--output", "factlint.sarif")
    assert code == 0 and out == ""
    log = json.loads((project / "factlint.sarif").read_text("utf-8"))
    assert log["$schema"].endswith("sarif-schema-2.1.0.json")
    assert log["version"] == "2.1.0"
    (run_,) = log["runs"]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "factlint" and driver["version"] and driver["informationUri"].startswith("https://")
    rules = driver["rules"]
    rule_ids = [r["id"] for r in rules]
    assert "NATO-C1" in rule_ids and "NATO-ST1" in rule_ids and len(set(rule_ids)) == len(rule_ids)
    for rule in rules:
        assert rule["name"] and rule["shortDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    by_id = {r["id"]: r for r in rules}
    assert by_id["NATO-ST1"]["shortDescription"]["text"] == "A superseded target is presented as current"
    assert by_id["NATO-C1"]["defaultConfiguration"]["level"] == "error"
    assert by_id["NATO-T1"]["defaultConfiguration"]["level"] == "note"

    findings = json_report(capsys)["findings"]
    results = run_["results"]
    assert len(results) == len(findings) > 0
    for res, finding in zip(results, findings):
        assert res["ruleId"] == finding["check"] and rule_ids[res["ruleIndex"]] == res["ruleId"]
        assert res["level"] == {"error": "error", "warning": "warning", "info": "note"}[finding["severity"]]
        assert res["message"]["text"] == finding["message"]
        assert res["partialFingerprints"] and all(res["partialFingerprints"].values())
        assert len(res["locations"]) == len(finding["claims"])
        for loc in res["locations"]:
            phys = loc["physicalLocation"]
            uri = phys["artifactLocation"]["uri"]
            assert not uri.startswith("/") and "\\" not in uri and ":" not in uri
            assert (project / uri).is_file()
            region = phys["region"]
            assert region["startLine"] >= 1 and region["startColumn"] >= 1
            assert (region["endLine"], region["endColumn"]) > (region["startLine"], region["startColumn"])


def test_sarif_regions_cover_the_quote_in_the_source_file(project, capsys):
    # an HTML page dated like the others, with a figure the other articles contradict
    page = project / "articles" / "html" / "otan-sommet-extrait.html"
    page.write_text(page.read_text("utf-8").replace("2025-06-25", "2025-06-24").replace("25 juin", "24 juin")
                    .replace("27&nbsp;000 policiers", "29&nbsp;000 policiers"), "utf-8")
    code, out, _ = run(capsys, "check", "articles", "--format", "sarif")
    seen_html = []
    for res in json.loads(out)["runs"][0]["results"]:
        for loc in res["locations"]:
            phys = loc["physicalLocation"]
            region = phys["region"]
            lines = (project / phys["artifactLocation"]["uri"]).read_text("utf-8").splitlines()
            assert region["startLine"] == region["endLine"]
            source = lines[region["startLine"] - 1][region["startColumn"] - 1:region["endColumn"] - 1]
            quote = region["snippet"]["text"]
            if phys["artifactLocation"]["uri"].endswith(".html"):
                seen_html.append(source)
                source = html.unescape(source)
            assert " ".join(source.split()) == " ".join(quote.split())
    assert "29&nbsp;000 policiers" in seen_html  # the region spans the entity, not the extracted text


def test_sarif_levels_follow_severity_overrides(project, capsys):
    code, out, _ = run(capsys, "check", "articles", "--format", "sarif", "--severity", "stale=info",
                       "--severity", "NATO-R1=error")
    log = json.loads(out)["runs"][0]
    levels = {r["ruleId"]: r["level"] for r in log["results"]}
    assert levels["NATO-ST1"] == "note" and levels["NATO-R1"] == "error"
    rules = {r["id"]: r for r in log["tool"]["driver"]["rules"]}
    assert rules["NATO-ST1"]["defaultConfiguration"]["level"] == "note"
    assert code == 1  # NATO-R1 is now an error


# --- JUnit -------------------------------------------------------------------------------------


def test_junit_has_a_suite_per_check_and_a_case_per_document(project, capsys):
    code, _, _ = run(capsys, "check", "articles", "--format", "junit", "--output", "junit.xml", "--fail-on", "warning")
    assert code == 1
    root = ET.parse(project / "junit.xml").getroot()
    assert root.tag == "testsuites"
    documents = json_report(capsys)["documents"]
    suites = root.findall("testsuite")
    rules = (project / "rules" / "nato.rules").read_text("utf-8")
    assert [s.get("name") for s in suites] == re.findall(r"^check (\S+)", rules, re.MULTILINE)
    total_failures = 0
    for suite in suites:
        cases = suite.findall("testcase")
        assert [c.get("name") for c in cases] == documents
        assert all(c.get("classname") == suite.get("name") for c in cases)
        failures = [c for c in cases if c.find("failure") is not None]
        assert int(suite.get("failures")) == len(failures) and int(suite.get("tests")) == len(cases)
        total_failures += len(failures)
    assert int(root.get("failures")) == total_failures > 0
    stale = next(s for s in suites if s.get("name") == "NATO-ST1")
    failed = {c.get("name"): c.find("failure") for c in stale.findall("testcase") if c.find("failure") is not None}
    assert set(failed) == {"articles/nato-rutte-criticism.md", "articles/otan-sommet-la-haye.md"}
    failure = failed["articles/nato-rutte-criticism.md"]
    assert failure.get("type") == "warning" and "defence_spending_target for NATO" in failure.get("message")
    assert "articles/nato-rutte-criticism.md:10:74" in failure.text


def test_junit_lists_findings_below_fail_on_without_failing(project, capsys):
    code, out, _ = run(capsys, "check", "articles", "--format", "junit")
    assert code == 0
    root = ET.fromstring(out)
    assert root.get("failures") == "0"
    outs = [e.text for e in root.iter("system-out")]
    assert any("NATO-ST1 (stale)" in t for t in outs)


# --- GitHub annotations ------------------------------------------------------------------------


def test_github_annotations_one_line_per_finding(project, capsys):
    findings = json_report(capsys)["findings"]
    code, out, _ = run(capsys, "check", "articles", "--format", "github")
    lines = out.splitlines()
    assert len(lines) == len(findings)
    for line, finding in zip(lines, findings):
        m = ANNOTATION.match(line)
        assert m, line
        assert m.group(1) == {"error": "error", "warning": "warning", "info": "notice"}[finding["severity"]]
        assert (project / m.group(2)).is_file()
        assert m.group(7).startswith(f"factlint {finding['check']}%3A ")
    reference = next(line for line in lines if "NATO-R1" in line)
    assert "3.5 %25 of GDP" in reference  # '%' escaped as the runner expects


def test_github_actions_selects_annotations_unless_a_format_is_given(project, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _, out, _ = run(capsys, "check", "articles")
    assert out.startswith("::warning file=articles/")
    _, out, _ = run(capsys, "check", "articles", "--format", "plain")
    assert out.startswith("Findings (")
    _, out, _ = run(capsys, "config")
    assert re.search(r'^format = \["github"\]\s+# environment \(GITHUB_ACTIONS=true\)$', out, re.MULTILINE)


def test_markdown_tables_are_the_markdown_format(project, capsys):
    _, out, _ = run(capsys, "check", "articles", "--format", "markdown")
    assert out.startswith("### Findings (7 warning, 2 info)\n\n| severity ")
    _, out, _ = run(capsys, "claims", "articles", "--format", "markdown")
    assert out.startswith("### Claims (31)")


# --- JSON --------------------------------------------------------------------------------------


def test_json_report_validates_against_the_shipped_schema(project, capsys):
    schema = json.loads(resources.files("checker").joinpath("schema/report.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    report = json_report(capsys)
    jsonschema.validate(report, schema, cls=jsonschema.Draft202012Validator)
    assert report["schema_version"] == "1.1"
    assert report["summary"] == {"error": 0, "warning": 7, "info": 2, "suppressed": 0, "baselined": 0,
                                 "new": 0, "fixed": 0, "failing": 0}
    report = json_report(capsys, "--fail-on", "info")
    assert report["summary"]["failing"] == 9 and all(f["failing"] for f in report["findings"])
    # the schema rejects what it does not describe
    report["findings"][0]["surprise"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(report, schema, cls=jsonschema.Draft202012Validator)


def test_schema_is_declared_as_package_data():
    pyproject = (ROOT / "pyproject.toml").read_text("utf-8")
    assert '"schema/*.json"' in pyproject and "jsonschema" in pyproject
    assert (ROOT / "checker" / "schema" / "report.schema.json").is_file()


# --- outputs, exit codes -----------------------------------------------------------------------


def test_format_output_pairs_in_order(project, capsys):
    code, out, _ = run(capsys, "check", "articles", "--format", "sarif", "--output", "out/a.sarif",
                       "--format", "json", "--output", "b.json", "--format", "plain")
    assert code == 0
    assert out.startswith("Findings (7 warning, 2 info)\n")
    assert json.loads((project / "out" / "a.sarif").read_text("utf-8"))["version"] == "2.1.0"
    assert json.loads((project / "b.json").read_text("utf-8"))["schema_version"] == "1.1"
    # an output without a format takes its extension's; nothing else goes to stdout
    code, out, _ = run(capsys, "check", "articles", "--output", "report.xml")
    assert out == "" and ET.parse(project / "report.xml").getroot().tag == "testsuites"
    code, out, err = run(capsys, "check", "articles", "--output", "report.weird")
    assert code == 2 and "--output report.weird: give its --format" in err


def test_exit_codes(project, capsys):
    assert run(capsys, "check", "articles")[0] == 0                         # warnings and infos only
    assert run(capsys, "check", "articles", "--fail-on", "warning")[0] == 1
    assert run(capsys, "check", "articles", "--fail-on", "info")[0] == 1
    assert run(capsys, "check", "articles", "--fail-on", "never", "--severity", "stale=error")[0] == 0
    assert run(capsys, "check", "articles", "--severity", "stale=error")[0] == 1
    code, _, err = run(capsys, "check", "articles", "--severity", "stale=fatal")
    assert code == 2 and "must be one of error, warning, info" in err
    (project / "articles" / "broken.md").write_bytes(b"\x00\x01\x02\x03" * 100)
    code, out, err = run(capsys, "check", "articles")
    assert code == 2 and "articles/broken.md" in err and out.startswith("Findings")
    with pytest.raises(SystemExit) as exc:
        main(["check", "articles", "--format", "pdf"])
    assert exc.value.code == 2


def test_paths_are_relative_to_the_working_directory(project, capsys):
    absolute = str(project / "articles")
    for fmt in ("sarif", "json", "junit", "github", "plain"):
        _, out, _ = run(capsys, "check", absolute, "--format", fmt)
        assert str(project) not in out, fmt
        assert "articles/otan-sommet-la-haye.md" in out, fmt


def _run_cli(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR")}
    base["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "checker", *args], cwd=cwd, capture_output=True,
                          env={**base, **env})


def test_same_input_gives_the_same_bytes(project):
    args = ["check", "articles", "--format", "sarif", "--output", "r.sarif", "--format", "junit", "--output",
            "r.xml", "--format", "json", "--output", "r.json", "--format", "github", "--output", "r.txt",
            "--format", "plain"]
    first = {}
    for seed in ("1", "2"):
        proc = _run_cli(args, project, PYTHONHASHSEED=seed)
        assert proc.returncode == 0, proc.stderr
        outputs = {name: (project / name).read_bytes() for name in ("r.sarif", "r.xml", "r.json", "r.txt")}
        outputs["stdout"] = proc.stdout
        if not first:
            first = outputs
        else:
            assert outputs == first


def test_colour_only_on_a_terminal_and_never_with_no_color(project, capsys):
    from checker.report.color import paint_severity, use_color

    _, out, _ = run(capsys, "check", "articles")  # captured: not a terminal
    assert "\x1b[" not in out

    class Tty:
        def isatty(self):
            return True

    assert use_color(Tty(), {}) and not use_color(Tty(), {"NO_COLOR": "1"}) and not use_color(Tty(), {"TERM": "dumb"})
    assert paint_severity("warning") == "\x1b[33mwarning\x1b[0m"

    import pty

    for env, coloured in (({}, True), ({"NO_COLOR": "1"}, False)):
        main_fd, child_fd = pty.openpty()
        try:
            base = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "NO_COLOR")}
            # read the terminal while the command runs: a full pty buffer would block it forever
            proc = subprocess.Popen([sys.executable, "-m", "checker", "check", "articles", "--output", "r.sarif",
                                     "--format", "sarif", "--format", "plain"],
                                    cwd=project, stdout=child_fd, stderr=subprocess.DEVNULL,
                                    env={**base, "PYTHONPATH": str(ROOT), "TERM": "xterm", **env})
            os.close(child_fd)
            chunks = []
            while True:
                try:
                    chunk = os.read(main_fd, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                chunks.append(chunk)
            proc.wait(timeout=300)
        finally:
            os.close(main_fd)
        text = b"".join(chunks).decode("utf-8")
        assert proc.returncode == 0
        assert ("\x1b[33mwarning\x1b[0m" in text) is coloured
        # files never get colour
        assert b"\x1b[" not in (project / "r.sarif").read_bytes()


# --- docs/ci.md and pre-commit, run as written --------------------------------------------------


def _yaml_blocks(markdown: str) -> list:
    return [yaml.safe_load(b) for b in re.findall(r"^```yaml\n(.*?)^```", markdown, re.MULTILINE | re.DOTALL)]


def _factlint_lines(script: str | list) -> list[list[str]]:
    lines = script if isinstance(script, list) else script.splitlines()
    return [shlex.split(line)[1:] for line in (s.strip() for s in lines) if line.startswith("factlint ")]


def test_ci_examples_in_the_docs_run_on_the_fixtures(project, capsys, monkeypatch):
    blocks = _yaml_blocks((ROOT / "docs" / "ci.md").read_text("utf-8"))
    github = next(b for b in blocks if isinstance(b, dict) and "jobs" in b)
    gitlab = next(b for b in blocks if isinstance(b, dict) and "factlint" in b and "script" in b["factlint"])

    # GitHub Actions: the factlint steps run with GITHUB_ACTIONS=true, then the SARIF they wrote is uploaded
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    (job,) = github["jobs"].values()
    commands = [cmd for step in job["steps"] if "run" in step for cmd in _factlint_lines(step["run"])]
    assert commands
    for argv in commands:
        code, out, err = run(capsys, *argv)
        assert code in (0, 1), err
        assert out and all(ANNOTATION.match(line) for line in out.splitlines())
    upload = next(s for s in job["steps"] if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif"))
    assert upload.get("if") == "always()"
    sarif = json.loads((project / upload["with"]["sarif_file"]).read_text("utf-8"))
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"]
    assert github["permissions"]["security-events"] == "write"

    # GitLab CI: the job's factlint commands write the JUnit file the job publishes
    monkeypatch.delenv("GITHUB_ACTIONS")
    commands = _factlint_lines(gitlab["factlint"]["script"])
    assert commands
    for argv in commands:
        code, out, err = run(capsys, *argv)
        assert code in (0, 1), err
    report = project / gitlab["factlint"]["artifacts"]["reports"]["junit"]
    assert ET.parse(report).getroot().tag == "testsuites"
    assert gitlab["factlint"]["artifacts"]["when"] == "always"


def test_pre_commit_hook_runs_on_staged_articles(project, capsys):
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert hook["id"] == "factlint" and hook["language"] == "python" and hook["entry"] == "factlint check"
    pattern = re.compile(hook["files"])
    for name in ("a.md", "b.markdown", "c.txt", "d.html", "e.htm"):
        assert pattern.search(name), name
    for name in ("setup.py", "data.csv", "x.md.bak", "notes.rules"):
        assert not pattern.search(name), name
    staged = ["articles/conflicts/summit-security-en.md", "articles/otan-sommet-la-haye.md"]
    assert all(pattern.search(f) for f in staged)
    code, out, err = run(capsys, *shlex.split(hook["entry"])[1:], *staged)
    assert code == 0, err
    assert "NATO-C2" in out  # the two staged articles disagree on the police figure
