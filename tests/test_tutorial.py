"""docs/tutorial.md can never drift: its files are written and its commands run in an empty folder,
and every output must be the one the page prints.

The page marks what to run: a fenced block whose info string has ``file=PATH`` is written to
PATH (relative to the folder); in a ``console`` block, a line starting with ``$ `` is a factlint
command and the lines after it, up to the next command, its expected output (standard output,
then standard error). Blocks run in the order of the page.

``python tests/test_tutorial.py --update`` rewrites the outputs of the page after an intended
change (review the diff of docs/tutorial.md).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TUTORIAL = ROOT / "docs" / "tutorial.md"

FENCE = re.compile(r"^```([\w-]*)([^\n]*)\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
FILE_ATTR = re.compile(r"\bfile=(\S+)")


@dataclass
class Step:
    kind: str                 # "file" or "command"
    line: int                 # line of the page where it is written
    path: str = ""
    content: str = ""
    command: str = ""
    expected: str = ""
    span: tuple[int, int] = (0, 0)   # where a console block's body is, for --update


def steps(text: str) -> list[Step]:
    """The files and commands of the page, in order."""
    out: list[Step] = []
    for m in FENCE.finditer(text):
        lang, info, body = m.group(1), m.group(2), m.group(3)
        line = text.count("\n", 0, m.start()) + 1
        attr = FILE_ATTR.search(info)
        if attr:
            out.append(Step("file", line, path=attr.group(1), content=body))
        elif lang == "console":
            current: Step | None = None
            for offset, row in enumerate(body.splitlines()):
                if row.startswith("$ "):
                    current = Step("command", line + 1 + offset, command=row[2:], span=m.span(3))
                    out.append(current)
                elif current is not None:
                    current.expected += row + "\n"
    return out


def normalize(text: str) -> str:
    """Outputs compare without trailing spaces and trailing blank lines."""
    return "\n".join(line.rstrip() for line in text.rstrip().splitlines())


def run(command: str, cwd: Path) -> str:
    args = shlex.split(command)
    assert args and args[0] == "factlint", f"the tutorial runs factlint commands only: {command!r}"
    env = {"NO_COLOR": "1", "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONHASHSEED": "0",
           "PYTHONPATH": str(ROOT), "HOME": str(cwd)}
    proc = subprocess.run([sys.executable, "-m", "checker", *args[1:]], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)
    return proc.stdout + proc.stderr


def play(text: str, folder: Path):
    """Run the page in ``folder``; yield (step, actual output) for each command."""
    for step in steps(text):
        if step.kind == "file":
            target = folder / step.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(step.content, encoding="utf-8")
        else:
            yield step, run(step.command, folder)


def test_the_tutorial_has_commands_and_files():
    found = steps(TUTORIAL.read_text("utf-8"))
    assert sum(s.kind == "command" for s in found) >= 8
    assert any(s.kind == "file" and s.path.endswith(".rules") for s in found)
    assert any(s.kind == "file" and s.path.endswith(".md") for s in found)


def test_the_tutorial_outputs_are_real(tmp_path):
    text = TUTORIAL.read_text("utf-8")
    problems = []
    for step, actual in play(text, tmp_path):
        if normalize(actual) != normalize(step.expected):
            problems.append(f"docs/tutorial.md:{step.line}: $ {step.command}\n--- page\n{step.expected}"
                            f"--- actual\n{actual}")
    assert not problems, "the tutorial drifted (python tests/test_tutorial.py --update):\n" + "\n".join(problems)


def update() -> None:
    """Rewrite the outputs of every console block with what the commands print today."""
    import tempfile

    text = TUTORIAL.read_text("utf-8")
    bodies: dict[tuple[int, int], list[str]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for step, actual in play(text, Path(folder)):
            out = normalize(actual)
            bodies.setdefault(step.span, []).append(f"$ {step.command}\n" + (out + "\n" if out else ""))
    for (start, end), parts in sorted(bodies.items(), reverse=True):
        text = text[:start] + "".join(parts) + text[end:]
    TUTORIAL.write_text(text, encoding="utf-8")
    print(f"updated {TUTORIAL}")


if __name__ == "__main__":
    if "--update" in sys.argv:
        update()
    else:
        print(__doc__)
