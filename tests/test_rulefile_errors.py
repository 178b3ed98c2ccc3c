"""A malformed rule file stops the run before anything is written: exit 2, file/rule/field named."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import FIXTURES

GOOD_RULE = '''
[[rule]]
id = "mine.x"
action = "drop_line"
reason = "test"
'''

CASES = {
    "toml-syntax": ('[[rule]\nid = "mine.x"\n', ["TOML syntax"]),
    "unknown-action": (GOOD_RULE.replace("drop_line", "drop_everything") + 'lines = ["a"]\n',
                       ["mine.x", "action", "unknown action 'drop_everything'"]),
    "unknown-key": (GOOD_RULE + 'lines = ["a"]\ncolour = "red"\n',
                    ["mine.x", "field 'colour'", "unknown key"]),
    "missing-reason": (GOOD_RULE.replace('reason = "test"\n', "") + 'lines = ["a"]\n',
                       ["mine.x", "field 'reason'", "missing"]),
    "bad-regex": (GOOD_RULE + "pattern = '^(unclosed$'\n",
                  ["mine.x", "field 'pattern'", "does not compile"]),
    "empty-match": (GOOD_RULE + "pattern = '^.*$'\n",
                    ["mine.x", "field 'pattern'", "matches the empty string"]),
    "unknown-macro": (GOOD_RULE + "pattern = '^{{nosuch}}$'\n",
                      ["mine.x", "field 'pattern'", "unknown pattern name"]),
    "wrong-type": (GOOD_RULE + "lines = \"Source link\"\n",
                   ["mine.x", "field 'lines'", "must be a list"]),
    "unknown-barrier-role": (GOOD_RULE + 'lines = ["a"]\nbarrier = "firm"\n',
                             ["mine.x", "field 'barrier'", "must be one of hard, soft, timeline"]),
    "both-lines-and-pattern": (GOOD_RULE + "lines = ['a']\npattern = '^a$'\n",
                               ["mine.x", "exactly one of"]),
    # Shapes: a value of the wrong kind is named, never read as if it were right.
    "rule-as-one-table": (GOOD_RULE.replace("[[rule]]", "[rule]") + 'lines = ["a"]\n',
                          ["mine.x", "field 'rule'", "write [[rule]]"]),
    "rule-a-number": ("rule = 5\n", ["mine.toml:1", "field 'rule'", "must be a list of tables"]),
    "rule-a-list-of-numbers": ("rule = [5]\n", ["field 'rule'", "item 1 is an integer"]),
    "example-a-string": ('example = "a"\n', ["field 'example'", "must be a list of tables"]),
    "patterns-a-list": ('patterns = ["a"]\n', ["field 'patterns'", "must be a table of strings"]),
    "phrases-a-string": ('[phrases]\nmine = "Read also"\n',
                         ["mine.toml:2", "field 'phrases'", "'mine' must be a list of phrases"]),
    "phrases-a-blank": ('[phrases]\nmine = ["Read also", " "]\n',
                        ["mine.toml:2", "field 'phrases'", "none of them blank"]),
    "phrases-a-list": ('phrases = ["a"]\n', ["field 'phrases'", "must be a table"]),
    "fingerprints-a-string": ('[site]\nname = "mine"\nfingerprints = "Sign-up today"\n',
                              ["mine.toml:3", "field 'site.fingerprints'",
                               "must be a list of strings, got a string"]),
    "domains-a-string": ('[site]\nname = "mine"\ndomains = "mine.example"\n',
                         ["field 'site.domains'", "must be a list of strings"]),
    "lines-holding-a-number": (GOOD_RULE + 'lines = ["a", 3]\n',
                               ["mine.x", "field 'lines'", "item 2 is an integer"]),
    "header-step-pattern-a-number": (
        GOOD_RULE.replace("drop_line", "segment_related") + "header = [{ pattern = 5 }]\n",
        ["mine.x", "field 'header[1].pattern'", "must be a string"]),
    "example-unchanged-a-number": ('[[example]]\ninput = "a"\nunchanged = 1\n',
                                   ["field 'unchanged'", "must be a boolean, got an integer"]),
    # An example names the rules it tests: ids that exist, in an example that shows them act.
    "example-names-unknown-rule": (
        GOOD_RULE + 'lines = ["a"]\n\n[[example]]\nname = "x"\ninput = "a"\nexpected = ""\n'
        'rules = ["mine.x", "generic.nosuch"]\n',
        ["mine.toml:12", "example 'x'", "field 'rules'", "unknown rule id(s) ['generic.nosuch']"]),
    "example-names-no-rule": ('[[example]]\ninput = "a"\nexpected = ""\nrules = []\n',
                              ["example 'example 1'", "field 'rules'", "at least one rule id"]),
    "unchanged-example-names-rules": (
        '[[example]]\ninput = "a"\nunchanged = true\nrules = ["generic.caption"]\n',
        ["field 'rules'", "shows no rule acting"]),
    # Values of the right type that would silently change what runs.
    "word-boundary-alone": (GOOD_RULE + "pattern = '\\b'\n",
                            ["mine.x", "field 'pattern'", "empty match in the line 'a'"]),
    "look-ahead-alone": (GOOD_RULE + "pattern = '(?=.)'\n", ["field 'pattern'", "empty match"]),
    "look-behind-alone": (GOOD_RULE + "pattern = '(?<=.)'\n", ["field 'pattern'", "empty match"]),
    "zero-width-block-start": (
        GOOD_RULE.replace("drop_line", "drop_block") + "start = '(?=[A-Z])'\n",
        ["mine.x", "field 'start'", "empty match"]),
    "within-first-negative": (GOOD_RULE + 'lines = ["a"]\nwithin_first = -3\n',
                              ["mine.x", "field 'within_first'", "must be 1 or more, got -3"]),
    "within-first-zero": (GOOD_RULE + 'lines = ["a"]\nwithin_first = 0\n',
                          ["field 'within_first'", "must be 1 or more"]),
    "max-lines-zero": (GOOD_RULE.replace("drop_line", "drop_block") + "start = '^a$'\n"
                       "max_lines = 0\n", ["mine.x", "field 'max_lines'", "must be 1 or more"]),
    "no-lines": (GOOD_RULE + "lines = []\n", ["mine.x", "field 'lines'", "non-empty list"]),
    "empty-id": (GOOD_RULE.replace('"mine.x"', '""') + 'lines = ["a"]\n',
                 ["field 'id'", "must not be empty"]),
    "empty-reason": (GOOD_RULE.replace('"test"', '" "') + 'lines = ["a"]\n',
                     ["mine.x", "field 'reason'", "must not be empty"]),
    "bad-fingerprint-pattern": ('[site]\nname = "mine"\nfingerprint_patterns = ["^(Mine$"]\n',
                                ["mine.toml:3", "field 'site.fingerprint_patterns'",
                                 "does not compile"]),
    "blank-fingerprint": ('[site]\nname = "mine"\nfingerprints = ["Mine", " "]\n',
                          ["mine.toml:3", "field 'site.fingerprints'", "blank fingerprint"]),
    "empty-site-name": ('[site]\nname = " "\nfingerprints = ["Mine"]\n' + GOOD_RULE
                        + 'lines = ["Hashtags"]\n',
                        ["mine.toml:2", "field 'site.name'", "must not be empty"]),
}


def _run(args, cwd=None):
    return subprocess.run([sys.executable, "-m", "cleaner", *args], capture_output=True,
                          text=True, cwd=cwd)


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_rule_file_exits_2_naming_file_rule_and_field(tmp_path, case):
    text, expected = CASES[case]
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "mine.toml").write_text(text)
    out = tmp_path / "out"
    result = _run([str(FIXTURES / "seeds"), str(out), "--rules", str(rules)])
    assert result.returncode == 2, result.stderr
    assert "mine.toml" in result.stderr
    for fragment in expected:
        assert fragment in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists(), "nothing may be written when the rules are bad"


def test_error_points_at_the_rule_line(tmp_path):
    (tmp_path / "mine.toml").write_text("# comment\n" + GOOD_RULE + "pattern = '^(x$'\n")
    result = _run(["rules", "list", "--rules", str(tmp_path)])
    assert result.returncode == 2
    assert "mine.toml:7: rule 'mine.x': field 'pattern'" in result.stderr


def test_an_id_used_twice_points_at_the_second(tmp_path):
    (tmp_path / "mine.toml").write_text(GOOD_RULE + 'lines = ["a"]\n' + GOOD_RULE
                                        + 'lines = ["b"]\n')
    result = _run(["rules", "list", "--rules", str(tmp_path)])
    assert result.returncode == 2
    assert "mine.toml:9: rule 'mine.x': field 'id': id used twice in one file" in result.stderr


def test_pattern_gated_on_a_word_by_a_look_ahead_is_allowed(tmp_path):
    """Its match is empty, but only on lines that hold the word: not every line."""
    (tmp_path / "mine.toml").write_text(GOOD_RULE + "pattern = '^(?=.*\\bsubscribe\\b)'\n")
    (tmp_path / "doc.txt").write_text("A headline\nPlease subscribe now\nA sentence.\n")
    result = _run(["explain", str(tmp_path / "doc.txt"), "--rules", str(tmp_path)])
    assert result.returncode == 0, result.stderr
    assert "- [mine.x] Please subscribe now" in result.stdout
    assert "| A sentence." in result.stdout


@pytest.mark.parametrize("names", [[], ["mine.TOML", "notes.txt"]])
def test_rules_folder_without_rule_files_is_an_error(tmp_path, names):
    rules = tmp_path / "my-rules"
    rules.mkdir()
    for name in names:
        (rules / name).write_text(GOOD_RULE + 'lines = ["a"]\n')
    out = tmp_path / "out"
    result = _run([str(FIXTURES / "seeds"), str(out), "--rules", str(rules)])
    assert result.returncode == 2, result.stderr
    assert f"{rules}: no rule files (*.toml)" in result.stderr
    assert not out.exists()


def test_site_disabling_unknown_rule_is_an_error(tmp_path):
    (tmp_path / "s.toml").write_text('[site]\nname = "s"\ndisable = ["generic.nope"]\n')
    result = _run(["rules", "list", "--rules", str(tmp_path)])
    assert result.returncode == 2
    assert "generic.nope" in result.stderr


def _explain_with(tmp_path, rule_file: str, document: str):
    (tmp_path / "mine.toml").write_text(rule_file)
    (tmp_path / "doc.txt").write_text(document)
    return _run(["explain", str(tmp_path / "doc.txt"), "--rules", str(tmp_path)])


def test_user_rule_with_shipped_id_replaces_it(tmp_path):
    result = _explain_with(
        tmp_path, '[[rule]]\nid = "generic.theme-buttons"\naction = "drop_line"\n'
        'reason = "mine"\nlines = ["Nothing like this"]\n',
        "A headline\nA sentence of text.\nSource link\n")
    assert result.returncode == 0, result.stderr
    assert "- [generic.theme-buttons] Source link" not in result.stdout
    assert "| Source link" in result.stdout


def test_site_file_can_disable_a_generic_rule(tmp_path):
    result = _explain_with(
        tmp_path, '[site]\nname = "keepers"\nfingerprints = ["Keepers template"]\n'
        'disable = ["generic.theme-buttons"]\n',
        "A headline\nKeepers template\nSource link\n")
    assert "| Source link" in result.stdout
    assert "site='keepers'" in result.stdout


def test_a_site_is_found_by_a_fingerprint_pattern(tmp_path):
    """A template line that names the page ("Stories tagged #Saco") finds the site as a
    pattern; a line that only looks like it does not."""
    rules = '[site]\nname = "tags"\nfingerprint_patterns = [\'^Stories tagged #\\S+$\']\n'
    found = _explain_with(tmp_path, rules, "Stories tagged #Saco\nA sentence of text.\n")
    assert "site='tags'" in found.stdout.splitlines()[0]
    (tmp_path / "other").mkdir()
    missed = _explain_with(tmp_path / "other", rules,
                           "The stories tagged #Saco are here.\nA sentence of text.\n")
    assert "site=None" in missed.stdout.splitlines()[0]


def test_unknown_site_is_a_usage_error(tmp_path):
    result = _run([str(FIXTURES / "seeds"), str(tmp_path / "o"), "--site", "nosuch"])
    assert result.returncode == 2
    assert "no rule file for site 'nosuch'" in result.stderr


def test_a_user_file_for_a_shipped_site_adds_to_it(tmp_path):
    """Without domains or fingerprints of its own, it must not hide the shipped file's: seed
    001 is still found to be daily8's, and both files' rules run on it."""
    (tmp_path / "daily8.toml").write_text(
        '[site]\nname = "daily8"\n' + GOOD_RULE.replace("mine.x", "mine.more")
        + 'lines = ["Five killed in strikes"]\n')
    result = _run(["explain", str(FIXTURES / "seeds" / "001_14508f3cbf4abfa2.txt"),
                   "--rules", str(tmp_path)])
    assert result.returncode == 0, result.stderr
    assert "site='daily8'" in result.stdout.splitlines()[0]
    assert "   18 - [daily8.widgets] Hashtags" in result.stdout
    assert "- [mine.more] Five killed in strikes" in result.stdout


def test_a_rules_barrier_role_holds_in_the_chains_of_its_site_only(tmp_path):
    """The locator of each chain gathers the roles of that chain's rules: a site file's
    barrier is a barrier on that site's documents, a global one everywhere."""
    from cleaner.chain import Cleaner, load_rule_files

    (tmp_path / "shop.toml").write_text(
        '[site]\nname = "shop"\nfingerprints = ["Shop footer"]\n' + GOOD_RULE.replace(
            "mine.x", "shop.deals") + 'lines = ["Deals of the day"]\nbarrier = "hard"\n'
        'links_below = true\n')
    cleaner = Cleaner(load_rule_files([tmp_path]))

    def locator(sites):
        [rule] = [r for r in cleaner.chain_for(sites).rules if r.action == "locate_content"]
        return rule.params

    plain, shop = locator(()), locator(("shop",))
    assert "generic.related-heading" in plain["barriers"]
    assert "generic.related-heading" in plain["link_sections"]
    assert "generic.date-stamp" in plain["soft_barriers"]
    assert plain["timeline_stamps"] == ["generic.date-stamp"]
    assert "shop.deals" not in plain["barriers"]
    assert "shop.deals" in shop["barriers"] and "shop.deals" in shop["link_sections"]


@pytest.fixture
def mine(tmp_path, monkeypatch):
    """A user's rule file, `rules/mine.toml`, with a cache folder of the test's own."""
    monkeypatch.setenv("CLEANER_CACHE", str(tmp_path / "cache"))
    rules = tmp_path / "rules"
    rules.mkdir()
    return rules / "mine.toml"


def test_rule_files_checked_once_compile_their_patterns_on_use_and_are_checked_again_when_changed(
        tmp_path, mine):
    """Start-up: files whose bytes passed the checks are read without compiling every pattern
    (a mark in the cache folder); a changed file is checked again, so an error still stops."""
    from cleaner.chain import Cleaner, load_rule_files
    from cleaner.document import Document
    from cleaner.rulefile import LazyPattern, RuleError

    rules = mine.parent
    mine.write_text(GOOD_RULE + "pattern = '^Sponsored by \\\\w+$'\n")
    first = load_rule_files([rules])
    assert not isinstance(first[-1].rules[0].compiled["pattern"], LazyPattern)
    assert len(list((tmp_path / "cache" / "checked-rules").iterdir())) == 1
    again = load_rule_files([rules])
    pattern = again[-1].rules[0].compiled["pattern"]
    assert isinstance(pattern, LazyPattern)
    text = "Sponsored by Acme\nThe council voted on Tuesday to keep the library open late."
    cleaned = [Cleaner(files).clean(Document.from_text(text, "d", "d.txt"))[0].text
               for files in (first, again)]
    assert cleaned[0] == cleaned[1] and "Sponsored" not in cleaned[1]
    mine.write_text(GOOD_RULE + "pattern = '^(unclosed$'\n")
    with pytest.raises(RuleError, match="does not compile"):
        load_rule_files([rules])


def test_parsed_rule_files_come_from_the_cache_as_they_were_read(tmp_path, mine):
    """Start-up: a rule file's TOML reading is kept in the cache by its text, read back the
    same, and not kept for a file holding a date (marshal has no form for one), whose error
    still names the field."""
    from cleaner.chain import load_rule_files
    from cleaner.rulefile import RuleError

    rules = mine.parent
    mine.write_text(GOOD_RULE + 'lines = ["Sponsored"]\n')
    first = load_rule_files([rules])
    entries = set((tmp_path / "cache" / "toml").iterdir())
    assert len(entries) == len(first)  # the shipped files and this one
    again = load_rule_files([rules])
    assert [(r.id, r.params) for f in again for r in f.rules] == \
        [(r.id, r.params) for f in first for r in f.rules]
    mine.write_text(GOOD_RULE + 'lines = ["Sponsored"]\nreason_date = 2025-01-01\n')
    with pytest.raises(RuleError, match="reason_date"):
        load_rule_files([rules])
    assert set((tmp_path / "cache" / "toml").iterdir()) == entries
