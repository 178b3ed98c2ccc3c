"""A date stamp heads an article: the page's header above it stays out. A dated card inside an
article does not cut it in two, and a page that prints its article twice keeps one copy."""

from __future__ import annotations

from cleaner.document import Document

PROSE = [
    "The committee said on Tuesday that the new rules would take effect in the spring after "
    "a long review of the costs and the benefits for the city and its people.",
    "Residents who spoke at the meeting said they had waited for the change for years, and "
    "that the council should now move quickly to put the plan into practice.",
    "The mayor said the first works would start in April and that the city would report on "
    "their progress to the council every three months until they were done.",
]
PROMO = ("Our team of planners has helped hundreds of cities like yours to design streets "
         "that people love, and we would be glad to help you too.")


def _text(cleaner, lines: list[str]) -> list[str]:
    records = cleaner.clean(Document.from_text("\n".join(lines), id="page", source="page"))
    return records[0].text.split("\n")


def test_the_header_above_a_stamp_stays_out(cleaner):
    lines = ["Home", "News", "Sport", "Weather", "Contact", PROMO, "City to change its rules",
             "April 21, 2021", *PROSE, "Home", "News", "Sport"]
    assert _text(cleaner, lines) == PROSE


def test_a_dated_card_inside_the_text_does_not_cut_it(cleaner):
    card = ["How the city planned its new parks", "Aug 01, 2024"]
    lines = ["Home", "News", "Sport", PROSE[0], PROSE[1], *card, PROSE[2], PROSE[0][4:],
             "Home", "News", "Sport"]
    text = _text(cleaner, lines)
    assert text[:2] == PROSE[:2] and text[-2:] == [PROSE[2], PROSE[0][4:]]


def test_a_page_that_prints_its_article_twice_keeps_one_copy(cleaner):
    header = ["City to change its rules", "Jane Doe", "April 21, 2021"]
    lines = ["Home", "News", "Sport", *header, *PROSE, *header, *PROSE, "Home", "News"]
    assert _text(cleaner, lines) == PROSE


def test_a_timeline_below_the_text_keeps_its_entries(cleaner):
    timeline = ["March 3, 2020", "The first complaint about the plan is filed with the council.",
                "June 8, 2021", "The council rejects the plan after a public hearing."]
    lines = ["Home", "News", "Sport", *PROSE, *timeline, "Home", "News", "Sport"]
    assert _text(cleaner, lines) == [*PROSE, timeline[1], timeline[3]]


def test_a_long_table_whose_column_head_is_a_label_does_not_cut_the_text(cleaner):
    rows = [cell for n in range(12)
            for cell in (f"The Book of Rivers, Part {n + 1}", f"Jane Doe {n + 1}", f"{1990 + n}")]
    lines = ["Home", "News", "Sport", PROSE[0], PROSE[1], "Title", "Author", "Year", *rows,
             PROSE[2], PROSE[0][4:], "Home", "News", "Sport"]
    text = _text(cleaner, lines)
    assert text[:2] == PROSE[:2] and text[-2:] == [PROSE[2], PROSE[0][4:]]
