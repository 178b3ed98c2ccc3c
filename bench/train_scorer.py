"""`make train`: fit the locator's line scorer (cleaner/linescore.py) on the dev set's `train`
pages and write cleaner/rules/line-scorer.txt, the same bytes on every run.

Each train page's text dump is cleaned with the shipped rules; the lines of the article region
the locator chose (before the scorer trims it) are the examples, labelled by whether they are
lines of the page's gold text. The L2 penalty and the trimming threshold are chosen by
cross-validation grouped by site (a site's pages all fall in one fold), on a page-level
bag-of-words F1 of what the trimmed region keeps. `validation` pages are never read.

    python bench/train_scorer.py [--out FILE]
"""

from __future__ import annotations

import argparse
import re
import sys
import zlib
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from devset import DEVSET, train_rows  # noqa: E402

from cleaner import Cleaner, Document, linescore, load_rule_files, locate  # noqa: E402

FOLDS = 5
PENALTIES = (0.1, 1.0, 10.0, 100.0)
THRESHOLDS = tuple(round(0.05 * k, 2) for k in range(1, 17))  # 0.05 .. 0.80
WORD = re.compile(r"\w+")
GOLD_CUT = 0.001  # the gold guard's slack is 0.5% of lines; the scorer may take a fifth of it
LONG_LINE = 40  # a dump line this long inside a gold paragraph is the article's too


def examples() -> list[dict]:
    """A page each: its site, the region's feature rows, labels and word counts, and the gold
    words the region missed."""
    cleaner = Cleaner(load_rule_files())
    captured: list[tuple] = []
    plain = locate._scored_trim

    def record(texts, region, reading, scored):
        first, last = region
        if last > first and not captured:  # the region before any trimming
            matrix = locate.region_matrix(texts, region, reading)
            captured.append((texts[first:last + 1], matrix))
        return region

    shipped = locate.shipped_model
    locate._scored_trim = record
    locate.shipped_model = lambda: None  # the pages as the hand-set rules alone clean them
    pages = []
    try:
        for row in train_rows():
            gold = (DEVSET / "gold" / f"{row['id']}.txt").read_text(encoding="utf-8")
            for kind in ("text", "gold"):  # the gold fed back in must come out whole
                captured.clear()
                text = (DEVSET / kind / f"{row['id']}.txt").read_text(encoding="utf-8")
                cleaner.clean(Document.from_text(text, row["id"], row["id"]))
                if captured:
                    pages.append(_page(row["domain"], kind, *captured[0], gold))
    finally:
        locate._scored_trim, locate.shipped_model = plain, shipped
    return pages


def _page(site: str, kind: str, texts: list[str], matrix: np.ndarray, gold: str) -> dict:
    folded = " ".join(WORD.findall(gold.casefold()))
    lines = {" ".join(WORD.findall(line.casefold())) for line in gold.splitlines()}
    label = np.array([_in_gold(" ".join(WORD.findall(t.casefold())), lines, folded)
                      for t in texts], bool)
    words = np.array([len(WORD.findall(t)) for t in texts], float)
    gold_words = len(WORD.findall(gold))
    return {"site": site, "kind": kind, "x": matrix, "y": label, "words": words,
            "missed": max(gold_words - words[label].sum(), 0.0)}


def _in_gold(line: str, lines: set[str], gold: str) -> bool:
    """A gold line, or (long enough not to be there by chance) a part of one."""
    return bool(line) and (line in lines or (len(line) >= LONG_LINE and line in gold))


def fit(x: np.ndarray, y: np.ndarray, penalty: float) -> tuple[np.ndarray, ...]:
    """Standardised logistic regression by Newton's method (deterministic, no solver)."""
    mean, scale = x.mean(axis=0), x.std(axis=0)
    mean[0], scale[0] = 0.0, 1.0  # the bias column stays a column of ones
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    weights = np.zeros(x.shape[1])
    ridge = penalty * np.eye(x.shape[1])
    ridge[0, 0] = 0.0
    for _ in range(30):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ weights, -30, 30)))
        gradient = z.T @ (p - y) + ridge @ weights
        hessian = (z * (p * (1 - p))[:, None]).T @ z + ridge + 1e-9 * np.eye(x.shape[1])
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if np.abs(step).max() < 1e-10:
            break
    return mean, scale, weights


def page_f1(page: dict, keep: tuple[int, int] | None) -> float:
    """Bag-of-words F1 of the region kept (all of it when `keep` is None), by line labels."""
    y, words = page["y"], page["words"]
    kept = np.ones(len(y), bool)
    if keep is not None:
        kept[:] = False
        kept[keep[0]:keep[1] + 1] = True
    true = words[kept & y].sum()
    kept_words = words[kept].sum()
    gold = words[y].sum() + page["missed"]
    if not true:
        return 0.0
    precision, recall = true / kept_words, true / gold
    return 2 * precision * recall / (precision + recall)


def fold_of(site: str) -> int:
    return zlib.crc32(site.encode("utf-8")) % FOLDS


def evaluate(pages: list[dict], model: linescore.Model) -> float:
    return float(np.mean([page_f1(p, linescore.trim(model.probability(p["x"]), model.threshold))
                          for p in pages if p["kind"] == "text"]))


def gold_cut(pages: list[dict], model: linescore.Model) -> int:
    """Lines the scorer cuts from the gold texts fed back in."""
    cut = 0
    for page in (p for p in pages if p["kind"] == "gold"):
        first, last = linescore.trim(model.probability(page["x"]), model.threshold)
        cut += len(page["y"]) - (last - first + 1)
    return cut


def cross_validate(pages: list[dict]) -> dict[tuple[float, float], float]:
    """Mean held-out page F1 of the dumps for each (penalty, threshold), folds grouped by
    site; a choice that cuts more than GOLD_CUT of the held-out gold texts' lines is out."""
    found: dict[tuple[float, float], list[float]] = {}
    cuts: dict[tuple[float, float], int] = {}
    for fold in range(FOLDS):
        train = [p for p in pages if fold_of(p["site"]) != fold]
        held = [p for p in pages if fold_of(p["site"]) == fold]
        x = np.vstack([p["x"] for p in train])
        y = np.concatenate([p["y"] for p in train]).astype(float)
        for penalty in PENALTIES:
            mean, scale, weights = fit(x, y, penalty)
            for threshold in THRESHOLDS:
                model = linescore.Model(threshold, mean, scale, weights)
                scores = [page_f1(p, linescore.trim(model.probability(p["x"]), threshold))
                          for p in held if p["kind"] == "text"]
                found.setdefault((penalty, threshold), []).extend(scores)
                cuts[penalty, threshold] = cuts.get((penalty, threshold), 0) + gold_cut(held, model)
    lines = sum(len(p["y"]) for p in pages if p["kind"] == "gold")
    return {key: float(np.mean(scores)) for key, scores in found.items()
            if cuts[key] <= GOLD_CUT * lines}


def write(path: Path, model: linescore.Model, note: str) -> None:
    rows = [f"# {line}" for line in note.splitlines()]
    rows.append(f"threshold {model.threshold:.2f}")
    rows += [f"{name} {m:.6f} {s:.6f} {w:.6f}" for name, m, s, w in
             zip(linescore.NAMES, model.mean, model.scale, model.weights, strict=True)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=linescore.MODEL)
    args = parser.parse_args()
    pages = examples()
    base = float(np.mean([page_f1(p, None) for p in pages if p["kind"] == "text"]))
    table = cross_validate(pages)
    (penalty, threshold), best = max(table.items(), key=lambda item: (item[1], -item[0][1]))
    x = np.vstack([p["x"] for p in pages])
    y = np.concatenate([p["y"] for p in pages]).astype(float)
    model = linescore.Model(threshold, *fit(x, y, penalty))
    train = evaluate(pages, model)
    note = (f"The locator's line scorer (cleaner/linescore.py), written by `make train`.\n"
            f"{len(pages)} train regions (dumps and gold), {len(y)} region lines, "
            f"{int(y.sum())} of them gold.\n"
            f"Region line-label F1: untrimmed {base:.4f}, cross-validated {best:.4f} "
            f"(penalty {penalty}, threshold {threshold}), train {train:.4f};\n"
            f"gold texts fed back in: {gold_cut(pages, model)} lines cut on train.")
    write(args.out, model, note)
    print(note)
    for (pen, thr), score in sorted(table.items()):
        print(f"penalty {pen:>6} threshold {thr:.2f} cv {score:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
