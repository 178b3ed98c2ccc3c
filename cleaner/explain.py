"""`clean explain`: the document as it came in, each line marked with what became of it.

    12   | kept line                      kept in the record above it
    18 - [daily8.widgets] Hashtags        removed, by that rule
    11 ~ [generic.subheading-dashes] ...  kept, rewritten by a named normalisation
    ==== related 1: outlet=..., published=..., title=...
"""

from __future__ import annotations

from cleaner.document import Document, Record


def _boundary_lines(records: list[Record], doc: Document) -> dict[int, str]:
    """Header line index -> the banner printed above it."""
    banners: dict[int, str] = {}
    by_title = {r.title: (n, r) for n, r in enumerate(records) if r.kind == "related"}
    for boundary in doc.boundaries:
        title = boundary.meta.get("title")
        if title in by_title:
            number, record = by_title[title]
            label = f"related {number} ({record.id})"
        elif records[0].title == title:
            label = f"article ({records[0].id})"
        else:
            label = "link (no body left)"
        fields = ", ".join(f"{k}={v!r}" for k, v in boundary.meta.items())
        banners[boundary.index] = f"==== {label}: {fields}  [{boundary.rule}]"
    return banners


def explain_document(doc: Document, records: list[Record]) -> str:
    article = records[0]
    out = [f"==== article ({article.id}): title={article.title!r}, site={article.site!r}"]
    banners = _boundary_lines(records, doc)
    for index, line in enumerate(doc.lines):
        if index in banners:
            out.append(banners[index])
        if line.removed_by:
            out.append(f"{line.number:5} - [{line.removed_by}] {line.text}")
        elif line.normalised_by:
            out.append(f"{line.number:5} ~ [{','.join(line.normalised_by)}] {line.text}")
        else:
            out.append(f"{line.number:5}   | {line.text}")
    kept = sum(1 for line in doc.lines if line.alive)
    removed = sum(1 for line in doc.lines if line.removed_by)
    out.append(f"==== {kept} lines kept, {removed} removed; {len(records)} records, "
               f"{len(article.links)} links")
    return "\n".join(out)
