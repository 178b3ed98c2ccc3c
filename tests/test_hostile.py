"""Hostile input: link loops, files that vanish mid-run, entity bombs in HTML, a full disk."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cleaner import cli, sinks
from cleaner import run as run_module
from cleaner.sources import InputFile, Skip, find_inputs, read_document

ARTICLE = "A headline about the talks\nThe talks were held in Istanbul on Wednesday.\n"


def test_a_symlink_loop_does_not_trap_the_walk(tmp_path):
    (tmp_path / "in" / "a").mkdir(parents=True)
    (tmp_path / "in" / "a" / "page.txt").write_text(ARTICLE)
    (tmp_path / "in" / "a" / "loop").symlink_to(tmp_path / "in")
    found = find_inputs(tmp_path / "in")
    assert [item.relative for item in found] == ["a/page.txt"]


def test_an_unreadable_folder_is_reported_like_an_unreadable_file(tmp_path, monkeypatch, capsys):
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text(ARTICLE)
    (tmp_path / "in" / "sub" / "b.txt").write_text(ARTICLE)
    scandir = os.scandir

    def denied(path="."):  # as `chmod 000 sub` does, for a user other than root
        if Path(path).name == "sub":
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", denied)
    monkeypatch.setattr(sys, "argv", ["clean", str(tmp_path / "in"), str(tmp_path / "out"),
                                      "-j", "1", "--strict"])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 1
    assert "skipped sub/: cannot read folder: Permission denied" in capsys.readouterr().err
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["skipped"] == [{"source": "sub/",
                                  "reason": "cannot read folder: Permission denied"}]
    assert report["documents"] == {"read": 2, "cleaned": 1, "skipped": 1}
    monkeypatch.setattr(sys, "argv", ["clean", "explain", str(tmp_path / "in")])
    with pytest.raises(SystemExit):
        cli.main()
    assert "skipped sub/: cannot read folder: Permission denied" in capsys.readouterr().err


def test_a_file_that_vanishes_is_a_skip_reason(tmp_path):
    path = tmp_path / "gone.txt"
    path.write_text(ARTICLE)
    item = InputFile(path, "gone.txt")
    path.unlink()
    try:
        read_document(item)
    except Skip as reason:
        assert str(reason) == "file vanished before it was read"
    else:
        raise AssertionError("a vanished file must be skipped")


@pytest.mark.parametrize("name", ["a.txt", "b.jsonl.gz", "c.warc.gz"])
def test_a_link_to_nothing_is_named_a_broken_link(tmp_path, name):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / name).symlink_to(tmp_path / "gone")
    report = run_module.run(tmp_path / "in", tmp_path / "out",
                            run_module.Settings(tmp_path / "out", []), jobs=1)
    assert report["skipped"] == [{
        "source": name,
        "reason": f"broken symbolic link (to {tmp_path / 'gone'}, which does not exist)"}]


def test_an_entity_bomb_in_html_is_neither_expanded_nor_slow(tmp_path):
    entities = "".join(f'<!ENTITY e{n} "&e{n - 1};&e{n - 1};&e{n - 1};&e{n - 1};">'
                       for n in range(1, 30))
    bomb = (f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY e0 "boom">{entities}]>'
            "<html><body><p>The talks were held in Istanbul on Wednesday, officials said.</p>"
            "<p>&e29;</p></body></html>")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bomb.html").write_text(bomb)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "cleaner", str(tmp_path / "in"),
                             str(tmp_path / "out"), "-q"], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert time.perf_counter() - started < 60
    out = (tmp_path / "out" / "records.jsonl").read_text()
    assert "held in Istanbul on Wednesday" in out  # the page is read, its bomb not expanded
    assert "boomboom" not in out
    for line in out.splitlines():
        assert len(json.loads(line)["text"]) < 10_000


def test_a_full_disk_gives_a_clear_message_and_no_half_written_records(tmp_path, monkeypatch,
                                                                       capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(ARTICLE)

    def full(self, lines):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(sinks.JsonlSink, "write", full)
    monkeypatch.setattr(sys, "argv", ["clean", str(tmp_path / "in"), str(tmp_path / "out"),
                                      "-j", "1"])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "cannot write: No space left on device" in err and "Traceback" not in err
    leftovers = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert "records.jsonl" not in leftovers
    assert not [name for name in leftovers if name.endswith(".tmp")]


def test_a_document_whose_files_cannot_be_written_is_skipped_with_the_reason(tmp_path,
                                                                            monkeypatch):
    def full(output, source_id, records, taken):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(run_module, "write_record_files", full)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(ARTICLE)
    report = run_module.run(tmp_path / "in", tmp_path / "out",
                            run_module.Settings(tmp_path / "out", []), jobs=1)
    assert report["skipped"] == [{"source": "a.txt",
                                  "reason": "cannot write its output: No space left on device"}]


def test_very_deep_folders_are_walked_and_mirrored(tmp_path):
    deep = tmp_path / "in" / "/".join(["d"] * 400)
    deep.mkdir(parents=True)
    (deep / "page.txt").write_text(ARTICLE)
    result = subprocess.run([sys.executable, "-m", "cleaner", str(tmp_path / "in"),
                             str(tmp_path / "out"), "-q"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "/".join(["d"] * 400) / "page.txt").exists()


def test_a_document_utf8_cannot_encode_is_skipped_alone(tmp_path):
    """A lone surrogate reaching the records (a JSON escape of half an emoji) fails that
    document, named, where it is cleaned; the batch's other records are written."""
    from cleaner import Cleaner, Document, load_rule_files
    from cleaner.run import Outcome, Settings, clean_document

    cleaner = Cleaner(load_rule_files())
    settings = Settings(output=tmp_path, rule_folders=[])
    outcome = Outcome("a.jsonl")
    good = Document.from_text(ARTICLE, "good", "a.jsonl")
    bad = Document.from_text(ARTICLE.replace("Istanbul", "Istanbul \ud83d"), "bad", "a.jsonl")
    assert clean_document(cleaner, settings, good, outcome, txt=False) is None
    reason = clean_document(cleaner, settings, bad, outcome, txt=False)
    assert reason and "UTF-8 cannot encode" in reason
    assert [json.loads(line)["id"] for line in outcome.lines] == ["good"]


def _cleaned_within(text: str, seconds: float) -> list:
    from cleaner import Cleaner, Document, load_rule_files

    cleaner = Cleaner(load_rule_files())
    started = time.perf_counter()
    records = cleaner.clean(Document.from_text(text, "page", "page.txt"))
    assert time.perf_counter() - started < seconds
    return records


def test_a_feed_of_fifty_thousand_headlines_is_read_in_one_pass():
    """Headlines between "-" lines, 50,000 of them: each item was once looked for in the list
    of title-only items, every item against every other (15 s)."""
    text = "\n".join("-" if n % 2 else f"Headline number {n} about the vote"
                     for n in range(100_000))
    article, *_ = _cleaned_within(text, 10)
    assert "Headline number 2 about the vote" not in article.text.splitlines()
    assert len(article.links) >= 49_000


def test_twenty_thousand_outlet_cards_are_read_in_one_pass():
    """An outlet, a stamp, the outlet again as a list item, 20,000 times and no teaser: the
    run of card lines was read again from each card's start (30 s)."""
    _cleaned_within("\n".join(["Reuters", "5 hours ago", "- Reuters"] * 20_000), 10)
