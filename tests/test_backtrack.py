"""A rule's confirmation runs under `regex`'s timeout only where its pattern could take long
on the line (`backtrack.timed`): a repeat holding another repeat, a back-reference, syntax the
standard library's parser cannot read, or a line long enough for its repeats' counts to
multiply past the bound."""

from __future__ import annotations

import time

import pytest
import regex

from cleaner import load_rule_files
from cleaner.backtrack import UNTIMED_STEPS, _reach, timed, untimed_steps
from cleaner.matching import search


@pytest.mark.parametrize("pattern", [
    r"^(a|a)+\1?$",  # a back-reference
    r"^(?:\w+\s?)+$",  # a repeat in a repeat: exponential on a line that fails at its end
    r"^(?:a|ab)*c$",  # an alternation in a repeat
    r"^\X+$",  # `regex`'s own syntax (a grapheme): the standard parser cannot read it
    r"(?=(?:x+)+)y",  # a nested repeat inside a look-ahead
])
def test_a_pattern_that_can_backtrack_keeps_the_timeout_on_any_line(pattern):
    compiled = regex.compile(pattern)
    assert _reach(compiled) is None
    assert timed(compiled, 1)


@pytest.mark.parametrize(("pattern", "paths", "repeats"), [
    (r"(?i)^(?:related (?:posts|articles)|more stories)$", 3, 0),
    (r"^\s*[-–•]+\s*", 1, 3),
    (r"^(?:Share|Tweet)(?: on)? \w{2,20}$", 4, 1),  # an optional part doubles the paths
    (r"^\p{Lu}[\p{L}&.-]{1,20}$", 1, 1),  # a Unicode property is one character
    (r"^(?:\S+ ){0,3}cookies$", 8, 3),  # a part repeated three times at most: three copies
    (r"(?x) ^ click \s+ here  # a verbose pattern\n $", 1, 1),
    (r"(?<!\d)\d{1,2}:\d{2}(?!\d)", 1, 2),
])
def test_a_pattern_of_one_character_repeats_is_read(pattern, paths, repeats):
    reach = _reach(regex.compile(pattern))
    assert reach is not None
    assert reach[0] == paths and len(reach[1]) == repeats


def test_the_bound_grows_with_the_line_until_the_timeout_applies():
    pattern = regex.compile(r"^.*: .*$")  # two unbounded repeats: (n + 1) ** 3 steps
    lengths = [n for n in range(1, 400) if not timed(pattern, n)]
    assert lengths == list(range(1, len(lengths) + 1))  # short lines only, all of them
    assert untimed_steps(_reach(pattern), lengths[-1]) <= UNTIMED_STEPS
    assert 50 <= lengths[-1] < 100
    assert timed(pattern, lengths[-1] + 1)


def test_a_bounded_repeat_counts_only_up_to_its_most():
    assert untimed_steps(_reach(regex.compile(r"^a.{0,3}$")), 1000) == 1001 * 4


def test_a_search_without_the_timeout_finds_what_one_with_it_finds():
    """Every line of the shipped rule files' examples, searched by every pattern rule of the
    file: the same match whether the search is timed or not (the choice changes the cost,
    never the answer)."""
    checked = untimed = 0
    for file in load_rule_files():
        lines = {line for example in file.examples for line in example.input.split("\n")}
        for rule in file.rules:
            pattern = rule.compiled.get("pattern")
            for line in lines if pattern is not None else ():
                found = search(rule, "pattern", line)
                timed_found = pattern.search(line, timeout=2.0)
                assert (found and found.span()) == (timed_found and timed_found.span())
                checked += 1
                untimed += not timed(pattern, len(line))
    assert checked > 10_000 and untimed > 1000


def test_a_long_line_of_a_backtracking_trap_ends_under_the_timeout():
    """A pattern read as safe stays fast on the line built to trap a backtracking search:
    the bound keeps such lines under the timeout, and the short ones are cheap."""
    rule_pattern = regex.compile(r"^\s*[-–•]+\s*\w*\s*$")
    text = " " * 80 + "-" * 80 + " " * 80 + "x!"
    started = time.perf_counter()
    for length in range(1, len(text)):
        found = rule_pattern.search(text[:length], timeout=None if not timed(
            rule_pattern, length) else 2.0)
        assert found is None or found.end() <= length
    assert time.perf_counter() - started < 2.0
    assert timed(rule_pattern, len(text))

