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


# Lines the actions' scanned patterns look for: stamps, separators, bullets, a caption.
MARKED = ["10:45", "- ", "-", "• A bulleted headline of a feed", "3 hours ago",
          "Read more", "Posted by Jane Doe", "12/03/2025 09:15",
          "Jane Doe / Reuters", "Related Articles"]
MARKED_LINES = st.lists(st.one_of(st.sampled_from(MARKED + WIDGETS), PROSE, st.just("")),
                        min_size=1, max_size=40)


def _scanned_patterns(chain) -> list[tuple]:
    from cleaner.actions import ACTIONS

    return [(rule, name) for rule in chain.rules
            for name, param in ACTIONS[rule.action].params.items()
            if param.scanned and name in rule.compiled]


@settings(max_examples=60, deadline=None)
@given(MARKED_LINES)
def test_the_scan_names_every_line_an_action_pattern_matches(lines):
    """`candidate_lines` read from the chain's one pass (`PatternScan`) holds every line the
    pattern matches when tried on each line, and `anywhere` says yes wherever one does."""
    from cleaner.matching import anywhere, candidate_lines

    doc = Document.from_text("\n".join(lines), "doc", "doc.txt")
    chain, _ = CLEANER.prepare(doc)
    chain.scan.read(doc)
    assert doc.scan is not None
    patterns = _scanned_patterns(chain)
    assert len(patterns) >= 8
    for rule, name in patterns:
        matching = {index for index, line in enumerate(doc.lines)
                    if line.text and search(rule, name, line.text)}
        candidates = candidate_lines(rule, name, doc)
        assert candidates is None or matching <= candidates
        assert anywhere(rule, name, doc) or not matching


def test_a_text_rewritten_after_the_scan_is_searched_whole():
    """The scan is read for the text it read: once a line is rewritten and the text frozen
    again, the actions search the new text, not the scan's pieces."""
    from cleaner.matching import candidate_lines

    doc = Document.from_text("An opening line of the page\nnothing here", "doc", "doc.txt")
    chain, _ = CLEANER.prepare(doc)
    chain.scan.read(doc)
    stamp = next(rule for rule, name in _scanned_patterns(chain)
                 if rule.id == "generic.comment-thread-ago")
    assert candidate_lines(stamp, "stamp", doc) == set()
    doc.lines[1].text = "3 hours ago"
    doc.freeze_text()
    assert candidate_lines(stamp, "stamp", doc) == {1}
