"""`make eval`: the cleaner on the dev sets, scored by their own scorers, held to the floors of
bench/floors.toml (the quality gate: exit 1 when a figure is below its floor, or above its
ceiling).

- ../shared/devset (English, WCXB): the text dumps and the HTML, scored by its score.py on its
  `train` and `validation` rows (and `all`, printed, not gated); and the precision guard: its
  gold texts fed back in must come out (nearly) unchanged, per split.
- ../shared/devset-ml (many languages, trafilatura's suite): text and HTML, snippet F1 overall
  and per language.
- ../shared/aggregator-dev (aggregator, feed and reblog pages, every line labelled): the
  figures of bench/eval_aggregator.py.

Only the figures of the `validation` pages are read (the scorer's rows and the gold guard's
share): never their pages, outputs or per-page listings.

Exit status: 0 every floor held; 1 a floor missed; 2 the dev sets or the floors file missing,
or a run failed (nothing measured).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEVSET = SHARED / "devset"
DEVSET_ML = SHARED / "devset-ml"
AGGREGATOR = SHARED / "aggregator-dev"
FLOORS = ROOT / "bench" / "floors.toml"
SPLITS = ("train", "validation")
# A run: (its name in floors.toml, the dev set, the input folder's name in it).
RUNS = {"text": ("devset", DEVSET, "text"), "html": ("devset", DEVSET, "html"),
        "gold": ("devset", DEVSET, "gold"), "ml-text": ("devset-ml", DEVSET_ML, "text"),
        "ml-html": ("devset-ml", DEVSET_ML, "html"),
        "agg": ("aggregator-dev", AGGREGATOR, "pages"),
        "agg-url": ("aggregator-dev", AGGREGATOR, "pages")}
# The input a run's floors name, where it is not its folder's: aggregator-dev's pages are
# text dumps, or a JSONL corpus carrying their URLs (a run left out with --only shows its
# floors SKIPPED, not MISSING).
FLOOR_INPUT = {"agg": "text", "agg-url": "jsonl-url"}
AGGREGATOR_RUNS = {"agg": "text files, no URL", "agg-url": "JSONL records with their URL"}
CEILING = "_max"  # a key ending so is a ceiling (lower is better): `leak_max`

# A figure's key: (set, input, row, figure), as in floors.toml: [devset.text.train] wF1 = ...
Key = tuple[str, str, str, str]


class EvalError(Exception):
    """Nothing to measure: a dev set or the floors file missing, or a run that failed."""


# --- the gate -------------------------------------------------------------------------------
def read_floors(path: Path) -> dict[Key, float]:
    """floors.toml as {(set, input, row, figure or figure_max): bound}."""
    if not path.exists():
        raise EvalError(f"{path} is absent: the floors the figures are held to")
    try:
        tree = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise EvalError(f"{path}: {error}") from None
    floors: dict[Key, float] = {}
    for devset, inputs in tree.items():
        for source, rows in _table(path, inputs, devset).items():
            for row, figures in _table(path, rows, f"{devset}.{source}").items():
                where = f"{devset}.{source}.{row}"
                for figure, bound in _table(path, figures, where).items():
                    if isinstance(bound, bool) or not isinstance(bound, int | float):
                        raise EvalError(f"{path}: [{where}] {figure} is not a number")
                    floors[(devset, source, row, figure)] = float(bound)
    return floors


def _table(path: Path, value: object, where: str) -> dict:
    if not isinstance(value, dict):
        raise EvalError(f"{path}: {where} should be a table ([set.input.row] figure = floor)")
    return value


def check(measured: dict[Key, float], floors: dict[Key, float],
          skipped: Iterable[tuple[str, str]] = ()) -> list[tuple[Key, float | None, float, str]]:
    """Each floor against its figure: (key, measured, bound, status), status one of OK, BELOW
    (a floor missed), ABOVE (a ceiling passed), MISSING (no such figure was measured: a floor
    that holds nothing is a miss too) and SKIPPED (its input not run, with --only)."""
    skipped = set(skipped)
    out = []
    for key, bound in floors.items():
        devset, source, row, figure = key
        ceiling = figure.endswith(CEILING)
        value = measured.get((devset, source, row, figure.removesuffix(CEILING)))
        if value is None:
            status = "SKIPPED" if (devset, source) in skipped else "MISSING"
        elif ceiling:
            status = "OK" if value <= bound else "ABOVE"
        else:
            status = "OK" if value >= bound else "BELOW"
        out.append((key, value, bound, status))
    return out


def skipped_inputs(only: Iterable[str]) -> set[tuple[str, str]]:
    """The (set, input) pairs of the floors whose runs `--only` leaves out."""
    return {(RUNS[name][0], FLOOR_INPUT.get(name, RUNS[name][2])) for name in RUNS
            if name not in set(only)}


def report(results: list[tuple[Key, float | None, float, str]]) -> int:
    """Print the gate's table and its last line (the floors missed); the exit status."""
    print(f"{'figure':<26} {'row':<11} {'measured':>8} {'bound':>9}  status")
    print("-" * 64)
    missed = []
    for (devset, source, row, figure), value, bound, status in results:
        ceiling = figure.endswith(CEILING)
        name = f"{devset} {source} {figure.removesuffix(CEILING)}"
        shown = f"{value:.4f}" if value is not None else "-"
        print(f"{name:<26} {row:<11} {shown:>8} {'<=' if ceiling else '>='} {bound:.4f}  "
              f"{status}")
        if status not in ("OK", "SKIPPED"):
            missed.append(f"{name} {row} ({status.lower()})")
    if missed:
        print(f"FLOORS MISSED ({len(missed)} of {len(results)}): " + "; ".join(missed))
        return 1
    print(f"floors missed: none ({len(results)} held"
          + (f", {sum(r[3] == 'SKIPPED' for r in results)} skipped)" if any(
              r[3] == "SKIPPED" for r in results) else ")"))
    return 0


# --- the runs -------------------------------------------------------------------------------
def clean(source: Path, output: Path, jobs: int | None) -> float:
    """The cleaner on one input folder, into a fresh output folder (a state left by an
    interrupted eval would otherwise be resumed); its seconds."""
    shutil.rmtree(output, ignore_errors=True)
    command = [sys.executable, "-m", "cleaner", str(source), str(output), "-q"]
    if jobs:
        command += ["--jobs", str(jobs)]
    started = time.perf_counter()
    if subprocess.run(command).returncode:
        raise EvalError(f"the cleaner failed on {source}: {' '.join(command)}")
    return time.perf_counter() - started


def run_input(name: str, folder: Path, out: Path) -> Path:
    """What a run cleans: its folder, or for `agg-url` the pages as records with their URL."""
    if name != "agg-url":
        return folder
    sys.path.insert(0, str(ROOT / "bench"))
    from eval_aggregator import with_urls

    return with_urls(out / "agg-url-input")


def score(devset: Path, records: Path, result: Path, label: str) -> dict:
    """The dev set's score.py on a run: its table printed, its JSON returned."""
    command = [sys.executable, str(devset / "score.py"), str(records), "--data", str(devset),
               "--json", str(result)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        sys.stderr.write(done.stderr)
        raise EvalError(f"{devset / 'score.py'} failed on {records}")
    print(f"== {label}")
    for line in done.stdout.rstrip("\n").splitlines():  # devset's rows: the run, not "records"
        print(f"{label:<28}{line[28:]}" if line.startswith("records ") else line)
    print()
    return json.loads(result.read_text(encoding="utf-8"))


def devset_figures(source: str, scored: dict) -> dict[Key, float]:
    """devset/score.py's JSON ({output: {"groups": {row: {...}}}}): wF1 and leak a row."""
    (groups,) = (run["groups"] for run in scored.values())
    return {("devset", source, row, figure): groups[row][figure]
            for row in groups for figure in ("wF1", "leak") if groups[row][figure] is not None}


def ml_figures(source: str, scored: dict) -> dict[Key, float]:
    """devset-ml/score.py's JSON ({"groups": {all|de|en|...: {"f1": ...}}}): F1 a row."""
    return {("devset-ml", source, row, "F1"): group["f1"]
            for row, group in scored["groups"].items() if group["pages"]}


def fold(text: str) -> str:
    return " ".join(text.split())


def splits() -> dict[str, str]:
    """devset's manifest: {page id: split}."""
    with (DEVSET / "manifest.jsonl").open(encoding="utf-8") as rows:
        return {row["id"]: row["split"] for row in map(json.loads, rows)}


def gold_kept(records: Path) -> dict[str, tuple[int, int]]:
    """Gold lines found again, whole, in their page's article record (title or text), counted
    by split and in all: {row: (kept, total)}. Only these counts leave the function."""
    split_of = splits()
    counts = {row: [0, 0] for row in ("all", *SPLITS)}
    for line in records.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["metadata"]["kind"] != "article":
            continue
        source = record["metadata"]["source"]
        gold = (DEVSET / "gold" / source).read_text(encoding="utf-8")
        got = {fold(t) for t in [record["metadata"]["title"] or "", *record["text"].split("\n")]}
        lines = [fold(t) for t in gold.splitlines() if t.strip()]
        kept = sum(t in got for t in lines)
        for row in ("all", split_of[Path(source).name.removesuffix(".txt")]):
            counts[row][0] += kept
            counts[row][1] += len(lines)
    return {row: (kept, total) for row, (kept, total) in counts.items()}


def titles_right(records: Path) -> dict[str, tuple[int, int]]:
    """Article records whose title is the page's (bench/titles.py's `judge`: its title in
    the manifest, whitespace, case, quotes and a site suffix folded), counted by split and
    in all: {row: (right, total)}. Only these counts leave the function."""
    sys.path.insert(0, str(ROOT / "bench"))
    from titles import judge

    with (DEVSET / "manifest.jsonl").open(encoding="utf-8") as rows:
        pages = {row["id"]: row for row in map(json.loads, rows)}
    counts = {row: [0, 0] for row in ("all", *SPLITS)}
    for line in records.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["metadata"]["kind"] != "article":
            continue
        page = pages[Path(record["metadata"]["source"]).name.removesuffix(".txt")]
        right = judge(record["metadata"]["title"], page["title"])[0]
        for row in ("all", page["split"]):
            counts[row][0] += right
            counts[row][1] += 1
    return {row: (right, total) for row, (right, total) in counts.items()}


def aggregator_figures(records: Path) -> dict[str, dict[str, float]]:
    sys.path.insert(0, str(ROOT / "bench"))
    from eval_aggregator import figures

    return figures(records)


def print_table(rows: dict[str, dict[str, float]]) -> None:
    from eval_aggregator import print_table as table

    table(rows)


def require(paths: Iterable[Path]) -> None:
    """Each path there, else an error naming the first missing, the dev sets' folder first."""
    for path in sorted({SHARED, *(p.parent for p in paths), *paths}):
        if not path.exists():
            raise EvalError(f"{path} is absent: the dev sets live in {SHARED}, beside the "
                            "repository")


def measure(args: argparse.Namespace) -> tuple[dict[Key, float], dict[str, float]]:
    """Run, score and print; the figures and each run's seconds."""
    runs = {name: RUNS[name] for name in args.only}
    require({devset / part for _, devset, folder in runs.values()
             for part in (("labels.txt", folder) if devset == AGGREGATOR
                          else ("manifest.jsonl", "score.py", folder))})
    args.out.mkdir(parents=True, exist_ok=True)
    seconds = {name: clean(run_input(name, devset / folder, args.out), args.out / name,
                           args.jobs)
               for name, (_, devset, folder) in runs.items()}
    measured: dict[Key, float] = {}
    for name, (setname, devset, folder) in runs.items():
        if name in ("gold", *AGGREGATOR_RUNS):
            continue
        records = args.out / name / "records.jsonl"
        scored = score(devset, records, args.out / f"{name}.score.json", f"{setname} {folder}")
        figures = devset_figures if setname == "devset" else ml_figures
        measured |= figures(folder, scored)
    if "text" in runs:
        print("== devset text: the article's title is the page's (bench/titles.py)")
        for row, (right, total) in titles_right(args.out / "text" / "records.jsonl").items():
            share = right / total if total else 0.0
            print(f"{row:<11} {right:>6}/{total:<6} = {share:.4f}")
            measured[("devset", "text", row, "title")] = share
        print()
    for run, how in AGGREGATOR_RUNS.items():
        if run not in runs:
            continue
        print(f"== aggregator-dev: labelled lines of aggregator, feed and reblog pages, as "
              f"{how} (bench/eval_aggregator.py)")
        rows = aggregator_figures(args.out / run / "records.jsonl")
        print_table(rows)
        measured |= {("aggregator-dev", FLOOR_INPUT[run], "all", name): value
                     for name, value in rows["all"].items() if name != "pages"}
        print()
    if "gold" in runs:
        print("== devset gold as input: gold lines kept whole (target >= 0.995)")
        for row, (kept, total) in gold_kept(args.out / "gold" / "records.jsonl").items():
            share = kept / total if total else 0.0
            print(f"{row:<11} {kept:>6}/{total:<6} = {share:.4f}")
            measured[("devset", "gold", row, "kept")] = share
        print()
    return measured, seconds


def against_trafilatura(args: argparse.Namespace) -> None:
    """The HTML runs' pages that score below trafilatura alone, counted (not gated):
    bench/html_vs_trafilatura.py, whose trafilatura texts are made on the first run (about a
    minute) and kept in OUT/trafilatura."""
    from html_vs_trafilatura import compare  # beside this script

    sets = [setname for name, (setname, _, _) in RUNS.items()
            if name in args.only and name in ("html", "ml-html")]
    if sets:
        print("== HTML pages below trafilatura alone (its defaults; the settings used here)")
        for setname in sets:
            compare(setname, args.out, args.jobs or 2, listing=False)
        print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "eval-out")
    parser.add_argument("--only", nargs="+", choices=list(RUNS), default=list(RUNS),
                        help="run only these inputs (floors of the others are skipped)")
    parser.add_argument("--jobs", type=int, help="the cleaner's worker processes "
                        "(default: its own, all cores)")
    parser.add_argument("--floors", type=Path, default=FLOORS)
    parser.add_argument("--no-compare", action="store_true", help="leave out the pages below "
                        "trafilatura alone (bench/html_vs_trafilatura.py)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        floors = read_floors(args.floors)
        measured, seconds = measure(args)
    except EvalError as error:
        print(f"eval: {error}", file=sys.stderr)
        return 2
    print("seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in seconds.items())
          + f"; all with scoring {time.perf_counter() - started:.1f}", end="\n\n")
    if not args.no_compare:
        against_trafilatura(args)
    skipped = skipped_inputs(args.only)
    return report(check(measured, floors, skipped))


if __name__ == "__main__":
    sys.exit(main())
