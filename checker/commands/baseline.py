"""``factlint baseline``: record today's findings so that ``check --baseline`` fails only on new ones."""

from __future__ import annotations

import sys

from checker.cli import EXIT_ERROR, EXIT_OK
from checker.commands.inputs import InputTracker

DEFAULT_BASELINE = ".factlint-baseline.json"


def run(args) -> int:
    from checker import __version__
    from checker.baseline import BaselineError, baseline_root, entry_for, write_baseline
    from checker.checks.context import CheckError
    from checker.commands.check import collect
    from checker.config import COMMAND_LINE, ConfigError, resolve_config
    from checker.report.paths import display_path
    from checker.rules import RuleError

    inputs = InputTracker()
    try:
        cfg = resolve_config(args)
        # the file written: --output, else the configuration's baseline, else the default name
        target = display_path(args.baseline_output) if args.baseline_output else (cfg.baseline or DEFAULT_BASELINE)
        cfg.baseline = target  # fingerprints relative to the baseline's folder
        cfg.sources["baseline"] = COMMAND_LINE
        _, result = collect(args, inputs, cfg)
        root = baseline_root(target)
        entries = [entry_for(f, result.claims_by_id, root) for f, st in result.items() if not st.suppressed]
        write_baseline(target, entries, __version__)
    except RuleError as err:
        print(str(err), file=sys.stderr)
        return EXIT_ERROR
    except (CheckError, ConfigError, BaselineError, FileNotFoundError, ValueError) as err:
        print(f"factlint: error: {err}", file=sys.stderr)
        return EXIT_ERROR
    except OSError as err:
        print(f"factlint: error: cannot write baseline {err.filename}: {err.strerror}", file=sys.stderr)
        return EXIT_ERROR
    suppressed = sum(st.suppressed for st in result.states)
    note = f" ({suppressed} suppressed finding{'s' * (suppressed != 1)} left out)" if suppressed else ""
    print(f"factlint: wrote {len(entries)} finding{'s' * (len(entries) != 1)} to {target}{note}", file=sys.stderr)
    return EXIT_ERROR if inputs.failed else EXIT_OK
