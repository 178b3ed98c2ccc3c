"""A hard-wrapped text dump (html2text, lynx: every paragraph cut into lines of under 80
characters, blank lines between blocks) is joined back into its paragraphs before cleaning,
and cleans as its one-block-a-line dump does; a one-block-a-line text is never touched. The
wrapped texts are made here from dev set train dumps, as html2text wraps (textwrap, 78)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from conftest import shared, train_pages

from cleaner import Cleaner, Document, load_rule_files
from cleaner.reflow import unwrap

CLEANER = Cleaner(load_rule_files())
PAGES = ("wcxb-0094", "wcxb-0224", "wcxb-0011")
SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"


def wrapped(dump: str, width: int = 78) -> str:
    """The dump as html2text prints it: each block wrapped, a blank line after each."""
    return "\n\n".join("\n".join(textwrap.wrap(line, width)) or line
                       for line in dump.splitlines() if line.strip())


def dump(page: str) -> str:
    return shared("devset", "text", f"{page}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("page", PAGES)
def test_a_wrapped_dump_is_joined_back_into_its_blocks(page):
    blocks = [" ".join(line.split()) for line in dump(page).splitlines() if line.strip()]
    lines, width = unwrap(wrapped(dump(page)))
    assert width is not None and width <= 78
    assert [text for _, text in lines if text.strip()] == blocks


@pytest.mark.parametrize("page", PAGES)
def test_a_wrapped_dump_cleans_as_its_one_block_a_line_dump(page):
    plain = CLEANER.clean(Document.from_dump(dump(page), page, page))[0]
    doc = Document.from_dump(wrapped(dump(page)), page, page)
    article = CLEANER.clean(doc)[0]
    assert doc.meta["wrap_width"] <= 78
    assert article.text == "\n".join(" ".join(line.split()) for line in plain.text.split("\n"))


def test_a_joined_line_keeps_the_number_of_its_first_piece():
    text = wrapped(dump(PAGES[0]))
    doc = Document.from_dump(text, "page", "page.txt")
    inputs = text.splitlines()
    for line in doc.lines:
        assert line.text.startswith(inputs[line.number - 1].strip())


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda path: path.stem)
def test_a_seed_is_left_as_it_is(path):
    text = path.read_text(encoding="utf-8")
    lines, width = unwrap(text)
    assert width is None and [t for _, t in lines] == text.splitlines()


# The one train dump whose page prints its article hard-wrapped (at 78, its HTML's own line
# breaks kept), under a hundred lines of "Affordable Gym in 08010, Burlington County, New
# Jersey" links.
WRAPPED_ARTICLE = "wcxb-0086"


@pytest.mark.parametrize("kind", ["text", "gold"])
def test_one_block_a_line_texts_are_left_as_they_are(kind):
    assert [page.stem for page in train_pages(kind)
            if unwrap(page.read_text(encoding="utf-8"))[1] is not None
            and (kind, page.stem) != ("text", WRAPPED_ARTICLE)] == []


def test_a_wrapped_article_under_a_list_of_like_lines_is_joined():
    """The list's lines (51 to 60 characters) fill a band of their own, fuller than the
    article's; the wrap's band is the fullest whose lines break sentences."""
    lines, width = unwrap(dump(WRAPPED_ARTICLE))
    assert width == 78
    texts = [text for _, text in lines]
    assert any(text.startswith("Gym equipment refers to the various machines") and
               text.endswith("needs and preferences of gym-goers.") for text in texts)
    assert sum(text.startswith("Affordable Gym in 080") for text in texts) > 20  # not joined


def test_a_list_item_or_heading_under_a_full_line_is_not_joined():
    line = "The council voted on Monday to rebuild the old river bridge, which has been"
    text = "\n".join([line, "closed to lorries since the spring.", ""] * 12
                     + [line, "* a list item that opens a line", "## A heading", ""])
    lines, width = unwrap(text)
    assert width == len(line)
    texts = [t for _, t in lines if t]
    assert texts[-3:] == [line, "* a list item that opens a line", "## A heading"]
    assert texts[0] == f"{line} closed to lorries since the spring."
