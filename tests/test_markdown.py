"""A Markdown dump (html2text's, links and images kept, wrapped at 78) is read as plain text,
its paragraphs joined, and cleans about as the page's one-block-a-line dump does. The
fixture is dev set train page wcxb-0224 so printed (fixtures/README.md)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import shared, train_pages

from cleaner import Cleaner, Document, load_rule_files
from cleaner.explain import explain_document
from cleaner.markdown import is_markdown
from cleaner.run import Settings, run

CLEANER = Cleaner(load_rule_files())
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
MARKDOWN = FIXTURES / "markdown" / "wcxb-0224.txt"
SEEDS = FIXTURES / "seeds"


def words(text: str) -> set[str]:
    return {word.casefold() for word in text.split() if word.isalpha()}


def article(doc: Document) -> str:
    return CLEANER.clean(doc)[0].text


def test_the_markdown_dump_is_read_as_markdown_and_joined():
    doc = Document.from_dump(MARKDOWN.read_text(encoding="utf-8"), "page", "page.txt")
    assert doc.meta["markdown"] is True and doc.meta["wrap_width"] <= 78
    text = "\n".join(line.text for line in doc.lines)
    assert "](" not in text and "https://" not in text and "**" not in text


def test_it_cleans_about_as_the_one_block_a_line_dump():
    gold = words(shared("devset", "gold", "wcxb-0224.txt").read_text(encoding="utf-8"))
    naive = shared("devset", "text", "wcxb-0224.txt").read_text(encoding="utf-8")
    markdown = MARKDOWN.read_text(encoding="utf-8")
    read = words(article(Document.from_dump(markdown, "page", "page.txt")))
    as_is = words(article(Document.from_text(markdown, "page", "page.txt")))
    plain = words(article(Document.from_dump(naive, "page", "page.txt")))
    assert len(read & gold) / len(gold) >= len(plain & gold) / len(gold) - 0.02
    assert len(read - gold) <= len(plain - gold) + 10
    assert len(as_is & gold) < len(read & gold) - 0.1 * len(gold)  # read as it is: lost


@pytest.mark.parametrize("kind", ["text", "gold"])
def test_no_one_block_a_line_text_is_read_as_markdown(kind):
    texts = [page.read_text(encoding="utf-8") for page in train_pages(kind)]
    assert not any(is_markdown(text, text.splitlines()) for text in texts)


def test_a_line_keeps_its_input_number():
    markdown = MARKDOWN.read_text(encoding="utf-8")
    doc = Document.from_dump(markdown, "page", "page.txt")
    inputs = markdown.splitlines()
    assert len(doc.lines) < len(inputs)
    assert all(line.number <= len(inputs) for line in doc.lines)
    assert [line.number for line in doc.lines] == sorted(line.number for line in doc.lines)


def test_the_run_reports_and_explain_says_how_the_text_was_read(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(MARKDOWN, inputs / "page.md")
    shutil.copy(SEEDS / "000_0a201e935a4a70c4.txt", inputs / "seed.txt")
    out = tmp_path / "out"
    report = run(inputs, out, Settings(output=out, rule_folders=[]))
    assert report["read_as"] == {"unwrapped": 1, "markdown": 1, "rejoined": 0, "html": 0,
                                 "text": 0}
    records = {json.loads(line)["id"]: json.loads(line)["metadata"]
               for line in (out / "records.jsonl").open(encoding="utf-8")}
    assert records["page.md"]["markdown"] is True and records["page.md"]["wrap_width"] <= 78
    assert "markdown" not in records["seed"] and "wrap_width" not in records["seed"]
    doc = Document.from_dump(MARKDOWN.read_text(encoding="utf-8"), "page", "page.md")
    first = explain_document(doc, CLEANER.clean(doc)).splitlines()[0]
    assert first.endswith(f"(wrapped at {doc.meta['wrap_width']}, joined back; read as Markdown)")
