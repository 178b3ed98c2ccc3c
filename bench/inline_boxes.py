"""The dev set's train pages with a widget box put inside the article: how often the locator
keeps only the part of an article above (or below) a box it reads as the article's end.

On pages nobody wrote rules for, a barrier rule ("Related Articles", a byline, a footer link)
can fire inside the article: an inline "Related" box, a subheading a rule mistakes for chrome.
The locator then keeps one part of the article and cuts the rest. The train pages were
cleaned while their rules were written, so they hold almost no such box; this puts one in.
Each train page whose dump prints at least MIN_PARAGRAPHS of its gold paragraphs gets a box
after the gold paragraph a third of the way down, in each of the shapes of `SHAPES`: a
box's heading alone, the heading over teaser headlines (other train pages' titles), or a
heading glued to the paragraph below it. The box is not in the gold text, so keeping it
costs precision and losing the text below it costs recall.

    .venv/bin/python bench/inline_boxes.py [--at 0.33]

Prints, per shape, the mean bag-of-words F1 against the gold text and the number of pages
that lose more than half of their gold words; no page is printed. About 30 s.
"""

from __future__ import annotations

import argparse

from devset import DEVSET, print_page_figures, scorer, train_rows

from cleaner import Cleaner, Document, load_rule_files

MIN_PARAGRAPHS = 6  # gold paragraphs the dump prints as lines of their own
PARAGRAPH_WORDS = 15
HEADINGS = ("Related Articles", "Read More", "You May Also Like", "Related Posts")
TEASERS = 3


def paragraphs(dump: list[str], gold: str) -> list[int]:
    """Indexes of the dump's lines that are long paragraphs of the gold text."""
    wanted = {line.strip() for line in gold.splitlines()
              if len(line.split()) >= PARAGRAPH_WORDS}
    return [index for index, line in enumerate(dump) if line.strip() in wanted]


def with_box(dump: list[str], at: int, box: list[str]) -> str:
    return "\n".join([*dump[:at + 1], *box, *dump[at + 1:]])


def shapes(heading: str, teasers: list[str]) -> dict[str, list[str]]:
    return {"heading": [heading], "heading and teasers": [heading, *teasers]}


def longer_story(rows: list[dict], manifest: dict, number: int, gold: str) -> list[str]:
    """The title and gold lines of the next train page whose gold text is longer: a story
    a page prints below its own (the next article of an endless page), which must stay out."""
    for step in range(1, len(rows)):
        row = rows[(number + step) % len(rows)]
        other = manifest[row["id"]]["gold_text"]
        if len(other.split()) > len(gold.split()) and row.get("title"):
            return [row["title"], *other.splitlines()]
    return []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--at", type=float, default=1 / 3,
                        help="where the box goes: the share of the gold paragraphs above it")
    args = parser.parse_args()
    if not 0 < args.at < 1:
        parser.error("--at is between 0 and 1")
    score = scorer()
    manifest = score.load_manifest(DEVSET)
    rows = train_rows()
    titles = [row["title"] for row in rows if row.get("title")]
    cleaner = Cleaner(load_rule_files())
    results: dict[str, list[tuple[float, float]]] = {}
    for number, row in enumerate(rows):
        page = row["id"]
        dump = (DEVSET / "text" / f"{page}.txt").read_text(encoding="utf-8").splitlines()
        gold = manifest[page]["gold_text"]
        found = paragraphs(dump, gold)
        if len(found) < MIN_PARAGRAPHS:
            continue
        at = found[max(int(len(found) * args.at + 1e-9), 1) - 1]
        heading = HEADINGS[number % len(HEADINGS)]
        teasers = [titles[(number * 7 + k) % len(titles)] for k in range(1, TEASERS + 1)]
        story = longer_story(rows, manifest, number, gold)
        boxes = {"none": (at, []), **{name: (at, box) for name, box in
                                      shapes(heading, teasers).items()},
                 "another story below": (found[-1], [heading, *story])}
        for shape, (where, box) in boxes.items():
            text = with_box(dump, where, box)
            article = cleaner.clean(Document.from_text(text, page, page))[0]
            out = "\n".join(part for part in (article.title or "", article.text) if part)
            _, recall, f1 = score.bow_prf(out, gold)
            results.setdefault(shape, []).append((f1, recall))
    print_page_figures(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
