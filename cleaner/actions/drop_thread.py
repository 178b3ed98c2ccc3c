"""`drop_thread`: readers' comments under a page's text go, told by their shape.

A comment thread prints one shape again and again: the commenter's name on a short line, a
stamp with the clock time under it, then what they wrote. Where no rule knows the thread's
heading ("59 Comments", "Kommentare", in any of the languages nobody wrote a rule file for),
the comments were text to the content locator: prose, next to the article, and often more of
it than the article. Three such entries close together make a thread: from the first name
to the last entry's text, every line goes. A byline (a name and a dated stamp over the
article) is one entry, and a live blog's entries carry a time but no name over it. A thread
under a line a hard barrier rule removed (a comment heading a rule knows) is left as it is:
the locator stops there already, and what removed each line is what the learned models read.
"""

from __future__ import annotations

from dataclasses import replace

from cleaner.document import Document
from cleaner.headlines import reads_as_headline
from cleaner.linefeatures import SENTENCE_END
from cleaner.matching import candidate_lines, search
from cleaner.rulefile import Action, Param, Rule

CLAUSE_ENDS = (".", "!", "?", "…")  # a name may end with a colon ("Jane says:"), not so
BODY_REACH = 3  # the comment's text starts within this many lines under its stamp
CARD_HEADLINE_WORDS = 6  # a headline over an outlet's name; a comment sort row is shorter
LABEL_WORDS = 4  # a button's words ("Reply to Maria K"), under a stamp over the comment's text


def drop_thread(doc: Document, rule: Rule) -> None:
    lines = [index for index, line in enumerate(doc.lines[:doc.own_end()]) if line.text]
    stamps = _stamps(doc, rule, lines)
    if sum(stamps) < rule.params["min_entries"]:  # most pages: no thread can be read
        return
    texts = [doc.lines[index].text.strip() for index in lines]
    # A line a rule removed is no commenter's name: a "Read the article" button over the next
    # story's "Europe • 7:41 PM" in a feed.
    named = [doc.lines[index].removed_by is None for index in lines]
    barriers = set(rule.params.get("barriers", ()))
    for first, last in threads(texts, stamps, rule, named):
        above = lines[max(first - rule.params["max_gap"], 0):first]
        if any(doc.lines[index].removed_by in barriers for index in above):
            continue  # a heading a rule knows ends the article there already
        for position in range(first, last + 1):
            doc.remove(lines[position], rule.id)


def _stamps(doc: Document, rule: Rule, lines: list[int]) -> list[bool]:
    """Whether each line is a stamp: `max_stamp_words` words at most, and the pattern's. The
    lines it may match are found in one pass over the page; only they are searched."""
    found = candidate_lines(rule, "stamp", doc)
    most = rule.params["max_stamp_words"]
    texts = (doc.lines[index].text for index in lines)
    return [(found is None or index in found)
            and len(text.split()) <= most and search(rule, "stamp", text) is not None
            for index, text in zip(lines, texts, strict=True)]


def threads(texts: list[str], stamps: list[bool], rule: Rule,
            named: list[bool]) -> list[tuple[int, int]]:
    """The first and last position of each thread: a run of `min_entries` entries or more,
    each within `max_gap` lines of the one before, from the first's name to the end of the
    last one's text. `named`: whether each line may be a name."""
    found: list[tuple[int, int]] = []
    run: list[int] = []
    for name in [*_entries(texts, stamps, rule, named), None]:
        if run and (name is None or name - run[-1] > rule.params["max_gap"]):
            if len(run) >= rule.params["min_entries"]:
                found.append((run[0], _text_end(texts, stamps, run[-1] + 2, rule)))
            run = []
        if name is not None:
            run.append(name)
    return found


def _entries(texts: list[str], stamps: list[bool], rule: Rule,
             named: list[bool]) -> list[int]:
    """The positions of the names of the entries: a short line that is no stamp and ends no
    sentence, right over a stamp, with text under it."""
    return [position - 1 for position in range(1, len(texts))
            if stamps[position] and not stamps[position - 1]
            and named[position - 1]
            and len(texts[position - 1].split()) <= rule.params["max_name_words"]
            and not _ends_clause(texts[position - 1])
            and _has_text(texts, stamps, position + 1, rule)
            and not (rule.params["sentence_under"] and _under_headline(texts, position - 1))]


def _ends_clause(text: str) -> bool:
    """The line ends like a clause; a name's initial does not ("John D.", "Maria K.").

    >>> _ends_clause("Great point."), _ends_clause("John D."), _ends_clause("D.")
    (True, False, False)
    """
    initial = text[-2:-1].isupper() and text[-3:-2] in ("", " ")
    return text.endswith(CLAUSE_ENDS) and not (text.endswith(".") and initial)


def _under_headline(texts: list[str], name: int) -> bool:
    """The name line stands right under a headline of CARD_HEADLINE_WORDS or more: a related
    card's outlet ("City budget leaves libraries short of funds", "BBC News", "2 days ago",
    its snippet), not a commenter's name, which stands under the comment before it."""
    return name > 0 and reads_as_headline(texts[name - 1]) and (
        len(texts[name - 1].split()) >= CARD_HEADLINE_WORDS)


def _has_text(texts: list[str], stamps: list[bool], start: int, rule: Rule) -> bool:
    """What a commenter wrote starts under the stamp: one of the next BODY_REACH lines reads as
    text (a sentence's end, or a sentence's length), and the first is no stamp. With
    `sentence_under`, the first line under the stamp longer than a button ("Reply to Maria K")
    ends a sentence: under a time of day only a comment stands, but under a relative time
    ("5 hours ago") a related card's headline does too, and a headline seldom ends like a
    sentence."""
    below = texts[start:start + BODY_REACH]
    if not below or stamps[start]:
        return False
    if rule.params["sentence_under"]:
        first = next((text for text in below if len(text.split()) > LABEL_WORDS), "")
        return SENTENCE_END.search(first) is not None
    return any(_reads_as_text(text, rule) for text in below)


def _reads_as_text(text: str, rule: Rule) -> bool:
    return len(text.split()) >= rule.params["min_text_words"] or bool(SENTENCE_END.search(text))


def _text_end(texts: list[str], stamps: list[bool], start: int, rule: Rule) -> int:
    """The last line of the last entry's text (`start`: the line under its stamp): from its
    first line that reads as text, while the lines read as text. A "Reply" button, a form or
    the page's footer below it is left to other rules."""
    end = next(p for p in range(start, start + BODY_REACH) if _reads_as_text(texts[p], rule))
    while end + 1 < len(texts) and not stamps[end + 1] and _reads_as_text(texts[end + 1], rule):
        end += 1
    return end


def _bind(rule: Rule, rules: list[Rule]) -> Rule:
    """The thread reads the chain's hard barriers (a site file's rule is one on its site)."""
    return replace(rule, params={**rule.params,
                                 "barriers": [r.id for r in rules if r.barrier == "hard"]})


ACTION = Action(
    "drop_thread", "removes a thread of readers' comments: entries of a name, a stamp and a "
    "text, again and again", {
        "stamp": Param(str, "a comment's stamp (its clock time)", required=True, pattern=True,
                       scanned=True),
        "min_entries": Param(int, "the fewest entries in a thread", default=3),
        "max_gap": Param(int, "an entry's name stands this many lines at most under the one "
                         "before", default=15),
        "max_name_words": Param(int, "the most words of a name line", default=4),
        "max_stamp_words": Param(int, "the most words of a stamp line", default=10),
        "min_text_words": Param(int, "a line of this many words reads as a comment's text "
                                "(else it ends a sentence)", default=8),
        "sentence_under": Param(bool, "the line right under each stamp ends a sentence (a "
                                "card's headline under its time does not), and no headline "
                                "stands right over the name (a card's over its outlet)",
                                default=False),
    }, drop_thread, bind=_bind)
