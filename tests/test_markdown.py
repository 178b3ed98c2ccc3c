"""A Markdown dump (html2text's, links and images kept, wrapped at 78) is read as plain text,
its paragraphs joined, and cleans about as the page's one-block-a-line dump does. The
fixture is dev set train page wcxb-0224 so printed (fixtures/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import shared, train_pages

from cleaner import Cleaner, Document, load_rule_files
from cleaner.markdown import is_markdown

CLEANER = Cleaner(load_rule_files())
MARKDOWN = Path(__file__).resolve().parent.parent / "fixtures" / "markdown" / "wcxb-0224.txt"


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
