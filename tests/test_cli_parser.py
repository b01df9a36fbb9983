"""The command line parser built for one command (``factlint CMD ...``) is the whole parser's
for that command: same help, same options, same usage errors; other commands stay listed."""

from __future__ import annotations

import argparse

import pytest

from checker.cli import _named_command, build_parser


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _all_helps(parser: argparse.ArgumentParser, prefix: str = "") -> dict[str, str]:
    """Help of a parser and of every nested command, by command path."""
    helps = {prefix: parser.format_help()}
    if any(isinstance(a, argparse._SubParsersAction) for a in parser._actions):
        for name, sub in _commands(parser).items():
            helps.update(_all_helps(sub, f"{prefix} {name}".strip()))
    return helps


FULL = build_parser()
COMMANDS = sorted(_commands(FULL))


def test_the_command_list_is_the_same_whatever_command_is_named():
    for named in ["", "nosuch", *COMMANDS]:
        assert build_parser(only=named).format_help() == FULL.format_help()


@pytest.mark.parametrize("command", COMMANDS)
def test_a_named_command_is_built_in_full(command):
    full = _all_helps(_commands(FULL)[command], command)
    only = _all_helps(_commands(build_parser(only=command))[command], command)
    assert only == full
    assert len(full[command]) > 100  # (help with its options, not an empty parser)


def test_the_named_command_is_the_first_word_that_is_no_option():
    assert _named_command(["check", "--rules", "rules", "fixtures"]) == "check"
    assert _named_command(["--help"]) == ""
    assert _named_command(["-h", "rules", "test"]) == "rules"


def test_arguments_parse_as_with_the_whole_parser():
    argv = ["check", "--rules", "rules/nato.rules", "--format", "json", "--jobs", "2", "fixtures/"]
    assert vars(build_parser(only="check").parse_args(argv)) == vars(FULL.parse_args(argv))


def test_help_reads_as_with_argparse_own_formatter(monkeypatch):
    """The formatter that reads the terminal's width once gives argparse's help, at any width."""
    import checker.cli as cli

    for columns in ("60", "100", None):
        if columns is None:
            monkeypatch.delenv("COLUMNS", raising=False)
        else:
            monkeypatch.setenv("COLUMNS", columns)
        ours = _all_helps(build_parser())
        monkeypatch.setattr(cli, "_Formatter", argparse.HelpFormatter)
        theirs = _all_helps(build_parser())
        monkeypatch.undo()
        assert ours == theirs and len(ours) > 15


def test_building_the_parser_asks_the_terminal_once_without_shutil():
    import subprocess
    import sys

    probe = ("import sys\nfrom checker import cli\ncli.build_parser('check')\ncli.build_parser()\n"
             "print('shutil' in sys.modules, len(cli._HELP_WIDTH))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "1"]
