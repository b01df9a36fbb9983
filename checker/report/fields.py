"""Field names of factlint's machine output, defined once (other tools rely on them).

``MENTION_FIELDS`` are the keys of every ``factlint scan --format jsonl`` line, in order.
"""

MENTION_FIELDS = (
    "doc", "start", "end", "line", "column", "text", "sentence", "lang", "kind", "value",
    "unit", "currency", "counted", "qualifier",
)
#: keys added to a mention line only when they have a value
MENTION_OPTIONAL_FIELDS = ("granularity", "time_role", "amount", "change", "modifiers")

#: version of the ``factlint check --format json`` document; bumped on incompatible changes
SCHEMA_VERSION = "1.0"
CLAIM_FIELDS = (
    "id", "metric", "subject", "value", "unit", "qualifier", "period", "stance", "attribution",
    "doc", "line", "column", "start", "end", "quote", "published", "lang",
)
FINDING_FIELDS = ("kind", "severity", "check", "metric", "subject", "claims", "message", "details")
