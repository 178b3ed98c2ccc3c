"""Readers: find the input files, decode their bytes, and turn each into a Document.

Inputs are `.txt`, `.html` and `.htm` files, `.jsonl` corpus files (one JSON record a line,
text in `text`), each optionally compressed with gzip or zstd (`.jsonl.gz`, `.jsonl.zst`,
`.html.gz`), and WARC crawls (`.warc`, `.warc.gz`: their HTML responses). Corpus files are
read as streams, a block or a record at a time, never whole.

Plain text is decoded by its byte order mark (UTF-8, UTF-16, UTF-32), else as UTF-16 when
its NUL bytes fall on every other byte, else as strict UTF-8, else (HTML) in the charset the
page declares, else as cp1252 (the usual encoding of text that is not UTF-8 on the web). A
file that is empty, binary, or none of these is skipped with its reason; it never stops the
run. HTML goes through trafilatura.
"""

from __future__ import annotations

from collections.abc import Iterator

from cleaner.document import Document
from cleaner.sources.corpus import file_stem
from cleaner.sources.decoding import decode, decode_jsonl, is_wide, meta_charset
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
from cleaner.sources.jsonl import DEFAULT_FIELDS, JsonlFields, jsonl_blocks, read_jsonl
from cleaner.sources.streams import BLOCK_BYTES, read_slice
from cleaner.sources.text import read_text_page
from cleaner.sources.warc import (
    LeftAlone,
    WarcEntry,
    warc_document,
    warc_entries,
    warc_pages,
)

__all__ = [
    "BLOCK_BYTES", "DEFAULT_FIELDS", "KINDS_READ", "InputFile", "Inputs", "JsonlFields",
    "LeftAlone", "Skip", "Skipped", "WarcEntry", "decode", "decode_jsonl", "file_stem",
    "find_inputs", "input_problem", "is_wide", "jsonl_blocks", "meta_charset", "read_document",
    "read_documents", "read_piece", "related_names", "walk_inputs", "warc_entries",
]


def read_documents(item: InputFile, fields: JsonlFields = DEFAULT_FIELDS,
                   start: int = 0, end: int | None = None,
                   first_line: int = 1) -> Iterator[Document | Skipped]:
    """The documents of one input file: one for a page, one a line for a corpus file; of a
    plain JSONL file, only the lines from byte `start` (line `first_line`) to byte `end`."""
    if item.format == "jsonl" and (start or end is not None):
        yield from read_jsonl(item, decode_jsonl(read_slice(item, start, end)), fields,
                              first_line)
    elif item.format == "jsonl":
        for _, line, _, text in jsonl_blocks(item):
            yield from read_jsonl(item, text, fields, line)
    elif item.format == "warc":
        for entry in warc_pages(item):
            yield warc_document(item, entry)
    else:
        yield read_document(item)


def read_piece(item: InputFile, payload: str | list[WarcEntry | Skipped | LeftAlone],
               fields: JsonlFields = DEFAULT_FIELDS,
               first_line: int = 1) -> Iterator[Document | Skipped | LeftAlone]:
    """The documents of a piece of a streamed file that the parent process read (units.py):
    a JSONL block's text, or a list of WARC entries (and the responses left alone)."""
    if isinstance(payload, str):
        yield from read_jsonl(item, payload, fields, first_line)
    else:  # WARC entries, or what stopped a broken file
        for entry in payload:
            yield entry if isinstance(entry, LeftAlone) else warc_document(item, entry)


def read_stream(data: bytes, id: str = "stdin") -> Document:
    """One document given as bytes (`clean - -` reads it from standard input): HTML when it
    starts like a page, else a text dump."""
    from cleaner.sources.warc import starts_like_html

    if starts_like_html(data):
        from cleaner.sources.html import read_html

        return read_html(decode(data, meta_charset(data)), id, "-")
    return Document.from_text(decode(data), id, "-")


def read_document(item: InputFile) -> Document:
    """Read one page file into a Document (HTML through trafilatura first: its module, and
    trafilatura's, are imported only when a run has HTML to read)."""
    if item.format == "html":
        from cleaner.sources.html import read_html_page

        return read_html_page(item)
    return read_text_page(item)
