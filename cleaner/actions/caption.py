"""`caption`: image captions move to metadata; the alt text just above them goes."""

from __future__ import annotations

from cleaner.document import Document
from cleaner.matching import anywhere, search
from cleaner.rulefile import Action, Param, Rule


def caption(doc: Document, rule: Rule) -> None:
    """Image captions move to metadata; the image's alt text just before them goes too."""
    if not anywhere(rule, "pattern", doc):
        return
    field = rule.params["field"]
    alive = doc.alive_indexes()
    for position, index in enumerate(alive):
        if not search(rule, "pattern", doc.lines[index].text):
            continue
        captions = doc.meta.get(field)
        if not isinstance(captions, list):
            captions = doc.meta[field] = []
        captions.append(doc.lines[index].text)
        doc.remove(index, rule.id)
        if not position:
            continue
        before = alive[position - 1]
        # Alt text stands right above its caption (blank lines aside) and is a short label.
        adjacent = not any(doc.lines[i].text for i in range(before + 1, index))
        if adjacent and "alt" in rule.compiled and search(rule, "alt", doc.lines[before].text):
            doc.remove(before, rule.id)


ACTION = Action(
    "caption", "moves caption lines to metadata, with the alt-text line above", {
        "pattern": Param(str, "a caption line", required=True, pattern=True,
                         scanned=True),
        "alt": Param(str, "the image's alt-text line, right above its caption", pattern=True),
        "field": Param(str, "the metadata key of the captions", default="captions"),
    }, caption)
