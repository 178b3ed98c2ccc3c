"""Compiled line matching for `drop_line` rules: never a loop of every rule over every line.

Exact-line rules are one dictionary lookup per line (after `line_key`). Pattern rules go
through one RE2 `Set`: once over the whole document (most documents match none), then over
each line, which names the rules that can match it; only those are confirmed with the rule's
own `regex` pattern, under a timeout, so a pattern that backtracks cannot hang the run.

RE2's `\\w`, `\\d` and `\\b` are ASCII-only where `regex` is Unicode-aware, so each pattern is
widened for the prefilter (`\\w` -> letters, digits, `_`; `\\b` dropped). The prefilter may then
say yes too often, never too rarely, and the confirmation decides. A pattern RE2 cannot take
(look-arounds, back-references) is confirmed on every document instead.
"""

from __future__ import annotations

import re2
import regex

from cleaner.rulefile import Rule

TIMEOUT_SECONDS = 2.0

_WIDEN_OUTSIDE = {"w": r"[\pL\pN_]", "W": r"[^\pL\pN_]", "d": r"\pN", "b": "", "B": "",
                  "s": r"[\s\pZ]"}
_COUNTED = regex.compile(r"\{(\d+)(?:,\d*)?\}")
_WIDEN_INSIDE = {"w": r"\pL\pN_", "d": r"\pN", "s": r"\s\pZ"}


class RuleTimeout(Exception):
    """A rule's pattern ran past its time on one document; the document is skipped."""

    def __init__(self, rule_id: str):
        super().__init__(f"rule '{rule_id}' timed out after {TIMEOUT_SECONDS:g}s")
        self.rule_id = rule_id


def widen_for_re2(pattern: str) -> str:
    """Rewrite a pattern so RE2 matches at least what `regex` matches, and stays fast:
    Unicode-sensitive escapes widen, and counted repetitions (`{0,300}`, `{4}`) become `*`
    or `+`, since RE2 unrolls each count into automaton states.

    >>> widen_for_re2(r"^\\w+\\b[\\w-]$")
    '^[\\\\pL\\\\pN_]+[\\\\pL\\\\pN_-]$'
    >>> widen_for_re2(r"^.{0,300}?\\d{4}x{2,}$")
    '^.*?\\\\pN+x+$'
    """
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        counted = None if in_class or char != "{" else _COUNTED.match(pattern, i)
        if counted:
            out.append("*" if int(counted.group(1)) == 0 else "+")
            i = counted.end()
            continue
        if char == "\\" and i + 1 < len(pattern):
            escape = pattern[i + 1]
            table = _WIDEN_INSIDE if in_class else _WIDEN_OUTSIDE
            out.append(table.get(escape, char + escape))
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class and out and out[-1] not in ("[", "[^"):
            in_class = False
        out.append(char)
        i += 1
    return "".join(out)


def search(rule: Rule, key: str, text: str) -> regex.Match | None:
    """Run one of a rule's compiled patterns under the timeout (the chain names the rule)."""
    return rule.compiled[key].search(text, timeout=TIMEOUT_SECONDS)


class LineMatcher:
    """All `drop_line` rules of one chain, compiled once."""

    def __init__(self, rules: list[Rule]):
        self.exact: dict[str, Rule] = {}
        self.patterns: list[Rule] = []
        self.always: list[Rule] = []  # patterns RE2 cannot prefilter
        options = re2.Options()
        options.log_errors = False
        self.prefilter = re2.Set.SearchSet(options)
        for rule in rules:
            for key in rule.keys:
                self.exact.setdefault(key, rule)
            if "pattern" in rule.compiled:
                self._add_pattern(rule)
        self.prefilter.Compile()

    def _add_pattern(self, rule: Rule) -> None:
        try:
            self.prefilter.Add("(?m)" + widen_for_re2(rule.compiled["pattern"].pattern))
        except Exception:  # RE2 refuses look-arounds and back-references
            self.always.append(rule)
            return
        self.patterns.append(rule)

    def matches(self, texts: list[str], keys: list[str]) -> dict[int, Rule]:
        """Line index -> the rule that drops it: an exact rule first, else the first pattern
        rule in rule order. `keys` are the lines' `line_key`s, computed once by the caller."""
        found: dict[int, Rule] = {}
        if self.exact:
            for index, key in enumerate(keys):
                rule = self.exact.get(key)
                if rule is not None:
                    found[index] = rule
        # One pass over the whole document first: most documents match no pattern at all.
        if self.patterns and self.prefilter.Match("\n".join(texts)):
            for index, text in enumerate(texts):
                if index not in found and text and (hits := self.prefilter.Match(text)):
                    self._confirm(index, text, [self.patterns[i] for i in sorted(hits)], found)
        if self.always:
            for index, text in enumerate(texts):
                if index not in found and text:
                    self._confirm(index, text, self.always, found)
        return found

    @staticmethod
    def _confirm(index: int, text: str, rules: list[Rule], found: dict[int, Rule]) -> None:
        """The first rule whose own pattern really matches the line drops it."""
        for rule in rules:
            try:
                if search(rule, "pattern", text):
                    found[index] = rule
                    return
            except TimeoutError:
                raise RuleTimeout(rule.id) from None
