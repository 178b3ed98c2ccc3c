"""The aggregator's related-block pattern holds up to its template's variations."""

from __future__ import annotations

import pytest
from conftest import shared

from cleaner import Cleaner, Document, load_rule_files

ARTICLE = "Moscow not expecting breakthroughs\nThe Kremlin said talks could be held this week."
TIMES = ["a minute ago", "an hour ago", "17 hours ago", "a day ago", "3 days ago", "2 weeks ago",
         "just now", "5h ago", "Jul 31, 2025", "31/07/2025", "31 July 2025", "2025-07-31"]


@pytest.fixture(scope="module")
def daily8():
    return Cleaner(load_rule_files(), site="daily8")


def _related(cleaner, text):
    return cleaner.clean(Document.from_text(text, "doc", "doc.txt"))[1:]


def _block(outlet, time, title, body, marker="- ", blank=True):
    lines = [outlet, time, f"{marker}{outlet}", title, body]
    return "\n".join(lines) + ("\n\n" if blank else "\n")


@pytest.mark.parametrize("time", TIMES)
def test_every_common_time_form_starts_a_record(daily8, time):
    text = f"{ARTICLE}\nRelated Articles\n" + _block("ABC News", time, "Iran meets E3", "Iran met.")
    [record] = _related(daily8, text)
    assert (record.outlet, record.published, record.title, record.text) == (
        "ABC News", time, "Iran meets E3", "Iran met.")


@pytest.mark.parametrize("marker", ["- ", "• ", "· ", "-"])
@pytest.mark.parametrize("blank", [True, False])
def test_outlet_markers_and_blank_lines(daily8, marker, blank):
    blocks = "".join(_block(o, "2 hours ago", f"Title from {o}", f"Body from {o}.", marker, blank)
                     for o in ("LeMonde", "France 24", "Qatar Tribune"))
    records = _related(daily8, f"{ARTICLE}\nRelated Articles\n{blocks}")
    assert [r.outlet for r in records] == ["LeMonde", "France 24", "Qatar Tribune"]
    assert [r.text for r in records] == [f"Body from {o}." for o in ("LeMonde", "France 24",
                                                                       "Qatar Tribune")]


def test_block_without_marker_line(daily8):
    text = f"{ARTICLE}\nRelated Articles\nABC News\na day ago\nTitle here\nBody here.\n"
    [record] = _related(daily8, text)
    assert (record.outlet, record.title, record.text) == ("ABC News", "Title here", "Body here.")


def test_article_prose_after_no_related_heading_is_left_alone(daily8):
    text = f"{ARTICLE}\nABC News\n5 hours ago\nThis line follows a time but no section began."
    records = daily8.clean(Document.from_text(text, "doc", "doc.txt"))
    assert len(records) == 1
    assert "ABC News" in records[0].text


def _article_lines(text):
    article = Cleaner(load_rule_files()).clean(Document.from_text(text, "doc", "doc.txt"))[0]
    return article.text.split("\n")


def test_a_slider_inside_a_post_is_no_end_of_it():
    """aggregator-dev page wordpress-1: the theme's "Related Posts" / "1 of 25" slider sits
    between the post's paragraphs. Without its counter the heading is a barrier alone, and
    the post still runs on across it: a paragraph follows at once and most of the post is
    below it (locate._runs_on)."""
    path = shared("aggregator-dev", "pages", "wordpress-1.txt")
    page = path.read_text(encoding="utf-8")
    last = "#Canada clamps down on over 400 million Canadian dollars in Russian assets and " \
           "transactions."
    lines = _article_lines(page)
    assert last in lines and "Related Posts" not in lines and "1 of 25" not in lines
    bare = _article_lines(page.replace("1 of 25\n", ""))
    assert last in bare and "Related Posts" not in bare


def test_seed_001_on_a_site_with_no_file_gives_the_same_records():
    """Seed 001 with the two lines its site file knows it by printed otherwise (an unknown
    aggregator of the same layout): the generic layer gives the article, the LeMonde block as
    a related record and the two France 24 blocks, whose bodies are tickers, as links, as
    the site file does."""
    from conftest import FIXTURES, read_records

    seed = FIXTURES / "seeds" / "001_14508f3cbf4abfa2.txt"
    text = seed.read_text(encoding="utf-8").replace(
        "Try Our AI Features", "Try Our Smart Tools").replace(
        "Explore what Daily8 AI can do for you:", "See what NewsHub can do for you:")
    records = Cleaner(load_rule_files()).clean(Document.from_text(text, "page", "page.txt"))
    want = read_records(FIXTURES / "expected" / f"{seed.stem}.jsonl")
    assert records[0].site is None
    assert [r.kind for r in records] == [w["kind"] for w in want]
    assert [(r.title, r.text) for r in records] == [(w["title"], w["text"]) for w in want]
    assert records[1].outlet == want[1]["outlet"] == "LeMonde"
    assert [{k: v for k, v in link.items() if k != "rule"} for link in records[0].links] == [
        {k: link[k] for k in ("title", "outlet", "published")} for link in want[0]["links"]]


GENERIC = Cleaner(load_rule_files())
STORY = ("The council approved the new cycle lanes on Tuesday after a debate that lasted four "
         "hours.\nMembers said the lanes would cost less than the parking scheme that was "
         "dropped last year.\nThe first lanes will open in the spring along the river.\n")
CARDS = [("Reuters", "5 hours ago", "Bridge repairs to close the river road for a month",
          "The road will close from Monday while engineers replace the bearings under the "
          "east span."),
         ("BBC News", "2 days ago", "City budget leaves libraries short of funds",
          "Three branches may cut their opening hours after the council froze spending on "
          "staff."),
         ("The Guardian", "3 days ago", "Bus fares rise for the second time this year",
          "Operators blame fuel costs and a fall in the number of passengers since the "
          "spring.")]


ORDERS = {"outlet, time, headline": (0, 1, 2, 3), "time, outlet, headline": (1, 0, 2, 3),
          "headline, outlet, time": (2, 0, 1, 3), "outlet · time, headline": (0, 1, 2, 3),
          "outlettime, headline": (0, 1, 2, 3)}


@pytest.mark.parametrize("order", ORDERS)
@pytest.mark.parametrize("heading", ["Related Articles\n", ""])
def test_a_card_naming_its_outlet_and_time_is_a_related_record(heading, order):
    """The plainest related cards, no outlet printed twice and no site file: an outlet's
    name, its time and the headline in any order, then the snippet. With a related heading
    over them or none, each is a record with its outlet, time and title (a snippet of fewer
    than `min_teaser_words` makes no card: a link, under a heading). Printed headline, name,
    time, snippet, they are the shape of a comment thread too, but for the headline over
    each name (`generic.comment-thread-ago` leaves them)."""
    cards = ["\n".join(card[n] for n in ORDERS[order]) for card in CARDS]
    if order == "outlet · time, headline":  # the name and the time on one line
        cards = ["\n".join((f"{outlet} · {time}", title, body))
                 for outlet, time, title, body in CARDS]
    if order == "outlettime, headline":  # glued, as a dump prints two spans with no space
        cards = ["\n".join((f"{outlet}{time}", title, body))
                 for outlet, time, title, body in CARDS]
    text = STORY + heading + "\n".join(cards)
    article, *related = GENERIC.clean(Document.from_text(text, "doc", "doc.txt"))
    assert article.text == STORY.strip()
    assert [(r.kind, r.outlet, r.published, r.title, r.text) for r in related] == [
        ("related", *card) for card in CARDS]


def test_a_label_every_card_prints_with_no_time_is_no_outlet():
    """wcxb-0229 (train): course cards under the article, "Certificate" over each name and no
    time: a box's label, so no related records come of them (the locator removes them)."""
    text = shared("devset", "text", "wcxb-0229.txt").read_text(encoding="utf-8")
    assert "Certificate\nHR Management Certification" in text
    assert len(GENERIC.clean(Document.from_text(text, "doc", "doc.txt"))) == 1


def test_a_sections_today_over_a_card_is_no_outlet():
    """france24-3 (aggregator-dev): "All categories", "Today", then a story's headline and its
    own time: the stories stay items; none is taken for another outlet's."""
    text = shared("aggregator-dev", "pages", "france24-3.txt").read_text(encoding="utf-8")
    records = GENERIC.clean(Document.from_text(text, "doc", "doc.txt"))
    assert [r.kind for r in records[1:]] == ["item"] * 6
    assert all(r.outlet is None for r in records)


@pytest.mark.parametrize("heading", ["Related Articles\n", ""])
def test_a_named_card_with_no_snippet_is_a_link_with_its_outlet_and_time(heading):
    """Outlet, time and headline only, card after card: no record of their own, but each a
    link of the article's with its outlet and time, not the article's text."""
    text = STORY + heading + "\n".join("\n".join(card[:3]) for card in CARDS)
    article, *related = GENERIC.clean(Document.from_text(text, "doc", "doc.txt"))
    assert article.text == STORY.strip() and related == []
    assert [(link["outlet"], link["published"], link["title"]) for link in article.links] == [
        card[:3] for card in CARDS]


def test_a_time_inside_a_headline_is_not_the_cards_time():
    """The card's time is its marker line's, read before its headline: a headline ending in
    "Today?" over "The Guardian" and "3 days ago" was published "Today", the rest of the
    headline taken for a section."""
    cards = [(outlet, time, f"{title} Today?" if n == 2 else title, body)
             for n, (outlet, time, title, body) in enumerate(CARDS)]
    text = STORY + "\n".join("\n".join((title, outlet, time, body))
                             for outlet, time, title, body in cards)
    records = GENERIC.clean(Document.from_text(text, "doc", "doc.txt"))
    assert [(r.published, r.extra.get("section")) for r in records[1:]] == [
        (time, None) for _, time, _, _ in CARDS]
