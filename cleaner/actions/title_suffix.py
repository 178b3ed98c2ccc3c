"""`title_suffix`: `Headline | Section News`, the suffix moved to metadata."""

from __future__ import annotations

from cleaner.document import Document
from cleaner.headlines import opens_with_headline
from cleaner.matching import search
from cleaner.rulefile import Action, Param, Rule


def title_suffix(doc: Document, rule: Rule) -> None:
    """`Headline | Section News`: the suffix moves to metadata, named by the pattern's groups.
    The title is the input's (an HTML page's <title>), else the text's headline line: both
    alike, so that the .txt of a page, whose first line is that title, cleans to itself."""
    if doc.title:
        if (headline := _without_suffix(doc, rule, doc.title)) is not None:
            doc.retitled.append((rule.id, doc.title))
            doc.title = headline
        return
    alive = doc.alive_indexes(0, doc.own_end())
    if not opens_with_headline([doc.lines[i].text for i in alive[:2]]):
        return
    line = doc.lines[alive[0]]
    if (headline := _without_suffix(doc, rule, line.text)) is not None:
        line.text = headline
        line.normalised_by += (rule.id,)


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
