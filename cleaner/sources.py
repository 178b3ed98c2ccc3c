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

import codecs
import io
import json
import os
import re
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import BinaryIO

import zstandard

from cleaner.document import Document

TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm"}
_BOMS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16")]
_CONTROL = bytes(c for c in range(32) if c not in b"\t\n\r\f\v\x1b")
COMPRESSED = (".gz", ".zst")
_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)  # UTF-32 BOMs start with these too
BLOCK_BYTES = 2**20  # files are read this much at a time
# zstd input handed to its decompressor at a time: a zstd block of one repeated byte (RLE)
# stands for up to 128 KB in 4 bytes, so 4 KB of input give at most 128 MB at once (1 MB of
# a bomb gave 512 MB in one call).
ZSTD_FEED = 4096
KINDS_READ = ".txt, .html, .htm, .jsonl (each also .gz or .zst), .warc and .warc.gz"


class Skip(Exception):
    """A document that cannot be cleaned; the message is the reason shown to the user."""


@dataclass(slots=True, frozen=True)
class InputFile:
    path: Path
    relative: str  # posix path relative to INPUT: the records' `source`
    given_id: str | None = None  # where the usual id is another input's (`distinct_ids`)

    def at_line(self, number: int) -> str:
        """Where a corpus record is, as reports name it: `file.jsonl:LINE`."""
        return f"{self.relative}:{number}"

    def at_offset(self, offset: int) -> str:
        """Where a WARC record is, as reports name it: `crawl.warc.gz@OFFSET`."""
        return f"{self.relative}@{offset}"

    @property
    def id(self) -> str:
        """`a/b.txt` -> `a/b`; other kinds keep their suffix (`a/b.html`) so ids stay unique."""
        if self.given_id is not None:
            return self.given_id
        for suffix in (".txt", ".txt.gz", ".txt.zst"):
            if self.relative.endswith(suffix):
                return self.relative[: -len(suffix)]
        for suffix in (".jsonl", ".jsonl.gz", ".jsonl.zst", ".warc", ".warc.gz"):
            if self.relative.endswith(suffix):
                return self.relative[: -len(suffix)]
        return self.relative

    @property
    def kind(self) -> str | None:
        """"text", "html", "jsonl" or "warc" by the name's suffix (under a `.gz` or `.zst`),
        None for other files."""
        name = self.path.name.lower().removesuffix(".gz").removesuffix(".zst")
        suffix = os.path.splitext(name)[1]
        if suffix in TEXT_SUFFIXES:
            return "text"
        if suffix == ".jsonl":
            return "jsonl"
        if suffix == ".warc":  # warcio reads plain and gzipped WARC files only
            return "warc" if self.compressed != ".zst" else None
        return "html" if suffix in HTML_SUFFIXES else None

    @property
    def compressed(self) -> str | None:
        """`.gz` or `.zst` when the file is compressed."""
        return next((s for s in COMPRESSED if self.path.name.lower().endswith(s)), None)


@dataclass(slots=True)
class Inputs:
    """What a walk of INPUT found: the files to read, the folders it could not enter (each
    reported like a file that cannot be read), and the files of no kind it reads, left alone
    but counted (`.json`, `.ndjson`: a name the user may have meant as an input)."""

    files: list[InputFile]
    unreadable: list[Skipped]
    ignored: list[str]


def walk_inputs(root: Path) -> Inputs:
    """Every input file under root, sorted, without following directory links (so a
    symlink loop cannot trap the walk); and what it could not enter or left alone."""
    if root.is_file():
        return Inputs([InputFile(root, root.name)], [], [])
    found = Inputs([], [], [])

    def unreadable(error: OSError) -> None:
        folder = Path(error.filename).relative_to(root).as_posix()
        found.unreadable.append(Skipped(f"{folder}/", "cannot read folder: "
                                        f"{error.strerror or error}"))

    for folder, dirnames, filenames in os.walk(root, onerror=unreadable, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(folder, name)
            item = InputFile(path, path.relative_to(root).as_posix())
            if item.kind:
                found.files.append(item)
            else:
                found.ignored.append(item.relative)
    found.files = distinct_ids(found.files)
    return found


def distinct_ids(files: list[InputFile]) -> list[InputFile]:
    """The files, each with an id no other file has: `b.txt` and `b.txt.gz` would both be
    `b`, and share their records' ids and .txt files. The first keeps it; the others are
    known by their whole path.

    >>> [f.id for f in distinct_ids([InputFile(Path(n), n) for n in
    ...     ("a.related-1.txt", "a.txt", "b.txt", "b.txt.gz", "c.html")])]
    ['a.related-1', 'a', 'b', 'b.txt.gz', 'c.html']
    """
    usual = {item.id for item in files}
    taken: set[str] = set()
    distinct = []
    for item in files:
        if item.id in taken:
            item = InputFile(item.path, item.relative, _unused(item.relative, taken | usual))
        taken.add(item.id)
        distinct.append(item)
    return distinct


_RELATED_NAME = re.compile(r"(.*)\.related-\d+")


def related_names(files: list[InputFile]) -> frozenset[str]:
    """The ids of pages named as another page's related record's .txt would be: `a.related-1`
    beside `a` (as in a cleaned folder cleaned again).

    >>> sorted(related_names([InputFile(Path(n), n) for n in
    ...     ("a.txt", "a.related-1.txt", "b.related-2.txt")]))
    ['a.related-1']
    """
    ids = {item.id for item in files}
    return frozenset(item.id for item in files
                     if (found := _RELATED_NAME.fullmatch(item.id)) and found.group(1) in ids)


def _unused(name: str, taken: set[str]) -> str:
    candidate, number = name, 1
    while candidate in taken:
        number += 1
        candidate = f"{name}~{number}"
    return candidate


def input_problem(path: Path) -> str | None:
    """Why INPUT cannot be read as given, or None: it is missing, or it is a file of no kind
    clean reads (a `.json` named on its own is not read as a text page)."""
    if not path.exists():
        return f"{path}: no such file or folder"
    if path.is_file() and InputFile(path, path.name).kind is None:
        return f"{path}: not a kind of file clean reads ({KINDS_READ})"
    return None


def find_inputs(root: Path) -> list[InputFile]:
    """Every input file under root, sorted (see `walk_inputs`)."""
    return walk_inputs(root).files


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


@dataclass(slots=True, frozen=True)
class Skipped:
    """One record of a corpus file that could not be read; the rest of the file goes on."""

    where: str  # `file.jsonl:12`
    reason: str


@dataclass(slots=True, frozen=True)
class JsonlFields:
    """Where a JSONL record keeps its text: plain text in `text`, or HTML in `html`."""

    text: str = "text"
    html: str | None = None


DEFAULT_FIELDS = JsonlFields()


def read_documents(item: InputFile, fields: JsonlFields = DEFAULT_FIELDS,
                   start: int = 0, end: int | None = None,
                   first_line: int = 1) -> Iterator[Document | Skipped]:
    """The documents of one input file: one for a page, one a line for a corpus file; of a
    plain JSONL file, only the lines from byte `start` (line `first_line`) to byte `end`."""
    if item.kind == "jsonl" and (start or end is not None):
        yield from read_jsonl(item, decode_jsonl(_read_slice(item, start, end)), fields,
                              first_line)
    elif item.kind == "jsonl":
        for _, line, _, text in jsonl_blocks(item):
            yield from read_jsonl(item, text, fields, line)
    elif item.kind == "warc":
        for entry in warc_entries(item):
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


def read_document(item: InputFile) -> Document:
    """Read one input file into a Document (HTML through trafilatura first)."""
    data = _read_bytes(item)
    if item.kind == "html":
        return read_html(decode(data, meta_charset(data)), item.id, item.relative)
    return Document.from_text(decode(data), item.id, item.relative)


_UNSAFE = re.compile(r"[^\w.-]+")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")  # `\ud83d` in a JSON line's bytes
_SURROGATE = re.compile("[\ud800-\udfff]")


def file_stem(record_id: str) -> str:
    """A record id as a file name that stays inside OUTPUT, whatever the id holds.

    >>> file_stem("../../etc/passwd")
    'etc_passwd'
    """
    return _UNSAFE.sub("_", record_id).strip("._")[:150] or "record"


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
            record = json.loads(line)
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
        record_id = _record_id(record.get("id"), number)
        url = record.get("url") or metadata.get("url")
        url = url if isinstance(url, str) else None
        reader = read_html if fields.html else Document.from_text
        doc = _corpus_document(item, where, record_id, url, reader, record[field_name])
        if isinstance(doc, Document):
            doc.meta["input_line"] = number
            if metadata:
                doc.meta["input_metadata"] = metadata
        yield doc


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


def _corpus_document(item: InputFile, where: str, record_id: str, url: str | None,
                     reader, content) -> Document | Skipped:
    """One record of a corpus file, read by `reader(content, id, source)`, as a document
    whose files go to OUTPUT/<file>/<id>; or the reason it could not be read."""
    try:
        doc = reader(content, record_id, item.relative)
    except Skip as reason:
        return Skipped(where, str(reason))
    doc.url = doc.url or url
    stem = file_stem(record_id)
    if stem != record_id:  # made safe, so perhaps as another was: its line or offset tells
        stem += "~" + where[len(item.relative) + 1:]
    doc.file_id = f"{item.id}/{stem}"
    return doc


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


def warc_entries(item: InputFile, left_alone: bool = False
                 ) -> Iterator[WarcEntry | Skipped | LeftAlone]:
    """The HTML responses of a WARC file, one at a time (warcio reads it, gzipped or not),
    and with `left_alone` the other responses' media types.
    A record cut short, cut in its header, or whose Content-Length does not end where it
    does, is skipped as `file@OFFSET`, and the reading goes on at the next record: the next
    gzip member in a `.warc.gz` (each record is a member of its own), the next `WARC/1.x`
    header line in a plain `.warc`."""
    for entry in _warc_entries(item):
        if left_alone or not isinstance(entry, LeftAlone):
            yield entry


def _warc_entries(item: InputFile) -> Iterator[WarcEntry | Skipped | LeftAlone]:
    try:
        with item.path.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            start = yield from _warc_run(item, stream, 0, size)
            while start is not None:
                start = yield from _warc_run(item, stream, start, size, resumed=True)
    except FileNotFoundError:
        raise _missing(item) from None


def _missing(item: InputFile) -> Skip:
    """Why a file the walk found cannot be opened: a link to nothing, or it went since."""
    if item.path.is_symlink():
        return Skip(f"broken symbolic link (to {os.readlink(item.path)}, which does not exist)")
    return Skip("file vanished before it was read")


def _warc_run(item: InputFile, stream: BinaryIO, start: int, size: int, resumed: bool = False
              ) -> Iterator[WarcEntry | Skipped]:
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


def _next_record(records) -> tuple[object, bytes | None, int, bool, int] | None:
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
    doc = _corpus_document(item, where, entry.uri or where, entry.uri or None,
                           partial(_read_html_bytes, charset=entry.charset), entry.payload)
    if isinstance(doc, Document):
        doc.meta["input_offset"] = entry.offset
    return doc


def _read_html_bytes(data: bytes, id: str, source: str, charset: str | None = None) -> Document:
    """A page's bytes read in the charset its HTTP header declares, else its meta tag's."""
    return read_html(decode(data, charset or meta_charset(data)), id, source)


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


def _read_slice(item: InputFile, start: int, end: int | None) -> bytes:
    with _reading(item), item.path.open("rb") as handle:
        handle.seek(start)
        return handle.read(-1 if end is None else end - start)


def _read_bytes(item: InputFile) -> bytes:
    """A page's bytes, decompressed (a page is small: it is read whole). A compressed page
    cut short is skipped whole: what it holds before the break would pass for a whole page."""
    with _reading(item), item.path.open("rb") as raw:
        if item.compressed is None:
            return raw.read()
        return b"".join(_decompressed(item, raw))


@contextmanager
def _reading(item: InputFile):
    """Reading and decompressing errors as the reason the file is skipped."""
    try:
        yield
    except FileNotFoundError:
        raise _missing(item) from None
    except (EOFError, zlib.error, zstandard.ZstdError) as error:
        raise Skip(f"broken {item.compressed} file: {error}") from None
    except OSError as error:
        raise Skip(f"cannot read: {error.strerror or error}") from None


def _decompressed(item: InputFile, raw: BinaryIO) -> Iterator[bytes]:
    """The file's content, a block at a time. Fed by hand to a decompressor (gzip's and
    zstd's readers drop what they decompressed in the read that fails), so a file that breaks
    off gives every byte before the break, and then raises: EOFError when it ends inside a
    gzip member or a zstd frame (zstd's reader does not notice), zlib.error or ZstdError when
    its data is corrupt. Members and frames one after another are one stream, as `zcat` and
    `zstd -d` read them."""
    if item.compressed is None:
        while block := raw.read(BLOCK_BYTES):
            yield block
        return
    member = None  # the decompressor of the gzip member or zstd frame being read
    while data := raw.read(BLOCK_BYTES):
        while data:
            if member is None:
                if item.compressed == ".gz":
                    data = data.lstrip(b"\x00")  # gzip pads between members with NULs
                    if not data:
                        break
                    member = zlib.decompressobj(wbits=31)
                else:
                    member = zstandard.ZstdDecompressor().decompressobj()
            if item.compressed == ".gz":  # at most a block out at a time: a zip bomb stays one
                yield member.decompress(data, BLOCK_BYTES)
                data = member.unconsumed_tail
            else:
                data = yield from _zstd_frame(member, data)
            if member.eof:  # what it did not take belongs to the next member or frame
                data, member = member.unused_data + data, None
    if member is not None:
        yield member.flush()  # what zlib holds back when a block's output filled up
        if not member.eof:
            raise EOFError("it ends before the end of its compressed data")


def _zstd_frame(member, data: bytes) -> Iterator[bytes]:
    """Feed a block to a zstd frame's decompressor ZSTD_FEED bytes at a time (it takes no
    output limit: so a bomb stays bounded); returns the part of the block after the frame's
    end, if it ended (the decompressor keeps the rest of that feed as `unused_data`)."""
    view = memoryview(data)
    for start in range(0, len(data), ZSTD_FEED):
        yield member.decompress(view[start:start + ZSTD_FEED])
        if member.eof:
            return bytes(view[start + ZSTD_FEED:])
    return b""


def jsonl_blocks(item: InputFile, block_bytes: int = 8 * 2**20
                 ) -> Iterator[tuple[int, int, int, str]]:
    """A JSONL file as a stream of blocks of whole lines, each about `block_bytes` of
    (decompressed) content, cut at the first line end after that many bytes, so that the
    cuts do not depend on how the decompressor hands out its data. Each block: the raw
    (compressed) bytes read so far, its first line's number, the bytes it holds, its text.
    UTF-16 cannot be cut at a newline byte: such a file is one block. A compressed file that
    breaks off gives its whole lines before the break, then Skip says at which line."""
    with _reading(item), item.path.open("rb") as raw:
        buffer, line, wide, empty = bytearray(), 1, None, True
        try:
            for block in _decompressed(item, raw):
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
            raise Skip(f"broken {item.compressed} file at line {line}: {error}") from None
        if buffer.strip():
            text = decode(bytes(buffer)) if wide else decode_jsonl(bytes(buffer))
            yield raw.tell(), line, len(buffer), text
        elif empty:
            raise Skip("empty file")


def is_wide(head: bytes) -> bool:
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


def read_html(html: str, id: str, source: str) -> Document:
    """trafilatura's text as the document, the page's plain dump as its fallback (always
    cleaned too: weigh.py weighs the two)."""
    from cleaner.html import dump_text, extract, parse, title_and_url

    tree = parse(html)
    title, url = title_and_url(tree)
    text = extract(tree)  # it works on a copy: the tree stays as it was, for the dump
    dump = Document.from_text(dump_text(tree), id, source, url=url, title=title)
    if text is None:
        if not any(line.text.strip() for line in dump.lines):
            raise Skip("HTML page has no visible text")
        return dump
    doc = Document.from_text(text, id, source, url=url, title=title, kind="html")
    doc.fallback = dump
    return doc
