"""Title accuracy on the dev set: the cleaner's `metadata.title` against each page's title.

Each split's text dumps are cleaned twice: as a folder of `.txt` files (no URL, as a scrape
on disk comes) and as JSONL records carrying the page's URL from the manifest (as a corpus
comes). A title is right when it equals the manifest's title, whitespace and case folded,
with or without a site suffix (" | Site", " - Site", " — Site"): pages' <title> carries one,
their headline line does not. The looser second figure also counts a title that contains the
page's title or is contained in it.

Only the figures are printed. `--misses` lists the train pages whose title is wrong (for
debugging; the validation pages are read as a number only, never listed).

    .venv/bin/python bench/titles.py                 # train and validation, both inputs
    .venv/bin/python bench/titles.py --split train --misses
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT.parent / "shared" / "devset"
SPLITS = ("train", "validation")
KINDS = ("folder", "jsonl")
# A site's name after the headline in a page's <title>: "Headline | Site", "Headline - Site".
SUFFIX = re.compile(r"\s+[|\-–—:•·»]+\s+[^|\-–—•·»]*$")


QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def fold(text: str | None) -> str:
    """Whitespace, case, curly quotes and dashes folded: a page's <title> often prints
    straight ones where its headline line prints typographic ones."""
    return " ".join((text or "").translate(QUOTES).split()).casefold()


def title_forms(title: str) -> set[str]:
    """The page's title, folded, and the same with one suffix or more taken off."""
    forms = {fold(title)}
    rest = title
    while (found := SUFFIX.search(rest)) and found.start() > 0:
        rest = rest[: found.start()]
        forms.add(fold(rest))
    return {form for form in forms if form}


def judge(found: str | None, title: str) -> tuple[bool, bool]:
    """(right, right or contains/contained)."""
    got = fold(found)
    forms = title_forms(title)
    exact = got in forms
    loose = exact or bool(got) and any(form in got or got in form for form in forms)
    return exact, loose


def manifest(split: str) -> list[dict]:
    with (DEVSET / "manifest.jsonl").open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    return sorted((row for row in rows if row["split"] == split), key=lambda row: row["id"])


def clean(rows: list[dict], kind: str, work: Path) -> dict[str, str | None]:
    """Each page's article title, as `clean` gives it on this kind of input."""
    source = work / f"in-{kind}"
    source.mkdir()
    if kind == "folder":
        for row in rows:
            (source / f"{row['id']}.txt").symlink_to(DEVSET / "text" / f"{row['id']}.txt")
    else:
        with (source / "pages.jsonl").open("w", encoding="utf-8") as out:
            for row in rows:
                text = (DEVSET / "text" / f"{row['id']}.txt").read_text(encoding="utf-8")
                out.write(json.dumps({"id": row["id"], "text": text, "url": row["url"]}) + "\n")
    output = work / f"out-{kind}"
    subprocess.run([sys.executable, "-m", "cleaner", "run", str(source), str(output), "-q",
                    "--txt", "none"], check=True)
    titles: dict[str, str | None] = {}
    with (output / "records.jsonl").open(encoding="utf-8") as records:
        for line in records:
            record = json.loads(line)
            if record["metadata"].get("kind") == "article":
                titles[record["id"]] = record["metadata"].get("title")
    return titles


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default=",".join(SPLITS), help="train, validation or both")
    parser.add_argument("--kind", default=",".join(KINDS), help="folder, jsonl or both")
    parser.add_argument("--misses", action="store_true", help="list train pages titled wrong")
    parser.add_argument("--fit", action="store_true",
                        help="fit the headline weights on the train pages and print them")
    args = parser.parse_args(argv)
    if args.fit:
        return fit_weights()
    print(f"{'input':<7} {'split':<11} {'n':>4} {'right':>6} {'loose':>6}")
    for kind in args.kind.split(","):
        for split in args.split.split(","):
            rows = manifest(split)
            with tempfile.TemporaryDirectory() as work:
                titles = clean(rows, kind, Path(work))
            right = loose = 0
            misses = []
            for row in rows:
                found = titles.get(row["id"])
                exact, near = judge(found, row["title"])
                right += exact
                loose += near
                if not exact:
                    misses.append((row["id"], found, row["title"]))
            n = len(rows)
            print(f"{kind:<7} {split:<11} {n:>4} {right / n:>6.3f} {loose / n:>6.3f}")
            if args.misses and split == "train":
                for page, found, title in misses:
                    print(f"  {page}  got {found!r}\n  {' ' * len(page)}  want {title!r}")
    return 0




# --- Fitting the headline weights (`--fit`) ------------------------------------------------
# Each train page is cleaned twice, as a text file (no URL) and as a corpus record with its
# URL, with the locator's candidate lines recorded; a candidate is right when it is one of the
# page's title forms. The weights maximise the likelihood of the right candidates under a
# softmax over each page's candidates (a conditional logit), with an L2 penalty chosen by
# 5-fold cross-validation over pages; every train page is another site, so the folds are
# grouped by site.

L2_CHOICES = (0.0001, 0.001, 0.01)
FOLDS = 5


def candidate_sets(rows: list[dict]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per page and input (with and without URL): its candidates' features and which of them
    are right."""
    import cleaner.locate as locate
    from cleaner.chain import Cleaner, load_rule_files
    from cleaner.document import Document

    cleaner = Cleaner(load_rule_files())
    found: list[tuple[list[int], list[list[float]], list[str]]] = []
    original = locate.headline_candidates

    def recording(doc, *args):
        indexes, rows_ = original(doc, *args)
        found.append((indexes, rows_, [doc.lines[i].text for i in indexes]))
        return indexes, rows_

    locate.headline_candidates = recording
    sets = []
    try:
        for row in rows:
            text = (DEVSET / "text" / f"{row['id']}.txt").read_text(encoding="utf-8")
            forms = title_forms(row["title"])
            for url in (None, row["url"]):
                found.clear()
                cleaner.clean(Document.from_text(text, row["id"], row["id"], url=url))
                if not found or not found[0][0]:
                    sets.append((np.zeros((0, 0)), np.zeros(0, dtype=bool)))
                    continue
                _, features, texts = found[0]
                sets.append((np.array(features), np.array([fold(t) in forms for t in texts])))
    finally:
        locate.headline_candidates = original
    return sets


def fit(sets: list[tuple[np.ndarray, np.ndarray]], l2: float, steps: int = 400) -> np.ndarray:
    """Weights by gradient descent (Adam) on the mean negative log-likelihood of the right
    candidates, over the pages that have one, plus l2 * |w|^2."""
    usable = [(x, y) for x, y in sets if y.any()]
    width = usable[0][0].shape[1]
    weights = np.zeros(width)
    moment, square = np.zeros(width), np.zeros(width)
    for step in range(1, steps + 1):
        grad = 2 * l2 * weights
        for x, y in usable:
            scores = x @ weights
            p = np.exp(scores - scores.max())
            p /= p.sum()
            q = p * y / (p * y).sum()  # the right candidates' posterior
            grad += (p - q) @ x / len(usable)
        moment = 0.9 * moment + 0.1 * grad
        square = 0.999 * square + 0.001 * grad**2
        weights -= 0.05 * (moment / (1 - 0.9**step)) / (np.sqrt(square / (1 - 0.999**step)) + 1e-8)
    return weights


def accuracy(sets: list[tuple[np.ndarray, np.ndarray]], weights: np.ndarray) -> float:
    """The share of pages whose best scored candidate is right (a page without a right
    candidate, or without candidates, counts as wrong)."""
    right = sum(bool(y.any()) and bool(y[int(np.argmax(x @ weights))]) for x, y in sets)
    return right / len(sets)


def fit_weights() -> int:
    from cleaner.headlines import HEADLINE_FEATURES

    rows = manifest("train")
    sets = candidate_sets(rows)
    pages = np.arange(len(rows))
    fold_of = np.random.default_rng(0).permutation(len(rows)) % FOLDS
    print(f"{len(rows)} train pages, two inputs each; with a right candidate: "
          f"{sum(bool(y.any()) for _, y in sets) / len(sets):.3f}")
    best = (-1.0, L2_CHOICES[0])
    for l2 in L2_CHOICES:
        held = []
        for k in range(FOLDS):
            train = [s for p in pages[fold_of != k] for s in sets[2 * p:2 * p + 2]]
            test = [s for p in pages[fold_of == k] for s in sets[2 * p:2 * p + 2]]
            held.append(accuracy(test, fit(train, l2)) * len(test))
        cv = sum(held) / len(sets)
        print(f"l2 {l2}: cross-validated accuracy {cv:.3f}")
        best = max(best, (cv, l2))
    weights = fit(sets, best[1])
    print(f"chosen l2 {best[1]}; train accuracy {accuracy(sets, weights):.3f}")
    pairs = ", ".join(f"{name} = {w:.2f}" for name, w in zip(HEADLINE_FEATURES, weights,
                                                               strict=True))
    print(f"headline_weights = {{ {pairs} }}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
