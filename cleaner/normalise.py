"""Named normalisations: the only ways cleaning may change a line's text.

Whitespace is always folded (NBSP and other Unicode spaces become one space, zero-width
characters go). The others are switched on by `normalise` rules, so each change is traced
to a rule id like any removal.
"""

from __future__ import annotations

import regex

_INVISIBLE = regex.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SUBHEADING_DASHES = regex.compile(r"^[-–—]\s+(\S(?:.*\S)?)\s+[-–—]$")
_ANY_SUBHEADING_DASHES = regex.compile(r"^[-–—] .* [-–—]$", regex.MULTILINE)
# Sentence-closing punctuation only: a `-` or `•` line is a separator, and a `)` or `);`
# line is the end of a code block, not a stray end of sentence.
_ONLY_PUNCTUATION = regex.compile(r"^[”’\"']?[.,!?…]{1,3}[”’\"']?$")
_ANY_ONLY_PUNCTUATION = regex.compile(_ONLY_PUNCTUATION.pattern, regex.MULTILINE)


def may_need(name: str, text: str) -> bool:
    """Whether a named normalisation can apply anywhere in a document's text: one search
    instead of a test per line, since most documents need neither."""
    pattern = _ANY_SUBHEADING_DASHES if name == "subheading-dashes" else _ANY_ONLY_PUNCTUATION
    return pattern.search(text) is not None


def fold_whitespace(text: str) -> str:
    """Collapse every run of Unicode whitespace to one space and trim the ends.

    >>> fold_whitespace("  Source\\u00a0link \\t")
    'Source link'
    """
    if text.isascii():
        if "  " not in text and "\t" not in text and text.strip() == text:
            return text
    elif _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", text)
    return " ".join(text.split())


def line_key(text: str) -> str:
    """The form exact-line rules are matched in: folded whitespace, case folded.

    >>> line_key("Back  to Top\\u00a0Button")
    'back to top button'
    """
    return fold_whitespace(text).casefold()


def strip_subheading_dashes(text: str) -> str | None:
    """AFP-style subheadings print as `- Five killed in strikes -`; keep only the words.

    >>> strip_subheading_dashes("- Five killed in strikes -")
    'Five killed in strikes'
    >>> strip_subheading_dashes("- News.com.au") is None
    True
    """
    found = _SUBHEADING_DASHES.match(text)
    return found.group(1) if found else None


def is_stray_punctuation(text: str) -> bool:
    """A line that is only a stray `.` or `”.` left by a broken scrape.

    >>> is_stray_punctuation(".")
    True
    >>> is_stray_punctuation("-")
    False
    >>> is_stray_punctuation("OK.")
    False
    """
    return bool(_ONLY_PUNCTUATION.match(text))
