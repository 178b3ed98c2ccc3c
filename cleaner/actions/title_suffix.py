"""`title_suffix`: `Headline | Section News`, the suffix moved to metadata."""

from __future__ import annotations

from cleaner.document import Document
from cleaner.headlines import retitle
from cleaner.matching import search
from cleaner.rulefile import Action, Param, Rule


def title_suffix(doc: Document, rule: Rule) -> None:
    """`Headline | Section News`: the suffix moves to metadata, named by the pattern's groups
    (`headlines.retitle`: the input's title, else the text's headline line)."""
    retitle(doc, rule.id, lambda title: _without_suffix(doc, rule, title))


def _without_suffix(doc: Document, rule: Rule, title: str) -> str | None:
    """The title without its suffix, whose parts go to the document's metadata; None if it
    has none."""
    found = search(rule, "pattern", title)
    if not found or found.start() == 0:
        return None
    doc.meta.update({k: v.strip() for k, v in found.groupdict().items() if v})
    return title[: found.start()].rstrip()


ACTION = Action(
    "title_suffix", "moves a suffix of the title to metadata, by the pattern's named groups", {
        "pattern": Param(str, "the suffix, from its separator to the end", required=True,
                         pattern=True),
    }, title_suffix)
