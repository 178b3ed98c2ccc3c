"""`drop_template`: with `clean --learn`, the lines a document's site prints on many of its
pages (menus, footers, share bars) go (template.py; learned by learn.py)."""

from __future__ import annotations

from cleaner.document import Document
from cleaner.rulefile import Action, Rule
from cleaner.template import MAX_LINE_CHARS, reads_as_prose, template_key


def drop_template(doc: Document, rule: Rule) -> None:
    """Remove the document's lines that its site group prints as template (`doc.template`,
    which the cleaner sets from what `--learn` counted; empty without it). A line that reads
    as prose never goes: a sentence a site repeats is rare, and losing one costs more."""
    if not doc.template:
        return
    for index, line in enumerate(doc.lines):
        if line.alive and len(line.text) <= MAX_LINE_CHARS and not reads_as_prose(line.text) \
                and template_key(line.text) in doc.template:
            doc.remove(index, rule.id)


# First of the document phases, right after the line rules: a template line is gone before
# blocks, lists and the locator read the page.
ACTION = Action("drop_template", "removes the lines the document's site prints as template "
                "(`clean --learn`)", {}, drop_template)
