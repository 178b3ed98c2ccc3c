"""`headline_list`: feeds of headlines between `-` lines or behind bullets (`- ` bullets only
where they open the page)."""

from __future__ import annotations

from cleaner.document import Boundary, Document
from cleaner.headlines import is_title_like
from cleaner.matching import anywhere, search
from cleaner.rulefile import Action, Param, Rule


def headline_list(doc: Document, rule: Rule) -> None:
    """Feeds of headlines separated by `-` lines (or bulleted): title-only items go, as links.

    Items between separators that carry a body are kept and each becomes its own record; if the
    document has no text of its own, the longest of them becomes the article.
    """
    if anywhere(rule, "separator", doc):
        _separated_items(doc, rule)
    if "bullet" in rule.compiled and anywhere(rule, "bullet", doc):
        _bulleted_items(doc, rule, "bullet", doc.alive_indexes())
    if "opening_bullet" in rule.compiled and anywhere(rule, "opening_bullet", doc):
        # `- ` lists are common inside articles, under the sentence that leads to them; a run
        # of them that opens the page, above any text, is a site's list of its latest stories.
        _bulleted_items(doc, rule, "opening_bullet", _opening_lines(doc, rule))


def _separated_items(doc: Document, rule: Rule) -> None:
    """Each kind of separator line ("-", "•") by itself: a feed prints one between its items,
    while a "•" between a footer's links and a "–" in a date split over lines are two things,
    and read as one feed the whole article between them became an item. A separator between
    two pieces of a few words each, when it is one that may (`inline_separator`), is inside a
    line a dump printed in pieces ("May 2 • News • Jane Doe", "2021 – 01 – 18"): no feed's."""
    alive = doc.alive_indexes()
    kinds: dict[str, list[int]] = {}
    for position, index in enumerate(alive):
        text = doc.lines[index].text
        if search(rule, "separator", text) and not _inline(doc, rule, index):
            kinds.setdefault(text.strip(), []).append(position)
    for separators in kinds.values():
        _feed(doc, rule, alive, separators)


def _inline(doc: Document, rule: Rule, index: int) -> bool:
    """Whether the separator line at `index` may stand inside a line (`inline_separator`)
    and does: between two pieces of at most `max_inline_words` words, as the page printed
    them (a piece a rule removed, a date, counts)."""
    if "inline_separator" not in rule.compiled or not search(
            rule, "inline_separator", doc.lines[index].text):
        return False
    most = rule.params["max_inline_words"]
    return all(0 < len(piece.split()) <= most
               for piece in (_printed(doc, index, -1), _printed(doc, index, 1)))


def _printed(doc: Document, index: int, step: int) -> str:
    """The nearest line above (step -1) or below (1) that is not blank, "" if none."""
    index += step
    while 0 <= index < len(doc.lines) and not doc.lines[index].text.strip():
        index += step
    return doc.lines[index].text if 0 <= index < len(doc.lines) else ""


def _feed(doc: Document, rule: Rule, alive: list[int], separators: list[int]) -> None:
    bounds = [*separators, len(alive)]
    items = [alive[a + 1:b] for a, b in zip(bounds, bounds[1:], strict=False)]
    max_chars = rule.params["max_title_chars"]
    # Each item's flag, not a list of the items: asking a list whether it holds an item took
    # a feed of 50,000 items 15 s (every item compared with every other).
    title_only = [len(item) == 1 and is_title_like(doc.lines[item[0]].text, max_chars)
                  for item in items]
    if sum(title_only) < rule.params["min_items"]:
        return
    for position in separators:
        doc.remove(alive[position], rule.id)
    for item, only in zip(items, title_only, strict=True):
        if only:
            doc.links.append({"title": doc.lines[item[0]].text, "rule": rule.id})
            doc.remove(item[0], rule.id)
        elif item:
            title = doc.lines[item[0]].text
            doc.boundaries.append(Boundary(item[0], rule.id, "item", {"title": title}, item[0]))


def _opening_lines(doc: Document, rule: Rule) -> list[int]:
    """The document's first lines, up to the first that is not an opening bullet."""
    lines = []
    for index in doc.alive_indexes():
        if not search(rule, "opening_bullet", doc.lines[index].text):
            break
        lines.append(index)
    return lines


def _bulleted_items(doc: Document, rule: Rule, key: str, indexes: list[int]) -> None:
    max_chars = rule.params["max_title_chars"]
    run: list[tuple[int, str]] = []
    for index in [*indexes, None]:  # None: past the end, where a run ends
        found = None if index is None else search(rule, key, doc.lines[index].text)
        title = found.group("title") if found and "title" in found.groupdict() else None
        if index is not None and title and is_title_like(title, max_chars):
            run.append((index, title))
            continue
        if len(run) >= rule.params["min_items"]:
            for item, item_title in run:
                doc.links.append({"title": item_title, "rule": rule.id})
                doc.remove(item, rule.id)
        run = []


ACTION = Action(
    "headline_list", "title-only items of a feed become links; items with a body, records", {
        "separator": Param(str, "the line between items", required=True, pattern=True,
                           scanned=True),
        "bullet": Param(str, "a bulleted item's line, its headline in the group `title`",
                        pattern=True, scanned=True),
        "opening_bullet": Param(str, "the same, for a marker that counts only in a run that "
                                "opens the document, above any text", pattern=True,
                                scanned=True),
        "min_items": Param(int, "title-only items that make a feed", default=3),
        "max_title_chars": Param(int, "the longest headline", default=200),
        "inline_separator": Param(str, "a separator that may also stand inside a line a dump "
                                  "printed in pieces (a byline's '•', a date's '–')",
                                  pattern=True),
        "max_inline_words": Param(int, "such a separator between two pieces of at most this "
                                  "many words each is inside a line, no feed's", default=3),
    }, headline_list)
