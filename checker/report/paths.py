"""Paths as reports show them: relative to the working directory, with forward slashes.

Reports are read on other machines (a CI log, a SARIF upload, a JUnit artifact): an absolute
path names a folder that exists only where factlint ran, and backslashes break URIs.
"""

from __future__ import annotations

import os
from urllib.parse import quote


def display_path(path: str) -> str:
    """``path`` relative to the working directory, with ``/``; ``-`` (stdin) stays ``-``."""
    if path == "-":
        return path
    try:
        rel = os.path.relpath(os.path.abspath(path))
    except ValueError:  # another drive on Windows
        rel = os.path.abspath(path)
    return rel.replace(os.sep, "/")


def path_uri(path: str) -> str:
    """A relative URI reference for a report path (SARIF ``artifactLocation.uri``)."""
    return quote(display_path(path), safe="/-._~")
