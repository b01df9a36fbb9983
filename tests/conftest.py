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
import atexit  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402

_OWN_CACHE = None if "FACTLINT_CACHE_DIR" in os.environ else tempfile.mkdtemp(prefix="factlint-test-cache-")
if _OWN_CACHE:
    os.environ["FACTLINT_CACHE_DIR"] = _OWN_CACHE
    # removed at exit (left behind, one per run piled up in /tmp); registered before checker is
    # imported, so it runs after the store's own exit hook has written its memo file
    atexit.register(shutil.rmtree, _OWN_CACHE, ignore_errors=True)
