"""Named normalisations: the only ways cleaning may change a line's text.

Whitespace is always folded (NBSP and other Unicode spaces become one space, zero-width
characters go). The others are switched on by `normalise` rules, so each change is traced
to a rule id like any removal.
"""

from __future__ import annotations

import re2
import regex

_INVISIBLE = regex.compile("[\u200b\u200c\u200d\u2060\ufeff]")
# The words between the dashes begin and end with something else than a dash, so that a
# stripped line never strips again (a row of dashes, `- - Title - -`, is left as it is).
_SUBHEADING_DASHES = regex.compile(r"^[-–—]\s+([^\s–—-](?:.*[^\s–—-])?)\s+[-–—]$")
_ANY_SUBHEADING_DASHES = re2.compile(r"(?m)^[-–—] .* [-–—]$")
# Sentence-closing punctuation only: a `-` or `•` line is a separator, and a `)` or `);`
# line is the end of a code block, not a stray end of sentence.
_ONLY_PUNCTUATION = regex.compile(r"^[”’\"']?[.,!?…]{1,3}[”’\"']?$")
_ANY_ONLY_PUNCTUATION = re2.compile("(?m)" + _ONLY_PUNCTUATION.pattern)
# Every whitespace character `str.split` knows, but the newline that joins a document's lines.
_SPACES = "".join(f"\\x{{{c:x}}}" for c in range(0x3001) if chr(c).isspace() and c != 10)
_OTHER_SPACES = _SPACES.replace("\\x{20}", "")
# A line `fold_whitespace` may change: a run of spaces, a space at either end, any space but
# " ", an invisible character. RE2 finds them in the whole document's UTF-8 text at once.
_SPACE, _OTHER = f"[{_SPACES}]", f"[{_OTHER_SPACES}]"
_MAY_FOLD = re2.compile(
    f"(?m){_SPACE}{{2,}}|^{_SPACE}|{_SPACE}$|{_OTHER}|{_INVISIBLE.pattern}")


def may_need(name: str, encoded: bytes) -> bool:
    """Whether a named normalisation can apply anywhere in a document's UTF-8 text: one RE2
    search instead of a test per line, since most documents need neither."""
    pattern = _ANY_SUBHEADING_DASHES if name == "subheading-dashes" else _ANY_ONLY_PUNCTUATION
    return pattern.search(encoded) is not None


def lines_to_fold(encoded: bytes) -> list[int]:
    r"""Indexes of the lines of a UTF-8 text (lines joined by newlines) that `fold_whitespace`
    may change; most lines of most documents need nothing, and are not visited.

    >>> lines_to_fold("ok\n two\nthree\nfour  five\nsix\u00a0".encode())
    [1, 3, 4]
    """
    lines: list[int] = []
    index, position = 0, 0
    for found in _MAY_FOLD.finditer(encoded):
        index += encoded.count(b"\n", position, found.start())
        position = found.start()
        if not lines or lines[-1] != index:
            lines.append(index)
    return lines


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
    >>> strip_subheading_dashes("– – – – –") is None
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
