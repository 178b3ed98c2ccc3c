"""Where the time of cleaning goes, against the bare work it is measured by (`make floor`).

The speed targets of `make bench` put `clean --jobs 1` within 2.5x a bare read-split-write:
the cleaning itself may cost 1.5x the bare work. This times, in one process and on text
already in memory (so no disk, no start-up), the dev set's 400 text dumps through:

  bare           split into lines, joined, one JSON record each, encoded (what the bare
                 baselines do with a document once it is read)
  from_text      the document model: lines with their numbers (the least any rule needs)
  line_features  the locator's per-line features alone (word and function-word counts,
                 sentence ends, list marks, table cells), computed in numpy over whole texts
  prepare+match  whitespace folding, line keys, site lookup and every line rule at once
                 (exact lines by set lookup, patterns through RE2 sets)
  clean          the whole chain: all of the above, the actions, the locator's decisions,
                 and the records

Each is the fastest of five warm passes of CPU time. If a step that is a part of the chain
costs more than the budget (1.5x bare) on its own, the target cannot be met by making the
rest faster.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from devset import train_pages

from cleaner import Cleaner, Document, load_rule_files
from cleaner.linefeatures import line_features
from cleaner.sources import decode

MAX_JOBS1_OVER_BARE = 2.5


def main() -> None:
    cleaner = Cleaner(load_rule_files())
    datas = [path.read_bytes() for path in train_pages("text")]
    texts = [decode(data) for data in datas]
    megabytes = sum(map(len, datas)) / 2**20
    locator = next(rule for file in cleaner.files for rule in file.rules
                   if rule.action == "locate_content")
    documents = [Document.from_text(text, str(n), "x.txt") for n, text in enumerate(texts)]

    def bare() -> None:
        for number, text in enumerate(texts):
            record = {"id": str(number), "text": "\n".join(text.splitlines()),
                      "metadata": {"source": "x.txt"}}
            (json.dumps(record, ensure_ascii=False) + "\n").encode()

    def from_text() -> None:
        for number, text in enumerate(texts):
            Document.from_text(text, str(number), "x.txt")

    def features() -> None:
        for doc in documents:
            line_features([line.text for line in doc.lines if line.text], locator.vocabulary)

    def prepare_and_match() -> None:
        for doc in documents:
            chain, keys = cleaner.prepare(doc)
            chain.matcher.matches(doc, keys)

    def clean() -> None:
        for number, text in enumerate(texts):
            cleaner.clean(Document.from_text(text, str(number), "x.txt"))

    steps: list[tuple[str, Callable[[], None]]] = [
        ("bare", bare), ("from_text", from_text), ("line_features", features),
        ("prepare+match", prepare_and_match), ("clean", clean)]
    seconds = {name: fastest(step) for name, step in steps}
    budget = (MAX_JOBS1_OVER_BARE - 1) * seconds["bare"]
    print(f"{len(texts)} dev set text dumps, {megabytes:.2f} MB; CPU seconds, fastest of 5")
    for name, _ in steps:
        print(f"  {name:14s} {seconds[name]:6.3f} s  {megabytes / seconds[name]:6.1f} MB/s  "
              f"{seconds[name] / seconds['bare']:5.2f}x bare  {seconds[name] / budget:5.2f}x "
              "the budget")
    print(f"budget for the cleaning at {MAX_JOBS1_OVER_BARE}x bare: {budget:.3f} s")


def fastest(step: Callable[[], None], passes: int = 5) -> float:
    step()  # warm: RE2 builds its automata's states as it reads
    times = []
    for _ in range(passes):
        started = time.process_time()
        step()
        times.append(time.process_time() - started)
    return min(times)


if __name__ == "__main__":
    main()
