"""The content locator: find the article inside a whole-page text dump, with no site rule.

Each line is scored for prose: a line of enough words, with the function-word density of
running text and a sentence ending, scores its word count; short lines (menu items, buttons,
labels) score a small penalty; lines that a barrier rule removed ("Related Articles",
"Comments") cannot be crossed. The article is the contiguous run of lines with the highest
total (the densest region, as body-text extractors choose it), so a short line between two
paragraphs (a subheading, a list item) is kept by its neighbours, while a menu of forty short
lines is not worth crossing. The headline is looked for just above the region.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import islice, takewhile

import numpy as np

from cleaner.document import Document
from cleaner.headlines import (
    HEADER_REACH,
    HEADLINE_FEATURES,
    WORD,
    HeadlineContext,
    is_title_like,
    reads_as_headline,
    slug_words,
    topic_words,
)
from cleaner.language import stopwords
from cleaner.linefeatures import (
    SENTENCE_END,
    LineFeatures,
    chrome_like,
    densest_run,
    line_features,
    prose_lines,
    scored,
)
from cleaner.linescore import features as region_features
from cleaner.linescore import shipped_model, trim
from cleaner.rulefile import Rule

# Each line's words, sentence ending and marks (code, a list marker, figures, table cells)
# are read for all lines at once: linefeatures.py. `re` runs this one 1.5x faster than `regex`.
BARRIER = float("-inf")
PREFER_FIRST = 0.3  # dev set wF1: 0.15 -> 0.916, 0.3 -> 0.926, 0.5 -> 0.924, 0.7 -> 0.924
# Growing the region stops at this many chrome-like lines in a row (a menu, a share bar, a
# footer). Above the article one is enough, unless it heads the paragraph right below it:
# what sits between a page's header and its first paragraph is calls to action, tables of
# contents and share bars. Dev set (up, down): (3, 3) wF1 0.926 leak 0.106, gold kept 99.85%;
# (1, 2) with headings kept 0.928 / 0.093 / 99.65%; (1, 1) 0.930 / 0.086 but 99.38%.
CHROME_RUN_UP = 1
CHROME_RUN_DOWN = 2
# Below the article, growing also stops at a line that does not read as the article's own (see
# `text_like`) unless the next one does (a heading) or the next TAIL_WINDOW lines hold fewer than
# TAIL_CHROME chrome lines (the last lines of a page with no footer). Teaser headlines, calls to
# action, addresses and dates sit between an article and its footer. Dev set: without the stop
# wF1 0.932 (wP 0.907) leak 0.077, gold kept 99.64%; text-like lines only 0.933 / 0.066 but
# 99.26%; with the window (window, chrome) (3, 1) 99.47%, (4, 2) 0.933 / 0.068 / 99.51%,
# (6, 2) 0.933 (wP 0.910) / 0.068 / 99.51%.
TAIL_WINDOW = 6
TAIL_CHROME = 2
# A soft barrier (a date stamp, a byline, `soft_barriers`) parts the first substantial stretch
# from the next one only when the next is slight; the run goes on across dated cards to the
# next substantial stretch. Growing downwards, a stamp over a sentence is a timeline's date and
# is crossed. Dev set (text): date stamps as plain barriers wF1 0.9414 -> 0.9418, leak 0.0290
# -> 0.0263, but wcxb-0110 0.98 -> 0.30 (dated cards inside a guide); soft, 0.9436 and the same
# leak. Joining only stretches at most 4 lines apart cuts wcxb-0267 (0.85 -> 0.79, nine dated
# cards inside a guide); 20 lines and no limit score alike, and no limit keeps a long table
# whose column head is a soft barrier ("Author"). Crossing a stamp over a sentence costs
# wcxb-0422 0.936 -> 0.918 (dated teasers whose title ends with '!') and moves nothing else;
# it keeps a timeline's entries.
# A data table dumped one cell a line (rank, name, figure, change: "7", "USAA Group",
# "35,194,755", "13.2") reads as a menu, dozens of short lines, and cut articles in two
# (the dev set's two worst-recall pages lost the text above their table). A stretch with no
# prose holding at least TABLE_FIGURES figure cells (not dates: they mark teaser lists),
# TABLE_RICH of them more than a small integer (a page list "1 2 3 Next" is not a table),
# which make up TABLE_SHARE of the lines from TABLE_HEAD lines above the first (the column
# heads) to the last, is a table: its lines are neither chrome nor prose, and the article
# region may hold it. Dev set: wF1 0.933 -> 0.936 (pages 0286 0.54 -> 0.97, 0243 0.15 ->
# 0.73, 0096 0.50 -> 0.92 with units; 0327 0.92 -> 0.90, a "full data table" its gold leaves
# out), leak and gold kept equal.
# A figure: a number with its sign, currency, percent or a unit of up to three letters
# ("-0.2", "$1.21", "13.1%", "35,194,755", "80g", "25 kg", "$2.4bn", "12.1x").
FIGURE = re.compile(r"[-+−–(]?[$€£¥]?\s?\d[\d,.:/]*\s?(?:%|[^\W\d_]{1,3}\.?)?\)?")
RICH_FIGURE = re.compile(r"[,.%/:$€£¥]|\d{4}")
DATE_CELL = re.compile(r"\d{1,4}([/.-])\d{1,2}\1\d{1,4}")  # dates mark teaser lists, not tables
TABLE_FIGURES = 6
TABLE_RICH = 3
TABLE_SHARE = 0.25
TABLE_HEAD = 4
# The headline is looked for above the article and among its first OPENING lines.
OPENING = 5
OPENING_BLURB = 20
MAX_TRIMS = 8  # the scorer's trimming is repeated until it cuts nothing (this many rounds at most)
# A barrier can stand inside an article: an inline "Related Articles" box, a subheading that a
# chrome rule mistakes for a menu item or a byline. The article's larger part is then below
# it, and the first stretch held only its opening. When a single barrier line is followed at
# once by a paragraph (RESUME_WORDS words or more, ending a sentence; one ending with "?" or
# "!" also holds a sentence end inside, as a headline does not), the run it opens holds
# RESUME_LINES prose lines or more, and its stretch outweighs the chosen one, the article runs
# on across the barrier. A story printed below the article opens with its headline, and a
# related list with a teaser's title, so neither is crossed. `bench/inline_boxes.py` (train
# pages with a box's heading put a third of the way into the article; 325 pages): wF1 0.669
# -> 0.778, pages losing half their text 192 -> 119; a longer story printed below the article
# 0.788 either way; train pages unchanged (docs/locator.md).
RESUME_WORDS = 12
RUNS_ON_NOTE = "a barrier inside the article: it runs on below"
RESUME_LINES = 3
INNER_SENTENCE_END = re.compile(r"[.!?][\"”’»)]*\s+[\"“‘«(]?[^\W\d_]")


def prose_scores(features: LineFeatures, chrome: np.ndarray, rule: Rule) -> np.ndarray:
    """Word count for a line of running text, a penalty for chrome, nothing for the rest."""
    prose = prose_lines(features, rule.params["min_prose_words"], rule.params["min_density"])
    return scored(prose, chrome, features.words, rule.params["short_penalty"])


def repeated_lines(texts: list[str]) -> np.ndarray:
    """Lines the page prints more than once."""
    seen = Counter(texts)
    return np.fromiter(map(seen.__getitem__, texts), np.int64, len(texts)) > 1


def first_dense_run(scores: list[float], share: float = PREFER_FIRST,
                    soft: frozenset[int] = frozenset(),
                    texts: list[str] | None = None) -> tuple[int, int] | None:
    """The densest run of the first stretch between barriers that holds at least `share` of
    the page's densest prose: a comment thread below an article can outweigh it, but it comes
    after it. Soft barriers (date stamps) part two stretches only when one of them is slight:
    a stamp heads an article, but a dated card may also stand between two halves of one, and
    then the run goes on across it (unless the page prints its article twice, each copy under
    its stamp)."""
    stretches, start = [], 0
    for position, score in enumerate([*scores, BARRIER]):
        if score == BARRIER:
            if (found := densest_run(scores[start:position])) is not None:
                total, (first, last) = found
                stretches.append((total, (start + first, start + last)))
            start = position + 1
    if not stretches:
        return None
    best = max(total for total, _ in stretches)
    chosen = next(k for k, (total, _) in enumerate(stretches) if total >= share * best)
    first, last = stretches[chosen][1]
    if (texts is not None and chosen + 1 < len(stretches)
            and _runs_on(scores, texts, stretches[chosen], stretches[chosen + 1])):
        last = stretches[chosen + 1][1][1]
    reach = last  # across slight stretches (dated cards) to the next substantial one
    for total, (next_first, next_last) in stretches[chosen + 1:]:
        between = range(reach + 1, next_first)
        if (any(scores[p] == BARRIER and p not in soft for p in between)
                or (texts is not None and texts[next_first] in texts[first:last + 1])):
            break
        reach = next_last
        if total >= share * best:
            last = reach
    return first, last


def _runs_on(scores: list[float], texts: list[str], chosen: tuple[float, tuple[int, int]],
             after: tuple[float, tuple[int, int]]) -> bool:
    """Whether the article runs on across the one barrier line between the chosen stretch's
    run and the next stretch's: that run opens with a paragraph, at once, and outweighs it."""
    (total, (_, last)), (next_total, (next_first, next_last)) = chosen, after
    barriers = [p for p in range(last + 1, next_first) if scores[p] == BARRIER]
    return (barriers == [next_first - 1] and next_total >= total
            and is_paragraph(texts[next_first])
            and sum(score > 0 for score in scores[next_first:next_last + 1]) >= RESUME_LINES)


def is_paragraph(text: str) -> bool:
    """A line that reads as a paragraph of running text rather than as a headline.

    >>> is_paragraph("The council met on Monday and agreed to build the new bridge by 2027.")
    True
    >>> is_paragraph("What is the best piping for plumbing in an old house, and who fits it?")
    False
    >>> is_paragraph("It rained for days. Was the bridge ever really at risk of falling down?")
    True
    """
    if len(text.split()) < RESUME_WORDS or not SENTENCE_END.search(text):
        return False
    return text.rstrip().rstrip("\"”’»)").endswith((".", "…", "。")) or bool(
        INNER_SENTENCE_END.search(text))


def table_lines(texts: list[str], features: LineFeatures, breaks: np.ndarray,
                repeated: np.ndarray) -> np.ndarray:
    """The lines of data tables dumped one cell a line (see TABLE_FIGURES); `breaks` marks
    the lines no table crosses (prose, barriers). Widgets that print the same labels card
    after card ("Today's Change", "Market Cap") are not tables: most of a table's other
    cells (row names, column heads) are printed once."""
    figure = np.zeros(len(texts), bool)
    rich = np.zeros(len(texts), bool)
    for index in np.flatnonzero(features.digits & (features.words <= 3)).tolist():
        text = texts[index].strip()
        if FIGURE.fullmatch(text) and not DATE_CELL.fullmatch(text):
            figure[index] = True
            rich[index] = RICH_FIGURE.search(text) is not None
    table = np.zeros(len(texts), bool)
    if figure.sum() < TABLE_FIGURES:
        return table
    edges = np.flatnonzero(breaks)
    for start, end in zip(np.concatenate(([-1], edges)) + 1,
                          np.concatenate((edges, [len(texts)])), strict=True):
        figures = np.flatnonzero(figure[start:end]) + start
        if len(figures) < TABLE_FIGURES or rich[start:end].sum() < TABLE_RICH:
            continue
        first, last = max(start, figures[0] - TABLE_HEAD), min(end, figures[-1] + 2)
        labels = ~figure[first:last]
        if (len(figures) >= TABLE_SHARE * (last - first)
                and (repeated[first:last] & labels).sum() <= 0.5 * labels.sum()):
            table[first:last] = True
    return table


def text_like(features: LineFeatures, scores: np.ndarray, table: np.ndarray) -> list[bool]:
    """Lines that read as the article's own: prose, a sentence, a list item, code, a table row
    or cell. A teaser headline, a call to action, an address or a date does not."""
    return ((scores > 0) | features.ends | features.list_item | features.code
            | features.cells | table).tolist()


def _extend(first: int, last: int, scores: list[float], chrome: list[bool],
            textual: list[bool], stamps: frozenset[int] = frozenset()) -> tuple[int, int]:
    """Grow the run outwards until a barrier or a run of chrome lines: what lies between the
    densest prose and the page's chrome (a heading, a list, a code block) is the article's.
    Below it, growing also stops at the first line that is not text-like, unless a heading or
    a page end with no chrome ahead (`TAIL_WINDOW`)."""
    def blocked(position: int, step: int, run: int) -> bool:
        span = [position + step * k for k in range(run)]
        return (scores[position] == BARRIER and not dated_entry(position, step)) or all(
            0 <= p < len(chrome) and chrome[p] for p in span)

    def dated_entry(position: int, step: int) -> bool:
        """Below the text, a stamp (`timeline_stamps`) over a sentence is a timeline's date,
        not a card's. (A byline or a box's heading over a sentence is a card's or a bio's.)"""
        after = position + 1
        return (step == 1 and position in stamps and after < len(scores)
                and scores[after] != BARRIER and textual[after])

    def heading(position: int) -> bool:
        return scores[position] != BARRIER and scores[position + 1] > 0

    def continues(position: int) -> bool:
        after = position + 1
        if textual[position] or (after < len(scores) and scores[after] != BARRIER
                                 and textual[after]):
            return True
        ahead = range(position, min(position + TAIL_WINDOW, len(scores)))
        return sum(chrome[p] or scores[p] == BARRIER for p in ahead) < TAIL_CHROME

    while first > 0 and (heading(first - 1) or not blocked(first - 1, -1, CHROME_RUN_UP)):
        first -= 1
    while (last + 1 < len(scores) and not blocked(last + 1, 1, CHROME_RUN_DOWN)
           and continues(last + 1)):
        last += 1
    return first, last


def _extend_among_removed(doc: Document, lines: list[int], run: tuple[int, int],
                          read: tuple[list[float], list[bool], list[bool]],
                          stamps: frozenset[int], rule: Rule) -> tuple[int, int]:
    """`_extend`, with the lines a line rule removed put back as chrome: a comment form's
    fields, a footer's links stop the article's growth as they would if no rule had known
    them (removed, they left prose below them, the comments, next to the article)."""
    chrome_rules = set(rule.params["chrome_rules"])
    scores, chrome, textual = read
    ghosts = [i for i, line in enumerate(doc.lines[lines[0]:lines[-1] + 1], start=lines[0])
              if line.removed_by in chrome_rules and line.text]
    if not ghosts:
        return _extend(*run, scores, chrome, textual, stamps)
    merged = sorted([(index, p) for p, index in enumerate(lines)] + [(i, -1) for i in ghosts])
    at = {p: k for k, (_, p) in enumerate(merged) if p >= 0}
    penalty = -rule.params["short_penalty"]
    m_scores = [scores[p] if p >= 0 else penalty for _, p in merged]
    m_chrome = [chrome[p] if p >= 0 else True for _, p in merged]
    m_textual = [textual[p] if p >= 0 else False for _, p in merged]
    m_stamps = frozenset(at[p] for p in stamps)
    first, last = _extend(at[run[0]], at[run[1]], m_scores, m_chrome, m_textual, m_stamps)
    kept = [p for _, p in merged[first:last + 1] if p >= 0]
    return kept[0], kept[-1]


def headline_candidates(doc: Document, above: list[int], region: list[int],
                        header_rules: set[str], window: int) -> tuple[list[int], list[list[float]]]:
    """The lines that may be the page's headline (`headline_lines`) and their
    HEADLINE_FEATURES."""
    found = headline_lines(doc, above, region, window)
    return [index for _, index, _ in found], headline_rows(doc, region, header_rules, found)


def headline_lines(doc: Document, above: list[int], region: list[int],
                   window: int) -> list[tuple[int, int, bool]]:
    """The lines that may be the page's headline, the `window` lines above the article and
    its first headline among its first OPENING lines (the lines above it in the article are
    cut with the header, so they are never a paragraph nor another headline: a cleaned text
    keeps its title), if they read as a headline: (distance from the article's start, index,
    above it)."""
    texts = [line.text for line in doc.lines]
    nearest = [(len(above) - p, i, True) for p, i in enumerate(above)][-window:]
    opening = []  # the article's first title-like lines, up to its first paragraph
    headed = False
    for index in region[:OPENING]:
        words = len(WORD.findall(texts[index]))
        if not is_title_like(texts[index], 250) or headed and words > OPENING_BLURB:
            if words >= 8:  # a paragraph (or a blurb under a headline): the article has begun
                break
            continue  # a short line: a label or a feed's blurb over the headline
        opening.append(index)
        headed = headed or reads_as_headline(texts[index])
        if headed and not above:  # a text that opens with its article (a cleaned text
            break  # cleaned again): its first headline is its title
    return [(distance, index, is_above) for distance, index, is_above in
            nearest + [(p, i, False) for p, i in enumerate(opening)]
            if reads_as_headline(texts[index])]


def headline_rows(doc: Document, region: list[int], header_rules: set[str],
                  found: list[tuple[int, int, bool]]) -> list[list[float]]:
    """The HEADLINE_FEATURES of the lines `headline_lines` found."""
    if not found:
        return []
    texts = [line.text for line in doc.lines]
    # One search over the article's joined lines (no word spans a newline): a search a line
    # was a tenth of the cleaning's time.
    article = topic_words("\n".join(texts[i] for i in region[OPENING:]))
    context = HeadlineContext(texts, article, slug_words(doc.url))
    rows = []
    for distance, index, is_above in found:
        under = [line for line in doc.lines[index + 1:index + 6] if line.text][:HEADER_REACH]
        header = any(line.removed_by in header_rules for line in under)
        text_under = bool(under) and len(WORD.findall(under[0].text)) >= 8 \
            and not is_title_like(under[0].text)
        rows.append(context.features(index, distance, is_above, header, text_under))
    return rows


def _headline(doc: Document, above: list[int], region: list[int], header_rules: set[str],
              rule: Rule) -> int | None:
    """The candidate line (`headline_lines`) the rule's `headline_weights` score highest,
    or None when no line reads as a headline; a lone candidate is not scored (the features
    were 15% of the cleaning's time, and a third of the pages have one candidate). (With
    "no headline" as a choice of its own, fitted beside the lines, titles were right on 0.60
    of the train pages instead of 0.66, and a cleaned text no longer cleaned to itself on 6
    of them.)"""
    found = headline_lines(doc, above, region, rule.params["title_window"])
    if not found:
        return _stamped_sentence(doc, above, region, header_rules)
    if len(found) < 2:
        return found[0][1]
    rows = headline_rows(doc, region, header_rules, found)
    weights = np.array([rule.params["headline_weights"][name] for name in HEADLINE_FEATURES])
    return found[int(np.argmax(np.array(rows) @ weights))][1]


def _stamped_sentence(doc: Document, above: list[int], region: list[int],
                      header_rules: set[str]) -> int | None:
    """Where no line reads as a headline: the line right above the article when it would
    but for its full stop ("CIT: Ukraine could be ready within 2 months."), and the lines
    between them are a header's, which a barrier rule removed (a reading time, a byline, a
    date), as some newsrooms print a headline as a sentence, and it names the article's
    topic: one of its longer words is the article's (a newsletter's teaser over a reading
    time names none)."""
    if not above:
        return None
    index = above[-1]
    text = doc.lines[index].text
    if not text.endswith(".") or text.endswith("..") or not reads_as_headline(text[:-1]):
        return None
    below = islice((line for line in islice(doc.lines, index + 1, None) if line.text),
                   HEADER_REACH)
    header = list(takewhile(lambda line: line.removed_by is not None, below))
    if not header or any(line.removed_by not in header_rules for line in header):
        return None
    article = topic_words("\n".join(doc.lines[i].text for i in region))
    return index if topic_words(text) & article else None


def locate_content(doc: Document, rule: Rule, paged: bool = False) -> None:
    """The article region of `doc` kept, the rest removed under the rule's id; `paged`: the
    text is an article cut out of a page (trim_ends.settle), not a text of its own."""
    end = doc.own_end()
    rule = in_language(doc, rule)
    soft_rules = set(rule.params["soft_barriers"])
    barrier_rules = set(rule.params["barriers"]) | soft_rules
    lines, texts, barred = _candidates(doc, end, barrier_rules)
    # A second copy of a box or of the whole article goes before the lines are scored.
    copies = repeated_copies(texts, set(barred), rule.params["repeat_run"],
                             rule.params["repeat_words"])
    if copies:
        for position in copies:
            doc.remove(lines[position], rule.id)
        lines, texts, barred = _candidates(doc, end, barrier_rules)
    if len(lines) < 3:
        return
    reading = _read_lines(texts, barred, rule)
    scores, chrome, textual = reading.scores, reading.chrome, reading.textual
    soft = frozenset(p for p in barred if doc.lines[lines[p]].removed_by in soft_rules)
    run = first_dense_run(scores, soft=soft, texts=texts)
    if run is None:
        return
    stamp_rules = set(rule.params["timeline_stamps"])
    stamps = frozenset(p for p in soft if doc.lines[lines[p]].removed_by in stamp_rules)
    first, last = _extend_among_removed(doc, lines, run, (scores, chrome, textual), stamps,
                                        rule)
    # Chrome at the region's very ends ("Share this:", "Follow us") is the page's, not the text's.
    # So is a last line that does not read as text when the page goes on below the region (a
    # teaser headline, a box's heading; a gold text fed back in ends where its region does), unless
    # the line above announces it ("find the project here:" and a link).
    first, last = _trim_ends(doc, lines, (first, last), chrome, textual)
    # The learned scorer cuts the ends further; what it uncovers is held to the same rules,
    # and so on until neither cuts (as neither will when the cleaned text is cleaned again).
    probabilities: dict[int, float] = {}
    while (trimmed := _scored_trim(texts, (first, last), reading,
                                   probabilities)) != (first, last):
        first, last = _trim_ends(doc, lines, trimmed, chrome, textual)
    if not paged:
        last = _text_end(doc, lines, (first, last), scores)
    last = _footer_end(doc, lines, (first, last), reading)
    threshold = model.threshold if (model := shipped_model()) else 0.0
    doc.line_scores = {lines[p]: ("line score", value, threshold)  # for explain
                       for p, value in probabilities.items()}
    doc.line_notes = {lines[p]: RUNS_ON_NOTE for p in barred  # a later reading (settle) says
                      if first < p < last and p not in soft}  # anew, as for the scores
    barred_above = set(barred)
    above = [i for p, i in enumerate(lines[:first]) if p not in barred_above]
    region = lines[first:last + 1]
    title = None if doc.title else _headline(doc, above, region, barrier_rules, rule)
    doc.headline = title
    for index in above + lines[last + 1:]:
        if index != title:
            doc.remove(index, rule.id)
    if title in region:  # what the article's first lines hold above its headline is header
        for index in region[:region.index(title)]:
            doc.remove(index, rule.id)
    doc.links.extend(_section_links(doc, lines[last + 1:], rule))


def _text_end(doc: Document, lines: list[int], region: tuple[int, int],
              scores: list[float]) -> int:
    """Where the article ends when nothing stands above it and no rule knew any of its lines:
    such a text (a corpus's extracted article, a cleaned text cleaned again) has no page
    around it, and its last lines are its own (a list of sources or links, a sign-off, a
    short closing line) up to a barrier. The stops at a run of chrome or at a line that does
    not read as text are for a page's footer, which such a text does not have. (A page's
    dump nearly always prints its site's name or menu above the article.)"""
    first, last = region
    if _text_above(doc, lines[first]) or any(
            line.removed_by for line in doc.lines[:doc.own_end()]):
        return last
    while last + 1 < len(scores) and scores[last + 1] != BARRIER:
        last += 1
    return last


def _footer_end(doc: Document, lines: list[int], region: tuple[int, int],
                reading: Reading) -> int:
    """Where the article ends when it runs down to the page's last line on a page with lines
    above it: there the page's footer ("Powered by ...", "RSS Feed") is its last lines, cut
    as `_trim_ends` cuts them when the page goes on, unless a line holds two of the
    language's function words (a page stored cut off mid-sentence). After the learned
    scorer, whose examples are the regions `_trim_ends` gives."""
    first, last = region
    if last + 1 < len(lines) or not _text_above(doc, lines[first]):
        return last
    textual, stopwords = reading.textual, reading.features.stopwords
    return _cut_tail(doc, lines, region, reading.chrome,
                     lambda p: not textual[p] and stopwords[p] < 2)


def _text_above(doc: Document, index: int) -> bool:
    """Whether any line above the document's line `index` holds text (removed or not)."""
    return any(line.text.strip() for line in doc.lines[:index])


def _cut_tail(doc: Document, lines: list[int], region: tuple[int, int], chrome: list[bool],
              not_text: Callable[[int], bool]) -> int:
    """The region's last line, moved up over chrome and over lines `not_text` says are not
    the article's, unless the line above announces the last ("find the project here:")."""
    first, last = region
    while last > first and (chrome[last] or (
            not_text(last) and not doc.lines[lines[last - 1]].text.rstrip().endswith(":"))):
        last -= 1
    return last


def _trim_ends(doc: Document, lines: list[int], region: tuple[int, int], chrome: list[bool],
               textual: list[bool]) -> tuple[int, int]:
    """Chrome cut off the region's two ends, and below it, when the page goes on, a last line
    that does not read as text unless the line above announces it."""
    first, last = region
    page_goes_on = last + 1 < len(chrome)
    last = _cut_tail(doc, lines, region, chrome, lambda p: page_goes_on and not textual[p])
    while first < last and chrome[first] and not is_title_like(doc.lines[lines[first]].text):
        first += 1
    return first, last


def _scored_trim(texts: list[str], region: tuple[int, int], reading: Reading,
                 scored: dict[int, float]) -> tuple[int, int]:
    """The region's ends cut while the learned scorer (linescore.py) finds their lines
    unlike the article's. A line's features depend on where the region ends, so the lines are
    scored again once it has shrunk, until nothing more is cut: the region kept is then one
    the scorer keeps whole, as it must when the cleaned text is cleaned again. Each line's
    last probability goes into `scored`, by position."""
    model = shipped_model()
    first, last = region
    for _ in range(MAX_TRIMS):
        if model is None or last <= first:
            break
        probability = model.probability(region_matrix(texts, (first, last), reading))
        scored.update(zip(range(first, last + 1), probability.round(3).tolist(), strict=True))
        cut_first, cut_last = trim(probability, model.threshold)
        if (cut_first, cut_last) == (0, last - first):
            break
        first, last = first + cut_first, first + cut_last
    return first, last


def region_matrix(texts: list[str], region: tuple[int, int], reading: Reading) -> np.ndarray:
    """The scorer's features of the region's lines (repetition is the whole page's)."""
    first, last = region
    inside = slice(first, last + 1)
    return region_features(texts[inside], reading.features.part(inside),
                           reading.repeated[inside], np.array(reading.chrome[inside], bool),
                           np.array(reading.scores[inside], float) > 0,
                           (first, len(texts) - 1 - last))


def in_language(doc: Document, rule: Rule) -> Rule:
    """The rule as it reads this document: prose is told by the function words of the
    document's language (`Document.own_language`, language.py), English by the rule's own
    list. (An HTML page's dump keeps the English list: refitted with each language's words
    by bench/fit_weigh.py, the weighing's shares that held devset-ml's HTML cost the dev
    set's train pages 0.007 of wF1, 0.9518 -> 0.9450.)"""
    code = doc.own_language()
    if code is None or code == "en":
        return rule
    words = stopwords(code)
    return replace(rule, vocabulary=words) if words else rule


def repeated_copies(texts: list[str], barred: set[int], run: int, words: int) -> list[int]:
    """Runs of at least `run` lines that each copy a line above them, one of them `words`
    words long or more: pages print a box, a testimonial carousel or their whole article twice
    (a slider's cloned slides, a template's mobile copy), and the second copy is all junk. A
    lone repeated line (a pull quote, a table's cell, a heading) and short runs (a webcam's
    two-line caption under each picture) stay. They go before the lines are scored, so that
    the article found without them is the one found again in the cleaned text.

    >>> long = "A long first paragraph of the article, with many words in it."
    >>> text = ["Intro.", long, "Heading", "Intro.", long, "Heading", "Intro.", "End."]
    >>> repeated_copies(text, set(), 4, 10)
    [3, 4, 5, 6]
    >>> repeated_copies(text, set(), 5, 10), repeated_copies(text, set(), 4, 20)
    ([], [])
    """
    if run < 1:
        return []
    seen: set[str] = set()
    copies: list[int] = []
    current: list[int] = []
    longest = 0
    for position in range(len(texts) + 1):
        if position in barred:  # a removed line (a barrier) neither copies nor breaks a run
            continue
        text = texts[position] if position < len(texts) else ""  # folded by Cleaner.prepare
        if text and text in seen:
            current.append(position)
            longest = max(longest, len(WORD.findall(text)))
            continue
        if len(current) >= run and longest >= words:
            copies.extend(current)
        current, longest = [], 0
        seen.add(text)
    return copies


@dataclass(slots=True)
class Reading:
    """What the locator read off the candidate lines, once a page: the learned scorer's
    features of a region are sliced from it, round after round."""
    scores: list[float]
    chrome: list[bool]
    textual: list[bool]
    features: LineFeatures
    repeated: np.ndarray


def _read_lines(texts: list[str], barred: list[int], rule: Rule) -> Reading:
    """Each line's prose score (BARRIER for the barriers), whether it is chrome, and whether
    it reads as text. Data tables are found once prose and barriers are known, and their
    lines are then neither chrome nor prose."""
    features = line_features(texts, rule.vocabulary)
    repeated = repeated_lines(texts)
    chrome = chrome_like(features, repeated)
    scores = prose_scores(features, chrome, rule)
    breaks = scores > 0
    breaks[barred] = True
    table = table_lines(texts, features, breaks, repeated)
    if table.any():
        chrome &= ~table
        scores = prose_scores(features, chrome, rule)
    scores[barred] = BARRIER
    return Reading(scores.tolist(), chrome.tolist(), text_like(features, scores, table),
                   features, repeated)


def _candidates(doc: Document, end: int, barriers: set[str]) -> tuple[list[int], list[str],
                                                                    list[int]]:
    """The lines the locator weighs: those alive before `end`, and those a barrier rule
    removed (which it cannot cross); their indexes, texts, and the barriers' positions."""
    lines: list[int] = []
    texts: list[str] = []
    barred: list[int] = []
    for index, line in enumerate(doc.lines[:end]):
        if line.removed_by is None:
            if line.text:
                lines.append(index)
                texts.append(line.text)
        elif line.removed_by in barriers:
            barred.append(len(lines))
            lines.append(index)
            texts.append(line.text)
    return lines, texts, barred


# A line of fewer words another barrier removed between the article and a related section's
# heading is a share bar's or a tag list's ("Share:", "Tags:"), passed over to the heading.
SHORT_BARRIER_WORDS = 4
SECTION_REACH = 6  # lines below the article; further down they are the footer's


def _section_start(doc: Document, after: list[int], rule_id: str,
                   sections: set[str]) -> int | None:
    """Where the related-articles heading under the article stands in `after`: the first
    line another rule removed, past the lines the locator cut and short barrier lines."""
    for position, index in enumerate(after):
        line = doc.lines[index]
        if line.removed_by in sections:
            return position
        if line.removed_by != rule_id and (position >= SECTION_REACH or len(
                WORD.findall(line.text)) >= SHORT_BARRIER_WORDS):
            return None
    return None


def _section_links(doc: Document, after: list[int], rule: Rule, most: int = 20) -> list[dict]:
    """Headlines listed under a related-articles heading right after the article ("Related
    posts", "More from ...", rules named in `link_sections`) are links to other articles, as
    in the seeds' related sections."""
    rule_id = rule.id
    start = _section_start(doc, after, rule_id, set(rule.params["link_sections"]))
    if start is None:
        return []
    links: list[dict] = []
    for index in after[start + 1:]:
        text = doc.lines[index].text
        if doc.lines[index].removed_by != rule_id or len(links) >= most:
            break
        if _reads_as_link(text):
            links.append({"title": text, "rule": rule_id})
    return links


def _reads_as_link(text: str) -> bool:
    """A headline of four words or more, three of them of letters alone: not a phone
    number, opening hours or a figure ("+1 (929) 214-16-90", "Mon-Fri 11:00AM - 7:00PM")
    that a page's footer prints under its last heading.

    >>> _reads_as_link("Port strike enters its second week")
    True
    >>> _reads_as_link("Mon-Fri 11:00AM - 7:00PM")
    False
    >>> _reads_as_link("+1 (929) 214-16-90"), _reads_as_link("Storm warning issued.")
    (False, False)
    """
    words = WORD.findall(text)
    return (is_title_like(text) and len(words) >= 4
            and sum(word.isalpha() for word in words) >= 3)
