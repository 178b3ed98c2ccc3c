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
    from conftest import train_pages

    from cleaner import Cleaner, Document, load_rule_files

    cleaner = Cleaner(load_rule_files())
    taken = set()
    for path in train_pages("gold"):
        doc = Document.from_text(path.read_text(encoding="utf-8"), path.stem, path.name)
        chain, keys = cleaner.prepare(doc)
        for index, rule in chain.matcher.matches(doc, keys).items():
            taken.add((rule.id, path.name, doc.lines[index].text))
    assert taken == {("generic.related-heading", "wcxb-0406.txt", "Related")}


def test_pattern_rules_split_over_sets_find_what_one_set_finds(monkeypatch):
    """The line rules' patterns go through several RE2 sets (matching._sets); the lines they
    name must be those one set names, on the dev set's text dumps, whose junk most of the
    patterns take."""
    from conftest import train_pages

    from cleaner import Cleaner, Document, load_rule_files, matching

    files = load_rule_files()
    split = Cleaner(files)
    assert len(split.chain_for((), "text").matcher.prefilter) > 1  # built before the patch
    monkeypatch.setattr(matching, "PER_SET", 10_000)
    whole = Cleaner(files)
    assert len(whole.chain_for((), "text").matcher.prefilter) == 1
    found = 0
    for path in train_pages("text")[::4]:
        doc = Document.from_text(path.read_text(encoding="utf-8"), path.stem, path.name)
        chain, keys = split.prepare(doc)
        mine = chain.matcher.matches(doc, keys)
        assert mine == whole.chain_for((), "text").matcher.matches(doc, keys), path.name
        found += len(mine)
    assert found > 500
