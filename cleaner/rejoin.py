"""Sentences split at their links joined back.

A scraper that prints every text node on its own line (BeautifulSoup's `get_text("\\n")`, a
DOM walk that ends a line at each element) breaks a sentence at each link or emphasis in it:
"Read the" / "full report" / "here" / "." The cleaner reads a line as a block, so the pieces
read as short lines, as a menu's items do: the locator found less prose, and the record kept
the pieces apart. A piece is joined to the line above it (as joined so far) when that line
reads as a sentence's running words (four words at least, ending in a word or a comma, no
code) and the piece goes on with it: it opens with a small letter or with a mark that closes
a clause (",", ".", ")"). A short piece between two such lines (a link's capitalised words:
"by" / "Reuters" / "on Monday.") is joined with both, and so is a "•" or "|" alone between
two short pieces of one line ("May 2" / "•" / "Jane Doe"), which reads as a feed's separator.
A blank line ends a block and is never joined across.

A text is read so only when it shows it: at least MIN_LONE_MARKS lines that are a lone
closing mark (the "." after a sentence's last link, which a one-block-a-line dump never
prints alone) and at least MIN_JOINS pieces to join. On the dev set's 400 train pages printed
a text node a line (`bench/node_dumps.py`), 227 are read so; cleaned, wF1 0.9274 -> 0.9339.
Of the one-block-a-line dumps and gold texts of the dev sets, aggregator-dev and the seeds
(1,863 texts), 7 dumps are read so, and no figure of `make eval` moves (docs/inputs.md).
"""

from __future__ import annotations

import re

from cleaner.reflow import join_lines

MIN_LONE_MARKS = 2
MIN_JOINS = 3
# A line that is only the mark after a link (the sentence's "." once its last words were one).
# (Read after a line's end: a pattern that opens with "\n" is searched for that character
# first: 0.01 ms over a dev set dump, 5x faster than one anchored by MULTILINE's "^".)
LONE_MARK = re.compile(r"\n[ \t]*[.,;:!?)\]]{1,2}[ \t]*(?=\r?\n|$)")
HEADING_CAPITALS = 0.6
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
SENTENCE_END = re.compile(r"[.!?…。！？][\"”’»)]*$")


def rejoin(numbered: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], int]:
    """The lines (numbered from 1) with the pieces of split sentences joined back (a joined
    line takes the number of its first piece), and how many pieces were joined; the lines as
    they are, and 0, when the text does not read as split at its links.

    >>> lines, joined = rejoin(list(enumerate([
    ...     "Read the full report on", "the council's website", "or", "ask the clerk", ".",
    ...     "Home", "Write to the editor of", "the paper", "."], start=1)))
    >>> lines[0], lines[1:], joined
    ((1, "Read the full report on the council's website or ask the clerk."), \
[(6, 'Home'), (7, 'Write to the editor of the paper.')], 6)
    """
    if not has_lone_marks("\n".join(line for _, line in numbered)):
        return numbered, 0
    lines = [line.strip() for _, line in numbered]
    joined = joins(lines)
    if sum(joined) < MIN_JOINS:
        return numbered, 0
    return join_lines(numbered, [("" if CLOSING_MARK.match(piece) else " ") if join else None
                                 for piece, join in zip(lines, joined, strict=True)]), sum(joined)


def has_lone_marks(text: str) -> bool:
    """Whether the text holds MIN_LONE_MARKS lines that are a lone closing mark (one scan of
    the text, stopped at the last it needs: a one-block-a-line text holds none)."""
    found = LONE_MARK.finditer(text)
    return all(next(found, None) is not None for _ in range(MIN_LONE_MARKS))


def joins(lines: list[str]) -> list[bool]:
    """For each (stripped) line, whether it is joined to the line above it, read as joined
    so far: its words counted, its last piece's end, and whether it is `closed` to pieces
    that go on a sentence (it holds code, or it is a byline's pieces between separators)."""
    joined = [False] * len(lines)
    words, closed, last = 0, True, ""
    for k, line in enumerate(lines):
        if separates(lines, k):
            joined[k] = joined[k + 1] = True
            closed = True
        elif line and not joined[k] and last and not closed:
            joined[k] = continues(last, words, line) or (
                # a link's few words, and the piece after it goes on; not under a heading
                words >= CONTINUED_WORDS and ENDS_IN_WORD.search(last) is not None
                and (joined[k - 1] or not heading(last))
                and k + 1 < len(lines) and len(line.split()) <= LINK_WORDS
                and not SENTENCE_END.search(line) and goes_on(lines[k + 1]))
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
