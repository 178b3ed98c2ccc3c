"""JSONL corpus files: one `{"id", "text", "url"?, "title"?, "metadata"?}` record a line (the
datatrove and dolma shape), read as a stream of blocks of whole lines; a line that is no
document is skipped alone."""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import zstandard

from cleaner.document import Document
from cleaner.sources.corpus import corpus_document
from cleaner.sources.decoding import decode, decode_jsonl, is_wide, starts_like_html
from cleaner.sources.formats import Piece
from cleaner.sources.inputs import InputFile, Skip, Skipped
from cleaner.sources.streams import broken, decompressed, read_slice, reading_errors


@dataclass(slots=True, frozen=True)
class JsonlFields:
    """Where a JSONL record keeps its text (plain text in `text`, or HTML in `html`) and its
    id (`id`)."""

    text: str = "text"
    html: str | None = None
    id: str = "id"


DEFAULT_FIELDS = JsonlFields()


MAX_TITLE_CHARS = 500  # a longer "title" is some other field's text: cut, not dropped
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")  # `\ud83d` in a JSON line's bytes
_SURROGATE = re.compile("[\ud800-\udfff]")


def read_jsonl(item: InputFile, text: str, fields: JsonlFields = DEFAULT_FIELDS,
               first_line: int = 1) -> Iterator[Document | Skipped]:
    """`{"id", "text", "url"?, "metadata"?}` a line; `id`, `url` and `metadata` pass through.
    With `fields.html`, that field's HTML goes through the HTML path instead. Lines end at
    newlines only: JSON strings may hold a raw U+2028, which `splitlines` would cut at."""
    field_name = fields.html or fields.text
    escaped = _SURROGATE_ESCAPE.search(text) is not None  # one scan of the block, not a line's
    for number, line in enumerate(text.split("\n"), start=first_line):
        if not line.strip():
            continue
        where = item.at_line(number)
        try:
            record = loads(line)
        except json.JSONDecodeError as error:
            # "Unterminated string starting at" names its place next: the column here
            message = error.msg.removesuffix(" at")
            yield Skipped(where, f"not JSON: {message} at column {error.colno}")
            continue
        if escaped and _SURROGATE_ESCAPE.search(line):
            record = replace_surrogates(record)
        reason = _unreadable_record(record, field_name, fields.html is not None)
        if reason:
            yield Skipped(where, reason)
            continue
        metadata = record.get("metadata") if isinstance(record.get("metadata"), dict) else {}
        record_id = _record_id(record.get(fields.id), number)
        url = record.get("url") or metadata.get("url")
        url = url if isinstance(url, str) else None
        content = record[field_name]
        reader = _read_html if fields.html else _read_text
        doc = corpus_document(item, where, record_id, url, reader, content)
        if isinstance(doc, Document):
            doc.title = doc.title or record_title(record, metadata)
            doc.meta["input_line"] = number
            if metadata:
                doc.meta["input_metadata"] = metadata
        yield doc



# Built once: json.loads given a keyword builds a decoder at every call (every record).
_DECODER = json.JSONDecoder(parse_constant=lambda name: None)


def loads(line: str) -> Any:
    """A JSON line's value. NaN and Infinity, which Python's encoders write and JSON has
    not, are read as null, so that the record's metadata passes on as valid JSON. What
    `json` raises other than a syntax error (nesting deeper than the interpreter's stack,
    an integer of more digits than Python converts) is raised as one: the record is
    skipped, not the run.

    >>> loads('{"score": NaN}')
    {'score': None}
    >>> loads("[" * 100_000)
    Traceback (most recent call last):
    json.decoder.JSONDecodeError: nested too deeply: line 1 column 1 (char 0)
    """
    try:
        return _DECODER.decode(line)
    except json.JSONDecodeError:
        raise
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply", line, 0) from None
    except ValueError as error:  # "Exceeds the limit (4300 digits) for integer string ..."
        raise json.JSONDecodeError(str(error).split(";")[0], line, 0) from None


def record_title(record: dict, metadata: dict) -> str | None:
    """The record's own title (`title`, or `metadata.title`), one line, spaces folded; None
    when it gives none. The cleaner then takes no line of the text for the headline."""
    title = record.get("title") or metadata.get("title")
    if not isinstance(title, str):
        return None
    return " ".join(title.split())[:MAX_TITLE_CHARS] or None


def _read_html(html: str, id: str, source: str) -> Document:
    """HTML from a record's field; trafilatura is imported only when a run has HTML."""
    from cleaner.sources.html import read_html

    return read_html(html, id, source)


def _read_text(text: str, id: str, source: str) -> Document:
    """A record's text; one that starts as an HTML page does (a crawl stored in the text
    field) is read as HTML, which its markup cleaned as text would not be
    (`metadata.html_in_text`)."""
    if text[:1] in "<\ufeff \t\r\n" and starts_like_html(text[:4096].encode("utf-8", "replace")):
        from cleaner.sources.html import read_html

        return read_html(text, id, source, in_text=True)
    return Document.from_dump(text, id, source)


FIELD_PROBE_LINES = 100  # a corpus file whose first records lack the field is misnamed


def missing_field(item: InputFile, fields: JsonlFields = DEFAULT_FIELDS) -> str | None:
    """Why a JSONL file cannot be what the run was asked to read: none of its first
    FIELD_PROBE_LINES records (JSON objects) has the field the text is read from (a corpus
    that keeps its text in `content`, or HTML in `html`, read without `--text-field`): every
    record would be skipped. None if one has it, or none of those lines is a record."""
    field_name = fields.html or fields.text
    found: dict[str, None] = {}  # the records' fields, in the order first seen
    values = []  # the field's values, where it is a string
    try:
        for _, _, _, text in jsonl_blocks(item, 2**16):
            for line in text.split("\n")[:FIELD_PROBE_LINES]:
                try:
                    record = loads(line)
                except json.JSONDecodeError:
                    continue
                if isinstance(record, dict):
                    if isinstance(record.get(field_name), str):
                        values.append(record[field_name])
                    found.update(dict.fromkeys(record))
            break  # the first block holds the lines probed
    except Skip:
        return None  # the run names what is wrong with the file
    if values and fields.id != DEFAULT_FIELDS.id and fields.id not in found:
        return (f"{item.relative}: no record of its first {FIELD_PROBE_LINES} lines has the id "
                f"field '{fields.id}' (they have: {', '.join(found)}); say which with "
                "--id-field NAME")
    if values:
        # HTML asked of a field of plain text: every record would be skipped as no page
        if fields.html and not any("<" in value for value in values if value.strip()) \
                and any(value.strip() for value in values):
            if any("&lt;" in value for value in values):  # read as text, its tags would stay
                return (f"{item.relative}: the field '{field_name}' holds HTML escaped as text "
                        "('&lt;' for '<'): unescape it before cleaning")
            return (f"{item.relative}: the field '{field_name}' holds no markup in its first "
                    f"{len(values)} records (no '<' in any): it is text; read it with "
                    f"--text-field {field_name}")
        return None
    if not found:
        return None
    return (f"{item.relative}: no record of its first {FIELD_PROBE_LINES} lines has a string "
            f"field '{field_name}' (they have: {', '.join(found)}); say which field holds the "
            "text with --text-field NAME, or the HTML with --html-field NAME")


_JSON_TYPES = {list: "an array", str: "a string", int: "a number", float: "a number",
               bool: "true or false", type(None): "null"}


def _unreadable_record(record, field_name: str, html: bool) -> str | None:
    """Why a JSONL line's value is no document (as an empty file is none), or None."""
    if not isinstance(record, dict):
        return f"the line is not a JSON object but {_JSON_TYPES[type(record)]}"
    if not isinstance(record.get(field_name), str):
        return f"no string field '{field_name}'"
    if not record[field_name].strip():
        return f"empty HTML (field '{field_name}')" if html else "empty text"
    return None


def _record_id(value, number: int) -> str:
    """A record's id as the line gives it; a JSON value that is not a string as its JSON
    text (`12`, `{"x": 1}`); none or null, the line's number.

    >>> [_record_id(value, 7) for value in ("a", 12, None, True, {"x": 1})]
    ['a', '12', '7', 'true', '{"x": 1}']
    """
    if value is None:
        return str(number)
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def replace_surrogates(value):
    """Every string of a JSON value (keys too) with its lone surrogates as U+FFFD. JSON may
    escape half of a UTF-16 pair (`"\\ud83d"`: an emoji cut off by a scraper), which no UTF-8
    output can hold: the record could not be written or shown.

    >>> replace_surrogates({"text": "cut \\ud83d", "tags": ["\\udc00", 1]})
    {'text': 'cut \ufffd', 'tags': ['\ufffd', 1]}
    """
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [replace_surrogates(part) for part in value]
    if isinstance(value, dict):
        return {replace_surrogates(key): replace_surrogates(part)
                for key, part in value.items()}
    return value


def jsonl_blocks(item: InputFile, block_bytes: int = 8 * 2**20
                 ) -> Iterator[tuple[int, int, int, str]]:
    """A JSONL file as a stream of blocks of whole lines, each about `block_bytes` of
    (decompressed) content, cut at the first line end after that many bytes, so that the
    cuts do not depend on how the decompressor hands out its data. Each block: the raw
    (compressed) bytes read so far, its first line's number, the bytes it holds, its text.
    UTF-16 cannot be cut at a newline byte: such a file is one block. A compressed file that
    breaks off gives its whole lines before the break, then Skip says at which line."""
    with reading_errors(item), item.path.open("rb") as raw:
        buffer, line, wide, empty = bytearray(), 1, None, True
        try:
            for block in decompressed(item, raw):
                buffer += block
                if wide is None:
                    wide = is_wide(buffer)
                while not wide and len(buffer) >= block_bytes:
                    cut = buffer.find(b"\n", block_bytes - 1) + 1
                    if not cut:
                        break
                    data = bytes(buffer[:cut])
                    del buffer[:cut]
                    empty = empty and not data.strip()
                    yield raw.tell(), line, len(data), decode_jsonl(data)
                    line += data.count(b"\n")
        except (EOFError, zlib.error, zstandard.ZstdError) as error:
            cut = 0 if wide else buffer.rfind(b"\n") + 1
            if buffer[:cut].strip():
                yield raw.tell(), line, cut, decode_jsonl(bytes(buffer[:cut]))
                line += buffer.count(b"\n", 0, cut)
            raise Skip(broken(item, error, f" at line {line}")) from None
        if buffer.strip():
            text = decode(bytes(buffer)) if wide else decode_jsonl(bytes(buffer))
            yield raw.tell(), line, len(buffer), text
        elif empty:
            raise Skip("empty file")


def read(item: InputFile, fields: JsonlFields = DEFAULT_FIELDS, start: int = 0,
         end: int | None = None, first_line: int = 1) -> Iterator[Document | Skipped]:
    """The reader's entry (formats.py): a line's document for every line of the file, or of
    its bytes from `start` (line `first_line`) to `end` when a plain file is read in slices."""
    if start or end is not None:
        yield from read_jsonl(item, decode_jsonl(read_slice(item, start, end)), fields,
                              first_line)
        return
    for _, line, _, text in jsonl_blocks(item):
        yield from read_jsonl(item, text, fields, line)


def pieces(item: InputFile, chunk_bytes: int) -> Iterator[Piece]:
    """A compressed file's blocks of lines, as the parent hands them out (units.py); a
    piece's size is the compressed bytes it took."""
    start, taken = 0, 0
    for read_so_far, line, size, text in jsonl_blocks(item, chunk_bytes):
        yield Piece(start, start + size, line, read_so_far - taken, text)
        start, taken = start + size, read_so_far


def read_piece(item: InputFile, payload: str, fields: JsonlFields = DEFAULT_FIELDS,
               first_line: int = 1) -> Iterator[Document | Skipped]:
    yield from read_jsonl(item, payload, fields, first_line)


def sliceable(item: InputFile) -> bool:
    """Whether workers may read the file in byte slices cut at line ends: a plain UTF-8
    file (UTF-16 cannot be cut at a newline byte)."""
    if item.compressed is not None:
        return False
    try:
        with item.path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return not is_wide(head)
