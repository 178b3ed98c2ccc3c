"""Reading an input file's bytes: whole for a page, a block at a time for a corpus, gzip and
zstd decompressed by hand so that a file that breaks off gives every byte before the break
and a compression bomb is unpacked a bounded block at a time."""

from __future__ import annotations

import os
import typing
import zlib
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from typing import Any, BinaryIO

import zstandard

from cleaner.sources.inputs import InputFile, Skip

BLOCK_BYTES = 2**20  # files are read this much at a time
# zstd input handed to its decompressor at a time: a zstd block of one repeated byte (RLE)
# stands for up to 128 KB in 4 bytes, so 4 KB of input give at most 128 MB at once (1 MB of
# a bomb gave 512 MB in one call).
ZSTD_FEED = 4096


def missing_file(item: InputFile) -> Skip:
    """Why a file the walk found cannot be opened: a link to nothing, or it went since."""
    if item.path.is_symlink():
        return Skip(f"broken symbolic link (to {os.readlink(item.path)}, which does not exist)")
    return Skip("file vanished before it was read")


# What zlib and zstd say of data that does not start as theirs (a file named .gz that is not)
_NOT_THEIRS = ("incorrect header check", "Unknown frame descriptor")
_NAMES = {".gz": "gzip", ".zst": "zstd"}


def broken(item: InputFile, error: Exception, where: str = "") -> str:
    """Why a compressed file cannot be read, in words: "not gzip data" for a file its suffix
    misnames, else the decompressor's own reason; `where`: " at line N", for a corpus."""
    suffix = typing.cast(str, item.compressed)
    if any(said in str(error) for said in _NOT_THEIRS):
        return f"not {_NAMES[suffix]} data{where}: its bytes do not start as a {suffix} file's"
    return f"broken {suffix} file{where}: {error}"


def read_slice(item: InputFile, start: int, end: int | None) -> bytes:
    with reading_errors(item), item.path.open("rb") as handle:
        handle.seek(start)
        return handle.read(-1 if end is None else end - start)


def read_bytes(item: InputFile) -> bytes:
    """A page's bytes, decompressed (a page is small: it is read whole). A compressed page
    cut short is skipped whole: what it holds before the break would pass for a whole page."""
    with reading_errors(item), item.path.open("rb") as raw:
        if item.compressed is None:
            return raw.read()
        return b"".join(decompressed(item, raw))


@contextmanager
def reading_errors(item: InputFile):
    """Reading and decompressing errors as the reason the file is skipped."""
    try:
        yield
    except FileNotFoundError:
        raise missing_file(item) from None
    except (EOFError, zlib.error, zstandard.ZstdError) as error:
        raise Skip(broken(item, error)) from None
    except OSError as error:
        raise Skip(f"cannot read: {error.strerror or error}") from None


def decompressed(item: InputFile, raw: BinaryIO) -> Iterator[bytes]:
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
    member: Any = None  # the decompressor of the gzip member or zstd frame being read
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


def _zstd_frame(member, data: bytes) -> Generator[bytes, None, bytes]:
    """Feed a block to a zstd frame's decompressor ZSTD_FEED bytes at a time (it takes no
    output limit: so a bomb stays bounded); returns the part of the block after the frame's
    end, if it ended (the decompressor keeps the rest of that feed as `unused_data`)."""
    view = memoryview(data)
    for start in range(0, len(data), ZSTD_FEED):
        yield member.decompress(view[start:start + ZSTD_FEED])
        if member.eof:
            return bytes(view[start + ZSTD_FEED:])
    return b""
