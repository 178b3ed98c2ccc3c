"""The compiled core gives the records of the Python reference, to the byte: on the seeds, the
dev sets' train pages, the German dev set and the aggregator pages, and on random text."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import FIXTURES, shared, train_pages
from hypothesis import example, given, settings
from hypothesis import strategies as st

import cleaner.linefeatures as linefeatures
import cleaner.trimmer as trimmer
from cleaner import Cleaner, load_rule_files
from cleaner.document import Document

CORE = linefeatures.compiled


@pytest.fixture(scope="module")
def chain() -> Cleaner:
    return Cleaner(load_rule_files())


def _records(chain: Cleaner, path: Path, core) -> list[str]:
    """A page's records as JSON, cleaned with `core` (None: the Python reference)."""
    kept = linefeatures.compiled
    linefeatures.compiled = core
    try:
        doc = Document.from_text(path.read_text(encoding="utf-8"), path.name, path.name)
        return [json.dumps(record.to_json(), sort_keys=True) for record in chain.clean(doc)]
    finally:
        linefeatures.compiled = kept


def test_the_core_is_built():
    """The package's build compiles the core where a C compiler is (as on every machine the
    suite runs on); without it `clean` still works, on the reference."""
    assert CORE is not None, "cleaner/_core.pyx was not compiled: pip install -e . again"


def _pages() -> list[Path]:
    pages = sorted((FIXTURES / "seeds").glob("*.txt"))
    pages += train_pages("text")[::2]
    pages += sorted(shared("devset-ml", "text").glob("*.txt"))[::3]
    pages += sorted(shared("aggregator-dev", "pages").glob("*.txt"))
    return pages


def test_records_are_those_of_the_reference(chain):
    differ = [page.name for page in _pages()
              if _records(chain, page, CORE) != _records(chain, page, None)]
    assert not differ


def _features(texts: list[str], vocabulary: frozenset[str], core) -> list[list]:
    kept = linefeatures.compiled
    linefeatures.compiled = core
    try:
        found = linefeatures.line_features(texts, vocabulary)
    finally:
        linefeatures.compiled = kept
    return [[str(array.dtype), array.tolist()]
            for array in (getattr(found, name) for name in found.__slots__)]


# Any character but a surrogate (spelt so for every hypothesis since 6.0)
CHARACTER = st.characters(max_codepoint=0xD7FF) | st.characters(min_codepoint=0xE000)
LINE = st.text(st.one_of(st.sampled_from("aZ ß|-•1.)\n\t😀𐐀İǅ;:?”"), CHARACTER), max_size=40)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINE, max_size=8))
@example(["", "- 1", "ß the", "a\nb | c", "😀 the."])
def test_any_lines_read_as_the_reference_reads_them(texts):
    vocabulary = frozenset({"the", "ß", "straße", "a"})
    assert _features(texts, vocabulary, CORE) == _features(texts, vocabulary, None)


def _long_words(text: str, core) -> set[str]:
    kept = linefeatures.compiled
    linefeatures.compiled = core
    try:
        return linefeatures.long_words(text, 4)
    finally:
        linefeatures.compiled = kept


WORDY = st.text(st.one_of(st.sampled_from("ab_1 ß-東ｶ😀𐐀①٣\u0301"), CHARACTER), max_size=60)


@settings(max_examples=300, deadline=None)
@given(WORDY)
@example("Grain 東京2020Olympics ｶabcd 𐐀𐐁𐐂𐐃 x_yz ①②③④ a\u0301bcd")
def test_long_words_are_the_reference_patterns(text):
    """A headline's topic words (headlines.topic_words): the core's runs of word characters
    between ideographs, in every width of str, are the reference pattern's."""
    assert _long_words(text, CORE) == _long_words(text, None)


def _char_counts(text: str, core) -> tuple[int, int, int]:
    kept = linefeatures.compiled
    linefeatures.compiled = core
    try:
        return linefeatures.char_counts(text)
    finally:
        linefeatures.compiled = kept


@settings(max_examples=300, deadline=None)
@given(st.text(st.one_of(st.sampled_from("a1 \n\t\u00a0\u2003ß東٣①²𐐀😀𝟘\u0301"), CHARACTER),
               max_size=40))
@example("Flat 3, 2nd floor\u00a0\u0663 𝟘𐐀\n")
def test_char_counts_are_the_reference_counts(text):
    """A headline's letters, spaces and digits (headlines.reads_as_headline): the core's one
    pass counts what str.isalpha, str.isspace and str.isdecimal do, the newline, digits of
    other scripts and points beyond the BMP included."""
    assert _char_counts(text, CORE) == _char_counts(text, None)


def _marks(texts: list[str], core) -> list[list]:
    kept = linefeatures.compiled
    linefeatures.compiled = core
    try:
        found = linefeatures.line_marks(texts, 12)
    finally:
        linefeatures.compiled = kept
    return [[str(array.dtype), array.tolist()]
            for array in (getattr(found, name) for name in found.__slots__)]


MARKED = st.lists(st.one_of(st.sampled_from(["http", "www.", "@", ",", ".", ".”", "…", "。",
                                             "É", "ǅ", "𐐀", "😀", "a", " "]), CHARACTER),
                  max_size=10)


@settings(max_examples=300, deadline=None)
@given(st.lists(MARKED.map("".join), max_size=8))
@example(["", "http", "ww.w", "Éa,b,", "ǅx", "𐐀 x", "abc.”", "0123456789abc"])
def test_line_marks_are_the_reference_marks(texts):
    """Title-like (12 characters at most here), a capital first, commas, a URL's marks:
    the core's are the reference's, in every width of str."""
    assert _marks(texts, CORE) == _marks(texts, None)


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 300), st.integers(0, 2**32 - 1))
@example(1, 0)
def test_the_trees_walk_to_the_reference_leaves(count, seed):
    """The end-trimmer's trees, walked by the core, reach the leaves numpy's walk reaches,
    so the probabilities are the reference's to the bit (rows of any values, ties with the
    thresholds among them)."""
    trees = trimmer.load(trimmer_model())
    rng = np.random.default_rng(seed)
    rows = rng.normal(0, 2, (count, len(trees.names)))
    rows[rng.random(rows.shape) < 0.2] = 0.0  # flags and ties
    picked = rng.integers(0, len(trees.threshold), rows.shape)
    ties = rng.random(rows.shape) < 0.1
    rows[ties] = trees.threshold[picked[ties]]
    kept = linefeatures.compiled
    try:
        linefeatures.compiled = None
        reference = trees.probability(rows)
        linefeatures.compiled = CORE
        assert np.array_equal(trees.probability(rows), reference)
    finally:
        linefeatures.compiled = kept


def trimmer_model() -> Path:
    return Path(trimmer.__file__).parent / "rules" / "trimmer-trees.txt"


def test_a_table_too_short_for_the_probes_is_refused():
    """The core reads PROBES slots from a word's own without bounds checks: a table that does
    not run PROBES - 1 slots past the last one its shift names is an error, not a read past
    its end."""
    classes, fold = linefeatures._bmp_tables()
    table, shift, longest = linefeatures._vocabulary_table(frozenset({"the"}))
    with pytest.raises(ValueError, match="too few"):
        CORE.line_features(["the end"], classes, fold, table[:-1], int(shift), longest, 1, 1, 1,
                           linefeatures._astral_classes, linefeatures.LIST_ITEM,
                           linefeatures.CELLS)


def test_the_python_reference_needs_no_core():
    """With the core's import failing, the package runs on the reference and says so."""
    code = ("import sys; sys.modules['cleaner._core'] = None\n"
            "import cleaner.linefeatures as f\n"
            "found = f.line_features(['The end.'], frozenset({'the'}))\n"
            "print(f.compiled is None, found.stopwords)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.split() == ["True", "[1]"], done.stderr


def test_the_reference_can_be_asked_for():
    code = "import cleaner.linefeatures as f; print(f.compiled is None)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "CLEANER_PURE_PYTHON": "1"})
    assert done.stdout.split() == ["True"], done.stderr


def test_version_names_the_implementation():
    done = subprocess.run([sys.executable, "-m", "cleaner", "--version"], capture_output=True,
                          text=True, check=True)
    assert "compiled core" in done.stdout
    assert ("Python reference" in done.stdout) == (CORE is None)
