"""`drop_ticker`: video and news tickers, `01:45 31/07/2025 Headline 31/07/2025 Headline`."""

from __future__ import annotations

import regex

from cleaner.document import Document
from cleaner.matching import anywhere, candidate_lines, find_all
from cleaner.rulefile import Action, Param, Rule

LETTER_WORD = regex.compile(r"\p{L}{2,}")


def drop_ticker(doc: Document, rule: Rule) -> None:
    """Video and news tickers: `01:45 31/07/2025 Headline 31/07/2025 Headline ...`.

    A line carrying `min_stamps` or more stamps, the first near its start and the rest no more
    than a headline apart, is a ticker; so is a run of `min_stamps` lines that each start with
    a stamp and hold nothing else but a short headline (with `runs`: a changelog or a
    chronology in a text prints such lines too, with dates in other forms).
    """
    minimum, runs = rule.params["min_stamps"], rule.params["runs"]
    # The lines the page's one RE2 pass names for the stamp: only they are read (a search of
    # the whole text first, to learn whether any line holds one, cost as much again).
    found = candidate_lines(rule, "stamp", doc)
    if found == set() or (found is None and not anywhere(rule, "stamp", doc)):
        return  # most documents hold no stamp at all
    run: list[int] = []
    for index in doc.alive_indexes():
        text = doc.lines[index].text
        starts = [stamp.start() for stamp in find_all(rule, "stamp", text)] if (
            found is None or index in found) else []
        if len(starts) >= minimum and starts[0] <= 20 and _gaps_ok(starts, len(text)):
            doc.remove(index, rule.id)
        if runs and starts and starts[0] == 0 and len(text) <= 250 \
                and _has_headline(rule.compiled["stamp"], text):
            run.append(index)
            continue
        _drop_run(doc, rule, run, minimum)
        run = []
    _drop_run(doc, rule, run, minimum)


def _has_headline(stamp, text: str) -> bool:
    """A ticker entry is a stamp and a headline; `1/1/2013 +13.1%` is a table row."""
    return len(LETTER_WORD.findall(stamp.sub("", text))) >= 3


def _gaps_ok(starts: list[int], length: int, max_gap: int = 250) -> bool:
    gaps = [b - a for a, b in zip(starts, [*starts[1:], length], strict=True)]
    return max(gaps) <= max_gap


def _drop_run(doc: Document, rule: Rule, run: list[int], minimum: int) -> None:
    if len(run) >= minimum:
        for index in run:
            doc.remove(index, rule.id)


ACTION = Action(
    "drop_ticker", "removes ticker lines and runs of stamped headline lines", {
        "stamp": Param(str, "a ticker entry's time or date stamp", required=True, pattern=True,
                       scanned=True),
        "min_stamps": Param(int, "stamps on a line, or stamped lines in a run, that make a "
                            "ticker", default=3),
        "runs": Param(bool, "runs of stamped headline lines are tickers too (else only a line "
                      "of stamps)", default=True),
    }, drop_ticker)
