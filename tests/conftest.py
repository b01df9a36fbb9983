"""Put the repository root on ``sys.path`` so that ``pytest`` finds ``checker`` without PYTHONPATH
or an installed package (a fresh clone in CI runs the tests straight from the work tree)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# compiled regexes are stored between runs (checker/regex_store.py); the tests and every
# factlint they start share one store of their own instead of the user's cache directory
import os  # noqa: E402
import tempfile  # noqa: E402

os.environ.setdefault("FACTLINT_CACHE_DIR", tempfile.mkdtemp(prefix="factlint-test-cache-"))
