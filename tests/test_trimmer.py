"""The learned end-trimmer (cleaner/trimmer.py, cleaner/pagefeatures.py, the `trim_ends`
action): its trees file, numpy's walk of it, what it cuts, and `make train`'s rebuild."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, shared

from cleaner import Document, pagefeatures, trimmer
from cleaner.explain import explain_document

TREES = ROOT / "cleaner" / "rules" / "trimmer-trees.txt"


def test_the_shipped_trees_read_the_features_the_module_computes():
    trees = trimmer.read_trees(TREES)
    assert trees.names == pagefeatures.NAMES
    assert len(trees.roots) == 200 and trees.depth > 1
    assert np.all(trees.feature < len(trees.names))


def test_all_trees_are_walked_at_once_a_level_a_step(tmp_path):
    """Two trees by hand: the first splits column 1 at 0.5 and again column 0 at 2 on its
    right; the second is one leaf. A row on a split's threshold goes left."""
    path = tmp_path / "trees.txt"
    trimmer.write_trees(path, ["a", "b"], 0.25,
                        [[(1, 0.5, 1, 2), -1.0, (0, 2.0, 3, 4), 0.5, 2.0], [0.125]], "two")
    trees = trimmer.read_trees(path)
    assert trees.depth == 2
    rows = np.array([[9.0, 0.5], [2.0, 0.7], [3.0, 0.7]])
    raw = 0.25 + 0.125 + np.array([-1.0, 0.5, 2.0])
    assert np.allclose(trees.probability(rows), 1 / (1 + np.exp(-raw)), rtol=0, atol=1e-15)
    again = tmp_path / "again.txt"
    trimmer.write_trees(again, ["a", "b"], 0.25,
                        [[(1, 0.5, 1, 2), -1.0, (0, 2.0, 3, 4), 0.5, 2.0], [0.125]], "two")
    assert again.read_bytes() == path.read_bytes()


def test_a_file_that_is_not_trees_is_refused_naming_its_line(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("baseline 0.1\nfeature a\ntree\nbranch 0 1 2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.txt:4"):
        trimmer.read_trees(path)


def test_cleaning_does_not_import_scikit_learn():
    code = ("import sys\nfrom cleaner import clean_text\nclean_text('Menu\\n' + 'A line of "
            "text, long enough to read as prose for the locator to keep.\\n' * 5)\n"
            "assert not [m for m in sys.modules if m.startswith('sklearn')]")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_cut_line_shows_its_probability_in_explain(cleaner):
    """The rule's example page: the newsletter's pitch under the article is cut, and `clean
    explain` says with what probability, against the threshold."""
    import tomllib

    rules = tomllib.loads((ROOT / "cleaner" / "rules" / "generic.toml").read_text("utf-8"))
    example = next(e for e in rules["example"] if e.get("rules") == ["generic.trim-ends"])
    doc = Document.from_text(example["input"], "p", "p.txt")
    shown = explain_document(doc, cleaner.clean(doc))
    cut = [line for line in shown.splitlines() if "[generic.trim-ends]" in line]
    assert cut and all("(end score 0." in line and "< 0.45)" in line for line in cut)


def test_a_text_the_locator_left_whole_is_not_trimmed(cleaner):
    """A record's article with nothing around it: the trees, fitted on whole pages, would
    read its last line as a page's; the trimmer waits for the locator to have cut."""
    text = ("A leading voice in the state House has introduced a bill to outlaw the practice.\n"
            "Critics say the practice is cruel and that no farm exists in the state today.\n")
    assert cleaner.clean(Document.from_text(text, "p", "p.txt"))[0].text == text.strip()


def test_make_train_rebuilds_the_shipped_trees_byte_for_byte(tmp_path: Path):
    """The shipped trees are what `make train` writes from the dev set's train pages and the
    shipped rules (its script also checks numpy's walk against scikit-learn's
    probabilities): a rule change that moves the rows comes with the trees fitted again."""
    pytest.importorskip("sklearn", reason="the `train` extra fits the trees")
    shared("devset", "manifest.jsonl")
    out = tmp_path / "trimmer-trees.txt"
    subprocess.run([sys.executable, str(ROOT / "bench" / "train_trimmer.py"), "--no-cv",
                    "--out", str(out)], check=True, capture_output=True, text=True)
    assert out.read_bytes() == TREES.read_bytes()


def test_the_trees_come_from_the_cache_as_they_were_read(tmp_path, monkeypatch):
    """Read from the text once and written to the cache, then read back the same; a damaged
    entry is read from the text again."""
    monkeypatch.setenv("CLEANER_CACHE", str(tmp_path))
    read = trimmer.read_trees(TREES)

    def same(trees) -> bool:
        return (trees.names, trees.baseline, trees.depth) == (
            read.names, read.baseline, read.depth) and all(
            np.array_equal(getattr(trees, key), getattr(read, key)) for key in trimmer.ARRAYS)
    for _ in range(2):
        trimmer.load.cache_clear()
        assert same(trimmer.load(TREES))
    [entry] = (tmp_path / "trees").iterdir()
    entry.write_bytes(entry.read_bytes()[:500])
    trimmer.load.cache_clear()
    assert same(trimmer.load(TREES))
    trimmer.load.cache_clear()
