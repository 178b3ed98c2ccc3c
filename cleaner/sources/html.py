"""HTML input: trafilatura finds the main text, and a plain dump of the page checks it.

trafilatura is the best HTML extractor we measured on the dev set, but on a few pages it
keeps only a fragment of the article (a caption, one section), and on others it keeps
boilerplate around the article (a sign-up box above it, a contact block below). So the page
is also dumped as plain text, one visible block a line, and cleaned like any text dump
(rules and content locator), and the two are weighed (weigh.py, the rule
`html.outside-dump-article`): when trafilatura's article holds less than `fallback_share` of
the words the locator found in the dump, the dump's result is used instead (the record says which,
`metadata.extractor`); else trafilatura's first and last lines that the dump's article
leaves out go.

The page is parsed once, by trafilatura's own loader (which repairs and decodes the markup as
its extraction expects); trafilatura works on its copy, and the dump is made from the tree
afterwards. Of trafilatura's metadata only the title and the URL are used, so only they are
looked for (its full metadata pass dates the page with htmldate, which cost a quarter of the
time).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import trafilatura
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.metadata import examine_meta, extract_meta_json, extract_title, extract_url
from trafilatura.utils import load_html

from cleaner.document import READ_AS, Document
from cleaner.language import guess
from cleaner.sources.decoding import decode_bytes, meta_charset, noted
from cleaner.sources.inputs import InputFile, Skip
from cleaner.sources.streams import read_bytes

SKIPPED_TAGS = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object",
                "select", "button"}
# A button or a select left open swallows the page that follows it (lxml nests it there): one
# that holds paragraphs or headings is walked like any block.
FORM_TAGS = {"button", "select"}
HOLDS_TEXT = ".//p or .//h1 or .//h2 or .//h3 or .//article"
BLOCK_TAGS = {"address", "article", "aside", "blockquote", "body", "br", "dd", "details", "dialog",
              "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
              "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
              "section", "summary", "table", "td", "th", "tr", "ul", "caption", "label"}
# trafilatura's recall focus lets more of the page in; it pays where the cleaning after it
# takes out what came in with it: on pages whose plain dump is weighed against its text (the
# rule `html.outside-dump-article`, `dump_languages`), English and pages of no guessed
# language. Elsewhere its default focus stands (docs/locator.md#html-input: devset-ml HTML,
# mostly German, F1 0.9187 -> 0.9248; the dev set's English pages unchanged).
RECALL_LANGUAGES = {"en", None}
MARKUP = re.compile(r"<[A-Za-z!/?]")  # a tag, a doctype, a comment, a closing tag
# The dump is made by libxslt, in C: a block's start and end print this mark, and the text
# is cut there. A Unicode noncharacter, "for a program's internal use": `parse` takes it out
# of a page that carries it, so it can only come from here. (A walk of the tree in Python
# cost as much as a tenth of trafilatura's own time.)
BLOCK_MARK = "\ufdd0"
DUMP = etree.XSLT(etree.XML(f"""\
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:template match="comment()|processing-instruction()"/>
  <xsl:template match="{'|'.join(sorted(SKIPPED_TAGS))}"/>
  <xsl:template match="{'|'.join(f'{tag}[{HOLDS_TEXT}]' for tag in sorted(FORM_TAGS))}"
                priority="2"><xsl:apply-templates/></xsl:template>
  <xsl:template match="{'|'.join(sorted(BLOCK_TAGS))}" priority="3">
    <xsl:text>&#x{ord(BLOCK_MARK):X};</xsl:text><xsl:apply-templates/>\
<xsl:text>&#x{ord(BLOCK_MARK):X};</xsl:text>
  </xsl:template>
</xsl:stylesheet>"""))


def parse(html: str) -> HtmlElement:
    """The page's tree, as trafilatura loads it (its parser resolves no external entity and
    refuses huge trees), or Skip."""
    if BLOCK_MARK in html:
        html = html.replace(BLOCK_MARK, "")
    try:
        tree = load_html(html)
    except (etree.ParserError, ValueError) as error:
        raise Skip(f"HTML could not be parsed: {error}") from None
    if tree is None:
        raise Skip("HTML could not be parsed")
    return tree


def title_and_url(tree: HtmlElement) -> tuple[str | None, str | None, str | None]:
    """The title and URL trafilatura's metadata pass finds, by the same steps, without the
    rest of that pass, and the site's name the page's meta tags give (og:site_name and the
    like, as they print it: the rule `generic.title-site` takes it off the title's end).
    Its JSON-LD step only fills a title the meta tags did not give (and never the URL), so
    it is skipped when they gave one: on most pages (dev set: most of the lookup's time went
    to normalising JSON-LD blocks)."""
    try:
        found = examine_meta(tree)
        if not found.title:
            found = extract_meta_json(tree, found)
        found.title = found.title or extract_title(tree)
        found.url = found.url or extract_url(tree)
        found.clean_and_trim()  # as the full pass ends: entities, spaces, length
        return found.title, found.url, found.sitename
    except Exception:  # broken JSON-LD and markup raise many kinds; a page needs no title
        return None, None, None


def extract(tree: HtmlElement, favor_recall: bool = True) -> str | None:
    """trafilatura's main text (one paragraph a line), or None. It works on a copy.

    Its recall focus, on English pages: on the dev set the default focus drops whole sections
    of some pages (27 of 400 under 0.8 word recall); the recall focus gains over 0.05 of
    recall on 20 pages, loses over 0.05 of precision on 3 (dev HTML wF1 0.942 -> 0.948). It
    is also cheaper: when its own text is long it does not run readability to compare."""
    try:
        result = trafilatura.bare_extraction(
            tree, with_metadata=False, include_comments=False, include_tables=True,
            deduplicate=False, favor_recall=favor_recall,
        )
    except Exception:  # trafilatura raises many kinds on broken markup; the dump stands by
        return None
    if result is None:
        return None
    # A trafilatura Document (a dict only with as_dict=True, which is not asked for)
    text = result.get("text") if isinstance(result, dict) else result.text
    return (text or "").strip() or None


def dump_text(root: HtmlElement) -> str:
    """Every visible text block of the page on its own line, as a naive scrape prints it.
    The whole document is dumped: a page that closes </html> and goes on has its rest parsed
    as a second root element (some CMS templates print the article after the footer)."""
    try:
        text = str(DUMP(root))
    except etree.XSLTApplyError:  # the parser caps nesting far below libxslt's own limit
        return ""  # no dump: trafilatura's text stands alone (weigh.py)
    # Spaces folded by str.split (a regex substitution took five times as long: a page's
    # dump is mostly spaces and marks), then cut at the block edges; the text between two
    # edges, stripped, is a line, and the empty ones (most of a page's thousand blocks) go.
    pieces = (piece.strip() for piece in " ".join(text.split()).split(BLOCK_MARK))
    return "\n".join(piece for piece in pieces if piece)


def focused_text(tree: HtmlElement, recall: bool) -> str | None:
    """trafilatura's text, in the focus the page's language asks for (RECALL_LANGUAGES). The
    language is first guessed from the page's dump; the weighing reads the language of the
    text itself, so where that says otherwise (an English footer under a German article),
    the text is extracted again in the focus it says. trafilatura works on a copy: the tree
    stays as it was, for the dump."""
    text = extract(tree, favor_recall=recall)
    if text is not None and (guess(text) in RECALL_LANGUAGES) != recall:
        text = extract(tree, favor_recall=not recall)
    return text


def read_html(html: str, id: str, source: str, in_text: bool = False) -> Document:
    """trafilatura's text as the document, the page's plain dump as its `dump` (always
    cleaned too: weigh.py weighs the two). `in_text`: the page came where text was expected
    (a `.txt` file, a record's text field), which both say (`metadata.html_in_text`)."""
    meta = {READ_AS["html"]: True} if in_text else {}
    tree = parse(html)
    title, url, site_name = title_and_url(tree)
    plain = dump_text(tree)
    text = focused_text(tree, guess(plain) in RECALL_LANGUAGES)
    named = {"sitename": site_name} if site_name else {}  # for generic.title-site
    dump = Document.from_text(plain, id, source, url=url, title=title, meta=named | meta)
    if text is None:
        if not any(line.text.strip() for line in dump.lines):
            raise Skip("HTML page has no visible text")
        return dump
    doc = Document.from_text(text, id, source, url=url, title=title, input_kind="html",
                             meta=named | meta)
    doc.dump = dump
    return doc


def read_html_page(item: InputFile) -> Document:
    """An HTML file: its bytes in the charset its meta tag declares (if not UTF-8). One that
    holds no tag at all in its first 64 KB (a text saved as `.html`) is read as the text it
    is, which trafilatura would refuse as no HTML (`metadata.text_in_html`)."""
    data = read_bytes(item)
    decoded = decode_bytes(data, meta_charset(data))
    if not MARKUP.search(decoded.text, 0, 2**16):  # decoded: UTF-16 bytes hold no "<h"
        doc = noted(Document.from_dump(decoded.text, item.id, item.relative), decoded)
        doc.meta[READ_AS["text"]] = True
        return doc
    return noted(read_html(decoded.text, item.id, item.relative), decoded)


def read_html_bytes(data: bytes, id: str, source: str, in_text: bool = False) -> Document:
    """A page's bytes in the charset its meta tag declares (if not UTF-8); `in_text`: they
    came where text was expected (a `.txt` file, a record's text field), which the document's
    `html_in_text` says."""
    decoded = decode_bytes(data, meta_charset(data))
    return noted(read_html(decoded.text, id, source, in_text), decoded)


def read(item: InputFile, *_) -> Iterator[Document]:
    """The reader's entry (formats.py): the page's one document."""
    yield read_html_page(item)
