"""SHA-256 for small inputs without importing ``hashlib``.

``hashlib`` loads OpenSSL: about 3 ms at every start, a sixteenth of replaying an unchanged
corpus's report (``report_memo``), which hashes only a few kilobytes (the command line, the
environment, the code's file names and stat data). The interpreter's own SHA-256 module loads
in a tenth of a millisecond and gives the same digests; it is about five times slower per byte,
so what hashes megabytes (documents, the scanner's patterns) keeps ``hashlib``.
"""

from __future__ import annotations

try:  # the built-in module: ``_sha256`` up to Python 3.11, ``_sha2`` from 3.12
    from _sha256 import sha256 as _builtin_sha256
except ImportError:  # pragma: no cover - depends on the interpreter
    try:
        from _sha2 import sha256 as _builtin_sha256
    except ImportError:
        _builtin_sha256 = None


def small_sha256(data: bytes = b""):
    """A SHA-256 hash object (``update``, ``hexdigest``) for inputs of a few kilobytes."""
    if _builtin_sha256 is None:  # pragma: no cover - an interpreter built without it
        import hashlib

        return hashlib.sha256(data)
    return _builtin_sha256(data)
