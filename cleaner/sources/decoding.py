"""Bytes to text: by byte order mark, UTF-16 by its NUL bytes, strict UTF-8, the charset a
document declares, else cp1252 (the usual encoding of web text that is not UTF-8). JSONL is
UTF-8, read a line at a time where a line is not."""

from __future__ import annotations

import codecs
import re

from cleaner.sources.inputs import Skip

_BOMS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16")]
_CONTROL = bytes(c for c in range(32) if c not in b"\t\n\r\f\v\x1b")
_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)  # UTF-32 BOMs start with these too


def decode(data: bytes, charset: str | None = None) -> str:
    """Bytes to text, or Skip with the reason. `charset`: the one the document declares (an
    HTTP header, an HTML meta tag), read when the bytes are not UTF-8, before cp1252.

    >>> decode("café".encode("cp1252"))
    'café'
    >>> decode("\\ufeffcafé".encode("utf-16-le"))
    'café'
    >>> decode("Москва".encode("cp1251"), "windows-1251")
    'Москва'
    """
    if not data.strip():
        raise Skip("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding)
    if b"\x00" in data:
        return _strict(data, _guess_utf16(data))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if _looks_binary(data):
        raise Skip("binary file (control bytes)")
    if text is None:
        text = _decode_declared(data, charset) or _strict(data, "cp1252")
    return text


# Browsers read these labels as windows-1252 (the WHATWG Encoding Standard), as cp1252 does.
_READ_AS_CP1252 = {"ascii", "iso8859-1"}
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_HTTP_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)


def _decode_declared(data: bytes, charset: str | None) -> str | None:
    """The bytes in the declared charset, if Python knows it and they are valid in it."""
    if not charset:
        return None
    try:
        if codecs.lookup(charset).name in _READ_AS_CP1252:
            return None
        return data.decode(charset)  # LookupError too: `base64` is a codec, not a charset
    except (LookupError, UnicodeDecodeError):
        return None


def meta_charset(html: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KB: `<meta charset="...">` or
    `<meta http-equiv="Content-Type" content="text/html; charset=...">`.

    >>> meta_charset(b'<html><head><meta charset="windows-1251">')
    'windows-1251'
    """
    found = _META_CHARSET.search(html, 0, 4096)
    return found.group(1).decode("ascii") if found else None


def http_charset(content_type: str) -> str | None:
    """The charset of an HTTP `Content-Type` header (`text/html; charset=...`)."""
    found = _HTTP_CHARSET.search(content_type)
    return found.group(1) if found else None


def _guess_utf16(data: bytes) -> str:
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    raise Skip("binary file (NUL bytes, not UTF-16)")


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    return len(sample.translate(None, _CONTROL)) < 0.95 * len(sample)


def _strict(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise Skip(f"undecodable as {encoding} at byte {error.start}") from None
    if not text.strip():
        raise Skip("empty file")
    return text


def is_wide(head: bytes | bytearray) -> bool:
    """UTF-16 or UTF-32, by a BOM or by NUL bytes (as `decode` finds them) in the first 4 KB:
    its newline bytes can be half a character, so it cannot be cut at them."""
    return head.startswith(_WIDE_BOMS) or b"\x00" in head[:4096]


def decode_jsonl(data: bytes) -> str:
    """JSONL is UTF-8; a line that is not is read as cp1252 on its own, so one bad byte
    changes one record, wherever the file was cut into blocks.

    >>> decode_jsonl('"café"'.encode() + b"\\n" + '"café"'.encode("cp1252")).split()
    ['"café"', '"café"']
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _looks_binary(data):
        raise Skip("binary file (control bytes)")
    return "\n".join(_decode_line(line) for line in data.split(b"\n"))


def _decode_line(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("cp1252", errors="replace")
