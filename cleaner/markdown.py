"""A Markdown dump read as plain text: links to their words, images and markup out.

Scrapers that print a page as Markdown (html2text, and the reader services and crawlers that
feed language-model pipelines) write its links as `[words](address)`, its images as
`![alt](address)`, its headings, lists and quotations with `#`, `*` and `>`, its emphasis with
`**` and `_`. The rules and the content locator read words: an address reads as a run of
words that the article does not hold, and a menu of links as long lines. So a text that links
as Markdown does (at least MIN_LINKS `](http...` links, and MIN_LINK_SHARE of its non-blank
lines) is read line by line with the markup taken out: a link leaves its words, an image and
a reference's definition nothing, a heading, a list item or a quotation its text, emphasis
its words. Code is read as text. A line keeps its number (`clean explain` shows the line
as read).

Measured on the dev set's 400 train pages dumped by html2text 2025.4.15 with its links and
images (docs/inputs.md): cleaned as they are wF1 0.7652; read so, their paragraphs joined
(reflow.py), 0.9306. Its least linked
dump of the 400 has links on 3.6% of its lines; of the 1,863 dumps and gold texts of the dev
sets, aggregator-dev and the seeds, none is read as Markdown (one validation dump has links
on 2.1% of its lines).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MIN_LINKS = 5
MIN_LINK_SHARE = 0.03  # of the non-blank lines (html2text's train dumps: 0.036 at least)
# An inline link's target: an address, a path or an anchor (not "[1](2)" of a formula).
LINK_MARK = re.compile(r"\]\((?:https?:|/|#|www\.)")
# Bounded, so that a line of many brackets is read in linear time.
_TARGET = r"\((?:[^()\s]|\([^()\s]{0,200}\)){0,2000}(?:\s+\"[^\"\n]{0,300}\")?\)"
IMAGE = re.compile(rf"!\[[^\[\]\n]{{0,500}}\]{_TARGET}")
LINK = re.compile(rf"\[([^\[\]\n]{{0,500}})\]{_TARGET}")
REFERENCE_LINK = re.compile(r"\[([^\[\]\n]{1,500})\]\[[^\[\]\n]{0,100}\]")
REFERENCE = re.compile(r"\s{0,3}\[[^\[\]\n]{1,500}\]:\s*\S")  # "[1]: https://..."
HEADING = re.compile(r"\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*")
BLOCK_MARKS = re.compile(r"\s*(?:>\s?)*(?:[*+-]\s+|\d{1,3}[.)]\s+)?")  # a quotation, a list
RULE_LINE = re.compile(r"\s{0,3}([-*_])(?:\s*\1){2,}\s*")
FENCE = re.compile(r"\s*(?:```|~~~)")
STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"
                      r"|(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])")
ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")


def is_markdown(text: str, lines: Iterable[str]) -> bool:
    """Whether the text links as Markdown does, on enough of its lines.

    >>> page = "[Home](https://x.org/)\\n[News](https://x.org/news)\\nA story.\\n" * 3
    >>> is_markdown(page, page.splitlines())
    True
    >>> is_markdown("Read [1](2) and [3](4).", ["Read [1](2) and [3](4)."])
    False
    """
    links = len(LINK_MARK.findall(text))
    if links < MIN_LINKS:  # most texts: the lines are not read
        return False
    return links >= MIN_LINK_SHARE * sum(1 for line in lines if line.strip())


def plain(line: str) -> str:
    """The line's text, its Markdown markup taken out.

    >>> plain("  * [Ukraine war](https://x.org/ukraine) **live**")
    'Ukraine war live'
    >>> plain("## What we know ##"), plain("![logo](/logo.png)"), plain("---")
    ('What we know', '', '')
    >>> plain("> a _quoted_ line, snake_case_kept")
    'a quoted line, snake_case_kept'
    """
    if RULE_LINE.fullmatch(line) or FENCE.match(line) or REFERENCE.match(line):
        return ""
    if "](" in line:
        line = LINK.sub(r"\1", IMAGE.sub("", line))
    if "][" in line:
        line = REFERENCE_LINK.sub(r"\1", line)
    if heading := HEADING.fullmatch(line):
        line = heading.group(1)
    line = BLOCK_MARKS.sub("", line, count=1)
    if "*" in line or "_" in line:
        line = EMPHASIS.sub(lambda m: m.group(1) or m.group(2), STRONG.sub(r"\2", line))
    if "\\" in line:
        line = ESCAPED.sub(r"\1", line)
    return line.strip()
