"""How long a `regex` search of a pattern can take on a line: whether it needs the timeout.

`regex`'s timeout costs about nine times a short search, and the line rules' confirmations
are mostly short searches of short lines. A backtracking search of a pattern whose every
repeat repeats one character (or a part a few times at most: read as as many copies) and
that holds no back-reference takes at most (n + 1) x the paths through its alternations x
each repeat's most counts steps on a line of n characters: polynomial, and small on a short
line. A repeat of a repeat (the exponential case), a back-reference, or syntax the standard
library's parser cannot read keeps the timeout on every line (`timed`).
"""

from __future__ import annotations

import importlib
import re
import typing
import warnings
from functools import lru_cache
from typing import Any

import regex

# The standard library's parser of patterns and its names: private modules, typed for no
# checker, but the parser every `re.compile` runs.
_parser: Any = importlib.import_module("re._parser")
_sre: Any = importlib.import_module("re._constants")
# The most steps a search may take without the timeout: some milliseconds at worst.
UNTIMED_STEPS = 1_000_000
UNROLLED = 4  # a group repeated this many times at most is read as as many copies
_ONE_CHARACTER = frozenset({_sre.LITERAL, _sre.NOT_LITERAL, _sre.ANY, _sre.IN, _sre.CATEGORY})
_REPEATS = frozenset({_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT})
_PROPERTY_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\[pP](?:\{[^}]*\}|[A-Za-z])")


def timed(pattern: regex.Pattern, length: int) -> bool:
    """Whether a search of the pattern on a text of `length` characters needs the timeout:
    unless a bound on its steps there (`untimed_steps`) is at most UNTIMED_STEPS.

    >>> timed(regex.compile("^Share.*$"), 60), timed(regex.compile("^Share.*$"), 5000)
    (False, True)
    >>> timed(regex.compile("^(?:ab?)+$"), 10)  # a repeat in a repeat
    True
    """
    return length > untimed_length(pattern)


@lru_cache(maxsize=4096)
def untimed_length(pattern: regex.Pattern) -> int:
    """The longest text a search of the pattern runs on without the timeout (`timed`), or -1
    when it always needs it. The bound on the steps grows with the text's length, so the
    length is found by halving, once a pattern: a search then only compares lengths (the
    bound reckoned at every search was 1% of the cleaning).

    >>> untimed_length(regex.compile("^Share.*$"))  # (n + 1) * (n + 1) steps at most
    999
    """
    reach = _reach(pattern)
    if reach is None or untimed_steps(reach, 0) > UNTIMED_STEPS:
        return -1
    within, past = 0, UNTIMED_STEPS  # at least `length + 1` steps: past the bound there
    while past - within > 1:
        middle = (within + past) // 2
        if untimed_steps(reach, middle) > UNTIMED_STEPS:
            past = middle
        else:
            within = middle
    return within


def untimed_steps(reach: tuple[int, tuple[int, ...]], length: int) -> int:
    """A bound on the steps a backtracking search takes on a text of `length` characters,
    for a pattern whose `_reach` is `reach` (paths through its alternations, the most each
    repeat takes): from each start, each repeat's every count along each path (counted only
    until it passes UNTIMED_STEPS).

    >>> untimed_steps((1, (_sre.MAXREPEAT,)), 99)  # "^Share.*$" on 99 characters
    10000
    """
    paths, repeats = reach
    steps = (length + 1) * paths
    for most in repeats:
        if steps > UNTIMED_STEPS:  # past the bound already: a long pattern's product of
            break  # hundreds of repeats would grow into a large integer
        steps *= min(most, length) + 1
    return steps


@lru_cache(maxsize=4096)
def _reach(pattern: regex.Pattern) -> tuple[int, tuple[int, ...]] | None:
    """The paths through a pattern's alternations and the most each of its repeats takes,
    where every repeat repeats one character or a part at most UNROLLED times and no
    back-reference stands; else None (the timeout always applies)."""
    # A Unicode property is one character, as `\w` is: the standard parser lacks it.
    text = _PROPERTY_ESCAPE.sub(r"\1\\w", pattern.pattern)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = _parser.parse(text, re.VERBOSE if pattern.flags & regex.VERBOSE else 0)
    except (re.error, RecursionError, OverflowError, TypeError):
        return None
    repeats: list[int] = []
    paths = _paths(parsed, repeats)
    return None if paths is None else (paths, tuple(repeats))


def _paths(items, repeats: list[int]) -> int | None:
    """The paths through `items` (a parsed sequence); each repeat's most appended to
    `repeats`; None where a repeat holds more than one character more than UNROLLED times,
    or on a back-reference or anything else unknown."""
    paths = 1
    for op, value in items:
        if op in _REPEATS and len(value[2]) == 1 and value[2][0][0] in _ONE_CHARACTER:
            repeats.append(value[1])
        elif op in _REPEATS and value[1] <= UNROLLED:  # as many optional copies of its part
            for _ in range(value[1]):
                inner = _paths(value[2], repeats)
                if inner is None:
                    return None
                paths *= inner + 1
        elif op in _REPEATS:
            return None
        elif op is _sre.BRANCH:
            counts = [_paths(branch, repeats) for branch in value[1]]
            if None in counts:
                return None
            paths *= sum(typing.cast(list[int], counts))
        elif op is _sre.SUBPATTERN or op in (_sre.ASSERT, _sre.ASSERT_NOT, _sre.ATOMIC_GROUP):
            inner = _paths(value if op is _sre.ATOMIC_GROUP else value[-1], repeats)
            if inner is None:
                return None
            paths *= inner
        elif op not in _ONE_CHARACTER and op is not _sre.AT:
            return None
    return paths
