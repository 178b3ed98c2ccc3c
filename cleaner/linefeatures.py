"""What the content locator reads off every line, computed for all lines at once.

The locator scores each line by its words, its function words, how it ends and what marks it
carries (code, a list marker, figures). Asked line by line, through `re`, that was most of a
run's time (a regex call per line and per feature, a Python string per word). Here the lines
are joined and read as one array of code points with numpy: each feature is a table lookup
or a comparison over the whole array, and per-line totals are differences of running sums
taken at the newlines. The results are those of the per-line definitions, which the doctests
and tests/test_linefeatures.py hold them to:

  words       `len(re.findall(r"\\w+", line))`
  stopwords   how many of those words are in the vocabulary, compared casefolded (a character
              whose casefold is longer, as ß's "ss", is compared as written)
  ends        `line.endswith(('.', '!', '?', '"', '”', '’', ')', '…', ':'))`
  code        a character of `{}();=<>[]`
  list_item   `re.match(r"(?:[-*•·▪–]|\\d{1,3}[.)])\\s", line)`
  figures     a decimal digit and a white space (`\\d.*\\s|\\s.*\\d`: a row of figures)
  cells       `re.search(r"\\S\\s*\\|\\s*\\S", line)` (a table row the dump joined)

Function words are found by a hash of each word's code points (64-bit, so two different words
agreeing is not a practical worry), compared with the vocabulary's hashes; only words no longer
than the vocabulary's longest are hashed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

SENTENCE_END = '.!?"”’)…:'
CODE_CHARS = "{}();=<>[]"
BULLETS = "-*•·▪–"
CELLS = re.compile(r"\S\s*\|\s*\S")
_POWERS = np.cumprod(np.full(64, 0x9E3779B97F4A7C15, np.uint64))  # of an odd number
LIST_ITEM = re.compile(r"^(?:[-*•·▪–]|\d{1,3}[.)])\s")


WORD, DIGIT, SPACE, END, CODE, BULLET = (1 << bit for bit in range(6))
BMP = 0x10000


@lru_cache(maxsize=1)
def _bmp_tables() -> tuple[np.ndarray, np.ndarray]:
    """Each code point's classes as bits, and its casefold where that is a single code point,
    for the Basic Multilingual Plane (made once per process, in about 0.1 s)."""
    classes = np.zeros(BMP, np.uint8)
    fold = np.arange(BMP, dtype=np.uint32)
    for point in range(BMP):
        classes[point] = _classes(point)
        folded = chr(point).casefold()
        if len(folded) == 1:
            fold[point] = ord(folded)
    return classes, fold


def _classes(point: int) -> int:
    """`\\w`, `\\d` and `\\s` as `re` defines them for str (`\\s` without the newline, which
    ends a line here), and the characters the features look for."""
    char = chr(point)
    return ((WORD if char.isalnum() or char == "_" else 0)
            | (DIGIT if char.isdecimal() else 0)
            | (SPACE if char.isspace() and char != "\n" else 0)
            | (END if char in SENTENCE_END else 0)
            | (CODE if char in CODE_CHARS else 0)
            | (BULLET if char in BULLETS else 0))


def _classify(points: np.ndarray) -> np.ndarray:
    """Every position's class bits. Beyond the BMP (emoji, rare scripts) they are looked up
    one distinct code point at a time."""
    classes = _bmp_tables()[0]
    if points.max() < BMP:
        return classes[points]
    found = classes[np.minimum(points, BMP - 1)]
    astral = points >= BMP
    for point in np.unique(points[astral]).tolist():
        found[points == point] = _classes(point)
    return found


def _fold(points: np.ndarray) -> np.ndarray:
    """Casefolded code points. Every one beyond the BMP stands as U+FFFF (a noncharacter):
    a word holding one is told from another such word of its length by its other letters
    only, which is no loss for a vocabulary of function words."""
    return _bmp_tables()[1][np.minimum(points, BMP - 1)]


@dataclass(slots=True)
class LineFeatures:
    words: np.ndarray  # int: words in each line
    stopwords: np.ndarray  # int: of those, words of the vocabulary
    ends: np.ndarray  # bool: ends like a sentence
    code: np.ndarray
    list_item: np.ndarray
    figures: np.ndarray
    cells: np.ndarray


def line_features(texts: list[str], vocabulary: frozenset[str]) -> LineFeatures:
    """Every feature of every line.

    >>> f = line_features(["The cat sat on the mat.", "Home", "- 12 items", "a | b", ""],
    ...                   frozenset({"the", "on"}))
    >>> f.words.tolist(), f.stopwords.tolist(), f.ends.tolist()
    ([6, 1, 2, 2, 0], [3, 0, 0, 0, 0], [True, False, False, False, False])
    >>> f.list_item.tolist(), f.figures.tolist(), f.cells.tolist(), f.code.tolist()[0]
    ([False, False, True, False, False], [False, False, True, False, False], \
[False, False, False, True, False], False)
    """
    if not texts:
        return LineFeatures(*(np.zeros(0, int if n < 2 else bool) for n in range(7)))
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1:  # a line holding a newline of its own
        texts = [text.replace("\n", " ") for text in texts]
        joined = "\n".join(texts)
    points = np.frombuffer((joined + "\n").encode("utf-32-le", "surrogatepass"), np.uint32)
    classes = _classify(points)
    newlines = np.flatnonzero(points == 10)
    starts = np.concatenate(([0], newlines[:-1] + 1))  # a line's span holds its newline
    marks = np.bitwise_or.reduceat(classes, starts)  # every class found in each line
    word = (classes & WORD).view(np.bool_)  # WORD is bit 0
    word_start = word.copy()
    word_start[1:] &= ~word[:-1]
    words = np.add.reduceat(word_start, starts, dtype=np.int64)
    empty = starts == newlines
    ends = (classes[np.where(empty, newlines, newlines - 1)] & END).astype(bool) & ~empty
    return LineFeatures(
        words=words,
        stopwords=_stopwords(points, word, word_start, words, vocabulary),
        ends=ends,
        code=(marks & CODE).astype(bool),
        list_item=_matching(LIST_ITEM, texts, (classes[starts] & (BULLET | DIGIT)) > 0),
        figures=(marks & (DIGIT | SPACE)) == (DIGIT | SPACE),
        cells=_matching(CELLS, texts, _per_line(points == ord("|"), starts)))


def _per_line(flags: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Whether any position of each line is flagged."""
    return np.logical_or.reduceat(flags, starts)


def _matching(pattern: re.Pattern, texts: list[str], candidates: np.ndarray) -> np.ndarray:
    """`pattern` searched with `re` on the few lines the arrays could not rule out."""
    found = np.zeros(len(texts), bool)
    for index in np.flatnonzero(candidates).tolist():
        found[index] = pattern.search(texts[index]) is not None
    return found


def _stopwords(points: np.ndarray, word: np.ndarray, word_start: np.ndarray,
               words: np.ndarray, vocabulary: frozenset[str]) -> np.ndarray:
    """How many of each line's words are in the vocabulary (compared casefolded). Words are
    hashed by length, as rows of a matrix: only lengths the vocabulary has are looked at."""
    first = np.flatnonzero(word_start)
    found = np.zeros(len(first), bool)
    if len(first):
        word_end = word[:-1] & ~word[1:]  # the text ends with a newline: no word at the end
        length = np.flatnonzero(word_end) + 1 - first
        length = np.minimum(length, 255).astype(np.uint8)  # radix-sorted, in one pass
        order = np.argsort(length, kind="stable")
        bounds = np.searchsorted(length[order], np.arange(257))
        for size, hashes in _vocabulary_hashes(vocabulary).items():
            chosen = order[bounds[size]:bounds[size + 1]]
            hashed = _hash_rows(points[first[chosen, None] + np.arange(size)])
            at = np.minimum(np.searchsorted(hashes, hashed), len(hashes) - 1)
            found[chosen] = hashes[at] == hashed
    running = np.concatenate(([0], np.cumsum(found, dtype=np.int64)))
    return np.diff(running[np.cumsum(words)], prepend=0)


def _hash_rows(rows: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each row of code points, casefolded: the sum of each point times a
    power of an odd number (unsigned arithmetic wraps around, as a hash wants)."""
    folded = _fold(rows).astype(np.uint64)
    return (folded * _POWERS[:rows.shape[1]]).sum(axis=1, dtype=np.uint64)


@lru_cache(maxsize=8)
def _vocabulary_hashes(vocabulary: frozenset[str]) -> dict[int, np.ndarray]:
    """The vocabulary's words hashed as `_hash_rows` hashes a line's, sorted, by length; an
    entry that is not one word (`\\w+`) could never match one, and is left out."""
    by_size: dict[int, list[str]] = {}
    for entry in vocabulary:
        if entry and all(c.isalnum() or c == "_" for c in entry):
            by_size.setdefault(len(entry), []).append(entry)
    return {size: np.sort(_hash_rows(np.array([[ord(c) for c in w] for w in entries],
                                              np.uint32)))
            for size, entries in sorted(by_size.items())}


