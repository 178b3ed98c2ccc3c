"""HTML input: trafilatura finds the main text, and a plain dump of the page stands by.

trafilatura is the best HTML extractor we measured on the dev set, but on a few pages it
keeps only a fragment of the article (a caption, one section). So the page is also dumped
as plain text, one visible block a line, and cleaned like any text dump (rules and content
locator); when trafilatura's article holds less than `chain.FALLBACK_SHARE` of the words
the locator found in the dump, the dump's result is used instead. The record says which
(`metadata.extractor`).
"""

from __future__ import annotations

import lxml.html
import trafilatura
from lxml import etree

from cleaner.sources import Skip

SKIPPED_TAGS = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object",
                "select", "button"}
BLOCK_TAGS = {"address", "article", "aside", "blockquote", "body", "br", "dd", "details", "dialog",
              "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
              "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
              "section", "summary", "table", "td", "th", "tr", "ul", "caption", "label"}
_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True,
                               huge_tree=False, default_doctype=False)


def extract(html: str) -> tuple[str | None, str | None, str | None]:
    """trafilatura's main text (one paragraph a line, or None), the title and the URL."""
    try:
        result = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=True,
            deduplicate=False,
        )
    except Exception:  # trafilatura raises many kinds on broken markup; the dump stands by
        return None, None, None
    if result is None:
        return None, None, None
    return (result.text or "").strip() or None, result.title, result.url


def dump_text(html: str) -> str:
    """Every visible text block of the page on its own line, as a naive scrape prints it."""
    try:
        root = lxml.html.document_fromstring(html.encode("utf-8"), parser=_PARSER)
    except (etree.ParserError, ValueError) as error:
        raise Skip(f"HTML could not be parsed: {error}") from None
    lines: list[str] = []
    current: list[str] = []

    def end_line() -> None:
        text = " ".join("".join(current).split())
        if text:
            lines.append(text)
        current.clear()

    # An explicit stack, not recursion: a hostile page may nest tags thousands deep.
    stack: list[tuple[etree._Element, bool]] = [(root, False)]
    while stack:
        element, closing = stack.pop()
        tag = element.tag if isinstance(element.tag, str) else ""
        if closing:
            if tag in BLOCK_TAGS:
                end_line()
            if element.tail:
                current.append(element.tail)
            continue
        if tag in SKIPPED_TAGS:
            if element.tail:
                current.append(element.tail)
            continue
        if tag in BLOCK_TAGS:
            end_line()
        if element.text and tag:
            current.append(element.text)
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(element))
    end_line()
    return "\n".join(lines)
