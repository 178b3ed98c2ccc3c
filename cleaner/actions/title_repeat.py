"""`title_repeat`: a line of the article that repeats its title is not text."""

from __future__ import annotations

from cleaner.document import Document
from cleaner.headlines import opens_with_headline
from cleaner.rulefile import Action, Rule


def title_repeat(doc: Document, rule: Rule) -> None:
    """Pages print the headline twice (breadcrumb and heading, heading and share card): a
    line of the article that repeats its title is not text."""
    alive = doc.alive_indexes(0, doc.own_end())
    title = doc.title
    if title is None and opens_with_headline([doc.lines[i].text for i in alive[:2]]):
        title, alive = doc.lines[alive[0]].text, alive[1:]
    if not title:
        return
    key = title.casefold()
    longest = len(key)  # a casefold is never shorter than its text: longer lines differ
    for index in alive:
        text = doc.lines[index].text
        if len(text) <= longest and text.casefold() == key:
            doc.remove(index, rule.id)


# Again at the end: once the locator has cut the page's head, its first line may be the
# headline only now, and the copy of it further down would go on a second cleaning (of the
# .txt) if not now.
ACTION = Action("title_repeat", "removes lines of the article that repeat its title", {},
                title_repeat, again_at_end=True)
