"""Text pages (`.txt`, also `.gz` or `.zst`): one document a file, decoded as `decode` says."""

from __future__ import annotations

from collections.abc import Iterator

from cleaner.document import Document
from cleaner.sources.decoding import decode_bytes, noted, starts_like_html
from cleaner.sources.inputs import InputFile
from cleaner.sources.streams import read_bytes


def read_text_page(item: InputFile) -> Document:
    """A text file; one that starts as an HTML page does (a page saved as `.txt`) is read
    as HTML, which its markup cleaned as text would not be (`metadata.html_in_text`)."""
    data = read_bytes(item)
    if starts_like_html(data):
        from cleaner.sources.html import read_html_bytes

        return read_html_bytes(data, item.id, item.relative, in_text=True)
    decoded = decode_bytes(data)
    return noted(Document.from_dump(decoded.text, item.id, item.relative), decoded)


def read(item: InputFile, *_) -> Iterator[Document]:
    """The reader's entry (formats.py): the file's one document."""
    yield read_text_page(item)
