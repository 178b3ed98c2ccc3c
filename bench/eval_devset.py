"""`make eval`: the cleaner on the dev set's text dumps and HTML, scored by the dev set's scorer,
and the precision guard: the gold texts fed back in must come out (nearly) unchanged."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT.parent / "shared" / "devset"


def clean(source: Path, output: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cleaner", str(source), str(output), "-q"], check=True)
    return time.perf_counter() - started


def score(records: Path, name: str) -> str:
    result = subprocess.run(
        [sys.executable, str(DEVSET / "score.py"), str(records), "--data", str(DEVSET)],
        check=True, capture_output=True, text=True)
    lines = [ln for ln in result.stdout.splitlines() if ln.startswith(("system", "---", "records"))]
    return "\n".join(lines[:3]).replace("records ", f"{name:8}", 1)


def fold(text: str) -> str:
    return " ".join(text.split())


def gold_kept(records: Path) -> tuple[int, int]:
    """Gold lines found again, whole, in their page's article record (title or text)."""
    kept = total = 0
    for line in records.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["metadata"]["kind"] != "article":
            continue
        gold = (DEVSET / "gold" / record["metadata"]["source"]).read_text(encoding="utf-8")
        got = {fold(t) for t in [record["metadata"]["title"] or "", *record["text"].split("\n")]}
        lines = [fold(t) for t in gold.splitlines() if t.strip()]
        kept += sum(t in got for t in lines)
        total += len(lines)
    return kept, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "eval-out")
    parser.add_argument("--only", nargs="+", choices=["text", "html", "gold"],
                        default=["text", "html", "gold"], help="run only these inputs")
    args = parser.parse_args()
    runs = {name: DEVSET / name for name in args.only}
    seconds = {name: clean(source, args.out / name) for name, source in runs.items()}
    for name in ("text", "html"):
        if name in runs:
            print(score(args.out / name / "records.jsonl", name), end="\n\n")
    if "gold" in runs:
        kept, total = gold_kept(args.out / "gold" / "records.jsonl")
        print(f"gold as input: {kept}/{total} lines kept = {kept / total:.4f} (target >= 0.995)")
    print("seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in seconds.items()))


if __name__ == "__main__":
    main()
