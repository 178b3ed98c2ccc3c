"""Aggregator, feed and reblog pages (../shared/aggregator-dev): the cleaner's records against
each page's labelled lines, as the figures of issue 17.

Labels (its README): At the headline, A article text, W widget, M metadata line, T ticker or
headline-list line, I a listed story's line, R<k> related block k, D a duplicate of the
article's text, X a fragment where the stored page was cut (ignored). A record's lines are its
title and its text; a related record's metadata read from its lines (outlet, time, section,
image) count as its own too. Lines are
compared with spaces and case folded and a leading list marker ("- ", "• ") left out.

- junk_left: W, M and T lines found in the article record's title or text, and D lines found
  in its text more often than the page's A and At lines with the same words (a copy of the
  headline is left only where the text prints it again; a copy of a paragraph where the text
  prints the paragraph twice), of all such lines;
- article_kept: A and At lines found in the article record, of all of them;
- ticker_left: T lines found in any record's title or text (a count: the target is none);
- related_split: R lines found in a related record, of all of them;
- items_merged: I lines found in the article record, of all of them (a page that lists several
  stories should give a record each);
- title_right: pages whose article record's title is their At line, of the pages with one.

    .venv/bin/python bench/eval_aggregator.py RECORDS.jsonl    # the figures, per family too

The pages are cleaned as text files (`make eval`'s `agg` run, no URL) and as a JSONL corpus
whose records carry each page's URL (`agg-url`, `with_urls`).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

AGGREGATOR = Path(__file__).resolve().parent.parent.parent / "shared" / "aggregator-dev"
JUNK = ("W", "M", "T", "D")
OWN_KEYS = ("source", "kind", "parent", "site", "title")  # not read from the block's lines
FIGURES = ("junk_left", "article_kept", "ticker_left", "related_split", "items_merged",
           "title_right")
RANGE = re.compile(r"(\d+)(?:-(\d+))?:(\w+)")


BULLET = re.compile(r"^[-–•·*▪✇]+\s*")


def fold(text: str) -> str:
    """A line as compared: spaces folded, case folded, a list marker in front left out (a
    related block's "- Sky News" is its outlet, `Sky News`, in the record)."""
    return BULLET.sub("", " ".join(text.split())).casefold()


def read_labels(path: Path = AGGREGATOR / "labels.txt") -> dict[str, dict[int, str]]:
    """{page: {line number: label}} for the lines a page names."""
    pages: dict[str, dict[int, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        page, _, ranges = line.partition(":")
        labels = pages.setdefault(page.strip(), {})
        for first, last, label in RANGE.findall(ranges):
            for number in range(int(first), int(last or first) + 1):
                labels[number] = label
    return pages


def record_lines(records: list[dict]) -> tuple[set[str], Counter, set[str], set[str]]:
    """The folded lines of the article record (title and text), of its text alone (counted),
    of the related records (metadata too), and of every record's title and text."""
    article: set[str] = set()
    article_text: Counter = Counter()
    related: set[str] = set()
    every: set[str] = set()
    for record in records:
        meta = record["metadata"]
        texts = [fold(t) for t in record["text"].split("\n") if t]
        text = set(texts)
        lines = text | ({fold(meta["title"])} if meta.get("title") else set())
        every |= lines
        if meta["kind"] == "article":
            article |= lines
            article_text.update(texts)
        elif meta["kind"] == "related":
            related |= lines | {fold(value) for key, value in meta.items()
                                if isinstance(value, str) and key not in OWN_KEYS}
    return article, article_text, related, every


def page_counts(lines: list[str], labels: dict[int, str], records: list[dict]) -> Counter:
    """Found and total lines for each figure on one page."""
    article, article_text, related, every = record_lines(records)
    title = next((fold(r["metadata"].get("title") or "") for r in records
                  if r["metadata"]["kind"] == "article"), "")
    counts: Counter = Counter()
    # A duplicate (D) is left where the text prints its words more often than the page's own
    # A and At lines with the same words (the copy of a paragraph, not the paragraph itself).
    own = Counter(fold(lines[n - 1]) for n, label in labels.items()
                  if label in ("A", "At") and n <= len(lines))
    for number, label in labels.items():
        text = fold(lines[number - 1]) if number <= len(lines) else ""
        if not text or label == "X":
            continue
        if label in JUNK:
            counts["junk_left", "total"] += 1
            counts["junk_left", "found"] += (article_text[text] > own[text] if label == "D"
                                             else text in article)
        if label == "T":
            counts["ticker_left", "found"] += text in every
        if label in ("A", "At"):
            counts["article_kept", "total"] += 1
            counts["article_kept", "found"] += text in article
        if label.startswith("R") and label[1:].isdigit():
            counts["related_split", "total"] += 1
            counts["related_split", "found"] += text in related
        if label == "I":
            counts["items_merged", "total"] += 1
            counts["items_merged", "found"] += text in article
        if label == "At":
            counts["title_right", "total"] += 1
            counts["title_right", "found"] += text == title
    return counts


def figures(records_path: Path) -> dict[str, dict[str, float]]:
    """{row: {figure: value}}, rows `all` and each family."""
    labels = read_labels()
    by_page: dict[str, list[dict]] = defaultdict(list)
    for line in records_path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        # A page's records: its article's id is the page's name (a file's stem, or the id of
        # a corpus record: `with_urls`), and the others name it as their parent.
        by_page[record["metadata"].get("parent") or record["id"]].append(record)
    totals: dict[str, Counter] = defaultdict(Counter)
    for page, page_labels in labels.items():
        lines = (AGGREGATOR / "pages" / f"{page}.txt").read_text(encoding="utf-8").splitlines()
        counts = page_counts(lines, page_labels, by_page.get(page, []))
        for row in ("all", page.rsplit("-", 1)[0]):
            totals[row].update(counts)
            totals[row]["pages", "total"] += 1
    out = {}
    for row, counts in totals.items():
        out[row] = {name: (counts[name, "found"] if name == "ticker_left" else
                           counts[name, "found"] / counts[name, "total"]
                           if counts[name, "total"] else 0.0) for name in FIGURES}
        out[row]["pages"] = counts["pages", "total"]
    return out


def with_urls(folder: Path) -> Path:
    """The pages as a JSONL corpus whose records carry each page's URL (index.jsonl), as a
    crawl gives them: `folder`/pages.jsonl. A page's address tells what its text cannot (an
    author's archive of teasers without headlines), so the figures are given both ways."""
    folder.mkdir(parents=True, exist_ok=True)
    corpus = folder / "pages.jsonl"
    with (AGGREGATOR / "index.jsonl").open(encoding="utf-8") as rows, \
            corpus.open("w", encoding="utf-8") as out:
        for row in map(json.loads, rows):
            text = (AGGREGATOR / "pages" / row["file"]).read_text(encoding="utf-8")
            out.write(json.dumps({"id": Path(row["file"]).stem, "text": text,
                                  "url": row["url"]}, ensure_ascii=False) + "\n")
    return corpus


def print_table(rows: dict[str, dict[str, float]]) -> None:
    print(f"{'row':<16}{'pages':>6}" + "".join(f"{name:>15}" for name in FIGURES))
    for row in ["all", *sorted(r for r in rows if r != "all")]:
        values = rows[row]
        print(f"{row:<16}{values['pages']:>6}" + "".join(
            f"{values[name]:>15d}" if name == "ticker_left" else f"{values[name]:>15.3f}"
            for name in FIGURES))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("records", type=Path, help="a records.jsonl the cleaner wrote")
    records = parser.parse_args().records
    if not records.is_file():
        parser.error(f"no such file: {records}")
    print_table(figures(records))
    return 0


if __name__ == "__main__":
    sys.exit(main())
