"""HTML input: trafilatura finds the main text, then the rule chain cleans it like any dump.

trafilatura keeps its own judgement of the page's main content; the chain then removes the
widget lines it lets through and splits related blocks, exactly as on text input.
"""

from __future__ import annotations

import trafilatura

from cleaner.sources import Skip


def extract(html: str) -> tuple[str, str | None, str | None]:
    """Main text (one paragraph a line), title and URL of a page."""
    try:
        result = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=True,
            favor_precision=False, deduplicate=False,
        )
    except Exception as error:  # trafilatura raises many kinds on broken markup
        raise Skip(f"HTML could not be parsed: {type(error).__name__}") from None
    if result is None or not (result.text or "").strip():
        raise Skip("HTML page has no main text")
    return result.text, result.title, result.url
