"""`normalise`: a named rewrite of lines (subheading decoration, stray punctuation), run before
the lines are keyed, so every later rule sees the rewritten text."""

from __future__ import annotations

from cleaner.document import Document
from cleaner.normalise import is_stray_punctuation, may_need, strip_subheading_dashes
from cleaner.rulefile import Action, FailAt, Param, Rule

NAMES = ("subheading-dashes", "join-punctuation")


def rewrite(doc: Document, rule: Rule) -> bool:
    """Named rewrites: subheading decoration, stray punctuation joined to the line before.
    Returns whether any line changed."""
    if not may_need(rule.params["name"], doc.encoded()):
        return False
    changed = False
    previous = None
    for index in doc.alive_indexes():
        line = doc.lines[index]
        if rule.params["name"] == "subheading-dashes":
            stripped = strip_subheading_dashes(line.text)
            if stripped is not None:
                line.text = stripped
                line.normalised_by += (rule.id,)
                changed = True
        elif is_stray_punctuation(line.text) and previous is not None:
            doc.lines[previous].text += line.text
            doc.lines[previous].normalised_by += (rule.id,)
            doc.remove(index, rule.id)
            changed = True
            continue
        previous = index
    return changed


def _check(rule: Rule, macros: dict[str, str], fail_at: FailAt) -> None:
    if rule.params["name"] not in NAMES:
        fail_at("name")(f"unknown normalisation (known: {', '.join(sorted(NAMES))})")


ACTION = Action(
    "normalise", "a named rewrite of lines, before any rule matches them", {
        "name": Param(str, "`subheading-dashes` (`- Five killed -` -> `Five killed`) or "
                      "`join-punctuation` (a line of only closing punctuation joins the "
                      "line before)", required=True),
    }, rewrite, stage="prepare", check=_check)
