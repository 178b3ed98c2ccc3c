"""Readers: find the input files, decode their bytes, and turn each into a Document.

Inputs are `.txt`, `.html` and `.htm` files, `.jsonl` corpus files (one JSON record a line,
text in `text`), each optionally compressed with gzip or zstd (`.jsonl.gz`, `.jsonl.zst`,
`.html.gz`), and WARC crawls (`.warc`, `.warc.gz`: their HTML responses): each format is a
reader module, listed in formats.py. Corpus files are read as streams, a block or a record
at a time, never whole.

Plain text is decoded by its byte order mark (UTF-8, UTF-16, UTF-32), else as UTF-16 when
its NUL bytes fall on every other byte, else as strict UTF-8, else (HTML) in the charset the
page declares, else as cp1252 (the usual encoding of text that is not UTF-8 on the web). A
file that is empty, binary, or none of these is skipped with its reason; it never stops the
run. HTML goes through trafilatura.
"""

from __future__ import annotations

import codecs
import itertools
import json
import typing
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import BinaryIO

from cleaner.document import Document
from cleaner.sources.corpus import file_stem
from cleaner.sources.decoding import (
    decode,
    decode_bytes,
    decode_jsonl,
    is_wide,
    meta_charset,
    noted,
    starts_like_html,
)
from cleaner.sources.formats import FORMATS, Format, Piece
from cleaner.sources.inputs import (
    KINDS_READ,
    InputFile,
    Inputs,
    Skip,
    Skipped,
    find_inputs,
    input_problem,
    related_names,
    walk_inputs,
)
from cleaner.sources.jsonl import DEFAULT_FIELDS, JsonlFields, loads, read_jsonl
from cleaner.sources.streams import BLOCK_BYTES, decompressed, reading_errors
from cleaner.sources.warc import LeftAlone, WarcEntry

__all__ = [
    "BLOCK_BYTES", "DEFAULT_FIELDS", "FORMATS", "KINDS_READ", "Format", "InputFile", "Inputs",
    "JsonlFields", "LeftAlone", "Piece", "Skip", "Skipped", "WarcEntry", "decode", "file_stem",
    "find_inputs", "input_problem", "is_wide", "meta_charset", "read_document",
    "read_documents", "read_piece", "read_stream", "related_names", "stream_documents",
    "walk_inputs",
]


def read_documents(item: InputFile, fields: JsonlFields = DEFAULT_FIELDS,
                   start: int = 0, end: int | None = None,
                   first_line: int = 1) -> Iterator[Document | Skipped]:
    """The documents of one input file, read by its format's reader (formats.py): one for a
    page, one a line for a corpus file; of a file read in slices, only the lines from byte
    `start` (line `first_line`) to byte `end`."""
    yield from _reader(item).read(item, fields, start, end, first_line)


def read_piece(item: InputFile, payload: object, fields: JsonlFields = DEFAULT_FIELDS,
               first_line: int = 1) -> Iterator[Document | Skipped | LeftAlone]:
    """The documents of a piece of a streamed file that the parent process read (units.py):
    a JSONL block's text, or a list of WARC entries (and the responses left alone); or, of
    any format, a list of what stopped a broken file (units.py)."""
    if isinstance(payload, list) and all(isinstance(entry, Skipped) for entry in payload):
        yield from payload
    else:
        yield from _reader(item).read_piece(item, payload, fields, first_line)


def _reader(item: InputFile) -> ModuleType:
    if item.format is None:
        raise Skip(f"not a kind of file clean reads ({KINDS_READ})")
    return FORMATS[item.format].module()


STDIN = InputFile(Path("-"), "stdin")  # records of a JSONL stream are `stdin:LINE`


def stream_documents(stream: BinaryIO) -> Iterator[Document | Skipped]:
    """The documents of standard input, gzip or zstd decompressed by their magic bytes: a
    JSONL corpus's, a line at a time as they come (`clean - - < shard.jsonl.gz`), when its
    first line is a JSON object with a string `text`; else the one document its bytes are
    (`read_stream`). A stream that breaks off stops there: a line says where."""
    compressed = _compression(stream)
    with reading_errors(compressed):  # a broken single document: Skip
        lines = _lines(decompressed(compressed, stream))
        first = next(lines, b"")
        if not _opens_jsonl(first):
            yield read_stream(first + b"".join(lines))
            return
    number = 0
    try:
        with reading_errors(compressed):
            for number, line in enumerate(itertools.chain([first], lines), start=1):
                try:
                    text = decode_jsonl(line)
                except Skip as reason:
                    yield Skipped(STDIN.at_line(number), str(reason))
                    continue
                yield from read_jsonl(STDIN, text, DEFAULT_FIELDS, number)
    except Skip as reason:
        yield Skipped(STDIN.at_line(number + 1), f"{reason}; the rest of the stream is lost")


def _compression(stream: BinaryIO) -> InputFile:
    """Standard input as a file of the compression its first bytes show (gzip's 1f 8b,
    zstd's 28 b5 2f fd), for `streams.decompressed`; none when it is not compressed."""
    head = stream.peek(4)[:4] if hasattr(stream, "peek") else b""
    suffix = ".gz" if head[:2] == b"\x1f\x8b" else ".zst" if head == b"\x28\xb5\x2f\xfd" else ""
    return InputFile(Path("stdin" + suffix), "stdin")


def _lines(blocks: Iterator[bytes]) -> Iterator[bytes]:
    """Blocks of bytes as lines, each with its newline (the last may have none). A line
    longer than a block is joined once, from its pieces."""
    held: list[bytes] = []
    for block in blocks:
        start = 0
        while (end := block.find(b"\n", start)) != -1:
            yield b"".join([*held, block[start:end + 1]])
            held, start = [], end + 1
        if start < len(block):
            held.append(block[start:])
    if held:
        yield b"".join(held)


def _opens_jsonl(line: bytes) -> bool:
    if not line.lstrip(codecs.BOM_UTF8 + b" \t").startswith(b"{"):
        return False
    try:
        record = loads(decode_jsonl(line))
    except (json.JSONDecodeError, Skip):
        return False
    return isinstance(record, dict) and isinstance(record.get("text"), str)


def read_stream(data: bytes, id: str = "stdin") -> Document:
    """One document given as bytes (`clean - -` reads it from standard input): HTML when it
    starts like a page, else a text dump."""
    if starts_like_html(data):
        from cleaner.sources.html import read_html_bytes

        return read_html_bytes(data, id, "-")
    decoded = decode_bytes(data)
    return noted(Document.from_dump(decoded.text, id, "-"), decoded)


def read_document(item: InputFile) -> Document:
    """Read one page file (a format whose file is one document) into a Document."""
    [doc] = read_documents(item)
    return typing.cast(Document, doc)
