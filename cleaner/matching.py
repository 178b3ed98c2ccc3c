"""Compiled line matching for `drop_line` rules: never a loop of every rule over every line.

Exact-line rules are one dictionary lookup per line (after `line_key`). Pattern rules go
through a few RE2 `Set`s (`_sets`) read over the document in pieces of whole lines
(`pieces`), which name the few rules that can match in each piece; each of those finds its
candidate lines in an RE2 scan of those pieces, and only those lines are confirmed with the
rule's own `regex` pattern, under a timeout where the pattern could backtrack on the line
(backtrack.py), so a pattern that backtracks cannot hang the run. The patterns actions
search whole documents for are read the same way, in sets of their own (`PatternScan`).

RE2's `\\w`, `\\d` and `\\b` are ASCII-only where `regex` is Unicode-aware, so each pattern is
widened for the prefilter (`\\w` -> ASCII letters, digits, `_` and any character beyond ASCII,
as are `\\d`, `\\s` and Unicode properties such as `\\p{Lu}`; `\\b` dropped). The prefilter may
then say yes too often, never too rarely, and the confirmation decides. Look-arounds, which RE2
lacks, are left out of the prefilter (they only ever narrow a match). A pattern RE2 still
cannot take (back-references) is confirmed on every line of every document instead.

Long rule patterns are written in verbose mode (`(?x)`, or a macro's `(?x:...)`), which RE2
lacks: `strip_verbose` first removes their layout and comments exactly as `regex` reads them.
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import numpy as np
import re2
import regex

from cleaner.backtrack import timed
from cleaner.cache import cached
from cleaner.document import Document
from cleaner.rulefile import LazyPattern, Rule

TIMEOUT_SECONDS = 2.0
T = TypeVar("T")

# Widened escapes for RE2: Unicode letters and digits, and never a newline outside a class,
# so that a pattern searched over the whole document matches within one line only.
# `regex`'s \w is Alphabetic, marks, decimal digits, connector punctuation and the joiners;
# \d is decimal digits; \s is Unicode white space. A widened class holds at least those; a
# widened negation leaves out only what surely is in them (letters, decimal digits, `_`).
# Beyond ASCII a widened class takes every character: RE2 compiles a Unicode class such as
# `\pL` into a large automaton over UTF-8 bytes, which costs time to compile and, on text it
# has not read before, to build states for; "any non-ASCII character" is a handful of byte
# ranges. The prefilter says yes a little more often; the confirmation decides.
_NON_ASCII = r"\x{80}-\x{10ffff}"
_WORD = rf"0-9A-Za-z_{_NON_ASCII}"
_SPACE = rf"\t\x0b\f\r \x{{1c}}-\x{{1f}}{_NON_ASCII}"
_WIDEN_OUTSIDE = {"w": f"[{_WORD}]", "W": r"[^\pL\p{Nd}_\n]", "d": rf"[0-9{_NON_ASCII}]",
                  "D": r"[^\p{Nd}\n]", "b": "", "B": "", "s": f"[{_SPACE}]"}
_WIDEN_INSIDE = {"w": _WORD, "d": rf"0-9{_NON_ASCII}", "s": _SPACE}
_PROPERTY = regex.compile(r"\\[pP](?:\{[^}]*\}|[A-Za-z])")
# In a negated class the escape must stand for no more than `regex` means by it, so that the
# class as a whole matches no less.
_NARROW_NEGATED = {"w": r"\pL\p{Nd}_", "d": r"\p{Nd}", "s": r"\t\x0b\f\r \pZ"}
_COUNTED = regex.compile(r"\{(\d+)(?:,\d*)?\}")
_LOOKAROUND = ("(?=", "(?!", "(?<=", "(?<!")
_OPTIONS = re2.Options()
_OPTIONS.log_errors = False
# A `Set` of the pattern rules builds a larger automaton than RE2's default budget (8 MB)
# holds: its DFA's cache was flushed again and again, and the set ran at 22 MB/s on the dev
# set; with 64 MB (a bound, not an allocation) it keeps its states: 170 MB/s.
_SET_OPTIONS = re2.Options()
_SET_OPTIONS.log_errors = False
_SET_OPTIONS.max_mem = 64 << 20
PER_SET = 24  # patterns in one RE2 set at most: a set's automaton grows faster (`_sets`)


class RuleTimeout(Exception):
    """A rule's pattern ran past its time on one document; the document is skipped."""

    def __init__(self, rule_id: str):
        super().__init__(f"rule '{rule_id}' timed out after {TIMEOUT_SECONDS:g}s")
        self.rule_id = rule_id


# `regex` (version 0) skips these between the tokens of a verbose pattern, never inside a class
# or after a backslash; `#` opens a comment there that runs to the end of the line.
_VERBOSE_SPACE = " \t\n\r\f\v"
_FLAGS = regex.compile(r"\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])")


def strip_verbose(pattern: str) -> str:
    """The pattern without its verbose layout: the white space and `#` comments that `regex`
    skips where the `x` flag is on (a leading `(?x)`, or a group's `(?x:...)`), and the flag
    itself. A class, and the character after a backslash, keep theirs: `[ #]` and `\\ ` stay.
    A pattern that sets `x` anywhere else is refused (ValueError): its prefilter is then none,
    and the rule is confirmed on every line.

    >>> strip_verbose("(?x) ^(?i: sign\\\\ up  # a comment\\n | join [ #] )$")
    '^(?i:sign\\\\ up|join[ #])$'
    >>> strip_verbose("a b(?x: c d )e f")
    'a b(?:cd)e f'
    >>> strip_verbose("(?xi)a b")
    '(?i)ab'
    """
    out: list[str] = []
    verbose: list[bool] = [False]  # per open group: is `x` on inside it
    i = 0
    while i < len(pattern):
        char = pattern[i]
        flags = _FLAGS.match(pattern, i) if char == "(" else None
        if verbose[-1] and char in _VERBOSE_SPACE:
            i += 1
        elif verbose[-1] and char == "#":
            end = pattern.find("\n", i)
            i = len(pattern) if end < 0 else end + 1
        elif char == "\\":
            out.append(pattern[i:i + 2])
            i += 2
        elif char == "[":
            end = _class_end(pattern, i)
            out.append(pattern[i:end])
            i = end
        elif flags and "x" in flags.group(1) + (flags.group(2) or ""):
            on = "x" in flags.group(1)
            if flags.group(3) == ")":
                if out or i != 0 or not on:
                    raise ValueError("a verbose flag only at the start of a pattern")
                verbose[0] = True
            else:
                verbose.append(on)
            rest = flags.group(1).replace("x", "")
            off = (flags.group(2) or "").replace("x", "")
            if rest or off or flags.group(3) == ":":
                out.append(f"({'?' + rest if rest or off else '?'}{'-' + off if off else ''}"
                           f"{flags.group(3)}")
            i = flags.end()
        elif char == "(":
            verbose.append(verbose[-1])
            out.append(char)
            i += 1
        else:
            if char == ")" and len(verbose) > 1:
                verbose.pop()
            out.append(char)
            i += 1
    return "".join(out)


def _class_end(pattern: str, start: int) -> int:
    """Just after the class opened at `start` (a `]` first in it, after `[` or `[^`, is a
    literal; so is any escaped character)."""
    i = start + 1
    i += 1 if pattern.startswith("^", i) else 0
    i += 1 if pattern.startswith("]", i) else 0
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


def widen_for_re2(pattern: str) -> str:
    """Rewrite a pattern so RE2 matches at least what `regex` matches on any one line, and
    stays fast: Unicode-sensitive escapes widen, negated classes and `\\s` stop at newlines,
    and counted repetitions (`{0,300}`, `{4}`) become `*` or `+`, since RE2 unrolls each
    count into automaton states.

    >>> widen_for_re2(r"^\\w+\\b[\\d-]$")
    '^[0-9A-Za-z_\\\\x{80}-\\\\x{10ffff}]+[0-9\\\\x{80}-\\\\x{10ffff}-]$'
    >>> widen_for_re2(r"^.{0,300}?\\d{4}[^]|]x{2,}$")
    '^.*?[0-9\\\\x{80}-\\\\x{10ffff}]+[^\\\\n\\\\]|]x+$'
    >>> widen_for_re2(r"^\\p{Lu}[^\\p{L}]$")  # a negated class keeps its property exact
    '^[ABCDEFGHIJKLMNOPQRSTUVWXYZ\\\\x{80}-\\\\x{10ffff}][^\\\\n\\\\p{L}]$'
    >>> widen_for_re2(r"^(?!(?:go|open)\\b)a(?<![)(]b)$")
    '^a$'
    """
    pattern = strip_verbose(pattern)
    out: list[str] = []
    in_class = negated = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        counted = None if in_class or char != "{" else _COUNTED.match(pattern, i)
        if not in_class and pattern.startswith(_LOOKAROUND, i):
            i = _group_end(pattern, i)  # a look-around only narrows: the prefilter skips it
        elif counted:
            out.append("*" if int(counted.group(1)) == 0 else "+")
            i = counted.end()
        elif (prop := _PROPERTY.match(pattern, i)) and not negated:
            out.append(_widen_property(prop.group(), in_class))
            i = prop.end()
        elif char == "\\" and i + 1 < len(pattern):
            out.append(_widen_escape(pattern[i + 1], in_class, negated))
            i += 2
        elif char == "[" and not in_class:
            in_class = True
            negated = pattern.startswith("^", i + 1)
            out.append("[^\\n" if negated else "[")
            i += 2 if negated else 1
            if pattern.startswith("]", i):  # a `]` first in a class is a literal
                out.append("\\]")
                i += 1
        else:
            in_class = in_class and char != "]"
            out.append(char)
            i += 1
    return "".join(out)


def _group_end(pattern: str, start: int) -> int:
    """Where the group opened at `start` ends (just after its `)`), past nested groups,
    escapes and classes (in which a `]` right after `[` or `[^` is a literal)."""
    depth, in_class, i = 0, False, start
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 1
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            i += 1 if pattern.startswith("^", i + 1) else 0
            i += 1 if pattern.startswith("]", i + 1) else 0
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i


def _widen_property(escape: str, in_class: bool) -> str:
    """A Unicode property (`\\p{Lu}`, `\\pL`, `\\P{N}`) as the ASCII characters it holds and
    every character beyond ASCII (see `_NON_ASCII`)."""
    holds = regex.compile(escape)
    ascii_members = "".join(regex.escape(chr(point)) for point in range(128)
                            if holds.match(chr(point)) and chr(point) != "\n")
    members = ascii_members + _NON_ASCII
    return members if in_class else f"[{members}]"


def _widen_escape(letter: str, in_class: bool, negated: bool) -> str:
    if not in_class:
        return _WIDEN_OUTSIDE.get(letter, "\\" + letter)
    if not negated:
        return _WIDEN_INSIDE.get(letter, "\\" + letter)
    if letter in "WDS":  # no narrow form: the rule is confirmed without the prefilter
        raise ValueError(f"cannot widen \\{letter} in a negated class")
    return _NARROW_NEGATED.get(letter, "\\" + letter)


def anywhere(rule: Rule, key: str, doc: Document) -> bool:
    """Can a rule's line pattern match any line of the document? (`any_line`)"""
    return any_line(rule.compiled[key], doc, rule.anywhere)


def candidate_lines(rule: Rule, key: str, doc: Document) -> set[int] | None:
    """The indexes of the lines a rule's pattern may match: those where RE2's widened form of
    it matches (a superset: confirm each with `search`), searched for in the pieces of the
    text where the chain's scan found it (`PatternScan`), else in the whole text; None where
    the pattern has no widened form (every line may match)."""
    prefilter = _prefilter(rule.compiled[key].pattern)
    if prefilter is None:
        return None
    scanned = _scanned(prefilter, doc)
    if scanned is not None:
        data, cut, matched = scanned
        return set(lines_matching(_finder(prefilter), data, cut, matched))
    data = doc.encoded()
    starts = [found.start() for found in _finder(prefilter).finditer(data)]
    if not starts:
        return set()
    newlines = np.flatnonzero(np.frombuffer(data, np.uint8) == NEWLINE)
    return set(np.searchsorted(newlines, starts).tolist())


def any_line(line: regex.Pattern, doc: Document, cache: dict[str, regex.Pattern]) -> bool:
    """Can a line pattern match any line of the document? RE2 answers for most documents (no)
    at its own speed, from the chain's scan where it read the pattern (`PatternScan`); a yes
    is confirmed by one `regex` search over the whole text in multi-line mode (compiled on
    first use into `cache`), which saves a line-by-line scan of the documents that fail it."""
    prefilter = _prefilter(line.pattern)
    if prefilter is not None:
        scanned = _scanned(prefilter, doc)
        if scanned is not None and not scanned[2]:
            return False
        if scanned is None and _finder(prefilter).search(doc.encoded()) is None:
            return False
    whole = cache.get(line.pattern)
    if whole is None:  # made on first use: most patterns are line rules', never searched so
        whole = cache[line.pattern] = regex.compile(line.pattern, line.flags | regex.MULTILINE)
    return whole.search(doc.text(), timeout=TIMEOUT_SECONDS) is not None


def _scanned(prefilter: str, doc: Document
             ) -> tuple[bytes, list[tuple[int, int, int]], list[int]] | None:
    """The document's bytes, their pieces and those the chain's scan found the prefilter in,
    where the scan read it and the text is still the one it read; else None."""
    scan = current_scan(doc)
    if scan is None or (matched := scan[2].get(prefilter)) is None:
        return None
    return scan[0], scan[1], matched


def current_scan(doc: Document
                 ) -> tuple[bytes, list[tuple[int, int, int]], dict[str, list[int]]] | None:
    """The chain's scan of the document (`PatternScan.read`), where it read the text the
    document holds now (the text is frozen before the chain runs: the same bytes)."""
    if doc.scan is None:
        return None
    data = doc.encoded()
    return doc.scan if doc.scan[0] is data or doc.scan[0] == data else None


def lines_matching(finder: re2._Regexp, data: bytes, cut: list[tuple[int, int, int]],
                   matched: list[int]) -> Iterator[int]:
    """The line of each match of `finder` in the pieces `matched` (numbers in `cut`, in
    order): the piece's first line and the newlines counted up to the match."""
    for piece in matched:
        start, end, line = cut[piece]
        position = start
        for found in finder.finditer(data, start, end):
            line += data.count(b"\n", position, found.start())
            position = found.start()
            yield line


NEWLINE = ord("\n")
# Seconds per rule id, added up while a corpus is cleaned (`clean rules check`). The pass of
# the RE2 sets over each document serves every line rule and scanned pattern at once: it is
# LINE_SCAN's.
Costs = defaultdict[str, float]
LINE_SCAN = "(the one pass of the RE2 sets: line rules and actions' patterns)"
_PREFILTERS: dict[str, re2._Regexp] = {}  # per process, like the compiled rules
_WIDENED: dict[str, str | None] = {}  # each pattern's prefilter, per process
# A rule file's patterns in their sets (`_sets`), per process: every chain that runs the
# file's rules shares them (`LineMatcher._shared_sets`).
_SETS: dict[tuple[str, ...], list[tuple[int, re2.Set]]] = {}


def _finder(prefilter: str) -> re2._Regexp:
    """A prefilter (`_prefilter`) compiled, once a process, when a set first names it."""
    if prefilter not in _PREFILTERS:
        _PREFILTERS[prefilter] = re2.compile(prefilter, _OPTIONS)
    return _PREFILTERS[prefilter]


def _prefilter(pattern: str) -> str | None:
    """The widened multi-line RE2 form of a pattern (`widen_for_re2`), or None where RE2
    refuses it (look-arounds, back-references). Kept in the cache on disk, the verdict with
    it, under a hash of the pattern and of this module's code: rewriting the shipped rules'
    patterns at every start cost more than compiling them, and compiling each to learn the
    verdict was 24 ms of a 0.25 s start (most are never asked to find a line)."""
    if pattern in _WIDENED:
        return _WIDENED[pattern]

    def make() -> str | None:
        try:
            widened = "(?m)" + widen_for_re2(pattern)
            re2.compile(widened, _OPTIONS)
        except Exception:
            return None
        return widened

    found = _WIDENED[pattern] = cached(
        "re2-patterns", _code_digest() + pattern.encode("utf-8", "surrogatepass"), make,
        _encode_prefilter, _decode_prefilter)
    return found


def _encode_prefilter(prefilter: str | None) -> bytes:
    return b"-" if prefilter is None else b"+" + prefilter.encode("utf-8", "surrogatepass")


def _decode_prefilter(data: bytes) -> str | None:
    if data == b"-":
        return None
    if not data.startswith(b"+"):
        raise ValueError("a damaged entry")  # cache.DAMAGED: made again
    return data[1:].decode("utf-8", "surrogatepass")


@lru_cache(maxsize=1)
def _code_digest() -> bytes:
    return hashlib.sha256(Path(__file__).read_bytes()).digest()


def search(rule: Rule, key: str, text: str) -> regex.Match | None:
    """Run one of a rule's compiled patterns on a line: under the timeout (the chain names
    the rule) where it could take long on that line (backtrack.py). The timeout costs about
    nine times a short search, and most lines are short."""
    pattern = _compiled(rule, key)
    if timed(pattern, len(text)):
        return pattern.search(text, timeout=TIMEOUT_SECONDS)
    return pattern.search(text)


def find_all(rule: Rule, key: str, text: str) -> list[regex.Match]:
    """Each match of one of a rule's patterns in a line, left to right, not overlapping;
    under the timeout only where the pattern could take long there (`search`)."""
    pattern = _compiled(rule, key)
    if timed(pattern, len(text)):
        return list(pattern.finditer(text, timeout=TIMEOUT_SECONDS))
    return list(pattern.finditer(text))


def _compiled(rule: Rule, key: str) -> regex.Pattern:
    pattern = rule.compiled[key]
    if type(pattern) is LazyPattern:  # compiled once, then used as it is: every attribute
        pattern = rule.compiled[key] = pattern.compiled()  # of a LazyPattern is a call
    return pattern


def _sets(patterns: list[str]) -> list[tuple[int, re2.Set]]:
    """The patterns in RE2 sets of at most PER_SET each (split evenly), with the number of
    each set's first pattern. RE2 builds a set's automaton as it reads, a state for each mix
    of partial matches the text brings about: that mix grows faster than the patterns, and
    new text keeps adding states. The shipped rules' 42 patterns over the dev set's 6.7 MB of
    text, read once then again: one set 8 then 102 MB/s, two sets 16 then 94, three 20 then
    70, six 21 then 38 (medians of 3): two sets read new text twice as fast and lose nothing
    on text read before."""
    count = -(-len(patterns) // PER_SET)
    size = -(-len(patterns) // max(count, 1))
    sets = []
    for first in range(0, len(patterns), size):
        group = re2.Set.SearchSet(_SET_OPTIONS)
        for pattern in patterns[first:first + size]:
            group.Add(pattern)
        group.Compile()
        sets.append((first, group))
    return sets


class _Clock:
    """Adds the seconds since its last lap to a name's cost; does nothing without costs."""

    __slots__ = ("costs", "last")

    def __init__(self, costs: Costs | None):
        self.costs = costs
        self.last = time.perf_counter() if costs is not None else 0.0

    def lap(self, name: str) -> None:
        if self.costs is not None:
            now = time.perf_counter()
            self.costs[name] += now - self.last
            self.last = now


# The sets read a document in pieces of whole lines, this long or a little longer: a rule
# a set names is then searched for in the pieces it matched in, not in the whole text again.
# The line rules' matching on the dev set's 400 train dumps (wall, in one process, fastest
# of three): whole texts 0.271 s; pieces of 512 bytes 0.230, 1024 0.187, 2048 0.193, 4096
# 0.200 (more pieces, more calls of the sets; larger ones, more text searched again).
PIECE_BYTES = 1024


def pieces(data: bytes) -> list[tuple[int, int, int]]:
    """The text cut after a newline once each piece holds PIECE_BYTES (a longer line is a
    piece of its own): (start, end, its first line's number) of each piece, the newline
    between two pieces in neither.

    >>> pieces(b"a" * 1023 + b"\\nb\\n" + b"c" * 3000 + b"\\nd")
    [(0, 1023, 0), (1024, 4026, 1), (4027, 4028, 3)]
    """
    cut, start, line = [], 0, 0
    while start <= len(data):
        end = data.find(b"\n", start + PIECE_BYTES - 1)
        if end < 0:
            end = len(data)
        cut.append((start, end, line))
        line += data.count(b"\n", start, end) + 1
        start = end + 1
    return cut


class PatternScan:
    """The patterns a chain's actions search whole documents for (their `scanned`
    parameters): their RE2 forms in sets (each rule file's apart, made once a process and
    shared by every chain, as the line rules' are), read over each document's pieces in one
    pass (`read`), so that `anywhere` and `candidate_lines` search a pattern's pieces only,
    and never the whole text once a pattern."""

    def __init__(self, patterns: list[tuple[Path, str]]):
        """`patterns`: (the rule file, the pattern) of each scanned parameter."""
        by_file: dict[Path, list[str]] = {}
        for path, pattern in patterns:
            prefilter = _prefilter(pattern)
            if prefilter is not None and prefilter not in by_file.setdefault(path, []):
                by_file[path].append(prefilter)
        self.prefilters = [p for prefilters in by_file.values() for p in prefilters]
        self.sets: list[tuple[Sequence[str], re2.Set]] = [
            (key[first:], group) for key in map(tuple, by_file.values()) if key
            for first, group in _file_sets(key)]

    def read(self, doc: Document) -> None:
        """The pieces of the document's text each pattern matches in, kept on it (`scan`)."""
        data = doc.encoded()
        cut = pieces(data)
        hits: dict[str, list[int]] = {prefilter: [] for prefilter in self.prefilters}
        hits.update(named_pieces(self.sets, data, cut))
        doc.scan = (data, cut, hits)


def named_pieces(sets: Sequence[tuple[Sequence[T], re2.Set]], data: bytes,
                 cut: list[tuple[int, int, int]]) -> dict[T, list[int]]:
    """Each pattern some set names in a piece of the text -> those pieces, in order (`sets`:
    the names of each set's patterns, in its order, and the set)."""
    hits: dict[T, list[int]] = {}
    # A set at a time over every piece: each piece copied once for all the sets instead ran
    # 9% more instructions (callgrind, 80 train dumps: 4.68 G -> 5.10 G).
    for names, group in sets:
        for piece, (start, end, _) in enumerate(cut):
            for number in group.Match(data[start:end]) or ():  # None when none
                hits.setdefault(names[number], []).append(piece)
    return hits


def _file_sets(patterns: tuple[str, ...]) -> list[tuple[int, re2.Set]]:
    """A rule file's patterns in their sets (`_sets`), made once a process (`_SETS`)."""
    if patterns not in _SETS:
        _SETS[patterns] = _sets(list(patterns))
    return _SETS[patterns]


class LineMatcher:
    """All `drop_line` rules of one chain, compiled once."""

    def __init__(self, rules: list[Rule]):
        self.exact: dict[str, Rule] = {}
        self.patterns: list[Rule] = []
        self.prefilters: list[str] = []  # each pattern rule's widened, multi-line RE2 form
        self.always: list[Rule] = []  # patterns RE2 cannot prefilter
        for rule in rules:
            for key in rule.keys:
                self.exact.setdefault(key, rule)
            if "pattern" in rule.compiled:
                self._add_pattern(rule)
        self.prefilter = self._shared_sets()

    def _add_pattern(self, rule: Rule) -> None:
        prefilter = _prefilter(rule.compiled["pattern"].pattern)
        if prefilter is None:  # RE2 refuses look-arounds and back-references
            self.always.append(rule)
            return
        self.patterns.append(rule)
        self.prefilters.append(prefilter)

    def _shared_sets(self) -> list[tuple[list[int], re2.Set]]:
        """Each rule file's patterns in sets of their own, made once a process, with the
        number in this matcher of each set's patterns. A set's automaton grows with the new
        text it reads, up to its budget: a set of this matcher's patterns alone was one more
        automaton for every language and site that has a chain of its own, though most of
        their patterns are the shared boilerplate's."""
        by_file: dict[Path, list[int]] = {}
        for number, rule in enumerate(self.patterns):
            by_file.setdefault(rule.path, []).append(number)
        shared = []
        for numbers in by_file.values():
            patterns = tuple(self.prefilters[number] for number in numbers)
            shared += [(numbers[first:], group) for first, group in _file_sets(patterns)]
        return shared

    def matches(self, doc: Document, keys: list[str],
                costs: Costs | None = None) -> dict[int, Rule]:
        """Line index -> the rule that drops it: an exact rule first, else the first pattern
        rule in rule order. `keys` are the lines' `line_key`s, computed once by the caller.
        With `costs`, the seconds of each rule's scan and confirmations are added to it."""
        clock = _Clock(costs)
        found: dict[int, Rule] = {}
        if self.exact and not self.exact.keys().isdisjoint(keys):  # one C-level pass
            exact = self.exact
            found = {index: exact[key] for index, key in enumerate(keys) if key in exact}
        clock.lap(LINE_SCAN)
        if self.patterns:
            self._match_patterns(doc, found, clock)
        for rule in self.always:
            for index, line in enumerate(doc.lines):
                if index not in found and line.text:
                    self._confirm(index, line.text, rule, found)
            clock.lap(rule.id)
        return found

    def _match_patterns(self, doc: Document, found: dict[int, Rule], clock: _Clock) -> None:
        """The sets read the UTF-8 text a piece at a time (`pieces`: whole lines, about
        PIECE_BYTES) and name the rules that match somewhere in each piece (most pieces:
        none); each of those finds its lines in a scan of those pieces only
        (`lines_matching`), and `regex` confirms each line."""
        encoded = doc.encoded()
        scan = current_scan(doc)
        cut = scan[1] if scan is not None else pieces(encoded)
        hits = named_pieces(self.prefilter, encoded, cut)  # rule number -> its pieces
        clock.lap(LINE_SCAN)
        for number in sorted(hits):
            rule = self.patterns[number]
            for index in lines_matching(_finder(self.prefilters[number]), encoded, cut,
                                        hits[number]):
                text = doc.lines[index].text
                if index not in found and text:
                    self._confirm(index, text, rule, found)
            clock.lap(rule.id)

    @staticmethod
    def _confirm(index: int, text: str, rule: Rule, found: dict[int, Rule]) -> None:
        """The rule drops the line if its own pattern really matches it."""
        try:
            if search(rule, "pattern", text):
                found[index] = rule
        except TimeoutError:
            raise RuleTimeout(rule.id) from None
