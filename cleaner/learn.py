"""Learn a site's boilerplate from the corpus: lines that recur across many of its documents.

A site's template prints the same lines on every page (menus, footers, share bars), while its
articles do not repeat each other. So a line (whitespace and case folded, digits folded to
`#`) found in at least `min_share` of a site's documents, and in at least `min_docs` of them,
is template, unless it reads as article prose (a standfirst or disclaimer that recurs is rare,
and losing a real sentence costs more than keeping a junk one).

Used two ways: `clean learn` writes the lines as a site rule file for a person to review, and
`clean --learn` removes them on the fly (the rule `boilerplate.learned-template`), in two
passes like CCNet's corpus-wide line deduplication, but per site. Documents are grouped by URL
domain when known, else by their folder under INPUT (one folder a site).
"""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import regex

from cleaner.chain import Cleaner, load_rule_files
from cleaner.document import Document
from cleaner.locate import WORD
from cleaner.normalise import fold_whitespace
from cleaner.rulefile import toml_string
from cleaner.ruletest import article_lines, traced_rules
from cleaner.sinks import write_atomic
from cleaner.sources import DEFAULT_FIELDS, InputFile, JsonlFields, Skip, read_documents
from cleaner.template import (
    DIGITS,
    MAX_LINE_CHARS,
    group_of,
    reads_as_prose,
    template_key,
)

MIN_SHARE = 0.3
MIN_DOCS = 5


@dataclass(slots=True)
class SiteLines:
    """Line counts of one site: in how many documents each template key occurs."""

    documents: int = 0
    counts: Counter = field(default_factory=Counter)
    samples: dict[str, str] = field(default_factory=dict)  # key -> a line as printed
    examples: list[list[str]] = field(default_factory=list)  # a few documents' lines

    def add(self, lines: list[str]) -> None:
        self.documents += 1
        keys = set()
        for text in lines:
            if text and len(text) <= MAX_LINE_CHARS and not reads_as_prose(text):
                key = template_key(text)
                keys.add(key)
                self.samples.setdefault(key, text)
        self.counts.update(keys)
        if len(self.examples) < 3:
            self.examples.append(lines)

    def template(self, min_share: float = MIN_SHARE, min_docs: int = MIN_DOCS) -> set[str]:
        needed = max(min_docs, min_share * self.documents)
        return {key for key, count in self.counts.items() if count >= needed}


def count_lines(items: list[InputFile], cleaner: Cleaner,
                fields: JsonlFields = DEFAULT_FIELDS) -> dict[str, SiteLines]:
    """Pass one: per site group, in how many documents each line occurs. Lines are counted
    as the rules see them: whitespace folded and the named rewrites done (`prepare`), so a
    learned line matches the line it was learned from (`- Five killed -` is matched as
    `Five killed`, once its decoration is stripped)."""
    sites: dict[str, SiteLines] = {}
    for item in items:
        try:
            for doc in read_documents(item, fields):
                if isinstance(doc, Document):  # the cleaning pass reports the others
                    cleaner.prepare(doc)
                    lines = [line.text for line in doc.lines]
                    sites.setdefault(group_of(doc), SiteLines()).add(lines)
        except Skip:
            continue
    return sites


def learned_keys(sites: dict[str, SiteLines], min_share: float = MIN_SHARE,
                 min_docs: int = MIN_DOCS) -> dict[str, frozenset[str]]:
    return {name: frozenset(site.template(min_share, min_docs)) for name, site in sites.items()}


def _pattern_for(key: str, sample: str) -> str:
    """A regex for a template line whose digits vary: the sample, digits as `\\d+`."""
    parts = DIGITS.split(fold_whitespace(sample))
    escaped = (regex.escape(p, special_only=True, literal_spaces=True) for p in parts)
    return "(?i)^" + r"\d+".join(escaped) + "$"


def rule_file_text(name: str, site: SiteLines, template: set[str],
                   generic: frozenset[str] = frozenset()) -> tuple[str, dict[str, str]]:
    """A site rule file for review, its example left to `example_text`: the learned lines and
    fingerprints; and each template key's rule id. Fingerprints are the most frequent
    template lines that the generic rules do not know (`generic`), since a line every site
    prints would recognise every site."""
    ranked = sorted(template, key=lambda k: (-site.counts[k], k))
    exact = [site.samples[k] for k in ranked if "#" not in k]
    varying = [_pattern_for(k, site.samples[k]) for k in ranked if "#" in k]
    rule_of = {key: f"{name}.template-{number}"
               for number, key in enumerate((k for k in ranked if "#" in k), start=1)}
    rule_of.update({key: f"{name}.template-lines" for key in ranked if "#" not in key})
    fingerprints = [site.samples[k] for k in ranked if "#" not in k and k not in generic
                    and len(WORD.findall(site.samples[k])) >= 2][:3]
    out = [f"# Learned by `clean learn` from {site.documents} documents of {name}.",
           "# Review before use: each line below recurred in many of the site's documents.",
           "", "[site]", f"name = {toml_string(name)}"]
    if "." in name and "/" not in name:
        out.append(f"domains = [{toml_string(name)}]")
    out.append(f"fingerprints = [{', '.join(map(toml_string, fingerprints))}]")
    if exact:
        out += ["", "[[rule]]", f"id = {toml_string(name + '.template-lines')}",
                'action = "drop_line"',
                'reason = "Lines the site\'s template prints on many pages (learned)."',
                "lines = [", *[f"  {toml_string(t)}," for t in exact], "]"]
    for number, pattern in enumerate(varying, start=1):
        out += ["", "[[rule]]", f"id = {toml_string(f'{name}.template-{number}')}",
                'action = "drop_line"',
                'reason = "A template line whose numbers change from page to page (learned)."',
                f"pattern = {toml_string(pattern)}"]
    return "\n".join(out) + "\n", rule_of


def example_text(name: str, site: SiteLines, rule_of: dict[str, str], rules: str) -> str:
    """The rule file's example, as `clean rules test` runs it (the shipped rules and `rules`,
    the file's text): of the documents kept, the one on whose cut-down form the most learned
    rules act. It names the rules that act, and expects what came out."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "learned.toml"
        path.write_text(rules, encoding="utf-8")
        cleaner = Cleaner(load_rule_files([path]))
        shown = [(len(found[0]), -number, *found) for number, lines in enumerate(site.examples)
                 if (found := _acting(cleaner, path, name, lines, rule_of))[0]]
    if not shown:
        raise NoExample
    _, _, acting, body, expected = max(shown)
    return "\n".join(["", "[[example]]", 'name = "a document of the corpus"',
                      f"rules = [{', '.join(map(toml_string, acting))}]",
                      f"input = {toml_string(body)}",
                      f"expected = {toml_string(expected)}"]) + "\n"


TRIES = 5  # lines of a rule tried in turn, where a shipped rule takes the one before


def _acting(cleaner: Cleaner, path: Path, name: str, lines: list[str],
            rule_of: dict[str, str]) -> tuple[list[str], str, str]:
    """A document cut down to its first two prose lines and a template line of each rule
    (half above them, half below): the rules that act on it, the cut-down text and what
    comes out. A rule whose line a shipped rule takes (a menu's "Skip to content") tries
    its next line; one that never acts is left out."""
    prose = [t for t in lines if reads_as_prose(t)][:2]
    candidates: dict[str, list[str]] = {}  # rule id -> its lines, in the document's order
    for text in lines:
        if text and (key := template_key(text)) in rule_of:
            candidates.setdefault(rule_of[key], []).append(text)
    tried = dict.fromkeys(candidates, 0)
    while prose and tried:
        shown = [candidates[rule][tried[rule]] for rule in tried]
        above = (len(shown) + 1) // 2
        body = "\n".join([*shown[:above], *prose, *shown[above:]])
        doc = Document.from_text(body, "example", str(path), site=name)
        records = cleaner.clean(doc)
        traced = traced_rules(doc, records)
        idle = [rule for rule in tried if rule not in traced]
        if not idle:
            return list(tried), body, article_lines(records[0])
        for rule in idle:  # its next line, or the rule is left out
            tried[rule] += 1
            if tried[rule] >= min(TRIES, len(candidates[rule])):
                del tried[rule]
    return [], "", ""


class NoDocuments(Exception):
    """INPUT holds no document that could be read: nothing to learn from, no file to write."""


class NothingLearned(Exception):
    """No line recurs in enough documents: a rule file without rules would pass every test
    and remove nothing."""


class NoExample(Exception):
    """No document of the corpus shows a template line beside prose, so the learned rules
    could carry no example that shows them acting."""


def write_rule_file(items: list[InputFile], name: str, out: Path, cleaner: Cleaner,
                    min_share: float = MIN_SHARE, min_docs: int = MIN_DOCS,
                    fields: JsonlFields = DEFAULT_FIELDS) -> tuple[int, int]:
    """Learn from all of INPUT as one site; returns (documents, template lines)."""
    site = SiteLines()
    for group in count_lines(items, cleaner, fields).values():
        site.documents += group.documents
        site.counts.update(group.counts)
        for key, text in group.samples.items():
            site.samples.setdefault(key, text)
        site.examples.extend(group.examples)
    if not site.documents:  # a rule file "learned from 0 documents" would only mislead
        raise NoDocuments
    template = site.template(min_share, min_docs)
    if not template:
        raise NothingLearned
    generic = frozenset(key for file in cleaner.files if file.site is None
                        for rule in file.rules for key in rule.keys)
    rules, rule_of = rule_file_text(name, site, template, generic)
    write_atomic(out, rules + example_text(name, site, rule_of, rules))
    return site.documents, len(template)
