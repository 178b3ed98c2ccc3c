"""A record of a corpus file (a JSONL line, a WARC response) as a document: its id, and the
name its files get under OUTPUT/<file>/."""

from __future__ import annotations

import re

from cleaner.document import Document
from cleaner.sources.inputs import InputFile, Skip, Skipped

_UNSAFE = re.compile(r"[^\w.-]+")


def file_stem(record_id: str) -> str:
    """A record id as a file name that stays inside OUTPUT, whatever the id holds.

    >>> file_stem("../../etc/passwd")
    'etc_passwd'
    """
    return _UNSAFE.sub("_", record_id).strip("._")[:150] or "record"


def corpus_document(item: InputFile, where: str, record_id: str, url: str | None,
                     reader, content) -> Document | Skipped:
    """One record of a corpus file, read by `reader(content, id, source)`, as a document
    whose files go to OUTPUT/<file>/<id>; or the reason it could not be read."""
    try:
        doc = reader(content, record_id, item.relative)
    except Skip as reason:
        return Skipped(where, str(reason))
    doc.url = doc.url or url
    stem = file_stem(record_id)
    if stem != record_id:  # made safe, so perhaps as another was: its line or offset tells
        stem += "~" + where[len(item.relative) + 1:]
    doc.file_id = f"{item.id}/{stem}"
    return doc
