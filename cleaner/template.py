"""Template lines: what a site prints on every page (menus, footers, share bars), as keys that
hold across pages, and `--learn`'s test of a line against them (the removal is the `drop_template`
action's).

A line's key folds whitespace and case, and digits to `#` (`© 2025 Example Ltd.` and
`© 2024 Example Ltd.` are one line). A line that reads as prose is never template: a standfirst
or disclaimer that recurs is rare, and losing a real sentence costs more than keeping a junk one.
Counting lines across a corpus, and writing what recurs as a rule file, is learn.py's job.
"""

from __future__ import annotations

import regex

from cleaner.document import Document
from cleaner.locate import WORD
from cleaner.normalise import line_key
from cleaner.rulefile import SHIPPED_RULES
from cleaner.sites import host_of

DIGITS = regex.compile(r"\d+")
MAX_LINE_CHARS = 200  # template lines are short; longer ones are never counted
PROSE_END = (".", "!", "?", ".”", "!”", "?”", '."', "!\"", "?\"")


def template_key(text: str) -> str:
    """`© 2025 Example Ltd.` and `© 2024 Example Ltd.` are one template line.

    >>> template_key("©  2025 Example  Ltd.")
    '© # example ltd.'
    """
    return DIGITS.sub("#", line_key(text))


def _stopwords() -> frozenset[str]:
    text = (SHIPPED_RULES / "stopwords-en.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and w[0] != "#")


STOPWORDS = _stopwords()


def reads_as_prose(text: str) -> bool:
    """A sentence of running text: never learned as template, whatever its frequency.

    >>> reads_as_prose("Explore what Daily8 AI can do for you:")
    False
    >>> reads_as_prose("Copyright © 2025 Scratch Culinary Meal Prep. Terms of Service.")
    False
    >>> reads_as_prose("Sign up and we will send you the best of our stories every week.")
    True
    """
    words = WORD.findall(text)
    if len(words) < 8 or not text.endswith(PROSE_END):
        return False
    return sum(w.casefold() in STOPWORDS for w in words) >= 0.25 * len(words)


def group_of(doc: Document) -> str:
    """The site a document belongs to: its URL's host, else its folder under INPUT."""
    if doc.url and (host := host_of(doc.url)):
        return host.removeprefix("www.")
    return doc.source.rpartition("/")[0] or "."
