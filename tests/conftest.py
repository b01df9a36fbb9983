"""Put the repository root on ``sys.path`` so that ``pytest`` finds ``checker`` without PYTHONPATH
or an installed package (a fresh clone in CI runs the tests straight from the work tree)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
