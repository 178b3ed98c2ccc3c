"""Every rule file's own examples pass (the same check as `clean rules test`), each rule they
name acts on them, and every shipped rule is pinned: named by an example that fails without it."""

from __future__ import annotations

import pytest

from cleaner import Cleaner, load_rule_files
from cleaner.ruletest import example_fails, run_examples, switched_off, unnamed_rules

FILES = load_rule_files()
RESULTS = run_examples(FILES)
RULE_IDS = [rule.id for file in FILES for rule in file.rules]


def test_every_shipped_file_carries_examples():
    files = {r.file for r in RESULTS}
    assert {p.path.name for p in FILES} == {f.rsplit("/", 1)[-1] for f in files}


@pytest.mark.parametrize("result", RESULTS, ids=lambda r: f"{r.file.rsplit('/', 1)[-1]}: {r.name}")
def test_example(result):
    assert result.passed, "\n".join(result.problems)


def test_every_shipped_example_with_an_output_names_its_rules():
    unnamed = [example.name for file in FILES for example in file.examples
               if not example.unchanged and not example.rules]
    assert unnamed == []


def test_every_shipped_rule_is_named_by_an_example():
    assert [rule.id for _, rule in unnamed_rules(FILES)] == []


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_switching_a_rule_off_fails_an_example_that_names_it(rule_id):
    """An example that passes without its rule does not test it: the rule could go, or break,
    unseen. Switched off means as if never written: gone, and out of every site's `disable`.
    The other rules stay the objects loaded, so only the chains are compiled again (about 10
    ms a rule)."""
    off = Cleaner(switched_off(FILES, rule_id))
    naming = [(file, example) for file in FILES for example in file.examples
              if rule_id in example.rules]
    assert naming, f"no example names {rule_id}"
    assert any(example_fails(off, example, file) for file, example in naming), (
        f"every example naming {rule_id} passes without it: "
        + "; ".join(example.name for _, example in naming))
def test_the_line_rules_take_no_line_of_the_dev_sets_gold_texts():
    """The shipped line rules are written for every site's boilerplate; a rule that takes a
    line of a real article's text (the dev set's 32,000 gold lines, 400 sites) is too broad.
    The one exception: a gold text that keeps its page's bare "Related" heading."""
    from conftest import train_pages

    from cleaner import Document

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
    monkeypatch.setattr(matching, "_SETS", {})  # the sets made with PER_SET as it was
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


class _EveryPattern:
    """A stand-in for an RE2 set that names every pattern: the matcher then confirms each."""

    def __init__(self, count: int):
        self.count = count

    def Match(self, data: bytes) -> list[int]:  # noqa: N802 - RE2's name
        return list(range(self.count))


def test_language_chains_share_the_boilerplates_sets_and_find_what_their_rules_find():
    """Each rule file's patterns go in sets of their own, made once a process: a language's
    chain reads the boilerplate's sets that every other chain reads, and a set of its own
    few patterns. The lines named are those each pattern finds, on devset-ml's pages."""
    import copy

    from conftest import shared

    from cleaner import Document

    cleaner = Cleaner(FILES)
    english = cleaner.chain_for((), "text").matcher
    german = cleaner.chain_for((), "text", "de").matcher
    assert {id(group) for _, group in english.prefilter} < {
        id(group) for _, group in german.prefilter}
    found = set()
    for path in sorted(shared("devset-ml", "text").glob("*.txt"))[::4]:
        doc = Document.from_text(path.read_text(encoding="utf-8"), path.stem, path.name)
        chain, keys = cleaner.prepare(doc)
        oracle = copy.copy(chain.matcher)
        oracle.prefilter = [(list(range(len(oracle.patterns))),
                             _EveryPattern(len(oracle.patterns)))]
        mine = chain.matcher.matches(doc, keys)
        assert mine == oracle.matches(doc, keys), path.name
        found |= {rule.path.name for rule in mine.values() if "pattern" in rule.compiled}
    assert {"boilerplate.toml", "de.toml", "es.toml"} <= found
