"""``factlint config``: the resolved configuration and where each value came from."""

from __future__ import annotations

import sys

from checker.cli import EXIT_ERROR, EXIT_OK


def run(args) -> int:
    from checker.config import ConfigError, describe, resolve_config

    try:
        cfg = resolve_config(args)
    except ConfigError as err:
        print(f"factlint: error: {err}", file=sys.stderr)
        return EXIT_ERROR
    sys.stdout.write(describe(cfg))
    return EXIT_OK
