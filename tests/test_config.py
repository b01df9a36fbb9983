"""The configuration file: found by walking up, relative paths, every key, command-line overrides,
``factlint config`` with the source of each value, and one-line errors naming file and line."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest

from checker.cli import main
from checker.config import find_config_file

ROOT = Path(__file__).resolve().parent.parent
NATO_FIXTURES = ("nato-rutte-criticism.md", "otan-sommet-la-haye.md", "conflicts", "html")
RUTTE = "articles/nato-rutte-criticism.md"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """articles/ (NATO fixtures) and checks/ (nato.rules in a folder factlint does not look in)."""
    for name in NATO_FIXTURES:
        src = ROOT / "fixtures" / name
        if src.is_dir():
            shutil.copytree(src, tmp_path / "articles" / name)
        else:
            (tmp_path / "articles").mkdir(exist_ok=True)
            shutil.copy(src, tmp_path / "articles" / name)
    (tmp_path / "checks").mkdir()
    shutil.copy(ROOT / "rules" / "nato.rules", tmp_path / "checks" / "nato.rules")
    shutil.copytree(ROOT / "rules" / "data", tmp_path / "checks" / "data")
    monkeypatch.chdir(tmp_path)
    for var in ("GITHUB_ACTIONS", "NO_COLOR"):
        monkeypatch.delenv(var, raising=False)
    return tmp_path


def write_config(folder: Path, text: str, name: str = "factlint.toml") -> Path:
    path = folder / name
    path.write_text(text, "utf-8")
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def report(capsys, *argv: str) -> dict:
    code, out, err = run(capsys, "check", *argv, "--format", "json")
    assert code in (0, 1), err
    return json.loads(out)


# --- finding the file --------------------------------------------------------------------------


def test_config_is_found_by_walking_up(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    found = find_config_file(tmp_path / "a" / "b")
    assert found is None or tmp_path not in found.parents   # nothing of ours yet
    root_cfg = write_config(tmp_path, 'fail-on = "warning"\n')
    assert find_config_file(tmp_path / "a" / "b") == root_cfg
    # a pyproject.toml without [tool.factlint] belongs to someone else: passed over
    write_config(tmp_path / "a", '[project]\nname = "x"\n', "pyproject.toml")
    assert find_config_file(tmp_path / "a" / "b") == root_cfg
    # with the table it is the nearest configuration
    pyproject = write_config(tmp_path / "a", '[project]\nname = "x"\n[tool.factlint]\nfail-on = "info"\n', "pyproject.toml")
    assert find_config_file(tmp_path / "a" / "b") == pyproject
    # factlint.toml beats pyproject.toml in the same folder
    own = write_config(tmp_path / "a", 'fail-on = "never"\n')
    assert find_config_file(tmp_path / "a" / "b") == own


def test_rules_are_relative_to_the_config_file(project, capsys, monkeypatch):
    code, _, err = run(capsys, "check", "articles")
    assert code == 2 and "no rule files" in err      # checks/ is not where factlint looks
    write_config(project, 'rules = ["checks"]\n')
    assert report(capsys, "articles")["findings"]
    monkeypatch.chdir(project / "articles" / "conflicts")
    rep = report(capsys, ".")                           # from a subfolder: still ../../checks
    assert rep["documents"] == ["gipfel-sicherheit-de.md", "summit-security-en.md"]
    _, out, _ = run(capsys, "config")
    assert 'rules = ["../../checks"]' in out


def test_pyproject_table(project, capsys):
    write_config(project, '[project]\nname = "news"\n\n[tool.factlint]\nrules = "checks"\nfail-on = "warning"\n',
                 "pyproject.toml")
    code, _, _ = run(capsys, "check", "articles")
    assert code == 1
    _, out, _ = run(capsys, "config")
    assert out.startswith("# factlint configuration; file: pyproject.toml\n")
    assert 'fail-on = "warning"  ' in out and out.rstrip().count("# pyproject.toml") == 2


# --- keys and overrides --------------------------------------------------------------------------


def test_fail_on_from_the_file_and_the_command_line_override(project, capsys):
    write_config(project, 'rules = "checks"\nfail_on = "warning"\n')   # snake_case is the same key
    assert run(capsys, "check", "articles")[0] == 1
    assert run(capsys, "check", "articles", "--fail-on", "never")[0] == 0
    _, out, _ = run(capsys, "config", "--fail-on", "never")
    assert any(line.startswith('fail-on = "never"') and line.endswith("# command line") for line in out.splitlines())


def test_severity_by_kind_and_by_check_id(project, capsys):
    write_config(project, 'rules = "checks"\n[severity]\nstale = "info"\nchange = "error"\nNATO-ST1 = "error"\n')
    rep = report(capsys, "articles")
    kinds = {(f["kind"], f["severity"]) for f in rep["findings"]}
    assert ("stale", "error") in kinds and ("stale", "info") not in kinds   # the check id wins
    assert ("change", "error") in kinds
    severities = [f["severity"] for f in rep["findings"]]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)   # still in order
    assert run(capsys, "check", "articles")[0] == 1
    # the command line adds to / replaces entries of the table
    rep = report(capsys, "articles", "--severity", "NATO-ST1=warning")
    assert {f["severity"] for f in rep["findings"] if f["kind"] == "stale"} == {"warning"}


def test_unknown_severity_names_are_reported(project, capsys):
    write_config(project, 'rules = "checks"\n[severity]\nNATO-XX = "error"\n')
    code, _, err = run(capsys, "check", "articles")
    assert code == 0 and "severity override 'NATO-XX' names no check" in err


def test_exclude_and_languages(project, capsys):
    write_config(project, 'rules = "checks"\nexclude = ["html"]\nlanguages = ["en", "fr"]\n')
    code, out, err = run(capsys, "check", "articles", "--format", "json")
    docs = json.loads(out)["documents"]
    assert not any("html" in d for d in docs)
    assert "articles/conflicts/gipfel-sicherheit-de.md" not in docs
    assert "articles/conflicts/gipfel-sicherheit-de.md: warning: language 'de' is not among the configured " \
           "languages (en, fr); skipped" in err
    # --exclude replaces the file's list
    docs = report(capsys, "articles", "--exclude", "conflicts")["documents"]
    assert any("html" in d for d in docs) and not any("conflicts" in d for d in docs)


def test_formats_and_outputs_from_the_file(project, capsys, monkeypatch):
    write_config(project, 'rules = "checks"\nformat = "json"\n[outputs]\nsarif = "reports/factlint.sarif"\n'
                          'junit = "reports/junit.xml"\n')
    monkeypatch.chdir(project / "articles")
    code, out, _ = run(capsys, "check", ".")
    assert json.loads(out)["schema_version"]
    assert json.loads((project / "reports" / "factlint.sarif").read_text("utf-8"))["version"] == "2.1.0"
    assert (project / "reports" / "junit.xml").is_file()
    # the file's format wins over the GitHub Actions default
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _, out, _ = run(capsys, "check", ".")
    assert out.startswith("{")
    # --format on the command line replaces both the format and the outputs
    (project / "reports" / "factlint.sarif").unlink()
    _, out, _ = run(capsys, "check", ".", "--format", "plain")
    assert out.startswith("Findings (") and not (project / "reports" / "factlint.sarif").exists()


def test_assume_published_for_undated_documents(project, capsys):
    rep = report(capsys, "articles", "--rules", "checks")
    assert rep["undated"] == [RUTTE] and rep["assumed_published"] == {}
    write_config(project, 'rules = "checks"\nassume_published = 2025-01-01\n')
    rep = report(capsys, "articles")
    assert rep["undated"] == [] and rep["assumed_published"] == {RUTTE: "2025-01-01"}
    rutte = [c for c in rep["claims"] if c["doc"] == RUTTE]
    assert rutte and all(c["published"] == "2025-01-01" for c in rutte)
    _, table, _ = run(capsys, "check", "articles")
    assert f"Undated documents assumed published on: {RUTTE} (2025-01-01)" in table
    _, out, _ = run(capsys, "config")
    assert 'undated = "assume-published"' in out and "assume-published = 2025-01-01" in out
    rep = report(capsys, "articles", "--assume-published", "2024-12-01")
    assert rep["assumed_published"] == {RUTTE: "2024-12-01"}


# --- factlint config ---------------------------------------------------------------------------


def test_config_command_prints_toml_with_sources(project, capsys):
    write_config(project, 'rules = "checks"\nexclude = ["drafts/*"]\n[severity]\nstale = "info"\n')
    code, out, _ = run(capsys, "config", "--fail-on", "warning", "--baseline", "base.json")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "# factlint configuration; file: factlint.toml"
    sources = {line.split("=")[0].strip("# ").strip(): line.rsplit("# ", 1)[1] for line in lines[1:]}
    assert sources["rules"] == "factlint.toml" and sources["severity"] == "factlint.toml"
    assert sources["fail-on"] == "command line" and sources["baseline"] == "command line"
    assert sources["format"] == "default" and sources["lang"] == "default"
    values = tomllib.loads(out)   # the resolved values are themselves a configuration file
    assert values["fail-on"] == "warning" and values["severity"] == {"stale": "info"}
    assert values["exclude"] == ["drafts/*"] and values["format"] == ["plain"] and "lang" not in values


def test_no_config_file(project, capsys):
    _, out, _ = run(capsys, "config")
    assert out.startswith("# factlint configuration; file: none found\n")
    assert all(line.endswith("# default") for line in out.splitlines()[1:])


# --- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, message", [
    ('rules = "checks"\nfail-onn = "warning"\n', "factlint.toml:2: unknown key 'fail-onn' (expected one of: rules,"),
    ('fail-on = "fatal"\n', "factlint.toml:1: fail-on must be one of error, warning, info, never (got 'fatal')"),
    ('rules = "checks"\n\n[severity]\nstale = "loud"\n', "factlint.toml:4: severity.stale must be one of error, warning, info"),
    ('[outputs]\npdf = "x.pdf"\n', "factlint.toml:2: outputs key must be one of plain,"),
    ('assume-published = "soon"\n', "factlint.toml:1: assume-published must be a date like 2025-06-24 (got 'soon')"),
    ('undated = "assume-published"\n', "factlint.toml:1: undated = \"assume-published\" needs assume-published"),
    ('fail-on = "warning\n', "factlint.toml: invalid TOML: "),
    ('severity = {stale = "loud"}\n', "factlint.toml:1: severity.stale must be one of"),
    ('fail-on = "error"\n\n[severity]\nNATO-C1 = "error"\nconflict = 3\n', "factlint.toml:5: severity.conflict must be"),
])
def test_bad_configuration_is_a_one_line_error(project, capsys, text, message):
    write_config(project, text)
    for argv in (("check", "articles"), ("config",)):
        code, out, err = run(capsys, *argv)
        assert code == 2 and out == ""
        assert err.startswith("factlint: error: " + message), err
        assert err.count("\n") == 1


def test_explicit_config_file(project, capsys):
    write_config(project / "checks", 'rules = "."\nfail-on = "info"\n', "ci.toml")
    assert run(capsys, "check", "articles", "--config", "checks/ci.toml")[0] == 1
    code, _, err = run(capsys, "check", "articles", "--config", "nope.toml")
    assert code == 2 and "nope.toml: no such configuration file" in err


def test_baseline_from_the_file(project, capsys, monkeypatch):
    write_config(project, 'rules = "checks"\nfail-on = "warning"\nbaseline = "ci/baseline.json"\n')
    code, _, err = run(capsys, "check", "articles")
    assert code == 2 and "ci/baseline.json: cannot read baseline" in err
    assert run(capsys, "check", "articles", "--no-baseline")[0] == 1
    monkeypatch.chdir(project / "articles")
    code, _, err = run(capsys, "baseline", ".")        # writes where the configuration says
    assert code == 0 and "to ../ci/baseline.json" in err
    assert run(capsys, "check", ".")[0] == 0           # everything is in the baseline now
    _, out, _ = run(capsys, "config")
    assert 'baseline = "../ci/baseline.json"' in out
