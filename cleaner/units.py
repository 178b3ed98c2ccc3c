"""Units of work: an input file, a slice of a large JSONL file, or a piece of a streamed one.

A corpus arrives as a few large shards as often as as many small files. A plain `.jsonl` file
larger than `CHUNK_BYTES` is cut at line ends into slices of about that size, so that one
shard spreads over every worker, no process holds more than a slice of it, and a resumed run
restarts at a slice, not at the top of a gigabyte. The parent finds the cuts (and counts the
lines before each, for `file.jsonl:LINE` in the report) with one block read of the file.

A compressed shard (`.jsonl.gz`, `.jsonl.zst`) or a WARC file cannot be entered in the
middle. It is planned as one unit, and when its turn comes the parent reads it as a stream
and hands it out in pieces (`stream_units`): blocks of about `CHUNK_BYTES` of JSONL lines, or
of WARC responses, each carrying what it holds. The cuts depend only on the content, so a
resumed run finds the same pieces and skips those that are done.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from dataclasses import dataclass, field

from cleaner.sources import BLOCK_BYTES, FORMATS, InputFile, LeftAlone, Skipped, WarcEntry

CHUNK_BYTES = 8 * 2**20


@dataclass(slots=True, frozen=True)
class Unit:
    item: InputFile
    start: int = 0  # byte offset of the slice, at a line start
    end: int | None = None  # byte offset where it stops (None: the end of the file)
    first_line: int = 1  # line number of its first line
    size: int = 0  # its bytes, for batching and progress (0: the file vanished)
    stamp: str = "missing"  # the file's size and modification time, for resume.py
    # a streamed piece's content (not compared: a piece is known by its place in the file)
    payload: str | list[WarcEntry | Skipped | LeftAlone] | None = field(default=None,
                                                                        compare=False)

    @property
    def name(self) -> str:
        """`a/b.txt`, or `big.jsonl[0:8388612]` for a slice."""
        if self.end is None and self.start == 0:
            return self.item.relative
        return f"{self.item.relative}[{self.start}:{self.end}]"


def plan_units(items: list[InputFile], chunk_bytes: int = CHUNK_BYTES) -> Iterator[Unit]:
    """Each file's units; each file is looked at (`stat`) once, here."""
    for item in items:
        try:
            stat = item.path.stat()
        except OSError:
            yield Unit(item)  # it vanished; reading it will say so
            continue
        stamp = f"{stat.st_size}:{stat.st_mtime_ns}"
        if stat.st_size > chunk_bytes and _sliceable(item):
            yield from line_slices(item, chunk_bytes, stat.st_size, stamp)
        else:
            yield Unit(item, size=stat.st_size, stamp=stamp)


def streamed(item: InputFile) -> bool:
    """Read by the parent as a stream and handed out in pieces (see `stream_units`)."""
    split = FORMATS[item.format].split if item.format else "none"
    return split == "pieces" or (split == "slices" and item.compressed is not None)


def stream_units(units: Iterator[Unit], chunk_bytes: int = CHUNK_BYTES) -> Iterator[Unit]:
    """The units, each streamed file's one replaced by its pieces (its format's reader
    cuts them), read as they are asked for. A piece's size is the raw (compressed) bytes it
    took, for progress."""
    for unit in units:
        if not streamed(unit.item) or unit.size == 0:
            yield unit
        else:
            yield from _guarded(unit, _pieces(unit, chunk_bytes))


def _pieces(unit: Unit, chunk_bytes: int) -> Iterator[Unit]:
    reader = FORMATS[typing.cast(str, unit.item.format)].module()
    for piece in reader.pieces(unit.item, chunk_bytes):
        size = piece.size if piece.end is not None else max(unit.size - piece.start, 0)
        yield Unit(unit.item, piece.start, piece.end, piece.first_line, size, unit.stamp,
                   piece.payload)


def _guarded(unit: Unit, pieces: Iterator[Unit]) -> Iterator[Unit]:
    """The pieces, read in the parent, where a broken file must not stop the run. If nothing
    could be read, the unit itself: its reading in a worker gives the reason. If the file
    breaks after some pieces, those stay and a last piece says the rest is lost."""
    handed = 0  # bytes handed on
    end: int | None = 0  # where the last piece ended (None: at the file's end)
    try:
        for piece in pieces:
            yield piece
            handed, end = handed + piece.size, piece.end
    except Exception as error:  # sources.Skip, and whatever else a broken file raises
        if not handed and not end:
            yield unit
        else:
            yield Unit(unit.item, end or 0, None, 0, max(unit.size - handed, 0), unit.stamp,
                       [Skipped(unit.item.relative, f"{error}; the rest of the file is lost")])


def line_slices(item: InputFile, chunk_bytes: int, size: int, stamp: str = ""
                ) -> Iterator[Unit]:
    """Cut at the first line end after every `chunk_bytes`; count lines on the way."""
    start, line, position, lines_before = 0, 1, 0, 0
    with item.path.open("rb") as handle:
        while block := handle.read(BLOCK_BYTES):
            cut = -1
            if position + len(block) - start >= chunk_bytes:
                cut = block.find(b"\n", max(0, start + chunk_bytes - position - 1))
            if cut < 0:
                lines_before += block.count(b"\n")
                position += len(block)
                continue
            lines_before += block.count(b"\n", 0, cut + 1)
            end = position + cut + 1
            yield Unit(item, start, end, line, end - start, stamp)
            start, line = end, lines_before + 1
            handle.seek(start)
            position = start
    if position > start:
        yield Unit(item, start, None, line, size - start, stamp)


def _sliceable(item: InputFile) -> bool:
    """Workers read the file in byte slices (a plain JSONL file, see formats.py)."""
    if not item.format or FORMATS[item.format].split != "slices":
        return False
    return bool(FORMATS[item.format].module().sliceable(item))
