"""The project configuration: ``factlint.toml`` or ``[tool.factlint]`` in ``pyproject.toml``.

A newsroom runs factlint the same way on every laptop and in CI, so the options a team agrees on
(rule files, fail-on, report files, severity overrides, excluded paths) live in one file at the
root of the repository, found by walking up from the working directory. Command-line options
override it; ``factlint config`` prints the result and where each value came from, because a
gate that fails for reasons nobody can see gets switched off.

Keys are written in kebab-case (``fail-on``); the snake_case spelling (``fail_on``) is accepted
as the same key. Paths in the file (``rules``, ``outputs``, ``baseline``) are relative to the
file's folder and are turned into paths relative to the working directory here.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, Mapping

from checker.report.paths import display_path

from checker.options import CONFIG_FILE_NAME, FAIL_ON, FORMATS, PYPROJECT_FILE_NAME, SEVERITIES, UNDATED_MODES

#: a report file's extension -> its format, for an ``--output`` given without a ``--format``
EXTENSION_FORMATS = {".sarif": "sarif", ".json": "json", ".xml": "junit", ".html": "html", ".htm": "html",
                     ".md": "markdown", ".txt": "plain"}

DEFAULT = "default"
COMMAND_LINE = "command line"


class ConfigError(ValueError):
    """A configuration that cannot be used: one line naming the file (and line when known)."""


@dataclass(frozen=True, slots=True)
class ReportTarget:
    """One report of a run: a format and the file it goes to (``None``: standard output)."""

    format: str
    path: str | None = None


@dataclass
class Config:
    """The resolved configuration of one run; ``sources[key]`` says where each value came from."""

    rules: list[str] | None = None          # None: the rules/ folder next to the documents
    lang: str | None = None                 # None: front matter, else detected
    languages: list[str] | None = None      # None: every supported language
    exclude: list[str] = field(default_factory=list)
    fail_on: str = "error"
    format: list[str] = field(default_factory=lambda: ["plain"])   # reports on standard output
    outputs: list[ReportTarget] = field(default_factory=list)      # reports written to files
    severity: dict[str, str] = field(default_factory=dict)         # check id or kind -> severity
    baseline: str | None = None
    undated: str = "order-after-latest"
    assume_published: date | None = None
    #: the result cache of check, claims and baseline: on or off, and its folder (None: the
    #: user cache folder, see checker.commands.result_cache)
    cache: bool = True
    cache_dir: str | None = None
    #: worker processes reading documents (None: one per core, for inputs worth it)
    jobs: int | None = None
    #: the configuration file read (relative to the working directory), None when there is none
    file: str | None = None
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def reports(self) -> list[ReportTarget]:
        """Every report of the run: standard output first, then the files, in order given."""
        return [ReportTarget(f) for f in self.format] + list(self.outputs)

    def source(self, key: str) -> str:
        return self.sources.get(key, DEFAULT)


# --- finding and reading the file -------------------------------------------------------------


def find_config_file(start: str | Path | None = None) -> Path | None:
    """The nearest factlint.toml, or pyproject.toml with a [tool.factlint] table, from ``start`` up.

    In each folder factlint.toml wins over pyproject.toml; a pyproject.toml without the table is
    passed over (it belongs to the Python project, not to factlint).
    """
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_FILE_NAME
        if candidate.is_file():
            return candidate
        pyproject = folder / PYPROJECT_FILE_NAME
        if pyproject.is_file():
            import tomllib  # here: most runs have no configuration file to parse

            try:
                data = tomllib.loads(pyproject.read_text("utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue  # not ours to judge unless it is the one we read
            if isinstance(data.get("tool"), dict) and "factlint" in data["tool"]:
                return pyproject
    return None


def read_config_file(path: str | Path) -> tuple[dict[str, Any], str]:
    """The factlint table of a config file and the file's text (for line numbers in errors)."""
    p = Path(path)
    shown = display_path(str(p))
    try:
        text = p.read_text("utf-8")
    except OSError as exc:
        raise ConfigError(f"{shown}: cannot read configuration: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{shown}: configuration is not UTF-8 ({exc.reason} at byte {exc.start})") from None
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{shown}: invalid TOML: {exc}") from None
    if p.name == PYPROJECT_FILE_NAME:
        table = data.get("tool", {}).get("factlint") if isinstance(data.get("tool"), dict) else None
        if table is None:
            raise ConfigError(f"{shown}: no [tool.factlint] table")
        if not isinstance(table, dict):
            raise ConfigError(f"{shown}:{_key_line(text, 'factlint')}: tool.factlint must be a table")
        return table, text
    return data, text


def _key_line(text: str, key: str, parent: str | None = None) -> int | str:
    """The line where ``key`` is set (for messages); '?' when it cannot be found.

    With ``parent``, the key is looked for after the ``[parent]`` table header (or the line
    setting ``parent``), so that ``stale`` in ``[severity]`` is found on its own line.
    """
    start = 0
    if parent is not None:
        head = re.compile(r"^[ \t]*\[[ \t]*(?:tool\.factlint\.)?" + re.escape(parent) + r"[ \t]*\]|^[ \t]*"
                          + re.escape(parent) + r"[ \t]*=", re.MULTILINE).search(text)
        if head is None:
            return "?"
        if "=" in head.group(0):  # an inline table: the key is on that line
            return text.count("\n", 0, head.start()) + 1
        start = head.end()
    pattern = re.compile(r"^[ \t]*(?:\[[ \t]*)?(?:[\w.\-\"']*\.)?[\"']?" + re.escape(key) + r"[\"']?[ \t]*(?:=|\])",
                         re.MULTILINE)
    m = pattern.search(text, start)
    return text.count("\n", 0, m.start()) + 1 if m else "?"


class _BadValue(ValueError):
    """A bad value inside a table key (``severity.stale``): the message and the inner key."""

    def __init__(self, message: str, inner: str) -> None:
        super().__init__(message)
        self.inner = inner


# --- validation of each key ------------------------------------------------------------------


def _str_list(value: Any, what: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise ValueError(f"{what} must be a string or a list of strings")


def _choice(value: Any, what: str, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{what} must be one of {', '.join(choices)} (got {value!r})")
    return value


def _language(value: Any, what: str) -> str:
    from checker import lang as lang_data

    if not isinstance(value, str) or value not in lang_data.SUPPORTED:
        raise ValueError(f"{what} must be one of {', '.join(lang_data.SUPPORTED)} (got {value!r})")
    return value


def parse_date(value: Any, what: str) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"{what} must be a date like 2025-06-24 (got {value!r})")


def parse_severity_map(value: Any, what: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ValueError(f"{what} must be a table of check id or kind = severity")
    result = {}
    for k, v in value.items():
        try:
            result[str(k)] = _choice(v, f"{what}.{k}", SEVERITIES)
        except ValueError as exc:
            raise _BadValue(str(exc), str(k)) from None
    return result


def _file_name(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(f"{what} must be a file name")
    return value


def _bool(value: Any, what: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{what} must be true or false (got {value!r})")
    return value


def _jobs(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{what} must be a whole number of processes, 1 or more (got {value!r})")
    return value


def _outputs(value: Any, what: str) -> list[ReportTarget]:
    if not isinstance(value, dict):
        raise ValueError(f"{what} must be a table of format = file, e.g. sarif = \"factlint.sarif\"")
    targets = []
    for fmt, path in value.items():
        try:
            _choice(fmt, f"{what} key", FORMATS)
        except ValueError as exc:
            raise _BadValue(str(exc), str(fmt)) from None
        if not isinstance(path, str) or not path:
            raise _BadValue(f"{what}.{fmt} must be a file name", str(fmt))
        targets.append(ReportTarget(fmt, path))
    return targets


#: key -> (Config attribute, reader(value, key) -> value or ValueError)
_KEYS: dict[str, tuple[str, Callable[[Any, str], Any]]] = {
    "rules": ("rules", _str_list),
    "lang": ("lang", _language),
    "languages": ("languages", lambda v, w: [_language(x, f"{w} entry") for x in _str_list(v, w)]),
    "exclude": ("exclude", _str_list),
    "fail-on": ("fail_on", lambda v, w: _choice(v, w, FAIL_ON)),
    "format": ("format", lambda v, w: [_choice(x, w, FORMATS) for x in _str_list(v, w)]),
    "outputs": ("outputs", _outputs),
    "severity": ("severity", parse_severity_map),
    "baseline": ("baseline", _file_name),
    "undated": ("undated", lambda v, w: _choice(v, w, UNDATED_MODES)),
    "assume-published": ("assume_published", parse_date),
    "cache": ("cache", _bool),
    "cache-dir": ("cache_dir", _file_name),
    "jobs": ("jobs", _jobs),
}
#: every key, in the order ``factlint config`` prints them
KEYS = tuple(_KEYS)


def config_from_table(table: Mapping[str, Any], path: str | Path, text: str = "") -> Config:
    """A ``Config`` from a config file's table; paths made relative to the working directory."""
    shown = display_path(str(path))
    base = Path(path).resolve().parent
    cfg = Config(file=shown)
    for raw_key, value in table.items():
        key = str(raw_key).replace("_", "-")
        if key not in _KEYS:
            raise ConfigError(f"{shown}:{_key_line(text, str(raw_key))}: unknown key {raw_key!r} "
                              f"(expected one of: {', '.join(KEYS)})")
        attr, reader = _KEYS[key]
        try:
            parsed = reader(value, key)
        except _BadValue as exc:
            raise ConfigError(f"{shown}:{_key_line(text, exc.inner, parent=str(raw_key))}: {exc}") from None
        except ValueError as exc:
            raise ConfigError(f"{shown}:{_key_line(text, str(raw_key))}: {exc}") from None
        if key in ("rules",):
            parsed = [display_path(str(base / p)) for p in parsed]
        elif key in ("baseline", "cache-dir"):
            parsed = display_path(str(base / parsed))
        elif key == "outputs":
            parsed = [ReportTarget(t.format, display_path(str(base / t.path))) for t in parsed]
        setattr(cfg, attr, parsed)
        cfg.sources[key] = shown
    if cfg.assume_published is not None and "undated" not in cfg.sources:
        cfg.undated = "assume-published"
        cfg.sources["undated"] = shown
    if cfg.undated == "assume-published" and cfg.assume_published is None:
        raise ConfigError(f"{shown}:{_key_line(text, 'undated')}: undated = \"assume-published\" needs "
                          "assume-published = YYYY-MM-DD")
    return cfg


def load_config(explicit: str | None = None, start: str | Path | None = None) -> Config:
    """The configuration from ``explicit`` (``--config``), else the nearest file, else defaults."""
    path = Path(explicit) if explicit else find_config_file(start)
    if path is None:
        return Config()
    if explicit and not path.is_file():
        raise ConfigError(f"{explicit}: no such configuration file")
    table, text = read_config_file(path)
    return config_from_table(table, path, text)


# --- the command line on top -----------------------------------------------------------------


def apply_command_line(cfg: Config, args: Any, env: Mapping[str, str] | None = None) -> Config:
    """Override ``cfg`` with the options given on the command line (those not left at None).

    Report targets: ``--format`` and ``--output`` pair up in order; a format without an output
    goes to standard output; an output without a format takes the format of its extension.
    When neither the command line nor the file names a format and ``GITHUB_ACTIONS=true``,
    the report on standard output is GitHub annotations.
    """
    env = os.environ if env is None else env

    def given(name: str) -> Any:
        return getattr(args, name, None)

    def put(key: str, attr: str, value: Any) -> None:
        setattr(cfg, attr, value)
        cfg.sources[key] = COMMAND_LINE

    if given("rules"):
        put("rules", "rules", list(args.rules))
    if given("lang"):
        put("lang", "lang", args.lang)
    if given("exclude"):
        put("exclude", "exclude", list(args.exclude))
    if given("fail_on"):
        put("fail-on", "fail_on", args.fail_on)
    if given("severity"):
        merged = dict(cfg.severity)
        for item in args.severity:
            name, sep, level = item.partition("=")
            if not sep or not name.strip():
                raise ConfigError(f"--severity {item!r}: expected CHECK_OR_KIND=SEVERITY, e.g. NATO-ST1=error")
            try:
                merged[name.strip()] = _choice(level.strip(), f"--severity {name.strip()}", SEVERITIES)
            except ValueError as exc:
                raise ConfigError(str(exc)) from None
        put("severity", "severity", merged)
    if given("baseline"):
        put("baseline", "baseline", display_path(args.baseline))
    if given("no_baseline"):
        put("baseline", "baseline", None)
    if given("assume_published"):
        try:
            put("assume-published", "assume_published", parse_date(args.assume_published, "--assume-published"))
        except ValueError as exc:
            raise ConfigError(str(exc)) from None
        put("undated", "undated", "assume-published")
    if given("no_cache"):
        put("cache", "cache", False)
    if given("cache_dir"):
        put("cache-dir", "cache_dir", display_path(args.cache_dir))
    if given("jobs"):
        put("jobs", "jobs", args.jobs)
    formats, outputs = given("format") or [], given("output") or []
    if formats or outputs:
        stdout, files = pair_reports(formats, outputs)
        put("format", "format", stdout)
        put("outputs", "outputs", files)
    elif "format" not in cfg.sources and env.get("GITHUB_ACTIONS") == "true":
        cfg.format = ["github"]
        cfg.sources["format"] = "environment (GITHUB_ACTIONS=true)"
    return cfg


def pair_reports(formats: list[str], outputs: list[str]) -> tuple[list[str], list[ReportTarget]]:
    """Pair ``--format`` and ``--output`` values in order: (formats for stdout, file targets)."""
    files: list[ReportTarget] = []
    for i, out in enumerate(outputs):
        if i < len(formats):
            fmt = formats[i]
        else:
            fmt = EXTENSION_FORMATS.get(os.path.splitext(out)[1].lower())
            if fmt is None:
                raise ConfigError(f"--output {out}: give its --format (cannot tell it from the extension)")
        files.append(ReportTarget(fmt, None if out == "-" else display_path(out)))
    stdout = [t.format for t in files if t.path is None] + list(formats[len(outputs):])
    files = [t for t in files if t.path is not None]
    if not stdout and not files:
        stdout = ["plain"]
    return stdout, files


def resolve_config(args: Any, env: Mapping[str, str] | None = None) -> Config:
    """The configuration of a run: defaults, then the config file, then the command line."""
    cfg = load_config(getattr(args, "config", None))
    return apply_command_line(cfg, args, env)


# --- ``factlint config`` ---------------------------------------------------------------------


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"
    return str(value)


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_value(key)


def describe(cfg: Config) -> str:
    """The resolved configuration as TOML, each line commented with the value's source.

    Keys without a value are printed commented out, with what happens instead.
    """
    unset = {
        "rules": "the rules/ folder next to the documents",
        "lang": "front matter, else detected per document",
        "languages": "every supported language",
        "baseline": "no baseline: every finding counts",
        "assume-published": "undated documents stay undated",
        "cache-dir": "the user cache folder ($FACTLINT_CACHE_DIR/results, else ~/.cache/factlint/results)",
        "jobs": "one process per core, for inputs of 512 KB or more",
    }
    lines = [f"# factlint configuration; file: {cfg.file or 'none found'}"]
    rows: list[tuple[str, str]] = []
    for key in KEYS:
        attr = _KEYS[key][0]
        value = getattr(cfg, attr)
        if key == "outputs":
            value = {t.format: t.path for t in value}
        if value is None:
            rows.append((f"# {key} = (not set: {unset.get(key, 'default')})", cfg.source(key)))
        else:
            rows.append((f"{key} = {_toml_value(value)}", cfg.source(key)))
    width = max(len(r[0]) for r in rows)
    lines.extend(f"{text.ljust(width)}  # {source}" for text, source in rows)
    return "\n".join(lines) + "\n"
