"""A datatrove step that runs the same rule chain as `clean`: one document in, its article and
related records out, each a datatrove Document shaped like a line of `records.jsonl`.

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from cleaner.integrations.datatrove import CleanerStep

    LocalPipelineExecutor([JsonlReader("shards/"), CleanerStep(rules=["my-rules/"]),
                           JsonlWriter("cleaned/")], tasks=4, logging_dir="logs/").run()

How a datatrove document becomes a cleaner document (as `clean` reads a JSONL line):
`text` is the text (or, with `html_field`, HTML goes through trafilatura first);
`metadata["url"]` picks site rules and becomes the records' `url`; `metadata["title"]` is the
article's title (a JSONL record's `title`, as `clean` reads it); `metadata["file_path"]`
(datatrove's readers set it) becomes the records' `source`, else the document's id does; the
rest of the metadata passes through as `input_metadata`. The records' ids, texts and metadata
are `Record.to_json()`'s, so a record is the same whether `clean` or datatrove wrote it.
Datatrove readers do not say which line a document came from, so there is no `input_line`.

Unlike `records.jsonl`, an article whose whole text was junk is not forwarded (datatrove
steps pass on no empty documents); its related records still name it as their `parent`.

Stats (in the executor's `stats.json`): `documents` in, `records` out (`article`, `related`),
`links`, lines removed per rule id (the report's `removed_lines`), and `dropped` with a
`dropped_<why>` beside it: `empty` (an all-junk article), `unreadable` (an empty text, an HTML
page without text, a missing HTML field), `rule_timeout`, `internal_error`.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path

from datatrove.data import Document as DatatroveDocument
from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.utils.logging import logger

from cleaner.chain import Cleaner, load_rule_files
from cleaner.document import READ_AS, Document, Record
from cleaner.matching import RuleTimeout
from cleaner.sources import Skip
from cleaner.sources.html import read_html
from cleaner.sources.jsonl import record_title

# Metadata the step reads into the document itself rather than passing on in `input_metadata`.
URL_KEY, PATH_KEY = "url", "file_path"


@lru_cache(maxsize=4)
def compiled_rules(rules: tuple[str, ...], site: str | None) -> Cleaner:
    """The shipped rules plus the given folders, compiled once per process: a worker cleaning
    many tasks one after another, or many documents, compiles them once."""
    return Cleaner(load_rule_files([Path(folder) for folder in rules]), site)


class CleanerStep(PipelineStep):
    """Clean each document with the rule chain; forward its article and related records.

    Args:
        rules: extra rule files or folders, as `clean --rules` (the shipped rules always apply)
        site: force one site's rules, as `clean --site`; by default the URL and the
            site fingerprints pick them
        html_field: where HTML is, as `clean --html-field`: "text" when the document's text
            is HTML (WarcReader, or `JsonlReader(text_key="html")`), or a metadata key
            (JsonlReader puts a record's other fields in metadata). None: the text is text.
    """

    name = "🧹 cleaner"
    type = "✂️ - FORMAT"

    def __init__(self, rules: list[str | Path] | None = None, site: str | None = None,
                 html_field: str | None = None):
        super().__init__()
        # Absolute, so that a Slurm task started in another folder finds the same files.
        self.rules = [str(Path(folder).resolve()) for folder in rules or []]
        self.site = site
        self.html_field = html_field
        # A bad rule file fails here, where the pipeline is built, rather than in every task
        # after it was submitted. The compiled rules stay in this process's cache, never on
        # the step: the step pickles as its three settings.
        compiled_rules(tuple(self.rules), site)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        cleaner = compiled_rules(tuple(self.rules), self.site)
        for item in data:
            self.stat_update("documents")
            with self.track_time():
                records = self.clean(cleaner, item)
            for record in records:
                if record.kind == "article" and not record.text:
                    self.stat_update("dropped", "dropped_empty")
                    continue
                self.stat_update("records", record.kind)
                out = DatatroveDocument(**record.to_json())
                self.update_doc_stats(out)
                yield out

    def clean(self, cleaner: Cleaner, item: DatatroveDocument) -> list[Record]:
        """The document's records, counting lines removed per rule; none if it was skipped
        (counted and logged with the reason, as `clean` reports it)."""
        try:
            doc = self.document(item)
            records = cleaner.clean(doc)
        except Skip as reason:
            return self._skip(item, "unreadable", str(reason))
        except RuleTimeout as error:
            return self._skip(item, "rule_timeout", str(error))
        except Exception as error:  # a bug must not cost the other million documents
            return self._skip(item, "internal_error", f"{type(error).__name__}: {error}")
        removed = Counter(line.removed_by for line in doc.lines if line.removed_by)
        for rule_id, lines in removed.items():
            self.stat_update(rule_id, value=lines)
        self.stat_update("links", value=len(records[0].links))
        for how, key in READ_AS.items():  # joined back, read as Markdown (docs/inputs.md)
            if key in doc.meta:
                self.stat_update(f"read_as_{how}")
        return records

    def document(self, item: DatatroveDocument) -> Document:
        """The cleaner's document for a datatrove one, read as `clean` reads a JSONL line: an
        empty or blank text is skipped as unreadable (not counted as an all-junk article),
        and a document built without metadata has none."""
        metadata = item.metadata if isinstance(item.metadata, dict) else {}
        source = metadata.get(PATH_KEY)
        source = source if isinstance(source, str) else str(item.id)
        url = metadata.get(URL_KEY)
        if self.html_field is None:
            if not isinstance(item.text, str) or not item.text.strip():
                raise Skip("empty text")
            doc = Document.from_dump(item.text, str(item.id), source)
        else:
            html = item.text if self.html_field == "text" else metadata.get(self.html_field)
            if not isinstance(html, str):
                raise Skip(f"no string field '{self.html_field}'")
            doc = read_html(html, str(item.id), source)
        doc.url = doc.url or (url if isinstance(url, str) else None)
        doc.title = doc.title or record_title({}, metadata)  # JsonlReader's "title" field
        passed_on = {key: value for key, value in metadata.items()
                     if key not in (URL_KEY, PATH_KEY, self.html_field)}
        if passed_on:
            doc.meta["input_metadata"] = passed_on
        return doc

    def _skip(self, item: DatatroveDocument, why: str, reason: str) -> list[Record]:
        self.stat_update("dropped", f"dropped_{why}")
        logger.warning(f"cleaner: skipped document {item.id!r}: {reason}")
        return []
