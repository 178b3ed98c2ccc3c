"""A page that lists several stories gives a record per story (`generic.listed-stories`);
an article, with its sections and its stamps, stays one record. Pages of
../shared/aggregator-dev (labelled line by line) and the dev set's train split."""

from __future__ import annotations

import pytest
from conftest import shared, train_pages

from cleaner.chain import Cleaner, load_rule_files
from cleaner.document import Document

CLEANER = Cleaner(load_rule_files())


def clean_page(*parts: str):
    path = shared(*parts)
    return CLEANER.clean(Document.from_text(path.read_text(encoding="utf-8"), path.stem,
                                            path.name))


def test_a_kiosk_of_stamped_stories_gives_a_record_per_story():
    """France 24's RSS kiosk: headline, "Europe • 8:07 PM", "1 min", teaser, "Read the
    article", six times over (the last story cut where the page was stored)."""
    article, *items = clean_page("aggregator-dev", "pages", "france24-3.txt")
    assert article.text == "" and article.title is None
    assert [r.kind for r in items] == ["item"] * 6
    first = items[0]
    assert first.title == "Thousands gather in Belgrade to protest against Serbia’s populist " \
                          "government"
    assert first.published == "Europe • 8:07 PM"
    assert first.text.startswith("Tens of thousands of people gathered in Belgrade")
    every_text = "\n".join(r.text for r in items)
    assert "Read the article" not in every_text and "1 min" not in every_text.split("\n")
    assert all(r.parent == article.id and r.id.startswith(f"{article.id}/item/") for r in items)


def test_a_feed_whose_stories_print_their_headline_twice_is_split():
    article, *items = clean_page("aggregator-dev", "pages", "kyivindependent-1.txt")
    assert [r.kind for r in items] == ["item"] * 3
    assert items[1].title == "We need to stop calling Ukrainians resilient"
    assert items[1].text.startswith("Take a moment to imagine this")
    assert "NEWS FEED" not in article.text


@pytest.mark.parametrize("page", ["wcxb-0240", "wcxb-0351", "wcxb-0006"])
def test_an_article_in_sections_or_under_a_menu_of_blurbs_stays_one(page):
    """Train pages that a looser reading of the shape split: a blog post in sections with a
    reading time and a "Recent Posts" box, a government page under its banner and menu, a
    review under a menu of blurbs."""
    assert shared("devset", "text", f"{page}.txt") in train_pages("text")
    records = clean_page("devset", "text", f"{page}.txt")
    assert all(r.kind != "item" for r in records)
