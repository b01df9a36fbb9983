"""atheris entry point: coverage-guided fuzzing of the document (see fuzz/targets.py; run fuzz/run.sh)."""

import sys

import atheris

with atheris.instrument_imports(include=["checker"]):
    import targets

    targets.RUN["document"](b"")  # load the language data and grammar before fuzzing starts


def one_input(data: bytes) -> None:
    targets.document(data)


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
