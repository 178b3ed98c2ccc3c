"""What INPUT holds: the files to read, each with its id and kind, and what cannot be read.

A walk of INPUT finds `.txt`, `.html` and `.htm` pages, `.jsonl` corpus files (each also
`.gz` or `.zst`) and WARC crawls (`.warc`, `.warc.gz`); files of other kinds are left alone
and counted. A document that cannot be read is a `Skip` (its reason shown to the user), a
record of a corpus file a `Skipped`: neither stops the run.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from cleaner.sources.formats import COMPRESSIONS, format_of, kinds_read

KINDS_READ = kinds_read()


class Skip(Exception):
    """A document that cannot be cleaned; the message is the reason shown to the user."""


@dataclass(slots=True, frozen=True)
class Skipped:
    """One record of a corpus file that could not be read; the rest of the file goes on."""

    where: str  # `file.jsonl:12`
    reason: str


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
    def format(self) -> str | None:
        """Its format's name (formats.py), by the name's suffix under a `.gz` or `.zst`; None
        for other files."""
        return format_of(self.path.name)

    @property
    def compressed(self) -> str | None:
        """`.gz` or `.zst` when the file is compressed."""
        return next((s for s in COMPRESSIONS if self.path.name.lower().endswith(s)), None)


@dataclass(slots=True)
class Inputs:
    """What a walk of INPUT found: the files to read, the folders it could not enter (each
    reported like a file that cannot be read), the files of no kind it reads, left alone
    but counted (`.json`, `.ndjson`: a name the user may have meant as an input), and the
    links to folders, not followed (a link loop would trap the walk) but counted."""

    files: list[InputFile]
    unreadable: list[Skipped]
    ignored: list[str]
    folder_links: list[str] = field(default_factory=list)  # not followed, but named


def walk_inputs(root: Path) -> Inputs:
    """Every input file under root, sorted, without following directory links (so a
    symlink loop cannot trap the walk); and what it could not enter or left alone."""
    if root.is_file():
        return Inputs([InputFile(root, shown(root.name))], [], [])
    found = Inputs([], [], [])

    def unreadable(error: OSError) -> None:
        folder = Path(error.filename).relative_to(root).as_posix()
        found.unreadable.append(Skipped(f"{folder}/", "cannot read folder: "
                                        f"{error.strerror or error}"))

    for folder, dirnames, filenames in os.walk(root, onerror=unreadable, followlinks=False):
        dirnames.sort()
        found.folder_links += [Path(folder, name).relative_to(root).as_posix() + "/"
                               for name in dirnames if os.path.islink(os.path.join(folder, name))]
        for name in sorted(filenames):
            path = Path(folder, name)
            item = InputFile(path, shown(path.relative_to(root).as_posix()))
            if not item.format:
                found.ignored.append(item.relative)
            elif odd := _not_a_file(path):
                found.unreadable.append(Skipped(item.relative, odd))
            else:
                found.files.append(item)
    found.files = distinct_ids(found.files)
    return found


def _not_a_file(path: Path) -> str | None:
    """Why a name in a folder is no file to read: a pipe (reading it would wait for ever),
    a device, a link that leads back to itself; None for a file, and for a link to
    nothing, which its reading names (`streams.missing_file`)."""
    try:
        mode = path.stat().st_mode
    except OSError as error:
        return "symbolic link loop (it leads back to itself)" if error.errno == errno.ELOOP \
            else None
    return None if stat.S_ISREG(mode) else NOT_A_FILE


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


_RELATED_NAME = re.compile(r"(.*)\.(?:related|item)-\d+")


def related_names(files: list[InputFile]) -> frozenset[str]:
    """The ids of pages named as another page's related record's (or listed story's) .txt
    would be: `a.related-1` or `a.item-1` beside `a` (as in a cleaned folder cleaned again).

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


def shown(name: str) -> str:
    """A file's name as ids, records and messages show it: bytes that are not UTF-8 (which
    Python keeps as lone surrogates, and no JSON or terminal takes) as U+FFFD.

    >>> shown(os.fsdecode(b"caf\\xe9.txt"))
    'caf\ufffd.txt'
    """
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


NOT_A_FILE = "not a regular file (a pipe or a device)"
STANDARD_INPUT = ("/dev/stdin", "/dev/fd/0", "/proc/self/fd/0")
READ_STANDARD_INPUT = "standard input is read with - as INPUT (`clean - - < file`)"


def input_problem(path: Path) -> str | None:
    """Why INPUT cannot be read as given, or None: it is missing, it is no file or folder (a
    pipe: `-` reads standard input), or it is a file of no kind clean reads (a `.json` named
    on its own is not read as a text page)."""
    if not path.exists():
        return f"{path}: no such file or folder"
    if str(path) in STANDARD_INPUT:
        return f"{path}: {READ_STANDARD_INPUT}"
    if not (path.is_file() or path.is_dir()):
        return f"{path}: {NOT_A_FILE}; {READ_STANDARD_INPUT}"
    if path.is_file() and InputFile(path, path.name).format is None:
        return f"{path}: not a kind of file clean reads ({KINDS_READ})"
    return None


def find_inputs(root: Path) -> list[InputFile]:
    """Every input file under root, sorted (see `walk_inputs`)."""
    return walk_inputs(root).files
