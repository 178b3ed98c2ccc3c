"""A learned end-trimmer: gradient-boosted trees that tell, from the whole page as the chain
left it (pagefeatures.py), how likely a line is the article's own; the article's two ends are
cut while their lines are unlikely.

The hand-set locator grows its region over what looks like text; on sites no rule was written
for, what it lets in at the ends (a teaser, a newsletter pitch, an author box) is most of the
leak. A model of the line alone cannot tell those from the article's last paragraph; one that
sees the page around it (which rules removed the lines next to it, how far the densest prose
is) can. It only cuts the ends, so the article stays one stretch, and never all of it.

The trees are fitted by scikit-learn (bench/train_trimmer.py, `make train`) and shipped as a
text file of their nodes (rules/trimmer-trees.txt); numpy walks them all at once, a level a
step: no learning library at cleaning time. docs/scorer.md gives the figures.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from cleaner import linefeatures
from cleaner.cache import cached

BLOCK = 4096  # rows walked at once: the walk holds a node index per row and tree
# The end rows walked at a time: most pages lose a few lines at each end, and a walk of all
# trees costs about 10 ms for a page's 300 lines (the 400 train dumps: 3.9 s of 10.5).
STEP = 8


@dataclass(frozen=True, slots=True)
class Trees:
    """All trees' nodes in one set of arrays. A leaf points at itself both ways, so a walk
    that reached it stays there while the deeper trees go on."""

    names: tuple[str, ...]  # the features, in the matrix's column order
    baseline: float  # the raw prediction before any tree
    roots: np.ndarray  # each tree's first node
    feature: np.ndarray  # a split's column (0 at a leaf)
    threshold: np.ndarray  # a row goes left when its value is at most this
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray  # a leaf's share of the raw prediction (0 at a split)
    depth: int  # the longest path from a root to a leaf

    def probability(self, matrix: np.ndarray) -> np.ndarray:
        """The probability that each row's line is the article's (sklearn's predict_proba)."""
        raw = np.empty(len(matrix))
        for start in range(0, len(matrix), BLOCK):
            node = self.leaves(matrix[start:start + BLOCK])
            raw[start:start + BLOCK] = self.baseline + self.value[node].sum(axis=1)
        return 1.0 / (1.0 + np.exp(-raw))

    def leaves(self, rows: np.ndarray) -> np.ndarray:
        """The leaf each row reaches in each tree: by the compiled core where the package
        has it (`_core.walk_trees`: the numpy walk, 21 steps of indexing arrays of rows by
        trees, was a tenth of the cleaning's time, most of it on 8 rows at a time), else by
        numpy, the reference, all trees at once, a level a step."""
        core = linefeatures.compiled
        if core is not None:
            return core.walk_trees(np.ascontiguousarray(rows, np.float64), self.roots,
                                   self.feature, self.threshold, self.left, self.right)
        node = np.broadcast_to(self.roots, (len(rows), len(self.roots)))
        picked = np.arange(len(rows))[:, None]
        for _ in range(self.depth):
            goes_left = rows[picked, self.feature[node]] <= self.threshold[node]
            node = np.where(goes_left, self.left[node], self.right[node])
        return node


def write_trees(path: Path, names: list[str], baseline: float,
                trees: list[list[tuple[int, float, int, int] | float]], note: str) -> None:
    """The model file: `# ` comment lines, `baseline RAW`, a `feature NAME` line per column,
    then per tree a `tree` line and its nodes in order, node 0 its root: `split COLUMN
    THRESHOLD LEFT RIGHT` (children by their number in the tree; a node given as a tuple) or
    `leaf VALUE` (a float). Floats are written by repr, which reads back to the same number."""
    rows = [f"# {line}" for line in note.splitlines()]
    rows.append(f"baseline {baseline!r}")
    rows += [f"feature {name}" for name in names]
    for nodes in trees:
        rows.append("tree")
        rows += [f"split {node[0]} {node[1]!r} {node[2]} {node[3]}" if isinstance(node, tuple)
                 else f"leaf {node!r}" for node in nodes]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def read_trees(path: Path) -> Trees:
    names: list[str] = []
    baseline = 0.0  # the raw prediction before any tree
    roots: list[int] = []
    columns: list[list[float]] = [[], [], [], [], []]  # feature, threshold, left, right, value
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        word, *rest = line.split() or [""]
        if word in ("", "#"):
            continue
        if word == "baseline":
            baseline = float(rest[0])
        elif word == "feature":
            names.append(rest[0])
        elif word == "tree":
            roots.append(len(columns[0]))
        elif word == "split" and roots:
            node = (int(rest[0]), float(rest[1]), roots[-1] + int(rest[2]),
                    roots[-1] + int(rest[3]), 0.0)
        elif word == "leaf" and roots:
            here = len(columns[0])
            node = (0, 0.0, here, here, float(rest[0]))
        else:
            raise ValueError(f"{path}:{number}: not a line of a trees file: {line[:60]!r}")
        if word in ("split", "leaf"):
            for column, entry in zip(columns, node, strict=True):
                column.append(entry)
    feature, split_at, left, right, value = (np.array(c) for c in columns)
    trees = Trees(tuple(names), baseline, np.array(roots, np.int64), feature.astype(np.int64),
                  split_at, left.astype(np.int64), right.astype(np.int64), value, 0)
    return replace(trees, depth=_depth(trees))


def _depth(trees: Trees) -> int:
    """Steps until every walk has reached its leaf."""
    node, steps = trees.roots, 0
    while not np.all(trees.left[node] == node):
        reached = np.zeros(len(trees.left), np.bool_)  # (np.unique imports numpy.ma)
        reached[trees.left[node]] = reached[trees.right[node]] = True
        node = np.flatnonzero(reached)
        steps += 1
    return steps


ARRAYS = ("roots", "feature", "threshold", "left", "right", "value")


@lru_cache(maxsize=4)
def load(path: Path) -> Trees:
    """The trees of a file, from the cache on disk when that file and this code are those it
    was read from: reading 12,000 nodes of text took 0.2 G instructions, a tenth of a small
    run's start."""
    return cached("trees", path.read_bytes() + Path(__file__).read_bytes(),
                  lambda: read_trees(path), _packed, _unpacked)


def _packed(trees: Trees) -> bytes:
    arrays = {key: (getattr(trees, key).dtype.str, getattr(trees, key).tobytes())
              for key in ARRAYS}
    return marshal.dumps((trees.names, trees.baseline, trees.depth, arrays))


def _unpacked(data: bytes) -> Trees:
    names, baseline, depth, arrays = marshal.loads(data)
    read = {key: np.frombuffer(arrays[key][1], np.dtype(arrays[key][0])) for key in ARRAYS}
    return Trees(tuple(names), float(baseline), depth=int(depth), **read)


def cut_ends(keep: np.ndarray, probability: Callable[[np.ndarray], np.ndarray],
             threshold: float, step: int = STEP) -> dict[int, float]:
    """The rows of kept lines cut off the kept span's two ends while their probability is
    below `threshold` (rows not kept inside the span are passed over), with that
    probability; never all of them: the most likely kept line stays. `probability` gives
    the rows' probabilities; it is asked `step` rows at a time from each end, so that a
    page's middle, which no cut reaches, costs no walk of the trees.

    >>> keep = np.array([False, True, True, False, True, True])
    >>> probability = np.array([0.0, 0.1, 0.9, 0.0, 0.2, 0.8])
    >>> cut_ends(keep, probability.__getitem__, 0.3, step=1)
    {1: 0.1}
    >>> probability = np.array([0.0, 0.1, 0.2, 0.0, 0.25, 0.15])
    >>> sorted(cut_ends(keep, probability.__getitem__, 0.3))
    [1, 2, 5]
    """
    kept = np.flatnonzero(keep)
    if not len(kept):
        return {}
    below: dict[int, float] = {}
    top = _unsure_run(kept, probability, threshold, step, below)
    if top == len(kept):  # all below: the most likely stays
        best = max(below, key=below.__getitem__)
        return {row: value for row, value in below.items() if row != best}
    bottom = _unsure_run(kept[::-1], probability, threshold, step, below)
    cut = {*kept[:top].tolist(), *kept[len(kept) - bottom:].tolist()}
    return {row: below[row] for row in sorted(cut)}


def _unsure_run(rows: np.ndarray, probability: Callable[[np.ndarray], np.ndarray],
                threshold: float, step: int, below: dict[int, float]) -> int:
    """How many of `rows`, from the first, are below `threshold` in a row; their
    probabilities go into `below`."""
    for start in range(0, len(rows), step):
        chunk = rows[start:start + step]
        values = probability(chunk)
        sure = np.flatnonzero(values >= threshold)
        end = int(sure[0]) if len(sure) else len(chunk)
        below.update(zip(chunk[:end].tolist(), values[:end].tolist(), strict=True))
        if len(sure):
            return start + end
    return len(rows)
