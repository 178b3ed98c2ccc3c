"""Writers: records.jsonl, one .txt per record, report.json.

Every file is written under a temporary name in its final folder and renamed into place, so
an interrupted run never leaves a half-written file under a real name.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import IO

from cleaner.document import Record


def write_atomic(path: Path, data: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def json_line(record: dict) -> str:
    """A record's line in records.jsonl."""
    return json.dumps(record, ensure_ascii=False) + "\n"


# A file name may hold 255 bytes; write_atomic's temporary name adds up to 14 to the final one.
NAME_BYTES = 240


def txt_path(output: Path, source_id: str, record: Record, position: int,
             taken: frozenset[str] = frozenset()) -> Path:
    """`a/b` -> `a/b.txt`; its related records -> `a/b.related-<n>.txt` (listed stories:
    `a/b.item-<n>.txt`), or, where an input page has that name (`taken`: ids of the form
    `a/b.related-<n>`), `a/b.related-<n>~.txt`.
    A name too long for the file system is cut (`fitting_name`)."""
    folder, _, stem = source_id.rpartition("/")
    kind = "item" if record.kind == "item" else "related"
    suffix = ".txt" if record.kind == "article" else f".{kind}-{position}.txt"
    if record.kind != "article" and f"{source_id}.{kind}-{position}" in taken:
        suffix = f".{kind}-{position}~.txt"
    return output / folder / fitting_name(stem, suffix)


def fitting_name(stem: str, suffix: str) -> str:
    """`stem + suffix`, or, past NAME_BYTES of UTF-8, the stem cut at a character and marked
    with a digest of the whole stem, so that two long names cut alike stay apart.

    >>> fitting_name("page", ".txt")
    'page.txt'
    >>> name = fitting_name("é" * 200, ".related-1.txt")
    >>> len(name.encode()), name[-26:]
    (239, 'é~41f11f3d6e.related-1.txt')
    """
    if len((stem + suffix).encode("utf-8", "surrogatepass")) <= NAME_BYTES:
        return stem + suffix
    digest = "~" + hashlib.sha1(stem.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    room = NAME_BYTES - len(suffix.encode()) - len(digest)
    cut = stem.encode("utf-8", "surrogatepass")[:room].decode("utf-8", "ignore")
    return cut + digest + suffix


def render_txt(record: Record) -> str:
    """Title, blank line, body; or the body alone when there is no title."""
    if record.title:
        return f"{record.title}\n\n{record.text}\n" if record.text else f"{record.title}\n"
    return record.text + "\n"


def write_record_files(output: Path, source_id: str, records: list[Record],
                       taken: frozenset[str] = frozenset()) -> None:
    for position, record in enumerate(records):
        if record.text:
            write_atomic(txt_path(output, source_id, record, position, taken),
                         render_txt(record))


class JsonlSink:
    """A JSONL file written under a temporary name and renamed by commit(). It knows how many
    bytes it holds (`offset`), so a resumed run can cut it back to a checkpoint: the run's
    records go to a `.partial` file that it opens with `resume_at` and renames itself."""

    def __init__(self, path: Path, resume_at: int = 0, temporary: Path | None = None):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.temporary = temporary or path.with_name(f".{path.name}.{os.getpid()}.tmp")
        # Held open for the whole run, so not a `with` block; commit() or abandon() closes it.
        self.handle: IO[bytes] = open(self.temporary, "r+b" if resume_at else "wb")  # noqa: SIM115
        if resume_at:
            self.handle.truncate(resume_at)
            self.handle.seek(resume_at)
        self.offset = resume_at

    def write(self, data: bytes) -> None:
        """Append UTF-8 lines (the workers encode each document's, where one that cannot be
        encoded fails alone)."""
        self.handle.write(data)
        self.offset += len(data)

    def flush(self) -> None:
        """Hand what is written to the system, so that a killed process does not lose it."""
        self.handle.flush()

    def close(self) -> None:
        self.handle.close()

    def commit(self) -> None:
        self.handle.close()
        os.replace(self.temporary, self.path)

    def abandon(self) -> None:
        self.handle.close()
        self.temporary.unlink(missing_ok=True)


def write_report(path: Path, report: dict) -> None:
    write_atomic(path, json.dumps(report, ensure_ascii=False, indent=2) + "\n")
