"""`segment_related`: a related-articles section cut into records, one per header."""

from __future__ import annotations

from cleaner.document import Boundary, Document
from cleaner.matching import TIMEOUT_SECONDS, search
from cleaner.rulefile import Action, FailAt, Param, Rule, check_types, compile_pattern

HEADER_STEP_KEYS = {"pattern": str, "optional": bool, "name": str}


def segment_related(doc: Document, rule: Rule) -> None:
    """Split a related-articles section into records, one per header match.

    A header is a short run of non-blank lines (outlet, relative time, title, ...) given as
    patterns; blank lines between and inside records are skipped, so the same rule holds for
    dumps with and without them. Header lines become the record's metadata; the lines up to the
    next header are its body.
    """
    nonblank = [i for i, line in enumerate(doc.lines) if line.text]
    position = 0
    if "start" in rule.compiled:
        start = next((p for p, i in enumerate(nonblank)
                      if search(rule, "start", doc.lines[i].text)), None)
        if start is None:
            return
        doc.remove(nonblank[start], rule.id)
        position = start + 1
    while position < len(nonblank):
        header = _match_header(doc, rule, nonblank, position)
        if header is None:
            position += 1
            continue
        end, meta = header
        first, last = nonblank[position], nonblank[end - 1]
        for index in range(first, last + 1):
            doc.remove(index, rule.id)
        doc.boundaries.append(Boundary(first, rule.id, "related", meta, last))
        position = end


def _match_header(doc: Document, rule: Rule, nonblank: list[int],
                  position: int) -> tuple[int, dict[str, str]] | None:
    """Match the header steps from `position`; return where the body starts and the fields."""
    meta: dict[str, str] = {}
    for pattern, optional in rule.header:
        if position >= len(nonblank):
            return None
        found = pattern.search(doc.lines[nonblank[position]].text, timeout=TIMEOUT_SECONDS)
        if found:
            meta.update({k: v.strip() for k, v in found.groupdict().items()
                         if v and not k.startswith("_")})
            position += 1
        elif not optional:
            return None
    return position, meta


def _check(rule: Rule, macros: dict[str, str], fail_at: FailAt) -> None:
    """Each header step is a table with a pattern; at least one step is not optional."""
    for number, step in enumerate(rule.params["header"], start=1):
        fail = fail_at(f"header[{number}]")
        if "pattern" not in step:
            fail("each header step is a table with a 'pattern'")
        if unknown := set(step).difference(HEADER_STEP_KEYS):
            fail(f"unknown key(s) {sorted(unknown)}")
        check_types(step, HEADER_STEP_KEYS,
                    lambda key, number=number: fail_at(f"header[{number}].{key}"))
        rule.header.append(
            (compile_pattern(step["pattern"], macros, fail), bool(step.get("optional")))
        )
    if all(optional for _, optional in rule.header):
        fail_at("header")("needs at least one step that is not optional")


ACTION = Action(
    "segment_related", "splits a related section into records, one per header", {
        "start": Param(str, "the section's heading line (removed); without it, headers are "
                       "looked for in the whole document", pattern=True),
        "header": Param(list[dict], "the header's lines in order, each a table "
                        "`{ pattern, optional, name }`; the patterns' named groups (`outlet`, "
                        "`published`, `title`, ...) become the record's metadata",
                        required=True),
    }, segment_related, check=_check)
