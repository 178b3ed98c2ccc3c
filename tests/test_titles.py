"""The title of a text dump is its headline line, not a stamp, a byline, a table of contents
or a menu line (the headline chooser: docs/locator.md). Pages from the dev set's train split,
each titled wrong before the chooser (shown beside it)."""

from __future__ import annotations

import pytest
from conftest import devset_manifest, shared

from cleaner.chain import Cleaner, load_rule_files
from cleaner.document import Document

CLEANER = Cleaner(load_rule_files())

PAGES = {  # page: (its headline, what was taken for its title before)
    "wcxb-0001": ("Top Nutrition Trends for Fall 2025: What Fitness Experts Are Seeing",
                  "5:50 am"),
    "wcxb-0003": ("5 Trends from Nutrition 2025", "Dylan Bailey, MS, RD, FAND"),
    "wcxb-0009": ("How To Book a Flight For Beginners",
                  "Last updated on September 16th, 2023 at 09:27 am"),
    "wcxb-0333": ("This Is The Top Car Rental Company In The US, According To The 2025 J.D. "
                  "Power Study", "Travel News"),
    "wcxb-0093": ("Laptop vs. Desktop: How Many Watts Does a Computer Use?",
                  "Password-free Login/Register"),
    "wcxb-0390": ("I tested 5 AI CLI tools: Here’s how they stack up",
                  "Dec 18, 2025 ⋅ 10 min read"),
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_a_dumps_title_is_its_headline(page):
    assert devset_manifest()[page]["split"] == "train"
    text = shared("devset", "text", f"{page}.txt").read_text(encoding="utf-8")
    [article, *_] = CLEANER.clean(Document.from_text(text, page, f"{page}.txt"))
    headline, before = PAGES[page]
    assert article.title is not None and article.title.startswith(headline[:40])
    assert article.title != before
    assert headline not in article.text.splitlines()  # kept once, as the title


def test_a_corpus_records_url_slug_picks_its_headline():
    """With the URL a record carries, the slug's words point at the headline among the
    page's headings (the same page as a file, without it, takes another)."""
    page = "wcxb-0001"
    text = shared("devset", "text", f"{page}.txt").read_text(encoding="utf-8")
    url = devset_manifest()[page]["url"]
    [article, *_] = CLEANER.clean(Document.from_text(text, page, page, url=url))
    assert article.title.startswith(PAGES[page][0][:40])


def test_an_aggregator_page_that_shows_only_a_headline_titles_it():
    """Daily8 (aggregator-dev daily8-3): another outlet's headline, then the widget run and
    the related blocks. The headline is the page's title, not a one-line article text."""
    path = shared("aggregator-dev", "pages", "daily8-3.txt")
    records = CLEANER.clean(Document.from_text(path.read_text(encoding="utf-8"), "daily8-3",
                                               "daily8-3.txt"))
    article, *related = records
    assert article.title == ("Crown seeks up to 8 years in prison for mischief for 'Freedom "
                             "Convoy' organizers")
    assert article.text == ""
    assert [r.kind for r in related] == ["related", "related"]


def test_a_lone_headline_line_without_related_records_stays_text():
    [article] = CLEANER.clean(Document.from_text("Harbour bridge reopens after repairs", "x",
                                                 "x.txt"))
    assert article.title is None and article.text == "Harbour bridge reopens after repairs"


@pytest.mark.parametrize("lines", [
    ["Home > News > Talks resume", "", "Talks resume", "talks resume"],
    ["Talks resume", "Home / Talks resume", "Talks resume"],
    ["Latest: Talks resume", "", "Talks resume"],
    ["News", "Politics", "Talks", "Home Talks", "talks"],
    ["a", "ba", "a", "a"],
])
def test_a_breadcrumb_is_a_longer_line_above_ending_with_the_candidate(lines):
    """The breadcrumb feature, read from the joined lines (a document's lines hold no
    newline), is the comparison of each line with every line above it."""
    from cleaner.headlines import HeadlineContext
    context = HeadlineContext(lines, set(), frozenset())
    keys = [line.casefold() for line in lines]
    for index, key in enumerate(keys):
        expected = any(len(other) > len(key) and other.endswith(key) for other in keys[:index])
        assert context._ends_a_longer_line_above(index) == expected, (lines, index)
