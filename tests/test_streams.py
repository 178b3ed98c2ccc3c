"""Compressed shards and WARC files are read as streams, in pieces, never whole: the records
are those of the plain file, whatever the pieces and `--jobs`, and memory stays bounded."""

from __future__ import annotations

import gzip
import json
import zlib
from pathlib import Path

import pytest
import zstandard
from conftest import FIXTURES, read_records, train_pages

from cleaner.run import Outcome, Settings, _outcomes, run
from cleaner.sources import InputFile
from cleaner.units import Unit, plan_units, stream_units

PIECE = 2**17  # bytes of content a piece holds: the corpus below makes about 25 of them


@pytest.fixture(scope="module")
def shard(tmp_path_factory) -> bytes:
    """The seeds and 100 dev-set dumps as JSONL, one line broken."""
    texts = sorted((FIXTURES / "seeds").glob("*.txt")) + train_pages("text")[:100]
    lines = [json.dumps({"id": p.stem, "text": p.read_text(encoding="utf-8")},
                        ensure_ascii=False) for p in texts]
    lines.insert(40, '{"id": "broken", "text": ')
    return ("\n".join(lines) + "\n").encode()


def _packed(data: bytes, suffix: str) -> bytes:
    """Two gzip members or zstd frames one after another, as `cat a.gz b.gz` makes them."""
    half = data.index(b"\n", len(data) // 2) + 1
    compress = gzip.compress if suffix == ".gz" else zstandard.ZstdCompressor().compress
    return compress(data[:half]) + compress(data[half:])


def _whole_lines(packed: bytes, suffix: str) -> int:
    """How many whole lines the start of a broken file holds, as `zcat` and `zstd -d` give
    them."""
    content = b""
    while packed:
        member = (zlib.decompressobj(wbits=31) if suffix == ".gz"
                  else zstandard.ZstdDecompressor().decompressobj())
        content += member.decompress(packed)
        packed = member.unused_data if member.eof else b""
    return content.count(b"\n")


def _records(folder: Path) -> list[dict]:
    records = read_records(folder / "records.jsonl")
    for record in records:
        record["metadata"].pop("source")
    return records


@pytest.mark.parametrize("suffix", [".gz", ".zst"])
def test_a_compressed_shard_gives_the_records_of_the_plain_file(shard, tmp_path, suffix):
    (tmp_path / "plain").mkdir()
    (tmp_path / "packed").mkdir()
    (tmp_path / "plain" / "a.jsonl").write_bytes(shard)
    packed = tmp_path / "packed" / f"a.jsonl{suffix}"
    packed.write_bytes(_packed(shard, suffix))
    pieces = list(stream_units(plan_units([InputFile(packed, packed.name)]), PIECE))
    assert len(pieces) > 10
    assert sum(len(p.payload.encode()) for p in pieces) == len(shard)
    assert sum(p.size for p in pieces) == packed.stat().st_size  # progress ends at 100%
    assert all(PIECE <= len(p.payload.encode()) < 2 * PIECE for p in pieces[:-1])
    plain = run(tmp_path / "plain", tmp_path / "out-plain", Settings(tmp_path / "out-plain", []))
    for jobs in (1, 2):
        out = tmp_path / f"out-{jobs}"
        report = run(tmp_path / "packed", out, Settings(out, [], chunk_bytes=PIECE), jobs=jobs)
        assert _records(out) == _records(tmp_path / "out-plain")
        assert report["skipped"] == [{"source": f"a.jsonl{suffix}:41",
                                      "reason": plain["skipped"][0]["reason"]}]


@pytest.mark.parametrize("suffix", [".gz", ".zst"])
@pytest.mark.parametrize("chunk", [PIECE, 2**40])  # in pieces, or the whole file as one
def test_a_shard_broken_in_the_middle_keeps_what_came_before(shard, tmp_path, suffix, chunk):
    (tmp_path / "in").mkdir()
    packed = _packed(shard, suffix)
    broken = packed[: len(packed) * 5 // 6]  # in the second member or frame
    (tmp_path / "in" / f"a.jsonl{suffix}").write_bytes(broken)
    whole = _whole_lines(broken, suffix)
    report = run(tmp_path / "in", tmp_path / "out", Settings(tmp_path / "out", [],
                                                             chunk_bytes=chunk))
    assert report["records"]["article"] == whole - 1  # every whole line but the broken one
    [reason] = [s["reason"] for s in report["skipped"] if s["source"] == f"a.jsonl{suffix}"]
    assert reason == (f"broken {suffix} file at line {whole + 1}: it ends before the end of "
                      "its compressed data; the rest of the file is lost")


def test_a_compressed_page_cut_short_is_reported_as_broken(tmp_path):
    (tmp_path / "in").mkdir()
    seed = sorted((FIXTURES / "seeds").glob("*.txt"))[0].read_bytes()
    (tmp_path / "in" / "a.txt.zst").write_bytes(zstandard.ZstdCompressor().compress(seed)[:-40])
    (tmp_path / "in" / "b.txt.gz").write_bytes(gzip.compress(seed)[:-40])
    report = run(tmp_path / "in", tmp_path / "out", Settings(tmp_path / "out", []))
    assert report["skipped"] == [
        {"source": name, "reason": f"broken {suffix} file: it ends before the end of its "
                                   "compressed data"}
        for name, suffix in (("a.txt.zst", ".zst"), ("b.txt.gz", ".gz"))]


def test_a_line_that_is_not_utf8_is_read_alone_wherever_the_file_is_cut(tmp_path):
    (tmp_path / "in").mkdir()
    good = json.dumps({"id": "good", "text": "Café society returns.\nIt was a night."},
                      ensure_ascii=False).encode()
    bad = json.dumps({"id": "bad", "text": "Crème brûlée wins.\nThe judges agreed."},
                     ensure_ascii=False).encode("cp1252")
    (tmp_path / "in" / "a.jsonl").write_bytes(b"\n".join([good] * 30 + [bad] + [good] * 30))
    for chunk in (2**40, 64):  # one unit, or a slice a line
        out = tmp_path / f"out-{chunk}"
        run(tmp_path / "in", out, Settings(out, [], chunk_bytes=chunk))
        texts = [r["text"] for r in read_records(out / "records.jsonl")]
        assert texts.count("Café society returns.\nIt was a night.") == 60
        assert "Crème brûlée wins.\nThe judges agreed." in texts


def test_pieces_are_taken_only_a_few_batches_ahead_of_the_results(shard, tmp_path):
    """A pool's `imap` would read a whole shard into its queue before the first result."""
    from cleaner import run as run_module

    run_module._start_worker(Settings(tmp_path, []))
    path = tmp_path / "a.txt"
    path.write_text("A headline here\nOne paragraph of text that says enough to be kept.\n")
    taken = [0]

    def units():
        for _ in range(2000):
            taken[0] += 1
            yield Unit(InputFile(path, "a.txt"), size=2**16)  # 16 to a batch

    ahead = 0
    for done, (unit, outcome) in enumerate(_outcomes(units(), jobs=2), start=1):
        assert isinstance(outcome, Outcome) and unit.item.relative == "a.txt"
        ahead = max(ahead, taken[0] - done)
    assert ahead <= 6 * 16  # 2 x jobs batches in flight, one being yielded


def test_compressed_pages_are_read_too(tmp_path):
    (tmp_path / "in").mkdir()
    seed = sorted((FIXTURES / "seeds").glob("*.txt"))[0].read_bytes()
    (tmp_path / "in" / "000.txt").write_bytes(seed)
    (tmp_path / "in" / "001.txt.zst").write_bytes(zstandard.ZstdCompressor().compress(seed))
    (tmp_path / "in" / "002.txt.zst").write_bytes(b"not zstd at all")
    (tmp_path / "in" / "003.jsonl.gz").write_bytes(b"not gzip either\n")
    (tmp_path / "in" / "004.txt.gz").write_bytes(gzip.compress(seed)[:-100])
    report = run(tmp_path / "in", tmp_path / "out", Settings(tmp_path / "out", []))
    records = {r["id"]: r["text"] for r in read_records(tmp_path / "out" / "records.jsonl")}
    assert records["000"] == records["001"]
    # a misnamed file is said to be one in words, not in the decompressor's
    assert {s["source"]: s["reason"] for s in report["skipped"]} == {
        "002.txt.zst": "not zstd data: its bytes do not start as a .zst file's",
        "003.jsonl.gz": "not gzip data at line 1: its bytes do not start as a .gz file's",
        "004.txt.gz": "broken .gz file: it ends before the end of its compressed data"}


@pytest.mark.parametrize("name", ["crawl.warc.gz", "a.jsonl.gz"])
def test_a_streamed_file_that_vanishes_before_its_turn_is_reported(tmp_path, name):
    from cleaner import run as run_module

    run_module._start_worker(Settings(tmp_path, []))
    path = tmp_path / name
    path.write_bytes(gzip.compress(b'{"id": "a", "text": "A line of text."}\n'))
    planned = list(plan_units([InputFile(path, name)]))
    path.unlink()
    [(unit, outcome)] = list(_outcomes(stream_units(iter(planned)), jobs=1))
    assert unit == planned[0]
    assert outcome.skipped == [(name, "file vanished before it was read")]


@pytest.mark.parametrize("suffix", [".jsonl.gz", ".jsonl.zst"])
def test_a_compression_bomb_is_read_a_bounded_piece_at_a_time(tmp_path, monkeypatch, suffix):
    """64 MB of zeros compress to a few KB; neither decompressor may hand them over at once
    (zstd's takes no output limit, so it is fed a little input at a time)."""
    from cleaner.sources import streams

    monkeypatch.setattr(streams, "ZSTD_FEED", 256)  # at most 256 * 32 KB = 8 MB a step
    zeros = b"\0" * (64 << 20)
    packed = (gzip.compress(zeros, compresslevel=9) if suffix == ".jsonl.gz"
              else zstandard.ZstdCompressor(level=19).compress(zeros))
    (tmp_path / f"bomb{suffix}").write_bytes(packed)
    item = InputFile(tmp_path / f"bomb{suffix}", f"bomb{suffix}")
    with item.path.open("rb") as raw:
        steps = [len(block) for block in streams.decompressed(item, raw)]
    assert sum(steps) == len(zeros)
    assert max(steps) <= 8 << 20
