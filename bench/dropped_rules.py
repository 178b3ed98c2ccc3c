"""The dev set's train pages as if their rules had not been written: a stand-in for sites
nobody wrote rules for, read on train pages only.

The generic line rules were written from the train pages, so the train figures flatter every
change to the generic layer; validation may be read only as a number, and seldom. Cleaned
with half of the `drop_line` rules of `generic.toml` and `boilerplate.toml` switched off
(`ruletest.switched_off`, four random halves, seeds 0-3, each page cleaned with one of them
in turn), the train pages score about as the validation pages do (text wF1 about 0.94 and
`without`-snippet leak about 0.075 with the end-trimmer, against 0.924 / 0.091 on
validation; 0.952 / 0.021 with every rule on). A change to the locator, the trimmer or a
weighing that helps there as well as with every rule on is likelier to hold on new sites.

    .venv/bin/python bench/dropped_rules.py [--share 0.5] [--seeds 4]

Prints the dev set scorer's mean bag-of-words F1 and snippet leak of the article records
(title line first, in one process: `make eval`'s rows read the run's records files and
differ a little) with every rule on and with the rules dropped; no page is printed. About
7 s.
"""

from __future__ import annotations

import argparse
import random
import statistics
from pathlib import Path

from devset import DEVSET, scorer, train_rows

from cleaner import Cleaner, Document, load_rule_files
from cleaner.rulefile import RuleFile
from cleaner.ruletest import switched_off

GENERIC_FILES = ("generic.toml", "boilerplate.toml")


def dropped(files: list[RuleFile], seed: int, share: float) -> list[RuleFile]:
    """The files without a random `share` of the generic files' line rules."""
    rng = random.Random(seed)
    for rule_id in [rule.id for file in files if file.path.name in GENERIC_FILES
                    for rule in file.rules if rule.action == "drop_line"]:
        if rng.random() < share:
            files = switched_off(files, rule_id)
    return files


def figures(cleaners: list[Cleaner], pages: list[tuple[str, str]], score,
            manifest: dict[str, dict]) -> tuple[float, float]:
    """Mean wF1 and mean leak of the pages' article records, page n cleaned by cleaner n mod k."""
    f1, leak = [], []
    for number, (page, text) in enumerate(pages):
        article = cleaners[number % len(cleaners)].clean(Document.from_text(text, page, page))[0]
        out = "\n".join(part for part in (article.title or "", article.text) if part)
        f1.append(score.bow_prf(out, manifest[page]["gold_text"])[2])
        rate = score.snippet_rates(out, manifest[page])[1]
        if rate is not None:
            leak.append(rate)
    return statistics.mean(f1), statistics.mean(leak)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--share", type=float, default=0.5, help="the share of rules off")
    parser.add_argument("--seeds", type=int, default=4, help="random halves, one a page")
    args = parser.parse_args()
    if args.seeds < 1 or not 0 <= args.share <= 1:
        parser.error("--seeds is 1 or more, --share between 0 and 1")
    score = scorer()
    manifest = score.load_manifest(DEVSET)
    pages = [(row["id"], Path(DEVSET / "text" / f"{row['id']}.txt").read_text(encoding="utf-8"))
             for row in train_rows()]
    files = load_rule_files()
    every = figures([Cleaner(files)], pages, score, manifest)
    some = figures([Cleaner(dropped(files, seed, args.share)) for seed in range(args.seeds)],
                   pages, score, manifest)
    print(f"train text, every rule on: wF1 {every[0]:.4f}  leak {every[1]:.4f}")
    print(f"train text, {args.share:.0%} of the generic line rules off: "
          f"wF1 {some[0]:.4f}  leak {some[1]:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
