"""Bad input is cleaned or skipped with its reason; the run goes on and no file is half-written."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys

import pytest
from conftest import FIXTURES, read_records

SEED = (FIXTURES / "seeds" / "003_3d0d1443dcd54182.txt").read_text(encoding="utf-8")
ARTICLE = "A headline about the talks\nThe talks were held in Istanbul on Wednesday.\n"


def _clean(input_path, out, *extra):
    return subprocess.run([sys.executable, "-m", "cleaner", str(input_path), str(out), *extra],
                          capture_output=True, text=True)


def _report(out):
    return json.loads((out / "report.json").read_text())


def _texts(out):
    return {r["metadata"]["source"]: r for r in read_records(out / "records.jsonl")
            if r["metadata"]["kind"] == "article"}


ENCODED = {
    "utf8-bom.txt": ARTICLE.encode("utf-8-sig"),
    "utf16-bom.txt": ARTICLE.encode("utf-16"),
    "utf16le-nobom.txt": ARTICLE.encode("utf-16-le"),
    "utf16be-nobom.txt": ARTICLE.encode("utf-16-be"),
    "cp1252.txt": (ARTICLE + "Café owners said “no”.\n").encode("cp1252"),
    "crlf.txt": ARTICLE.replace("\n", "\r\n").encode(),
}


@pytest.mark.parametrize("name", sorted(ENCODED))
def test_encodings_and_line_ends_are_read(tmp_path, name):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / name).write_bytes(ENCODED[name])
    result = _clean(tmp_path / "in", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    record = _texts(tmp_path / "out")[name]
    assert record["metadata"]["title"] == "A headline about the talks"
    assert record["text"].startswith("The talks were held in Istanbul on Wednesday.")
    if name == "cp1252.txt":
        assert record["text"].endswith("Café owners said “no”.")


RUSSIAN = ("Москва заявила, что переговоры с Украиной будут трудными, и никаких прорывов "
           "не ожидается в ближайшее время.")
RUSSIAN_PAGE = ("<html><head>{meta}<title>Новости дня</title></head><body><article>"
                f"<h1>Новости дня</h1><p>{RUSSIAN}</p><p>{RUSSIAN}</p></article></body></html>")
DECLARED = {
    "meta.html": '<meta charset="windows-1251">',
    "http-equiv.html": '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
    "unknown.html": '<meta charset="no-such-charset">',  # found from the bytes
    "codec.html": '<meta charset="base64">',  # a Python codec, not a charset: found too
}


@pytest.mark.parametrize("name", sorted(DECLARED))
def test_a_page_that_is_not_utf8_is_read_in_the_charset_it_declares(tmp_path, name):
    (tmp_path / "in").mkdir()
    page = RUSSIAN_PAGE.format(meta=DECLARED[name]).encode("cp1251")
    (tmp_path / "in" / name).write_bytes(page)
    result = _clean(tmp_path / "in", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    record = _texts(tmp_path / "out")[name]
    assert record["text"].startswith(RUSSIAN)
    assert record["metadata"]["title"] == "Новости дня"
    # A charset Python does not know is no charset: the bytes' own is found, and said so.
    detected = name in ("unknown.html", "codec.html")
    assert ("decoding" in record["metadata"]) is detected
    if detected:
        assert record["metadata"]["decoding"]["encoding"] == "cp1251"


SKIPPED = {
    "empty.txt": (b"", "empty file"),
    "blank.txt": (b"\n \n\t\n", "empty file"),
    "binary.txt": (bytes(range(256)) * 40, "binary file"),
    "control.txt": (b"\x01\x02\x03\x04\x05\x06\x07\x08" * 100, "binary file"),
    "compressed.txt": (gzip.compress(SEED.encode()), "binary file"),
    "broken.html": (b"\x00\x01\x02<html", "binary file"),
}


def test_bad_files_are_skipped_with_reasons_and_the_run_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, (data, _) in SKIPPED.items():
        (folder / name).write_bytes(data)
    (folder / "good.txt").write_text(SEED, encoding="utf-8")
    result = _clean(folder, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    report = _report(tmp_path / "out")
    reasons = {s["source"]: s["reason"] for s in report["skipped"]}
    for name, (_, reason) in SKIPPED.items():
        assert reason in reasons[name], name
        assert f"skipped {name}: " in result.stderr
    assert report["documents"] == {"read": 7, "cleaned": 1, "skipped": 6}
    assert list(_texts(tmp_path / "out")) == ["good.txt"]
    assert "Traceback" not in result.stderr


def test_strict_exits_1_when_documents_were_skipped(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "good.txt").write_text(ARTICLE)
    strict = _clean(tmp_path / "in", tmp_path / "out", "--strict", "--quiet")
    assert strict.returncode == 1
    assert "--strict: 1 document skipped" in strict.stderr  # why, even with --quiet
    assert _clean(tmp_path / "in", tmp_path / "out2").returncode == 0


def test_a_20_mb_single_line_is_cleaned(tmp_path):
    (tmp_path / "in").mkdir()
    line = ("The talks were long and the statements were longer. " * 400_000)[:20_000_000]
    (tmp_path / "in" / "huge.txt").write_text(line, encoding="utf-8")
    result = _clean(tmp_path / "in", tmp_path / "out", "-q")
    assert result.returncode == 0, result.stderr
    record = _texts(tmp_path / "out")["huge.txt"]
    assert len(record["text"]) == len(line.strip())


@pytest.mark.parametrize("where", ["same", "inside"])
def test_output_equal_to_or_inside_input_is_refused(tmp_path, where):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE)
    out = folder if where == "same" else folder / "out"
    result = _clean(folder, out)
    assert result.returncode == 2
    assert "OUTPUT must not be INPUT or inside it" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt"]


@pytest.mark.parametrize("input_kind", ["file", "folder"])
def test_input_inside_output_is_refused(tmp_path, input_kind):
    """`clean page.txt .` would write the cleaned page over the page itself."""
    (tmp_path / "page.txt").write_text(ARTICLE)
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "pages").mkdir()
    (tmp_path / "pages" / "pages" / "a.txt").write_text(ARTICLE)
    source = tmp_path / "page.txt" if input_kind == "file" else tmp_path / "pages" / "pages"
    result = _clean(source, tmp_path if input_kind == "file" else tmp_path / "pages")
    assert result.returncode == 2
    assert "OUTPUT must not hold INPUT" in result.stderr
    assert (tmp_path / "page.txt").read_text() == ARTICLE
    assert not (tmp_path / "records.jsonl").exists()
    assert not (tmp_path / "pages" / "records.jsonl").exists()


def test_missing_input_is_a_clear_error(tmp_path):
    result = _clean(tmp_path / "nope", tmp_path / "out")
    assert result.returncode == 2
    assert "no such file or folder" in result.stderr


def test_an_output_that_cannot_be_made_is_a_usage_error_naming_it(tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    out = tmp_path / "a-file" / "out"
    result = _clean(FIXTURES / "seeds", out)
    assert result.returncode == 2
    assert result.stderr == f"clean: {out}: cannot make the OUTPUT folder: Not a directory\n"


def test_no_temporary_files_are_left_behind(tmp_path):
    result = _clean(FIXTURES / "seeds", tmp_path / "out", "-q")
    assert result.returncode == 0
    leftovers = [p for p in (tmp_path / "out").rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


def test_a_backtracking_user_rule_times_out_and_skips_only_that_document(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "slow.toml").write_text(
        '[[rule]]\nid = "mine.slow"\naction = "drop_line"\nreason = "catastrophic"\n'
        "pattern = '^(a|a)+\\1?$'\n")
    folder = tmp_path / "in"
    folder.mkdir()
    # The back-reference keeps the pattern out of the RE2 prefilter, so `regex` runs it on
    # every line, including the one that sends it into exponential backtracking.
    (folder / "evil.txt").write_text("aaaa\n" + "a" * 40 + "b\nSecond line of text here.\n")
    (folder / "good.txt").write_text(ARTICLE)
    result = _clean(folder, tmp_path / "out", "--rules", str(rules))
    assert result.returncode == 0, result.stderr
    reasons = {s["source"]: s["reason"] for s in _report(tmp_path / "out")["skipped"]}
    assert "rule 'mine.slow' timed out" in reasons["evil.txt"]
    assert "good.txt" in _texts(tmp_path / "out")


def test_a_user_pattern_matches_what_regex_matches_beyond_ascii(tmp_path):
    """RE2 only prefilters: `\\w` with a combining accent and a negated class of `\\d` with a
    superscript digit must still find the lines `regex` itself would match."""
    from cleaner import Cleaner, Document, load_rule_files

    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "mine.toml").write_text(
        '[[rule]]\nid = "mine.word"\naction = "drop_line"\nreason = "one word"\n'
        "pattern = '^\\w+$'\n"
        '[[rule]]\nid = "mine.nodigit"\naction = "drop_line"\nreason = "not a digit"\n'
        "pattern = '^Page [^\\d]$'\n", encoding="utf-8")
    cleaner = Cleaner(load_rule_files([rules]))
    text = ("A headline about something\nCafe\u0301\nPage \u00b2\n"
            "The article says something real about the matter at hand today.")
    doc = Document.from_text(text, "doc", "doc.txt")
    cleaner.clean(doc)
    removed = {line.text: line.removed_by for line in doc.lines if line.removed_by}
    assert removed == {"Cafe\u0301": "mine.word", "Page \u00b2": "mine.nodigit"}


def test_a_user_pattern_with_a_look_around_is_prefiltered_and_still_exact(tmp_path):
    """RE2 has no look-arounds: the prefilter leaves them out (they only narrow a match), so
    the rule is not run on every line, and `regex` still decides with them."""
    from cleaner import Cleaner, Document, load_rule_files
    from cleaner.matching import LineMatcher

    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "mine.toml").write_text(
        '[[rule]]\nid = "mine.crumb"\naction = "drop_line"\nreason = "a path, not a step"\n'
        "pattern = '^(?!(?i:go|open) )\\w+(?: :: \\w+){2,}(?<!x)$'\n", encoding="utf-8")
    files = load_rule_files([rules])
    rule = next(rule for file in files for rule in file.rules if rule.id == "mine.crumb")
    matcher = LineMatcher([rule])
    assert matcher.always == [] and matcher.patterns == [rule]
    text = ("Alpha :: Beta :: Gamma\nGo :: Beta :: Gamma\nOpen :: Beta :: Gamma\n"
            "Alpha :: Beta :: x\nThe article says something real about the matter at hand today.")
    doc = Document.from_text(text, "doc", "doc.txt")
    Cleaner(files).clean(doc)
    removed = {line.text: line.removed_by for line in doc.lines if line.removed_by}
    assert [text for text, rule in removed.items() if rule == "mine.crumb"] == [
        "Alpha :: Beta :: Gamma"]


def test_a_name_too_long_for_its_related_files_is_cut_not_skipped(tmp_path):
    """A 244-byte name is valid, but `<name>.related-1.txt` is not: the names are cut and
    marked, and the document and its related records are all written."""
    folder = tmp_path / "in"
    folder.mkdir()
    seed = (FIXTURES / "seeds" / "000_0a201e935a4a70c4.txt").read_text(encoding="utf-8")
    (folder / ("x" * 240 + ".txt")).write_text(seed, encoding="utf-8")
    result = _clean(folder, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    report = _report(tmp_path / "out")
    assert report["documents"]["skipped"] == 0
    records = read_records(tmp_path / "out" / "records.jsonl")
    related = [r for r in records if r["metadata"]["kind"] == "related"]
    assert related and len(records) == 1 + len(related)
    names = [p.name for p in (tmp_path / "out").glob("*.txt")]
    assert len(names) == len(records)
    assert all(len(name.encode()) <= 240 and name.startswith("x" * 100) for name in names)


def test_a_file_of_no_input_kind_is_refused_when_named(tmp_path):
    (tmp_path / "x.json").write_text('{"id": "b", "text": "A headline\\nSome text."}\n')
    result = _clean(tmp_path / "x.json", tmp_path / "out")
    assert result.returncode == 2
    refused = f"{tmp_path / 'x.json'}: not a kind of file clean reads (.txt, .md, .html"
    assert refused in result.stderr
    assert not (tmp_path / "out").exists()


def test_files_of_no_input_kind_in_a_folder_are_left_alone_and_counted(tmp_path):
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text(ARTICLE)
    for name in ("b.json", "c.ndjson", "sub/d.text"):
        (tmp_path / "in" / name).write_text('{"id": "b", "text": "A headline\\nSome text."}\n')
    result = _clean(tmp_path / "in", tmp_path / "out", "--strict")
    assert result.returncode == 0, result.stderr  # nothing was skipped
    report = _report(tmp_path / "out")
    assert report["documents"] == {"read": 1, "cleaned": 1, "skipped": 0}
    assert report["ignored"] == {"files": 3, "first": ["b.json", "c.ndjson", "sub/d.text"],
                                 "warc_responses": {}}
    assert "ignored: 3 files of no kind clean reads (e.g. b.json;" in result.stderr


def test_inputs_whose_ids_would_meet_get_distinct_ones(tmp_path):
    """`b.txt` and `b.txt.gz` would both be `b`: every record keeps an id and a .txt of its
    own."""
    import gzip

    folder = tmp_path / "in"
    folder.mkdir()
    seeds = sorted((FIXTURES / "seeds").glob("*.txt"))
    (folder / "b.txt").write_bytes(seeds[0].read_bytes())  # has related records
    (folder / "b.txt.gz").write_bytes(gzip.compress(seeds[2].read_bytes()))  # so has this
    result = _clean(folder, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    records = read_records(tmp_path / "out" / "records.jsonl")
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))
    assert [r["id"] for r in records if r["metadata"]["kind"] == "article"] == ["b", "b.txt.gz"]
    written = sorted(p.name for p in (tmp_path / "out").glob("*.txt"))
    assert len(written) == sum(1 for r in records if r["text"])


def test_corpus_ids_made_safe_alike_get_distinct_txt_files(tmp_path):
    """With --txt all, ids that become the same file name ("", ".", "..", "a/b" and "a_b")
    are told apart by their line."""
    folder = tmp_path / "in"
    folder.mkdir()
    lines = [json.dumps({"id": record_id, "text": f"{ARTICLE}Line of record {n}."})
             for n, record_id in enumerate(["", ".", "..", "a/b", "a_b"])]
    (folder / "c.jsonl").write_text("\n".join(lines) + "\n")
    result = _clean(folder, tmp_path / "out", "--txt", "all")
    assert result.returncode == 0, result.stderr
    written = sorted((tmp_path / "out" / "c").glob("*.txt"))
    assert len(written) == 5
    assert sorted(p.read_text().splitlines()[-1] for p in written) == [
        f"Line of record {n}." for n in range(5)]


def test_a_page_named_as_anothers_related_txt_keeps_its_file(tmp_path):
    """`a.related-1.txt` beside `a.txt`: the page's .txt keeps its name, and `a.txt`'s first
    related record takes `a.related-1~.txt` instead of writing over it."""
    folder = tmp_path / "in"
    folder.mkdir()
    seeds = sorted((FIXTURES / "seeds").glob("*.txt"))
    (folder / "a.txt").write_bytes(seeds[0].read_bytes())  # has related records
    (folder / "a.related-1.txt").write_bytes(seeds[3].read_bytes())
    result = _clean(folder, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    assert (out / "a.related-1.txt").read_text(encoding="utf-8").startswith(
        "Russia set for Ukraine talks")
    related = [r for r in read_records(out / "records.jsonl") if r["id"] == "a/related/1"][0]
    assert (out / "a.related-1~.txt").read_text(encoding="utf-8").startswith(
        related["metadata"]["title"])
    assert (out / "a.related-2.txt").exists()  # names no page takes stay as they were


def test_a_write_error_says_what_to_do_by_its_cause(tmp_path, monkeypatch):
    """'Once there is room' is for a full disk; a run refused for another cause (permission,
    a read-only file system) resumes once that is put right."""
    import errno

    from typer.testing import CliRunner

    import cleaner.cli

    for code, advice in ((errno.ENOSPC, "once there is room"),
                         (errno.EACCES, "once that is put right")):
        def refuse(*args, code=code, **kwargs):
            raise OSError(code, os.strerror(code))

        monkeypatch.setattr(cleaner.cli, "run", refuse)
        result = CliRunner().invoke(cleaner.cli.app, ["run", str(FIXTURES / "seeds"),
                                                      str(tmp_path / "out")])
        assert result.exit_code == 2
        assert f"; {advice}, the same command resumes the run" in result.output


def test_more_jobs_than_files_start_no_idle_workers(tmp_path, monkeypatch):
    """`--jobs 64` on the five seeds: a worker a file at most, the same records."""
    import multiprocessing

    from cleaner import run as run_module

    started = []
    real = multiprocessing.get_context

    class Context:
        def __init__(self, method):
            self.context = real(method)

        def Pool(self, processes, *args):  # noqa: N802 (multiprocessing's name)
            started.append(processes)
            return self.context.Pool(processes, *args)

    monkeypatch.setattr(run_module.multiprocessing, "get_context", Context)
    monkeypatch.setattr(run_module, "BATCH_SIZE", 1)  # else the five go to one worker
    outputs = []
    for jobs in (1, 64):
        out = tmp_path / f"out{jobs}"
        run_module.run(FIXTURES / "seeds", out, run_module.Settings(out, []), jobs=jobs)
        outputs.append((out / "records.jsonl").read_bytes())
    assert started == [5]
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize("command", [["run", "SEEDS", "OUT"], ["explain", "SEED"],
                                     ["rules", "list"]])
def test_a_cache_folder_that_cannot_be_looked_in_costs_only_the_computing(tmp_path, command):
    """A cache folder the user cannot read or enter (one left by `sudo`, a name the file
    system refuses) is passed over: each command works as without a cache, no traceback,
    and no error blamed on OUTPUT. (A name too long to stat stands for a folder that cannot
    be entered: the suite may run as root, which every folder lets in.)"""
    seeds = FIXTURES / "seeds"
    args = [{"SEEDS": str(seeds), "OUT": str(tmp_path / "out"),
             "SEED": str(next(seeds.glob("001_*.txt")))}.get(a, a) for a in command]
    env = {**os.environ, "CLEANER_CACHE": str(tmp_path / ("x" * 300) / "cache")}
    done = subprocess.run([sys.executable, "-m", "cleaner", *args], capture_output=True,
                          text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "cannot write" not in done.stderr
    if command[0] == "run":
        assert len(read_records(tmp_path / "out" / "records.jsonl")) == 13


def test_links_to_folders_are_not_followed_but_counted(tmp_path):
    """A link loop would trap the walk, so links to folders are not followed; a run over a
    folder of links says so rather than cleaning less in silence."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(ARTICLE)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "b.txt").write_text(ARTICLE)
    (tmp_path / "in" / "more").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    result = _clean(tmp_path / "in", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    report = _report(tmp_path / "out")
    assert report["documents"]["read"] == 1
    assert report["ignored"]["folder_links"] == {"count": 1, "first": ["more/"]}
    assert "ignored: 1 link to a folder, not followed (e.g. more/;" in result.stderr
    (tmp_path / "in" / "a.txt").unlink()
    only_links = _clean(tmp_path / "in", tmp_path / "out2")
    assert only_links.returncode == 1
    assert "INPUT holds no document (1 link to a folder, not followed)" in only_links.stderr


def test_a_file_name_that_is_not_utf8_is_cleaned_under_a_shown_name(tmp_path):
    """A name's undecodable bytes (kept by Python as lone surrogates, which no JSON writer
    and no hash of the inputs takes) are shown as U+FFFD: the run goes on."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / os.fsdecode(b"bad\xffname.txt")).write_text(SEED, encoding="utf-8")
    (folder / "good.txt").write_text(SEED, encoding="utf-8")
    result = _clean(folder, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert sorted(_texts(tmp_path / "out")) == ["bad\ufffdname.txt", "good.txt"]
    assert (tmp_path / "out" / "bad\ufffdname.txt").is_file()


@pytest.mark.parametrize("kind", ["loop", "fifo"])
def test_a_link_loop_or_a_pipe_in_a_folder_is_skipped_and_the_run_goes_on(tmp_path, kind):
    """A link to itself raised from the run's bookkeeping and stopped every document; a
    named pipe would have been waited on for ever."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(SEED, encoding="utf-8")
    odd = folder / "odd.txt"
    if kind == "loop":
        odd.symlink_to(odd)
    else:
        os.mkfifo(odd)
    result = _clean(folder, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert ("skipped odd.txt: symbolic link loop" if kind == "loop" else
            "skipped odd.txt: not a regular file (a pipe") in result.stderr
    assert list(_texts(tmp_path / "out")) == ["good.txt"]
    assert _report(tmp_path / "out")["documents"] == {"read": 2, "cleaned": 1, "skipped": 1}


@pytest.mark.parametrize("given", ["/dev/stdin", "pipe.txt"])
def test_standard_input_or_a_pipe_named_as_input_says_to_give_a_dash(tmp_path, given):
    if given == "pipe.txt":
        os.mkfifo(tmp_path / given)
    result = subprocess.run([sys.executable, "-m", "cleaner", given, "out"], cwd=tmp_path,
                            input=SEED, capture_output=True, text=True)
    assert result.returncode == 2, result.stderr
    assert "standard input is read with - as INPUT" in result.stderr
    assert not (tmp_path / "out").exists()


def test_an_empty_argument_is_refused_not_read_as_this_folder(tmp_path):
    """`clean "$IN" "$OUT"` with OUT unset would have written into the current folder."""
    (tmp_path / "page.txt").write_text(SEED, encoding="utf-8")
    (tmp_path / "records.jsonl").write_text("mine\n")
    for args in (["page.txt", ""], ["", "out"], ["explain", ""]):
        result = subprocess.run([sys.executable, "-m", "cleaner", *args], cwd=tmp_path,
                                capture_output=True, text=True)
        assert result.returncode == 2, args
        assert "an argument is empty" in result.stderr
    assert (tmp_path / "records.jsonl").read_text() == "mine\n"


def test_jsonl_lines_json_cannot_read_are_skipped_and_nan_is_null(tmp_path):
    """Nesting deeper than the interpreter's stack and integers of more than 4300 digits
    raise other errors than a syntax error; they skip their line, not the run. NaN, which
    pandas writes, passes on as null: the records stay JSON."""
    lines = [json.dumps({"id": "a", "text": ARTICLE}),
             '{"id": "deep", "text": "x", "metadata": ' + "[" * 100_000 + "}",
             '{"id": ' + "1" * 5000 + ', "text": "x"}',
             '{"id": "b", "text": ' + json.dumps(ARTICLE) + ', "metadata": {"score": NaN}}']
    (tmp_path / "c.jsonl").write_text("\n".join(lines) + "\n")
    result = _clean(tmp_path / "c.jsonl", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "skipped c.jsonl:2: not JSON: nested too deeply" in result.stderr
    assert "skipped c.jsonl:3: not JSON: Exceeds the limit" in result.stderr
    raw = (tmp_path / "out" / "records.jsonl").read_text()
    assert "NaN" not in raw
    records = [json.loads(line) for line in raw.splitlines()]
    assert [r["id"] for r in records] == ["a", "b"]
    assert records[1]["metadata"]["input_metadata"] == {"score": None}


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
@pytest.mark.parametrize("args", [["-", "-"], ["explain", "-"]])
def test_a_full_standard_output_is_one_line_not_a_traceback(args):
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "cleaner", *args], input=SEED.encode(),
                                stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == 1
    assert result.stderr.decode().strip().endswith(
        "clean: standard output: No space left on device")
    assert b"Traceback" not in result.stderr
