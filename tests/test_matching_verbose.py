"""Verbose patterns (`(?x)`, a macro's `(?x:...)`) read by RE2: the prefilter strips their
layout exactly as `regex` reads it, and still finds every line the confirmation finds."""

from __future__ import annotations

import pytest
import re2
import regex

from cleaner import Document, load_rule_files
from cleaner.matching import LineMatcher, _finder, _prefilter, strip_verbose, widen_for_re2

# Each verbose pattern, the same pattern written on one line, and lines to try them on.
CASES = [
    ("(?x) ^ sign \\ up $", "^sign up$", ["sign up", "signup", "sign  up"]),
    ("(?x)^a[ #]b$  # a space or a hash\n", "^a[ #]b$", ["a b", "a#b", "ab", "a  b"]),
    ("(?x)^a\\#b$", "^a#b$", ["a#b", "ab"]),
    ("(?x)^a [^ \\]] b$", "^a[^ \\]]b$", ["axb", "a b", "a]b"]),
    ("(?x)^ x{1, 3} $", "^x{1,3}$", ["x", "xxx", "xxxx"]),
    ("(?x)\n^(?i:\n    one   # the first\n  | two\\ three\n)$\n", "^(?i:one|two three)$",
     ["ONE", "two three", "twothree"]),
    ("^a b(?x: c  d # note\n)e f$", "^a b(?:cd)e f$", ["a bcde f", "a bc de f"]),
    ("(?x)^a(?-x: b c)d$", "^a(?: b c)d$", ["a b cd", "abcd"]),
    ("(?xi)^a b$", "(?i)^ab$", ["ab", "AB", "a b"]),
    ("^a # b$", "^a # b$", ["a # b"]),  # not verbose: `#` and spaces are text
]


@pytest.mark.parametrize(("verbose", "plain", "lines"), CASES)
def test_strip_verbose_reads_a_pattern_as_regex_does(verbose, plain, lines):
    assert strip_verbose(verbose).replace("\\ ", " ").replace("\\#", "#") == plain
    ours, theirs = regex.compile(verbose), regex.compile(plain)
    prefilter = re2.compile(widen_for_re2(verbose))
    for line in lines:
        assert bool(ours.search(line)) == bool(theirs.search(line)), line
        if ours.search(line):
            assert prefilter.search(line), line


def test_a_verbose_flag_inside_a_pattern_is_refused_and_the_rule_confirmed_everywhere():
    """`regex` version 0 applies a global flag set mid-pattern to the whole of it; the
    prefilter does not guess: the rule runs without one (`LineMatcher.always`)."""
    with pytest.raises(ValueError):
        strip_verbose("^a(?x) b$")
    assert _prefilter("^a(?x) b$") is None


FILES = load_rule_files()
PATTERN_RULES = [rule for file in FILES for rule in file.rules
                 if rule.action == "drop_line" and "pattern" in rule.compiled]


def test_the_shipped_verbose_patterns_are_prefiltered():
    verbose = [rule for rule in PATTERN_RULES if rule.compiled["pattern"].flags & regex.VERBOSE]
    assert len(verbose) > 40
    assert LineMatcher(PATTERN_RULES).always == []


def _documents() -> list[Document]:
    from conftest import train_pages

    docs = [Document.from_text(example.input, "example", file.path.name)
            for file in FILES for example in file.examples]
    for path in train_pages("text")[::4]:
        docs.append(Document.from_text(path.read_text(encoding="utf-8"), path.stem, path.name))
    return docs


def test_the_prefilter_finds_every_line_the_confirmation_finds():
    """Per rule and document: the lines RE2's widened form finds include every line the
    rule's own pattern matches (on the rules' examples and a quarter of the dev set's train
    text pages, whose junk most of the patterns take)."""
    confirmed = 0
    for doc in _documents():
        encoded = doc.encoded()
        starts = [0]
        for line in doc.lines:
            starts.append(starts[-1] + len(line.text.encode("utf-8", "surrogatepass")) + 1)
        for rule in PATTERN_RULES:
            pattern = rule.compiled["pattern"]
            found = {index for index, line in enumerate(doc.lines)
                     if line.text and pattern.search(line.text)}
            if not found:
                continue
            finder = _finder(_prefilter(pattern.pattern))
            prefiltered = {sum(1 for start in starts[1:] if start <= match.start())
                           for match in finder.finditer(encoded)}
            assert found <= prefiltered, (rule.id, doc.source, sorted(found - prefiltered))
            confirmed += len(found)
    assert confirmed > 500


def test_the_widened_patterns_come_from_the_cache_as_they_were_made(tmp_path, monkeypatch):
    """Each shipped pattern's RE2 form, or RE2's refusal, is written to the cache once and
    read back the same."""
    import cleaner.matching

    monkeypatch.setenv("CLEANER_CACHE", str(tmp_path))
    monkeypatch.setattr(cleaner.matching, "_WIDENED", {})  # nothing known in this process
    patterns = sorted({compiled.pattern for file in load_rule_files() for rule in file.rules
                       for compiled in rule.compiled.values()})
    made = [_prefilter(p) for p in patterns]  # made, written
    assert [p for p, m in zip(patterns, made, strict=True) if m is not None] and all(
        m == "(?m)" + widen_for_re2(p) for p, m in zip(patterns, made, strict=True) if m)
    assert len(list((tmp_path / "re2-patterns").iterdir())) == len(patterns)
    cleaner.matching._WIDENED.clear()
    assert [_prefilter(p) for p in patterns] == made  # read back from the files
