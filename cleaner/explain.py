"""`clean explain`: the document as it came in, each line marked with what became of it.

    12   | kept line                      kept in the record above it
    18 - [daily8.widgets] Hashtags        removed, by that rule
    11 ~ [generic.subheading-dashes] ...  kept, rewritten by a named normalisation
    ==== related 1: outlet=..., published=..., title=...

The same facts feed the HTML page (`report_html.py`): `explain_inputs` cleans the documents of
a file or a folder one at a time, so a thousand documents never sit in memory together.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from cleaner.chain import Cleaner, traced_document
from cleaner.document import Boundary, Document, Record
from cleaner.matching import RuleTimeout
from cleaner.records import record_segments
from cleaner.run import where_in_file
from cleaner.sources import DEFAULT_FIELDS, InputFile, JsonlFields, Skip, Skipped, read_documents


@dataclass(slots=True)
class Explained:
    """One cleaned document: its traced lines, its records, and why each rule that ran exists."""

    doc: Document
    records: list[Record]
    reasons: dict[str, str]  # rule id -> its one-line reason, for the rules that ran on it


def explain_inputs(cleaner: Cleaner, items: Iterable[InputFile],
                   fields: JsonlFields = DEFAULT_FIELDS) -> Iterator[Explained | Skipped]:
    """Each document of each input file, cleaned, in input order; or why it was skipped."""
    for item in items:
        try:
            for doc in read_documents(item, fields):
                yield doc if isinstance(doc, Skipped) else explain_one(cleaner, item, doc)
        except Skip as reason:
            yield Skipped(item.relative, str(reason))


def explain_one(cleaner: Cleaner, item: InputFile, doc: Document) -> Explained | Skipped:
    try:
        records = cleaner.clean(doc)
    except (Skip, RuleTimeout) as reason:
        return Skipped(where_in_file(item, doc), str(reason))
    doc = traced_document(doc, records)  # an HTML page's plain dump, when it won
    return Explained(doc, records, rule_reasons(cleaner, doc))


def rule_reasons(cleaner: Cleaner, doc: Document) -> dict[str, str]:
    """The reasons of the rules that ran on this document: a site file may replace a generic
    rule (same id) with its own reason, so the chain the document went through is asked."""
    sites = doc.chosen_sites()
    chain = cleaner.chain_for(sites, doc.input_kind, doc.own_language())
    return {rule.id: rule.reason for rule in chain.rules}


def record_starts(doc: Document, records: list[Record]) -> dict[int, tuple[Boundary, str,
                                                                           Record | None]]:
    """Boundary line index -> (boundary, what it became, the record it became or None):
    `article (id)`, `related n (id)`, or `link (no body left)`. Told by the cut that made
    the records (`record_segments`), not by titles: two blocks may share a title, or have none."""
    starts: dict[int, tuple[Boundary, str, Record | None]] = {}
    own, others = record_segments(doc)
    if own.boundary is not None:
        starts[own.boundary.index] = (own.boundary, f"article ({records[0].id})", records[0])
    related = enumerate(records[1:], start=1)
    for segment in others:
        boundary = segment.boundary
        assert boundary is not None  # only the document's own segment may have none
        if segment.body:
            number, record = next(related)
            label = f"{record.kind} {number} ({record.id})"
            starts[boundary.index] = (boundary, label, record)
        else:
            starts[boundary.index] = (boundary, "link (no body left)", None)
    return starts


def explain_document(doc: Document, records: list[Record]) -> str:
    article = records[0]
    out = [f"==== article ({article.id}): title={article.title!r}, site={article.site!r}"
           + _read_as(doc)]
    out += [f"==== title was {before!r} [{rule_id}]" for rule_id, before in doc.retitled]
    banners = {index: _banner(boundary, label)
               for index, (boundary, label, _) in record_starts(doc, records).items()}
    for index, line in enumerate(doc.lines):
        if index in banners:
            out.append(banners[index])
        if line.removed_by:
            out.append(f"{line.number:5} - [{line.removed_by}] {line.text}")
        elif line.normalised_by:
            out.append(f"{line.number:5} ~ [{','.join(line.normalised_by)}] {line.text}")
        else:
            out.append(f"{line.number:5}   | {line.text}")
        if index in doc.line_scores:
            out[-1] += _score_note(doc.line_scores[index])
        if index in doc.line_notes:
            out[-1] += f"   ({doc.line_notes[index]})"
    kept = sum(1 for line in doc.lines if line.alive)
    removed = sum(1 for line in doc.lines if line.removed_by)
    out.append(f"==== {kept} lines kept, {removed} removed; {len(records)} records, "
               f"{len(article.links)} links")
    return "\n".join(out)


def _read_as(doc: Document) -> str:
    """How the text was read when not one block a line as it came (docs/inputs.md)."""
    how = [f"wrapped at {doc.meta['wrap_width']}, joined back"] if "wrap_width" in doc.meta else []
    how += ["read as Markdown"] if doc.meta.get("markdown") else []
    how += [f"split at its links, {doc.meta['rejoined']} pieces joined back"
            ] if doc.meta.get("rejoined") else []
    how += ["an HTML page, read as HTML"] if doc.meta.get("html_in_text") else []
    how += ["plain text, read as text"] if doc.meta.get("text_in_html") else []
    return f" ({'; '.join(how)})" if how else ""


def _score_note(scored: tuple[str, float, float]) -> str:
    """A learned score of a line (docs/scorer.md): the locator's scorer's, of a line of its
    region, or the end-trimmer's, of a line it cut; below the threshold at the ends, the
    line was cut."""
    what, score, threshold = scored
    return f"   ({what} {score:.3f} {'<' if score < threshold else '>='} {threshold})"


def _banner(boundary: Boundary, label: str) -> str:
    fields = ", ".join(f"{k}={v!r}" for k, v in boundary.meta.items())
    return f"==== {label}: {fields}  [{boundary.rule}]"
