"""The driver: input files -> documents -> rule chain -> records -> output, on N processes.

Each worker process compiles the rules once, then cleans batches of files and writes their
.txt files itself; the parent writes records.jsonl in input order, so the output is the same
byte for byte whatever `--jobs` is. One bad document is skipped with its reason; it never
stops the run.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from cleaner.chain import Cleaner
from cleaner.document import Document
from cleaner.learn import count_lines, learned_keys
from cleaner.matching import RuleTimeout
from cleaner.rulefile import load_rule_files
from cleaner.sinks import JsonlSink, record_line, write_record_files, write_report
from cleaner.sources import (
    InputFile,
    JsonlFields,
    Skip,
    Skipped,
    find_inputs,
    read_documents,
)

BATCH_SIZE = 64


class UsageError(Exception):
    """The command line asks for something that cannot be done (exit code 2)."""


@dataclass(slots=True)
class Outcome:
    """What cleaning one input file gave: its JSONL lines, and what could not be cleaned."""

    source: str
    documents: int = 0
    lines: list[str] = field(default_factory=list)
    records: Counter = field(default_factory=Counter)
    removed: Counter = field(default_factory=Counter)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (where, reason)


@dataclass(slots=True)
class Settings:
    output: Path
    rule_folders: list[Path]
    site: str | None = None
    learn: bool = False  # two passes: count each site's template lines first (learn.py)
    fields: JsonlFields = field(default_factory=JsonlFields)
    learned: dict[str, frozenset[str]] = field(default_factory=dict)


_worker: tuple[Cleaner, Settings] | None = None


def _start_worker(settings: Settings) -> None:
    global _worker
    cleaner = Cleaner(load_rule_files(settings.rule_folders), settings.site, settings.learned)
    _worker = (cleaner, settings)


def clean_file(cleaner: Cleaner, settings: Settings, item: InputFile) -> Outcome:
    """Clean every document of one input file; a bad document is skipped, the rest go on."""
    outcome = Outcome(item.relative)
    try:
        for doc in read_documents(item, settings.fields):
            outcome.documents += 1
            if isinstance(doc, Skipped):
                outcome.skipped.append((doc.where, doc.reason))
                continue
            reason = clean_document(cleaner, settings, doc, outcome)
            if reason:
                outcome.skipped.append((where_in_file(item, doc), reason))
    except Skip as reason:
        outcome.documents = max(outcome.documents, 1)
        outcome.skipped.append((item.relative, str(reason)))
    return outcome


def where_in_file(item: InputFile, doc: Document) -> str:
    """`file.jsonl:LINE`, `crawl.warc.gz@OFFSET`, or the file for a one-document file."""
    if "input_line" in doc.meta:
        return f"{item.relative}:{doc.meta['input_line']}"
    if "input_offset" in doc.meta:
        return f"{item.relative}@{doc.meta['input_offset']}"
    return item.relative


def clean_document(cleaner: Cleaner, settings: Settings, doc: Document,
                   outcome: Outcome) -> str | None:
    """Clean one document into the outcome; the reason it was skipped, if it was."""
    try:
        records = cleaner.clean(doc)
        write_record_files(settings.output, doc.file_id, records)
    except Skip as reason:
        return str(reason)
    except RuleTimeout as error:
        return str(error)
    except OSError as error:  # a full disk, a folder that cannot be made
        return f"cannot write its output: {error.strerror or error}"
    except Exception as error:  # a bug must not cost the other million documents
        return f"internal error: {type(error).__name__}: {error}"
    outcome.lines.extend(record_line(r) for r in records)
    outcome.records.update(r.kind for r in records)
    outcome.records["links"] += len(records[0].links)
    outcome.removed.update(line.removed_by for line in doc.lines if line.removed_by)
    return None


def _clean_batch(batch: list[InputFile]) -> list[Outcome]:
    cleaner, settings = _worker
    return [clean_file(cleaner, settings, item) for item in batch]


def _batches(items: list[InputFile]):
    for start in range(0, len(items), BATCH_SIZE):
        yield items[start:start + BATCH_SIZE]


def check_paths(input_path: Path, output: Path) -> None:
    if not input_path.exists():
        raise UsageError(f"{input_path}: no such file or folder")
    source, target = input_path.resolve(), output.resolve()
    if target == source or (source.is_dir() and source in target.parents):
        raise UsageError(f"{output}: OUTPUT must not be INPUT or inside it")
    if output.exists() and not output.is_dir():
        raise UsageError(f"{output}: OUTPUT exists and is not a folder")


def _size(item: InputFile) -> int:
    try:
        return item.path.stat().st_size
    except OSError:
        return 0  # it vanished; reading it will say so


def run(input_path: Path, output: Path, settings: Settings, jobs: int = 1,
        on_skip=None, progress=None) -> dict:
    """Clean everything under input_path into output; return the report. `progress`, if
    given, is a callable told the input's total bytes first, then (bytes, documents) as each
    file is done."""
    check_paths(input_path, output)
    started = time.perf_counter()
    _start_worker(settings)  # compiles and checks the rules before anything is written
    items = find_inputs(input_path)
    if settings.learn:
        # The compiled rules stay; only the learned lines are new (spawned workers get them
        # through `settings`).
        settings.learned = _worker[0].learned = learned_keys(count_lines(items, settings.fields))
    output.mkdir(parents=True, exist_ok=True)
    sink = JsonlSink(output / "records.jsonl")
    totals = {"documents": 0, "records": Counter(), "removed": Counter(), "skipped": []}
    sizes = {item.relative: _size(item) for item in items}
    if progress:
        progress(sum(sizes.values()), 0)
    try:
        for outcome in _outcomes(items, jobs):
            sink.write("".join(outcome.lines))
            _tally(totals, outcome, on_skip)
            if progress:
                progress(sizes[outcome.source], outcome.documents)
    except BaseException:
        sink.abandon()
        raise
    sink.commit()
    report = _report(totals, time.perf_counter() - started)
    write_report(output / "report.json", report)
    return report


def _outcomes(items: list[InputFile], jobs: int):
    if jobs <= 1 or len(items) <= BATCH_SIZE:
        for batch in _batches(items):
            yield from _clean_batch(batch)
        return
    # Forked workers inherit the parent's compiled rules; spawned ones compile their own.
    forked = sys.platform == "linux"
    context = multiprocessing.get_context("fork" if forked else "spawn")
    initializer = None if forked else _start_worker
    with context.Pool(jobs, initializer, () if forked else (_worker[1],)) as pool:
        for outcomes in pool.imap(_clean_batch, _batches(items)):
            yield from outcomes


def _tally(totals: dict, outcome: Outcome, on_skip) -> None:
    totals["documents"] += outcome.documents
    for where, reason in outcome.skipped:
        totals["skipped"].append({"source": where, "reason": reason})
        if on_skip:
            on_skip(where, reason)
    totals["records"].update(outcome.records)
    totals["removed"].update(outcome.removed)


def _report(totals: dict, seconds: float) -> dict:
    read, skipped = totals["documents"], totals["skipped"]
    records = totals["records"]
    return {
        "documents": {"read": read, "cleaned": read - len(skipped), "skipped": len(skipped)},
        "skipped": skipped,
        "records": {"article": records["article"], "related": records["related"],
                    "links": records["links"]},
        "removed_lines": dict(sorted(totals["removed"].items())),
        "seconds": round(seconds, 3),
    }
