# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The compiled core: the line features of `cleaner/linefeatures.py` in one pass over each
line's characters.

The Python reference reads the whole text as arrays with numpy (a dozen passes, each waiting
on memory); here each line is read once, character by character, with the same class and
casefold tables, the same word hashes and the same vocabulary table, so the results are the
reference's to the bit (tests/test_core.py holds them to it). The few lines that may be list
items or joined table rows are confirmed with the reference's own patterns.
"""

import numpy as np

from cpython.unicode cimport (PyUnicode_1BYTE_KIND, PyUnicode_2BYTE_KIND, PyUnicode_DATA,
                              PyUnicode_KIND)
from libc.stdint cimport int64_t, uint8_t, uint16_t, uint32_t, uint64_t


cdef enum:  # the class bits of cleaner.linefeatures
    WORD = 1
    DIGIT = 2
    SPACE = 4
    END = 8
    CODE = 16
    BULLET = 32
    ALPHA = 64
    UPPER = 128
    BMP = 0x10000
    BEYOND_BMP_FOLD = 0xFFFF  # every code point beyond the BMP folds to U+FFFF, as there
    PROBES = 4  # linefeatures.PROBES: slots read for a word (a constant: the reads unroll)


ctypedef fused chars:  # a str's storage: one, two or four bytes a code point
    uint8_t
    uint16_t
    uint32_t


cdef struct Tables:  # what a line is read against
    const uint8_t* classes
    const uint32_t* fold
    const uint64_t* table
    uint64_t shift, base, length_weight, spread
    Py_ssize_t longest


cdef struct Counts:  # what a line's reading found
    Py_ssize_t words, stopwords, letters, capitals
    uint8_t marks, first, last
    bint bar


def line_features(list texts, const uint8_t[:] classes, const uint32_t[:] fold,
                  const uint64_t[:] table, uint64_t shift, Py_ssize_t longest,
                  uint64_t base, uint64_t length_weight, uint64_t spread,
                  astral_classes, list_item, cells):
    """The ten feature arrays of `texts`, in LineFeatures' order. `classes` and `fold` are
    the BMP tables, `astral_classes(point)` the class bits of a point beyond it; `table`,
    `shift` and `longest` the vocabulary's table (`longest` 0: no vocabulary); `base`,
    `length_weight` and `spread` the hash's constants; `list_item` and `cells` the patterns
    that confirm a candidate line."""
    cdef Py_ssize_t count = len(texts), index
    if longest and table.shape[0] < (<Py_ssize_t>1 << (64 - shift)) + PROBES - 1:
        raise ValueError(f"the vocabulary's table holds {table.shape[0]} slots: too few for "
                         f"its shift ({shift}) and {PROBES} probes (linefeatures.PROBES)")
    cdef Tables tables = Tables(&classes[0], &fold[0], &table[0], shift, base, length_weight,
                                spread, longest)
    words = np.zeros(count, np.int64)
    stopwords = np.zeros(count, np.int64)
    letters = np.zeros(count, np.int64)
    capitals = np.zeros(count, np.int64)
    flags = np.zeros((6, count), np.uint8)  # ends, code, list_item, figures, cells, digits
    cdef int64_t[:] c_words = words, c_stop = stopwords, c_letters = letters
    cdef int64_t[:] c_capitals = capitals
    cdef uint8_t[:, :] c_flags = flags
    cdef Counts found
    cdef int kind
    for index in range(count):
        text = <str>texts[index]
        if "\n" in text:  # a line holding a newline reads it as a space, as the reference
            text = text.replace("\n", " ")
        found = Counts(0, 0, 0, 0, 0, 0, 0, False)
        kind = PyUnicode_KIND(text)
        if kind == PyUnicode_1BYTE_KIND:
            _read(<const uint8_t*>PyUnicode_DATA(text), len(text), &tables, &found, None)
        elif kind == PyUnicode_2BYTE_KIND:
            _read(<const uint16_t*>PyUnicode_DATA(text), len(text), &tables, &found, None)
        else:
            _read(<const uint32_t*>PyUnicode_DATA(text), len(text), &tables, &found,
                  astral_classes)
        c_words[index] = found.words
        c_stop[index] = found.stopwords
        c_letters[index] = found.letters
        c_capitals[index] = found.capitals
        if text:
            c_flags[0, index] = (found.last & END) != 0
            c_flags[2, index] = (found.first & (BULLET | DIGIT)) != 0 \
                and list_item.search(text) is not None
        c_flags[1, index] = (found.marks & CODE) != 0
        c_flags[3, index] = (found.marks & (DIGIT | SPACE)) == (DIGIT | SPACE)
        c_flags[4, index] = found.bar and cells.search(text) is not None
        c_flags[5, index] = (found.marks & DIGIT) != 0
    ends, code, items, figures, joined, digits = flags.view(np.bool_)
    return (words, stopwords, ends, code, items, figures, joined, digits, letters, capitals)


cdef int _read(const chars* data, Py_ssize_t size, const Tables* tables, Counts* found,
               astral_classes) except -1:
    """Reads one line's `size` code points: its words (each hashed as it is read; each
    ideograph a word of its own), its letters and capitals, every class it holds, its first
    and last characters' classes, whether it holds a "|". Points beyond the BMP (only in a four-byte str) ask
    `astral_classes`. (The counts are kept in locals, not in `found`: written through a
    pointer, they went to memory at every character.)"""
    cdef Py_ssize_t at, length = 0, words = 0, stopwords = 0, letters = 0, capitals = 0
    cdef uint32_t point, folded
    cdef uint8_t kind = 0, marks = 0
    cdef uint64_t hashed = 0, power = 1, base = tables.base
    cdef bint in_word = False, bar = False, ideograph, after_ideograph = False
    cdef const uint8_t* classes = tables.classes
    cdef const uint32_t* fold = tables.fold
    for at in range(size):
        point = data[at]
        if chars is uint32_t and point >= BMP:
            kind = astral_classes(point)
            folded = BEYOND_BMP_FOLD
        else:
            kind = classes[point]
            folded = fold[point]
        marks |= kind
        letters += (kind & ALPHA) != 0
        capitals += (kind & UPPER) != 0
        bar |= point == 124  # "|"
        if kind & WORD:
            ideograph = point >= 0x3040 and _is_ideograph(point)
            if in_word and (ideograph or after_ideograph):  # an ideograph is a word alone
                stopwords += _in_table(hashed, length, tables)
                in_word = False
            after_ideograph = ideograph
            if not in_word:
                in_word = True
                words += 1
                hashed, power, length = 0, 1, 0
            hashed += folded * power
            power *= base
            length += 1
        elif in_word:
            in_word = False
            stopwords += _in_table(hashed, length, tables)
    if in_word:
        stopwords += _in_table(hashed, length, tables)
    if size:
        point = data[0]
        found.first = astral_classes(point) if chars is uint32_t and point >= BMP \
            else classes[point]
    found.words, found.stopwords, found.letters, found.capitals = \
        words, stopwords, letters, capitals
    found.marks, found.last, found.bar = marks, kind, bar
    return 0


def line_marks(list texts, const uint8_t[:] classes, astral_classes, tuple clause_end,
               Py_ssize_t max_chars):
    """The four arrays of `cleaner.linefeatures.line_marks`: each line title-like (at most
    `max_chars`, not ending in one of `clause_end`), whether it starts with a capital, its
    commas, whether it holds "http", "www." or "@"."""
    cdef Py_ssize_t count = len(texts), index, size
    title = np.zeros(count, np.uint8)
    upper = np.zeros(count, np.uint8)
    commas = np.zeros(count, np.int64)
    url = np.zeros(count, np.uint8)
    cdef uint8_t[:] c_title = title, c_upper = upper, c_url = url
    cdef int64_t[:] c_commas = commas
    cdef Py_ssize_t found_commas
    cdef bint found_url
    cdef uint32_t first
    cdef int kind
    for index in range(count):
        text = <str>texts[index]
        size = len(text)
        if not size:
            continue
        c_title[index] = size <= max_chars and not text.endswith(clause_end)
        kind = PyUnicode_KIND(text)
        found_commas, found_url = 0, False
        if kind == PyUnicode_1BYTE_KIND:
            first = _marks(<const uint8_t*>PyUnicode_DATA(text), size, &found_commas,
                           &found_url)
        elif kind == PyUnicode_2BYTE_KIND:
            first = _marks(<const uint16_t*>PyUnicode_DATA(text), size, &found_commas,
                           &found_url)
        else:
            first = _marks(<const uint32_t*>PyUnicode_DATA(text), size, &found_commas,
                           &found_url)
        c_upper[index] = ((astral_classes(first) if first >= BMP else classes[first])
                          & UPPER) != 0
        c_commas[index] = found_commas
        c_url[index] = found_url
    return title.view(np.bool_), upper.view(np.bool_), commas, url.view(np.bool_)


cdef uint32_t _marks(const chars* data, Py_ssize_t size, Py_ssize_t* commas,
                     bint* url) noexcept:
    """Counts a line's commas and looks for "http", "www." and "@"; returns its first code
    point."""
    cdef Py_ssize_t at, found = 0
    cdef bint seen = False
    cdef uint32_t point
    for at in range(size):
        point = data[at]
        if point == 44:  # ","
            found += 1
        elif point == 64:  # "@"
            seen = True
        elif at + 3 < size and (
                (point == 104 and data[at + 1] == 116 and data[at + 2] == 116
                 and data[at + 3] == 112)  # "http"
                or (point == 119 and data[at + 1] == 119 and data[at + 2] == 119
                    and data[at + 3] == 46)):  # "www."
            seen = True
    commas[0], url[0] = found, seen
    return data[0]


def char_counts(str text, const uint8_t[:] classes, astral_classes):
    """A text's letters, white spaces (the newline too) and decimal digits
    (`cleaner.linefeatures.char_counts`), in one pass."""
    cdef int kind = PyUnicode_KIND(text)
    cdef Py_ssize_t counts[3]
    counts[0] = counts[1] = counts[2] = 0
    if kind == PyUnicode_1BYTE_KIND:
        _char_counts(<const uint8_t*>PyUnicode_DATA(text), len(text), &classes[0], counts,
                     None)
    elif kind == PyUnicode_2BYTE_KIND:
        _char_counts(<const uint16_t*>PyUnicode_DATA(text), len(text), &classes[0], counts,
                     None)
    else:
        _char_counts(<const uint32_t*>PyUnicode_DATA(text), len(text), &classes[0], counts,
                     astral_classes)
    return counts[0], counts[1], counts[2]


cdef int _char_counts(const chars* data, Py_ssize_t size, const uint8_t* classes,
                      Py_ssize_t* counts, astral_classes) except -1:
    cdef Py_ssize_t at
    cdef uint32_t point
    cdef uint8_t kind
    for at in range(size):
        point = data[at]
        if chars is uint32_t and point >= BMP:
            kind = astral_classes(point)
        else:
            kind = classes[point]
        counts[0] += (kind & ALPHA) != 0
        counts[1] += (kind & SPACE) != 0 or point == 10  # the table's spaces leave it out
        counts[2] += (kind & DIGIT) != 0
    return 0


def long_words(str text, const uint8_t[:] classes, Py_ssize_t shortest, astral_classes):
    """The distinct runs of `shortest` or more word characters that are not ideographs
    (`cleaner.linefeatures.long_words`), as they are written: each run read once, a str made
    of it only when it is long enough."""
    found = set()
    cdef int kind = PyUnicode_KIND(text)
    if kind == PyUnicode_1BYTE_KIND:
        _long_words(<const uint8_t*>PyUnicode_DATA(text), text, &classes[0], shortest,
                    found, None)
    elif kind == PyUnicode_2BYTE_KIND:
        _long_words(<const uint16_t*>PyUnicode_DATA(text), text, &classes[0], shortest,
                    found, None)
    else:
        _long_words(<const uint32_t*>PyUnicode_DATA(text), text, &classes[0], shortest,
                    found, astral_classes)
    return found


cdef int _long_words(const chars* data, str text, const uint8_t* classes, Py_ssize_t shortest,
                     set found, astral_classes) except -1:
    cdef Py_ssize_t at, start = 0, size = len(text)
    cdef uint32_t point
    cdef uint8_t kind
    cdef bint inside
    for at in range(size + 1):
        if at == size:
            inside = False
        else:
            point = data[at]
            if chars is uint32_t and point >= BMP:
                kind = astral_classes(point)
            else:
                kind = classes[point]
            inside = (kind & WORD) != 0 and not (point >= 0x3040 and _is_ideograph(point))
        if not inside:
            if at - start >= shortest:
                found.add(text[start:at])
            start = at + 1
    return 0


cdef inline bint _is_ideograph(uint32_t point) noexcept:
    """A Han ideograph, hiragana or katakana (cleaner.linefeatures.IDEOGRAPHS)."""
    return (0x3040 <= point <= 0x30FF or 0x3400 <= point <= 0x4DBF
            or 0x4E00 <= point <= 0x9FFF or 0xF900 <= point <= 0xFAFF
            or 0xFF66 <= point <= 0xFF9F or 0x20000 <= point <= 0x3134F)


cdef inline int _in_table(uint64_t hashed, Py_ssize_t length, const Tables* tables) noexcept:
    """Whether a word (its hash before the length is added, and its length) is in the
    vocabulary's table: held by one of the PROBES slots from the one named by the top bits
    of its hash times `spread`. All are read, without a branch: whether a word is in the
    vocabulary is hard to predict, and stopping at a match took longer."""
    cdef const uint64_t* slot
    cdef int probe, found = 0
    if tables.longest == 0 or length > tables.longest:
        return 0
    hashed += <uint64_t>length * tables.length_weight
    slot = tables.table + ((hashed * tables.spread) >> tables.shift)
    for probe in range(PROBES):
        found |= slot[probe] == hashed
    return found


def walk_trees(const double[:, :] rows, const int64_t[:] roots, const int64_t[:] feature,
               const double[:] threshold, const int64_t[:] left, const int64_t[:] right):
    """The leaf each row reaches in each tree of `cleaner.trimmer.Trees` (its arrays), as
    that walk finds it: left where the row's value is at most the split's threshold, until a
    node whose left child is itself. Each row and tree stops at its own leaf; numpy's walk
    steps every row and tree to the deepest tree's depth. The leaves' values are summed by
    the caller, as the reference sums them."""
    cdef Py_ssize_t count = rows.shape[0], trees = roots.shape[0], row, tree
    cdef int64_t node
    out = np.empty((count, trees), np.int64)
    cdef int64_t[:, :] leaves = out
    for row in range(count):
        for tree in range(trees):
            node = roots[tree]
            while left[node] != node:
                if rows[row, feature[node]] <= threshold[node]:
                    node = left[node]
                else:
                    node = right[node]
            leaves[row, tree] = node
    return out
