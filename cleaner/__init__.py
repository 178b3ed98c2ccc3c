"""cleaner: turn scraped news text into clean article records and related-article records.

    >>> from cleaner import clean_text
    >>> records = clean_text("Big news today\\nIt happened.\\nSource link\\nBack to top button")
    >>> records[0].title, records[0].text
    ('Big news today', 'It happened.')
"""

from __future__ import annotations

from functools import lru_cache

from cleaner.chain import Cleaner, load_rule_files
from cleaner.document import Document, Record
from cleaner.rulefile import RuleError

__all__ = ["Cleaner", "Document", "Record", "RuleError", "clean_text", "load_rule_files"]


@lru_cache(maxsize=1)
def _default_cleaner() -> Cleaner:
    return Cleaner(load_rule_files())


def clean_text(text: str, id: str = "document", url: str | None = None) -> list[Record]:
    """Clean one document with the shipped rules: the article record, then related records."""
    return _default_cleaner().clean(Document.from_dump(text, id, id, url=url))
