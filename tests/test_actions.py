"""Each action is one module of cleaner/actions/ that declares itself; what the rule files,
`clean rules actions` and docs/actions.md say of the actions comes from those declarations."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import cleaner.actions
from cleaner.actions import ACTIONS, describe_actions
from cleaner.rulefile import RuleError, load_rule_file

DOCS = Path(__file__).resolve().parent.parent / "docs" / "actions.md"


def test_every_action_module_is_an_action_of_the_chain():
    modules = {info.name for info in pkgutil.iter_modules(cleaner.actions.__path__)}
    assert modules == set(ACTIONS)
    for name in modules:
        module = __import__(f"cleaner.actions.{name}", fromlist=["ACTION"])
        assert ACTIONS[name] is module.ACTION


def test_the_docs_action_page_is_what_clean_rules_actions_prints():
    printed = subprocess.run([sys.executable, "-m", "cleaner", "rules", "actions"],
                             capture_output=True, text=True, check=True).stdout
    assert printed == describe_actions() + "\n"
    assert f"```\n{describe_actions()}\n```\n" in DOCS.read_text(encoding="utf-8")


def test_a_default_is_the_value_a_rule_has_when_it_does_not_give_one(tmp_path):
    path = tmp_path / "feed.toml"
    path.write_text('[[rule]]\nid = "x.feed"\naction = "headline_list"\nreason = "A feed."\n'
                    "separator = '^-$'\nmin_items = 5\n")
    [rule] = load_rule_file(path, {}, ACTIONS).rules
    assert rule.params["min_items"] == 5
    assert rule.params["max_title_chars"] == ACTIONS["headline_list"].params[
        "max_title_chars"].default == 200


def test_a_parameter_no_declaration_names_is_an_error_listing_the_declared_ones(tmp_path):
    path = tmp_path / "feed.toml"
    path.write_text('[[rule]]\nid = "x.feed"\naction = "headline_list"\nreason = "A feed."\n'
                    "separator = '^-$'\nmin_itemz = 5\n")
    with pytest.raises(RuleError) as error:
        load_rule_file(path, {}, ACTIONS)
    assert str(error.value) == (
        f"{path}:6: rule 'x.feed': field 'min_itemz': unknown key for action 'headline_list' "
        f"(known: {', '.join(sorted(ACTIONS['headline_list'].params))})")
