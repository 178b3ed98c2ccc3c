"""An article that runs down to the page's last line, on a page with lines above it, ends
in the page's footer: its last lines that do not read as text are cut, unless they read as
running text cut off where the page was stored (docs/locator.md). The page is a dev set train
dump, cleaned without the rule that knows its footer's words: as on a site no rule was
written for."""

from __future__ import annotations

from conftest import shared

from cleaner import Cleaner, Document, load_rule_files
from cleaner.ruletest import switched_off

CLEANER = Cleaner(switched_off(load_rule_files(), "boilerplate.powered-by"))
FOOTER = "Powered by Bear ʕ•ᴥ•ʔ"


def dump() -> list[str]:
    text = shared("devset", "text", "wcxb-0412.txt").read_text(encoding="utf-8")
    return text.splitlines()


def article(lines: list[str]) -> list[str]:
    records = CLEANER.clean(Document.from_text("\n".join(lines), "page", "page.txt"))
    return records[0].text.split("\n")


def test_the_footer_line_below_the_article_is_cut():
    lines = dump()
    assert lines[-1] == FOOTER
    kept = article(lines)
    assert FOOTER not in kept
    assert kept[-1] == lines[-2]  # the article's own last paragraph stays


def test_a_last_paragraph_cut_off_mid_sentence_stays():
    lines = dump()[:-1]
    fragment = " ".join(lines[-1].split()[:8])  # "Speaking of that delightful community ..."
    assert not fragment.endswith((".", "!", "?"))
    kept = article(lines[:-1] + [fragment])
    assert kept[-1] == fragment
