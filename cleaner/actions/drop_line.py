"""`drop_line`: lines that are widget text, by their exact text or a pattern. All line rules
run at once: the compiled line matcher (matching.py) finds which rule takes which line."""

from __future__ import annotations

from cleaner.document import Document
from cleaner.normalise import line_key
from cleaner.rulefile import Action, FailAt, Param, Rule


def drop_matched(doc: Document, matches: dict[int, Rule]) -> None:
    """Remove each matched line still alive and not blank; a rule with `within_first` takes
    its lines only among the document's first N lines alive (counted before any of them go)."""
    within: dict[str, tuple[Rule, list[int]]] = {}  # rules limited to the first lines
    for index, rule in matches.items():
        if doc.lines[index].removed_by is None and doc.lines[index].text:
            limit = rule.params.get("within_first")
            if limit is not None:
                within.setdefault(rule.id, (rule, []))[1].append(index)
                continue
            doc.remove(index, rule.id)
    for rule, indexes in within.values():
        head = set(doc.alive_indexes()[: rule.params["within_first"]])
        for index in indexes:
            if index in head:
                doc.remove(index, rule.id)


def _check(rule: Rule, macros: dict[str, str], fail_at: FailAt) -> None:
    params = rule.params
    if ("lines" in params) == ("pattern" in params):
        fail_at("lines")("give exactly one of 'lines' (exact text) or 'pattern' (regex)")
    lines = params.get("lines")
    if lines is not None and not (lines and all(x.strip() for x in lines)):
        fail_at("lines")("must be a non-empty list of non-empty strings")
    rule.keys = frozenset(line_key(x) for x in lines or [])


ACTION = Action(
    "drop_line", "removes the lines that match", {
        "lines": Param(list[str], "exact lines (whitespace and case folded)"),
        "pattern": Param(str, "a regex searched in each line", pattern=True),
        "within_first": Param(int, "only among the document's first N lines"),
    }, drop_matched, stage="lines", check=_check)
