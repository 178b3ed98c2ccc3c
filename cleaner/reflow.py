"""Hard-wrapped text joined back into paragraphs.

Text dumps made by html2text, lynx or w3m break each paragraph into lines of at most about 80
characters. The cleaner reads a line as a block: a paragraph's pieces read as short lines, as
a menu's items do, and the content locator lost the article on such pages. A text is taken
as hard-wrapped when its line lengths pile up just under one width (at least MIN_BAND_SHARE
of its lines within BAND characters under it), few lines pass it (an unbreakable link, a
table's row: a line with a word of LONG_TOKEN characters, an address, may pass it), and
most of those full lines end inside a sentence. Then a line is joined to
the one before it when that one is full (its next word would not have fitted under the
width) and the line does not open a list item, a quotation, a heading or a table row: the
test a text editor's reflow makes. A word broken at its hyphen is joined without a space.

Measured on the dev set's 400 train pages (docs/inputs.md): their HTML dumped by html2text
(wrapped at 78) is taken as wrapped on 345; cleaned, wF1 0.8805 -> 0.9155 (the pages losing
half their text 29 -> 12; doing nothing scores 0.8047). None of the 1201 one-block-a-line
dumps of the dev sets, devset-ml, aggregator-dev and the seeds is taken as wrapped, but one
train page that prints its article hard-wrapped (wcxb-0086).
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np

MIN_WIDTH, MAX_WIDTH = 60, 100  # the widths dump tools wrap at (html2text 78, lynx 79)
BAND = 10  # a wrapped line stops within this many characters under the width
MIN_BAND_SHARE = 0.15  # of the non-blank lines, in the band
MAX_OVER_SHARE = 0.10  # of the non-blank lines, longer than the width
MIN_LINES = 10
LONG_TOKEN = 30  # a line with a word this long (an address) may pass the width
MIN_INSIDE_SHARE = 0.5  # of the full lines that go on, ending inside a sentence
SENTENCE_ENDS = (".", "!", "?", ":", '"', "”", "。")
# A wrap may break a word at its hyphen ("time-" over "consuming"): joined with none.
HYPHEN_BREAK = re.compile(r"[^\W\d_]-\s*$")
# A line that opens a list item, a quotation, a heading or a table row is never joined on.
OPENS_BLOCK = re.compile(r"\s*(?:[-*+•>|#]|\d{1,3}[.)])\s")


def wrap_width(lines: list[str]) -> int | None:
    """The width the lines were hard-wrapped at (the longest of the lines that pile up under
    it), or None when they were not.

    >>> words = "the council voted on monday to rebuild the old river bridge".split()
    >>> text = " ".join(words * 30)
    >>> import textwrap
    >>> lines = textwrap.wrap(text, 72)
    >>> wrap_width(lines) == max(map(len, lines)) <= 72
    True
    >>> wrap_width([text] + ["Home", "News", "Sport"] * 10) is None
    True
    """
    lengths = [n for n in map(len, map(str.rstrip, lines)) if n]  # (maps run in C)
    if len(lengths) < MIN_LINES:
        return None
    counts = Counter(lengths)
    if sum(counts[n] for n in range(MIN_WIDTH - BAND + 1, MAX_WIDTH + 1)) < (
            MIN_BAND_SHARE * len(lengths)):  # no band can hold enough (most texts: one test)
        return None
    # The fullest band first; but a page's list of like lines ("Gym in 08010, Burlington
    # County" a hundred times) can fill a band of its own, under the band its wrapped article
    # fills: the wrap's band is the fullest one whose lines pass the width seldom and break
    # sentences.
    bands = sorted(((sum(counts[n] for n in range(top - BAND + 1, top + 1)), -top)
                    for top in range(MIN_WIDTH, MAX_WIDTH + 1)), reverse=True)
    measures = _Measures(lines)
    tried = set()
    for band, top in bands:
        if band < MIN_BAND_SHARE * len(lengths) or band < MIN_LINES:
            return None
        width = max(n for n in counts if -top - BAND < n <= -top)  # the longest line under it
        if width not in tried:
            tried.add(width)
            if measures.wrapped_at(width, len(lengths)):
                return width
    return None


class _Measures:
    """What the width tests read of each line, taken once (a text can be tried at forty
    widths: measured again at each, 200,000 lines took 4 s)."""

    def __init__(self, lines: list[str]):
        stripped = [line.rstrip() for line in lines]
        self.length = np.fromiter(map(len, stripped), dtype=np.int64, count=len(stripped))
        # A line with a word too long to break (an address) may pass the width.
        self.unbreakable = np.fromiter(
            (bool(text) and max(map(len, text.split())) >= LONG_TOKEN for text in stripped),
            dtype=bool, count=len(stripped))
        self.ends_sentence = np.fromiter((text.endswith(SENTENCE_ENDS) for text in stripped),
                                         dtype=bool, count=len(stripped))
        self.goes_on = np.zeros(len(stripped), dtype=bool)  # a next line that is not blank
        self.goes_on[:-1] = [bool(line.strip()) for line in lines[1:]]

    def wrapped_at(self, width: int, count: int) -> bool:
        """Whether few of the `count` non-blank lines pass the width, but those that cannot be
        broken, and most full lines that go on into a next line end inside a sentence, as a
        wrap cuts them (html2text's dumps of the dev set's train pages: 82% to 96%), not with a
        sentence's end, as one-paragraph-a-line text of like lengths does."""
        over = int(np.count_nonzero((self.length > width) & ~self.unbreakable))
        if over > MAX_OVER_SHARE * count:
            return False
        full = (self.length > width - BAND) & (self.length <= width) & self.goes_on
        lines = int(np.count_nonzero(full))
        inside = int(np.count_nonzero(full & ~self.ends_sentence))
        return lines >= MIN_LINES and inside >= MIN_INSIDE_SHARE * lines


def unwrap(text: str) -> tuple[list[tuple[int, str]], int | None]:
    """The text's lines (`str.splitlines`), each with its number from 1, its hard-wrapped
    paragraphs joined (a joined line takes the number of its first piece), and the width
    they were wrapped at; the lines as they are, and None, when it is not hard-wrapped.

    >>> unwrap("Home\\nNews")
    ([(1, 'Home'), (2, 'News')], None)
    """
    lines = text.splitlines()
    width = wrap_width(lines)
    if width is None:
        return list(enumerate(lines, start=1)), None
    joins: list[str | None] = []
    previous = ""  # the line above as it was cut, not as joined
    for line in lines:
        join = None
        if joins and previous.strip() and line.strip() and not OPENS_BLOCK.match(line):
            full = len(previous.rstrip())
            if width < full + 1 + len(line.split()[0]):  # the next word did not fit
                join = "" if HYPHEN_BREAK.search(previous) and line.strip()[0].isalpha() else " "
        joins.append(join)
        previous = line
    return join_lines(list(enumerate(lines, start=1)), joins), width


def join_lines(numbered: list[tuple[int, str]], joins: list[str | None]
               ) -> list[tuple[int, str]]:
    """The lines, each whose `joins` entry is not None put onto the line above (stripped,
    after that entry: a space or nothing); a joined line keeps its first piece's number. A
    line's pieces are gathered and joined once: joined one at a time onto the growing line,
    a paragraph of 80,000 pieces (an adversarial input) took 2.7 s (now 0.26 s, and 0.76 s
    at four times as many).

    >>> join_lines([(1, "the old "), (2, " bridge"), (3, "Home")], [None, " ", None])
    [(1, 'the old bridge'), (3, 'Home')]
    """
    out: list[tuple[int, list[str]]] = []
    for (number, line), join in zip(numbered, joins, strict=True):
        if join is not None and out:
            pieces = out[-1][1]
            pieces[-1] = pieces[-1].rstrip()
            pieces.append(join + line.strip())
        else:
            out.append((number, [line]))
    return [(number, "".join(pieces)) for number, pieces in out]
