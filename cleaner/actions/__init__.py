"""The actions a rule may take, one module each, in the order the chain runs their phases.

Each module declares its action (`ACTION`: name, what it does, parameters with types and
defaults, its function, how the chain calls it; see `rulefile.Action`). The rule files are
checked against these declarations, `clean rules actions` prints them, and docs/actions.md
holds that print. A new action is a new module here and its place in `ACTIONS`.

Why this order: named rewrites come first, so every rule matches the rewritten lines; line
rules next (all at once), then a site's learned template lines; blocks and comment threads go
before segmenting, so that neither is read as a related block; segmenting runs before tickers
and lists, so that a related block whose body is only a ticker keeps its header (and becomes a
link) instead of being swallowed; a page's listed stories are split off before the locator
would take them for one article; title repeats go before the locator, so that what it keeps
does not depend on a line removed after it (a cleaned text cleans to itself); lines printed
twice in a row go once the locator has read them (a repeated line is chrome to it), and
captions and title suffixes move to metadata what it kept (the site's name off the title
first, so that a suffix left is a section's); the learned end-trimmer reads the
page once every other document rule has had its say (its features are what they did); an HTML
page's two texts are weighed once both are clean.
"""

from __future__ import annotations

from cleaner.actions import (
    caption,
    drop_block,
    drop_echo,
    drop_line,
    drop_template,
    drop_thread,
    drop_ticker,
    headline_list,
    locate_content,
    normalise,
    segment_related,
    split_items,
    title_repeat,
    title_site,
    title_suffix,
    trim_ends,
    weigh_dump,
)
from cleaner.rulefile import Action

ACTIONS: dict[str, Action] = {module.ACTION.name: module.ACTION for module in (
    normalise, drop_line, drop_template, drop_block, drop_thread, segment_related, drop_ticker,
    headline_list, split_items, title_repeat, locate_content, drop_echo, caption, title_site,
    title_suffix, trim_ends, weigh_dump)}


def describe_actions() -> str:
    """Every action with its parameters, in phase order (`clean rules actions`)."""
    return "\n\n".join(f"{phase}. {action.describe()}"
                       for phase, action in enumerate(ACTIONS.values(), start=1))
