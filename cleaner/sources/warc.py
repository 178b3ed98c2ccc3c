"""WARC crawls (`.warc`, `.warc.gz`, read with warcio): each HTML response is a page, its
target URI the document's id and URL; the other responses are counted by media type; a
broken record is skipped and the reading goes on at the next one."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Generator, Iterator
from contextlib import redirect_stderr
from dataclasses import dataclass
from functools import partial
from typing import Any, BinaryIO

from cleaner.document import Document
from cleaner.sources.corpus import corpus_document
from cleaner.sources.decoding import (
    decode_bytes,
    http_charset,
    meta_charset,
    noted,
    starts_like_html,
)
from cleaner.sources.formats import Piece
from cleaner.sources.inputs import InputFile, Skipped
from cleaner.sources.streams import BLOCK_BYTES, missing_file


@dataclass(slots=True, frozen=True)
class WarcEntry:
    """One HTML response of a WARC file, as read from the archive (not yet parsed)."""

    offset: int
    uri: str
    payload: bytes
    charset: str | None = None  # as its HTTP Content-Type header declares it


@dataclass(slots=True, frozen=True)
class LeftAlone:
    """A WARC response that is not a page (an image, a PDF, robots.txt), by its media type:
    counted in the report, so a crawl's responses are all accounted for."""

    media_type: str


def warc_pages(item: InputFile) -> Iterator[WarcEntry | Skipped]:
    """The HTML responses of a WARC file (see `warc_entries`), without the others."""
    for entry in warc_entries(item):
        if not isinstance(entry, LeftAlone):
            yield entry


def warc_entries(item: InputFile) -> Iterator[WarcEntry | Skipped | LeftAlone]:
    """The HTML responses of a WARC file, one at a time (warcio reads it, gzipped or not),
    and the other responses' media types.
    A record cut short, cut in its header, or whose Content-Length does not end where it
    does, is skipped as `file@OFFSET`, and the reading goes on at the next record: the next
    gzip member in a `.warc.gz` (each record is a member of its own), the next `WARC/1.x`
    header line in a plain `.warc`."""
    try:
        with item.path.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            start = yield from _warc_run(item, stream, 0, size)
            while start is not None:
                start = yield from _warc_run(item, stream, start, size, resumed=True)
    except FileNotFoundError:
        raise missing_file(item) from None


def _warc_run(item: InputFile, stream: BinaryIO, start: int, size: int, resumed: bool = False
              ) -> Generator[WarcEntry | Skipped | LeftAlone, None, int | None]:
    """The HTML responses from byte `start` to the end or to a broken record; returns where
    the reading goes on after that record (None: nowhere). Read on from a guess at a
    record's start (`resumed`: a gzip member's magic bytes, a `WARC/1.x` line), a failure
    before the first record only means a wrong guess."""
    from warcio.archiveiterator import ArchiveIterator  # only WARC runs need it

    stream.seek(start)
    records = ArchiveIterator(stream)  # its offsets count from the start of the file
    read = False
    try:
        while (step := _next_record(records)) is not None:
            record, payload, missing, misfit, offset = step
            read = True
            if missing or misfit:
                after = _read_on(item, stream, offset)
                yield Skipped(item.at_offset(offset), _broken_length(record, missing)
                              + (f"; read on at byte {after}" if after else ""))
                return after
            if payload is not None:
                yield _warc_entry(item, offset, record, payload)
            elif record.rec_type == "response":
                yield LeftAlone(_media_type(record))
    except Exception as error:  # warcio raises several kinds on a broken archive
        broken = records.offset
        after = _read_on(item, stream, broken)
        if not (resumed and not read):
            lost = f"read on at byte {after}" if after else "the rest of the file is lost"
            yield Skipped(item.at_offset(broken),
                          f"broken WARC record: {_quoted(error)}; {lost}")
        return after
    if records.offset < size:
        yield Skipped(item.at_offset(records.offset),
                      f"truncated record: the file ends inside its header "
                      f"({size - records.offset} bytes)")
    return None


def _next_record(records) -> tuple[Any, bytes | None, int, bool, int] | None:
    """The next record, read whole: the record, its payload if it is an HTML response, the
    bytes of it that could not be read, whether it is misfit (not followed by the blank
    lines that end a record: its Content-Length is wrong, as when a record cut short has the
    next one written after it, which it then swallows), its offset; None at the end. What
    warcio prints on stderr about a corrupt member or a misfit is held back: the skipped
    record says it."""
    with redirect_stderr(io.StringIO()):
        record = next(records, None)
        if record is None:
            return None
        warnings = records.err_count  # warcio counts misfits as it reads on past a record
        payload = record.content_stream().read() if _is_html_response(record) else None
        missing = _missing_bytes(record)
        offset = records.get_record_offset()
        return record, payload, missing, records.err_count > warnings, offset


def _broken_length(record, missing: int) -> str:
    """Why a record whose length is wrong is skipped."""
    declared = int(record.rec_headers.get_header("Content-Length"))
    if missing:  # cut short, or its gzip member is corrupt (warcio stops reading it)
        return f"truncated record: only {declared - missing} of its {declared} bytes could be read"
    return (f"broken WARC record: its Content-Length ({declared}) does not end where the "
            "record does")


def _missing_bytes(record) -> int:
    """How many bytes of the record (its WARC `Content-Length`) could not be read."""
    if not hasattr(record.raw_stream, "limit"):  # warcio found no length to read it by
        raise ValueError("the record has no valid Content-Length")
    while record.raw_stream.read(BLOCK_BYTES):  # what the payload's decoding left unread
        pass
    return record.raw_stream.limit


def _warc_entry(item: InputFile, offset: int, record, payload: bytes) -> WarcEntry | Skipped:
    """One HTML response, or why it is skipped: shorter than its HTTP `Content-Length`, or
    without a Content-Type and not starting like HTML."""
    content_type = record.http_headers.get_header("Content-Type")
    if content_type is None and not starts_like_html(payload):
        return Skipped(item.at_offset(offset),
                       "response without a Content-Type that does not start like HTML")
    declared = record.http_headers.get_header("Content-Length") or ""
    if declared.isdigit() and len(payload) < int(declared):
        return Skipped(item.at_offset(offset),
                       f"truncated response: {len(payload)} of {declared} bytes")
    return WarcEntry(offset, record.rec_headers.get_header("WARC-Target-URI") or "", payload,
                     http_charset(content_type or ""))


# Where a record may start: a gzip member's magic bytes and method (each record of a
# `.warc.gz` is a member of its own), or a plain WARC record's version line.
GZIP_MEMBER = re.compile(rb"(\x1f\x8b\x08)")
WARC_HEADER = re.compile(rb"(WARC/1\.[01]\r?\n)")


def _read_on(item: InputFile, stream: BinaryIO, broken: int) -> int | None:
    """Where the next record seems to start after the one at byte `broken`. A guess: a run
    read from there that fails before its first record tries the next place (`_warc_run`)."""
    start = GZIP_MEMBER if item.compressed == ".gz" else WARC_HEADER
    return _next_match(stream, broken + 1, start)


def _next_match(stream: BinaryIO, start: int, pattern: re.Pattern, overlap: int = 16
                ) -> int | None:
    """Where the first match of `pattern`'s group begins in the file from byte `start`, read
    a block at a time (`overlap` bytes of a block are searched again with the next)."""
    stream.seek(start)
    position, tail = start, b""
    while block := stream.read(BLOCK_BYTES):
        if found := pattern.search(tail + block):
            return position - len(tail) + found.start(1)
        position, tail = position + len(block), (tail + block)[-overlap:]
    return None


def _quoted(error: Exception, limit: int = 80) -> str:
    """An error's message as a short line of printable ASCII: warcio quotes the line it
    could not read, which in a corrupt member is binary."""
    text = str(error)
    quoted = text if text.isascii() and text.isprintable() else ascii(text)
    return quoted if len(quoted) <= limit else quoted[:limit] + "..."


def warc_document(item: InputFile, entry: WarcEntry | Skipped) -> Document | Skipped:
    """A WARC entry's page; its target URI is the document's id and URL, so it picks the
    site's rules."""
    if isinstance(entry, Skipped):
        return entry
    where = item.at_offset(entry.offset)
    doc = corpus_document(item, where, entry.uri or where, entry.uri or None,
                           partial(_read_html_bytes, charset=entry.charset), entry.payload)
    if isinstance(doc, Document):
        doc.meta["input_offset"] = entry.offset
    return doc


def _read_html_bytes(data: bytes, id: str, source: str, charset: str | None = None) -> Document:
    """A page's bytes read in the charset its HTTP header declares, else its meta tag's
    (trafilatura is imported with the first page)."""
    from cleaner.sources.html import read_html

    decoded = decode_bytes(data, charset or meta_charset(data))
    return noted(read_html(decoded.text, id, source), decoded)


def _media_type(record) -> str:
    """`text/plain` of `Text/Plain; charset=utf-8`; `unknown` without an HTTP header."""
    header = record.http_headers.get_header("Content-Type") if record.http_headers else None
    return (header or "").split(";")[0].strip().lower() or "unknown"


def _is_html_response(record) -> bool:
    """A response whose Content-Type says HTML (media types ignore case), or that has none:
    its payload then tells (`_warc_entry`)."""
    if record.rec_type != "response" or record.http_headers is None:
        return False
    content_type = record.http_headers.get_header("Content-Type")
    return content_type is None or "html" in content_type.lower()


# An HTML page's start, after white space, an XML declaration (XHTML) and comments
def read(item: InputFile, *_) -> Iterator[Document | Skipped]:
    """The reader's entry (formats.py): a document for every HTML response of the file."""
    for entry in warc_pages(item):
        yield warc_document(item, entry)


def pieces(item: InputFile, chunk_bytes: int) -> Iterator[Piece]:
    """The file's HTML responses, in pieces of about `chunk_bytes` of payload (with the
    other responses' media types, for the report), as the parent hands them out (units.py).
    A piece runs from its first response's offset in the file to the next piece's."""
    entries: list[WarcEntry | Skipped | LeftAlone] = []
    size = start = 0
    for entry in warc_entries(item):
        if isinstance(entry, WarcEntry):
            if size >= chunk_bytes:
                yield Piece(start, entry.offset, 0, entry.offset - start, entries)
                entries, size, start = [], 0, entry.offset
            size += len(entry.payload)
        entries.append(entry)
    yield Piece(start, None, 0, 0, entries)  # the rest of the file: units.py knows its size


def read_piece(item: InputFile, payload: list[WarcEntry | Skipped | LeftAlone],
               *_) -> Iterator[Document | Skipped | LeftAlone]:
    """A piece's documents, and the responses it left alone (or what stopped a broken
    file)."""
    for entry in payload:
        yield entry if isinstance(entry, LeftAlone) else warc_document(item, entry)
