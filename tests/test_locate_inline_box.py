"""A barrier inside the article: an inline "Related Articles" box's heading a third of the way
down (the shape `bench/inline_boxes.py` puts into the dev set's train pages). The article runs
on across it when a paragraph follows at once and the part below outweighs the part above;
a story printed below the article, under its headline, stays out. Invented text."""

from __future__ import annotations

from cleaner import Cleaner, Document, load_rule_files
from cleaner.explain import explain_document
from cleaner.locate import RUNS_ON_NOTE

CLEANER = Cleaner(load_rule_files())
HEADER = "Home\nNews\nSport\nWeather\nContact us\n"
FOOTER = "Privacy Policy\nTerms of Use\nCookie settings\n© 2025 The Valley Herald\n"
OPENING = [
    "The council voted on Monday to rebuild the old river bridge, which has been closed to "
    "lorries since a survey found cracks in two of its piers last spring.",
    "Work is due to start in March and should take about eighteen months, the council said, "
    "while a temporary crossing will carry buses and bicycles across the river.",
]
BELOW = [
    "Engineers who inspected the bridge in the autumn said the cracks had grown, and that "
    "the structure could not be repaired at a reasonable cost to the town.",
    "The new bridge will be wider than the old one, with a separate lane for cyclists and a "
    "footpath on each side, and it will be built a few metres downstream.",
    "Local shops on both banks have complained that the closure has cut their trade, and "
    "several owners told the meeting that they feared for their businesses.",
    "The council promised to keep one lane open to cars for as long as possible during the "
    "works, and to publish a timetable of closures well in advance of each one.",
    "A public exhibition of the designs will be held in the town library next month, where "
    "residents can ask the engineers questions and leave their comments.",
]
OTHER_STORY = [
    "Rail fares to rise again in January",
    *(f"{line} The rail company gave no further figures for its network." for line in [
        "Passengers will pay more for season tickets from the new year, the rail company "
        "announced, blaming the rising cost of energy and of its staff.",
        "Fares on the busiest routes will rise the most, while off-peak tickets will stay "
        "the same until the spring, when the company will review them again.",
        "Campaigners said the rise would push more people back into their cars, and called "
        "on the government to freeze fares for at least another year.",
        "The company said it had no choice, since its income had not recovered from the "
        "years when far fewer people travelled to work by train every day.",
        "It added that it would invest part of the money in new trains for the branch lines, "
        "which have suffered the most from cancellations this year.",
        "A spokesman for the union said staff had not been consulted on the new fares and "
        "would raise the matter at their next meeting with the company.",
    ]),
]


def article(text: str) -> list[str]:
    return CLEANER.clean(Document.from_text(text, "page", "page.txt"))[0].text.split("\n")


def page(*parts: list[str]) -> str:
    return HEADER + "\n".join(line for part in parts for line in part) + "\n" + FOOTER


def test_the_article_runs_on_across_an_inline_related_heading():
    lines = article(page(OPENING, ["Related Articles"], BELOW))
    assert lines == [*OPENING, *BELOW]


def test_without_the_heading_the_same_article_is_kept_whole():
    assert article(page(OPENING, BELOW)) == [*OPENING, *BELOW]


def test_a_longer_story_printed_below_under_its_headline_stays_out():
    lines = article(page(OPENING, BELOW, ["Related Articles"], OTHER_STORY))
    assert lines == [*OPENING, *BELOW]


def test_a_teaser_below_a_related_heading_stays_out_when_it_weighs_less():
    teaser = ("Passengers will pay more for season tickets from the new year, the rail "
              "company announced on Friday.")
    lines = article(page(OPENING, BELOW, ["Related Articles", teaser]))
    assert lines == [*OPENING, *BELOW]


def test_explain_says_the_article_ran_on_across_the_barrier():
    doc = Document.from_text(page(OPENING, ["Related Articles"], BELOW), "page", "page.txt")
    records = CLEANER.clean(doc)
    heading = next(line for line in explain_document(doc, records).splitlines()
                   if "Related Articles" in line)
    assert "[generic.related-heading]" in heading and RUNS_ON_NOTE in heading
    doc = Document.from_text(page(OPENING, BELOW, ["Related Articles"], OTHER_STORY), "page",
                             "page.txt")
    assert RUNS_ON_NOTE not in explain_document(doc, CLEANER.clean(doc))
