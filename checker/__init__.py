"""factlint: a rule-based fact-consistency checker for dated numbers in news text.

The package is laid out as the pipeline it runs, and each stage imports only the stages
before it:

    document -> extract -> claims -> checks -> report

``checker.cli`` wires the stages together; nothing in the pipeline imports the CLI.
"""

__version__ = "0.1.0"
