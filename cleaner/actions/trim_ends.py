"""`trim_ends`: the article's first and last lines cut while learned trees, reading the whole
page as the chain left it, find them unlike the article's (trimmer.py; docs/scorer.md)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np

from cleaner.actions.drop_line import ACTION as DROP_LINE
from cleaner.actions.locate_content import ACTION as LOCATE
from cleaner.document import Document, Line
from cleaner.locate import in_language, locate_content
from cleaner.pagefeatures import NAMES, ChainRoles, PageRows, page_rows
from cleaner.rulefile import Action, FailAt, Param, Rule
from cleaner.trimmer import Trees, cut_ends, load

LOCATED = NAMES.index("by_locate")  # the column of the lines the locator removed


def trim_ends(doc: Document, rule: Rule) -> None:
    rows = page_rows_of(doc, rule)
    if rows is None:
        return
    trees, threshold = _trees(rule), rule.params["threshold"]
    cut = cuts(rows, lambda chosen: trees.probability(rows.matrix[chosen]), threshold)
    for row, probability in cut.items():
        index = int(rows.indexes[row])
        doc.remove(index, rule.id)
        doc.line_scores[index] = ("end score", round(probability, 3), threshold)
    if cut:
        settle(doc, rule.params["locator"])


def settle(doc: Document, locator: Rule) -> None:
    """What the cut uncovers is held to the locator's rules, as cleaning the written article
    again holds it (a cleaned text must clean to itself): the locator reads the article as it
    is written (its title line, then its text, nothing around it), and the lines it removes
    there go here, under its id. Cut at its end, an article can end on a line the locator cuts
    where the text stops (a short line the page printed twice, a list of sources): without
    this, 15 of the 400 train dumps' articles cleaned again came out otherwise (4 before the
    trimmer), with it 2."""
    kept = doc.alive_indexes(0, doc.own_end())
    written = Document(doc.id, doc.source, [Line(n, doc.lines[i].text) for n, i in
                                            enumerate(kept, start=1)], url=doc.url,
                       title=doc.title)
    written.meta["language"] = doc.meta.get("language")
    locate_content(written, locator, paged=True)
    for index, line in zip(kept, written.lines, strict=True):
        if line.removed_by is not None:
            doc.remove(index, locator.id)


def cuts(rows: PageRows, probability: Callable[[np.ndarray], np.ndarray],
         threshold: float) -> dict[int, float]:
    """The rows cut, with their probabilities (`probability` gives those of the rows asked
    for): none when the locator cut nothing (a text with no page around it: a record's
    article, a cleaned text cleaned again; the trees, fitted on whole pages, read a short
    text's last line as a page's), else the ends while below `threshold`."""
    if not rows.matrix[:, LOCATED].any():
        return {}
    return cut_ends(rows.keep, probability, threshold)


def page_rows_of(doc: Document, rule: Rule) -> PageRows | None:
    """The trees' rows of the document (bench/train_trimmer.py fits on them); None without
    the chain's locator (a site that switched it off keeps its whole text), and for an HTML
    page's dump: the weighing's shares were fitted on the dump's article as the locator alone
    finds it (weigh.py)."""
    roles, locator = rule.params.get("roles"), rule.params.get("locator")
    if roles is None or locator is None or doc.weighed:
        return None
    return page_rows(doc, replace(roles, vocabulary=in_language(doc, locator).vocabulary))


def _trees(rule: Rule) -> Trees:
    return load(rule.path.parent / rule.params["model"])


def _check(rule: Rule, macros: dict[str, str], fail_at: FailAt) -> None:
    """The trees are read once, with the rules, from beside the rule's file, and must read
    the features pagefeatures.py computes, in its order."""
    try:
        trees = _trees(rule)
    except (OSError, ValueError) as error:
        fail_at("model")(f"cannot read the trees: {error}")
    if trees.names != NAMES:
        fail_at("model")("its trees read other features than pagefeatures.NAMES; "
                         "run `make train` again")
    if not 0 < rule.params["threshold"] < 1:
        fail_at("threshold")("must lie between 0 and 1")


def _bind(rule: Rule, rules: list[Rule]) -> Rule:
    """The features read the chain's rules as its locator does (its settings, the ids of its
    barriers and chrome rules), and by stage (a line rule's removal, another document
    rule's): the chain's locator, bound, and those ids. `drop_line` is the one action of the
    line stage; of the others, only the document stage's remove lines."""
    located = [r for r in rules if r.action == LOCATE.name]
    if not located:
        return rule
    assert LOCATE.bind is not None
    locator = LOCATE.bind(located[0], rules)
    params = locator.params

    line_rules = frozenset(r.id for r in rules if r.action == DROP_LINE.name)
    roles = ChainRoles(
        locator.vocabulary, params["min_prose_words"], params["min_density"],
        params["short_penalty"], locator.id, frozenset(params["barriers"]),
        frozenset(params["soft_barriers"]), frozenset(params["chrome_rules"]),
        line_rules, frozenset(r.id for r in rules) - line_rules)
    return replace(rule, params={**rule.params, "roles": roles, "locator": locator})


ACTION = Action(
    "trim_ends", "cuts the article's first and last lines while learned trees find them "
    "unlike the article's", {
        "model": Param(str, "the trees' file beside the rule's file (bench/train_trimmer.py "
                       "writes it)", required=True),
        "threshold": Param(float, "an end line goes while its probability of being the "
                           "article's is below this", required=True),
    }, trim_ends, check=_check, bind=_bind)
