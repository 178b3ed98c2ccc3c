"""A text with no page around it (nothing above its article, no line a rule knows) keeps its
own last lines: the stops below an article are for a page's footer (docs/locator.md). The
texts are dev set train pages' gold texts, fed back in as a corpus's extracted articles."""

from __future__ import annotations

import pytest
from conftest import shared

from cleaner import Cleaner, Document, load_rule_files

CLEANER = Cleaner(load_rule_files())
# (train page, the last lines its gold text ends with: a sign-off, a list under a label)
ENDINGS = [("wcxb-0228", ["Best wishes,", "Andrew"]),
           ("wcxb-0096", ["Snacks:", "* a small handful (30g) of unsalted peanuts",
                          "* 1 carrot cut into sticks", "* 2 satsumas.",
                          "Approximate cost per day: £6.81"])]


def cleaned(text: str) -> list[str]:
    records = CLEANER.clean(Document.from_text(text, "page", "page.txt"))
    article = next(r for r in records if r.kind == "article")
    return [line for line in article.text.split("\n") if line]


@pytest.mark.parametrize(("page", "ending"), ENDINGS)
def test_an_extracted_article_keeps_its_last_lines(page, ending):
    gold = shared("devset", "gold", f"{page}.txt").read_text(encoding="utf-8")
    assert cleaned(gold)[-len(ending):] == ending


@pytest.mark.parametrize(("page", "ending"), ENDINGS)
def test_under_a_page_header_the_footer_stops_hold(page, ending):
    """The same text under one line a rule knows as a page's ("Skip to content") is read as
    a page: some of its last lines, which do not read as the article's text, are cut."""
    gold = shared("devset", "gold", f"{page}.txt").read_text(encoding="utf-8")
    lines = cleaned("Skip to content\n" + gold)
    assert not set(ending) <= set(lines)
