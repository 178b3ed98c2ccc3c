"""Corpus files: JSONL records in, each cleaned like a document; a bad line is skipped alone."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES, read_records, shared

SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))


def _corpus_lines():
    lines = [json.dumps({"id": seed.stem, "text": seed.read_text(encoding="utf-8"),
                         "url": "https://example.com/" + seed.stem,
                         "metadata": {"crawl": "2025-31"}}) for seed in SEEDS[:2]]
    lines.insert(1, '{"id": "broken", "text": ')  # cut off mid-record
    lines.append(json.dumps({"id": "no-text", "body": "x"}))
    lines.append(json.dumps({"id": "../../escape", "text": "A headline\nSome text here."}))
    return lines


def _clean(*args):
    return subprocess.run([sys.executable, "-m", "cleaner", *map(str, args)],
                          capture_output=True, text=True)


def test_jsonl_records_are_cleaned_and_bad_lines_reported(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "shard.jsonl").write_text("\n".join(_corpus_lines()) + "\n")
    result = _clean(tmp_path / "in", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["documents"] == {"read": 5, "cleaned": 3, "skipped": 2}
    reasons = {s["source"]: s["reason"] for s in report["skipped"]}
    assert reasons["shard.jsonl:2"].startswith("not JSON")
    assert reasons["shard.jsonl:4"] == "no string field 'text'"
    articles = {r["id"]: r for r in read_records(tmp_path / "out" / "records.jsonl")
                if r["metadata"]["kind"] == "article"}
    assert list(articles) == [SEEDS[0].stem, SEEDS[1].stem, "../../escape"]
    first = articles[SEEDS[0].stem]
    want = read_records(FIXTURES / "expected" / f"{SEEDS[0].stem}.jsonl")[0]
    assert first["text"] == want["text"]
    assert first["metadata"]["input_metadata"] == {"crawl": "2025-31"}
    assert first["metadata"]["url"] == "https://example.com/" + SEEDS[0].stem


def test_record_ids_cannot_write_outside_output(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "shard.jsonl").write_text("\n".join(_corpus_lines()) + "\n")
    _clean(tmp_path / "in", tmp_path / "out", "-q", "--txt", "all")
    written = {p.relative_to(tmp_path) for p in tmp_path.rglob("*.txt")}
    assert all(p.parts[0] in ("in", "out") for p in written)
    assert (tmp_path / "out" / "shard" / "escape~5.txt").exists()  # made safe: its line follows


def test_corpus_records_get_no_txt_files_unless_asked(tmp_path):
    """`--txt auto` (the default) writes .txt files for pages, not for a corpus's records;
    `--txt none` for neither."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "shard.jsonl").write_text("\n".join(_corpus_lines()) + "\n")
    shutil.copy(SEEDS[0], tmp_path / "in" / SEEDS[0].name)
    _clean(tmp_path / "in", tmp_path / "auto", "-q")
    assert sorted(p.name for p in (tmp_path / "auto").rglob("*.txt")) == sorted(
        p.name for p in (tmp_path / "auto").glob(f"{SEEDS[0].stem}*.txt"))
    assert (tmp_path / "auto" / f"{SEEDS[0].stem}.txt").exists()
    _clean(tmp_path / "in", tmp_path / "none", "-q", "--txt", "none")
    assert not list((tmp_path / "none").rglob("*.txt"))
    assert (tmp_path / "none" / "records.jsonl").read_bytes() == (
        tmp_path / "auto" / "records.jsonl").read_bytes()


def test_gzipped_jsonl_gives_the_same_records(tmp_path):
    lines = "\n".join(_corpus_lines()) + "\n"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "shard.jsonl").write_text(lines)
    (tmp_path / "b" / "shard.jsonl.gz").write_bytes(gzip.compress(lines.encode()))
    _clean(tmp_path / "a", tmp_path / "out-a", "-q")
    _clean(tmp_path / "b", tmp_path / "out-b", "-q")
    plain, gzipped = (read_records(tmp_path / name / "records.jsonl")
                      for name in ("out-a", "out-b"))
    assert [r["metadata"].pop("source") for r in plain] == ["shard.jsonl"] * len(plain)
    assert [r["metadata"].pop("source") for r in gzipped] == ["shard.jsonl.gz"] * len(plain)
    assert plain == gzipped


def test_text_and_html_fields_can_be_named(tmp_path):
    html = gzip.decompress(shared("devset", "html", "wcxb-0001.html.gz").read_bytes())
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "pages.jsonl").write_text(
        json.dumps({"id": "p1", "raw": html.decode("utf-8")}) + "\n")
    (tmp_path / "in2").mkdir()
    (tmp_path / "in2" / "texts.jsonl").write_text(
        json.dumps({"id": "t1", "content": SEEDS[3].read_text(encoding="utf-8")}) + "\n")
    assert _clean(tmp_path / "in", tmp_path / "out", "-q", "--html-field", "raw").returncode == 0
    assert _clean(tmp_path / "in2", tmp_path / "out2", "-q", "--text-field",
                  "content").returncode == 0
    [page] = [r for r in read_records(tmp_path / "out" / "records.jsonl")]
    assert page["metadata"]["extractor"] == "trafilatura"
    assert "Protein continues to dominate" in page["text"]
    [text] = read_records(tmp_path / "out2" / "records.jsonl")
    want = read_records(FIXTURES / "expected" / f"{SEEDS[3].stem}.jsonl")[0]
    assert text["text"] == want["text"]


def test_a_lone_surrogate_escape_becomes_a_replacement_character(tmp_path):
    """`\\ud83d` is half an emoji, cut off by a scraper; UTF-8 output cannot hold it."""
    (tmp_path / "in").mkdir()
    shard = tmp_path / "in" / "shard.jsonl"
    shard.write_text(
        '{"id": "ok", "text": "Headline one\\nThe first record has enough words to be prose."}\n'
        '{"id": "cut\\ud83d", "url": "https://example.com/\\udc00",'
        ' "metadata": {"tags": ["emoji \\ud83d"], "k\\ud83d": 1},'
        ' "text": "Headline two\\nThe body holds a cut emoji \\ud83d here, and more words."}\n')
    result = _clean(tmp_path / "in", tmp_path / "out", "--strict")
    assert result.returncode == 0, result.stderr
    data = (tmp_path / "out" / "records.jsonl").read_bytes().decode("utf-8")
    records = {r["id"]: r for r in map(json.loads, data.splitlines())}
    cut = records["cut\ufffd"]
    assert cut["text"] == "The body holds a cut emoji \ufffd here, and more words."
    assert cut["metadata"]["url"] == "https://example.com/\ufffd"
    assert cut["metadata"]["input_metadata"] == {"tags": ["emoji \ufffd"], "k\ufffd": 1}
    explained = _clean("explain", shard)
    assert explained.returncode == 0, explained.stderr
    assert "cut emoji \ufffd here" in explained.stdout


def test_lines_that_hold_no_document_say_why_and_ids_keep_their_json_text(tmp_path):
    body = "A headline\\nSome text that is long enough to be kept here."
    lines = ['{"id": "cut", "text": "A headline',  # cut off inside a string
             "[1, 2]", '"a string"', "null",
             f'{{"id": null, "text": "{body}"}}', f'{{"id": {{"x": 1}}, "text": "{body}"}}',
             f'{{"id": true, "text": "{body}"}}', f'{{"id": 7, "text": "{body}"}}',
             '{"id": "empty", "text": ""}', '{"id": "blank", "text": " \\n\\t "}']
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "shard.jsonl").write_text("\n".join(lines) + "\n")
    assert _clean(tmp_path / "in", tmp_path / "out", "-q").returncode == 0
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["skipped"] == [
        {"source": "shard.jsonl:1",
         "reason": "not JSON: Unterminated string starting at column 23"},
        {"source": "shard.jsonl:2", "reason": "the line is not a JSON object but an array"},
        {"source": "shard.jsonl:3", "reason": "the line is not a JSON object but a string"},
        {"source": "shard.jsonl:4", "reason": "the line is not a JSON object but null"},
        {"source": "shard.jsonl:9", "reason": "empty text"},
        {"source": "shard.jsonl:10", "reason": "empty text"}]
    assert report["documents"] == {"read": 10, "cleaned": 4, "skipped": 6}
    ids = [r["id"] for r in read_records(tmp_path / "out" / "records.jsonl")]
    assert ids == ["5", '{"x": 1}', "true", "7"]


def test_an_empty_html_field_is_named_as_empty(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "pages.jsonl").write_text('{"id": "p1", "raw": ""}\n')
    _clean(tmp_path / "in", tmp_path / "out", "-q", "--html-field", "raw")
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["skipped"] == [{"source": "pages.jsonl:1", "reason": "empty HTML (field 'raw')"}]


def test_a_corpus_whose_records_keep_their_text_in_another_field_is_a_usage_error(tmp_path):
    """`{"id", "html", "url"}` read without --html-field: every record would be skipped and
    the run would exit 0 with an empty records.jsonl. It stops before writing anything and
    names the fields the records have."""
    corpus = tmp_path / "pages.jsonl"
    corpus.write_text("".join(json.dumps({"id": n, "html": "<p>Text.</p>", "url": "u"}) + "\n"
                              for n in range(3)), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "cleaner", str(corpus), str(tmp_path / "out")],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert "pages.jsonl: no record of its first 100 lines has a string field 'text' " \
           "(they have: id, html, url)" in result.stderr
    assert "--html-field NAME" in result.stderr
    assert not (tmp_path / "out").exists()


def test_one_corpus_file_of_another_shape_in_a_folder_is_skipped_not_the_run(tmp_path):
    """Beside files that hold the field, a file whose records lack it is a foreign file in
    the folder (a crawl's index, another tool's output): skipped and named, the rest cleaned.
    Alone (the test above) it stays a usage error."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "index.jsonl").write_text(json.dumps({"id": 1, "url": "u"}) + "\n")
    page = {"id": "a", "text": SEEDS[0].read_text(encoding="utf-8")}
    (folder / "pages.jsonl").write_text(json.dumps(page) + "\n")
    result = subprocess.run([sys.executable, "-m", "cleaner", str(folder), str(tmp_path / "out")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "skipped index.jsonl: no record of its first 100 lines has a string field 'text' " \
           "(they have: id, url)" in result.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["documents"] == {"read": 2, "cleaned": 1, "skipped": 1}
    assert report["skipped"][0]["source"] == "index.jsonl"


def test_a_run_that_cleans_nothing_exits_1_and_says_why(tmp_path):
    (tmp_path / "in").mkdir()
    for name in ("a.txt", "b.txt"):
        (tmp_path / "in" / name).write_bytes(b"  \n")
    result = subprocess.run([sys.executable, "-m", "cleaner", str(tmp_path / "in"),
                             str(tmp_path / "out"), "-q"], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr == ("clean: nothing was cleaned: all 2 documents were skipped "
                             "(2 empty file)\n")
    (tmp_path / "none").mkdir()
    (tmp_path / "none" / "notes.json").write_text("{}")
    result = subprocess.run([sys.executable, "-m", "cleaner", str(tmp_path / "none"),
                             str(tmp_path / "out2"), "-q"], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr == ("clean: nothing was cleaned: INPUT holds no document (1 file of "
                             "no kind clean reads)\n")


def test_a_records_own_title_is_the_articles_without_its_sites_name(tmp_path):
    """A record's `title` (or `metadata.title`) is its article's title, the site's name its
    URL gives taken off; the text's own headline line is not printed again under it."""
    seed = SEEDS[1]
    want = read_records(FIXTURES / "expected" / f"{seed.stem}.jsonl")[0]
    text = seed.read_text(encoding="utf-8")
    records = [{"id": "a", "text": text, "url": "https://daily8.com/news/x",
                "title": want["title"] + " | Daily8"},
               {"id": "b", "text": text, "metadata": {"title": "  " + want["title"] + "\n"}},
               {"id": "c", "text": text, "title": 12}]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "shard.jsonl").write_text("\n".join(map(json.dumps, records)) + "\n")
    assert _clean(tmp_path / "in", tmp_path / "out", "-q").returncode == 0
    articles = {r["id"]: r for r in read_records(tmp_path / "out" / "records.jsonl")
                if r["metadata"]["kind"] == "article"}
    for record in articles.values():  # a title that is no string: the text's headline
        assert (record["metadata"]["title"], record["text"]) == (want["title"], want["text"])
    assert articles["a"]["metadata"]["sitename"] == "Daily8"


def _corpus(tmp_path, records: list[dict]) -> Path:
    (tmp_path / "in").mkdir(parents=True)
    path = tmp_path / "in" / "corpus.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


def test_explain_and_rules_check_name_the_field_a_corpus_lacks(tmp_path):
    """As `clean` does: one line that says which fields the records have, exit 2; and both
    read the field they are told."""
    text = SEEDS[3].read_text(encoding="utf-8")
    corpus = _corpus(tmp_path, [{"doc_id": "a", "content": text, "link": "https://x.org/a"}])
    for command in (["explain", corpus], ["rules", "check", "--corpus", corpus]):
        result = _clean(*command)
        assert result.returncode == 2, result.stderr
        assert "(they have: doc_id, content, link)" in result.stderr
        assert "--text-field NAME" in result.stderr
        told = _clean(*command, "--text-field", "content")
        assert told.returncode == 0, told.stderr
    assert "checked 1 of 1 document (0 skipped)" in _clean(
        "rules", "check", "--corpus", corpus, "--text-field", "content").stdout


def test_html_asked_of_a_field_of_plain_text_is_a_usage_error(tmp_path):
    corpus = _corpus(tmp_path, [{"id": f"r{n}", "text": f"Record {n} is plain text."}
                                for n in range(5)])
    result = _clean(corpus, tmp_path / "out", "--html-field", "text")
    assert result.returncode == 2
    assert "holds no markup in its first 5 records" in result.stderr
    assert "--text-field text" in result.stderr
    escaped = _corpus(tmp_path / "escaped", [{"id": "a", "html": "&lt;p&gt;A page.&lt;/p&gt;"}])
    result = _clean(escaped, tmp_path / "out2", "--html-field", "html")
    assert result.returncode == 2 and "holds HTML escaped as text" in result.stderr


def test_skips_of_one_reason_are_shown_twenty_times_then_counted(tmp_path):
    corpus = _corpus(tmp_path, [{"id": f"r{n}", "text": n} for n in range(30)]
                     + [{"id": "ok", "text": "A record with text enough to be kept."}])
    result = _clean(corpus, tmp_path / "out")
    assert result.stderr.count("skipped corpus.jsonl:") == 20
    assert "skipped more for the same reason (no string field 'text')" in result.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["documents"]["skipped"] == 30 and len(report["skipped"]) == 30


def test_the_id_field_can_be_named(tmp_path):
    corpus = _corpus(tmp_path, [{"doc_id": f"doc-{n}", "content": f"Record {n} is text enough."}
                                for n in range(3)])
    result = _clean(corpus, tmp_path / "out", "--text-field", "content", "--id-field", "doc_id")
    assert result.returncode == 0, result.stderr
    ids = [r["id"] for r in read_records(tmp_path / "out" / "records.jsonl")]
    assert ids == ["doc-0", "doc-1", "doc-2"]
    wrong = _clean(corpus, tmp_path / "out2", "--text-field", "content", "--id-field", "docid")
    assert wrong.returncode == 2
    assert "has the id field 'docid' (they have: doc_id, content)" in wrong.stderr
