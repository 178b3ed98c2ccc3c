"""Bytes to text: by byte order mark, UTF-16 by its NUL bytes, strict UTF-8, the charset a
document declares, UTF-8 with a few bad bytes replaced, the charset charset-normalizer finds
(for a non-Latin script), else cp1252 (the usual encoding of web text that is not UTF-8).
How, when it is not what the bytes declared, is told (`Decoded.note`). JSONL is UTF-8, read
a line at a time where a line is not."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from cleaner.document import Document
from cleaner.sources.inputs import Skip

_BOMS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16")]
_CONTROL = bytes(c for c in range(32) if c not in b"\t\n\r\f\v\x1b")
_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)  # UTF-32 BOMs start with these too


@dataclass(frozen=True, slots=True)
class Decoded:
    """A document's text and how its bytes became it. `encoding`: the codec read by;
    `detected`: it was guessed from the bytes (charset-normalizer's finding, or the cp1252
    fallback), not declared or UTF-8;
    `replaced`: bytes that were invalid in it, each now U+FFFD; `nuls`: stray NUL bytes
    dropped; `misread_as`: the codec a UTF-8 file's text had been decoded by once already
    (mojibake, repaired: see `_misread`)."""

    text: str
    encoding: str
    detected: bool = False
    replaced: int = 0
    nuls: int = 0
    misread_as: str | None = None

    def note(self) -> dict[str, object] | None:
        """What the record's `metadata.decoding` and report.json say, when the bytes were not
        read as they declared themselves (a guessed encoding, bytes replaced or dropped)."""
        if not (self.detected or self.replaced or self.nuls):
            return None
        note: dict[str, object] = {"encoding": self.encoding, "detected": self.detected,
                                   "replaced_bytes": self.replaced, "nul_bytes": self.nuls}
        if self.misread_as:
            note["misread_as"] = self.misread_as
        return note


def decode(data: bytes, charset: str | None = None) -> str:
    """Bytes to text, or Skip with the reason (`decode_bytes`, without how).

    >>> decode("café".encode("cp1252"))
    'café'
    >>> decode("\\ufeffcafé".encode("utf-16-le"))
    'café'
    >>> decode("Москва".encode("cp1251"), "windows-1251")
    'Москва'
    """
    return decode_bytes(data, charset).text


def decode_bytes(data: bytes, charset: str | None = None) -> Decoded:
    """Bytes to text and how, or Skip with the reason. `charset`: the one the document
    declares (an HTTP header, an HTML meta tag), read when the bytes are not UTF-8.

    Bytes that are not strict UTF-8 are, in turn: in the declared charset; UTF-8 with a few
    bad bytes (most of their non-ASCII sequences valid: the bad ones become U+FFFD); in the
    charset charset-normalizer finds, when it finds a non-Latin script; else cp1252, with
    the bytes undefined in it replaced. A few NUL bytes among text are dropped; many, or
    many control bytes, are a binary file.

    >>> decode_bytes("Zürich, Genève, Bâle".encode() + b"\\xff").note()["replaced_bytes"]
    1
    """
    if not data.strip():
        raise Skip("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom) and encoding != "utf-8-sig":
            return _wide(data, encoding)
    # UTF-8 after its BOM is read as UTF-8 without one is: a bad byte is replaced, not the
    # file skipped
    data = data.removeprefix(codecs.BOM_UTF8)
    nuls = data.count(0)
    if nuls:
        wide = _utf16_by_nuls(data)
        if wide:
            return _wide(data, wide)
        if nuls > _STRAY_NULS * len(data):
            raise Skip("binary file (NUL bytes, not UTF-16)")
        data = data.replace(b"\x00", b"")
    if _looks_binary(data):
        raise Skip("binary file (control bytes)")
    try:
        text = _nonblank(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    else:
        if (misread := _misread(text)) is not None:
            repaired, encoding, replaced, codec = misread
            return Decoded(repaired, encoding, detected=True, replaced=replaced, nuls=nuls,
                           misread_as=codec)
        return Decoded(text, "utf-8", nuls=nuls)
    declared = _decode_declared(data, charset)
    if declared is not None:
        return Decoded(_nonblank(declared), charset or "", nuls=nuls)
    text, encoding, replaced = _repair(data)
    return Decoded(_nonblank(text), encoding, detected=encoding != "utf-8",
                   replaced=replaced, nuls=nuls)


# At most this share of a text's bytes may be NULs (a scraper's stray terminators, a
# truncated write); more, and not UTF-16, is a binary file.
_STRAY_NULS = 0.01


def _repair(data: bytes) -> tuple[str, str, int]:
    """Bytes that are neither strict UTF-8 nor in a declared charset: (text, codec, bytes
    replaced). UTF-8 when valid UTF-8 sequences outnumber the bad ones `_VALID_PER_BAD` to
    one (a file cut in the middle of a character, a few bytes of another encoding pasted
    in): in 8-bit text an accented letter is seldom followed by a byte that makes the pair
    valid UTF-8."""
    text = data.decode("utf-8", errors="surrogateescape")
    bad = sum(1 for char in text if "\udc80" <= char <= "\udcff")
    valid = sum(1 for char in text if char > "\x7f") - bad
    if valid >= _VALID_PER_BAD * bad:
        return data.decode("utf-8", errors="replace"), "utf-8", bad
    encoding = _detect(data)
    text = data.decode(encoding, errors="replace")
    return text, encoding, text.count("\ufffd")


# devset-ml's UTF-8 pages re-encoded in cp1252 (304): at 1, one page (itself holding mojibake,
# 17 bad sequences to 17 valid) was read as UTF-8; at 3, none.
_VALID_PER_BAD = 3


def _detect(data: bytes) -> str:
    """The charset charset-normalizer finds for bytes that are not UTF-8, when it reads them
    as a non-Latin script (Cyrillic, Greek, Arabic, Hebrew, Thai, CJK, Korean); else cp1252.
    On Latin text its guesses are often a DOS or Mac code page that reads a few letters
    differently (devset-ml dumps in cp1252: 13 of 324 misread that way, none by cp1252)."""
    from charset_normalizer import from_bytes  # imported by the pages that need it only

    matches = from_bytes(data, cp_exclusion=_NOT_GUESSED)
    best = matches.best()
    if best is None:
        return "cp1252"
    close = [m for m in matches if m.chaos <= best.chaos + _CHAOS_MARGIN]
    if any("cp1252" in m.could_be_from_charset for m in close):
        return "cp1252"
    letters = [c for c in str(best) if c > "\x7f" and c.isalpha()]
    other = sum(1 for c in letters if not _latin(c))
    if other >= _SCRIPT_LETTERS and other > len(letters) / 2:
        return best.encoding
    return "cp1252"


def _misread(text: str) -> tuple[str, str, int, str] | None:
    """(text, encoding, bytes replaced, the codec it had been read by) for a UTF-8 file
    holding mojibake: a page decoded once by the wrong codec, then saved (GBK or UTF-8 read
    as Latin-1 or cp1252 prints "Ö÷Ò³" or "ÐœÐ¾ÑÐºÐ²Ð°"). Told by most of its characters
    being that codec's upper half, which Latin text never is (its accented letters are a few
    in a hundred); the bytes got back are read as `_repair` reads bytes that are not strict
    UTF-8 (a misread that dropped a few of them leaves a few bad sequences). None for any
    other text, and where the bytes read as Latin text.

    >>> _misread("Москва и область".encode().decode("latin-1"))
    ('Москва и область', 'utf-8', 0, 'latin-1')
    >>> _misread("Zürich, Genève, Bâle") is None
    True
    """
    if text.isascii():
        return None
    for codec in _MISREAD_CODECS:
        try:
            raw = text.encode(codec)
        except UnicodeEncodeError:
            continue
        upper = len(raw.translate(None, _ASCII))
        if upper < _MISREAD_SHARE * (len(raw) - raw.count(b" ") - raw.count(b"\n")):
            return None
        repaired, encoding, replaced = _repair(raw)
        return None if encoding == "cp1252" else (repaired, encoding, replaced, codec)
    return None


_MISREAD_CODECS = ("latin-1", "cp1252")
# Of a text's characters (spaces aside), the share in the misread codec's upper half from
# which it is mojibake: Latin text has a few in a hundred (French about 3%), a non-Latin
# script misread as Latin-1 has one or two a character.
_MISREAD_SHARE = 0.3
_ASCII = bytes(range(128))


# UTF-16 and UTF-32 are found by their NUL bytes above; UTF-7 reads any ASCII.
_NOT_GUESSED = ["utf_16", "utf_16_be", "utf_16_le", "utf_32", "utf_32_be", "utf_32_le",
                "utf_7"]
_CHAOS_MARGIN = 0.02  # cp1252 is taken when it reads about as cleanly as the best guess
_SCRIPT_LETTERS = 10  # a guess of a non-Latin script needs this many of its letters


def _latin(char: str) -> bool:
    return char <= "\u024f" or "\u1e00" <= char <= "\u1eff"


def noted(doc: Document, decoded: Decoded) -> Document:
    """The document (and an HTML page's dump) with `metadata.decoding` when there is
    something to tell of its bytes (`Decoded.note`)."""
    if note := decoded.note():
        for each in (doc, doc.dump):
            if each is not None:
                each.meta["decoding"] = note
    return doc


def _nonblank(text: str) -> str:
    if not text.strip():
        raise Skip("empty file")
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


def _utf16_by_nuls(data: bytes) -> str | None:
    """UTF-16 without a BOM, by its NUL bytes on every other byte in the first 4 KB."""
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    return len(sample.translate(None, _CONTROL)) < 0.95 * len(sample)


# A UTF-16 or UTF-32 text may have this share of its characters undecodable (a file cut
# in the middle of a character, an odd byte at its end), replaced; more, and it is skipped.
_BAD_WIDE = 0.001


def _wide(data: bytes, encoding: str) -> Decoded:
    """UTF-16 or UTF-32 text, a few undecodable bytes replaced by U+FFFD (and counted)."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        text = data.decode(encoding, errors="replace")
        replaced = text.count("\ufffd") - data.decode(encoding, errors="ignore").count("\ufffd")
        if replaced > _BAD_WIDE * len(text) + 1:
            raise Skip(f"undecodable as {encoding} at byte {error.start}") from None
        return Decoded(_nonblank(text), encoding, replaced=replaced)
    return Decoded(_nonblank(text), encoding)


def is_wide(head: bytes | bytearray) -> bool:
    """UTF-16 or UTF-32, by a BOM or by NUL bytes (as `decode` finds them) in the first 4 KB:
    its newline bytes can be half a character, so it cannot be cut at them. A few stray
    NULs do not make it wide."""
    return head.startswith(_WIDE_BOMS) or _utf16_by_nuls(bytes(head[:4096])) is not None


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


_HTML_START = re.compile(rb"\s*(?:<\?xml[^>]*>\s*|<!--.*?-->\s*)*"
                         rb"(?:<!doctype html|<html|<head|<body)", re.I | re.S)


def starts_like_html(payload: bytes) -> bool:
    """A payload that opens as an HTML page does (a byte order mark aside).

    >>> starts_like_html(b'\\xef\\xbb\\xbf\\n<?xml version="1.0"?>\\n<!DOCTYPE html PUBLIC')
    True
    >>> starts_like_html(b"User-agent: *")
    False
    """
    return _HTML_START.match(payload[:4096].removeprefix(codecs.BOM_UTF8)) is not None
