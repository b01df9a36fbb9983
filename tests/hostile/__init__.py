"""Hostile inputs for factlint: the corpus the robustness tests (tests/test_hostile_*.py) run.

The inputs are generated (``corpus.build``) rather than stored, so that binary files, encodings
and sizes are exact and documented in one place. ``python -m tests.hostile.corpus DIR`` writes
them into DIR to try them by hand: ``factlint scan DIR`` and ``factlint check --rules rules DIR``.
"""
