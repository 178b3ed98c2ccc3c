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
