"""Per-language data: one YAML file per language, on a shared base (``base.yaml``).

``load(lang)`` returns the language's data merged over nothing but itself; the keys each section
may hold are declared in ``base.yaml`` and validated by ``validate``. Code never branches on a
language code: it reads what the data file says.
"""

from __future__ import annotations

import functools
import os
from typing import Any

SUPPORTED = ("en", "fr", "de", "es")


class LanguageDataError(ValueError):
    pass


def _yaml_load(text: str) -> Any:
    """The data of a YAML text, kept between runs (``regex_store.remembered``, keyed by the text
    itself): parsing the language files (and importing the YAML library) is a few hundredths of
    a second at every start otherwise."""
    from checker import regex_store

    return regex_store.remembered("yaml", text, lambda: _parse_yaml(text))


def _parse_yaml(text: str) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)


def _read(name: str) -> str:
    """A data file of this package. (Its folder, not ``importlib.resources``: importing that
    costs a few milliseconds at every start, and factlint is installed as files.)"""
    with open(os.path.join(os.path.dirname(__file__), name), encoding="utf-8") as handle:
        return handle.read()


@functools.cache
def base() -> dict:
    """The shared schema: section -> key -> description."""
    return _yaml_load(_read("base.yaml"))


@functools.cache
def load(lang: str) -> dict:
    """Load and validate one language's data file."""
    if lang not in SUPPORTED:
        raise LanguageDataError(f"unsupported language {lang!r} (supported: {', '.join(SUPPORTED)})")
    data = _yaml_load(_read(f"{lang}.yaml"))
    problems = validate(data)
    if problems:
        raise LanguageDataError(f"{lang}.yaml: " + "; ".join(problems))
    return data


def validate(data: dict) -> list[str]:
    """Return the problems in a language file: unknown sections or keys, wrong types."""
    problems: list[str] = []
    schema = base()
    for section, content in data.items():
        if section in ("language", "name"):
            continue
        if section not in schema:
            problems.append(f"unknown section {section!r}")
            continue
        if not isinstance(content, dict):
            problems.append(f"section {section!r} must be a mapping")
            continue
        for key, value in content.items():
            spec = schema[section].get(key)
            if spec is None:
                problems.append(f"unknown key {section}.{key}")
                continue
            expected = spec.get("type")
            if expected == "list" and not isinstance(value, list):
                problems.append(f"{section}.{key} must be a list")
            elif expected == "list" and any(isinstance(v, bool) or v is None for v in value):
                problems.append(f"{section}.{key}: quote yes/no/on/off/null, YAML reads them as booleans")
            elif expected == "map" and not isinstance(value, dict):
                problems.append(f"{section}.{key} must be a mapping")
            elif expected == "bool" and not isinstance(value, bool):
                problems.append(f"{section}.{key} must be true or false")
            elif expected == "string" and not isinstance(value, str):
                problems.append(f"{section}.{key} must be a string")
    return problems


def section(lang: str, name: str) -> dict:
    return load(lang).get(name) or {}
