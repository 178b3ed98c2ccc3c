"""Run the examples every rule file carries, as `clean rules test` and the test suite do.

An example gives an input and what must come out of it: the article (title and body, one
line each) in `expected`, or `unchanged = true` for text the rules must leave alone; the
related records in `related` (none if absent) and, if given, the `links`. A site file's
examples run with that site forced on; a global file's run as any document would.

An example also names the rules it tests (`rules = ["boilerplate.skip-links"]`, as semgrep's
`ruleid:` annotations do), and each of them must act on it, or the example fails:

- A rule acts when the document's trace names it (what `clean explain` and the records'
  `removed` show): it removed a line, rewrote one (a normalisation, a title's suffix), opened
  a related record or a list item, or made a link. Moving a caption to metadata removes its
  line, so it is traced too.
- A barrier (a rule with a `barrier` role or `links_below`, which the locator of the
  example's chain reads) acts through the locator too, which keeps no trace of why it
  stopped; and the line it removed may be one the locator (or the learned end-trimmer) would
  have cut anyway, under its own id. So a barrier acts when switching it off (the rule
  gone) changes what the example's records keep: their texts and
  metadata, links included, but not the trace, which names another rule whenever the rule is
  gone. That costs one more cleaning of the example, with the rules compiled once per barrier
  that an example names (milliseconds each).

A rule that no example names is reported. For `clean rules test` that is a warning, not a
failure: a user's file (or one `clean learn` wrote, whose example names no rule) tests what
its author chose, and its exit code stays that of the examples. For the shipped files the
test suite makes it a failure, and it switches each shipped rule off in turn (`switched_off`)
to check that an example naming it then fails: an example that passes without its rule does
not pin it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from cleaner.actions import ACTIONS
from cleaner.chain import Cleaner
from cleaner.document import Document, Record
from cleaner.matching import RuleTimeout
from cleaner.normalise import fold_whitespace
from cleaner.rulefile import Example, Rule, RuleFile
from cleaner.template import template_key


@dataclass(slots=True)
class ExampleResult:
    file: str
    name: str
    problems: list[str]

    @property
    def passed(self) -> bool:
        return not self.problems


def article_lines(record: Record) -> str:
    return "\n".join(([record.title] if record.title else []) + record.text.splitlines())


def clean_example(cleaner: Cleaner, example: Example,
                  file: RuleFile) -> tuple[Document, list[Record]]:
    """The example's document, cleaned (and traced) as its file's documents are."""
    if example.html is not None:  # read as an HTML file is: trafilatura's text, the dump
        from cleaner.sources.html import read_html  # trafilatura loads slowly: on first use

        doc = read_html(example.html, "example", str(file.path))
        doc.site = file.site
        doc.url = example.url
    else:
        doc = Document.from_text(example.input.strip("\n"), "example", str(file.path),
                                 site=file.site, url=example.url)
    if file.languages:  # a language's file: its examples are in its language
        doc.language = file.languages[0]
    # As `clean --learn` would have counted them on its site's pages (a cleaner that learned
    # nothing leaves a document's template as it is).
    doc.template = frozenset(template_key(line) for line in example.template)
    return doc, cleaner.clean(doc)


def output_problems(example: Example, records: list[Record]) -> list[str]:
    """How the records differ from what the example says must come out."""
    problems: list[str] = []
    if example.unchanged:
        want = "\n".join(t for t in map(fold_whitespace, example.input.splitlines()) if t)
    else:
        want = (example.expected or "").strip("\n")  # set when not `unchanged`
    got = article_lines(records[0])
    if got != want:
        problems.append(f"article:\n--- expected\n{want}\n--- got\n{got}")
    related = [r.to_json() for r in records[1:]]
    if len(related) != len(example.related):
        problems.append(f"expected {len(example.related)} related records, got {len(related)}: "
                        + "; ".join(str(r["metadata"]["title"]) for r in related))
    pairs = zip(example.related, related, strict=False)
    for number, (want_record, got_record) in enumerate(pairs, start=1):
        for key, value in want_record.items():
            actual = got_record["text"] if key == "text" else got_record["metadata"].get(key)
            if actual != value:
                problems.append(f"related {number} {key}: expected {value!r}, got {actual!r}")
    if example.links is not None:
        links = [{k: v for k, v in link.items() if k != "rule"} for link in records[0].links]
        if links != example.links:
            problems.append(f"links: expected {example.links}, got {links}")
    return problems


def example_fails(cleaner: Cleaner, example: Example, file: RuleFile) -> bool:
    """Whether the example's output is wrong (or a rule times out on it) with these rules."""
    try:
        return bool(output_problems(example, clean_example(cleaner, example, file)[1]))
    except RuleTimeout:
        return True


def traced_rules(doc: Document, records: list[Record]) -> set[str]:
    """The rules the document's trace names: removals, rewrites, record boundaries, links."""
    traced = {line.removed_by for line in doc.lines if line.removed_by}
    traced.update(rule_id for line in doc.lines for rule_id in line.normalised_by)
    traced.update(boundary.rule for boundary in doc.boundaries)
    traced.update(rule_id for rule_id, _ in doc.retitled)
    traced.update(link["rule"] for link in records[0].links if "rule" in link)
    return traced


def barriers_of(rules: list[Rule]) -> set[str]:
    """The ids of the rules whose lines shape a locator's cut (a role, or links_below), when
    the chain of `rules` has an action that reads those roles (`bind`): a site may switch
    the locator off."""
    if not any(ACTIONS[rule.action].bind for rule in rules):
        return set()
    return {rule.id for rule in rules if rule.barrier or rule.links_below}


def switched_off(files: list[RuleFile], rule_id: str) -> list[RuleFile]:
    """The files as if the rule had never been written: without it, and out of every site's
    `disable`. The other rules are the very objects loaded (their compiled patterns shared);
    only the files are copied."""
    return [dataclasses.replace(
        file, rules=[rule for rule in file.rules if rule.id != rule_id],
        disable=[x for x in file.disable if x != rule_id]) for file in files]


class ExampleRunner:
    """Runs examples with the rules compiled once for all files, and once more without each
    barrier that an example names (see the module docstring)."""

    def __init__(self, files: list[RuleFile]):
        self.files = files
        self.cleaner = Cleaner(files)
        self._without: dict[str, Cleaner] = {}

    def check(self, example: Example, file: RuleFile) -> list[str]:
        try:
            doc, records = clean_example(self.cleaner, example, file)
        except RuleTimeout as error:  # a run would skip such a document: the example fails
            return [f"{error} on this example's input"]
        return output_problems(example, records) + self._not_acting(example, file, doc, records)

    def _not_acting(self, example: Example, file: RuleFile, doc: Document,
                    records: list[Record]) -> list[str]:
        """A problem for each rule the example names that does not act on it."""
        sites = doc.chosen_sites()
        barriers = barriers_of(self.cleaner.chain_for(sites, doc.input_kind,
                                                      doc.language).rules)
        traced = traced_rules(doc, records)
        problems = []
        for rule_id in example.rules:
            if rule_id in barriers:
                if not self._barrier_acts(rule_id, example, file, records):
                    problems.append(f"names barrier '{rule_id}', but switching it off changes "
                                    "nothing that this example's records keep")
            elif rule_id not in traced:
                problems.append(f"names rule '{rule_id}', which does not act on this example "
                                "(no line removed or rewritten, no record or link made)")
        return problems

    def _barrier_acts(self, rule_id: str, example: Example, file: RuleFile,
                      records: list[Record]) -> bool:
        if rule_id not in self._without:
            self._without[rule_id] = Cleaner(switched_off(self.files, rule_id))
        try:
            _, without = clean_example(self._without[rule_id], example, file)
        except RuleTimeout:  # it did not time out with the barrier: a change
            return True
        return kept(without) != kept(records)


def kept(records: list[Record]) -> list[dict]:
    """What the records keep, without the trace: the records as written, less `removed` and
    each link's `rule`."""
    out = []
    for record in records:
        data = record.to_json()
        meta = {key: value for key, value in data["metadata"].items() if key != "removed"}
        meta["links"] = [{k: v for k, v in link.items() if k != "rule"} for link in meta["links"]]
        out.append({**data, "metadata": meta})
    return out


def run_examples(files: list[RuleFile]) -> list[ExampleResult]:
    runner = ExampleRunner(files)
    return [ExampleResult(str(file.path), example.name, runner.check(example, file))
            for file in files for example in file.examples]


def unnamed_rules(files: list[RuleFile]) -> list[tuple[RuleFile, Rule]]:
    """The rules (by id) that no example of any of the files names."""
    named = {rule_id for file in files for example in file.examples for rule_id in example.rules}
    return [(file, rule) for file in files for rule in file.rules if rule.id not in named]
