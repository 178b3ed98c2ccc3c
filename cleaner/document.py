"""The unit of work: a document is its lines, each with its original line number.

Cleaning never rewrites text except through a named normalisation; it removes lines and
splits the document into records. Every removal, rewrite and split is kept on the document
so that `explain`, the records' `removed` list and the report all tell the same story.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cleaner.markdown import is_markdown, plain
from cleaner.reflow import unwrap
from cleaner.rejoin import rejoin

# How a text dump was read when not one block a line as it came (`Document.from_dump`): the
# name report.json counts it by, and the key of `meta` (and of the records' metadata) it sets.
READ_AS = {"unwrapped": "wrap_width", "markdown": "markdown", "rejoined": "rejoined",
           "html": "html_in_text", "text": "text_in_html"}


@dataclass(slots=True)
class Line:
    number: int  # 1-based line number in the input
    text: str  # current text, after named normalisations
    removed_by: str | None = None  # id of the rule that removed it
    normalised_by: tuple[str, ...] = ()  # immutable: a default shared by every line is free

    @property
    def alive(self) -> bool:
        return self.removed_by is None and bool(self.text)


@dataclass(slots=True)
class Boundary:
    """A record starts at `index`: a related block or an item of a headline list."""

    index: int
    rule: str
    # "related" (a segmented related block), "item" (a headline list's item with a body) or
    # "story" (a story of a page that lists several)
    role: str
    meta: dict[str, str] = field(default_factory=dict)
    header_end: int = -1  # lines index..header_end are the record's header (consumed)


@dataclass(slots=True)
class Document:
    id: str
    source: str
    lines: list[Line]
    url: str | None = None
    title: str | None = None  # known from the input (HTML, JSONL); else found in the text
    headline: int | None = None  # the line the content locator chose as the headline
    retitled: list[tuple[str, str]] = field(default_factory=list)  # (rule, title before it)
    site: str | None = None  # forced with --site
    language: str | None = None  # forced with --language; else guessed (language.py)
    input_kind: str = "text"  # "text" for a text dump, "html" for text extracted from HTML
    boundaries: list[Boundary] = field(default_factory=list)
    links: list[dict[str, str]] = field(default_factory=list)
    meta: dict[str, object] = field(default_factory=dict)
    dump: Document | None = None  # HTML: the page's plain dump, weighed against it
    weighed: bool = False  # this is such a dump (its locator reads as the weighing was fitted)
    template: frozenset[str] = frozenset()  # `--learn`: its site's template lines' keys
    frozen_text: str = ""  # all lines joined, once no phase rewrites them any more
    frozen_bytes: bytes = b""  # the same, UTF-8 encoded, for RE2 (see encoded())
    # The chain's one pass over those bytes for its actions' patterns (matching.PatternScan):
    # the bytes read, their pieces, and the pieces each pattern's RE2 form matched in.
    scan: tuple[bytes, list[tuple[int, int, int]], dict[str, list[int]]] | None = None
    file_id: str = ""  # where its .txt files go under OUTPUT (default: its id)
    # A learned score of a line, by index, for explain: (what scored it, score, threshold).
    line_scores: dict[int, tuple[str, float, float]] = field(default_factory=dict)
    # Why a line was read as it was, by index, for explain (a barrier the article crossed).
    line_notes: dict[int, str] = field(default_factory=dict)

    @classmethod
    def from_text(cls, text: str, id: str, source: str, **kw) -> Document:
        lines = [Line(n, t) for n, t in enumerate(text.splitlines(), start=1)]
        return cls(id=id, source=source, lines=lines, file_id=id, **kw)

    @classmethod
    def from_dump(cls, text: str, id: str, source: str, **kw) -> Document:
        """A scraped text dump: as `from_text`, but a hard-wrapped text (html2text, lynx) has
        its paragraphs joined first, and `meta["wrap_width"]` tells the width (reflow.py);
        a Markdown dump is read without its markup, and `meta["markdown"]` says so
        (markdown.py)."""
        numbered, width = unwrap(text)
        markdown = is_markdown(text, (line for _, line in numbered))
        if markdown:
            numbered = [(number, plain(line)) for number, line in numbered]
        joins = 0
        if width is None and not markdown:
            numbered, joins = rejoin(text, numbered)
        doc = cls(id=id, source=source, lines=[Line(n, t) for n, t in numbered], file_id=id,
                  **kw)
        if width is not None:
            doc.meta["wrap_width"] = width
        if markdown:
            doc.meta["markdown"] = True
        if joins:
            doc.meta["rejoined"] = joins
        return doc

    def remove(self, index: int, rule: str) -> None:
        """Mark a line removed; the first rule to remove a line is the one traced."""
        line = self.lines[index]
        if line.removed_by is None:
            line.removed_by = rule

    def retake(self, index: int, rule: str) -> None:
        """Mark a line removed by `rule`, even one an earlier rule removed: the later rule
        knows the line better (a related heading over an inline slider is no barrier)."""
        self.lines[index].removed_by = rule

    def chosen_sites(self) -> tuple[str, ...]:
        """The site rule files the chain chose for this document (`Cleaner.prepare` writes
        them into `meta["site"]`, comma-separated, as the records carry them)."""
        site = self.meta.get("site")
        return tuple(site.split(",")) if isinstance(site, str) and site else ()

    def own_language(self) -> str | None:
        """The language its own rules and word lists are chosen by: `metadata.language`,
        except for an HTML page's dump, which is cleaned as the weighing was fitted (the
        English word list, no language's files: docs/decisions.md)."""
        language = self.meta.get("language")
        return language if isinstance(language, str) and not self.weighed else None

    def own_end(self) -> int:
        """Where the document's own text ends: at its first related record or list item."""
        return min((b.index for b in self.boundaries), default=len(self.lines))

    def alive_indexes(self, start: int = 0, end: int | None = None) -> list[int]:
        lines = self.lines[start:end]  # the test is inlined: this runs for every phase
        return [i for i, line in enumerate(lines, start) if line.removed_by is None and line.text]

    def text(self) -> str:
        """All lines joined, for a whole-document search before a line-by-line one. Kept once
        the normalisations are done (`freeze_text`): later phases remove lines, and a removed
        line's text still stands in it, so a search may say yes in vain, never no in vain."""
        return self.frozen_text or "\n".join(line.text for line in self.lines)

    def freeze_text(self) -> None:
        self.frozen_text = ""
        self.frozen_text = self.text()
        self.frozen_bytes = b""

    def encoded(self) -> bytes:
        """`text()` in UTF-8, encoded once: RE2 takes bytes, and given a `str` it would encode
        it again on every search and map every offset back to characters."""
        if not self.frozen_text:
            return self.text().encode("utf-8", "surrogatepass")
        if not self.frozen_bytes:
            self.frozen_bytes = self.frozen_text.encode("utf-8", "surrogatepass")
        return self.frozen_bytes


@dataclass(slots=True)
class Record:
    id: str
    text: str
    kind: str  # "article", "related" or "item"
    source: str
    title: str | None = None
    parent: str | None = None
    outlet: str | None = None
    published: str | None = None
    site: str | None = None
    links: list[dict[str, str]] = field(default_factory=list)
    removed: list[dict[str, object]] = field(default_factory=list)
    extra: dict[str, object] = field(default_factory=dict)

    def to_json(self) -> dict:
        meta: dict[str, object] = {"source": self.source, "kind": self.kind}
        if self.parent is not None:
            meta["parent"] = self.parent
        meta.update(
            title=self.title,
            outlet=self.outlet,
            published=self.published,
            site=self.site,
            links=self.links,
            removed=self.removed,
        )
        meta.update(self.extra)
        return {"id": self.id, "text": self.text, "metadata": meta}
