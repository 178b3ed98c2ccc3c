"""`clean explain`: it tells what `clean` does with the same input, record for record."""

from __future__ import annotations

import subprocess
import sys

from conftest import FIXTURES, ROOT, read_records

SEED = FIXTURES / "seeds" / "001_14508f3cbf4abfa2.txt"


def _clean(*args):
    return subprocess.run([sys.executable, "-m", "cleaner", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT)


def test_a_block_that_repeats_a_related_title_is_labelled_by_what_it_became(tmp_path):
    # Seed 001 with its LeMonde block printed again, this time over a ticker line only: the
    # second block is a link, not the related record the first became.
    lines = SEED.read_text(encoding="utf-8").splitlines()
    page = tmp_path / "in" / "page.txt"
    page.parent.mkdir()
    page.write_text("\n".join([*lines, "", *lines[24:28], lines[35]]) + "\n", encoding="utf-8")
    assert _clean(page.parent, tmp_path / "out", "-q").returncode == 0
    records = read_records(tmp_path / "out" / "records.jsonl")

    result = _clean("explain", page)
    assert result.returncode == 0, result.stderr
    banners = [line for line in result.stdout.splitlines() if line.startswith("==== ")]
    related = [line for line in banners if line.startswith("==== related")]
    links = [line for line in banners if line.startswith("==== link")]
    assert len(related) == len(records) - 1 == 1
    assert len(links) == len(records[0]["metadata"]["links"]) == 3
    assert banners[-2].startswith("==== link (no body left): outlet='LeMonde'")


def test_the_html_page_is_never_written_over_the_input_file(tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes(SEED.read_bytes())
    result = _clean("explain", page, "--html", page)
    assert result.returncode == 2
    assert "would be written over INPUT" in result.stderr
    assert "Traceback" not in result.stderr
    assert page.read_bytes() == SEED.read_bytes()


def test_a_folder_with_nothing_to_explain_says_so(tmp_path):
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")
    result = _clean("explain", tmp_path)
    assert result.returncode == 1, result.stderr  # as `clean` on such a folder
    assert result.stdout == ""
    assert "ignored: 1 file of no kind clean reads (e.g. notes.json)" in result.stderr
    nothing = f"clean: {tmp_path}: no document to explain (it holds no .txt, .md, .html"
    assert nothing in result.stderr


def test_explain_exits_1_when_every_document_was_skipped_and_with_html_too(tmp_path):
    """As `clean` does: documents that were all skipped, or none at all, explain nothing, and
    the exit code says so, whether the explanation is printed or written as a page."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "none").mkdir()
    for folder, why in (("in", "every one was skipped"), ("none", "no document to explain")):
        for extra in ([], ["--html", str(tmp_path / f"{folder}.html")]):
            result = _clean("explain", tmp_path / folder, *extra)
            assert result.returncode == 1, (folder, extra, result.stderr)
            assert why in result.stderr


def test_a_title_a_rule_rewrote_is_shown_as_it_was(tmp_path):
    """A dev set train page's og:title carries its site's name (wcxb-0217): the record's
    title is the headline, and explain says what the title was and which rule cut it."""
    import shutil

    from conftest import shared

    page = tmp_path / "in" / "wcxb-0217.html.gz"
    page.parent.mkdir()
    shutil.copy(shared("devset", "html", "wcxb-0217.html.gz"), page)
    assert _clean(page.parent, tmp_path / "out", "-q").returncode == 0
    [article] = [r for r in read_records(tmp_path / "out" / "records.jsonl")
                 if r["metadata"]["kind"] == "article"]
    assert article["metadata"]["title"] == "A Complete Guide to All the Types of Furniture Styles"
    assert article["metadata"]["sitename"] == "VRA Interiors"
    result = _clean("explain", page)
    assert result.returncode == 0, result.stderr
    assert ("==== title was 'A Complete Guide to All the Types of Furniture Styles | VRA "
            "Interiors' [generic.title-site]") in result.stdout.splitlines()


def test_explain_reads_one_document_from_standard_input():
    page = FIXTURES / "seeds" / "003_3d0d1443dcd54182.txt"
    piped = subprocess.run([sys.executable, "-m", "cleaner", "explain", "-"],
                           input=page.read_bytes(), capture_output=True)
    named = subprocess.run([sys.executable, "-m", "cleaner", "explain", str(page)],
                           capture_output=True)
    assert piped.returncode == 0, piped.stderr
    # the same explanation, but for the document's name
    assert piped.stdout.split(b"\n")[1:] == named.stdout.split(b"\n")[1:]
