from __future__ import annotations

import functools
import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"
# CI lays ../shared beside the checkout: there a missing dev set is a failure, not a skip.
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def read_records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def shared(*parts: str) -> Path:
    """A path under ../shared (the dev sets). A test that needs one is skipped, saying why,
    when it is absent, except in CI, where it fails."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"{path} is absent: the dev sets live in ../shared beside the repository"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


@functools.cache
def devset_manifest() -> dict[str, dict]:
    """The dev set's manifest rows by page id."""
    with shared("devset", "manifest.jsonl").open(encoding="utf-8") as rows:
        return {row["id"]: row for row in map(json.loads, rows)}


def train_pages(kind: str) -> list[Path]:
    """The dev set's `train` pages of one kind (`text`, `html` or `gold`), sorted. Tests read
    only these: the `validation` pages are a measure, read as a number and never looked at."""
    suffix = ".html.gz" if kind == "html" else ".txt"
    folder = shared("devset", kind)
    return [folder / f"{page}{suffix}" for page, row in sorted(devset_manifest().items())
            if row["split"] == "train"]


@pytest.fixture(scope="session")
def cleaner():
    from cleaner import Cleaner, load_rule_files

    return Cleaner(load_rule_files())
