"""Units of work: an input file, or a slice of a large JSONL file.

A corpus arrives as a few large shards as often as as many small files. A plain `.jsonl` file
larger than `CHUNK_BYTES` is cut at line ends into slices of about that size, so that one
shard spreads over every worker, no process holds more than a slice of it, and a resumed run
restarts at a slice, not at the top of a gigabyte. The parent finds the cuts (and counts the
lines before each, for `file.jsonl:LINE` in the report) with one block read of the file.
Compressed shards cannot be entered in the middle; they, and every other file, are one unit.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass

from cleaner.sources import InputFile

CHUNK_BYTES = 8 * 2**20
_BLOCK = 2**20
_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)  # UTF-32 BOMs start with these too


@dataclass(slots=True, frozen=True)
class Unit:
    item: InputFile
    start: int = 0  # byte offset of the slice, at a line start
    end: int | None = None  # byte offset where it stops (None: the end of the file)
    first_line: int = 1  # line number of its first line

    @property
    def name(self) -> str:
        """`a/b.txt`, or `big.jsonl[0:8388612]` for a slice."""
        if self.end is None and self.start == 0:
            return self.item.relative
        return f"{self.item.relative}[{self.start}:{self.end}]"

    def size(self) -> int:
        if self.end is not None:
            return self.end - self.start
        try:
            return self.item.path.stat().st_size - self.start
        except OSError:
            return 0  # it vanished; reading it will say so


def plan_units(items: list[InputFile], chunk_bytes: int = CHUNK_BYTES) -> Iterator[Unit]:
    for item in items:
        if _sliceable(item, chunk_bytes):
            yield from _slices(item, chunk_bytes)
        else:
            yield Unit(item)


def _sliceable(item: InputFile, chunk_bytes: int) -> bool:
    """A plain, UTF-8 `.jsonl` file worth cutting (UTF-16 cannot be cut at a newline byte)."""
    if item.kind != "jsonl" or item.path.name.lower().endswith(".gz"):
        return False
    try:
        if item.path.stat().st_size <= chunk_bytes:
            return False
        with item.path.open("rb") as handle:
            head = handle.read(4096)
        # UTF-16 (with or without a BOM: sources.decode finds it by its NULs) has newline
        # bytes that are half a character.
        return not head.startswith(_WIDE_BOMS) and b"\x00" not in head
    except OSError:
        return False


def _slices(item: InputFile, chunk_bytes: int) -> Iterator[Unit]:
    """Cut at the first line end after every `chunk_bytes`; count lines on the way."""
    start, line, position, lines_before = 0, 1, 0, 0
    with item.path.open("rb") as handle:
        while block := handle.read(_BLOCK):
            cut = -1
            if position + len(block) - start >= chunk_bytes:
                cut = block.find(b"\n", max(0, start + chunk_bytes - position - 1))
            if cut < 0:
                lines_before += block.count(b"\n")
                position += len(block)
                continue
            lines_before += block.count(b"\n", 0, cut + 1)
            yield Unit(item, start, position + cut + 1, line)
            start, line = position + cut + 1, lines_before + 1
            handle.seek(start)
            position = start
    if position > start:
        yield Unit(item, start, None, line)
