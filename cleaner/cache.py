"""The cleaner's cache on disk: what a start would otherwise compute again, each entry named by
a hash of everything it depends on, so a stale entry is never read (a changed input makes
another name). A cache that cannot be read or written only costs the computing.

The folder is `$CLEANER_CACHE`, else `$XDG_CACHE_HOME/cleaner`, else `~/.cache/cleaner`.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
# What a damaged entry raises when decoded (marshal, bytes.decode, a size check): it is made
# again.
DAMAGED = (EOFError, ValueError, TypeError, KeyError)


def cache_folder() -> Path:
    return Path(os.environ.get("CLEANER_CACHE") or (
        Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cleaner"))


def cached(kind: str, key: bytes, make: Callable[[], T], encode: Callable[[T], bytes | None],
           decode: Callable[[bytes], T]) -> T:
    """What `make` gives, read from the entry named by a hash of `key` (every input it depends
    on) when there is one that decodes, else made and written there (unless `encode` gives
    None: a value it cannot write is made again at every start)."""
    name = hashlib.sha256(key).hexdigest()[:32]
    data = read_entry(kind, name)
    if data is not None:
        try:
            return decode(data)
        except DAMAGED:
            pass
    value = make()
    if (data := encode(value)) is not None:
        write_entry(kind, name, data)
    return value


def read_entry(kind: str, name: str) -> bytes | None:
    """An entry's bytes, or None where there is none (or it cannot be read)."""
    try:
        return (cache_folder() / kind / name).read_bytes()
    except OSError:
        return None


def write_entry(kind: str, name: str, data: bytes) -> None:
    """Write an entry whole or not at all: written beside, then renamed (two processes that
    write the same entry at once write the same bytes)."""
    import tempfile  # 7 ms to import: only on the start that fills the cache

    folder = cache_folder() / kind
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, folder / name)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        pass
