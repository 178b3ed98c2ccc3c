"""One function per rule action. Each takes the document and one rule and records its decisions
(removals, rewrites, record boundaries, links, metadata) through the document, always under the
rule's id. `drop_line` is not here: all line rules run together in `matching.LineMatcher`.
"""

from __future__ import annotations

from bisect import bisect_right

import regex

from cleaner.document import Boundary, Document
from cleaner.headlines import is_title_like, opens_with_headline
from cleaner.locate import locate_content
from cleaner.matching import TIMEOUT_SECONDS, anywhere, search
from cleaner.normalise import is_stray_punctuation, may_need, strip_subheading_dashes
from cleaner.rulefile import Rule

LETTER_WORD = regex.compile(r"\p{L}{2,}")


def normalise(doc: Document, rule: Rule) -> bool:
    """Named rewrites: subheading decoration, stray punctuation joined to the line before.
    Returns whether any line changed."""
    if not may_need(rule.params["name"], doc.encoded()):
        return False
    changed = False
    previous = None
    for index in doc.alive_indexes():
        line = doc.lines[index]
        if rule.params["name"] == "subheading-dashes":
            stripped = strip_subheading_dashes(line.text)
            if stripped is not None:
                line.text = stripped
                line.normalised_by += (rule.id,)
                changed = True
        elif is_stray_punctuation(line.text) and previous is not None:
            doc.lines[previous].text += line.text
            doc.lines[previous].normalised_by += (rule.id,)
            doc.remove(index, rule.id)
            changed = True
            continue
        previous = index
    return changed


def drop_block(doc: Document, rule: Rule) -> None:
    """From a start line to an end line (or the end of the document), everything goes."""
    if not anywhere(rule, "start", doc):
        return
    alive = doc.alive_indexes()
    max_lines = rule.params.get("max_lines", 0)
    position = 0
    while position < len(alive):
        start = alive[position]
        if not search(rule, "start", doc.lines[start].text):
            position += 1
            continue
        end = _block_end(doc, rule, alive, position, max_lines)
        if end is None:
            position += 1
            continue
        for index in range(start, end + 1):
            doc.remove(index, rule.id)
        position = bisect_right(alive, end)


def _block_end(doc: Document, rule: Rule, alive: list[int], position: int,
               max_lines: int) -> int | None:
    """Index of the block's last line, or None when its end is not found in reach."""
    last = len(alive) - 1 if not max_lines else min(len(alive) - 1, position + max_lines)
    if "end" not in rule.compiled:
        return alive[-1] if not max_lines or last == len(alive) - 1 else None
    for later in range(position + 1, last + 1):
        if search(rule, "end", doc.lines[alive[later]].text):
            if rule.params.get("include_end", True):
                return alive[later]
            return alive[later - 1]
    return None


def segment_related(doc: Document, rule: Rule) -> None:
    """Split a related-articles section into records, one per header match.

    A header is a short run of non-blank lines (outlet, relative time, title, ...) given as
    patterns; blank lines between and inside records are skipped, so the same rule holds for
    dumps with and without them. Header lines become the record's metadata; the lines up to the
    next header are its body.
    """
    nonblank = [i for i, line in enumerate(doc.lines) if line.text]
    position = 0
    if "start" in rule.compiled:
        start = next((p for p, i in enumerate(nonblank)
                      if search(rule, "start", doc.lines[i].text)), None)
        if start is None:
            return
        doc.remove(nonblank[start], rule.id)
        position = start + 1
    while position < len(nonblank):
        header = _match_header(doc, rule, nonblank, position)
        if header is None:
            position += 1
            continue
        end, meta = header
        first, last = nonblank[position], nonblank[end - 1]
        for index in range(first, last + 1):
            doc.remove(index, rule.id)
        doc.boundaries.append(Boundary(first, rule.id, "related", meta, last))
        position = end


def _match_header(doc: Document, rule: Rule, nonblank: list[int],
                  position: int) -> tuple[int, dict[str, str]] | None:
    """Match the header steps from `position`; return where the body starts and the fields."""
    meta: dict[str, str] = {}
    for pattern, optional in rule.header:
        if position >= len(nonblank):
            return None
        found = pattern.search(doc.lines[nonblank[position]].text, timeout=TIMEOUT_SECONDS)
        if found:
            meta.update({k: v.strip() for k, v in found.groupdict().items()
                         if v and not k.startswith("_")})
            position += 1
        elif not optional:
            return None
    return position, meta


def drop_ticker(doc: Document, rule: Rule) -> None:
    """Video and news tickers: `01:45 31/07/2025 Headline 31/07/2025 Headline ...`.

    A line carrying `min_stamps` or more stamps, the first near its start and the rest no more
    than a headline apart, is a ticker; so is a run of `min_stamps` lines that each start with
    a stamp and hold nothing else but a short headline.
    """
    minimum = rule.params.get("min_stamps", 3)
    stamp = rule.compiled["stamp"]
    if not anywhere(rule, "stamp", doc):
        return  # most documents hold no stamp at all
    run: list[int] = []
    for index in doc.alive_indexes():
        text = doc.lines[index].text
        starts = [m.start() for m in stamp.finditer(text, timeout=TIMEOUT_SECONDS)]
        if len(starts) >= minimum and starts[0] <= 20 and _gaps_ok(starts, len(text)):
            doc.remove(index, rule.id)
        if starts and starts[0] == 0 and len(text) <= 250 and _has_headline(stamp, text):
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


def headline_list(doc: Document, rule: Rule) -> None:
    """Feeds of headlines separated by `-` lines (or bulleted): title-only items go, as links.

    Items between separators that carry a body are kept and each becomes its own record; if the
    document has no text of its own, the longest of them becomes the article.
    """
    if anywhere(rule, "separator", doc):
        _separated_items(doc, rule)
    if "bullet" in rule.compiled and anywhere(rule, "bullet", doc):
        _bulleted_items(doc, rule)


def _separated_items(doc: Document, rule: Rule) -> None:
    alive = doc.alive_indexes()
    separators = [p for p, i in enumerate(alive) if search(rule, "separator", doc.lines[i].text)]
    if not separators:
        return
    bounds = [*separators, len(alive)]
    items = [alive[a + 1:b] for a, b in zip(bounds, bounds[1:], strict=False)]
    max_chars = rule.params.get("max_title_chars", 200)
    title_only = [item for item in items
                  if len(item) == 1 and is_title_like(doc.lines[item[0]].text, max_chars)]
    if len(title_only) < rule.params.get("min_items", 3):
        return
    for position in separators:
        doc.remove(alive[position], rule.id)
    for item in items:
        if item in title_only:
            doc.links.append({"title": doc.lines[item[0]].text, "rule": rule.id})
            doc.remove(item[0], rule.id)
        elif item:
            title = doc.lines[item[0]].text
            doc.boundaries.append(Boundary(item[0], rule.id, "item", {"title": title}, item[0]))


def _bulleted_items(doc: Document, rule: Rule) -> None:
    max_chars = rule.params.get("max_title_chars", 200)
    run: list[tuple[int, str]] = []
    for index in [*doc.alive_indexes(), None]:  # None: past the end, where a run ends
        found = None if index is None else search(rule, "bullet", doc.lines[index].text)
        title = found.group("title") if found and "title" in found.groupdict() else None
        if index is not None and title and is_title_like(title, max_chars):
            run.append((index, title))
            continue
        if len(run) >= rule.params.get("min_items", 3):
            for item, item_title in run:
                doc.links.append({"title": item_title, "rule": rule.id})
                doc.remove(item, rule.id)
        run = []


def caption(doc: Document, rule: Rule) -> None:
    """Image captions move to metadata; the image's alt text just before them goes too."""
    if not anywhere(rule, "pattern", doc):
        return
    field = rule.params.get("field", "captions")
    alive = doc.alive_indexes()
    for position, index in enumerate(alive):
        if not search(rule, "pattern", doc.lines[index].text):
            continue
        captions = doc.meta.get(field)
        if not isinstance(captions, list):
            captions = doc.meta[field] = []
        captions.append(doc.lines[index].text)
        doc.remove(index, rule.id)
        if not position:
            continue
        before = alive[position - 1]
        # Alt text stands right above its caption (blank lines aside) and is a short label.
        adjacent = not any(doc.lines[i].text for i in range(before + 1, index))
        if adjacent and "alt" in rule.compiled and search(rule, "alt", doc.lines[before].text):
            doc.remove(before, rule.id)


def title_suffix(doc: Document, rule: Rule) -> None:
    """`Headline | Section News`: the suffix moves to metadata, named by the pattern's groups.
    The title is the input's (an HTML page's <title>), else the text's headline line: both
    alike, so that the .txt of a page, whose first line is that title, cleans to itself."""
    if doc.title:
        if (headline := _without_suffix(doc, rule, doc.title)) is not None:
            doc.title = headline
        return
    alive = doc.alive_indexes(0, doc.own_end())
    if not opens_with_headline([doc.lines[i].text for i in alive[:2]]):
        return
    line = doc.lines[alive[0]]
    if (headline := _without_suffix(doc, rule, line.text)) is not None:
        line.text = headline
        line.normalised_by += (rule.id,)


def _without_suffix(doc: Document, rule: Rule, title: str) -> str | None:
    """The title without its suffix, whose parts go to the document's metadata; None if it
    has none."""
    found = search(rule, "pattern", title)
    if not found or found.start() == 0:
        return None
    doc.meta.update({k: v.strip() for k, v in found.groupdict().items() if v})
    return title[: found.start()].rstrip()


def title_repeat(doc: Document, rule: Rule) -> None:
    """Pages print the headline twice (breadcrumb and heading, heading and share card): a
    line of the article that repeats its title is not text."""
    alive = doc.alive_indexes(0, doc.own_end())
    title = doc.title
    if title is None and opens_with_headline([doc.lines[i].text for i in alive[:2]]):
        title, alive = doc.lines[alive[0]].text, alive[1:]
    if not title:
        return
    key = title.casefold()
    longest = len(key)  # a casefold is never shorter than its text: longer lines differ
    for index in alive:
        text = doc.lines[index].text
        if len(text) <= longest and text.casefold() == key:
            doc.remove(index, rule.id)


ACTIONS = {
    "normalise": normalise,
    "drop_block": drop_block,
    "segment_related": segment_related,
    "drop_ticker": drop_ticker,
    "headline_list": headline_list,
    "caption": caption,
    "title_suffix": title_suffix,
    "locate_content": locate_content,
    "title_repeat": title_repeat,
}

