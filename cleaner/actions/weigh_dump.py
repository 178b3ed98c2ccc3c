"""`weigh_dump`: an HTML page's two articles, trafilatura's and the one the locator finds in
the page's plain dump, weighed against each other (weigh.py)."""

from __future__ import annotations

from cleaner.actions.locate_content import MIN_DENSITY, MIN_PROSE_WORDS, read_vocabulary
from cleaner.rulefile import Action, FailAt, Param, Rule
from cleaner.weigh import weigh


def _share(doc: str, default: float) -> Param:
    return Param(float, doc, default=default)


def _check(rule: Rule, macros: dict[str, str], fail_at: FailAt) -> None:
    """The function words the dump's lines are read by (`prose_at_least`), read once; a
    test of running text needs them."""
    if "stopwords" in rule.params:
        read_vocabulary(rule, fail_at)
    if rule.params["prose_at_least"] > 0 and not rule.vocabulary:
        fail_at("prose_at_least")("needs `stopwords`, a word list that is not empty, to tell "
                                  "running text")


# Its own stage, the last: it reads the records of both texts, each cleaned by every phase.
ACTION = Action(
    "weigh_dump", "gives an HTML page the dump's records when trafilatura's article is a "
    "fragment of the dump's (or the dump's fills it in); else cuts trafilatura's first and "
    "last lines that the dump's article leaves out", {
        "fallback_share": _share("the dump's records are given when trafilatura's article "
                                 "holds less than this share of the dump's article words",
                                 0.4),
        "prose_at_least": _share("...and at least this share of the words the dump's article "
                                 "holds beyond trafilatura's lines are running text (else "
                                 "they are the forms, addresses and menus the locator let "
                                 "in)", 0.0),
        "filled_at_least": _share("or when the dump's article holds trafilatura's and this "
                                  "share of its words more, between trafilatura's first and "
                                  "last lines", 0.2),
        "outside_at_most": _share("...and at most this share of its words before or after "
                                  "them", 0.02),
        "kept_at_most": _share("...and only when the dump's article is at most this share of "
                               "the dump's words (a locator that keeps nearly all of it found "
                               "no article)", 0.93),
        "trim_at_most": _share("trafilatura's edge lines go unless they are more than this "
                               "share of its words", 0.5),
        "stopwords": Param(str, "the function words, a list beside the rule's file, that "
                           "tell running text (`prose_at_least`; without it, that test is "
                           "off)"),
        "min_prose_words": Param(int, "words a line of running text has at least (as the "
                                 "locator's)", default=MIN_PROSE_WORDS),
        "min_density": Param(float, "the share of such a line's words in the list (as the "
                             "locator's)", default=MIN_DENSITY),
        "dump_languages": Param(list[str], "the page's languages (metadata.language) whose "
                                "dump is weighed at all (the dump is read with English "
                                "function words); an unknown language is weighed too",
                                default=["en"]),
    }, weigh, stage="weigh", check=_check)
