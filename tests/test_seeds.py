"""The five seeds are the specification: each must give exactly its expected records."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import FIXTURES, read_records

SEEDS = sorted(p.stem for p in (FIXTURES / "seeds").glob("*.txt"))
WIDGET_TEXT = ["Hashtags", "Try Our AI Features", "Explore what Daily8 AI can do for you:",
               "No comments yet...", "Related Articles", "Source link", "Back to top button",
               "31/07/2025", "\n-\n"]


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    subprocess.run([sys.executable, "-m", "cleaner", str(FIXTURES / "seeds"), str(out), "-q"],
                   check=True)
    return out


def _by_source(records):
    grouped = {}
    for record in records:
        grouped.setdefault(record["metadata"]["source"], []).append(record)
    return grouped


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_gives_its_expected_records(output, seed):
    got = _by_source(read_records(output / "records.jsonl"))[f"{seed}.txt"]
    want = read_records(FIXTURES / "expected" / f"{seed}.jsonl")
    assert [r["id"] for r in got] == [r["id"] for r in want]
    for got_record, want_record in zip(got, want, strict=True):
        assert got_record["text"] == want_record["text"], got_record["id"]
        for key, value in want_record.items():
            if key in ("id", "text"):
                continue
            actual = got_record["metadata"].get(key)
            if key == "links":
                actual = [{k: v for k, v in link.items() if k != "rule"} for link in actual]
            assert actual == value, f"{got_record['id']}: {key}"


def test_no_widget_text_in_any_record(output):
    for record in read_records(output / "records.jsonl"):
        text = "\n" + record["text"] + "\n"
        for widget in WIDGET_TEXT:
            assert widget not in text, (record["id"], widget)


def test_every_removal_is_traced_to_a_rule(output):
    for record in read_records(output / "records.jsonl"):
        for removal in record["metadata"]["removed"]:
            assert removal["rule"] and removal["lines"][0] <= removal["lines"][1]


def test_txt_files_hold_title_blank_line_body(output):
    text = (output / "000_0a201e935a4a70c4.txt").read_text(encoding="utf-8")
    title, blank, first = text.split("\n")[:3]
    assert title == "Moscow not expecting 'breakthroughs' from Ukraine talks"
    assert blank == ""
    assert first.startswith("That came after the Kremlin")
    assert (output / "000_0a201e935a4a70c4.related-3.txt").exists()
    assert not (output / "000_0a201e935a4a70c4.related-4.txt").exists()


def test_cleaning_cleaned_text_changes_nothing(output, tmp_path):
    subprocess.run([sys.executable, "-m", "cleaner", str(output), str(tmp_path), "-q"], check=True)
    for again in tmp_path.glob("*.txt"):
        assert again.read_text(encoding="utf-8") == (output / again.name).read_text(
            encoding="utf-8"), again.name


def test_same_input_gives_byte_identical_output(output, tmp_path):
    subprocess.run([sys.executable, "-m", "cleaner", str(FIXTURES / "seeds"), str(tmp_path),
                    "-q", "--jobs", "2"], check=True)
    assert (tmp_path / "records.jsonl").read_bytes() == (output / "records.jsonl").read_bytes()
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["documents"] == {"read": 5, "cleaned": 5, "skipped": 0}
    assert report["records"] == {"article": 5, "related": 8, "item": 0, "links": 20}
