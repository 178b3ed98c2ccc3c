"""`split_items`: a page that lists several stories (a feed, a kiosk, an archive, an RSS view)
gives one record per story, not one article made of all of them.

Such a page repeats one shape: a headline, maybe a stamp or a category, a teaser of a line or
a few, maybe a "read more". Each line is read as one of four shapes: `H` a headline
(headlines.reads_as_headline), `S` a marker (the rule's `marker` pattern: a stamp, a reading
time, a "read more"), `M` a label of one or two words, and `P` anything else, prose. An item
is a header of `H`, `S` and `M` lines holding a headline, a teaser of at most
`max_teaser_lines` prose lines and `min_teaser_words` words, and the markers after it.

A run of `min_items` items in a row is a listing when `min_marked` of them and
`min_marked_share` of all are marked (a marker line, the headline printed twice, a teaser cut
with an ellipsis) and their teasers hold `min_share` of the page's prose. A short label that
every story of the run prints over its headline (an outlet's name over each card) marks them
too, and makes each a related record with that `outlet`: another outlet's story. So does a
list under an article ("Also in the news"). A page of sections under subheadings is not a
listing: its sections carry no stamp. A list of headlines and bare teasers, with no mark at
all, is not told from such an article by its text: it stays one record, unless the page's
address says it lists stories (`listing_url`: a tag's page, an author's archive), or its text
opens with an archive's title (`listing_heading`: "Author: France 24"), where every story
counts as marked, and teasers without a headline are stories too.

A run of stories does not cross a barrier (a line a hard barrier rule removed): an article
over "Related Articles" is not the first card of the list below it. A card that prints its
outlet twice ("Reuters", its stamp, "- Reuters", then its headline: the seeds' related
blocks) is marked, names its outlet, and has the line nearest its teaser for headline; a
run of such cards right under a related-articles heading (a rule with `links_below`) is
other outlets' stories even when the article above holds most of the page. Such a card with
no snippet (its body a ticker other rules removed) is a link of the article's, as the site
files' related blocks make one.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from cleaner.document import Boundary, Document
from cleaner.headlines import WORD, reads_as_headline
from cleaner.linefeatures import line_features
from cleaner.matching import candidate_lines, find_all, search
from cleaner.rulefile import Action, Param, Rule

LABEL_WORDS = 2  # a line of this many words or fewer that is no headline is a label
# Possessive: a long run of word characters (an encoded image) cannot make it backtrack.
LABEL = re.compile(rf"\W*+(?:\w++\W*+){{0,{LABEL_WORDS}}}+")
ELLIPSIS = ("...", "…")
OUTLET_AGAIN = re.compile(r"[-–•·]\s*(\S.{0,59})$")  # "- The Guardian" under "The Guardian"
OUTLET_REACH = 3  # the outlet, its stamp (and an image credit), the outlet again
OUTLET_MARKS = "-–•·"
SECTION_MARKS = " •·|–—-"  # between a section's name and its story's time
LINK_FIELDS = ("title", "outlet", "published")  # a link's, as a related block's
CUT_TEASER = (*ELLIPSIS, "[…]", "[...]")  # an excerpt cut to fit its card
CUT_TEASER_CHARS = 60  # shorter, a line ending so is a button ("More...") or a headline
CUT_HEADLINE_WORDS = 16  # a teaser cut with an ellipsis is longer
# A story's header: its headline, a stamp, a category, a reading time, the headline again;
# above it, between two stories, a link or two of the list (a headline without a teaser).
MAX_HEADER = 5
MAX_LEAD = 2
OUTLET_WORDS = 4  # "France 24", "The Moscow Times"
# A marker is a stamp, a reading time or a button, with a section's name at most: longer lines
# are not searched for one (the search on every line of every page cost a tenth of the time).
MARKER_CHARS = 100
# Two marked stories of a listing stand this close at most: a story's lead, header and teaser,
# and a story between them that is not marked.
MARK_REACH = 2 * (MAX_LEAD + MAX_HEADER + 4 + 2)
NO_VOCABULARY: frozenset[str] = frozenset()  # only the lines' words are read off the features


@dataclass(slots=True)
class Item:
    lead: list[int]  # positions in the alive lines: lines above its headline (links, labels)
    header: list[int]  # its headline and the markers under it
    body: list[int]  # the teaser's prose lines
    trailer: list[int]  # the markers after it ("Read more")
    marked: bool  # a marker line, or its headline printed twice
    outlet: str | None = None  # a label every story prints over its headline: the outlet
    title: int | None = None  # its headline, when not its header's first line

    def start(self) -> int:
        return (self.lead or self.header or self.body)[0]

    def end(self) -> int:
        return (self.trailer or self.body or self.header)[-1]

    def head(self) -> int:
        """Where the story itself starts: its headline's header, or its teaser."""
        return (self.header or self.body)[0]


@dataclass(slots=True)
class Page:
    """The lines a listing is read from (the document's alive lines above its records), each
    line's words (counted once, for all lines, by the line features) and shape; where a
    barrier stands between two of them (`breaks`: the position below it), and where a
    related-articles heading does (`related`: the same); which lines are a card's outlet
    (`outlets`: `outlet_lines`); the name a stamp line prints before its time ("Reuters ·
    5 hours ago": `labels`); the time of a stamp line a rule removed right above a line
    (`stamped`: `_removed_stamps`)."""
    texts: list[str]
    words: list[int]
    shapes: list[str]
    breaks: set[int] = field(default_factory=set)
    related: set[int] = field(default_factory=set)
    outlets: set[int] = field(default_factory=set)
    labels: dict[int, str] = field(default_factory=dict)
    stamped: dict[int, str] = field(default_factory=dict)

    def prose_words(self, positions: Iterable[int]) -> int:
        return sum(self.words[p] for p in positions if self.shapes[p] == "P")


def split_items(doc: Document, rule: Rule) -> None:
    alive = doc.alive_indexes(0, doc.own_end())
    texts = [doc.lines[i].text for i in alive]
    listed = _address_lists(doc, rule)
    heading = None if listed else _heading_line(doc, rule, alive, texts)
    found = candidate_lines(rule, "marker", doc)
    markers = set(_short_lines_matching(rule, "marker", alive, texts, found))
    stamped = _removed_stamps(doc, rule, alive, found)
    if not listed and heading is None and not _may_list(rule, texts, markers | set(stamped)):
        return
    words = line_features(texts, NO_VOCABULARY).words.tolist()
    shapes = [_shape(text, words[position], position in markers)
              for position, text in enumerate(texts)]
    page = Page(texts, words, shapes, *_barriers(doc, rule), outlets=outlet_lines(texts),
                labels=_stamp_labels(rule, texts, markers), stamped=stamped)
    run = _stories(page, rule, listed)
    if not run and heading is not None and _heads_page(page, heading, rule):
        run = _stories(page, rule, True)  # the archive's title marks every story below it
        # The title may lead the first story (a line over its headline): the stories
        # themselves start below it.
        if run and (run[0].header or run[0].body)[0] <= heading:
            run = None
    if run:
        _mark(doc, rule, alive, page, run)


def _stories(page: Page, rule: Rule, listed: bool) -> list[Item] | None:
    """The run of listed stories, if the page is a listing. On a page known to list stories
    (`listed`), every story counts as marked, and teasers without a headline are stories."""
    items = list(_items(page, rule.params["max_teaser_lines"], rule.params["min_teaser_words"]))
    for item in items:  # a stamp line a rule removed in a story marks it too
        item.marked = item.marked or listed or any(
            p in page.stamped for p in range(item.start(), item.end() + 1))
    return _listing(items, page, rule) or (_teasers(page, rule) if listed else None)


def _address_lists(doc: Document, rule: Rule) -> bool:
    """Whether the page's address is a listing's (a tag, a category, an author's archive, a
    page of older posts): a corpus record's URL says what the text cannot. Not where the
    page's title was given apart from its text (HTML: its <title>, and trafilatura keeps no
    headline line): only a text that prints its headlines tells a post printed whole under
    one from teasers (`_teasers`), and an article's sections from stories."""
    if doc.url is None or doc.title is not None or "listing_url" not in rule.compiled:
        return False
    path = urlsplit(doc.url if "//" in doc.url else "//" + doc.url).path
    return search(rule, "listing_url", path) is not None


def _heading_line(doc: Document, rule: Rule, alive: list[int], texts: list[str]) -> int | None:
    """The position of the first line that reads as an archive's title (`listing_heading`:
    "Author: France 24", "Tag Archives: Putin", the words WordPress and most CMSes print over
    a listing), or None; searched only on the lines one pass of RE2 names (a search on every
    line added a tenth to the cleaning's time). Not where the page's title was given apart
    from its text (HTML), as for the address (`_address_lists`)."""
    if doc.title is not None or "listing_heading" not in rule.compiled:
        return None
    found = candidate_lines(rule, "listing_heading", doc)
    return next(_short_lines_matching(rule, "listing_heading", alive, texts, found), None)


def _heads_page(page: Page, heading: int, rule: Rule) -> bool:
    """Whether the archive-title line heads the page's text: no headline right above it (a
    post prints "Author: Name" as its byline, under its headline) and no more prose above it
    than a teaser's (a post's "Category: News" under its text)."""
    above = range(heading)
    return (heading == 0 or page.shapes[heading - 1] != "H") and (
        page.prose_words(above) < rule.params["min_teaser_words"])


def _listing(items: list[Item], page: Page, rule: Rule) -> list[Item] | None:
    """The first run of items in a row that is a listing and holds most of the page, or
    stands under a related-articles heading. A run does not cross a barrier: an article
    over "Related Articles" is no story of the list below it."""
    run: list[Item] = []
    for item in [*items, None]:
        if item is not None and (not run or (
                item.start() == run[-1].end() + 1 and len(item.lead) <= MAX_LEAD
                and not page.breaks.intersection(range(item.start(), item.head() + 1)))):
            run.append(item)
            continue
        _find_outlet(run, page.texts, rule)
        if _is_listing(run, rule) and (_dominates(run, page, rule) or _under_heading(run, page)
                                       or _other_outlets(run, page)):
            return run
        run = [item] if item is not None else []
    return None


def _other_outlets(run: list[Item], page: Page) -> bool:
    """Every story names its outlet and its time in its header ("BBC News", "2 days ago"):
    other outlets' stories, with or without a heading over them. (A label each card prints
    with no time, "Certificate" over a course's name, is a box's, not an outlet's.)"""
    return all(item.outlet and any(page.shapes[p] == "S" for p in item.header)
               for item in run)


def _under_heading(run: list[Item], page: Page) -> bool:
    """The run stands right under a related-articles heading and each story names its outlet
    or prints its time in its header: other stories, however much of the page the article
    above them holds. (A list of headlines and teasers with neither stays the article's
    links: `locate._section_links`. Any mark at all, as a listing counts them, was tried:
    docs/quality.md.)"""
    return all(item.outlet or any(page.shapes[p] == "S" for p in item.header)
               for item in run) and bool(
        page.related.intersection(range(run[0].start(), run[0].head() + 1)))


def _barriers(doc: Document, rule: Rule) -> tuple[set[int], set[int]]:
    """The positions among the alive lines right below a line a hard barrier removed, and
    those right below a related-articles heading (a rule with `links_below`)."""
    barriers, headings = set(rule.params["barriers"]), set(rule.params["related_headings"])
    breaks: set[int] = set()
    related: set[int] = set()
    position = 0
    for line in doc.lines[:doc.own_end()]:
        if line.removed_by is None:
            position += bool(line.text)
        elif line.removed_by in barriers:
            breaks.add(position)
            if line.removed_by in headings:
                related.add(position)
    return breaks, related


def _teasers(page: Page, rule: Rule) -> list[Item] | None:
    """On a page whose address lists stories, stories printed as a teaser alone, a headline
    over it or none (a reblog site's archive of one author's posts): each prose line of
    `min_teaser_words` a story. A headline over more prose lines than a teaser has is a post
    printed whole (a category page that opens with its latest post): then none is."""
    max_body, min_words = rule.params["max_teaser_lines"], rule.params["min_teaser_words"]
    shapes = page.shapes
    for position, shape in enumerate(shapes):
        if shape == "H" and len(_run(shapes, position + 1, "P")[0]) > max_body:
            return None
    runs: list[list[Item]] = [[]]
    for position, shape in enumerate(shapes):
        if shape != "P" or page.words[position] < min_words:
            continue
        header = [position - 1] if position and shapes[position - 1] == "H" else []
        item = Item([], header, [position], [], True)
        if runs[-1] and item.start() != runs[-1][-1].end() + 1:
            runs.append([])
        runs[-1].append(item)
    run = max(runs, key=len)
    if len(run) >= rule.params["min_items"] and _dominates(run, page, rule):
        return run
    return None


def _removed_stamps(doc: Document, rule: Rule, alive: list[int],
                    found: set[int] | None) -> dict[int, str]:
    """{position: time} where a marker line that gives a time, which a rule removed, stands
    right above the alive line at `position`: a byline with its stamp ("By Jane Doe • 2 hours
    ago"), a date alone. The line rules run first and take such lines out, but they still
    mark a story (a headline, its byline, its teaser, again and again) as a marker line does.
    `found`: the lines RE2 says the marker may match (None: any)."""
    stamps: dict[int, str] = {}
    for index in range(len(doc.lines)) if found is None else sorted(found):
        line = doc.lines[index]
        position = bisect.bisect_right(alive, index)  # the alive line below it
        if line.removed_by is None or not 0 < position < len(alive) or (
                len(line.text) > MARKER_CHARS) or not search(rule, "marker", line.text):
            continue
        if stamp := search(rule, "stamp", line.text):
            stamps[position] = stamp.group()
    return stamps


def _stamp_removed_inside(item: Item, page: Page) -> str | None:
    """The time of a stamp line removed between the story's first line and its teaser's
    end, if any: one above its headline is the story before's."""
    return next((page.stamped[p] for p in range(item.head() + 1, item.end() + 1)
                 if p in page.stamped), None)


def _short_lines_matching(rule: Rule, key: str, alive: list[int], texts: list[str],
                          found: set[int] | None) -> Iterator[int]:
    """The positions, in order, of the lines one of the rule's patterns matches: among the
    lines one pass of RE2 over the page finds (`found`, `candidate_lines`; None for a
    pattern RE2 cannot read: all lines), those of MARKER_CHARS at most, confirmed."""
    return (position for position, text in enumerate(texts)
            if (found is None or alive[position] in found) and len(text) <= MARKER_CHARS
            and search(rule, key, text))


def _may_list(rule: Rule, texts: list[str], markers: set[int]) -> bool:
    """Whether the page can hold `min_marked` marked stories close together, read cheaply:
    a marker line, a line printed again within a story's header (a headline twice, a label
    over each card; a menu printed twice is farther apart), a teaser cut short. Two marked
    stories of one listing stand within MARK_REACH lines of each other; an article's marks
    (a dated byline at its top, a stamp at its foot) seldom do. Most pages cannot list, and
    reading every line's shape took a quarter of the cleaning's time."""
    marks: list[int] = []
    last: dict[str, int] = {}
    for position, text in enumerate(texts):
        if position - last.get(text, -MAX_HEADER - 1) <= MAX_HEADER or (
                len(text) >= CUT_TEASER_CHARS and text.endswith(CUT_TEASER)) or (
                position in markers) or (text[0] in OUTLET_MARKS and _outlet_above(
                    position, texts)):
            marks.append(position)
        last[text] = position
    need = rule.params["min_marked"]
    reach = MARK_REACH * (need - 1)
    return any(marks[k + need - 1] - marks[k] <= reach for k in range(len(marks) - need + 1))


def _shape(text: str, words: int, is_marker: bool) -> str:
    """A line that starts in lower case goes on a wrapped paragraph; a short line cut with an
    ellipsis is a headline cut to fit its box."""
    if is_marker:
        return "S"
    if text[0].islower():
        return "P"
    if reads_as_headline(text, words) or (
            text.endswith(ELLIPSIS) and words <= CUT_HEADLINE_WORDS
            and reads_as_headline(text.rstrip(".… "))):
        return "H"
    # Words are not counted on a paragraph's length: a label has LABEL_WORDS at most.
    return "M" if LABEL.fullmatch(text) else "P"


def _items(page: Page, max_body: int, min_words: int):
    """The items of the page, in order: each from a header holding a headline to the last
    marker before the next header."""
    shapes, texts = page.shapes, page.texts
    position, count = 0, len(shapes)
    # Where each run stops, read once: a run read anew from each item's start, where a card
    # cut it short, took a page of 60,000 outlet and stamp lines 30 s.
    header_ends, body_ends, trailer_ends = (_run_ends(shapes, kinds)
                                            for kinds in ("HMS", "P", "MS"))
    outlets = sorted(page.outlets)
    while position < count:
        # a card with no teaser ends where the next card starts
        cut = _next_card(position, header_ends[position], page, outlets)
        if cut is None:
            cut = _named_card_end(position, header_ends[position], page)
        header, position = _span(position, header_ends[position] if cut is None else cut)
        body, position = _span(position, body_ends[position] if cut is None else position)
        end = trailer_ends[position] if cut is None else position
        # A barrier ends it, and so does the next card's outlet (printed again below).
        trailer, position = _span(position, next(
            (p for p in range(position, end) if p in page.breaks or p in page.outlets), end))
        if taken := _card_lines_taken(trailer, position, header_ends, page):
            position = trailer[-taken]  # an outlet's name or time over the next headline
            del trailer[-taken:]
        while trailer and shapes[trailer[-1]] == "M" and position < count and (
                shapes[position] == "H"):  # a label over the next headline is the next item's
            position = trailer.pop()
        teaser = sum(page.words[p] for p in body)
        outlet = _outlet_printed_twice(header, texts)
        card = None if outlet else _named_card(header, page, under=not body)
        # A card that names its outlet may have a teaser shorter than a listed story's, or
        # none: then it is a link, not a record.
        if "H" not in (shapes[p] for p in header) or len(body) > max_body or (
                teaser < min_words and not (outlet or card)):
            continue
        # The story's headline is the last over a stamp, or else the one nearest its teaser
        # (a wrapped teaser's first line reads as one too); lines above it are the page's, a
        # lone link's or a section's heading.
        last_stamp = max((p for p in header if shapes[p] == "S"), default=-1)
        headlines = [p for p in header if shapes[p] == "H" and p not in outlet]
        if not headlines:
            continue
        title = ([p for p in headlines if p < last_stamp] or headlines)[-1]
        start, name = title, None
        if card is not None:  # an outlet's name and time by the headline: the name is no headline
            name, start, title = card
        elif outlet:  # outlet, stamp, outlet again, headline: the card's header from its outlet
            title, start = headlines[-1], min(outlet)
            name = texts[min(outlet)]
        lead, header = header[:header.index(start)], header[header.index(start):]
        if len(header) > MAX_HEADER:  # a menu above a paragraph, not a story's header
            continue
        printed = [texts[p].casefold() for p in lead + header if shapes[p] == "H"]
        marked = any(shapes[p] == "S" for p in header + trailer) or len(set(printed)) < len(
            printed) or bool(outlet) or texts[body[-1]].endswith(CUT_TEASER)
        yield Item(lead, header, body, trailer, marked or card is not None,
                   name, title)


def _named_card(lines: list[int], page: Page, under: bool = False) -> tuple[str, int, int] | None:
    """A card that prints an outlet's name and its time beside its headline, in any order
    ("BBC News", "2 days ago", "City budget leaves libraries short of funds"; "2 days ago",
    "BBC News", the headline; the headline, "BBC News", "2 days ago"), or the two on one line
    right over the headline ("BBC News · 2 days ago") or, with `under` (a card with no
    teaser), right under it: the name, and the positions of the card's first line and of the
    headline, when the header holds one stamp, the headline has more words than the name and
    the name OUTLET_WORDS at most; else None. (Under a story's headline over its teaser,
    "Europe • 8:07 PM" is its section's name: a kiosk's own stories.)
    (A headline over its time and a reading time, as France 24 prints its stories, has no
    name by it, and a section's "Today" over a story comes with the story's own time: two
    stamps.)"""
    shapes, texts = page.shapes, page.texts
    if len(lines) < 2 or sum(shapes[p] == "S" for p in lines) != 1:
        return None
    if shapes[lines[-2]] == "S" and lines[-2] in page.labels:  # "BBC News · 2 days ago"
        name, start, headline = page.labels[lines[-2]], lines[-2], lines[-1]
    elif under and len(lines) == 2 and shapes[lines[0]] == "H" and lines[1] in page.labels:
        name, start, headline = page.labels[lines[1]], lines[0], lines[0]  # the two under it
    elif len(lines) >= 3 and len(others := [p for p in lines[-3:] if shapes[p] != "S"]) == 2:
        label, headline = sorted(others, key=lambda p: len(WORD.findall(texts[p])))
        if headline != lines[-1] and label != lines[-2]:  # a page's heading over a story
            return None  # and its stamp: "Latest news", the headline, "Europe • 8:07 PM"
        name, start = texts[label], lines[-3]
    else:
        return None
    words = len(WORD.findall(name))
    if not name[0].isalpha() or words > OUTLET_WORDS or shapes[headline] != "H" or (
            len(WORD.findall(texts[headline])) <= words):
        return None
    return name, start, headline


def _stamp_labels(rule: Rule, texts: list[str], markers: set[int]) -> dict[int, str]:
    """The name each marker line that gives a time prints before it ("Reuters · 5 hours ago":
    "Reuters"), by the marker's position; none where the line is the time alone."""
    parts = ((position, _stamp_parts(rule, texts[position])) for position in markers)
    return {position: found[0] for position, found in parts if found and found[0]}


def _stamp_parts(rule: Rule, text: str) -> tuple[str, str] | None:
    """The name a line prints before its time ("Europe • 8:07 PM": "Europe", "" when none)
    and the time ("8:07 PM"); None when the line gives no time. A word in small letters
    there is an icon's text glued to the time ("time3 hours ago"), not a name. The time is
    the first the line prints at its start or after a mark, else its last: an outlet's name
    may end in a word that reads as a time ("Business Today · 5h")."""
    times = find_all(rule, "stamp", text)
    if not times:
        return None
    found = next((time for time in times if _after_mark(text[:time.start()])), times[-1])
    name = text[:found.start()].strip(SECTION_MARKS)
    return ("" if name[:1].islower() else name), found.group()


def _after_mark(before: str) -> bool:
    """Whether a time stands at its line's start or after a section mark ("Europe • ").

    >>> _after_mark(""), _after_mark("Europe • "), _after_mark("Business ")
    (True, True, False)
    """
    before = before.rstrip(" ")
    return not before or before[-1] in SECTION_MARKS


def _named_card_end(start: int, end: int, page: Page) -> int | None:
    """Where a card with no teaser that names its outlet (`_named_card`: two or three lines)
    ends inside a longer run of header lines, when the next card starts right after it;
    else None."""
    def size_at(first: int) -> int | None:
        return next((size for size in (2, 3) if first + size <= end
                     and _named_card(list(range(first, first + size)), page, under=True)
                     is not None),
                    None)
    if end - start < 4 or "S" not in page.shapes[start:start + 3]:
        return None  # no room for two cards, or no time in the first (most headers)
    size = size_at(start)
    if size is None or start + size >= end or size_at(start + size) is None:
        return None
    return start + size


def _card_lines_taken(trailer: list[int], position: int, header_ends: list[int],
                      page: Page) -> int:
    """How many of the trailer's last lines (two or one) are the next card's: with the next
    header's first lines they make a named card (`_named_card`) of three lines, or the
    trailer's last line is an outlet's name and time on one line over the next headline;
    else 0."""
    shapes = page.shapes
    if position >= len(shapes) or "S" not in (shapes[p] for p in trailer[-2:]):
        return 0  # no time at the trailer's end, or no line after it (most items)
    following = list(range(position, min(header_ends[position], position + 2)))
    for taken, size in ((2, 3), (1, 3), (1, 2)):  # trailer lines taken, card lines
        lines = trailer[-taken:] + following[:size - taken]
        if len(trailer) >= taken and len(lines) == size and shapes[lines[-1]] == "H" and (
                _named_card(lines, page) is not None):
            return taken
    return 0


def _next_card(start: int, end: int, page: Page, outlets: list[int]) -> int | None:
    """Where, inside the run of header lines from `start` to `end`, the next card of an
    outlet printed twice starts, when the lines above it are such a card too (it had no
    teaser); else None. `outlets`: the page's outlet lines, in order."""
    found = bisect.bisect_right(outlets, start)
    if found == len(outlets) or outlets[found] >= end:
        return None
    cut = outlets[found]
    if not _outlet_printed_twice(list(range(start, cut)), page.texts):
        return None
    return cut


def _outlet_above(position: int, texts: list[str]) -> bool:
    """The line ("- Reuters") prints again, as a list item, a line just above it."""
    if not (found := OUTLET_AGAIN.match(texts[position])):
        return False
    key = found.group(1).casefold()
    return any(texts[p].casefold() == key
               for p in range(max(0, position - OUTLET_REACH), position))


def outlet_lines(texts: list[str]) -> set[int]:
    """The positions of the lines that are a card's outlet: printed again as a list item
    ("- The Guardian" under "The Guardian") within OUTLET_REACH lines below. Read once a
    page, from the list items up (asked of each line in turn, it was a sixth of the action's
    time).

    >>> sorted(outlet_lines(["The Guardian", "2 hours ago", "- The Guardian", "Headline"]))
    [0]
    """
    found: set[int] = set()
    for position, text in enumerate(texts):
        if text[0] in OUTLET_MARKS and (again := OUTLET_AGAIN.match(text)):
            key = again.group(1).casefold()
            found.update(p for p in range(max(0, position - OUTLET_REACH), position)
                         if texts[p].casefold() == key)
    return found


def _outlet_printed_twice(header: list[int], texts: list[str]) -> list[int]:
    """The positions of a label the header prints twice, bare and then as a list item ("The
    Guardian" over the stamp, "- The Guardian" under it): a related card's outlet, not its
    headline. Empty when there is none."""
    seen: dict[str, int] = {}
    for position in header:
        text = texts[position]
        if (found := OUTLET_AGAIN.match(text)) and found.group(1).casefold() in seen:
            return [seen[found.group(1).casefold()], position]
        seen.setdefault(text.casefold(), position)
    return []


def _run(shapes: list[str], start: int, kinds: str) -> tuple[list[int], int]:
    """The positions from `start` whose shapes are among `kinds`, and where they stop."""
    end = start
    while end < len(shapes) and shapes[end] in kinds:
        end += 1
    return list(range(start, end)), end


def _run_ends(shapes: list[str], kinds: str) -> list[int]:
    """For each position, where the run of shapes among `kinds` from it stops (the position
    itself where its shape is not among them)."""
    ends = list(range(len(shapes) + 1))
    for position in range(len(shapes) - 1, -1, -1):
        if shapes[position] in kinds:
            ends[position] = ends[position + 1]
    return ends


def _span(start: int, end: int) -> tuple[list[int], int]:
    """The positions from `start` up to `end`, and `end`."""
    return list(range(start, end)), end


def _find_outlet(run: list[Item], texts: list[str], rule: Rule) -> None:
    """A short label (words, not a stamp or a symbol) that every story of the run prints right
    over its headline, and nothing else between two stories, names their outlet: "France 24"
    over each card. (Under a headline, a label repeated is an anchor or a button: "🔗", "View
    Webcam"; a section heading repeated over subheadings comes with more lines between.)"""
    def labels(item: Item) -> set[str]:
        if not item.lead or (item is not run[0] and len(item.lead) > 1):
            return set()
        label = texts[item.lead[-1]]  # right over the headline, and all that is between two
        words = len(WORD.findall(label))
        return {label} if label[0].isalpha() and words <= OUTLET_WORDS else set()
    if len(run) < rule.params["min_items"]:
        return
    common = set.intersection(*(labels(item) for item in run))
    if len(common) == 1:
        for item in run:
            item.outlet, item.marked = next(iter(common)), True


def _is_listing(run: list[Item], rule: Rule) -> bool:
    """Most of the items are marked: a stamp on each is a listing's; an article's sections
    under subheadings, with a byline or a reading time at its top, are not."""
    marked = sum(item.marked for item in run)
    return len(run) >= rule.params["min_items"] and marked >= max(
        rule.params["min_marked"], rule.params["min_marked_share"] * len(run))


def _dominates(run: list[Item], page: Page, rule: Rule) -> bool:
    """The stories hold most of the page's prose: no article stands beside them (a menu of
    blurbs above an article, a ticker of three teasers, are not the page)."""
    listed = page.prose_words(p for item in run for p in item.body)
    return listed >= rule.params["min_share"] * page.prose_words(range(len(page.texts)))


def _mark(doc: Document, rule: Rule, alive: list[int], page: Page, run: list[Item]) -> None:
    """Each item a record: its headline its title, its first stamp its time; the markers
    after its teaser go. Under an article (more prose above the list than two teasers), the
    stories are related records, and what is above the list is left to the locator."""
    texts, shapes = page.texts, page.shapes
    above = range(run[0].start())
    article = page.prose_words(above) >= 2 * rule.params["min_teaser_words"]
    for item in run:
        first = (item.header or item.body)[0]
        meta = {"title": texts[first if item.title is None else item.title]} if item.header else {}
        meta.update(_stamp_of(item, page, rule) or _removed_stamp(doc, alive, item))
        if "published" not in meta and (time := _stamp_removed_inside(item, page)):
            meta["published"] = time
        # Another outlet's story, or one under an article, is a related record, as a related
        # block's is; the page's own stories are its items.
        role = "related" if article else "story"
        if item.outlet is not None:
            meta["outlet"], role = item.outlet, "related"
            if meta.get("section") == item.outlet:  # "Reuters · 5 hours ago": the outlet's
                del meta["section"]
        if not item.body:  # a card with no teaser: a link of the article's, as a related
            doc.links.append({**{k: meta[k] for k in LINK_FIELDS if k in meta},  # block's
                              "rule": rule.id})
            for position in item.lead + item.header + item.trailer:
                doc.remove(alive[position], rule.id)
            continue
        # A teaser without a headline is all body: its header ends above it.
        header_end = alive[item.header[-1]] if item.header else alive[first] - 1
        doc.boundaries.append(Boundary(alive[first], rule.id, role, meta, header_end))
        for position in item.trailer + (item.lead if item is not run[0] or not article else []):
            doc.remove(alive[position], rule.id)
    # Around the list, the page's header, its links, a story cut short: only prose would be
    # a story's (after the list) or the page's own (above it), and above it, prose of fewer
    # words than a teaser is the list's heading ("Author: France 24").
    short = rule.params["min_teaser_words"]
    above_list = [] if article else [*above, *run[0].lead]
    for position in above_list:
        if shapes[position] != "P" or page.words[position] < short:
            doc.remove(alive[position], rule.id)
    for position in range(run[-1].end() + 1, len(alive)):
        if shapes[position] != "P":
            doc.remove(alive[position], rule.id)


def _bind(rule: Rule, rules: list[Rule]) -> Rule:
    """A listing reads the chain's hard barriers and its related-articles headings."""
    return replace(rule, params={
        **rule.params, "barriers": [r.id for r in rules if r.barrier == "hard"],
        "related_headings": [r.id for r in rules if r.links_below]})


def _removed_stamp(doc: Document, alive: list[int], item: Item) -> dict[str, str]:
    """A card that names its outlet twice, whose time a language's rule removed first ("vor
    3 Stunden" between "Spiegel" and "- Spiegel"): the one line removed between the two."""
    if item.outlet is None or len(item.header) < 2:
        return {}
    between = [line.text for line in doc.lines[alive[item.header[0]] + 1:alive[item.header[1]]]
               if line.text.strip()]
    if len(between) != 1 or len(between[0]) > MARKER_CHARS:
        return {}
    return {"published": between[0].strip()}


def _stamp_of(item: Item, page: Page, rule: Rule) -> dict[str, str]:
    """The story's time, its first stamp in its header, as `published`; a section's name
    printed before it ("Europe • 8:07 PM") as `section`. A marker line is read first: a
    headline may hold a time of its own ("... Why They Still Work Today?")."""
    texts, shapes = page.texts, page.shapes
    for position in sorted(item.header, key=lambda p: shapes[p] != "S"):
        if found := _stamp_parts(rule, texts[position]):
            section, published = found
            return {"published": published, **({"section": section} if section else {})}
    return {}


ACTION = Action(
    "split_items", "a page that lists several stories gives a record per story", {
        "marker": Param(str, "a line that marks a listed story: a stamp, a reading time, a "
                        "'read more'", required=True, pattern=True, scanned=True),
        "stamp": Param(str, "the marker that gives a story its time", required=True,
                       pattern=True),
        "listing_url": Param(str, "the path of a page's address that says it lists stories "
                             "(a tag's, an author's archive): each story counts as marked",
                             pattern=True),
        "listing_heading": Param(str, "a line that titles an archive ('Author: France 24', "
                                 "'Tag Archives: Putin'): where it heads the page, each story "
                                 "below it counts as marked", pattern=True, scanned=True),
        "min_items": Param(int, "items in a row that make a listing", default=3),
        "min_marked": Param(int, "of them, marked ones at least", default=2),
        "min_marked_share": Param(float, "the share of them that are marked at least",
                                  default=0.6),
        "min_share": Param(float, "the share of the page's prose its stories hold at least",
                           default=0.6),
        "min_teaser_words": Param(int, "the fewest words a listed story's teaser has",
                                  default=12),
        "max_teaser_lines": Param(int, "the most prose lines a listed story's teaser has",
                                  default=4),
    }, split_items, bind=_bind)
