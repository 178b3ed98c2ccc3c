"""`locate_content`: in a whole page's dump, the article is the densest run of prose; the
rest of the page goes (locate.py; docs/locator.md)."""

from __future__ import annotations

from dataclasses import replace

from cleaner.headlines import HEADLINE_FEATURES
from cleaner.locate import locate_content
from cleaner.rulefile import Action, FailAt, Param, Rule

# What a line of prose holds at least, by default: its words, and the share of them in the
# word list (the weighing reads the dump's lines by the same, weigh_dump.py).
MIN_PROSE_WORDS = 8
MIN_DENSITY = 0.25


def _check(rule: Rule, macros: dict[str, str], fail_at: FailAt) -> None:
    """The stop-word list is read once, with the rules, beside the rule's file; the headline
    weights name each feature once."""
    weights = rule.params["headline_weights"]
    if set(weights) != set(HEADLINE_FEATURES):
        fail_at("headline_weights")(
            f"must give a weight to each of {', '.join(HEADLINE_FEATURES)} and nothing else")
    read_vocabulary(rule, fail_at)


def read_vocabulary(rule: Rule, fail_at: FailAt) -> None:
    """The rule's `stopwords` list, read from beside its file into `rule.vocabulary`."""
    words_file = rule.path.parent / rule.params["stopwords"]
    try:
        words = words_file.read_text(encoding="utf-8").split("\n")
    except OSError as error:
        fail_at("stopwords")(f"cannot read {words_file}: {error.strerror}")
    rule.vocabulary = frozenset(w.strip().casefold() for w in words
                                if w.strip() and not w.startswith("#"))


def _bind(rule: Rule, rules: list[Rule]) -> Rule:
    """The locator of a chain reads its barriers from the roles of that chain's rules (a
    site file's rule can be a barrier on its site only): the ids locate.py looks for."""
    def ids(*roles: str) -> list[str]:
        return [r.id for r in rules if r.barrier in roles]
    return replace(rule, params={
        **rule.params, "barriers": ids("hard"), "soft_barriers": ids("soft", "timeline"),
        "timeline_stamps": ids("timeline"),
        "link_sections": [r.id for r in rules if r.links_below],
        "chrome_rules": [r.id for r in rules if r.action == "drop_line" and not r.barrier
                         and not r.links_below]})


ACTION = Action(
    "locate_content", "keeps the densest run of prose, the article, and cuts the page around it", {
        "stopwords": Param(str, "a word list beside the rule's file, one word a line",
                           required=True),
        "min_prose_words": Param(int, "words a line of prose has at least",
                                 default=MIN_PROSE_WORDS),
        "min_density": Param(float, "the share of a prose line's words in the word list",
                             default=MIN_DENSITY),
        "short_penalty": Param(float, "what a line of page chrome costs a run", default=2.0),
        "title_window": Param(int, "lines above the article searched for its headline",
                              default=8),
        "headline_weights": Param(dict[str, float], "the weight of each feature of a "
                                  "candidate headline (headlines.HEADLINE_FEATURES; "
                                  "docs/locator.md)", required=True),
        "repeat_run": Param(int, "lines in a row that copy lines above, and go (0: off)",
                            default=0),
        "repeat_words": Param(int, "words one of those lines has at least", default=0),
    }, locate_content, check=_check, bind=_bind)
