"""Fit the shares of the rule `html.outside-dump-article` (weigh.py): when an HTML page gets
the records of its plain dump instead of trafilatura's.

Each page of devset's `train` split and of devset-ml is cleaned once, in this process, with
the weighing caught: its two candidate article records (trafilatura's, trimmed as the rule
trims it, and the dump's), and the figures the rule decides by. Each candidate is scored by
the dev set's own scorer (devset: the page's bag-of-words F1; devset-ml: its snippet counts).
Then every setting (fallback_share, filled_at_least, kept_at_most, prose_at_least) of a
grid is scored by the choices it makes, with 5-fold cross-validation grouped by site: a
fold's setting is the best on the other folds, and is scored on the fold. A page of a
language whose dump is not weighed keeps trafilatura's text whatever the setting. devset's
`validation` pages are never read here.

    python bench/fit_weigh.py [--jobs 2] [--cache bench-out/weigh.json] [--fix 0.4 0.2 0.93]
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import hashlib
import itertools
import json
import sys
from multiprocessing import Pool
from pathlib import Path

from devset import scorer

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SHARES = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6)
# the share of the dump's extra words in running text, at least, for the fallback (0: any)
PROSE = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
FILLED = (0.1, 0.2, 0.3, 0.4, 0.6, 9.0)  # 9: never by filling in
# 9: whatever the locator kept
KEPT = (0.8, 0.85, 0.88, 0.9, 0.91, 0.92, 0.93, 0.94, 0.95, 0.97, 9.0)
FOLDS = 5

_caught: dict = {}


def _catch(doc, rule, records, links, dump_records):
    """The weighing, caught: both candidates and the rule's figures; trafilatura's given. A
    page of a language whose dump is not weighed (`dump_languages`) is not caught."""
    from cleaner.weigh import Words, fills_in, outside_prose, prose_reading, weigh, weighs

    if not weighs(doc, rule):
        return weigh(doc, rule, records, links, dump_records)
    dump = dump_records()
    dump_text, text = dump[0].text, records[0].text
    _caught.update(
        share=len(text.split()) / max(1, len(dump_text.split())),
        filled=fills_in(Words(dump_text), Words(text), rule.params["outside_at_most"]),
        kept=len(dump_text.split()) / max(1, sum(len(line.text.split())
                                                  for line in doc.dump.lines)),
        prose=outside_prose(dump_text, Words(text), prose_reading(rule)),
        dump=_article(dump), plain=_article(records))
    never = dataclasses.replace(rule, params={
        **rule.params, "fallback_share": 0.0, "filled_at_least": 9.0})
    chosen = weigh(doc, never, records, links, dump_records)
    _caught["trafilatura"] = _article(chosen)
    return chosen


def _article(records) -> str:
    first = records[0]
    return "\n".join(x for x in (first.title or "", first.text) if x)


def _page(path: str) -> dict:
    from cleaner import Cleaner, load_rule_files
    from cleaner.actions import ACTIONS
    from cleaner.sources.decoding import decode, meta_charset
    from cleaner.sources.html import read_html

    global _cleaner
    if "_cleaner" not in globals():
        ACTIONS["weigh_dump"] = dataclasses.replace(ACTIONS["weigh_dump"], run=_catch)
        _cleaner = Cleaner(load_rule_files())
    data = gzip.decompress(Path(path).read_bytes())
    _caught.clear()
    doc = read_html(decode(data, meta_charset(data)), Path(path).name, Path(path).name)
    records = _cleaner.clean(doc)
    if not _caught:  # no dump, or no trafilatura text: nothing to weigh
        return {"fixed": _article(records)}
    return dict(_caught)


def pages(jobs: int, cache: Path) -> list[dict]:
    """Every page's candidates, their scores and site: [{set, id, site, lang, share, filled,
    kept, prose, t, d, plain}] (t, d: trafilatura's, trimmed, and the dump's score; plain:
    trafilatura's untrimmed; devset-ml: snippet counts). A cache written before `prose` was
    read holds none: delete it."""
    if cache.exists():
        return json.loads(cache.read_text(encoding="utf-8"))
    rows = []
    for name in ("devset", "devset-ml"):
        devset = SHARED / name
        manifest = [json.loads(line) for line in (devset / "manifest.jsonl").open()]
        if name == "devset":
            manifest = [row for row in manifest if row["split"] == "train"]
        paths = [str(devset / "html" / f"{row['id']}.html.gz") for row in manifest]
        with Pool(jobs) as pool:
            caught = pool.map(_page, paths, chunksize=4)
        module = scorer(devset)
        gold = module.load_manifest(devset) if name == "devset" else None
        for row, got in zip(manifest, caught, strict=True):
            def score(text, row=row, scorer=module, gold=gold):
                if gold is not None:
                    return scorer.score_page(text, gold[row["id"]])["wF1"]
                return scorer.counts(row, text)
            site = row.get("domain") or row["id"]  # devset-ml: nearly every page a site
            t = score(got.get("trafilatura", got.get("fixed")))
            d = score(got["dump"]) if "dump" in got else t
            plain = score(got["plain"]) if "plain" in got else t
            rows.append({"set": name, "id": row["id"], "site": site, "lang": row.get("lang"),
                         "share": got.get("share", 1.0), "filled": got.get("filled", 0.0),
                         "kept": got.get("kept", 1.0), "prose": got.get("prose", 1.0),
                         "t": t, "d": d, "plain": plain})
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(rows), encoding="utf-8")
    return rows


Setting = tuple[float, float, float, float]  # fallback_share, filled, kept, prose


def choose_dump(row: dict, share: float, filled: float, kept: float, prose: float) -> bool:
    return row["kept"] <= kept and ((row["share"] < share and row["prose"] >= prose)
                                    or row["filled"] >= filled)


def figures(rows: list[dict], *setting: float) -> tuple[float, float]:
    """(devset train mean wF1, devset-ml snippet F1) of the choices a setting makes."""
    wf1, counts = [], [0, 0, 0, 0]
    for row in rows:
        got = row["d"] if choose_dump(row, *setting) else row["t"]
        if row["set"] == "devset":
            wf1.append(got)
        else:
            counts = [a + b for a, b in zip(counts, got, strict=True)]
    tp, fp, fn, _ = counts
    return (sum(wf1) / len(wf1) if wf1 else 0.0,
            2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0)


def objective(rows: list[dict], *setting: float) -> float:
    """Both dev sets count alike: the mean of the two figures."""
    return sum(figures(rows, *setting)) / 2


def fold_of(site: str) -> int:
    return int(hashlib.sha1(site.encode()).hexdigest(), 16) % FOLDS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--cache", type=Path, default=ROOT / "bench-out" / "weigh.json")
    parser.add_argument("--fix", nargs="+", type=float, metavar="SHARE",
                        help="fix fallback_share, filled_at_least (and kept_at_most): fit "
                             "the others")
    parser.add_argument("--quiet", action="store_true", help="print the folds only")
    args = parser.parse_args(argv)
    fixed = args.fix or []
    if len(fixed) > 3:
        parser.error("--fix takes fallback_share, filled_at_least and kept_at_most at most")
    rows = pages(args.jobs, args.cache)
    axes = [[v] for v in fixed] + [SHARES, FILLED, KEPT][len(fixed):] + [PROSE]
    grid = list(itertools.product(*axes))
    print(f"{'fallback_share':>14} {'filled_at_least':>15} {'kept_at_most':>12} "
          f"{'prose_at_least':>14} {'devset train wF1':>16} {'devset-ml F1':>12}")
    for setting in [] if args.quiet else grid:
        train, ml = figures(rows, *setting)
        print("".join(f"{v:>{w}}" for v, w in zip(setting, (14, 16, 13, 15), strict=True))
              + f" {train:>16.4f} {ml:>12.4f}")
    held_out = []
    for fold in range(FOLDS):
        inside = [row for row in rows if fold_of(row["site"]) != fold]
        best = max(grid, key=lambda setting: objective(inside, *setting))
        held_out.append(best)
        print(f"fold {fold}: best on the other folds {best}")
    chosen = [(row, held_out[fold_of(row["site"])]) for row in rows]
    print("cross-validated (each fold by the setting chosen on the others): "
          f"{_pooled(chosen)}")
    return 0


def _pooled(chosen: list[tuple[dict, Setting]]) -> str:
    wf1, counts = [], [0, 0, 0, 0]
    for row, setting in chosen:
        got = row["d"] if choose_dump(row, *setting) else row["t"]
        if row["set"] == "devset":
            wf1.append(got)
        else:
            counts = [a + b for a, b in zip(counts, got, strict=True)]
    tp, fp, fn, _ = counts
    return (f"devset train wF1 {sum(wf1) / len(wf1):.4f}, "
            f"devset-ml F1 {2 * tp / (2 * tp + fp + fn):.4f}")


if __name__ == "__main__":
    sys.exit(main())
