"""The line rules' sets read a document in pieces of whole lines (`matching.pieces`): a rule
is searched for again only in the pieces a set named it in. Every line a rule drops when its
pattern is tried on every line must still be found, wherever the pieces fall."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, Document, load_rule_files
from cleaner.matching import PIECE_BYTES, pieces, search

CLEANER = Cleaner(load_rule_files())
# Lines the shipped line rules drop, and prose of every length around a piece's size.
WIDGETS = ["Share this article", "Advertisement", "Back to top", "Sign up for our newsletter",
           "Related Articles", "© 2025 Example Media. All rights reserved.", "5 min read",
           "Follow us on Twitter"]
PROSE = st.integers(0, PIECE_BYTES + 40).map(
    lambda n: ("The council met on Tuesday and spoke at length about the plan " * 30)[:n])
LINES = st.lists(st.one_of(st.sampled_from(WIDGETS), PROSE, st.just("")), min_size=1,
                 max_size=40)


def _every_line(doc: Document, keys: list[str]) -> dict[int, str]:
    """What the matcher finds when every pattern rule is tried on every line (no sets)."""
    chain, _ = CLEANER.prepare(doc)
    matcher = chain.matcher
    found = {index: matcher.exact[key].id for index, key in enumerate(keys)
             if key in matcher.exact}
    for rule in [*matcher.patterns, *matcher.always]:
        for index, line in enumerate(doc.lines):
            if index not in found and line.text and search(rule, "pattern", line.text):
                found[index] = rule.id
    return found


@settings(max_examples=60, deadline=None)
@given(LINES)
def test_every_line_a_rule_drops_is_found_wherever_the_pieces_fall(lines):
    doc = Document.from_text("\n".join(lines), "doc", "doc.txt")
    chain, keys = CLEANER.prepare(doc)
    found = {index: rule.id for index, rule in chain.matcher.matches(doc, keys).items()}
    assert found == _every_line(doc, keys)


def test_pieces_hold_whole_lines_and_every_byte_but_the_newlines_between():
    data = "\n".join(["x" * 700, "y" * 500, "", "z" * 1500, "w"]).encode()
    cut = pieces(data)
    assert b"\n".join(data[start:end] for start, end, _ in cut) == data
    assert [line for *_, line in cut] == [0, 2, 4]
    assert all(data[end:end + 1] in (b"\n", b"") for _, end, _ in cut)
