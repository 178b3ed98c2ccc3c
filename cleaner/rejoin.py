"""Sentences split at their links joined back.

A scraper that prints every text node on its own line (BeautifulSoup's `get_text("\\n")`, a
DOM walk that ends a line at each element) breaks a sentence at each link or emphasis in it:
"Read the" / "full report" / "here" / "." The cleaner reads a line as a block, so the pieces
read as short lines, as a menu's items do: the locator found less prose, and the record kept
the pieces apart. A piece is joined to the line above it (as joined so far) when it goes on
with it: it opens with a mark that closes a clause (",", ".", ")"), or with a small letter
under a line that ends in a comma or reads as a sentence's running words (four words at
least, ending in a word). Code is never joined. A short piece between two such lines (a
link's capitalised words: "by" / "Reuters" / "on Monday.") is joined with both, and so is a
"•" or "|" alone between two short pieces of one line ("May 2" / "•" / "Jane Doe"), which
reads as a feed's separator.
A blank line ends a block and is never joined across.

A text is read so only when it shows it: at least MIN_LONE_MARKS lines that are a lone
closing mark (the "." after a sentence's last link, which a one-block-a-line dump never
prints alone) and at least MIN_JOINS pieces of sentences to join. On the dev set's 400
train pages printed a text node a line (`bench/node_dumps.py`), 217 are read so; cleaned,
wF1 0.9274 -> 0.9335 (0.9298 -> 0.9359 with the headline feeds' separators read as
printed in pieces, generic.toml). Of the one-block-a-line dumps and gold texts of the dev
sets, aggregator-dev and the seeds (1,863 texts), 2 dumps of devset-ml are read so, and no
figure of `make eval` moves (docs/inputs.md).
"""

from __future__ import annotations

import re

from cleaner.linefeatures import SENTENCE_END
from cleaner.reflow import join_lines

MIN_LONE_MARKS = 2
MIN_JOINS = 10  # sentence pieces
SENTENCE, SEPARATOR = "sentence", "separator"  # how a line is joined
# A line that is only the mark after a link (the sentence's "." once its last words were one).
# (Read after a line's end: a pattern that opens with "\n" is searched for that character
# first: 0.01 ms over a dev set dump, 5x faster than one anchored by MULTILINE's "^".)
LONE_MARK = re.compile(r"\n[ \t]*[.,;:!?)\]]{1,2}[ \t]*(?=\r?\n|$)")
HEADING_CAPITALS = 0.6  # of a line's words capitalised: a heading, whose block ends with it
LINK_WORDS = 6  # a piece between two parts of a sentence: a link's or a name's few words
# A line a sentence goes on from: four words or more, the last a word or followed by a comma,
# and no code: braces, semicolons, operators, identifiers' underscores, a call's "name(", a
# "key: value" pair, a comment's or a shell's marks (code printed a statement a line is
# never joined).
CONTINUED_WORDS = 4
ENDS_IN_WORD = re.compile(r"[^\W\d_],?$")
CODE = re.compile(r"^[#/$>!?]|^[^\W\d_A-Z][\w-]*:\s|[{};=<>_&|\\`]|::|//|\s#\s|[^\W\d_]\(")
# A piece that opens with a mark closing a clause goes on with the line above, unspaced: the
# mark alone, or before a word (", and hang it", ". The next sentence"; not before code).
CLOSING_MARK = re.compile(r"^[,.;:!?)\]»”’%](?:$|\s+[^\W\d_])")
INLINE_SEPARATOR = re.compile(r"^[•·|]$")


def rejoin(text: str, numbered: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], int]:
    """The lines of `text` (`numbered` from 1, as split from it) with the pieces of split
    sentences joined back (a joined line takes the number of its first piece), and how many
    pieces were joined; the lines as they are, and 0, when the text does not read as split
    at its links (most texts stop at one scan of `text` for lone marks): fewer than
    MIN_LONE_MARKS lone marks, or fewer than MIN_JOINS pieces of sentences to join (a
    block dump prints a few: a list after a colon, a stray full stop; a node-a-line dump
    dozens).

    >>> text = "Read the\\nreport\\n.\\n.\\nHome"
    >>> rejoin(text, list(enumerate(text.splitlines(), start=1)))
    ([(1, 'Read the'), (2, 'report'), (3, '.'), (4, '.'), (5, 'Home')], 0)
    """
    if not has_lone_marks(text):
        return numbered, 0
    lines = [line.strip() for _, line in numbered]
    how = joins(lines)
    if how.count(SENTENCE) < MIN_JOINS:  # a byline's pieces a block dump prints apart too
        return numbered, 0
    return joined_back(numbered, lines, how), sum(map(bool, how))


def joined_back(numbered: list[tuple[int, str]], lines: list[str] | None = None,
                how: list[str | None] | None = None) -> list[tuple[int, str]]:
    """The lines with the pieces `joins` finds joined (`lines` stripped, `how` as `joins`
    says, when the caller has them): a piece that opens with a closing mark unspaced.

    >>> joined_back(list(enumerate([
    ...     "Read the full report on", "the council's website", "or", "ask the clerk", ".",
    ...     "Home", "Write to the editor of", "the paper", "."], start=1)))
    [(1, "Read the full report on the council's website or ask the clerk."), \
(6, 'Home'), (7, 'Write to the editor of the paper.')]
    """
    lines = lines if lines is not None else [line.strip() for _, line in numbered]
    how = how if how is not None else joins(lines)
    return join_lines(numbered, [("" if CLOSING_MARK.match(piece) else " ") if join else None
                                 for piece, join in zip(lines, how, strict=True)])


def has_lone_marks(text: str) -> bool:
    """Whether the text holds MIN_LONE_MARKS lines that are a lone closing mark (one scan of
    the text, stopped at the last it needs: a one-block-a-line text holds none)."""
    found = LONE_MARK.finditer(text)
    return all(next(found, None) is not None for _ in range(MIN_LONE_MARKS))


def joins(lines: list[str]) -> list[str | None]:
    """For each (stripped) line, how it is joined to the line above it: None (it is not),
    SENTENCE (it goes on a sentence, or is a link's words inside one) or SEPARATOR (a "•"
    between two pieces of a byline, and the piece after it). The line above is read as
    joined so far: its words counted, its last piece's end, and whether it is `closed` to
    the pieces of a sentence (it holds code, or a byline's pieces)."""
    joined: list[str | None] = [None] * len(lines)
    words, closed, last = 0, True, ""
    for k, line in enumerate(lines):
        if separates(lines, k):
            joined[k] = joined[k + 1] = SEPARATOR
            closed = True
        elif line and not joined[k] and last and not closed and (continues(last, words, line) or (
                # a link's few words, and the piece after it goes on; not under a heading
                words >= CONTINUED_WORDS and ENDS_IN_WORD.search(last) is not None
                and (joined[k - 1] or not heading(last))
                and k + 1 < len(lines) and len(line.split()) <= LINK_WORDS
                and not SENTENCE_END.search(line) and goes_on(lines[k + 1]))):
            joined[k] = SENTENCE
        if joined[k]:
            words, closed = words + len(line.split()), closed or bool(CODE.search(line))
        else:
            words, closed = len(line.split()), bool(CODE.search(line))
        last = line
    return joined


def continues(above: str, words: int, piece: str) -> bool:
    """Whether a piece goes on with the line above (its last piece `above`, its `words` so
    far): a clause's closing mark always; a small letter after a comma, or after a sentence's
    running words (CONTINUED_WORDS, ending in a word)."""
    if CLOSING_MARK.match(piece):
        return not CODE.search(piece)
    return goes_on(piece) and (above.endswith(",") or (
        words >= CONTINUED_WORDS and ENDS_IN_WORD.search(above) is not None))


def heading(line: str) -> bool:
    """Whether a line reads as a heading: most of its words capitalised (HEADING_CAPITALS).
    A heading's block ends with it; a capitalised link's words after it open the next."""
    words = line.split()
    return sum(word[0].isupper() for word in words) >= HEADING_CAPITALS * len(words)


def goes_on(piece: str) -> bool:
    """Whether a piece goes on with a sentence: a small letter first (a script without
    capitals has none), or a mark that closes a clause; never code."""
    return bool(piece) and (piece[0].islower() or bool(CLOSING_MARK.match(piece))) and (
        not CODE.search(piece))


def separates(lines: list[str], k: int) -> bool:
    """Whether line k is a "•" or "|" set between two short pieces of one line ("May 2 •
    News • Jane Doe"), which a node-a-line dump prints apart."""
    return (0 < k < len(lines) - 1 and bool(INLINE_SEPARATOR.match(lines[k]))
            and all(0 < len(lines[j].split()) <= LINK_WORDS
                    and not SENTENCE_END.search(lines[j]) for j in (k - 1, k + 1)))
