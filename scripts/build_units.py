#!/usr/bin/env python3
"""Precompile quantulum3's unit vocabulary into checker/data/units.json.

quantulum3 takes about two seconds to build its unit tables at import time, which is far too
slow for a command-line start-up; its *data* (unit names, surfaces, symbols, currency codes) is
what factlint wants. This script builds the tables once, at development time, and writes a
compact JSON file that the scanner loads in milliseconds. tests/test_units_vocabulary.py checks
that the shipped file matches the installed quantulum3.

Usage: python scripts/build_units.py [--check]
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "checker" / "data" / "units.json"

#: when one surface or symbol names several units, the first of these that applies wins;
#: otherwise the unit with the shortest name (the most basic one), then alphabetical order
PREFERRED = [
    "metre", "percentage", "dollar", "pound sterling", "pound-mass", "ton", "inch", "foot",
    "second", "minute", "hour", "day", "week", "month", "year", "litre", "gram", "kilogram",
    "mile", "degree", "celsius", "fahrenheit", "watt", "kilowatt", "hertz", "byte", "gigabyte",
]


def build() -> dict:
    warnings.filterwarnings("ignore")
    from quantulum3 import load

    units = load.units("en_US")
    table: dict[str, dict] = {}
    for name, unit in sorted(units.names.items()):
        if name in ("unk",):
            continue
        entry = {"entity": unit.entity.name}
        if unit.currency_code:
            entry["currency"] = unit.currency_code
        dims = [d for d in (unit.dimensions or []) if d.get("base") != name]
        if dims:
            entry["dimensions"] = [[d["base"], d["power"]] for d in dims]
        table[name] = entry

    def choose(candidates) -> str:
        names = sorted({u.name for u in candidates if u.name in table})
        if not names:
            return ""
        for pref in PREFERRED:
            if pref in names:
                return pref
        return min(names, key=lambda n: (len(n), n))

    surfaces = {}
    # surfaces that name a currency and also a unit of measure ("pound"): the measure, for
    # readings such as "half a pound of chocolate"
    measures = {}
    for surface, cands in sorted(units.surfaces.items()):
        name = choose(cands)
        if name and len(surface) > 1:
            surfaces[surface.lower()] = name
            if table[name]["entity"] == "currency":
                others = sorted(u.name for u in cands if u.name in table and table[u.name]["entity"] != "currency")
                if others:
                    measures[surface.lower()] = min(others, key=lambda n: (len(n), n))
    symbols = {}
    for symbol, cands in sorted(units.symbols.items()):
        name = choose(cands)
        if name:
            symbols[symbol] = name
    import quantulum3

    return {
        "source": f"quantulum3 {getattr(quantulum3, '__version__', '?')}",
        "units": table,
        "surfaces": surfaces,
        "measure_alternatives": measures,
        "symbols": symbols,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="exit 1 if the shipped file is out of date")
    args = ap.parse_args()
    data = build()
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    if args.check:
        same = OUT.exists() and OUT.read_text("utf-8") == text
        print("units.json is up to date" if same else "units.json is out of date: run scripts/build_units.py")
        return 0 if same else 1
    OUT.write_text(text, "utf-8")
    print(f"wrote {OUT} ({len(data['units'])} units, {len(data['surfaces'])} surfaces, {len(data['symbols'])} symbols)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
