"""One module per ``factlint`` command; each has ``run(args) -> exit code``."""
