"""What the content locator reads off every line, computed for all lines at once.

The locator scores each line by its words, its function words, how it ends and what marks it
carries (code, a list marker, figures). Asked line by line, through `re`, that was the larger
part of the locator's work (a regex call per line and per feature, a Python string per word).
Here the lines are joined and read as one array of code points with numpy: each feature is a
table lookup or a comparison over the whole array, and per-line totals are sums taken between
the newlines. (It does a fifth fewer instructions for the whole chain; a run's time barely
moved, since the array passes wait on memory: docs/benchmarks.md.) The results are those of
the per-line definitions, which the doctests and tests/test_linefeatures.py hold them to:

  words       `len(WORDS.findall(line))`: runs of `\\w`, where each Chinese or Japanese
              character (IDEOGRAPHS) is a word of its own, as those scripts put no space
              between words
  stopwords   how many of those words are in the vocabulary, compared casefolded (a character
              whose casefold is longer, as ß's "ss", is compared as written)
  ends        `line.endswith(('.', '!', '?', '"', '”', '’', ')', '…', ':'))`
  code        a character of `{}();=<>[]`
  list_item   `re.match(r"(?:[-*•·▪–]|\\d{1,3}[.)])\\s", line)`
  figures     a decimal digit and a white space (`\\d.*\\s|\\s.*\\d`: a row of figures)
  cells       `re.search(r"\\S\\s*\\|\\s*\\S", line)` (a table row the dump joined)
  digits      a decimal digit
  letters     `sum(c.isalpha() for c in line)`
  capitals    `sum(c.isupper() for c in line)`

Where the package was built with its compiled core (`cleaner/_core.pyx`), `line_features` reads
each line once in C with the same tables and hashes; this module stays the reference that
tests/test_core.py holds the core to, bit for bit, and runs where the core could not be built.

Function words are found by a 64-bit hash of each word's casefolded code points and its length
(two different words agreeing is not a practical worry), looked up among the vocabulary's.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import ModuleType

import numpy as np

from cleaner.cache import cached

compiled: ModuleType | None
try:  # the compiled core, when the build could make it (setup.py)
    from cleaner import _core

    # CLEANER_PURE_PYTHON=1 runs the reference instead (to compare, or to rule the core out)
    compiled = None if os.environ.get("CLEANER_PURE_PYTHON") == "1" else _core
except ImportError:  # pragma: no cover - a build without a C compiler
    compiled = None

# The ends of sentences, with the ideographic full stop and marks of Chinese and Japanese.
SENTENCE_END_CHARS = '.!?"”’)…:。！？」』'
# A line that ends a sentence, read as a paragraph's end: a full stop, a question or an
# exclamation mark, an ellipsis, then closing quotes or brackets (no colon: a line ending in
# one announces what follows).
SENTENCE_END = re.compile(r"[.!?…。！？][\"”’»)]*\s*$")
# Han ideographs (the unified block, extension A, compatibility, the supplementary planes'
# extensions), hiragana and katakana (full and half width): a character of these is a word.
KANA = ((0x3040, 0x30FF), (0xFF66, 0xFF9F))
HAN = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))
IDEOGRAPHS = tuple(sorted(KANA + HAN))


def character_class(ranges: tuple[tuple[int, int], ...]) -> str:
    """The ranges of code points as the inside of a regex character class."""
    return "".join(f"{chr(low)}-{chr(high)}" for low, high in ranges)


_IDEOGRAPH_CLASS = character_class(IDEOGRAPHS)
# (A word character that is not an ideograph, in runs, or one word character alone: an
# ideograph. Written so, the pattern costs a tenth more than `\w+` on English text.)
WORDS = re.compile(rf"[^\W{_IDEOGRAPH_CLASS}]+|\w")
CODE_CHARS = "{}();=<>[]"
BULLETS = "-*•·▪–"
CELLS = re.compile(r"\S\s*\|\s*\S")
LIST_ITEM = re.compile(rf"^(?:[{re.escape(BULLETS)}]|\d{{1,3}}[.)])\s")
# A word's hash: its casefolded code points as a polynomial in a random odd number, and its
# length times another (fixed seed: the same hashes in every process; arithmetic modulo
# 2**64, which numpy's unsigned integers wrap around to).
_BASE, _LENGTH_WEIGHT = np.random.default_rng(20251122).integers(1, 2**63, 2, np.uint64) | 1
_SPREAD = np.uint64(0x9E3779B97F4A7C15)  # 2**64 over the golden ratio, odd
_BASE_INVERSE = np.uint64(pow(int(_BASE), -1, 2**64))
_POWERS: list[np.ndarray] = []  # _BASE to the power of each place, and its inverse's
WORD, DIGIT, SPACE, END, CODE, BULLET, ALPHA, UPPER = (1 << bit for bit in range(8))  # class bits
BMP = 0x10000
# Slots read for a word from the one its hash names (the compiled core reads as many): a
# count fixed here lets the core's compiler unroll the reads.
PROBES = 4
CHUNK_CHARS = 1 << 20
_SPACE = re.compile(r"[^\S\n]")  # where a long line may be cut (a newline is not in a line)


@lru_cache(maxsize=1)
def _bmp_tables() -> tuple[np.ndarray, np.ndarray]:
    """Each code point's classes as bits, and its casefold where that is a single code point,
    for the Basic Multilingual Plane. Making them asks Python about each code point (0.1 s,
    a third of a small run's start), so they are kept in the cache on disk, named by a hash
    of this module's code and the Unicode version that define them."""
    return cached("char-tables", unicodedata.unidata_version.encode() + Path(__file__).read_bytes(),
                  _make_bmp_tables, _tables_bytes, _tables_of)


def _tables_bytes(tables: tuple[np.ndarray, np.ndarray]) -> bytes:
    return tables[0].tobytes() + tables[1].astype("<u4").tobytes()


def _tables_of(data: bytes) -> tuple[np.ndarray, np.ndarray]:
    if len(data) != 5 * BMP:
        raise ValueError("a cut entry")
    return (np.frombuffer(data, np.uint8, BMP),
            np.frombuffer(data, np.dtype("<u4"), BMP, BMP).astype(np.uint32))


def _make_bmp_tables() -> tuple[np.ndarray, np.ndarray]:
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
            | (END if char in SENTENCE_END_CHARS else 0)
            | (CODE if char in CODE_CHARS else 0)
            | (BULLET if char in BULLETS else 0)
            | (ALPHA if char.isalpha() else 0)
            | (UPPER if char.isupper() else 0))


def _classify(points: np.ndarray) -> np.ndarray:
    """Every position's class bits. Beyond the BMP (emoji, rare scripts) they are looked up
    one distinct code point at a time."""
    classes = _bmp_tables()[0]
    if points.max() < BMP:
        return classes[points]
    found = classes[np.minimum(points, BMP - 1)]
    astral = points >= BMP
    distinct, where = _distinct(points[astral])
    found[astral] = np.array([_classes(point) for point in distinct.tolist()], np.uint8)[where]
    return found


def chrome_like(features: LineFeatures, repeated: np.ndarray) -> np.ndarray:
    """Menu items, buttons, labels: a few words, no sentence ending, no code, not marked as a
    list item, not a row of figures; or any short line the page prints twice (menus repeat
    in header and footer). The locator reads it, and the end-trimmer's features with it."""
    count = features.words
    marked = features.ends | features.code | features.list_item | features.figures
    return (count <= 8) & (repeated | ((count <= 4) & ~marked))


def prose_lines(features: LineFeatures, min_words: int, min_density: float) -> np.ndarray:
    """Running text: enough words, a sentence's end (or twice the words), and enough of them
    function words."""
    count = features.words
    return (count >= min_words) & (features.ends | (count >= 2 * min_words)) \
        & (features.stopwords >= min_density * count)


def scored(prose: np.ndarray, chrome: np.ndarray, words: np.ndarray,
           penalty: float) -> np.ndarray:
    """A line's prose score: its words for running text, `-penalty` for chrome, else 0."""
    return np.where(chrome, -penalty, np.where(prose, words, 0)).astype(float)


def densest_run(scores: list[float]) -> tuple[float, tuple[int, int]] | None:
    """The highest positive total of a contiguous run, and the run's first and last position."""
    best, best_run = 0.0, None
    total, start = 0.0, 0
    for position, score in enumerate(scores):
        if total <= 0:
            total, start = 0.0, position
        total += score
        if total > best:
            best, best_run = total, (start, position)
    return (best, best_run) if best_run else None


def side_by_side(columns: list[np.ndarray]) -> np.ndarray:
    """The columns (as many values each, one column at least) as a matrix of a column each,
    in C order, as `np.column_stack` gives it at a third of its cost on a short page (it
    copies each column in a call of its own: the models' rows were a tenth of a short
    document's cleaning).

    >>> side_by_side([np.array([1.0, 2.0]), np.array([True, False])]).tolist()
    [[1.0, 1.0], [2.0, 0.0]]
    """
    return np.ascontiguousarray(np.array(columns, float).T)


def median(values: np.ndarray) -> float:
    """`np.median` of a 1-D array without NaN (NaN for none), by one partition: numpy's own
    imports numpy.ma on its first call (30 ms of a start).

    >>> median(np.array([4.0, 1.0, 3.0])), median(np.array([4.0, 1.0, 3.0, 2.0]))
    (3.0, 2.5)
    """
    count = len(values)
    if not count:
        return float("nan")
    half = count // 2
    if count % 2:
        return float(np.partition(values, half)[half])
    part = np.partition(values, (half - 1, half))
    return float((part[half - 1] + part[half]) / 2)


def _distinct(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`np.unique(values, return_inverse=True)`, by one sort: numpy's own imports numpy.ma
    on its first call (30 ms of a start).

    >>> [a.tolist() for a in _distinct(np.array([5, 3, 5, 9]))]
    [[3, 5, 9], [1, 0, 1, 2]]
    """
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    first = np.ones(len(ordered), np.bool_)
    first[1:] = ordered[1:] != ordered[:-1]
    inverse = np.empty(len(values), np.intp)
    inverse[order] = np.cumsum(first) - 1
    return ordered[first], inverse


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
    digits: np.ndarray  # bool: holds a decimal digit
    letters: np.ndarray  # int: its letters (the learned scorer reads the share of capitals)
    capitals: np.ndarray  # int: its upper-case letters

    def part(self, lines: slice) -> LineFeatures:
        """The features of some of the lines (each line's own do not depend on the others)."""
        return LineFeatures(*(getattr(self, name)[lines] for name in LineFeatures.__slots__))


def line_features(texts: list[str], vocabulary: frozenset[str],
                  chunk: int = CHUNK_CHARS) -> LineFeatures:
    """Every feature of every line, read `chunk` characters at a time: the arrays take about
    45 bytes a character, so a 20 MB page read at once held 900 MB. A longer line is cut
    into pieces at white space (no word spans one) and its features put together again.

    >>> f = line_features(["The cat sat on the mat.", "Home", "- 12 items", "a | b", ""],
    ...                   frozenset({"the", "on"}))
    >>> f.words.tolist(), f.stopwords.tolist(), f.ends.tolist()
    ([6, 1, 2, 2, 0], [3, 0, 0, 0, 0], [True, False, False, False, False])
    >>> f.list_item.tolist(), f.figures.tolist(), f.cells.tolist(), f.code.tolist()[0]
    ([False, False, True, False, False], [False, False, True, False, False], \
[False, False, False, True, False], False)
    """
    if compiled is not None:
        return _compiled_features(compiled, texts, vocabulary)
    if sum(map(len, texts)) <= chunk:
        return _features(texts, vocabulary)
    pieces: list[str] = []
    owner: list[int] = []
    for index, text in enumerate(texts):
        for piece in _pieces(text, chunk):
            pieces.append(piece)
            owner.append(index)
    groups, size, start = [], 0, 0
    for position, piece in enumerate(pieces):
        if size and size + len(piece) > chunk:
            groups.append((start, position))
            size, start = 0, position
        size += len(piece)
    groups.append((start, len(pieces)))
    parts = [_features(pieces[a:b], vocabulary) for a, b in groups]
    merged = LineFeatures(*(np.concatenate([getattr(p, f) for p in parts])
                            for f in LineFeatures.__slots__))
    return _by_line(merged, np.array(owner), texts)


def _compiled_features(core: ModuleType, texts: list[str],
                       vocabulary: frozenset[str]) -> LineFeatures:
    """`line_features` by the compiled core, one line at a time (no chunks: it holds no
    arrays the size of the text)."""
    classes, fold = _bmp_tables()
    table, shift, longest = _vocabulary_table(vocabulary)
    arrays = core.line_features(
        texts, classes, fold, table, int(shift), longest, int(_BASE), int(_LENGTH_WEIGHT),
        int(_SPREAD), _astral_classes, LIST_ITEM, CELLS)
    return LineFeatures(*arrays)


@lru_cache(maxsize=4096)
def _astral_classes(point: int) -> int:
    return _classes(point)


# A headline may end in "?" or "!"; it does not end like a sentence or a clause.
CLAUSE_END = (".", ":", ";", ",", ".”", ".\"", ".’", "…", "。", "，", "：", "；")
TITLE_CHARS = 250  # the longest title-like line, as the learned models read lines


def is_title_like(text: str, max_chars: int = 200) -> bool:
    """A headline: short, and not ending like a sentence (headlines.py reads the rest).

    >>> is_title_like("Kolomoisky embezzlement case to be sent to court")
    True
    >>> is_title_like("Peskov said the talks would be difficult.")
    False
    """
    return 0 < len(text) <= max_chars and not text.endswith(CLAUSE_END)


@dataclass(frozen=True, slots=True)
class LineMarks:
    """What each line shows at a glance, as the learned models read it."""

    title_like: np.ndarray  # bool: `is_title_like`
    upper_start: np.ndarray  # bool: its first character is a capital
    commas: np.ndarray  # int: its commas
    url_at: np.ndarray  # bool: it holds "http", "www." or "@"


def line_marks(texts: list[str], max_chars: int) -> LineMarks:
    """Each line's LineMarks, by the compiled core where it is built (one pass over each
    line), else by the reference: a test of each line for each mark.

    >>> marks = line_marks(["Grain deal agreed", "He said, at last, yes.", "see www.x.org"], 250)
    >>> marks.title_like.tolist(), marks.commas.tolist(), marks.url_at.tolist()
    ([True, False, True], [0, 2, 0], [False, False, True])
    """
    if compiled is not None:
        return LineMarks(*compiled.line_marks(texts, _bmp_tables()[0], _astral_classes,
                                              CLAUSE_END, max_chars))
    count = len(texts)
    return LineMarks(
        np.fromiter((is_title_like(t, max_chars) for t in texts), bool, count),
        np.fromiter((t[:1].isupper() for t in texts), bool, count),
        np.fromiter((t.count(",") for t in texts), np.int64, count),
        np.fromiter(("http" in t or "@" in t or "www." in t for t in texts), bool, count))


def char_counts(text: str) -> tuple[int, int, int]:
    """The text's letters (`str.isalpha`), white spaces (`str.isspace`) and decimal digits
    (`str.isdecimal`, what `\\d` matches): by the compiled core where it is built, in one
    pass; else a pass for each.

    >>> char_counts("Flat 3, 2nd floor\u00a0\u0663")
    (11, 4, 3)
    """
    if compiled is not None:
        return compiled.char_counts(text, _bmp_tables()[0], _astral_classes)
    return (sum(map(str.isalpha, text)), sum(map(str.isspace, text)),
            sum(map(str.isdecimal, text)))


def long_words(text: str, shortest: int) -> set[str]:
    """The distinct runs of `shortest` or more word characters (`\\w`) that are not
    ideographs, as they are written. By the compiled core where it is built (one pass over
    the text, a str made of a run only when it is long enough: a third of the regex's time
    on the dev set's dumps); else by the reference's pattern.

    >>> sorted(long_words("Grain ships: 東京2020 exports, ships_ok", 4))
    ['2020', 'Grain', 'exports', 'ships', 'ships_ok']
    """
    if compiled is not None:
        return compiled.long_words(text, _bmp_tables()[0], shortest, _astral_classes)
    return set(_long_word_pattern(shortest).findall(text))


@lru_cache(maxsize=4)
def _long_word_pattern(shortest: int) -> re.Pattern[str]:
    return re.compile(rf"[^\W{_IDEOGRAPH_CLASS}]{{{shortest},}}")


def word_lines(text: str) -> list[str]:
    """Each line's words (`\\w+`), one space apart: `" ".join(re.findall(r"\\w+", line))`
    for every line of the text, read from arrays (a regex call per line took twice as long).

    >>> word_lines("  Hello, world!\\n\\n-- it's 9:30 --")
    ['Hello world', '', 'it s 9 30']
    """
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)
    if not len(points):
        return [""]
    word = (_classify(points) & WORD).view(np.bool_)
    solid = word | (points == 10)
    # A space stands between two words: it follows a word character, and the next word
    # character or newline after it is a word character.
    place = np.arange(len(points))
    next_solid = np.minimum.accumulate(np.where(solid, place, len(points))[::-1])[::-1]
    before_word = np.append(word, False)[next_solid]
    after_word = np.concatenate(([False], word[:-1]))
    keep = solid | (after_word & before_word)
    kept = np.where(solid, points, np.uint32(32))[keep]
    return kept.tobytes().decode("utf-32-le", "surrogatepass").split("\n")


def _pieces(text: str, chunk: int) -> list[str]:
    """The text cut into pieces of about `chunk` characters, each cut at a white space."""
    pieces, start = [], 0
    while len(text) - start > chunk:
        found = _SPACE.search(text, start + chunk)
        if found is None:
            break
        pieces.append(text[start:found.start()])
        start = found.start()
    pieces.append(text[start:])
    return pieces


def _by_line(pieces: LineFeatures, owner: np.ndarray, texts: list[str]) -> LineFeatures:
    """The features of lines from those of their pieces (`owner`: each piece's line)."""
    first = np.searchsorted(owner, np.arange(len(texts)))
    last = np.searchsorted(owner, np.arange(len(texts)), side="right") - 1
    cut = np.flatnonzero(last > first)  # lines in pieces: each piece after the first opens
    # with the white space it was cut at, so such a line holds one
    count = np.add.reduceat
    digits = np.logical_or.reduceat(pieces.digits, first)
    figures = np.logical_or.reduceat(pieces.figures, first)
    figures[cut] |= digits[cut]
    cells = np.logical_or.reduceat(pieces.cells, first)
    cells[cut] = [CELLS.search(texts[index]) is not None for index in cut.tolist()]
    return LineFeatures(
        words=count(pieces.words, first), stopwords=count(pieces.stopwords, first),
        ends=pieces.ends[last], code=np.logical_or.reduceat(pieces.code, first),
        list_item=pieces.list_item[first], figures=figures, digits=digits, cells=cells,
        letters=count(pieces.letters, first), capitals=count(pieces.capitals, first))


def _features(texts: list[str], vocabulary: frozenset[str]) -> LineFeatures:
    if not texts:
        return LineFeatures(*(np.zeros(0, bool if 2 <= n < 8 else int) for n in range(10)))
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
    word_start = _word_starts(points, word)
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
        digits=(marks & DIGIT).astype(bool),
        cells=_matching(CELLS, texts, np.logical_or.reduceat(points == ord("|"), starts)),
        letters=np.add.reduceat((classes & ALPHA) > 0, starts, dtype=np.int64),
        capitals=np.add.reduceat((classes & UPPER) > 0, starts, dtype=np.int64))


def _word_starts(points: np.ndarray, word: np.ndarray) -> np.ndarray:
    """Where each word starts: a word character after one that is not, or an ideograph, or
    the character after an ideograph (each ideograph is a word of its own)."""
    start = word.copy()
    start[1:] &= ~word[:-1]
    if len(points) and points.max() >= IDEOGRAPHS[0][0]:  # most texts hold none
        ideograph = np.zeros(len(points), bool)
        for low, high in IDEOGRAPHS:
            ideograph |= (points >= low) & (points <= high)
        ideograph &= word
        start |= ideograph
        start[1:] |= word[1:] & ideograph[:-1]
    return start


def _matching(pattern: re.Pattern, texts: list[str], candidates: np.ndarray) -> np.ndarray:
    """`pattern` searched with `re` on the few lines the arrays could not rule out."""
    found = np.zeros(len(texts), bool)
    for index in np.flatnonzero(candidates).tolist():
        found[index] = pattern.search(texts[index]) is not None
    return found


def _stopwords(points: np.ndarray, word: np.ndarray, word_start: np.ndarray,
               words: np.ndarray, vocabulary: frozenset[str]) -> np.ndarray:
    """How many of each line's words are in the vocabulary (compared casefolded)."""
    table, shift, longest = _vocabulary_table(vocabulary)
    if not longest or not words.any():
        return np.zeros(len(words), np.int64)
    hashed, length = _word_hashes(points, word, word_start)
    found = _in_table(hashed, table, shift) & (length <= longest)
    running = np.concatenate(([0], np.cumsum(found, dtype=np.int64)))
    return np.diff(running[np.cumsum(words)], prepend=0)


def _in_table(hashed: np.ndarray, table: np.ndarray, shift: np.uint64) -> np.ndarray:
    """Whether each hash is in the vocabulary's table: held by one of the PROBES slots from
    the one it names."""
    first = _slots(hashed, shift)
    found = table[first] == hashed
    for probe in range(1, PROBES):
        found |= table[first + probe] == hashed
    return found


def _word_hashes(points: np.ndarray, word: np.ndarray,
                 word_start: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A 64-bit hash of each word's casefolded code points, and its length. Each code point
    is weighted by the base's power of its place in the text, and the running sum is taken
    once: a word's sum, between its ends, times the inverse power of its first place, is
    its polynomial wherever it stands. Three passes over the text (weighting each letter by
    its place in its word took ten, and was a tenth of the chain's time)."""
    first = np.flatnonzero(word_start)
    # A word ends before a character that is not a word's, or that starts another word (an
    # ideograph); a newline ends the text.
    end = np.flatnonzero(word[:-1] & (~word[1:] | word_start[1:])) + 1
    powers, inverses = _powers(len(points))
    running = np.zeros(len(points) + 1, np.uint64)
    np.cumsum(_fold(points).astype(np.uint64) * powers, out=running[1:])
    length = end - first
    hashed = ((running[end] - running[first]) * inverses[first]
              + length.astype(np.uint64) * _LENGTH_WEIGHT)
    return hashed, length


def _powers(count: int) -> tuple[np.ndarray, np.ndarray]:
    """The base's powers 0..count-1 and its inverse's, made once for the longest text yet."""
    if not _POWERS or len(_POWERS[0]) < count:
        size = max(count, 2 * len(_POWERS[0]) if _POWERS else 1 << 16)
        _POWERS[:] = [_cumulative_power(_BASE, size), _cumulative_power(_BASE_INVERSE, size)]
    return _POWERS[0][:count], _POWERS[1][:count]


def _cumulative_power(base: np.uint64, size: int) -> np.ndarray:
    """[1, base, base**2, ...] modulo 2**64."""
    powers = np.full(size, base, np.uint64)
    powers[0] = 1
    return np.cumprod(powers, out=powers)


def _slots(hashed: np.ndarray, shift: np.uint64) -> np.ndarray:
    """A hash's slot: the top bits of its product with an odd constant, which spreads the
    low bits (where short words' hashes differ) over the top ones (Fibonacci hashing)."""
    return ((hashed * _SPREAD) >> shift).astype(np.intp)


@lru_cache(maxsize=64)  # a vocabulary a language: a corpus holds a few dozen at most
def _vocabulary_table(vocabulary: frozenset[str]) -> tuple[np.ndarray, np.uint64, int]:
    """The vocabulary's words hashed as a line's are, in a table of 4 to 8 slots a word
    (`_in_table`: one array lookup a probe, a tenth of the time of a binary search in a
    sorted array); the shift; the longest word's length. A word whose slot is taken goes to
    the next free one; where that would put a word PROBES slots or more from its own, the
    table doubles (for 2 of the 38 lists of language.py: Finnish, Ukrainian). (Sized until
    no two words shared a slot, jusText's larger lists took up to 2 GB each, the 38 and the
    rules' English list 7.3 GB in all; so sized, they take 3.5 MB.) An entry that is not one
    word (WORDS: two ideographs are two words) could never match one, and is left out."""
    entries = [w for w in vocabulary if WORDS.fullmatch(w)]
    if not entries:
        return np.zeros(1, np.uint64), np.uint64(63), 0
    points = np.frombuffer((" ".join(entries) + "\n").encode("utf-32-le", "surrogatepass"),
                           np.uint32)
    word = (_classify(points) & WORD).view(np.bool_)
    word_start = _word_starts(points, word)
    hashes = _distinct(_word_hashes(points, word, word_start)[0])[0]
    bits = len(hashes).bit_length() + 2
    while (placed := _placed(hashes, np.uint64(64 - bits))) is None:
        bits += 1
    ordered, places = placed
    # The table runs PROBES - 1 slots past the last a hash names, so no probe wraps around.
    # A free slot holds a word's hash: a probe that reads it there matches that word only,
    # which is in the vocabulary wherever it stands.
    table = np.full((1 << bits) + PROBES - 1, hashes[0], np.uint64)
    table[places] = ordered
    return table, np.uint64(64 - bits), max(map(len, entries))


def _placed(hashes: np.ndarray,
            shift: np.uint64) -> tuple[np.ndarray, np.ndarray] | None:
    """The hashes in the order of their slots, and where each goes: its slot, or when that
    is taken the one after the hash before it (linear probing), which is the farthest of
    (a slot + the hashes placed since). None when one would be PROBES slots or more from
    its own."""
    own = _slots(hashes, shift)
    order = np.argsort(own, kind="stable")
    own = own[order]
    since = np.arange(len(own))
    places = np.maximum.accumulate(own - since) + since
    return None if (places - own).max() >= PROBES else (hashes[order], places)
