"""`drop_echo`: a line printed twice in a row is printed once.

Pages print a headline or a teaser twice in a row (a card's link and its heading, an image's
alt text and its caption, an RSS view's bulleted title over the item's own): the second copy
says nothing. Where one of the two carries a list marker ("• Title" over "Title"), the marked
one is the list's and goes; else the second. Short lines repeat in real text ("Yes." "Yes."),
so a line must have `min_words` words.
"""

from __future__ import annotations

from cleaner.document import Document
from cleaner.headlines import WORD
from cleaner.matching import search
from cleaner.rulefile import Action, Param, Rule


def drop_echo(doc: Document, rule: Rule) -> None:
    alive = doc.alive_indexes()
    keys = [_key(rule, doc.lines[i].text) for i in alive]
    for position in range(1, len(alive)):
        first, second = keys[position - 1], keys[position]
        if first[0] != second[0] or len(WORD.findall(first[0])) < rule.params["min_words"]:
            continue
        marked_first = first[1] and not second[1]
        doc.remove(alive[position - 1 if marked_first else position], rule.id)


def _key(rule: Rule, text: str) -> tuple[str, bool]:
    """The line as compared (case folded, its list marker left out) and whether it had one."""
    found = search(rule, "marker", text)
    if found:
        text = text[found.end():]
    return " ".join(text.split()).casefold(), found is not None


ACTION = Action(
    "drop_echo", "removes the second of two lines printed in a row (or the one with a list "
    "marker)", {
        "marker": Param(str, "a list marker in front of a line, left out when comparing",
                        required=True, pattern=True),
        "min_words": Param(int, "the fewest words a repeated line has", default=5),
    }, drop_echo)
