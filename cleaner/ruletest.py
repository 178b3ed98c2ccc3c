"""Run the examples every rule file carries, as `clean rules test` and the test suite do.

An example gives an input and what must come out of it: the article (title and body, one
line each) in `expected`, or `unchanged = true` for text the rules must leave alone; the
related records in `related` (none if absent) and, if given, the `links`. A site file's
examples run with that site forced on; a global file's run as any document would.
"""

from __future__ import annotations

from dataclasses import dataclass

from cleaner.chain import Cleaner
from cleaner.document import Document, Record
from cleaner.matching import RuleTimeout
from cleaner.normalise import fold_whitespace
from cleaner.rulefile import Example, RuleFile


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


def check_example(cleaner: Cleaner, example: Example, source: str) -> list[str]:
    doc = Document.from_text(example.input.strip("\n"), "example", source)
    try:
        records = cleaner.clean(doc)
    except RuleTimeout as error:  # a run would skip such a document: the example fails
        return [f"{error} on this example's input"]
    problems: list[str] = []
    if example.unchanged:
        want = "\n".join(t for t in map(fold_whitespace, example.input.splitlines()) if t)
    else:
        want = example.expected.strip("\n")
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


def run_examples(files: list[RuleFile]) -> list[ExampleResult]:
    results = []
    for file in files:
        cleaner = Cleaner(files, site=file.site)
        for example in file.examples:
            problems = check_example(cleaner, example, str(file.path))
            results.append(ExampleResult(str(file.path), example.name, problems))
    return results
