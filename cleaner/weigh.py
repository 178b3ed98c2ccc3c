"""HTML: trafilatura's article weighed against the article the locator finds in the page's
plain dump (html.py makes both; `chain.Cleaner.clean` cleans both and calls `weigh`).

The two extractors are independent views of where the article is: trafilatura decides by
the page's markup, the locator by the dump's prose. When trafilatura's article is a fragment
of the dump's (and what the dump's adds is running text: `outside_prose`), or the dump's only
fills it in, the dump's records are given (when the locator found an article in the dump at
all: see `has_opinion`); else trafilatura's first and last lines that the dump's article
leaves out go. Lines of the two are compared by their words: the extractors cut blocks
differently.
"""

from __future__ import annotations

from collections.abc import Callable

from cleaner.document import Document, Record
from cleaner.linefeatures import line_features, prose_lines, word_lines
from cleaner.locate import WORD
from cleaner.records import assemble_records, split_segments
from cleaner.rulefile import Rule


def weigh(doc: Document, rule: Rule, records: list[Record], links: list[dict[str, str]],
          dump_records: Callable[[], list[Record]]) -> list[Record]:
    """The records to give for an HTML page: those cleaned from trafilatura's text (`doc`,
    whose own links were `links` before its records took them), or those of the page's
    plain dump (`dump_records()`, cleaned when asked). The article record says which, in
    `extractor`. The rule's parameters say when (`weigh_dump` in docs/actions.md; the
    shipped values' measurements are beside them in generic.toml)."""
    chosen, extractor = records, "trafilatura"
    if weighs(doc, rule):  # the dump is cleaned and read only then
        dump = dump_records()
        dump_text, text = dump[0].text, records[0].text
        dump_article = Words(dump_text)
        if has_opinion(doc, dump_text, rule.params["kept_at_most"]) and _dump_wins(
                dump_article, dump_text, text, rule):
            chosen, extractor = dump, "dump"
        elif dump_text and _trim_to(doc, dump_article, rule.id, rule.params["trim_at_most"]):
            doc.links = links
            chosen = assemble_records(doc)
    chosen[0].extra["extractor"] = extractor
    return chosen


def weighs(doc: Document, rule: Rule) -> bool:
    """Whether the page's dump is weighed at all: the dump's article was found with English
    function words, so on a page of another language it is no evidence (devset-ml HTML,
    German: F1 0.906 weighed, 0.917 not); a page of no guessed language is weighed."""
    language = doc.meta.get("language")
    return language is None or language in rule.params["dump_languages"]


def _dump_wins(dump_article: Words, dump_text: str, text: str, rule: Rule) -> bool:
    """Whether the dump's records are given: trafilatura's article is a fragment of the
    dump's and what the dump's adds is running text, or the dump's only fills it in."""
    params = rule.params
    inner = Words(text)
    if (len(text.split()) < params["fallback_share"] * len(dump_text.split())
            and outside_prose(dump_text, inner, prose_reading(rule)) >= params["prose_at_least"]):
        return True
    return fills_in(dump_article, inner, params["outside_at_most"]) >= params["filled_at_least"]


def has_opinion(doc: Document, dump_article: str, kept_at_most: float) -> bool:
    """Whether the locator said where the article is in the page's dump: its article holds
    at most `kept_at_most` of the dump's words. One that keeps nearly all of it found no
    article (as on pages whose language its word lists do not read), and the dump's
    records would be the page's menus and footers: trafilatura's text stands."""
    if doc.dump is None:
        return False
    words = sum(len(line.text.split()) for line in doc.dump.lines)
    return len(dump_article.split()) <= kept_at_most * words


def prose_reading(rule: Rule) -> tuple[frozenset[str], int, float] | None:
    """How the rule tells running text: its function words and settings (None: it does not)."""
    if not rule.vocabulary:
        return None
    return rule.vocabulary, rule.params["min_prose_words"], rule.params["min_density"]


def outside_prose(dump_article: str, inner: Words,
                  reading: tuple[frozenset[str], int, float] | None) -> float:
    """The share of the words of the dump's article, in the lines trafilatura's text does not
    hold, that are running text as the locator reads it (`reading`: its function words, its
    fewest words and least density of a prose line); 1 when there are no such lines, when
    they hold no words, or without a reading (a rule without a word list). Where
    trafilatura's text is short beside the dump's article, those lines are the article it
    missed when they are paragraphs, and the page's forms, addresses and menus the locator
    let in when they are not."""
    extra = [line for line in dump_article.split("\n")
             if line.strip() and not inner.holds(word_key(line))]
    if reading is None or not extra:
        return 1.0
    vocabulary, min_words, min_density = reading
    features = line_features(extra, vocabulary)
    total = int(features.words.sum())
    if not total:
        return 1.0
    prose = prose_lines(features, min_words, min_density)
    return float(features.words[prose].sum()) / total


class Words:
    """A text's words, casefolded, one space apart, to ask whether a line's words run on
    inside it. A line the text holds whole is answered without a search: most of a page's
    dump article lines are the other extractor's lines. (A set of the text's words, to turn
    away a line with a word it lacks before searching, cost more to make than it saved once
    the lines' words were read from arrays: dev set, weighing 1.12-1.28 s -> 0.78-0.97 s.)

    >>> Words("Kept text here.\\nMore").holds(word_key("text HERE"))
    True
    """

    def __init__(self, text: str):
        self.keys = word_lines(text.casefold())  # each line's word_key
        self.lines = set(self.keys)
        self.running = f" {' '.join(key for key in self.keys if key)} "

    def holds(self, key: str) -> bool:
        """Whether a line's key (see `word_key`) runs on inside the text; a key with no words is."""
        return not key or key in self.lines or f" {key} " in self.running


def word_key(line: str) -> str:
    """A line's words, casefolded, one space apart."""
    return " ".join(WORD.findall(line.casefold()))


def edges_outside(lines: list[str], article: Words) -> tuple[int, int]:
    """How many of the first and of the last lines are not in the article: a line is in it
    when its words run on inside the article's (the two extractors cut blocks differently).
    A line with no words counts as in.

    >>> article = Words("Intro\\nKept text here.")
    >>> edges_outside(["Menu", "Kept text", "here.", "Share this"], article)
    (1, 1)
    """
    head = next((n for n, line in enumerate(lines) if article.holds(word_key(line))), len(lines))
    if head == len(lines):
        return head, 0
    return head, next(n for n, line in enumerate(reversed(lines))
                      if article.holds(word_key(line)))


def fills_in(article: Words, inner: Words, outside_at_most: float) -> float:
    """The share of the article's words in lines that `inner` does not hold, between the
    first and the last line it does; 0 when more than `outside_at_most` of them lie before
    or after those (the two disagree on where the article is, not only on what is in it).

    >>> fills_in(Words("Intro one\\nA list\\nIntro two\\nThe end"),
    ...          Words("Intro one\\nIntro two The end"), 0.02)
    0.25
    """
    lines = [(k, k.count(" ") + 1) for k in article.keys if k]
    held = [inner.holds(k) for k, _ in lines]
    if True not in held:
        return 0.0
    first, last = held.index(True), len(held) - held[::-1].index(True)
    total = sum(n for _, n in lines)
    outside = sum(n for _, n in lines[:first] + lines[last:])
    if outside > outside_at_most * total:
        return 0.0
    inside = zip(lines[first:last], held[first:last], strict=True)
    return sum(n for (_, n), h in inside if not h) / total


def _trim_to(doc: Document, article: Words, rule_id: str, at_most: float) -> bool:
    """Remove the first and last lines of the document's own article that the dump's article
    leaves out, unless that is more than `at_most` of its words; whether any went."""
    body = split_segments(doc)[0].body
    head, tail = edges_outside([doc.lines[i].text for i in body], article)
    cut = body[:head] + body[len(body) - tail:]
    if not cut or (sum(len(doc.lines[i].text.split()) for i in cut)
                   > at_most * sum(len(doc.lines[i].text.split()) for i in body)):
        return False
    for index in cut:
        doc.remove(index, rule_id)
    return True
