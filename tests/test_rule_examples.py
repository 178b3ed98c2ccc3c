"""Every rule file's own examples pass (the same check as `clean rules test`)."""

from __future__ import annotations

import pytest

from cleaner import load_rule_files
from cleaner.ruletest import run_examples

RESULTS = run_examples(load_rule_files())


def test_every_shipped_file_carries_examples():
    files = {r.file for r in RESULTS}
    assert {p.path.name for p in load_rule_files()} == {f.rsplit("/", 1)[-1] for f in files}


@pytest.mark.parametrize("result", RESULTS, ids=lambda r: f"{r.file.rsplit('/', 1)[-1]}: {r.name}")
def test_example(result):
    assert result.passed, "\n".join(result.problems)


def test_the_line_rules_take_no_line_of_the_dev_sets_gold_texts():
    """The shipped line rules are written for every site's boilerplate; a rule that takes a
    line of a real article's text (the dev set's 32,000 gold lines, 400 sites) is too broad.
    The one exception: a gold text that keeps its page's bare "Related" heading."""
    from conftest import SHARED

    from cleaner import Cleaner, Document, load_rule_files

    cleaner = Cleaner(load_rule_files())
    taken = set()
    for path in sorted((SHARED / "devset" / "gold").glob("*.txt")):
        doc = Document.from_text(path.read_text(encoding="utf-8"), path.stem, path.name)
        chain, keys = cleaner.prepare(doc)
        for index, rule in chain.matcher.matches(doc, keys).items():
            taken.add((rule.id, path.name, doc.lines[index].text))
    assert taken == {("generic.related-heading", "wcxb-0406.txt", "Related")}
