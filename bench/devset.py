"""The dev set beside the repository, as the benchmarks read it: its `train` pages only.

The `validation` pages measure quality on sites nobody has looked at; `make eval` reads their
figures and nothing else opens them, so a benchmark's corpus is built from `train` alone (the
400 pages the set has always held, which keeps figures comparable across its growth).
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import statistics
from pathlib import Path
from types import ModuleType

DEVSET = Path(__file__).resolve().parent.parent.parent / "shared" / "devset"
SUFFIXES = {"text": ".txt", "gold": ".txt", "html": ".html.gz"}


def train_rows() -> list[dict]:
    """The manifest's rows of the `train` split, in id order."""
    with (DEVSET / "manifest.jsonl").open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    return sorted((row for row in rows if row["split"] == "train"), key=lambda row: row["id"])


def train_pages(kind: str) -> list[Path]:
    """The train pages' files of one kind: `text` (dumps), `gold` (main texts), `html`."""
    return [DEVSET / kind / f"{row['id']}{SUFFIXES[kind]}" for row in train_rows()]


def train_folder(kind: str, folder: Path) -> Path:
    """`folder` made anew with links to the train pages of one kind, for a command that
    takes a folder (`clean`, the baselines)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for page in train_pages(kind):
        (folder / page.name).symlink_to(page)
    return folder


def scorer(folder: Path = DEVSET) -> ModuleType:
    """A dev set's own scorer (its score.py: this one's, or devset-ml's), as a module."""
    spec = importlib.util.spec_from_file_location(f"score_{folder.name}", folder / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def print_page_figures(results: dict[str, list[tuple[float, float]]]) -> None:
    """Per kind of input, its pages' mean bag-of-words F1 and how many keep under half their
    gold words (recall under 0.5), from (F1, recall) pairs; no page is printed."""
    width = max(map(len, results), default=0)
    for kind, values in results.items():
        print(f"{kind:{width}}  pages {len(values):3}  wF1 "
              f"{statistics.mean(f for f, _ in values):.4f}  half lost "
              f"{sum(recall < 0.5 for _, recall in values):3}")
