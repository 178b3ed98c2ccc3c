"""The rule chain: runs the rules that apply to a document in the phases of their actions,
then cuts records.

The phases are the actions' order (cleaner/actions/__init__.py); within a phase, rules run in
file order (global files, then site files). The chain knows no action by name, only how an
action is called (its `stage`): rewrites before the lines are keyed, line rules all at once
through the compiled `LineMatcher`, every other rule one at a time, and those marked
`again_at_end` once more after the last phase.
"""

from __future__ import annotations

import functools
import time
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cleaner.actions import ACTIONS
from cleaner.document import Document, Record
from cleaner.language import guess
from cleaner.matching import LINE_SCAN, Costs, LineMatcher, PatternScan, RuleTimeout
from cleaner.normalise import fold_whitespace, line_key, lines_to_fold
from cleaner.records import assemble_records
from cleaner.rulefile import Rule, RuleError, RuleFile, read_rule_files
from cleaner.sites import SiteFinder
from cleaner.template import group_of

PHASE = {name: number for number, name in enumerate(ACTIONS)}
# What a document's cleaning costs besides its rules (the names are no rule's id).
PREPARING = "(preparing: whitespace, line keys, sites, language)"
RECORDS = "(cutting records)"
COMPILING = "(compiling the rules, once for each combination of sites)"


def load_rule_files(extra_folders: list[Path] | None = None) -> list[RuleFile]:
    """The shipped rule files, then the user's folders (`--rules`), each rule checked
    against the declaration of its action."""
    return read_rule_files(extra_folders or [], ACTIONS)


@dataclass(slots=True)
class Chain:
    """The compiled rules for one combination of sites."""

    rules: list[Rule]
    matcher: LineMatcher  # the rules of the actions of the "lines" stage, compiled together
    line_actions: tuple[str, ...]  # those actions
    scan: PatternScan  # the patterns its actions search whole documents for, read in one pass

    @classmethod
    def build(cls, rules: list[Rule], matchers: dict[tuple[int, ...], LineMatcher]) -> Chain:
        """The chain of these rules; its line matcher is shared with every chain of the same
        line rules (`matchers`): an HTML page's two texts go through two chains, and RE2
        builds each matcher's automaton anew as it reads (about 0.5 s of a run's text)."""
        ordered = sorted(rules, key=lambda r: PHASE[r.action])  # stable: file order kept
        ordered = [_bound(rule, ordered) for rule in ordered]
        line_rules = [r for r in ordered if ACTIONS[r.action].stage == "lines"]
        key = tuple(map(id, line_rules))
        if key not in matchers:
            matchers[key] = LineMatcher(line_rules)
        scanned = [(rule.path, rule.compiled[name].pattern) for rule in ordered
                   for name, param in ACTIONS[rule.action].params.items()
                   if param.scanned and name in rule.compiled]
        return cls(ordered, matchers[key], tuple(dict.fromkeys(r.action for r in line_rules)),
                   PatternScan(scanned))

    def run(self, doc: Document, keys: list[str], costs: Costs | None = None) -> None:
        """Every phase after the rewrites (`rewrite_lines`, which `Cleaner.prepare` runs);
        with `costs`, each rule's seconds are added to it."""
        with _timed(costs, LINE_SCAN):
            self.scan.read(doc)
        if self.line_actions:
            matches = self.matcher.matches(doc, keys, costs)
            for name in self.line_actions:
                ACTIONS[name].run(doc, {index: rule for index, rule in matches.items()
                                        if rule.action == name})
        for rule in self.rules:
            if ACTIONS[rule.action].stage == "document":
                _run_rule(doc, rule, costs)
        for rule in self.rules:
            if ACTIONS[rule.action].again_at_end:
                _run_rule(doc, rule, costs)

    def rewrite_lines(self, doc: Document, costs: Costs | None = None) -> bool:
        """Run the rules of the "prepare" stage (the named rewrites); whether any line
        changed."""
        changed = False
        for rule in self.rules:
            if ACTIONS[rule.action].stage == "prepare" and _run_rule(doc, rule, costs):
                # The next rule's may-need test, and the later phases, search this text (only
                # `title_suffix` rewrites after this).
                doc.freeze_text()
                changed = True
        return changed


def _bound(rule: Rule, rules: list[Rule]) -> Rule:
    bind = ACTIONS[rule.action].bind
    return bind(rule, rules) if bind else rule


def _run_rule(doc: Document, rule: Rule, costs: Costs | None = None) -> object:
    with _timed(costs, rule.id):
        try:
            return ACTIONS[rule.action].run(doc, rule)
        except TimeoutError:
            raise RuleTimeout(rule.id) from None


@contextmanager
def _timed(costs: Costs | None, key: str) -> Iterator[None]:
    """The block's seconds added to `costs[key]`; nothing is timed without `costs`."""
    if costs is None:
        yield
        return
    started = time.perf_counter()
    try:
        yield
    finally:
        costs[key] += time.perf_counter() - started


class Cleaner:
    """All rule files, compiled once per process; one `Chain` per combination of sites."""

    def __init__(self, files: list[RuleFile], site: str | None = None,
                 learned: dict[str, frozenset[str]] | None = None, language: str | None = None):
        self.files = files
        self.language = language  # `--language`: every document's, instead of a guess
        self.finder = SiteFinder(files, site)
        self.learned = learned or {}  # `--learn`: template lines per site group
        self._chains: dict[tuple[tuple[str, ...], str, str | None], Chain] = {}
        self.languages = {code for file in files for code in file.languages}
        self.longest_key = max((len(key) for key in [*self.finder.fingerprints, *(
            key for file in files for rule in file.rules for key in rule.keys)]), default=0)
        self._matchers: dict[tuple[int, ...], LineMatcher] = {}
        # Seconds spent per rule id (and in PREPARING, RECORDS and the line rules' one pass),
        # added up over the documents cleaned while it is a `Costs` (`clean rules check`).
        self.costs: Costs | None = None
        self._check_rule_references()

    def _check_rule_references(self) -> None:
        """Every rule id a file disables must exist."""
        known = {rule.id for file in self.files for rule in file.rules}
        for file in self.files:
            for rule_id in file.disable:
                if rule_id not in known:
                    raise RuleError(file.path, f"disables unknown rule '{rule_id}'",
                                    field_name="site.disable")

    def rules_for(self, sites: tuple[str, ...], input_kind: str = "text",
                  language: str | None = None) -> list[Rule]:
        """Global files, the given sites' files and the files of the document's language; a
        later rule with the same id replaces the earlier one in its place; a site's `disable`
        list switches global rules off; a rule runs only on the kinds of input its `inputs`
        names."""
        chosen: dict[str, Rule] = {}
        disabled: set[str] = set()
        for file in self.files:
            if file.site is not None and file.site not in sites:
                continue
            if file.languages and language not in file.languages:
                continue
            disabled.update(file.disable)
            for rule in file.rules:
                chosen[rule.id] = rule
        return [rule for rule_id, rule in chosen.items()
                if rule_id not in disabled and input_kind in rule.inputs]

    def replacing(self, file: RuleFile, rule: Rule) -> list[RuleFile]:
        """The later files whose rule of the same id replaces this one where both apply (see
        `rules_for`): a global file's on every document, a site file's on its site's."""
        later = self.files[self.files.index(file) + 1:]
        return [other for other in later
                if None in (other.site, file.site) or other.site == file.site
                if any(r.id == rule.id for r in other.rules)]

    def chain_for(self, sites: tuple[str, ...], input_kind: str = "text",
                  language: str | None = None) -> Chain:
        if language not in self.languages:
            language = None  # no file of its own: the chain every other language has
        key = (sites, input_kind, language)
        if key not in self._chains:
            self._chains[key] = Chain.build(self.rules_for(sites, input_kind, language),
                                            self._matchers)
        return self._chains[key]

    def prepare(self, doc: Document) -> tuple[Chain, list[str]]:
        """Fold whitespace, pick the sites, normalise; returns the chain and line keys. Each
        step works on the whole text at once where it can: most lines need nothing."""
        doc.freeze_text()
        if folds := lines_to_fold(doc.encoded()):
            for index in folds:
                doc.lines[index].text = fold_whitespace(doc.lines[index].text)
            doc.freeze_text()
        keys = _line_keys(doc, self.longest_key)
        if self.learned:
            doc.template = self.learned.get(group_of(doc), frozenset())
        sites = tuple(self.finder.sites_for(doc, keys))
        doc.meta["site"] = ",".join(sites) or None
        doc.meta["language"] = (doc.language or self.language or self.finder.language_of(sites)
                                or guess_language(doc))
        with _timed(self.costs, COMPILING):
            chain = self.chain_for(sites, doc.input_kind, doc.own_language())
        if chain.rewrite_lines(doc, self.costs):  # it froze the rewritten text for later
            for index, line in enumerate(doc.lines):  # only rewritten lines need a new key
                if line.normalised_by:
                    keys[index] = line_key(line.text)
        return chain, keys

    def clean(self, doc: Document) -> list[Record]:
        """Run the chain on the document (traced on it) and cut it into records. An HTML
        document is weighed against what the locator finds in the page's plain dump (see
        weigh.py): when its article is a fragment of the dump's, the dump's records are given
        instead; else its first and last lines that the dump's article leaves out go."""
        costs = self.costs
        if costs is not None:
            started, compiling = time.perf_counter(), costs[COMPILING]
        chain, keys = self.prepare(doc)
        if costs is not None:  # compiling a chain's rules is counted apart (`chain_for`)
            costs[PREPARING] += time.perf_counter() - started - (costs[COMPILING] - compiling)
        chain.run(doc, keys, costs)
        links = list(doc.links)  # the article record takes (and extends) the document's list
        with _timed(costs, RECORDS):
            records = assemble_records(doc)
        if doc.dump is None:
            return records
        doc.dump.weighed = True
        # cleaned when a weighing rule first asks (a page of a language whose dump is not
        # weighed never does: that was about a third of the chain's time on such a page)
        dump_records = functools.cache(lambda: self.clean(typing.cast(Document, doc.dump)))
        for rule in chain.rules:
            if ACTIONS[rule.action].stage == "weigh":
                with _timed(costs, rule.id):
                    weighed = ACTIONS[rule.action].run(doc, rule, records, links, dump_records)
                records = typing.cast(list[Record], weighed)
        return records


def guess_language(doc: Document) -> str | None:
    """The language of the document's prose; for an HTML page whose extracted text is too
    short or too bare to tell (a list of headlines), that of the page's whole dump: a page
    is written in one language, and the dump holds all its text."""
    found = guess(doc.text())
    if found is None and doc.dump is not None:
        return guess(doc.dump.text())
    return found


def traced_document(doc: Document, records: list[Record]) -> Document:
    """The document whose lines the records were cut from: an HTML page's plain dump, when
    it won over trafilatura's text (see weigh.py), else the document itself."""
    if records[0].extra.get("extractor") == "dump" and doc.dump is not None:
        return doc.dump
    return doc


NO_KEY = "\n"  # the key of a line no exact rule or fingerprint can match: no key holds one


def _line_keys(doc: Document, longest: int) -> list[str]:
    """Every line's `line_key` (whitespace is folded already), but NO_KEY for a line longer
    than the longest key a rule or fingerprint has: a casefold is never shorter than its
    text, so such a line matches none, and most of a text's characters are in such lines
    (casefolding only the others takes a third of the time of casefolding the whole)."""
    return [line.text.casefold() if len(line.text) <= longest else NO_KEY for line in doc.lines]
