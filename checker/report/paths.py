"""Paths as reports show them: relative to the working directory, with forward slashes.

Reports are read on other machines (a CI log, a SARIF upload, a JUnit artifact): an absolute
path names a folder that exists only where factlint ran, and backslashes break URIs.
"""

from __future__ import annotations

import functools
import os
from urllib.parse import quote


def display_path(path: str) -> str:
    """``path`` relative to the working directory, with ``/``; ``-`` (stdin) stays ``-``."""
    if path == "-":
        return path
    full = os.path.abspath(path)
    folder, name = os.path.split(full)
    cwd = os.getcwd()
    try:
        if not name or cwd == full or cwd.startswith(full.rstrip(os.sep) + os.sep):
            rel = os.path.relpath(full, cwd)  # a root, the working directory or a folder above it
        else:  # one relpath per folder, not per file: a corpus has thousands of files in a few folders
            rel = _relative_folder(folder, cwd)
            rel = name if rel == os.curdir else os.path.join(rel, name)
    except ValueError:  # another drive on Windows
        rel = full
    return rel.replace(os.sep, "/")


@functools.lru_cache(maxsize=256)
def _relative_folder(folder: str, cwd: str) -> str:
    return os.path.relpath(folder, cwd)


def path_uri(path: str) -> str:
    """A relative URI reference for a report path (SARIF ``artifactLocation.uri``)."""
    return quote(display_path(path), safe="/-._~")
