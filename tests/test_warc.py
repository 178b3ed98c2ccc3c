"""WARC crawls: each HTML response is a page, its target URI the document's id and URL."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from io import BytesIO

import pytest
from conftest import devset_manifest, read_records, shared
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

PAGES = ["wcxb-0001", "wcxb-0002", "wcxb-0003"]


def _write_warc(path, pages=PAGES):
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=path.suffix == ".gz")
        for page in pages:
            html = gzip.decompress(shared("devset", "html", f"{page}.html.gz").read_bytes())
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                                  ("Content-Length", str(len(html)))],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                devset_manifest()[page]["url"], "response", payload=BytesIO(html),
                http_headers=headers))
        writer.write_record(writer.create_warc_record(
            "https://example.com/robots.txt", "response", payload=BytesIO(b"User-agent: *"),
            http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/plain"),
                                                     ("Content-Length", "13")],
                                          protocol="HTTP/1.1")))


def test_warc_responses_become_documents(tmp_path):
    (tmp_path / "in").mkdir()
    _write_warc(tmp_path / "in" / "crawl.warc.gz")
    result = subprocess.run([sys.executable, "-m", "cleaner", str(tmp_path / "in"),
                             str(tmp_path / "out")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    articles = [r for r in read_records(tmp_path / "out" / "records.jsonl")
                if r["metadata"]["kind"] == "article"]
    assert [r["id"] for r in articles] == [devset_manifest()[p]["url"] for p in PAGES]
    for record, page in zip(articles, PAGES, strict=True):
        assert record["metadata"]["url"] == devset_manifest()[page]["url"]
        assert devset_manifest()[page]["with"][0].split()[0] in record["text"]
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["documents"]["cleaned"] == 3
    # robots.txt is not a page, but the report accounts for it
    assert report["ignored"]["warc_responses"] == {"text/plain": 1}
    assert "ignored: 1 WARC response not HTML (text/plain 1)" in result.stderr


def test_a_broken_warc_is_reported_not_fatal(tmp_path):
    (tmp_path / "in").mkdir()
    _write_warc(tmp_path / "in" / "crawl.warc.gz")
    data = (tmp_path / "in" / "crawl.warc.gz").read_bytes()
    (tmp_path / "in" / "broken.warc.gz").write_bytes(data[: len(data) // 2])
    result = subprocess.run([sys.executable, "-m", "cleaner", str(tmp_path / "in"),
                             str(tmp_path / "out")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "broken.warc.gz" in result.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert any(s["source"].startswith("broken.warc.gz") for s in report["skipped"])
    assert report["records"]["article"] >= 3


def test_a_warc_read_in_pieces_gives_the_records_of_the_whole_file(tmp_path):
    from cleaner.run import Settings, run
    from cleaner.sources import InputFile
    from cleaner.units import plan_units, stream_units

    (tmp_path / "in").mkdir()
    crawl = tmp_path / "in" / "crawl.warc.gz"
    _write_warc(crawl)
    pieces = list(stream_units(plan_units([InputFile(crawl, crawl.name)]), chunk_bytes=1))
    # one page each; robots.txt is counted with the last
    assert [[type(e).__name__ for e in p.payload] for p in pieces] == [
        ["WarcEntry"], ["WarcEntry"], ["WarcEntry", "LeftAlone"]]
    assert sum(p.size for p in pieces) == crawl.stat().st_size
    whole = tmp_path / "whole"
    run(tmp_path / "in", whole, Settings(whole, []))
    for jobs in (1, 2):
        out = tmp_path / f"out-{jobs}"
        run(tmp_path / "in", out, Settings(out, [], chunk_bytes=1), jobs=jobs)
        assert (out / "records.jsonl").read_bytes() == (whole / "records.jsonl").read_bytes()


def _offsets(path):
    """Where each record of a WARC file starts."""
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        return [records.get_record_offset() for _ in records]


def _clean_broken(tmp_path, data, name="crawl.warc.gz"):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / name).write_bytes(data)
    result = subprocess.run([sys.executable, "-m", "cleaner", str(tmp_path / "in"),
                             str(tmp_path / "out"), "--strict"], capture_output=True, text=True)
    assert result.returncode == 1, result.stderr  # --strict: something was skipped
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    ids = [r["id"] for r in read_records(tmp_path / "out" / "records.jsonl")
           if r["metadata"]["kind"] == "article"]
    return report["skipped"], ids


def test_a_record_cut_short_is_skipped_not_cleaned(tmp_path):
    _write_warc(tmp_path / "crawl.warc.gz")
    data = (tmp_path / "crawl.warc.gz").read_bytes()
    second = _offsets(tmp_path / "crawl.warc.gz")[1]
    skipped, ids = _clean_broken(tmp_path, data[: second + 3000])
    assert ids == [devset_manifest()[PAGES[0]]["url"]]
    [(where, reason)] = [(s["source"], s["reason"]) for s in skipped]
    assert where == f"crawl.warc.gz@{second}"
    assert reason.startswith("truncated record: only ") and reason.endswith(" could be read")


def test_a_record_cut_in_its_header_is_reported(tmp_path):
    _write_warc(tmp_path / "crawl.warc.gz")
    data = (tmp_path / "crawl.warc.gz").read_bytes()
    third = _offsets(tmp_path / "crawl.warc.gz")[2]
    skipped, ids = _clean_broken(tmp_path, data[: third + 40])
    assert ids == [devset_manifest()[page]["url"] for page in PAGES[:2]]
    assert skipped == [{"source": f"crawl.warc.gz@{third}",
                        "reason": "truncated record: the file ends inside its header (40 bytes)"}]


@pytest.mark.parametrize("where", [0.5, 0.05])  # of the member: in its data, near its header
def test_after_a_corrupt_member_the_intact_records_are_read(tmp_path, where):
    _write_warc(tmp_path / "crawl.warc.gz")
    data = bytearray((tmp_path / "crawl.warc.gz").read_bytes())
    _, second, third, _ = _offsets(tmp_path / "crawl.warc.gz")
    middle = second + int((third - second) * where)
    data[middle: middle + 50] = bytes(255 - byte for byte in data[middle: middle + 50])
    skipped, ids = _clean_broken(tmp_path, bytes(data))
    assert ids == [devset_manifest()[page]["url"] for page in (PAGES[0], PAGES[2])]
    [(where, reason)] = [(s["source"], s["reason"]) for s in skipped]
    assert where == f"crawl.warc.gz@{second}"
    # warcio either stops reading the member or fails on the next one, by where the damage is
    assert reason.startswith(("truncated record: ", "broken WARC record: "))
    assert reason.endswith(f"; read on at byte {third}")
    assert reason.isascii() and reason.isprintable() and len(reason) < 150


@pytest.mark.parametrize("pages", [PAGES, PAGES * 2])  # the cut record swallows: to the end,
def test_in_a_plain_warc_the_records_after_one_cut_short_are_read(tmp_path, pages):  # or not
    crawl = tmp_path / "crawl.warc"
    _write_warc(crawl, pages)
    data = crawl.read_bytes()
    offsets = _offsets(crawl)
    second, third = offsets[1], offsets[2]
    # A crawler died writing the second record and another went on after it: the record is
    # cut short, and its Content-Length runs into the records written after it.
    skipped, ids = _clean_broken(tmp_path, data[: second + 3000] + data[third:], crawl.name)
    assert ids == [devset_manifest()[page]["url"] for page in [pages[0], *pages[2:]]]
    [(where, reason)] = [(s["source"], s["reason"]) for s in skipped]
    assert where == f"crawl.warc@{second}"
    assert reason.startswith("truncated record: " if len(pages) == 3 else
                             "broken WARC record: its Content-Length (")
    assert reason.endswith(f"; read on at byte {second + 3000}")


def test_in_a_plain_warc_a_record_without_its_length_is_skipped_and_the_next_read(tmp_path):
    crawl = tmp_path / "crawl.warc"
    _write_warc(crawl)
    data = crawl.read_bytes()
    _, second, third, _ = _offsets(crawl)
    length = data.index(b"Content-Length", second)
    damaged = data[:length] + b"Q" * 14 + data[length + 14:]
    skipped, ids = _clean_broken(tmp_path, damaged, crawl.name)
    assert ids == [devset_manifest()[page]["url"] for page in (PAGES[0], PAGES[2])]
    assert skipped == [{"source": f"crawl.warc@{second}", "reason": "broken WARC record: the "
                        f"record has no valid Content-Length; read on at byte {third}"}]


def test_a_response_is_read_in_the_charset_its_header_declares(tmp_path):
    russian = ("Москва заявила, что переговоры с Украиной будут трудными, и никаких прорывов "
               "не ожидается в ближайшее время.")
    html = (f"<html><head><title>Новости дня</title></head><body><article><h1>Новости дня</h1>"
            f"<p>{russian}</p></article></body></html>").encode("cp1251")  # no meta tag
    (tmp_path / "in").mkdir()
    with (tmp_path / "in" / "c.warc.gz").open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=windows-1251")],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://example.ru/news", "response", payload=BytesIO(html), http_headers=headers))
    result = subprocess.run([sys.executable, "-m", "cleaner", str(tmp_path / "in"),
                             str(tmp_path / "out"), "-q"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    [record] = read_records(tmp_path / "out" / "records.jsonl")
    assert record["text"] == russian
    assert record["metadata"]["title"] == "Новости дня"


def test_content_types_are_read_whatever_their_case_and_a_missing_one_by_the_payload(tmp_path):
    html = gzip.decompress(shared("devset", "html", f"{PAGES[0]}.html.gz").read_bytes())
    responses = [("Text/HTML; charset=UTF-8", html), (None, b"\n  " + html),
                 (None, b"User-agent: *\nDisallow: /private\n"), ("text/html", html)]
    (tmp_path / "in").mkdir()
    with (tmp_path / "in" / "c.warc").open("wb") as stream:
        writer = WARCWriter(stream, gzip=False)
        for number, (content_type, payload) in enumerate(responses):
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)]
                                       if content_type else [], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                f"https://example.com/{number}", "response", payload=BytesIO(payload),
                http_headers=headers))
    offsets = _offsets(tmp_path / "in" / "c.warc")
    result = subprocess.run([sys.executable, "-m", "cleaner", str(tmp_path / "in"),
                             str(tmp_path / "out"), "--strict"], capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    ids = [r["id"] for r in read_records(tmp_path / "out" / "records.jsonl")
           if r["metadata"]["kind"] == "article"]
    assert ids == ["https://example.com/0", "https://example.com/1", "https://example.com/3"]
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["skipped"] == [{
        "source": f"c.warc@{offsets[2]}",
        "reason": "response without a Content-Type that does not start like HTML"}]
