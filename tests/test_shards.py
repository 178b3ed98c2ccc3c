"""Records written compressed, in shards, in dolma's shape: the same records as records.jsonl."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys

import zstandard
from conftest import FIXTURES

SEEDS = FIXTURES / "seeds"


def _clean(*args):
    return subprocess.run([sys.executable, "-m", "cleaner", *map(str, args), "-q"],
                          capture_output=True, text=True)


def _plain(tmp_path) -> list[dict]:
    assert _clean(SEEDS, tmp_path / "plain").returncode == 0
    return [json.loads(line) for line in (tmp_path / "plain" / "records.jsonl").open()]


def test_gzipped_dolma_shards_hold_the_records_in_order(tmp_path):
    out = tmp_path / "out"
    result = _clean(SEEDS, out, "--output-format", "jsonl.gz", "--shard-size", "5",
                    "--dolma", "news-seeds", "--jobs", "2")
    assert result.returncode == 0, result.stderr
    manifest = json.loads((out / "shards.json").read_text())
    assert [s["records"] for s in manifest["shards"]] == [5, 5, 3]
    assert manifest["records"] == 13 and manifest["format"] == "jsonl.gz" and manifest["dolma"]
    records = [json.loads(line) for shard in manifest["shards"]
               for line in gzip.decompress((out / shard["file"]).read_bytes()).splitlines()]
    plain = _plain(tmp_path)
    assert [list(record) for record in records] == [["id", "text", "source", "metadata"]] * 13
    assert [{k: v for k, v in r.items() if k != "source"} for r in records] == plain
    assert {record["source"] for record in records} == {"news-seeds"}
    assert not (out / "records.jsonl").exists()
    report = json.loads((out / "report.json").read_text())
    assert report["records_files"] == manifest["shards"]


def test_one_zstd_file_and_the_same_bytes_on_every_run(tmp_path):
    for out in (tmp_path / "a", tmp_path / "b"):
        assert _clean(SEEDS, out, "--output-format", "jsonl.zst").returncode == 0
    data = (tmp_path / "a" / "records.jsonl.zst").read_bytes()
    assert data == (tmp_path / "b" / "records.jsonl.zst").read_bytes()
    lines = zstandard.ZstdDecompressor().stream_reader(data).read().splitlines()
    assert [json.loads(line) for line in lines] == _plain(tmp_path)


def test_megabyte_shards_and_a_later_run_in_another_shape_leave_no_stale_file(tmp_path):
    out = tmp_path / "out"
    assert _clean(SEEDS, out).returncode == 0
    assert _clean(SEEDS, out, "--shard-size", "1MB", "--force").returncode == 0
    assert sorted(p.name for p in out.glob("records*")) == ["records-00000.jsonl"]
    assert _clean(SEEDS, out, "--force").returncode == 0
    assert sorted(p.name for p in out.glob("records*")) == ["records.jsonl"]
    assert not (out / "shards.json").exists()


def test_a_shard_size_that_is_no_size_is_a_usage_error(tmp_path):
    result = _clean(SEEDS, tmp_path / "out", "--shard-size", "ten")
    assert result.returncode == 2
    assert "--shard-size takes a number of records (100000) or of megabytes (64MB)" in \
        result.stderr
    assert not (tmp_path / "out").exists()
