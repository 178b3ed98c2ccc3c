"""Input formats are a registry (cleaner/sources/formats.py): a new format is one reader
module and its line there, and every other part of a run (finding files, reading, .txt files,
explain) asks the registry, never a format's name."""

from __future__ import annotations

import json
import sys

import pytest

from cleaner.run import Settings, run
from cleaner.sources import FORMATS, Format, InputFile
from cleaner.sources.formats import format_of, kinds_read

# A reader for Markdown notes, written as a user would write one: a page a file, its first
# `# ` line the title.
ASCIIDOC_READER = '''
from cleaner.document import Document


def read(item, *_):
    lines = item.path.read_text(encoding="utf-8").splitlines()
    title = next((line[2:] for line in lines if line.startswith("= ")), None)
    body = "\\n".join(line for line in lines if not line.startswith("= "))
    yield Document.from_text(body, item.id, item.relative, title=title)
'''


def test_each_format_s_reader_has_what_its_split_needs():
    for fmt in FORMATS.values():
        reader = fmt.module()
        assert callable(reader.read), fmt.name
        if fmt.split in ("slices", "pieces"):  # compressed or always, the parent streams it
            assert callable(reader.pieces) and callable(reader.read_piece), fmt.name
        if fmt.split == "slices":
            assert callable(reader.sliceable), fmt.name


def test_a_file_s_format_is_its_suffix_under_a_compression_the_format_takes():
    assert format_of("a/b.TXT") == "text" and format_of("b.htm.zst") == "html"
    assert format_of("shard.jsonl.gz") == "jsonl" and format_of("crawl.warc.gz") == "warc"
    assert format_of("crawl.warc.zst") is None  # warcio reads plain and gzip only
    assert format_of("notes.md") == "text"  # Markdown is text (markdown.py reads it)
    assert format_of("notes.adoc") is None and format_of(".txt") is None
    assert kinds_read() == (".txt, .md, .html, .htm, .jsonl (each also .gz or .zst), .warc and "
                            ".warc.gz")


def test_a_new_format_is_a_reader_module_and_its_line(tmp_path, monkeypatch):
    (tmp_path / "readers").mkdir()
    (tmp_path / "readers" / "__init__.py").write_text("")
    (tmp_path / "readers" / "asciidoc.py").write_text(ASCIIDOC_READER)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(FORMATS, "asciidoc", Format("asciidoc", (".adoc",), "readers.asciidoc",
                                                    one_page=True))
    inputs = tmp_path / "in"
    inputs.mkdir()
    body = ("The harbour board voted on Monday to open the north quay to small boats from "
            "the first of May, after a long dispute with the owners of the fishing fleet.")
    (inputs / "quay.adoc").write_text(f"= Harbour opens the north quay\n{body}\n")
    assert InputFile(inputs / "quay.adoc", "quay.adoc").format == "asciidoc"
    out = tmp_path / "out"
    report = run(inputs, out, Settings(output=out, rule_folders=[]))
    [record] = [json.loads(line) for line in (out / "records.jsonl").open()]
    assert record["metadata"]["title"] == "Harbour opens the north quay"
    assert record["text"] == body
    assert (out / "quay.adoc.txt").exists()  # a page format gets its .txt by default
    assert report["documents"]["cleaned"] == 1
    for module in ("readers", "readers.asciidoc"):
        sys.modules.pop(module, None)


@pytest.mark.parametrize("name", ["notes.adoc", "data.csv"])
def test_a_file_of_no_format_is_left_alone(tmp_path, name):
    assert InputFile(tmp_path / name, name).format is None
