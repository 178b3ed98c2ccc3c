"""HTML: `clean` against trafilatura alone, page by page, on both dev sets (issue 19, point 4:
HTML never worse than trafilatura).

trafilatura 2.x `extract()` runs on each page twice, with its defaults and with the settings
the cleaner gives an English page (sources/html.py: recall focus, tables, no comments, no
deduplication; a page of another language gets the default focus, as in the first run);
its texts are kept under OUT/trafilatura/ (made once: delete the folder to make them again).
Each dev set's own scorer scores them and the cleaner's records (an `eval` run's, or a fresh
one), and a page counts as *below* when the cleaner's score on it is lower than trafilatura's:
devset-ml by its snippet F1 (the page's own true/false positives and negatives), devset by
its per-page bag-of-words F1 (counted apart too when below by more than 0.05).

    python bench/html_vs_trafilatura.py [--out eval-out] [--list]

Only counts of the devset's `validation` pages are printed; `--list` names the pages below
trafilatura on devset-ml and on devset's `train` pages, never a validation page.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SETS = {"devset": SHARED / "devset", "devset-ml": SHARED / "devset-ml"}
CLEARLY = 0.05  # a page below by more than this is counted apart too
RUN_OF = {"devset": "html", "devset-ml": "ml-html"}  # eval_devset.py's run names
SETTINGS = {"defaults": {},
            "cleaner": {"include_comments": False, "include_tables": True,
                        "deduplicate": False, "favor_recall": True}}


def _extract(job: tuple[Path, Path, str]) -> None:
    import trafilatura  # in the workers only

    page, target, settings = job
    text = trafilatura.extract(gzip.decompress(page.read_bytes()), **SETTINGS[settings])
    target.write_text(text or "", encoding="utf-8")


def trafilatura_texts(devset: Path, out: Path, settings: str, jobs: int) -> Path:
    """trafilatura's text of each page of the dev set, as OUT/<id>.txt (made once)."""
    if (out / ".done").exists():
        return out
    out.mkdir(parents=True, exist_ok=True)
    work = [(page, out / f"{page.name.split('.')[0]}.txt", settings)
            for page in sorted((devset / "html").glob("*.html.gz"))]
    with ProcessPoolExecutor(jobs) as pool:
        list(pool.map(_extract, work, chunksize=8))
    (out / ".done").touch()
    return out


def scored(devset: Path, output: Path, result: Path) -> dict:
    """The dev set's score.py on one output, as its JSON."""
    command = [sys.executable, str(devset / "score.py"), str(output), "--data", str(devset),
               "--json", str(result)]
    subprocess.run(command, check=True, capture_output=True)
    return json.loads(result.read_text(encoding="utf-8"))


def page_scores(name: str, result: dict) -> dict[str, float]:
    """{page id: the page's figure}: devset's wF1, devset-ml's snippet F1."""
    if name == "devset":
        (run,) = result.values()
        return {row["id"]: row["wF1"] for row in run["pages"]}
    return {pid: 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
            for pid, (tp, fp, fn, _) in result["per_page"].items()}


def groups_of(name: str, devset: Path) -> dict[str, str]:
    """{page id: its row}: devset's split, devset-ml's language (en or other)."""
    rows = map(json.loads, (devset / "manifest.jsonl").open(encoding="utf-8"))
    if name == "devset":
        return {row["id"]: row["split"] for row in rows}
    return {row["id"]: "en" if row["lang"] == "en" else "other" for row in rows}


def compare(name: str, out: Path, jobs: int, listing: bool) -> None:
    devset = SETS[name]
    records = out / RUN_OF[name] / "records.jsonl"
    if not records.exists():
        subprocess.run([sys.executable, "-m", "cleaner", str(devset / "html"),
                        str(out / RUN_OF[name]), "-q", "--jobs", str(jobs)], check=True)
    ours = page_scores(name, scored(devset, records, out / f"{name}.cmp.clean.json"))
    group = groups_of(name, devset)
    for settings in SETTINGS:
        texts = trafilatura_texts(devset, out / "trafilatura" / name / settings, settings, jobs)
        theirs = page_scores(name, scored(devset, texts, out / f"{name}.cmp.{settings}.json"))
        below = {pid for pid in ours if ours[pid] < theirs[pid] - 1e-9}
        above = {pid for pid in ours if ours[pid] > theirs[pid] + 1e-9}
        rows = sorted(set(group.values()))
        of = {row: sum(g == row for g in group.values()) for row in rows}
        clearly = {pid for pid in below if ours[pid] < theirs[pid] - CLEARLY}
        counts = ", ".join(
            f"{row} {sum(group[p] == row for p in below)} below "
            f"({sum(group[p] == row for p in clearly)} by >{CLEARLY})/"
            f"{sum(group[p] == row for p in above)} above of {of[row]}" for row in rows)
        print(f"{name:<10} clean vs trafilatura {settings:<9}: {counts}")
        if listing:
            for pid in sorted(below, key=lambda p: ours[p] - theirs[p]):
                if group[pid] != "validation":
                    print(f"    {pid:<24} {group[pid]:<6} clean {ours[pid]:.3f} "
                          f"trafilatura {theirs[pid]:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "eval-out",
                        help="where `make eval` left its runs (a missing one is made)")
    parser.add_argument("--sets", nargs="+", choices=list(SETS), default=list(SETS))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--list", action="store_true", help="name the pages below trafilatura "
                        "(devset-ml, devset train; never a validation page)")
    args = parser.parse_args(argv)
    for name in args.sets:
        compare(name, args.out, args.jobs, args.list)
    return 0


if __name__ == "__main__":
    sys.exit(main())
