"""Where factlint keeps what it computed on this machine, and what that depends on.

One folder holds the compiled regular expressions (``checker.regex_store``), the loaded rule
sets (``checker.rule_set_cache``) and the per-document results (``checker.commands.result_cache``):
``$FACTLINT_CACHE_DIR`` if set (an empty value turns caching off), else
``$XDG_CACHE_HOME/factlint``, else ``~/.cache/factlint``. It is trusted like the user's
configuration (see docs/security.md): keep it out of the repositories factlint checks.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path


def cache_dir() -> Path | None:
    """The directory of factlint's machine-local caches, or None when turned off."""
    env = os.environ.get("FACTLINT_CACHE_DIR")
    if env is not None:
        return Path(env) if env.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "factlint"


@cache
def code_stamp() -> str:
    """A digest of factlint's version and of its installed code and data files (name, size and
    modification time of each): an upgrade or an edited language file changes it."""
    from checker import __version__

    root = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".yaml", ".json", ".csv") and "__pycache__" not in path.parts:
            try:
                stat = path.stat()
            except OSError:
                continue
            digest.update(f"{path.relative_to(root)}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()
