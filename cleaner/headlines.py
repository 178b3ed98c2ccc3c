"""Whether a line reads as a headline (short, not ending like a sentence or a clause)."""

from __future__ import annotations

# A headline may end in "?" or "!"; it does not end like a sentence or a clause.
CLAUSE_END = (".", ":", ";", ",", ".”", ".\"", ".’", "…")


TITLE_MAX_CHARS = 300  # a headline that opens a text; list items are held to less


def opens_with_headline(texts: list[str]) -> bool:
    """A text's first line is its headline when it reads as one and more text follows.

    >>> opens_with_headline(["Talks will be difficult", "Peskov said so."])
    True
    >>> opens_with_headline(["Talks will be difficult"])
    False
    """
    return len(texts) > 1 and is_title_like(texts[0], TITLE_MAX_CHARS)


def is_title_like(text: str, max_chars: int = 200) -> bool:
    """A headline: short, and not ending like a sentence.

    >>> is_title_like("Kolomoisky embezzlement case to be sent to court")
    True
    >>> is_title_like("Peskov said the talks would be difficult.")
    False
    """
    return 0 < len(text) <= max_chars and not text.endswith(CLAUSE_END)
