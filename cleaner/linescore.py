"""A learned line scorer: how likely a line of the article region is the article's own.

The locator's region (locate.py) is the densest run of prose grown outwards by hand-set
rules; what it lets in at its ends (a teaser's headline, a call to action, a newsletter box)
is most of the boilerplate left on pages no rule was written for. Each line of the region is
described by what it is (length, function-word density, ending, marks, title-likeness,
repetition on the page), the same of the lines either side, and where it stands (its place in
the region, its distance to the region's ends); lengths are read against the region's own
median, so that the features mean the same in any language. A logistic regression, fitted on
the dev set's `train` pages (bench/train_scorer.py, `make train`), turns them into a
probability; the region's ends are trimmed while it is below the model's threshold.

The model is a plain text file (rules/line-scorer.txt: the threshold, then a feature's name,
mean, scale and weight a line) run by numpy: no learning library at cleaning time.
docs/scorer.md gives its figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from cleaner.linefeatures import TITLE_CHARS, LineFeatures, line_marks, side_by_side
from cleaner.linefeatures import median as middle

MODEL = Path(__file__).resolve().parent / "rules" / "line-scorer.txt"
# A line's own features, in the model file's order (the neighbours' come as `prev.` and
# `next.` of the NEIGHBOURED ones, then the place in the region).
OWN = ("bias", "log_words", "log_chars", "rel_words", "density", "ends", "code", "list_item",
       "figures", "cells", "digits", "repeated", "chrome", "prose", "title_like", "upper_start",
       "commas", "caps_share")
NEIGHBOURED = ("log_words", "ends", "chrome", "prose", "title_like")
PLACE = ("from_top", "from_bottom", "log_to_top", "log_to_bottom", "log_page_above",
         "log_page_below")
NAMES = (*OWN, *(f"prev.{n}" for n in NEIGHBOURED), *(f"next.{n}" for n in NEIGHBOURED),
         *PLACE)


@dataclass(frozen=True, slots=True)
class Model:
    threshold: float
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray

    def probability(self, matrix: np.ndarray) -> np.ndarray:
        logits = ((matrix - self.mean) / self.scale) @ self.weights
        return 1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30)))


def features(texts: list[str], lines: LineFeatures, repeated: np.ndarray, chrome: np.ndarray,
             prose: np.ndarray, outside: tuple[int, int] = (0, 0)) -> np.ndarray:
    """One row of NAMES a line, for the lines of a region (all arrays cover those lines);
    `outside` is how many of the page's lines stand above and below it (a gold text fed back
    in has none: its ends are the article's own)."""
    count = len(texts)
    words = lines.words.astype(float)
    chars = np.fromiter(map(len, texts), float, count)
    median = max(middle(words), 1.0)
    marks = line_marks(texts, TITLE_CHARS)
    own = {
        "bias": np.ones(count),
        "log_words": np.log1p(words),
        "log_chars": np.log1p(chars),
        "rel_words": np.log1p(words) - np.log1p(median),
        "density": lines.stopwords / np.maximum(words, 1),
        "ends": lines.ends, "code": lines.code, "list_item": lines.list_item,
        "figures": lines.figures, "cells": lines.cells, "digits": lines.digits,
        "repeated": repeated, "chrome": chrome, "prose": prose, "title_like": marks.title_like,
        "upper_start": marks.upper_start, "commas": marks.commas / np.maximum(words, 1),
        "caps_share": lines.capitals / np.maximum(lines.letters, 1),
    }
    columns = [np.asarray(own[name], float) for name in OWN]
    for shift in (1, -1):  # the line above, then the line below (zeros past the region)
        for name in NEIGHBOURED:
            column = np.zeros(count)
            values = np.asarray(own[name], float)
            if shift == 1:
                column[1:] = values[:-1]
            else:
                column[:-1] = values[1:]
            columns.append(column)
    position = np.arange(count, dtype=float)
    span = max(count - 1, 1)
    columns += [position / span, (count - 1 - position) / span, np.log1p(position),
                np.log1p(count - 1 - position), np.full(count, np.log1p(outside[0])),
                np.full(count, np.log1p(outside[1]))]
    return side_by_side(columns)


def read_model(path: Path = MODEL) -> Model:
    """The model file: `threshold VALUE`, then `NAME MEAN SCALE WEIGHT` a line, NAMES' order."""
    rows = [line.split() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    threshold = float(rows[0][1])
    names = [row[0] for row in rows[1:]]
    if rows[0][0] != "threshold" or tuple(names) != NAMES:
        raise ValueError(f"{path}: not a line-scorer model for these features")
    mean, scale, weights = (np.array([float(row[k]) for row in rows[1:]]) for k in (1, 2, 3))
    return Model(threshold, mean, scale, weights)


@lru_cache(maxsize=1)
def shipped_model() -> Model | None:
    return read_model() if MODEL.exists() else None


def trim(probability: np.ndarray, threshold: float) -> tuple[int, int]:
    """The region's first and last line once lines below `threshold` are cut from both ends
    (never all of it: the best line stays)."""
    keep = np.flatnonzero(probability >= threshold)
    if not len(keep):
        best = int(np.argmax(probability))
        return best, best
    return int(keep[0]), int(keep[-1])
