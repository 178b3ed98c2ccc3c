"""Text pages (`.txt`, also `.gz` or `.zst`): one document a file, decoded as `decode` says."""

from __future__ import annotations

from collections.abc import Iterator

from cleaner.document import Document
from cleaner.sources.decoding import decode_bytes, noted
from cleaner.sources.inputs import InputFile
from cleaner.sources.streams import read_bytes


def read_text_page(item: InputFile) -> Document:
    decoded = decode_bytes(read_bytes(item))
    return noted(Document.from_dump(decoded.text, item.id, item.relative), decoded)


def read(item: InputFile, *_) -> Iterator[Document]:
    """The reader's entry (formats.py): the file's one document."""
    yield read_text_page(item)
