#!/usr/bin/env bash
# Coverage-guided fuzzing of the scanner, the rule parser and the document loader with atheris
# (libFuzzer for Python), each for SECONDS (default 60): `fuzz/run.sh [SECONDS]`.
#
# Needs atheris (`pip install atheris`: a binary wheel, no compiler) in the Python that runs
# factlint: $PYTHON, else the active virtual environment's python, else python3.
# Each target starts from seeds written by fuzz/targets.py into a scratch corpus. An input that
# breaks an invariant, raises, hangs (more than 10 s) or uses more than 2 GB is saved as
# fuzz/crashes/TARGET-crash-* (or -timeout-, -oom-); copy it to fuzz/regressions/TARGET/ so that
# tests/test_hostile_fuzz.py replays it, and write the named regression test for the fix.
# Exit status: 0 when no target found anything, 1 otherwise, 2 when atheris is missing.
set -uo pipefail
cd "$(dirname "$0")/.."

SECONDS_EACH="${1:-60}"
if ! [[ "$SECONDS_EACH" =~ ^[0-9]+$ ]] || [ "$SECONDS_EACH" -lt 1 ]; then
  echo "usage: fuzz/run.sh [SECONDS]   (a whole number of seconds per target, default 60)" >&2
  exit 2
fi
if [ -n "${PYTHON:-}" ]; then PY="$PYTHON"
elif [ -n "${VIRTUAL_ENV:-}" ]; then PY="$VIRTUAL_ENV/bin/python"
else PY=python3; fi
if ! "$PY" -c "import atheris" 2>/dev/null; then
  echo "fuzz/run.sh: atheris is not installed for $PY (pip install atheris)" >&2
  exit 2
fi

mkdir -p fuzz/crashes
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
status=0
for target in scanner rules document; do
  corpus="$WORK/$target"
  "$PY" fuzz/targets.py seed "$target" "$corpus" >/dev/null
  if [ -d "fuzz/regressions/$target" ]; then cp fuzz/regressions/"$target"/* "$corpus"/ 2>/dev/null; fi
  echo "== $target: ${SECONDS_EACH}s"
  "$PY" fuzz/fuzz.py "$target" "$corpus" \
    -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
    -artifact_prefix="fuzz/crashes/$target-" -print_final_stats=1 >"$WORK/$target.log" 2>&1
  code=$?
  grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|Done|==[0-9]+== ERROR|.*Uncaught Python exception)" "$WORK/$target.log" || true
  if [ "$code" -ne 0 ]; then
    status=1
    echo "!! $target: exit $code; log below, input saved under fuzz/crashes/" >&2
    tail -40 "$WORK/$target.log" >&2
  fi
done
exit "$status"
