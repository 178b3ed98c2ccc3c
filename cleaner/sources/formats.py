"""The input formats clean reads, and what the run needs to know of each.

A format is a reader module of this package and its line in `FORMATS`. The module is
imported only when a file of its format is read (trafilatura and warcio load slowly, and a
run of text files needs neither). A reader module has

    read(item, fields, start, end, first_line) -> Iterator[Document | Skipped]
        the documents of a file (`fields`: where a corpus record keeps its text; `start`,
        `end`, `first_line`: a byte range of a file read in slices, see `split`);

and, when its files are streamed (`split` below), what the parent process hands out:

    pieces(item, chunk_bytes) -> Iterator[Piece]   the file's pieces, read as a stream
    read_piece(item, payload, fields, first_line) -> Iterator[Document | Skipped | ...]

`split` says how one large file is shared among workers (units.py): "none", it is one unit;
"slices", a plain file is cut at line ends into byte ranges each worker reads itself, and a
compressed one is streamed by the parent in pieces; "pieces", always streamed in pieces.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from types import ModuleType
from typing import NamedTuple

COMPRESSIONS = (".gz", ".zst")


@dataclass(slots=True, frozen=True)
class Format:
    name: str  # an InputFile's `format`
    suffixes: tuple[str, ...]  # lower case, under a compression suffix
    reader: str  # its module in cleaner.sources (or a full module path, with a dot)
    one_page: bool  # a file is one document: `clean explain` fails on it, it gets a .txt
    compressions: tuple[str, ...] = ("", *COMPRESSIONS)  # "" for a plain file
    split: str = "none"  # "none", "slices" or "pieces" (see the module's docstring)
    field_records: bool = False  # records that keep their text in a field (--text-field)

    def module(self) -> ModuleType:
        path = self.reader if "." in self.reader else f"cleaner.sources.{self.reader}"
        return importlib.import_module(path)


class Piece(NamedTuple):
    """A piece of a streamed file: where it starts and ends in the file (bytes of the file
    as stored), its first line, the stored bytes it took, and what it holds."""

    start: int
    end: int | None
    first_line: int
    size: int
    payload: object


FORMATS = {fmt.name: fmt for fmt in (
    Format("text", (".txt", ".md"), "text", one_page=True),  # Markdown: markdown.py
    Format("html", (".html", ".htm"), "html", one_page=True),
    Format("jsonl", (".jsonl",), "jsonl", one_page=False, split="slices", field_records=True),
    # warcio reads plain and gzipped WARC files only
    Format("warc", (".warc",), "warc", one_page=False, compressions=("", ".gz"),
           split="pieces"),
)}


def format_of(name: str) -> str | None:
    """The format of a file by its name, or None.

    >>> format_of("a/Page.HTML.gz"), format_of("crawl.warc.zst"), format_of("notes.md")
    ('html', None, 'text')
    """
    name = name.lower()
    compression = next((c for c in COMPRESSIONS if name.endswith(c)), "")
    suffix = os.path.splitext(name.removesuffix(".gz").removesuffix(".zst"))[1]
    return next((fmt.name for fmt in FORMATS.values()
                 if suffix in fmt.suffixes and compression in fmt.compressions), None)


def kinds_read() -> str:
    """The file names clean reads, as messages list them.

    >>> kinds_read()
    '.txt, .md, .html, .htm, .jsonl (each also .gz or .zst), .warc and .warc.gz'
    """
    every = [s for f in FORMATS.values() if f.compressions[1:] == COMPRESSIONS
             for s in f.suffixes]
    some = [s + c for f in FORMATS.values() if f.compressions[1:] != COMPRESSIONS
            for s in f.suffixes for c in f.compressions]
    return f"{', '.join(every)} (each also {' or '.join(COMPRESSIONS)}), {' and '.join(some)}"
