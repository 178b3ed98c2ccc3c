"""The rule chain: runs the rules that apply to a document in fixed phases, then cuts records.

Phases, in this order (within a phase, rules run in file order: global files, then site files):
  1. normalise        named rewrites (subheading decoration, stray punctuation)
  2. drop_line        every line rule at once, through `LineMatcher`; then, with `--learn`,
                      the lines the document's site prints as template (learn.py)
  3. drop_block       start..end blocks
  4. segment_related  related-article sections split into records
  5. drop_ticker      timestamped headline runs
  6. headline_list    `-`-separated or bulleted headline feeds
  7. title_repeat     the headline printed again inside the article
  8. locate_content   the article region of a whole-page dump (see locate.py)
  9. caption          image captions to metadata
 10. title_suffix     `Headline | Section` suffix to metadata
Segmenting runs before tickers and lists so that a related block whose body is only a ticker
keeps its header (and becomes a link) instead of being swallowed; title repeats go before the
locator, so that what it keeps does not depend on a line removed after it (idempotence).
"""

from __future__ import annotations

from dataclasses import dataclass

from cleaner import actions
from cleaner.document import Document, Record
from cleaner.learn import remove_learned
from cleaner.locate import WORD
from cleaner.matching import LineMatcher, RuleTimeout
from cleaner.normalise import fold_whitespace, line_key, lines_to_fold
from cleaner.records import assemble_records, split_segments
from cleaner.rulefile import Rule, RuleError, RuleFile
from cleaner.sites import SiteFinder

# HTML: trafilatura's article is replaced by the plain dump's when it holds less than this share
# of the dump's article words. Dev set HTML wF1 by share (trafilatura's recall focus, edges
# trimmed as below): 0.3 0.950, 0.4 0.951, 0.5 0.951, 0.6 0.950, 0.7 0.950; the leak rate
# rises from 0.5 up (0.034 -> 0.036 at 0.6, 0.037 at 0.7): the dump's region is less sure
# than trafilatura's on sites the dev set does not hold. (With the default focus: 0.2 0.940,
# 0.4 0.942, 0.6 0.945, 0.8 0.943.)
FALLBACK_SHARE = 0.4
# Else trafilatura's first and last lines that the dump's article leaves out are removed (a
# sign-up box or a menu line above the article, a contact block or a comment form below it),
# unless they are more than this share of its words: then the locator, not trafilatura, is
# likely to have missed part of the article. Dev set: 0.5 and 0.6 wF1 0.951, 0.8 0.951 with
# leak 0.035, 0.9 0.950 / 0.037; trimming every line the dump's article leaves out, inside
# ones too, wF1 0.951 leak 0.030 but gold lines kept 0.939 -> 0.932.
TRIM_AT_MOST = 0.5
# The dump's article is also used when it holds trafilatura's and more only between
# trafilatura's first and last lines (at most 2% of its words before or after them), at
# least this share of its words: sections trafilatura dropped (a list, a table, a part under
# its own heading). Dev set: 13 pages change, 11 for the better; wF1 +0.002, leak unchanged;
# 0.1 and 0.15 score the same, 0.25 +0.001.
FILLED_AT_LEAST = 0.2
OUTSIDE_AT_MOST = 0.02
TRIM_RULE = "html.outside-dump-article"
TRIM_REASON = ("trafilatura kept it at the edge of the article, but the article the locator "
               "finds in the page's plain dump leaves it out.")
PHASES = ("normalise", "drop_line", "drop_block", "segment_related", "drop_ticker",
          "headline_list", "title_repeat", "locate_content", "caption", "title_suffix")


@dataclass(slots=True)
class Chain:
    """The compiled rules for one combination of sites."""

    rules: list[Rule]
    matcher: LineMatcher

    @classmethod
    def build(cls, rules: list[Rule]) -> Chain:
        ordered = sorted(rules, key=lambda r: PHASES.index(r.action))  # stable: file order kept
        return cls(ordered, LineMatcher([r for r in ordered if r.action == "drop_line"]))

    def run(self, doc: Document, keys: list[str],
            learned: dict[str, frozenset[str]] | None = None) -> None:
        self._drop_lines(doc, keys)
        if learned:
            remove_learned(doc, learned)
        for rule in self.rules:
            if rule.action in ("normalise", "drop_line"):
                continue
            try:
                actions.ACTIONS[rule.action](doc, rule)
            except TimeoutError:
                raise RuleTimeout(rule.id) from None

    def normalise(self, doc: Document) -> bool:
        """Run the named rewrites; whether any line changed."""
        changed = False
        for rule in self.rules:
            if rule.action == "normalise" and actions.normalise(doc, rule):
                # The next rule's may-need test, and the later phases, search this text (only
                # `title_suffix` rewrites after this).
                doc.freeze_text()
                changed = True
        return changed

    def _drop_lines(self, doc: Document, keys: list[str]) -> None:
        within = {}
        for index, rule in self.matcher.matches(doc, keys).items():
            if doc.lines[index].removed_by is None and doc.lines[index].text:
                limit = rule.params.get("within_first")
                if limit is not None:
                    within.setdefault(rule.id, (rule, []))[1].append(index)
                    continue
                doc.remove(index, rule.id)
        for rule, indexes in within.values():
            head = set(doc.alive_indexes()[: rule.params["within_first"]])
            for index in indexes:
                if index in head:
                    doc.remove(index, rule.id)


class Cleaner:
    """All rule files, compiled once per process; one `Chain` per combination of sites."""

    def __init__(self, files: list[RuleFile], site: str | None = None,
                 learned: dict[str, frozenset[str]] | None = None):
        self.files = files
        self.finder = SiteFinder(files, site)
        self.learned = learned or {}  # `--learn`: template lines per site group
        self._chains: dict[tuple[tuple[str, ...], str], Chain] = {}
        self._check_rule_references()

    def _check_rule_references(self) -> None:
        """Every rule id a file names (disabled, or a locator's barriers) must exist."""
        known = {rule.id for file in self.files for rule in file.rules}
        for file in self.files:
            for rule_id in file.disable:
                if rule_id not in known:
                    raise RuleError(file.path, f"disables unknown rule '{rule_id}'",
                                    field_name="site.disable")
            for rule in file.rules:
                for key in ("barriers", "link_sections"):
                    if unknown := set(rule.params.get(key, [])) - known:
                        raise RuleError(file.path, f"unknown rule id(s) {sorted(unknown)}",
                                        rule.id, key)

    def rules_for(self, sites: tuple[str, ...], kind: str = "text") -> list[Rule]:
        """Global files and the given sites' files; a later rule with the same id replaces the
        earlier one in its place; a site's `disable` list switches global rules off; a rule
        runs only on the kinds of input its `inputs` names."""
        chosen: dict[str, Rule] = {}
        disabled: set[str] = set()
        for file in self.files:
            if file.site is not None and file.site not in sites:
                continue
            disabled.update(file.disable)
            for rule in file.rules:
                chosen[rule.id] = rule
        return [rule for rule_id, rule in chosen.items()
                if rule_id not in disabled and kind in rule.inputs]

    def chain_for(self, sites: tuple[str, ...], kind: str = "text") -> Chain:
        if (sites, kind) not in self._chains:
            self._chains[sites, kind] = Chain.build(self.rules_for(sites, kind))
        return self._chains[sites, kind]

    def prepare(self, doc: Document) -> tuple[Chain, list[str]]:
        """Fold whitespace, pick the sites, normalise; returns the chain and line keys. Each
        step works on the whole text at once where it can: most lines need nothing."""
        doc.freeze_text()
        if folds := lines_to_fold(doc.encoded()):
            for index in folds:
                doc.lines[index].text = fold_whitespace(doc.lines[index].text)
            doc.freeze_text()
        keys = _line_keys(doc)
        sites = tuple(self.finder.sites_for(doc.url, keys, doc.site))
        doc.meta["site"] = ",".join(sites) or None
        chain = self.chain_for(sites, doc.kind)
        if chain.normalise(doc):  # it froze the rewritten text for the later phases
            for index, line in enumerate(doc.lines):  # only rewritten lines need a new key
                if line.normalised_by:
                    keys[index] = line_key(line.text)
        return chain, keys

    def clean(self, doc: Document) -> list[Record]:
        """Run the chain on the document (traced on it) and cut it into records. An HTML
        document is weighed against what the locator finds in the page's plain dump (see
        html.py): when its article is a fragment of the dump's, the dump's records are given
        instead; else its first and last lines that the dump's article leaves out go."""
        chain, keys = self.prepare(doc)
        chain.run(doc, keys, self.learned)
        links = list(doc.links)  # the article record takes (and extends) the document's list
        records = assemble_records(doc)
        if doc.fallback is None:
            return records
        chosen, extractor = records, "trafilatura"
        backup = self.clean(doc.fallback)
        words = _words(records[0])
        if (words < FALLBACK_SHARE * _words(backup[0])
                or fills_in(backup[0].text, records[0].text) >= FILLED_AT_LEAST):
            chosen, extractor = backup, "dump"
        elif backup[0].text and _trim_to(doc, backup[0].text):
            doc.links = links
            chosen = assemble_records(doc)
        chosen[0].extra["extractor"] = extractor
        return chosen


def traced_document(doc: Document, records: list[Record]) -> Document:
    """The document whose lines the records were cut from: an HTML page's plain dump, when
    it won over trafilatura's text (see `Cleaner.clean`), else the document itself."""
    if records[0].extra.get("extractor") == "dump" and doc.fallback is not None:
        return doc.fallback
    return doc


def _line_keys(doc: Document) -> list[str]:
    """Every line's `line_key` (whitespace is folded already): one casefold of the whole text."""
    keys = doc.text().casefold().split("\n")
    if len(keys) != len(doc.lines):  # no lines, or a line holding a newline of its own
        keys = [line.text.casefold() for line in doc.lines]
    return keys


def _trim_to(doc: Document, article: str) -> bool:
    """Remove the first and last lines of the document's own article that the dump's article
    leaves out, unless that is more than TRIM_AT_MOST of its words; whether any went."""
    body = split_segments(doc)[0].body
    head, tail = edges_outside([doc.lines[i].text for i in body], article)
    cut = body[:head] + body[len(body) - tail:]
    if not cut or (sum(len(doc.lines[i].text.split()) for i in cut)
                   > TRIM_AT_MOST * sum(len(doc.lines[i].text.split()) for i in body)):
        return False
    for index in cut:
        doc.remove(index, TRIM_RULE)
    return True


def _key(text: str) -> str:
    return " ".join(WORD.findall(text.casefold()))


def edges_outside(lines: list[str], article: str) -> tuple[int, int]:
    """How many of the first and of the last lines are not in the article: a line is in it
    when its words run on inside the article's (the two extractors cut blocks differently).
    A line with no words counts as in.

    >>> edges_outside(["Menu", "Kept text", "here.", "Share this"], "Intro\\nKept text here.")
    (1, 1)
    """
    running = f" {_key(article)} "

    def inside(line: str) -> bool:
        return not (key := _key(line)) or f" {key} " in running

    head = next((n for n, line in enumerate(lines) if inside(line)), len(lines))
    if head == len(lines):
        return head, 0
    return head, next(n for n, line in enumerate(reversed(lines)) if inside(line))


def fills_in(article: str, inner: str) -> float:
    """The share of the article's words in lines that `inner` does not hold, between the
    first and the last line it does; 0 when more than OUTSIDE_AT_MOST of them lie before
    or after those (the two disagree on where the article is, not only on what is in it).

    >>> fills_in("Intro one\\nA list\\nIntro two\\nThe end", "Intro one\\nIntro two The end")
    0.25
    """
    running = f" {_key(inner)} "
    lines = [(key, len(key.split())) for key in map(_key, article.split("\n")) if key]
    held = [f" {key} " in running for key, _ in lines]
    if True not in held:
        return 0.0
    first, last = held.index(True), len(held) - held[::-1].index(True)
    total = sum(n for _, n in lines)
    outside = sum(n for _, n in lines[:first] + lines[last:])
    if outside > OUTSIDE_AT_MOST * total:
        return 0.0
    inside = zip(lines[first:last], held[first:last], strict=True)
    return sum(n for (_, n), h in inside if not h) / total


def _words(record: Record) -> int:
    return len(record.text.split())
