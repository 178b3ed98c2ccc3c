"""`clean rules check --corpus DIR`: how each rule behaves on a real corpus.

A rule that never fires is dead weight or mistyped; a rule that removes a large share of a
document's lines has likely gone wild (a pattern broader than its author meant). Both are
listed with examples, so a person can look before trusting the rule on a million pages.
A `locate_content` rule is not held to the share: keeping the article of a whole-page dump
and dropping the rest is its job. A rule whose pattern times out on a document is named with
the document, which a run would skip; the check goes on with the next one. What each rule
costs (its seconds over the corpus, and their share of the cleaning's time) is listed last,
the costliest first: a pattern that makes every document slower shows there.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from cleaner.chain import Cleaner, traced_document
from cleaner.document import Document
from cleaner.matching import RuleTimeout
from cleaner.sources import DEFAULT_FIELDS, InputFile, JsonlFields, Skip, Skipped, read_documents


@dataclass(slots=True)
class RuleUse:
    lines: int = 0
    documents: int = 0
    samples: list[str] = field(default_factory=list)
    wild: list[tuple[str, float]] = field(default_factory=list)  # (document, share removed)
    timeouts: list[str] = field(default_factory=list)  # documents it ran past its time on


@dataclass(slots=True)
class Cost:
    """What cleaning the corpus took: seconds per rule id (and per step that is no rule's:
    chain.PREPARING, chain.RECORDS, matching.LINE_SCAN), of `total` seconds."""
    seconds: dict[str, float]
    total: float

    def ranked(self) -> list[tuple[str, float]]:
        return sorted(self.seconds.items(), key=lambda kv: (-kv[1], kv[0]))


def check_rules(cleaner: Cleaner, items: list[InputFile], wild_share: float = 0.5,
                fields: JsonlFields = DEFAULT_FIELDS
                ) -> tuple[dict[str, RuleUse], int, list[Skipped], Cost]:
    """Per rule id: lines removed, documents touched, sample lines, documents where it removed
    more than `wild_share` of the non-blank lines. Also the number of documents read, and
    those that could not be read (a corpus that is mostly unreadable makes every rule look
    silent, so they are named), and what each rule cost."""
    cleaner.costs = defaultdict(float)
    total = 0.0
    uses: dict[str, RuleUse] = {rule.id: RuleUse() for f in cleaner.files for rule in f.rules}
    locators = {rule.id for f in cleaner.files for rule in f.rules
                if rule.action == "locate_content"}
    documents = 0
    skipped: list[Skipped] = []
    for item in items:
        try:
            docs = list(read_documents(item, fields))
        except Skip as reason:
            skipped.append(Skipped(item.relative, str(reason)))
            continue
        skipped.extend(d for d in docs if isinstance(d, Skipped))
        for doc in (d for d in docs if isinstance(d, Document)):
            documents += 1
            started = time.perf_counter()
            try:
                records = cleaner.clean(doc)
            except RuleTimeout as error:
                uses.setdefault(error.rule_id, RuleUse()).timeouts.append(_name(doc))
                continue
            finally:
                total += time.perf_counter() - started
            _count(traced_document(doc, records), uses, wild_share, locators)
    cost = Cost(dict(cleaner.costs), total)
    cleaner.costs = None
    return uses, documents, skipped, cost


def _count(doc: Document, uses: dict[str, RuleUse], wild_share: float,
           locators: set[str]) -> None:
    removed = Counter(line.removed_by for line in doc.lines if line.removed_by)
    total = sum(1 for line in doc.lines if line.text) or 1
    for rule_id, count in removed.items():
        use = uses.setdefault(rule_id, RuleUse())  # learned rules have no file
        use.lines += count
        use.documents += 1
        if len(use.samples) < 3:  # three different lines, where the rule removed such
            sample = next((line.text for line in doc.lines if line.removed_by == rule_id
                           and line.text not in use.samples), None)
            if sample is not None:
                use.samples.append(sample)
        if count / total > wild_share and len(use.wild) < 5 and rule_id not in locators:
            use.wild.append((_name(doc), count / total))


def _name(doc: Document) -> str:
    """A page by its file, a corpus record by its id."""
    return doc.source if doc.id == doc.file_id else doc.id
