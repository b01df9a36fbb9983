"""Bytes to text: UTF-8 (with or without BOM), UTF-16/32 with a BOM, else cp1252 with a warning.

Articles saved from the web or from old editors arrive in all these encodings; a wrong guess
corrupts accented letters silently, so the fallback is announced (with the first byte that is
not UTF-8). Binary files (images, PDFs, archives passed by mistake) are refused with a one-line
error instead of being "checked" as garbage.
"""

from __future__ import annotations

import codecs

from checker.document.model import LoadError

# Order matters: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Control bytes that do not occur in text (tab, LF, VT, FF, CR and ESC are allowed).
_CONTROL = bytes(sorted(set(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B} | {0x7F}))
_SAMPLE = 8192
_MAX_CONTROL_SHARE = 0.3
_CONTROL_CHARS = tuple(chr(b) for b in _CONTROL)
#: share of two-byte units with a NUL half above which UTF-16 without a BOM is considered
_MIN_WIDE_NULS = 0.3


def _position(data: bytes, index: int) -> tuple[int, int]:
    """1-based line and byte column of byte ``index`` (for the fallback warning)."""
    line = data.count(b"\n", 0, index) + 1
    return line, index - (data.rfind(b"\n", 0, index) + 1) + 1


def decode(data: bytes, path: str) -> tuple[str, list[str]]:
    """Decode a file's bytes; return the text (without BOM) and the warnings.

    Raises ``LoadError`` for binary data and for a BOM whose encoding the bytes do not follow.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding), []
            except UnicodeDecodeError as exc:
                raise LoadError(path, None, None, f"invalid {encoding.upper()} after its byte order mark "
                                f"(byte {exc.start + len(bom)})") from None
    if b"\x00" in data:
        wide = _utf16_without_bom(data)
        if wide is None:
            raise LoadError(path, None, None, "binary file (contains NUL bytes), skipped")
        encoding, text = wide
        return text, [f"no byte order mark; decoded as {encoding.upper()} (the NUL bytes of its ASCII letters tell)"]
    sample = data[:_SAMPLE]
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    if sample and controls > _MAX_CONTROL_SHARE * len(sample):
        raise LoadError(path, None, None, "binary file (mostly control characters), skipped")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line, col = _position(data, exc.start)
        bad = data[exc.start]
        # cp1252 leaves five bytes undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D): read those as Latin-1.
        text = data.decode("cp1252", errors="cp1252-latin1")
        return text, [f"not valid UTF-8 (byte 0x{bad:02x} at line {line}, byte {col}); decoded as cp1252"]


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """(encoding, text) of UTF-16 saved without a byte order mark, else ``None``.

    Windows tools write such files; in them every ASCII character leaves a NUL in the same half
    of its two bytes (the odd bytes for little-endian), where a binary file scatters its NULs.
    The text must decode cleanly and hold no NUL or other control characters of its own.
    """
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:_SAMPLE]
    evens, odds = sample[0::2], sample[1::2]
    pairs = len(odds)
    even_nuls, odd_nuls = evens.count(0), odds.count(0)
    if odd_nuls >= _MIN_WIDE_NULS * pairs and even_nuls == 0:
        encoding = "utf-16-le"
    elif even_nuls >= _MIN_WIDE_NULS * pairs and odd_nuls == 0:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    if text.startswith("\ufeff") or any(c in text for c in _CONTROL_CHARS):
        return None
    return encoding, text


def _latin1_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: decode the offending bytes as Latin-1 (a C1 control character)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start:exc.end].decode("latin-1"), exc.end


codecs.register_error("cp1252-latin1", _latin1_fallback)
