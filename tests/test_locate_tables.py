"""Data tables dumped one cell a line belong to the article; card widgets and page lists do not."""

from __future__ import annotations

from conftest import shared

from cleaner.document import Document


def _article(cleaner, page: str) -> str:
    text = shared("devset", "text", f"{page}.txt").read_text(encoding="utf-8")
    records = cleaner.clean(Document.from_text(text, id=page, source=page))
    return "\n".join(_fold(t) for t in [records[0].title or "", *records[0].text.split("\n")])


def _fold(text: str) -> str:
    """Whitespace as the cleaner folds it (NBSP and runs of spaces become one space)."""
    return " ".join(text.split())


def test_the_text_above_and_below_a_table_and_its_cells_are_kept(cleaner):
    """wcxb-0286: hundreds of one-cell lines ("7", "USAA Group", "35,194,755", "13.2") between
    the article's first paragraphs and its second half."""
    article = _article(cleaner, "wcxb-0286")
    gold = [_fold(line).removeprefix("- ") for line in shared("devset", "gold", "wcxb-0286.txt")
            .read_text(encoding="utf-8").splitlines() if line.strip()]  # gold marks list items
    assert gold[0] in article and "P&C Insurance Trends and Challenges" in article
    assert "\nUSAA Group\n35,194,755\n13.2\n" in article
    # Its gold joins each FAQ question to its answer (the dump has them apart): 7 lines of 41.
    long_lines = [line for line in gold if " " in line and len(line) > 60]
    assert sum(line in article for line in long_lines) >= 0.8 * len(long_lines)


def test_cards_that_repeat_their_labels_are_not_a_table(cleaner):
    """wcxb-0046: stock cards ("NYSE: CRM", "Today's Change", "(0.47%) $1.21", "Current
    Price", "$259.06", "Market Cap", ...) repeat their labels card after card."""
    article = _article(cleaner, "wcxb-0046")
    assert "Today's Change" not in article and "Current Price" not in article


def test_a_page_list_and_teaser_dates_are_not_a_table(cleaner):
    prose = ("The committee said on Tuesday that the new rules would take effect in the spring "
             "after a long review of the costs and the benefits for the city.")
    menu = ["Home", "News", "Sport", "Weather", "Contact"]
    pages = ["1", "2", "3", "4", "5", "6", "7", "Next"]
    teasers = [line for n in range(1, 7) for line in (f"Story number {n}", f"2025/12/{n:02}")]
    lines = [*menu, prose, prose.replace("spring", "summer"), *pages, *teasers, *menu]
    doc = Document.from_text("\n".join(lines), id="page", source="page")
    records = cleaner.clean(doc)
    assert records[0].text.split("\n") == [prose, prose.replace("spring", "summer")]
