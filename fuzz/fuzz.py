"""atheris entry point: coverage-guided fuzzing of one target of fuzz/targets.py.

Usage (fuzz/run.sh does this): ``python fuzz/fuzz.py TARGET CORPUS_DIR [libFuzzer flags]``,
TARGET one of scanner, rules, document.
"""

import sys

import atheris

TARGET = sys.argv.pop(1) if len(sys.argv) > 1 else ""

with atheris.instrument_imports(include=["checker"]):
    import targets

    if TARGET not in targets.RUN:
        sys.exit(f"usage: fuzz/fuzz.py {{{','.join(targets.TARGETS)}}} CORPUS_DIR [libFuzzer flags]")
    run = targets.RUN[TARGET]
    run(b"")  # load the language data and grammar before fuzzing starts


if __name__ == "__main__":
    atheris.Setup(sys.argv, run)
    atheris.Fuzz()
