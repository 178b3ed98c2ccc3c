"""How a line reads: as a headline, or as running text."""

from __future__ import annotations

# A headline may end in "?" or "!"; it does not end like a sentence or a clause.
SENTENCE_END = (".", ":", ";", ",", ".”", ".\"", ".’", "…")


def is_title_like(text: str, max_chars: int = 200) -> bool:
    """A headline: short, and not ending like a sentence.

    >>> is_title_like("Kolomoisky embezzlement case to be sent to court")
    True
    >>> is_title_like("Peskov said the talks would be difficult.")
    False
    """
    return 0 < len(text) <= max_chars and not text.endswith(SENTENCE_END)
