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
from cleaner.rulefile import Action, FailAt, Param, Rule


def drop_echo(doc: Document, rule: Rule) -> None:
    alive = doc.alive_indexes()
    # Two lines alike end in the same word, and most neighbours do not: only those that do
    # are compared whole (comparing every line took a tenth of the cleaning's time).
    ends = [_last_word(doc.lines[i].text) for i in alive]
    for position in range(1, len(alive)):
        if ends[position] != ends[position - 1]:
            continue
        first = _key(rule, doc.lines[alive[position - 1]].text)
        second = _key(rule, doc.lines[alive[position]].text)
        if first[0] != second[0] or len(WORD.findall(first[0])) < rule.params["min_words"]:
            continue
        marked_first = first[1] and not second[1]
        doc.remove(alive[position - 1 if marked_first else position], rule.id)


def _last_word(text: str) -> str:
    """The last word (`\\w+`) of its last token: a marker in front of a line of two words or
    more never reaches it."""
    tokens = text.rsplit(None, 1)
    words = WORD.findall(tokens[-1]) if tokens else []
    return words[-1].casefold() if words else ""


def _key(rule: Rule, text: str) -> tuple[str, bool]:
    """The line as compared (case folded, its list marker left out) and whether it had one."""
    found = search(rule, "marker", text)
    if found:
        text = text[found.end():]
    return " ".join(text.split()).casefold(), found is not None


def _check(rule: Rule, macros: dict[str, str], fail_at: FailAt) -> None:
    if rule.params["min_words"] < 2:  # a one-word line is compared by its last word alone
        fail_at("min_words")("must be 2 or more")


ACTION = Action(
    "drop_echo", "removes the second of two lines printed in a row (or the one with a list "
    "marker)", {
        "marker": Param(str, "a list marker in front of a line, left out when comparing",
                        required=True, pattern=True),
        "min_words": Param(int, "the fewest words a repeated line has (2 at least)",
                           default=5),
    }, drop_echo, check=_check)
