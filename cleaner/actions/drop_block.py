"""`drop_block`: from a start line to an end line (or to the end), everything goes."""

from __future__ import annotations

from bisect import bisect_right

from cleaner.document import Document
from cleaner.matching import anywhere, search
from cleaner.rulefile import Action, Param, Rule


def drop_block(doc: Document, rule: Rule) -> None:
    """From a start line to an end line (or the end of the document), everything goes."""
    if not anywhere(rule, "start", doc):
        return
    # A block may start or end on a line a line rule has removed already ("Show More", a
    # widget's heading): its lines are read, removed or not; those removed keep their rule
    # unless the block rule `retakes` them (then an earlier barrier rule stops being one).
    alive = [index for index, line in enumerate(doc.lines) if line.text]
    max_lines = rule.params.get("max_lines")  # None: the end may be anywhere
    position = 0
    while position < len(alive):
        start = alive[position]
        if not search(rule, "start", doc.lines[start].text):
            position += 1
            continue
        end = _block_end(doc, rule, alive, position, max_lines)
        if end is None:
            position += 1
            continue
        remove = doc.retake if rule.params["retakes"] else doc.remove
        for index in range(start, end + 1):
            remove(index, rule.id)
        position = bisect_right(alive, end)


def _block_end(doc: Document, rule: Rule, alive: list[int], position: int,
               max_lines: int | None) -> int | None:
    """Index of the block's last line, or None when its end is not found in reach."""
    last = len(alive) - 1 if not max_lines else min(len(alive) - 1, position + max_lines)
    if "end" not in rule.compiled:
        return alive[-1] if not max_lines or last == len(alive) - 1 else None
    for later in range(position + 1, last + 1):
        if search(rule, "end", doc.lines[alive[later]].text):
            if rule.params["include_end"]:
                return alive[later]
            return alive[later - 1]
    return None


ACTION = Action(
    "drop_block", "removes from a start line to an end line, or to the end", {
        "start": Param(str, "the block's first line", required=True, pattern=True,
                       scanned=True),
        "end": Param(str, "its last line (without it: to the end of the document)",
                     pattern=True),
        "include_end": Param(bool, "whether the end line goes too", default=True),
        "max_lines": Param(int, "the end must come within this many lines of the start, else "
                           "nothing goes (without it: anywhere)"),
        "retakes": Param(bool, "lines a line rule removed already are traced to this rule "
                         "instead, so they stop being that rule's barrier", default=False),
    }, drop_block)
