"""The lines a line rule removed before the locator still stop the article's growth, as the
page's chrome they are (the shape of dev set train page wcxb-0055: a directory's last entry,
then a "Browse All" button and a newsletter form whose pitch and fields rules know)."""

from __future__ import annotations

from cleaner import Cleaner, Document, load_rule_files

CLEANER = Cleaner(load_rule_files())
ENTRIES = "\n".join([
    "13. Oz Moving & Storage", "Total Reviews: 1,865",
    "Oz Moving & Storage started in 1993 with a radical promise to its customers: that the "
    "price they were quoted would be the price they paid.",
    "14. Lifestyle Moving", "Total Reviews: 1,052",
    "Lifestyle Moving started in 2000 with a single van in the city, offering cargo delivery, "
    "and it quickly moved into household moving for families.", ""])
FORM = """Browse All
Join our newsletter to stay up to date on features and releases.
Phone Number *
Thank you!
Your submission has been received!
"""


def article(text: str) -> list[str]:
    return CLEANER.clean(Document.from_text(text, "page", "page.txt"))[0].text.split("\n")


def test_a_form_whose_lines_rules_removed_still_ends_the_article():
    lines = article(ENTRIES + FORM)
    assert lines[-1].startswith("Lifestyle Moving started in 2000")
    assert not {"Browse All", "Thank you!", "Your submission has been received!"} & set(lines)


def test_without_the_lines_rules_know_the_form_is_too_short_to_stop_it():
    """The same buttons alone are fewer than a run of chrome: the removed lines are what
    ended the article above."""
    lines = article(ENTRIES + "Browse All\nThank you!\nYour submission has been received!\n")
    assert "Browse All" in lines
