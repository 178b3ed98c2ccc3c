"""A text printed a text node a line (BeautifulSoup's `get_text("\\n")`: every link's words on
a line of their own) has its sentences joined back before cleaning, and cleans close to the
page's one-block-a-line dump; a one-block-a-line text is left as it is. The fixture is dev set
train page wcxb-2018 so printed (`bench/node_dumps.py`, fixtures/README.md)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from unittest import mock

import pytest
from conftest import shared, train_pages

from cleaner import Cleaner, Document, load_rule_files
from cleaner.cli import _read_as_line
from cleaner.explain import explain_document
from cleaner.rejoin import joined_back, rejoin
from cleaner.run import Settings, run

CLEANER = Cleaner(load_rule_files())
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
NODES = FIXTURES / "node-a-line" / "wcxb-2018.txt"


def numbered(text: str) -> list[tuple[int, str]]:
    return list(enumerate(text.splitlines(), start=1))


def paragraphs(text: str) -> set[str]:
    return {" ".join(line.split()) for line in text.splitlines() if len(line.split()) >= 15}


def words(text: str) -> set[str]:
    return {word.casefold() for word in text.split() if word.isalpha()}


def test_the_gold_paragraphs_come_back_whole():
    gold = paragraphs(shared("devset", "gold", "wcxb-2018.txt").read_text(encoding="utf-8"))
    text = NODES.read_text(encoding="utf-8")
    doc = Document.from_dump(text, "page", "page.txt")
    assert doc.meta["rejoined"] >= 50
    assert not gold & paragraphs(text)  # as printed, every long paragraph is in pieces
    assert len(gold & paragraphs("\n".join(line.text for line in doc.lines))) >= 5


def test_it_cleans_close_to_the_one_block_a_line_dump():
    gold = words(shared("devset", "gold", "wcxb-2018.txt").read_text(encoding="utf-8"))
    block = shared("devset", "text", "wcxb-2018.txt").read_text(encoding="utf-8")
    nodes = NODES.read_text(encoding="utf-8")

    def recall(text: str) -> float:
        return len(words(CLEANER.clean(Document.from_dump(text, "p", "p"))[0].text) & gold) / len(
            gold)

    joined = recall(nodes)
    with mock.patch("cleaner.document.rejoin", lambda text, lines: (lines, 0)):
        apart = recall(nodes)
    assert joined >= recall(block) - 0.15
    assert joined >= apart + 0.2  # in pieces, the locator lost most of the article


def test_a_joined_line_keeps_the_number_of_its_first_piece():
    text = NODES.read_text(encoding="utf-8")
    inputs = text.splitlines()
    for line in Document.from_dump(text, "page", "page.txt").lines:
        assert line.text.strip().startswith(inputs[line.number - 1].strip())


def test_a_link_at_a_sentences_end_and_a_capitalised_link_inside_one():
    lines = joined_back(numbered(
        "The council published the\nfull report\n. Residents can comment until May.\n"
        "The plan was drawn up by\nArup Engineering\nfor the county, which pays for it.\n"
        "Send your questions to\nthe clerk\n.\nOr write a letter to\nthe mayor\n."))
    assert [text for _, text in lines] == [
        "The council published the full report. Residents can comment until May.",
        "The plan was drawn up by Arup Engineering for the county, which pays for it.",
        "Send your questions to the clerk.", "Or write a letter to the mayor."]


def test_a_bullet_between_two_pieces_of_a_byline_is_joined_with_them():
    lines = joined_back(numbered("By Jane Doe\n•\nMay 2, 2025\n•\nNews\nThe bridge was\n"
                               "closed\n. It opens in\nspring\n.\nAsk\nthe clerk\n."))
    assert lines[0] == (1, "By Jane Doe • May 2, 2025 • News")


def test_headings_menus_bylines_and_code_stay_apart():
    text = ("Home\nnews\nsport\nHow the Bridge Will Be Built\nThe engineers hired by\nthe county\n"
            "will start in March and finish the work by\nthe spring\n.\nJane Doe\n•\n"
            "May 2\nThe old crossing will stay open until the\nnew bridge\n.\n"
            "const todo = {\ntext: input,\ncompleted: false,\n};\n")
    lines = joined_back(numbered(text))
    assert [text for _, text in lines] == [
        "Home", "news", "sport", "How the Bridge Will Be Built",
        "The engineers hired by the county will start in March and finish the work by the spring.",
        "Jane Doe • May 2", "The old crossing will stay open until the new bridge.",
        "const todo = {", "text: input,", "completed: false,", "};"]


@pytest.mark.parametrize("kind", ["text", "gold"])
def test_no_one_block_a_line_train_text_is_joined(kind):
    for page in train_pages(kind):
        doc = Document.from_dump(page.read_text(encoding="utf-8"), page.stem, page.name)
        assert "rejoined" not in doc.meta, page.stem


def test_a_few_pieces_are_not_enough():
    """A block dump prints a few: a stray full stop, a list under a colon."""
    text = "Read the full report on\nthe council's website\n.\nHome\nNews\n.\n"
    assert len(joined_back(numbered(text))) < len(numbered(text))
    assert rejoin(text, numbered(text)) == (numbered(text), 0)


@pytest.mark.parametrize("seed", sorted((FIXTURES / "seeds").glob("*.txt")), ids=lambda p: p.stem)
def test_a_seed_is_left_as_it_is(seed):
    text = seed.read_text(encoding="utf-8")
    assert rejoin(text, numbered(text)) == (numbered(text), 0)


def test_the_run_the_records_and_explain_say_so(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(NODES, folder / "page.txt")
    shutil.copy(FIXTURES / "seeds" / "000_0a201e935a4a70c4.txt", folder / "seed.txt")
    out = tmp_path / "out"
    report = run(folder, out, Settings(output=out, rule_folders=[]))
    assert report["read_as"] == {"unwrapped": 0, "markdown": 0, "rejoined": 1, "html": 0,
                                 "text": 0}
    records = {json.loads(line)["id"]: json.loads(line)["metadata"]
               for line in (out / "records.jsonl").open(encoding="utf-8")}
    assert records["page"]["rejoined"] >= 50 and "rejoined" not in records["seed"]
    doc = Document.from_dump(NODES.read_text(encoding="utf-8"), "page", "page.txt")
    first = explain_document(doc, CLEANER.clean(doc)).splitlines()[0]
    assert first.endswith(f"(split at its links, {doc.meta['rejoined']} pieces joined back)")


def test_the_summary_names_only_the_fields_set():
    assert _read_as_line({"unwrapped": 0, "markdown": 0, "rejoined": 1}) == (
        "\nread: 1 text split at its links joined back into sentences (metadata.rejoined)")
    assert _read_as_line({"unwrapped": 2, "markdown": 1, "rejoined": 0}).endswith(
        "(metadata.wrap_width, metadata.markdown)")
    assert _read_as_line({"unwrapped": 0, "markdown": 0, "rejoined": 0}) == ""
