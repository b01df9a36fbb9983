"""The values that options of the command line and keys of the configuration file share, and
the names of the configuration files.

Here, not in ``checker.config``: building the command line needs only these names, and the
configuration's module (dataclasses, the TOML reader, path handling) is a sixth of the start of
a command answered from the report memo (``checker.commands.report_memo``), ``--version`` and
``--help``.
"""

from __future__ import annotations

SEVERITIES = ("error", "warning", "info")
FAIL_ON = ("error", "warning", "info", "never")
#: report formats of ``factlint check``: tables, machine output, CI formats
TABLE_FORMATS = ("plain", "grid", "markdown", "html")
FORMATS = TABLE_FORMATS + ("json", "sarif", "junit", "github")
#: how claims of undated documents are placed in time
UNDATED_MODES = ("order-after-latest", "assume-published")
#: the configuration files looked for in each folder from the working directory up (the
#: first wins; a pyproject.toml counts when it has a [tool.factlint] table)
CONFIG_FILE_NAME = "factlint.toml"
PYPROJECT_FILE_NAME = "pyproject.toml"
