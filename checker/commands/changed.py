"""``--changed-since REF``: the files changed since a git ref, and the untracked ones.

A pull request touches a few articles of a large archive; checking only those would miss their
conflicts with the rest, and checking everything would report the archive's old findings on
every pull request. So the whole corpus is read and checked, and only findings citing a claim of
a changed document are kept. The changed files come from git itself (``git diff --name-only
REF`` for committed, staged and unstaged changes, ``git ls-files --others --exclude-standard``
for new files not yet added), through a subprocess: no git library needed.
"""

from __future__ import annotations

import os


class GitError(ValueError):
    """git could not answer: not a repository, unknown ref, git missing. One line."""


def _git(args: list[str], cwd: str) -> str:
    try:
        import subprocess  # here: only --changed-since runs git

        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed (needed by --changed-since)") from None
    if proc.returncode != 0:
        message = (proc.stderr.strip().splitlines() or [f"git {args[0]} failed"])[-1]
        raise GitError(message)
    return proc.stdout


def changed_files(ref: str, cwd: str | None = None) -> set[str]:
    """Real paths of the files changed since ``ref`` plus the untracked ones (not ignored)."""
    cwd = cwd or os.getcwd()
    if not ref or ref.startswith("-"):
        raise GitError(f"--changed-since {ref!r}: expected a git ref (a branch, tag or commit)")
    try:
        top = _git(["rev-parse", "--show-toplevel"], cwd).strip()
    except GitError as exc:
        raise GitError(f"--changed-since {ref}: {exc}") from None
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], top)
    except GitError:
        raise GitError(f"--changed-since {ref}: no such commit, branch or tag in {top}") from None
    diff = _git(["-c", "core.quotepath=off", "diff", "--name-only", "-z", ref, "--"], top)
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], top)
    names = [n for n in (diff + untracked).split("\0") if n]
    return {os.path.realpath(os.path.join(top, n)) for n in names}


def in_changed(path: str, changed: set[str]) -> bool:
    return path != "-" and os.path.realpath(path) in changed
