"""Cut a cleaned document into records: the article, then one record per related block or
listed story.

The article is the document's own text: the lines before the first record boundary. Its
title is the title the input gave (HTML, JSONL) or else its first line, when that line reads
as a headline and more text follows. A document whose own text is empty but which held a
headline feed with bodies (seed 004) takes its longest item as the article. A related block
whose body is empty after cleaning (a ticker, say) is not a record: it becomes a link in the
article's metadata, with its outlet, time and title. A page that lists several stories
(`split_items`) gives a record of kind "item" per story; its own record keeps what the page
says around them, often nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cleaner.document import Boundary, Document, Record
from cleaner.headlines import opens_with_headline, reads_as_headline

RELATED_FIELDS = ("title", "outlet", "published")


@dataclass(slots=True)
class Segment:
    body: list[int]  # alive line indexes
    boundary: Boundary | None = None
    span: tuple[int, int] = (0, 0)  # first and last line index it covers
    meta: dict[str, str] = field(default_factory=dict)

    def chars(self, doc: Document) -> int:
        return sum(len(doc.lines[i].text) for i in self.body)


def split_segments(doc: Document) -> tuple[Segment, list[Segment]]:
    """The document's own segment and one segment per boundary, in line order."""
    bounds = sorted(doc.boundaries, key=lambda b: b.index)
    ends = [b.index for b in bounds[1:]] + [len(doc.lines)] if bounds else []
    own_end = doc.own_end()
    own = Segment(doc.alive_indexes(0, own_end), None, (0, own_end - 1))
    others = [Segment(doc.alive_indexes(b.header_end + 1, end), b, (b.index, end - 1), dict(b.meta))
              for b, end in zip(bounds, ends, strict=True)]
    return own, others


def _take_title(doc: Document, segment: Segment, listed: bool) -> str | None:
    """The first line when it reads as a headline and text follows, or when the content
    locator chose it as the headline (one printed as a sentence, over its byline); or the
    only line, when it reads as one and the page has related records or stories besides (an
    aggregator's page that shows another outlet's headline only, above its related blocks)."""
    texts = [doc.lines[i].text for i in segment.body[:2]]
    chosen = segment.boundary is None and segment.body[:1] == [doc.headline]
    if opens_with_headline(texts, chosen) or (
            listed and len(segment.body) == 1 and reads_as_headline(texts[0])):
        return doc.lines[segment.body.pop(0)].text
    return None


def removed_ranges(doc: Document, first: int = 0, last: int | None = None) -> list[dict]:
    """Runs of consecutive lines removed by the same rule, as 1-based line ranges."""
    ranges: list[dict] = []
    stop = len(doc.lines) - 1 if last is None else last
    for line in doc.lines[first:stop + 1]:
        if line.removed_by is None:
            if line.text:  # a blank line does not break a run
                ranges.append({})
            continue
        current = ranges[-1] if ranges else {}
        if current.get("rule") == line.removed_by:
            current["lines"][1] = line.number
        else:
            ranges.append({"rule": line.removed_by, "lines": [line.number, line.number]})
    return [r for r in ranges if r]


def record_segments(doc: Document) -> tuple[Segment, list[Segment]]:
    """The article's segment and the others, in line order, as the records are cut from them:
    a document whose own text is empty takes its longest list item with a body as its
    article (seed 004). Each other segment with a body is a related record, in turn; one
    without is a link. `clean explain` labels the boundaries by the same cut."""
    own, others = split_segments(doc)
    if not own.body:
        items = [s for s in others if s.boundary and s.boundary.role == "item" and s.body]
        if items:
            own = max(items, key=lambda s: s.chars(doc))
            others.remove(own)
    return own, others


def assemble_records(doc: Document) -> list[Record]:
    own, others = record_segments(doc)
    title = doc.title
    if own.boundary is not None:  # a list item stands for the article
        title = title or own.meta.get("title")
    elif title is None:
        title = _take_title(doc, own, listed=bool(others))
    site = ",".join(doc.chosen_sites()) or None
    extra = {k: v for k, v in doc.meta.items() if k != "site"}
    if doc.url:
        extra["url"] = doc.url
    article = Record(doc.id, _text(doc, own), "article", doc.source, title=title, site=site,
                     links=doc.links, removed=removed_ranges(doc), extra=extra)
    records = [article]
    for segment in others:
        meta = segment.meta
        assert segment.boundary is not None  # only the own segment may have none
        if not segment.body:
            link = {k: meta[k] for k in RELATED_FIELDS if k in meta}
            article.links.append({**link, "rule": segment.boundary.rule})
            continue
        kind = "item" if segment.boundary.role == "story" else "related"
        records.append(Record(
            f"{doc.id}/{kind}/{len(records)}", _text(doc, segment), kind, doc.source,
            title=meta.get("title"), parent=doc.id, outlet=meta.get("outlet"),
            published=meta.get("published"), site=site,
            removed=removed_ranges(doc, *segment.span),
            extra={**{k: v for k, v in meta.items() if k not in RELATED_FIELDS},
                   "language": doc.meta.get("language")}))
    return records


def _text(doc: Document, segment: Segment) -> str:
    return "\n".join(doc.lines[i].text for i in segment.body)
