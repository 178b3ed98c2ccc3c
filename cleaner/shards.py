"""The records as a corpus pipeline takes them: compressed, cut into shards, in dolma's shape.

A run writes its records to one plain JSONL file (a resumed run and `--dedup` work on byte
offsets of that file); when the output is asked for in another form, this step rewrites it at
the end: `records.jsonl.gz` or `.zst`, or shards `records-00000.jsonl[.gz|.zst]` of at most
`--shard-size` records (`100000`) or uncompressed bytes (`64MB`), listed with their record
counts in `shards.json`. The dolma shape (`--dolma SOURCE`) puts dolma's mandatory `source`
at the top level of each record, beside `id`, `text` and `metadata`; dolma's optional `added`
and `created` timestamps are left out: the time of a run would make two runs' outputs differ,
and a page's own date is rarely known (`published` says "2 hours ago").
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import zstandard

from cleaner.sinks import write_atomic

FORMATS = ("jsonl", "jsonl.gz", "jsonl.zst")
# What a run may have written: a later run in another shape removes the files it did not.
RECORDS_FILE = re.compile(r"records(-\d{5})?\.jsonl(\.gz|\.zst)?")
SIZE = re.compile(r"(?i)^\s*(\d+)\s*(mb)?\s*$")


@dataclass(frozen=True, slots=True)
class OutputShape:
    """How the records are written; the default is one plain `records.jsonl`."""

    format: str = "jsonl"
    shard_records: int | None = None
    shard_bytes: int | None = None
    dolma_source: str | None = None

    @property
    def plain(self) -> bool:
        return (self.format == "jsonl" and self.shard_records is None
                and self.shard_bytes is None and self.dolma_source is None)

    @property
    def sharded(self) -> bool:
        return self.shard_records is not None or self.shard_bytes is not None


def parse_shard_size(text: str) -> tuple[int | None, int | None]:
    """`--shard-size`: records a shard (`100000`) or uncompressed megabytes (`64MB`).

    >>> parse_shard_size("100000"), parse_shard_size("64MB")
    ((100000, None), (None, 67108864))
    """
    found = SIZE.match(text)
    if not found or int(found.group(1)) < 1:
        raise ValueError(f"--shard-size takes a number of records (100000) or of megabytes "
                         f"(64MB), 1 or more; got {text!r}")
    number = int(found.group(1))
    return (None, number << 20) if found.group(2) else (number, None)


def publish(records: Path, output: Path, shape: OutputShape) -> list[dict]:
    """Write the records of `records` (plain JSONL) into OUTPUT in `shape`; returns the files
    written, each with its record count (also `shards.json` when sharded). Each file is
    written under a temporary name and renamed whole."""
    written: list[dict] = []
    names: set[str] = set()
    for number, lines in enumerate(_shards(records, shape)):
        name = (f"records-{number:05d}" if shape.sharded else "records") + "." + shape.format
        written.append({"file": name, "records": _write_shard(output / name, lines, shape.format)})
        names.add(name)
    if shape.sharded:
        write_atomic(output / "shards.json", json.dumps(
            {"format": shape.format, "dolma": shape.dolma_source is not None,
             "records": sum(file["records"] for file in written), "shards": written},
            ensure_ascii=False, indent=2) + "\n")
    remove_other_records_files(output, names | ({"shards.json"} if shape.sharded else set()))
    return written


# What a finished run leaves in OUTPUT besides its .txt files (sinks, dedup).
FINISHED_FILES = ("report.json", "shards.json", "duplicates.jsonl")


def clear_earlier_run(output: Path, keep: Collection[Path] = ()) -> list[str]:
    """A new run starting in OUTPUT: an earlier, finished run's records files and report are
    removed before anything is written (stopped before it ends, the new run would otherwise
    leave them there looking like its own results), but for the files `keep` names (resolved
    paths: the run's own inputs). The names removed."""
    removed = sorted(path.name for path in output.iterdir() if path.is_file() and (
        RECORDS_FILE.fullmatch(path.name) or path.name in FINISHED_FILES)
        and path.resolve() not in keep)
    for name in removed:
        (output / name).unlink()
    return removed


def holds_txt_files(output: Path) -> bool:
    """Whether OUTPUT holds a `.txt` file (read until the first): a run that starts in a
    folder without one has no earlier `.txt` to count at its end."""
    return next(_txt_files(output), None) is not None


def txt_files_before(output: Path, since: float) -> int:
    """The `.txt` files in OUTPUT last written before `since` (a file's time, by the file
    system's clock, as theirs are): an earlier run's that this one did not write again.
    They are left alone (OUTPUT may hold a person's own files), and counted so that the
    summary can say they are not this run's."""
    count = 0
    for path in _txt_files(output):
        with contextlib.suppress(OSError):  # removed meanwhile
            count += os.stat(path).st_mtime < since
    return count


def _txt_files(output: Path) -> Iterator[str]:
    for folder, _, names in os.walk(output):
        yield from (os.path.join(folder, name) for name in names if name.endswith(".txt"))


def remove_other_records_files(output: Path, keep: set[str]) -> None:
    """An earlier run's records files (in another shape, or more shards) and its
    `shards.json`, but for `keep`: OUTPUT holds this run's records only."""
    for path in output.iterdir():
        if path.name not in keep and (RECORDS_FILE.fullmatch(path.name)
                                      or path.name == "shards.json"):
            path.unlink()


def _shards(records: Path, shape: OutputShape) -> Iterator[list[bytes]]:
    """The records' lines (reshaped), cut into shards (one shard when not sharded)."""
    shard: list[bytes] = []
    size = 0
    with records.open("rb") as source:
        for line in source:
            data = _reshaped(line, shape.dolma_source)
            full = (shape.shard_records is not None and len(shard) >= shape.shard_records) \
                or (shape.shard_bytes is not None and shard and
                    size + len(data) > shape.shard_bytes)
            if full:
                yield shard
                shard, size = [], 0
            shard.append(data)
            size += len(data)
    if shard or not shape.sharded:
        yield shard


def _reshaped(line: bytes, dolma_source: str | None) -> bytes:
    """A record line; in dolma's shape, with `source` at the top level after `text`."""
    if dolma_source is None:
        return line
    record = json.loads(line)
    shaped = {"id": record["id"], "text": record["text"], "source": dolma_source,
              **{key: value for key, value in record.items() if key not in ("id", "text")}}
    return (json.dumps(shaped, ensure_ascii=False) + "\n").encode("utf-8")


def _write_shard(path: Path, lines: list[bytes], format: str) -> int:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with _open(temporary, format) as target:
            for line in lines:
                target.write(line)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return len(lines)


def _open(path: Path, format: str) -> BinaryIO | gzip.GzipFile:
    if format == "jsonl.gz":
        # mtime 0: the same records give the same bytes, whenever they are written
        return gzip.GzipFile(path, "wb", compresslevel=6, mtime=0)
    if format == "jsonl.zst":
        return zstandard.ZstdCompressor(level=3).stream_writer(path.open("wb"), closefd=True)
    return path.open("wb")
