"""The dev set's train pages printed a text node a line, as many scrapers print a page: how
well the cleaner reads them against the same pages' one-block-a-line dumps.

BeautifulSoup's `get_text("\\n", strip=True)`, and any DOM walk that ends a line at every
element, print each piece of text between two tags on its own line: a sentence with a link
in it comes out as "Read the" / "full report" / "here." (cleaner/rejoin.py joins such pieces
back). `node_dump` prints a page so, with lxml (no BeautifulSoup needed: the text nodes are
the same). Each train page's HTML is dumped, cleaned, and scored against its gold text.

    .venv/bin/python bench/node_dumps.py [--write DIR]

Prints the mean bag-of-words F1 and the pages that keep under half their gold words, for the
node-a-line dumps (with and without joining them back), the one-block-a-line dumps, and the
node-a-line dumps as they are (doing nothing); no page is printed. `--write DIR` also writes
the node-a-line dumps there, as `<id>.txt`. About a minute.
"""

from __future__ import annotations

import argparse
import gzip
from pathlib import Path
from unittest import mock

from devset import DEVSET, print_page_figures, scorer, train_rows
from lxml import etree, html

from cleaner import Cleaner, Document, load_rule_files

SKIPPED = {"script", "style", "noscript", "template", "head", "svg", "title"}


def node_dump(page: bytes) -> str:
    """The page's text nodes, each stripped, one a line (empty ones left out)."""
    root = html.fromstring(page)
    body = root.find("body")
    pieces: list[str] = []
    _walk(root if body is None else body, pieces, top=True)
    return "\n".join(piece for piece in map(str.strip, pieces) if piece)


def _walk(element: etree._Element, pieces: list[str], top: bool = False) -> None:
    if isinstance(element.tag, str) and element.tag not in SKIPPED:
        pieces.append(element.text or "")
        for child in element:
            _walk(child, pieces)
    if not top:
        pieces.append(element.tail or "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="a folder to write the node-a-line dumps to")
    args = parser.parse_args()
    score = scorer()
    manifest = score.load_manifest(DEVSET)
    cleaner = Cleaner(load_rule_files())
    results: dict[str, list[float]] = {}

    def add(kind: str, out: str, gold: str) -> None:
        _, recall, f1 = score.bow_prf(out, gold)
        results.setdefault(kind, []).append((f1, recall))

    def cleaned(text: str, page: str) -> str:
        article = cleaner.clean(Document.from_dump(text, page, page))[0]
        return "\n".join(part for part in (article.title or "", article.text) if part)

    for row in train_rows():
        page, gold = row["id"], manifest[row["id"]]["gold_text"]
        nodes = node_dump(gzip.decompress((DEVSET / "html" / f"{page}.html.gz").read_bytes()))
        if args.write:
            args.write.mkdir(parents=True, exist_ok=True)
            (args.write / f"{page}.txt").write_text(nodes, encoding="utf-8")
        add("node a line, cleaned", cleaned(nodes, page), gold)
        with mock.patch("cleaner.document.rejoin", lambda text, numbered: (numbered, 0)):
            add("node a line, not joined", cleaned(nodes, page), gold)
        add("node a line, as it is", nodes, gold)
        block = (DEVSET / "text" / f"{page}.txt").read_text(encoding="utf-8")
        add("block a line, cleaned", cleaned(block, page), gold)
    print_page_figures(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
