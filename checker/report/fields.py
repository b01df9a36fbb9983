"""Field names of factlint's machine output, defined once (other tools rely on them).

``MENTION_FIELDS`` are the keys of every ``factlint scan --format jsonl`` line, in order.
"""

MENTION_FIELDS = (
    "doc", "start", "end", "line", "column", "text", "sentence", "lang", "kind", "value",
    "unit", "currency", "counted", "qualifier",
)
#: keys added to a mention line only when they have a value
MENTION_OPTIONAL_FIELDS = ("granularity", "time_role", "amount", "change", "modifiers")

#: version of the ``factlint check --format json`` document (checker/schema/report.schema.json):
#: the major number changes on incompatible changes, the minor one when fields are added
SCHEMA_VERSION = "1.1"
#: top-level keys of the JSON report, in order
REPORT_FIELDS = (
    "schema_version", "tool", "fail_on", "documents", "undated", "assumed_published", "changed_since",
    "scope", "baseline", "summary", "claims", "findings", "fixed",
)
CLAIM_FIELDS = (
    "id", "metric", "subject", "value", "unit", "qualifier", "period", "stance", "attribution",
    "doc", "line", "column", "start", "end", "quote", "published", "lang",
)
FINDING_FIELDS = (
    "kind", "severity", "check", "metric", "subject", "claims", "message", "details",
    "fingerprint", "suppressed", "suppression", "baseline", "failing",
)
#: the keys of ``summary``: findings by severity and by status
SUMMARY_FIELDS = ("error", "warning", "info", "suppressed", "baselined", "new", "fixed", "failing")
