"""What the learned end-trimmer (trimmer.py) reads of a page: one row a non-empty line, once
the whole chain has run.

The locator's region is chosen by hand-set rules; where those rules err, the page around the
region says so: the lines next to its ends, which rules removed the lines near them, how far
the densest run of prose lies. So each line is described by itself (length, function words,
ending, marks, title-likeness, repetition, the locator's chrome and prose marks), by what the
chain did with it (the kind of rule that removed it, whether the article keeps it, whether it
is the title), by its neighbours (the line above and below, means over 1, 3 and 8 lines
either side), and by its place (on the page, against the kept span and the densest run).
All of it is numpy at cleaning time; bench/train_trimmer.py reads the same rows to fit.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from cleaner.document import Document
from cleaner.headlines import opens_with_headline
from cleaner.linefeatures import (
    TITLE_CHARS,
    chrome_like,
    densest_run,
    line_features,
    line_marks,
    prose_lines,
    scored,
    side_by_side,
)
from cleaner.linefeatures import median as middle

OWN = ("log_words", "log_chars", "rel_words", "density", "ends", "code", "list_item",
       "figures", "cells", "digits", "caps_share", "alpha_share", "title_like", "upper_start",
       "commas", "url_at", "log_rep", "repeated", "chrome_like", "prose", "pscore")
CHAIN = ("line_rule", "barrier", "soft_barrier", "chrome_rule", "by_locate", "other_doc",
         "alive_notkept", "pipe_keep", "is_title", "after_end")
PLACE = ("in_span", "log_above_span", "log_below_span", "log_span_len", "span_share",
         "in_run", "log_above_run", "log_below_run", "rel_pos", "log_from_top",
         "log_from_bottom", "log_n", "prose_above", "prose_below", "page_prose_share")
NEIGHBOURED = ("log_words", "ends", "prose", "chrome_like", "title_like", "line_rule",
               "pipe_keep")
WINDOWED = ("prose", "log_words", "ends", "chrome_like", "density", "line_rule", "pipe_keep")
WINDOWS = (1, 3, 8)
NAMES = (*OWN, *CHAIN, *PLACE,
         *(f"{side}.{name}" for name in NEIGHBOURED for side in ("prev", "next")),
         *(f"w{k}.{name}" for k in WINDOWS for name in WINDOWED))
PSCORE_CAP = 60  # a prose line's score is its words; past this many they tell nothing more


@dataclass(frozen=True, slots=True)
class ChainRoles:
    """What the chain's rules are to the features: the locator's prose settings and the ids
    of the rules of each role (a site's rules count on its site only)."""

    vocabulary: frozenset[str]
    min_words: int
    min_density: float
    penalty: float
    locator: str
    barriers: frozenset[str]
    soft_barriers: frozenset[str]
    chrome_rules: frozenset[str]
    line_rules: frozenset[str]  # rules of the "lines" stage (drop_line)
    document_rules: frozenset[str]  # the other rules (of those, the document stage's remove)


@dataclass(frozen=True, slots=True)
class PageRows:
    indexes: np.ndarray  # the document's line index of each row
    matrix: np.ndarray  # one row of NAMES a non-empty line
    keep: np.ndarray  # bool: the article's text keeps the line (its title aside)


def article_title(doc: Document) -> str | None:
    """The title the article record will carry (records.assemble_records): the input's, or
    its first line when it reads as a headline over more text or the locator chose it as the
    headline (one printed as a sentence, over its byline)."""
    if doc.title is not None:
        return doc.title
    first = doc.alive_indexes(0, doc.own_end())[:2]
    own = [doc.lines[i].text for i in first]
    return own[0] if opens_with_headline(own, first[:1] == [doc.headline]) else None


def page_rows(doc: Document, roles: ChainRoles) -> PageRows:
    indexes = np.array([i for i, line in enumerate(doc.lines) if line.text.strip()], np.int64)
    texts = [doc.lines[i].text for i in indexes]
    removed = [doc.lines[i].removed_by for i in indexes]
    end = doc.own_end()
    keep = np.array([r is None and i < end for i, r in zip(indexes, removed, strict=True)],
                    bool)
    title = article_title(doc)
    if title is not None and keep.any():  # the record takes its title off its first line
        first = int(np.argmax(keep))
        keep[first] = texts[first] != title
    columns, prose_scores = own_columns(texts, roles)
    columns.update(chain_columns(texts, removed, keep, title, indexes >= end, roles))
    columns.update(place_columns(columns, prose_scores))
    for name in NEIGHBOURED:
        columns[f"prev.{name}"] = shifted(columns[name], 1)
        columns[f"next.{name}"] = shifted(columns[name], -1)
    windowed = side_by_side([columns[name] for name in WINDOWED])
    for k in WINDOWS:
        means = window_mean(windowed, k)
        for number, name in enumerate(WINDOWED):
            columns[f"w{k}.{name}"] = means[:, number]
    matrix = side_by_side([columns[name] for name in NAMES])
    return PageRows(indexes, matrix, keep)


def own_columns(texts: list[str], roles: ChainRoles) -> tuple[dict[str, np.ndarray],
                                                             np.ndarray]:
    """What each line is, read as the locator reads it (chrome, prose, prose scores), and its
    prose score."""
    count = len(texts)
    lines = line_features(texts, roles.vocabulary)
    marks = line_marks(texts, TITLE_CHARS)
    words = lines.words.astype(float)
    chars = np.fromiter(map(len, texts), float, count)
    seen = Counter(texts)
    repeats = np.fromiter(map(seen.__getitem__, texts), float, count)
    chrome = chrome_like(lines, repeats > 1)
    prose = prose_lines(lines, roles.min_words, roles.min_density)
    pscore = scored(prose, chrome, lines.words, roles.penalty)
    log_words = np.log1p(words)
    median = max(middle(words), 1.0) if count else 1.0
    columns = {
        "log_words": log_words, "log_chars": np.log1p(chars),
        "rel_words": log_words - np.log1p(median),
        "density": lines.stopwords / np.maximum(words, 1),
        "ends": lines.ends, "code": lines.code, "list_item": lines.list_item,
        "figures": lines.figures, "cells": lines.cells, "digits": lines.digits,
        "caps_share": lines.capitals / np.maximum(lines.letters, 1),
        "alpha_share": lines.letters / np.maximum(chars, 1),
        "title_like": marks.title_like, "upper_start": marks.upper_start,
        "commas": marks.commas / np.maximum(words, 1), "url_at": marks.url_at,
        "log_rep": np.log(np.maximum(repeats, 1)), "repeated": repeats > 1,
        "chrome_like": chrome, "prose": prose,
        "pscore": np.clip(pscore, -roles.penalty, PSCORE_CAP) / PSCORE_CAP,
    }
    return {name: np.asarray(values, float) for name, values in columns.items()}, pscore


def chain_columns(texts: list[str], removed: list[str | None], keep: np.ndarray,
                  title: str | None, after_end: np.ndarray,
                  roles: ChainRoles) -> dict[str, np.ndarray]:
    """What the chain did with each line: which kind of rule removed it, whether the article
    keeps it, whether it is the title."""
    # Each line's remover by its number among the page's few removers, read in one pass:
    # a pass over the lines a role took a tenth of the trimmer's features.
    removers: dict[str | None, int] = {}
    code = np.fromiter((removers.setdefault(r, len(removers)) for r in removed), np.int64,
                       len(removed))
    names = list(removers)

    def removed_by(ids: frozenset[str]) -> np.ndarray:
        return np.array([r in ids for r in names], float)[code] if names else np.zeros(0)

    alive = np.fromiter((r is None for r in removed), bool, len(removed))
    other = roles.document_rules - {roles.locator}
    return {
        "line_rule": removed_by(roles.line_rules), "barrier": removed_by(roles.barriers),
        "soft_barrier": removed_by(roles.soft_barriers),
        "chrome_rule": removed_by(roles.chrome_rules),
        "by_locate": removed_by(frozenset({roles.locator})), "other_doc": removed_by(other),
        "alive_notkept": (alive & ~keep).astype(float), "pipe_keep": keep.astype(float),
        "is_title": np.fromiter((title is not None and t == title and r is None
                                 for t, r in zip(texts, removed, strict=True)), float,
                                len(texts)),
        "after_end": after_end.astype(float),
    }


def place_columns(columns: dict[str, np.ndarray], prose_scores: np.ndarray
                  ) -> dict[str, np.ndarray]:
    """Where each line stands: on the page, against the span the article keeps (its title
    with it) and against the page's densest run of prose."""
    count = len(columns["pipe_keep"])
    span = np.flatnonzero((columns["pipe_keep"] > 0) | (columns["is_title"] > 0))
    first, last = (int(span[0]), int(span[-1])) if len(span) else (count, -1)
    run_first, run_last = densest(prose_scores) if count else (0, -1)
    position = np.arange(count, dtype=float)
    prose = columns["prose"]
    span_lines = max(last - first + 1, 0)
    above, below = outside(count, first, last)
    run_above, run_below = outside(count, run_first, run_last)
    return {
        "in_span": ((position >= first) & (position <= last)).astype(float),
        "log_above_span": np.log1p(above), "log_below_span": np.log1p(below),
        "log_span_len": np.full(count, np.log1p(span_lines)),
        "span_share": np.full(count, span_lines / max(count, 1)),
        "in_run": ((position >= run_first) & (position <= run_last)).astype(float),
        "log_above_run": np.log1p(run_above), "log_below_run": np.log1p(run_below),
        "rel_pos": position / max(count - 1, 1), "log_from_top": np.log1p(position),
        "log_from_bottom": np.log1p(count - 1 - position), "log_n": np.full(count, np.log1p(count)),
        "prose_above": np.log1p(np.cumsum(prose) - prose),
        "prose_below": np.log1p(prose.sum() - np.cumsum(prose)),
        "page_prose_share": np.full(count, prose.mean() if count else 0.0),
    }


def densest(scores: np.ndarray) -> tuple[int, int]:
    """The first and last position of the contiguous run of highest total (the first such
    run; the first best line alone when no run totals above zero)."""
    found = densest_run(scores.tolist())
    if found is not None:
        return found[1]
    best = int(np.argmax(scores))
    return best, best


def outside(count: int, first: int, last: int) -> tuple[np.ndarray, np.ndarray]:
    """Each line's distance above `first` and below `last` (zero inside)."""
    position = np.arange(count)
    return (np.where(position < first, first - position, 0).astype(float),
            np.where(position > last, position - last, 0).astype(float))


def shifted(values: np.ndarray, by: int) -> np.ndarray:
    """The value of the line `by` lines above (below, when negative); zeros past the page."""
    out = np.zeros(len(values))
    if by > 0:
        out[by:] = values[:-by]
    else:
        out[:by] = values[-by:]
    return out


def window_mean(values: np.ndarray, k: int) -> np.ndarray:
    """The mean of the k lines either side of each line, itself left out (the page's ends
    shorten the window); of each column at once, for a matrix of a column a feature.

    >>> window_mean(np.array([1.0, 2.0, 4.0, 8.0]), 1).tolist()
    [2.0, 2.5, 5.0, 4.0]
    """
    count = len(values)
    sums = np.concatenate((np.zeros((1, *values.shape[1:])), np.cumsum(values, axis=0)))
    position = np.arange(count)
    low, high = np.maximum(position - k, 0), np.minimum(position + k + 1, count)
    others = (high - low - 1).reshape(-1, *([1] * (values.ndim - 1)))
    return np.where(others > 0, (sums[high] - sums[low] - values) / np.maximum(others, 1), 0.0)
