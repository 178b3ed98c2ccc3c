"""`make train`: fit the learned end-trimmer's trees (cleaner/trimmer.py) on the dev set's
`train` pages and write cleaner/rules/trimmer-trees.txt, the same bytes on every run.

Each train page's text dump, and its gold text fed back in (so that the trees learn to leave a
real article whole), is cleaned with the shipped rules, the trimmer switched off; every
non-empty line is a row of pagefeatures.NAMES, labelled by whether it is a line of the page's
gold text. scikit-learn's histogram gradient-boosted trees (the `train` extra) are fitted on
all rows, one thread, a fixed seed, and written as plain text; numpy's walk of the written
trees must give scikit-learn's probabilities.

The cut threshold (the rule's `threshold` in generic.toml) is chosen by 5-fold
cross-validation grouped by site (a site's pages fall in one fold): trees fitted on four
folds cut the held-out pages, scored as the dev set's score.py scores (bag-of-words F1, the
`without`-snippet leak) and by the gold guard (gold lines kept whole, as `make eval` counts
them, at least 0.995); of the thresholds within TIE of the best wF1, the least leak wins.
`validation` pages are never read.

    python bench/train_trimmer.py [--out FILE] [--no-cv]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import zlib
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

os.environ["OMP_NUM_THREADS"] = "1"  # the same sums in the same order on any machine
import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.ensemble import HistGradientBoostingClassifier  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from devset import DEVSET, train_rows  # noqa: E402

sys.path.insert(0, str(DEVSET))
import score  # noqa: E402  (the dev set's own scorer: its word F1 and snippet leak)

from cleaner import Cleaner, Document, load_rule_files  # noqa: E402
from cleaner.actions import ACTIONS  # noqa: E402
from cleaner.actions.trim_ends import cuts, page_rows_of  # noqa: E402
from cleaner.locate import locate_content  # noqa: E402
from cleaner.pagefeatures import NAMES, PageRows, article_title  # noqa: E402
from cleaner.trimmer import read_trees, write_trees  # noqa: E402

MODEL = Path(__file__).resolve().parent.parent / "cleaner" / "rules" / "trimmer-trees.txt"
FOLDS = 5
THRESHOLDS = tuple(round(0.05 * k, 2) for k in range(1, 13))  # 0.05 .. 0.60
GUARD = 0.995  # the gold guard: share of the gold texts' lines kept whole
TIE = 0.0005  # cross-validated wF1 this close to the best is a tie, decided by the leak
# The experiment's trees (docs/scorer.md): enough leaves for the page's context, leaves big
# enough (40 lines) not to learn one page's lines.
TREES = {"max_iter": 200, "learning_rate": 0.05, "max_leaf_nodes": 31, "min_samples_leaf": 40,
         "l2_regularization": 1.0, "early_stopping": False, "random_state": 0}
WORD = re.compile(r"\w+")
LONG_LINE = 40  # a dump line this long inside a gold paragraph is the article's too


@dataclass
class Page:
    id: str
    site: str
    kind: str  # "text" (the dump) or "gold" (the gold text fed back in)
    texts: list[str]  # the rows' lines
    rows: PageRows
    title: str | None
    label: np.ndarray  # the line is the gold text's
    row: dict  # the manifest's row (gold text and `without` snippets added)


def examples() -> list[Page]:
    """Every train page, dump and gold, as the chain leaves it for the trimmer. The gold text
    is read as an article cut out of its page (`paged`), as the trees meet articles: a text
    of its own that opens with its article has its end kept by the locator, cut nothing, and
    is left whole by the trimmer (trim_ends.cuts), but read so it shows the trees what a
    whole article's ends look like."""
    captured: list = []
    shipped, locator = ACTIONS["trim_ends"], ACTIONS["locate_content"]
    paged = {"text": locator, "gold": replace(locator, run=partial(locate_content, paged=True))}

    def capture(doc: Document, rule) -> None:
        captured.append((page_rows_of(doc, rule), article_title(doc), doc))

    ACTIONS["trim_ends"] = replace(shipped, run=capture, check=None)  # cut nothing
    try:
        cleaner = Cleaner(load_rule_files())
        pages = []
        for row in train_rows():
            gold = (DEVSET / "gold" / f"{row['id']}.txt").read_text(encoding="utf-8")
            row = {**row, "gold_text": gold}
            for kind in ("text", "gold"):
                captured.clear()
                ACTIONS["locate_content"] = paged[kind]
                text = (DEVSET / kind / f"{row['id']}.txt").read_text(encoding="utf-8")
                cleaner.clean(Document.from_text(text, row["id"], row["id"]))
                rows, title, doc = captured[0]
                texts = [doc.lines[i].text for i in rows.indexes]
                pages.append(Page(row["id"], row["domain"], kind, texts, rows, title,
                                  labels(texts, gold), row))
    finally:
        ACTIONS["trim_ends"], ACTIONS["locate_content"] = shipped, locator
    return pages


def labels(texts: list[str], gold: str) -> np.ndarray:
    """A line is the article's when, compared by its casefolded words, it is a gold line or
    (long enough not to be there by chance) a part of one."""
    def folded(text: str) -> str:
        return " ".join(WORD.findall(text.casefold()))

    whole = folded(gold)
    lines = {folded(line) for line in gold.splitlines()}
    return np.array([bool(f) and (f in lines or (len(f) >= LONG_LINE and f in whole))
                     for f in map(folded, texts)], bool)


def fit(pages: list[Page]) -> HistGradientBoostingClassifier:
    x = np.vstack([p.rows.matrix for p in pages])
    y = np.concatenate([p.label for p in pages]).astype(int)
    return HistGradientBoostingClassifier(**TREES).fit(x, y)


def figures(pages: list[Page], probability: dict[tuple[str, str], np.ndarray] | None,
            threshold: float) -> tuple[float, float, float]:
    """Text wF1 and leak (score.py's, of the dumps' article texts) and the gold guard's share
    (gold lines found whole in the article or its title, as bench/eval_devset.py counts),
    with the ends cut at `threshold` (nothing cut when `probability` is None)."""
    f1, leaks, kept, total = [], [], 0, 0
    for page in pages:
        keep = page.rows.keep.copy()
        if probability is not None:
            known = probability[page.id, page.kind]
            keep[list(cuts(page.rows, known.__getitem__, threshold))] = False
        text = "\n".join(t for t, k in zip(page.texts, keep, strict=True) if k)
        if page.kind == "text":
            f1.append(score.bow_prf(text, page.row["gold_text"])[2])
            leak = score.snippet_rates(text, page.row)[1]
            if leak is not None:
                leaks.append(leak)
        else:
            got = {" ".join(t.split()) for t in [page.title or "", *text.split("\n")]}
            lines = [" ".join(t.split()) for t in page.row["gold_text"].splitlines() if t.strip()]
            kept += sum(t in got for t in lines)
            total += len(lines)
    return float(np.mean(f1)), float(np.mean(leaks)), kept / total


def shown(figures: tuple[float, ...]) -> str:
    return " / ".join(f"{figure:.4f}" for figure in figures)


def fold_of(site: str) -> int:
    return zlib.crc32(site.encode("utf-8")) % FOLDS


def held_out(pages: list[Page]) -> dict[tuple[str, str], np.ndarray]:
    """Each page's probabilities from trees fitted on the other folds' sites."""
    found = {}
    for fold in range(FOLDS):
        trees = fit([p for p in pages if fold_of(p.site) != fold])
        for page in (p for p in pages if fold_of(p.site) == fold):
            found[page.id, page.kind] = trees.predict_proba(page.rows.matrix)[:, 1]
        print(f"fold {fold} fitted", file=sys.stderr, flush=True)
    return found


def exported(model: HistGradientBoostingClassifier) -> tuple[float, list[list]]:
    """The baseline raw prediction and each tree's nodes, as trimmer.write_trees takes them."""
    trees = []
    for (predictor,) in model._predictors:
        trees.append([float(node["value"]) if node["is_leaf"] else
                      (int(node["feature_idx"]), float(node["num_threshold"]),
                       int(node["left"]), int(node["right"]))
                      for node in predictor.nodes])
    return float(model._baseline_prediction.ravel()[0]), trees


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODEL)
    parser.add_argument("--no-cv", action="store_true",
                        help="write the trees only (the threshold's cross-validation skipped)")
    args = parser.parse_args()
    pages = examples()
    x = np.vstack([p.rows.matrix for p in pages])
    assert not np.isnan(x).any()  # the walk sends no row the way of a missing value
    model = fit(pages)
    baseline, trees = exported(model)
    rows = len(x)
    positive = int(sum(p.label.sum() for p in pages))
    note = (f"The learned end-trimmer's trees (cleaner/trimmer.py), written by `make train`\n"
            f"(bench/train_trimmer.py): scikit-learn {sklearn.__version__}, "
            f"{', '.join(f'{k}={v}' for k, v in TREES.items())}.\n"
            f"{len(pages)} train pages (dumps and gold texts fed back in), {rows} lines, "
            f"{positive} of them gold.")
    write_trees(args.out, list(NAMES), baseline, trees, note)
    walked = read_trees(args.out).probability(x)
    gap = float(np.abs(walked - model.predict_proba(x)[:, 1]).max())
    assert gap < 1e-9, f"numpy's walk of the written trees is {gap} off scikit-learn's"
    print(note)
    print(f"numpy's walk against scikit-learn's predict_proba: largest gap {gap:.1e}")
    if args.no_cv:
        return 0
    on_train = {(p.id, p.kind): walked[start:start + len(p.texts)] for p, start in
                zip(pages, np.cumsum([0] + [len(p.texts) for p in pages]), strict=False)}
    cross = held_out(pages)
    print("threshold   text wF1 / leak / gold kept: cross-validated | train (all pages fitted)")
    print(f"  (none)    {shown(figures(pages, None, 0))}")
    held = []
    for threshold in THRESHOLDS:
        cv, train = figures(pages, cross, threshold), figures(pages, on_train, threshold)
        print(f"  {threshold:.2f}      {shown(cv)} | {shown(train)}")
        if cv[2] >= GUARD:
            held.append((threshold, cv))
    print(f"chosen (the least cross-validated leak within {TIE} of the best wF1, the gold "
          "guard held):", choose(held) if held else "none")
    return 0


def choose(held: list[tuple[float, tuple[float, float, float]]]) -> float:
    """The threshold whose cross-validated leak is least among those whose wF1 is within TIE
    of the best, then the best wF1: thresholds a few steps apart score the same wF1 to the
    fourth decimal, and which of them is "best" moved with one page's rows."""
    top = max(cv[0] for _, cv in held)
    near = [(threshold, cv) for threshold, cv in held if cv[0] >= top - TIE]
    return min(near, key=lambda item: (item[1][1], -item[1][0]))[0]


if __name__ == "__main__":
    raise SystemExit(main())
