"""A rule file's `[phrases]`: one list of phrases, used by name in more than one pattern."""

from __future__ import annotations

from cleaner import Cleaner, Document, load_rule_files

RULES = """
[phrases]
mine_related = ["Further coverage", "Elsewhere on the site"]

[[rule]]
id = "mine.related-heading"
action = "drop_line"
reason = "A related list's heading."
pattern = '^{{mine_related}}$'

[[rule]]
id = "mine.related-inline"
action = "drop_line"
reason = "A related heading with a colon and a title."
pattern = '^{{mine_related}}:\\s+\\S.+$'
"""


def test_a_phrase_list_matches_in_each_pattern_any_case_any_spacing(tmp_path):
    (tmp_path / "mine.toml").write_text(RULES)
    cleaner = Cleaner(load_rule_files([tmp_path]))
    prose = "The council met on Tuesday and voted for the plan after a debate of four hours."
    lines = [prose, "FURTHER  COVERAGE", prose,
             "elsewhere on the site: Port strike enters its second week", prose,
             "Further coverage of the vote, with the council's figures, is in the report.", prose,
             "Further coveragexyz", prose]
    doc = Document.from_text("\n".join(lines), "d", "d.txt")
    cleaner.clean(doc)
    removed = [line.removed_by for line in doc.lines[1::2]]
    assert removed == ["mine.related-heading", "mine.related-inline", None, None]
