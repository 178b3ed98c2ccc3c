"""Whether a line reads as a headline (short, not ending like a sentence or a clause)."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable

from cleaner.document import Document
from cleaner.linefeatures import WORDS, char_counts, is_title_like, long_words

TITLE_MAX_CHARS = 300  # a headline that opens a text; list items are held to less


def opens_with_headline(texts: list[str], chosen: bool = False) -> bool:
    """A text's first line is its headline when it reads as one, or the content locator
    `chosen` it (one printed as a sentence, over its byline), and more text follows.

    >>> opens_with_headline(["Talks will be difficult", "Peskov said so."])
    True
    >>> opens_with_headline(["Talks will be difficult"])
    False
    >>> opens_with_headline(["Talks will be difficult.", "Peskov said so."], chosen=True)
    True
    """
    return len(texts) > 1 and (chosen or is_title_like(texts[0], TITLE_MAX_CHARS))


# Choosing a text dump's headline among the lines around its article's start: each candidate
# line gets the features below, and the rule's weights (generic.toml, `headline_weights`,
# fitted on the dev set's train pages by `bench/titles.py --fit`) score them; the best scored
# candidate that reads as a headline is the title.
HEADLINE_FEATURES = (
    "above",        # above the article (else one of its first lines)
    "far_above",    # log2(1 + lines between it and the article), above it
    "far_below",    # log2(1 + its place among the article's lines), inside it
    "words",        # up to 1 at FULL_WORDS words: a two-word label scores 0
    "long",         # words past 20, by tens: a sentence more than a headline
    "repeated",     # the page prints it more than once (a heading and a share card)
    "breadcrumb",   # a line above ends with it (a breadcrumb's last step)
    "header",       # a byline or a stamp within two lines under it
    "topic",        # the share of its longer words that the article uses
    "slug",         # the share of the URL slug's words it holds (0 without a URL)
    "no_slug",      # the document has no URL slug to compare with
    "capitals",     # the share of its words that start with a capital letter
    "question",     # it ends with "?" or "!"
    "numbered",     # it starts with a number and "." or ")": a step or a list's item
    "path",         # it holds " / ", " > ", " » " or " | ": a breadcrumb or a menu
    "digits",       # the share of its characters that are digits
    "text_under",   # the next line reads as a paragraph (eight words, a sentence's end)
    "label",        # it opens with one word and a colon: "Posted:", "Tags:", "Source:"
    "year",         # it holds a year ("2025"): titles of guides and rankings do
    "stamp",        # a date with its month's name, "3 days ago", "10 min read", a file's size
    "contained",    # another line of the page holds it inside a longer text (a share card)
)
WORD = WORDS  # a Chinese or Japanese character is a word of its own
SLUG_SPLIT = re.compile(r"[^\w]+|_")
# A clock time or an all-digit date: a stamp ("5:50 am", "2025-02-22", "12/19/2025").
STAMP = re.compile(r"\b\d{1,2}:\d{2}\b|\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b")
STAMP_DIGITS = 3  # the fewest digits STAMP matches ("5:50")
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?")
DATED = re.compile(rf"(?i)\b{MONTHS}\s*\d{{1,2}}\b"
                   rf"|\b\d{{1,2}}(?:st|nd|rd|th)?[\s.]*{MONTHS}[\s.]*\d"
                   r"|\b\d+\s*(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)"
                   r"\s+(?:ago|read)\b|\b\d+(?:\.\d+)?\s*[kmg]b\b")
HEADLINE_WORDS = (2, 30)  # fewer is a label, more is a paragraph
FULL_WORDS = 6
TOPIC_CHARS = 4  # words this long or longer carry the topic
HEADER_REACH = 2
NUMBERED = re.compile(r"\d{1,3}[.)]\s")
PATH_MARKS = (" / ", " > ", " » ", " | ")
LABEL = re.compile(r"\w+:")
BYLINE_LABEL = re.compile(r"(?i)(?:by|authors?|written by|posted by|posted|published by)\s*:")


def slug_words(url: str | None) -> frozenset[str]:
    """The words of a URL's last path segment, its numbers left out (ids and dates say
    nothing of the headline).

    >>> sorted(slug_words("https://example.com/garden/how-to-prune-roses.html?ref=1"))
    ['how', 'prune', 'roses', 'to']
    """
    if not url:
        return frozenset()
    path = url.split("?", 1)[0].split("#", 1)[0].split("://", 1)[-1]
    segments = [s for s in path.split("/")[1:] if s]
    if not segments:
        return frozenset()
    last = re.sub(r"\.[a-z]{2,5}$", "", segments[-1].casefold())
    return frozenset(w for w in SLUG_SPLIT.split(last) if w and not w.isdigit())


def topic_words(text: str) -> set[str]:
    """The casefolded words of TOPIC_CHARS or more (an ideograph is a word of one). They are
    found as such (a run of word characters as long, which WORD would give whole) and each
    distinct one casefolded once: on an article's text, casefolding every word had been a
    tenth of the locator's time."""
    return {w.casefold() for w in long_words(text, TOPIC_CHARS)}


def reads_as_headline(text: str, words: int | None = None) -> bool:
    """A headline's shape: title-like, two words or more, mostly letters, no clock time or
    numeric date (a stamp such as "5:50 am"), not a byline's label ("Author: France 24"),
    not a link's address. `words`: the line's words (WORD), where the caller counted them.

    >>> reads_as_headline("How to prune roses"), reads_as_headline("Updated 2025-02-22")
    (True, False)
    >>> reads_as_headline("Author: France 24")
    False
    >>> reads_as_headline("https://www.facebook.com/FRANCE24.English")
    False
    """
    if not is_title_like(text, 250) or "://" in text:  # the cheap tests first: most lines
        return False  # end like sentences; a link's address is no headline
    if words is None:
        words = len(WORD.findall(text))
    if not HEADLINE_WORDS[0] <= words <= HEADLINE_WORDS[1] or (
            ":" in text and BYLINE_LABEL.match(text)):  # a label ends in ":"
        return False
    letters, spaces, digits = char_counts(text)
    # a stamp holds three digits or more: most lines need no search
    return letters >= 0.5 * (len(text) - spaces) and not (
        digits >= STAMP_DIGITS and STAMP.search(text))


class HeadlineContext:
    """What the features of a page's candidate lines are read against: every line's text,
    how often the page prints each, the article's topic words, the URL slug's words."""

    def __init__(self, texts: list[str], article: set[str], slug: frozenset[str]):
        self.texts = texts
        self.keys = [text.casefold() for text in texts]
        self.counts = Counter(self.keys)
        self.article = article
        self.slug = slug
        self._joined: str | None = None  # the keys joined, made when a candidate asks
        self._starts: list[int] = []

    def _joined_keys(self) -> str:
        """The keys joined, each ending in a newline, made when a candidate first asks (with
        `_starts`, where each key starts in them)."""
        if self._joined is None:
            self._joined = "\n".join(self.keys) + "\n"
            self._starts = [0]
            for key in self.keys:
                self._starts.append(self._starts[-1] + len(key) + 1)
        return self._joined

    def _ends_a_longer_line_above(self, index: int) -> bool:
        """Whether a line above ends with this one and is longer (a breadcrumb's last step):
        found in the joined keys (comparing with every line above took a tenth of the
        locator's time on long pages)."""
        joined = self._joined_keys()
        needle, limit = self.keys[index] + "\n", self._starts[index]
        found = joined.find(needle, 0, limit)
        while found != -1:
            if found > 0 and joined[found - 1] != "\n":  # inside a longer line
                return True
            found = joined.find(needle, found + 1, limit)
        return False

    def _inside_another_line(self, index: int) -> bool:
        """Whether another line holds this one inside a longer text."""
        joined = self._joined_keys()
        key, own = self.keys[index], self._starts[index]
        found = joined.find(key)
        while found != -1:
            if found != own and not (joined[found - 1:found] in ("", "\n")
                                     and joined[found + len(key)] == "\n"):
                return True
            found = joined.find(key, found + 1)
        return False

    def features(self, index: int, distance: int, above: bool, header: bool,
                 text_under: bool) -> list[float]:
        """The HEADLINE_FEATURES of line `index`, `distance` lines from the article's start
        (above it, or inside it)."""
        text, key = self.texts[index], self.keys[index]
        words = WORD.findall(text)
        topic = topic_words(text)
        held = {w.casefold() for w in words}
        return [
            float(above),
            math.log2(1 + distance) if above else 0.0,
            0.0 if above else math.log2(1 + distance),
            min(1.0, (len(words) - 2) / (FULL_WORDS - 2)),
            max(0, len(words) - 20) / 10,
            float(self.counts[key] > 1),
            float(self._ends_a_longer_line_above(index)),
            float(header),
            len(topic & self.article) / len(topic) if topic else 0.0,
            len(self.slug & held) / len(self.slug) if self.slug else 0.0,
            float(not self.slug),
            sum(w[0].isupper() for w in words) / len(words) if words else 0.0,
            float(text.endswith(("?", "!"))),
            float(bool(NUMBERED.match(text))),
            float(any(mark in text for mark in PATH_MARKS)),
            sum(c.isdigit() for c in text) / len(text),
            float(text_under),
            float(bool(LABEL.match(text))),
            float(bool(YEAR.search(text))),
            float(bool(DATED.search(text))),
            float(self._inside_another_line(index)),
        ]


def retitle(doc: Document, rule_id: str, rewrite: Callable[[str], str | None]) -> None:
    """The document's title rewritten: the input's (an HTML page's <title>, a corpus record's
    title), else its text's headline line, both alike, so that the .txt of a page, whose
    first line is that title, cleans to itself. `rewrite` gives the new title, or None to
    leave it; the rewrite is traced (`doc.retitled`; the line's `normalised_by`)."""
    if doc.title:
        if (new := rewrite(doc.title)) is not None and new != doc.title:
            doc.retitled.append((rule_id, doc.title))
            doc.title = new
        return
    alive = doc.alive_indexes(0, doc.own_end())
    if not opens_with_headline([doc.lines[i].text for i in alive[:2]]):
        return
    line = doc.lines[alive[0]]
    if (new := rewrite(line.text)) is not None and new != line.text:
        line.text = new
        line.normalised_by += (rule_id,)
