"""What each global rule is worth on pages it was not written from (issue 18, point 3).

Every rule of the global files (generic.toml, boilerplate.toml) is switched off in turn, as
if it had never been written (`ruletest.switched_off`), and the dev set's 662 text dumps are
cleaned in one process and scored with the dev set's own scorer (../shared/devset/score.py):
bag-of-words F1 and the `without`-snippet leak, on `train` and on `validation`. A rule's
worth is the figure with it minus the figure without it (for the leak, without minus with:
positive is good on both). The pages a rule removes a line of are counted per split.
`validation` is read as numbers only: no page of it is printed.

    .venv/bin/python bench/rule_worth.py [--jobs 2] [--json FILE]    # docs/rule-worth.md
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from devset import DEVSET, scorer

from cleaner import Cleaner, Document, load_rule_files
from cleaner.ruletest import switched_off

GLOBAL_FILES = ("generic.toml", "boilerplate.toml")
SPLITS = ("train", "validation")
ROOT = Path(__file__).resolve().parent.parent


SCORE = scorer()
PAGES = SCORE.load_manifest(DEVSET)
TEXTS = {page: (DEVSET / "text" / f"{page}.txt").read_text(encoding="utf-8") for page in PAGES}


def figures(rule_id: str | None) -> dict[str, float]:
    """wF1 and leak per split with the rule switched off (None: every rule on)."""
    files = load_rule_files()
    cleaner = Cleaner(files if rule_id is None else switched_off(files, rule_id))
    rows: dict[str, list[dict]] = {split: [] for split in SPLITS}
    for page, text in TEXTS.items():
        records = cleaner.clean(Document.from_text(text, page, f"{page}.txt"))
        rows[PAGES[page]["split"]].append(SCORE.score_page(records[0].text, PAGES[page]))
    out = {}
    for split, scored in rows.items():
        out[f"{split}.wF1"] = statistics.mean(r["wF1"] for r in scored)
        out[f"{split}.leak"] = statistics.mean(r["leak"] for r in scored if r["leak"] is not None)
    return out


def fired_pages() -> dict[str, Counter]:
    """On how many pages each rule removed a line (every rule on): per split of the dev set,
    and on the pages the product exists for (the seeds and aggregator-dev), which a rule may
    be for even where the dev set never needs it."""
    cleaner = Cleaner(load_rule_files())
    fired: dict[str, Counter] = {name: Counter() for name in (*SPLITS, "seeds+agg")}
    own = [*sorted((ROOT / "fixtures" / "seeds").glob("*.txt")),
           *sorted((DEVSET.parent / "aggregator-dev" / "pages").glob("*.txt"))]
    pages = [(PAGES[page]["split"], page, text) for page, text in TEXTS.items()]
    pages += [("seeds+agg", path.stem, path.read_text(encoding="utf-8")) for path in own]
    for name, page, text in pages:
        doc = Document.from_text(text, page, f"{page}.txt")
        cleaner.clean(doc)
        fired[name].update({line.removed_by for line in doc.lines if line.removed_by})
    return fired


def global_rules() -> list[str]:
    return [rule.id for file in load_rule_files() if file.path.name in GLOBAL_FILES
            for rule in file.rules]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args()
    rules = global_rules()
    with ProcessPoolExecutor(args.jobs) as pool:
        results = list(pool.map(figures, [None, *rules]))
    base, without = results[0], dict(zip(rules, results[1:], strict=True))
    fired = fired_pages()
    print("every rule on: " + "  ".join(f"{k} {v:.4f}" for k, v in base.items()))
    print(f"{'rule':<36}{'train pages':>12}{'val pages':>10}{'own pages':>10}{'train wF1':>11}"
          f"{'train leak':>11}{'val wF1':>9}{'val leak':>10}")
    table = []
    for rule in rules:
        off = without[rule]
        worth = {"train.wF1": base["train.wF1"] - off["train.wF1"],
                 "train.leak": off["train.leak"] - base["train.leak"],
                 "validation.wF1": base["validation.wF1"] - off["validation.wF1"],
                 "validation.leak": off["validation.leak"] - base["validation.leak"]}
        pages = (fired["train"][rule], fired["validation"][rule], fired["seeds+agg"][rule])
        table.append({"rule": rule, "pages": pages, **worth})
        print(f"{rule:<36}{pages[0]:>12}{pages[1]:>10}{pages[2]:>10}" + "".join(
            f"{worth[k]:>+11.4f}" if k.startswith("train") else f"{worth[k]:>+10.4f}"
            for k in ("train.wF1", "train.leak", "validation.wF1", "validation.leak")))
    if args.json:
        args.json.write_text(json.dumps({"base": base, "rules": table}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
