"""The driver: input files -> units of work -> documents -> rule chain -> records -> output,
on N processes.

Each worker process compiles the rules once, then cleans batches of units (files, or slices
of a large JSONL file: units.py) and writes their .txt files itself; the parent writes
records.jsonl in input order, so the output is the same byte for byte whatever `--jobs` is,
and records its progress so that a killed run resumes where it stopped (resume.py). One bad
document is skipped with its reason; it never stops the run.
"""

from __future__ import annotations

import itertools
import json
import multiprocessing
import os
import signal
import sys
import time
from collections import Counter, deque
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cleaner.chain import Cleaner, load_rule_files, traced_document
from cleaner.document import READ_AS, Document
from cleaner.learn import count_lines, learned_keys
from cleaner.matching import RuleTimeout
from cleaner.pools import finished
from cleaner.resume import (
    Checkpoint,
    ResumeConflict,
    held,
    inputs_digest,
    remove_stale_temporaries,
    rule_digests,
)
from cleaner.shards import (
    OutputShape,
    clear_earlier_run,
    holds_txt_files,
    publish,
    remove_other_records_files,
    txt_files_before,
)
from cleaner.sinks import JsonlSink, json_line, write_atomic, write_record_files, write_report
from cleaner.sources import (
    FORMATS,
    InputFile,
    Inputs,
    JsonlFields,
    LeftAlone,
    Skip,
    Skipped,
    input_problem,
    read_documents,
    read_piece,
    related_names,
    walk_inputs,
)
from cleaner.sources.jsonl import missing_field
from cleaner.units import CHUNK_BYTES, Unit, plan_units, stream_units, streamed

if TYPE_CHECKING:
    from cleaner.dedup import Scan

BATCH_SIZE = 64  # units a worker takes at once...
BATCH_BYTES = 2**20  # ...or fewer, when they hold this much (a JSONL slice or piece: alone)


class UsageError(Exception):
    """The command line asks for something that cannot be done (exit code 2)."""


@dataclass(slots=True)
class Outcome:
    """What cleaning one input file gave: its JSONL lines, and what could not be cleaned."""

    source: str
    documents: int = 0
    lines: list[bytes] = field(default_factory=list)  # UTF-8, encoded where the record is known
    records: Counter = field(default_factory=Counter)
    removed: Counter = field(default_factory=Counter)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (where, reason)
    left_alone: Counter = field(default_factory=Counter)  # WARC responses not HTML, by type
    decoding: list[dict] = field(default_factory=list)  # documents whose bytes were mended
    read_as: Counter = field(default_factory=Counter)  # texts joined back, read as Markdown
    # --dedup: the lines' JSON objects, hashed by the worker and let go before it returns...
    objects: list[dict] = field(default_factory=list)
    # ...into the hashes of its batch's records, carried by the batch's first outcome
    hashes: Scan | None = None


@dataclass(slots=True)
class Settings:
    output: Path
    rule_folders: list[Path]
    site: str | None = None
    learn: bool = False  # two passes: count each site's template lines first (learn.py)
    fields: JsonlFields = field(default_factory=JsonlFields)
    learned: dict[str, frozenset[str]] = field(default_factory=dict)
    chunk_bytes: int = CHUNK_BYTES  # JSONL files larger than this are cut into slices
    dedup: bool = False  # drop exact copies, mark near copies and snippets (dedup.py)
    txt: str = "auto"  # .txt files: "all", "none", or "auto" (not for JSONL/WARC records)
    force: bool = False  # start over even if OUTPUT holds an interrupted run
    shape: OutputShape = field(default_factory=OutputShape)  # records.jsonl, or shards.py's
    # Input pages named as another page's related .txt would be (`a.related-1` beside `a`):
    # that page's related records take other names (sinks.txt_path). Set by `run`.
    related_taken: frozenset[str] = frozenset()
    language: str | None = None  # every document's language, instead of a guess

    def identity(self) -> dict:
        """What the output depends on, besides the rule files and the inputs, by the option
        that sets it (a resume that cannot go on names the ones that changed)."""
        return {"--site": self.site, "--learn": self.learn, "--chunk-mb": self.chunk_bytes,
                "--dedup": self.dedup, "--txt": self.txt, "--text-field": self.fields.text,
                "--html-field": self.fields.html, "--id-field": self.fields.id,
                "--output-format": self.shape.format,
                "--shard-size": [self.shape.shard_records, self.shape.shard_bytes],
                "--dolma": self.shape.dolma_source, "--language": self.language}


_worker: tuple[Cleaner, Settings] | None = None


def _start_worker(settings: Settings) -> Cleaner:
    global _worker
    cleaner = Cleaner(load_rule_files(settings.rule_folders), settings.site, settings.learned,
                      settings.language)
    _worker = (cleaner, settings)
    return cleaner


def _worker_state() -> tuple[Cleaner, Settings]:
    """This process's compiled rules and settings (`_start_worker` ran before any unit)."""
    if _worker is None:
        raise RuntimeError("no rules were compiled in this process")
    return _worker


def _start_pool_worker(settings: Settings | None) -> None:
    """A pool's worker leaves Ctrl-C to the parent, which ends the pool: a worker stopped by
    it while taking a task from the queue would die holding the queue's lock, and the
    pool's shutdown would wait for that lock for ever. A spawned worker (`settings`) loads
    the rules; a forked one has them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's: the pool ends it so
    _die_with_parent()
    if settings is not None:
        _start_worker(settings)


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with_parent() -> None:
    """On Linux, the kernel kills the worker when its parent dies (`kill`, a crash): a worker
    left behind would find the pool's pipes closed and print a broken pipe's traceback.
    Elsewhere the worker exits on that error, as before."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # no prctl: the worker exits on the broken pipe
        return
    parent = multiprocessing.parent_process()
    if parent is not None and os.getppid() != parent.pid:  # it died before the call
        os._exit(0)


def clean_unit(cleaner: Cleaner, settings: Settings, unit: Unit) -> Outcome:
    """Clean every document of one unit; a bad document is skipped, the rest go on."""
    item = unit.item
    outcome = Outcome(unit.name)
    if unit.payload is not None:  # a piece of a streamed file, read by the parent
        documents = read_piece(item, unit.payload, settings.fields, unit.first_line)
    else:
        documents = read_documents(item, settings.fields, unit.start, unit.end, unit.first_line)
    txt = writes_txt(settings.txt, item)
    try:
        for doc in documents:
            if isinstance(doc, LeftAlone):
                outcome.left_alone[doc.media_type] += 1
                continue
            outcome.documents += 1
            if isinstance(doc, Skipped):
                outcome.skipped.append((doc.where, doc.reason))
                continue
            reason = clean_document(cleaner, settings, doc, outcome, txt)
            if reason:
                outcome.skipped.append((where_in_file(item, doc), reason))
                continue
            outcome.read_as.update(how for how, key in READ_AS.items() if key in doc.meta)
            if isinstance(note := doc.meta.get("decoding"), dict):
                outcome.decoding.append({"source": where_in_file(item, doc), **note})
    except Skip as reason:
        outcome.documents = max(outcome.documents, 1)
        outcome.skipped.append((item.relative, str(reason)))
    return outcome


def where_in_file(item: InputFile, doc: Document) -> str:
    """`file.jsonl:LINE`, `crawl.warc.gz@OFFSET`, or the file for a one-document file."""
    if isinstance(line := doc.meta.get("input_line"), int):
        return item.at_line(line)
    if isinstance(offset := doc.meta.get("input_offset"), int):
        return item.at_offset(offset)
    return item.relative


def writes_txt(mode: str, item: InputFile) -> bool:
    """Whether the records of an input file get .txt files: with "auto", those of a page
    (.txt, .html) do and those of a corpus (JSONL, WARC) do not, where a million documents
    would be a million files (records.jsonl holds them all)."""
    return mode == "all" or (mode == "auto" and item.format is not None
                             and FORMATS[item.format].one_page)


def clean_document(cleaner: Cleaner, settings: Settings, doc: Document,
                   outcome: Outcome, txt: bool = True) -> str | None:
    """Clean one document into the outcome; the reason it was skipped, if it was."""
    try:
        records = cleaner.clean(doc)
        objects = [record.to_json() for record in records]
        # Encoded here, where one document fails alone, not in the parent's write of a batch.
        lines = [json_line(item).encode("utf-8") for item in objects]
        if txt:
            write_record_files(settings.output, doc.file_id, records, settings.related_taken)
    except Skip as reason:
        return str(reason)
    except RuleTimeout as error:
        return str(error)
    except UnicodeEncodeError as error:  # a lone surrogate, from a JSON escape
        return f"its text holds a character UTF-8 cannot encode ({error.reason})"
    except OSError as error:  # a full disk, a folder that cannot be made
        return f"cannot write its output: {error.strerror or error}"
    except Exception as error:  # a bug must not cost the other million documents
        return f"internal error: {type(error).__name__}: {error}"
    outcome.lines.extend(lines)
    if settings.dedup:
        outcome.objects.extend(objects)
    outcome.records.update(r.kind for r in records)
    outcome.records["links"] += len(records[0].links)
    traced = traced_document(doc, records)
    outcome.removed.update(line.removed_by for line in traced.lines if line.removed_by)
    return None


def _clean_batch(batch: list[Unit], scan_id: object = None) -> list[Outcome]:
    """The batch's outcomes; with --dedup (a `scan_id`), and its records' hashes."""
    cleaner, settings = _worker_state()
    outcomes = [clean_unit(cleaner, settings, unit) for unit in batch]
    if scan_id is not None and outcomes:
        outcomes[0].hashes = _hash_records(outcomes, scan_id)
    return outcomes


def _hash_records(outcomes: list[Outcome], scan_id: object) -> Scan:
    """--dedup's hashes of the outcomes' records, made here, where the texts are: the parent
    would otherwise read and parse every record again after the run (dedup.py). A whole
    batch at once, as numpy costs the same per call for one text or a thousand."""
    from cleaner.dedup import scan_records

    def records():
        for outcome in outcomes:
            yield from zip(outcome.objects, map(len, outcome.lines), strict=True)
            outcome.objects = []  # the texts do not go back to the parent

    return scan_records(records(), scan_id)


def _batches(units: Iterator[Unit]) -> Iterator[list[Unit]]:
    batch: list[Unit] = []
    size = 0
    for unit in units:
        if unit.payload is not None:  # a piece of a streamed file: a chunk's worth already
            if batch:
                yield batch
            yield [unit]
            batch, size = [], 0
            continue
        batch.append(unit)
        size += unit.size
        if len(batch) >= BATCH_SIZE or size >= BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def check_paths(input_path: Path, output: Path) -> None:
    """Refuse paths that could lose data: OUTPUT inside INPUT (the run would read its own
    output), or INPUT inside OUTPUT (a `.txt` written there can take an input's name:
    `clean page.txt .` would write over the page)."""
    if problem := input_problem(input_path):
        raise UsageError(problem)
    source, target = input_path.resolve(), output.resolve()
    if target == source or (source.is_dir() and source in target.parents):
        raise UsageError(f"{output}: OUTPUT must not be INPUT or inside it")
    if target in source.parents:
        raise UsageError(f"{output}: OUTPUT must not hold INPUT ({input_path}): its files "
                         "could be written over; choose a new folder")
    if output.exists() and not output.is_dir():
        raise UsageError(f"{output}: OUTPUT exists and is not a folder")


def check_fields(files: list[InputFile], fields: JsonlFields) -> None:
    """A corpus file whose records keep their text in another field would have every record
    skipped, and the command would give nothing and say little: that is a usage error."""
    for _, problem in _misnamed(files, fields):
        raise UsageError(problem)


def set_aside_misnamed(inputs: Inputs, fields: JsonlFields) -> None:
    """A run's corpus files whose records keep their text in another field: a usage error
    when INPUT holds nothing else to clean (a corpus read without `--text-field`: the run
    would write nothing); else each is skipped and reported, as a file that cannot be read
    is, and the other files are cleaned (one foreign file in a folder stops nothing)."""
    misnamed = _misnamed(inputs.files, fields)
    if misnamed and len(misnamed) == len(inputs.files):
        raise UsageError(misnamed[0][1])
    aside = {item for item, _ in misnamed}
    inputs.files = [item for item in inputs.files if item not in aside]
    inputs.unreadable += [Skipped(item.relative, problem.removeprefix(f"{item.relative}: "))
                          for item, problem in misnamed]


def _misnamed(files: list[InputFile], fields: JsonlFields) -> list[tuple[InputFile, str]]:
    return [(item, problem) for item in files
            if item.format and FORMATS[item.format].field_records
            and (problem := missing_field(item, fields))]


def run(input_path: Path, output: Path, settings: Settings, jobs: int = 1,
        on_skip=None, progress=None) -> dict:
    """Clean everything under input_path into output; return the report. `progress`, if
    given, is told `start(total bytes, bytes done, documents done)` (a resumed run has done
    some), then `advance(bytes, documents)` as each unit is done. A run interrupted in the
    same OUTPUT is resumed (resume.py)."""
    check_paths(input_path, output)
    started = time.perf_counter()
    cleaner = _start_worker(settings)  # compiles and checks the rules before anything is written
    inputs = walk_inputs(input_path)
    set_aside_misnamed(inputs, settings.fields)
    settings.related_taken = related_names(inputs.files)  # workers start after this
    units = list(plan_units(inputs.files, settings.chunk_bytes))
    if not any(streamed(unit.item) for unit in units):
        # A worker more than there are units would sit idle, a process and its memory each
        # (`--jobs 64` on five pages); a streamed file's pieces are counted only as read.
        jobs = max(1, min(jobs, len(units)))
    checkpoint = Checkpoint(output, settings.identity(), rule_digests(cleaner.files),
                            inputs_digest(units))
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as error:  # a file in the path, a read-only or virtual file system
        raise UsageError(f"{output}: cannot make the OUTPUT folder: "
                         f"{error.strerror or error}") from None
    with ExitStack() as alone:
        try:
            alone.enter_context(held(output))  # a second run into OUTPUT: refused
            resumed = checkpoint.resume(settings.force)
        except ResumeConflict as error:
            raise UsageError(str(error)) from None
        if resumed:
            remove_stale_temporaries(output)
        else:
            _start_afresh(checkpoint, inputs)
        for folder in inputs.unreadable if on_skip else ():
            on_skip(folder.where, folder.reason)
        totals = _totals(checkpoint.totals)
        if checkpoint.phase == "clean":
            if settings.learn:
                # The compiled rules stay; only the learned lines are new (spawned workers get
                # them through `settings`).
                items = list(dict.fromkeys(unit.item for unit in units))
                settings.learned = cleaner.learned = learned_keys(
                    count_lines(items, cleaner, settings.fields))
            hashes = _clean_units(units, jobs, checkpoint, totals, started, on_skip, progress,
                                  settings.chunk_bytes, settings.dedup)
        else:
            hashes = None  # stopped while deduplicating: the finished file is hashed again
        final, duplicates = checkpoint.partial, None
        if settings.dedup:
            # Recorded first: a run stopped while deduplicating resumes here. The partial file
            # stays as it is until the end, so doing it again gives the same drops and marks.
            checkpoint.save(checkpoint.units_done, checkpoint.offset, _elapsed(totals, started),
                            "dedup")
            final = checkpoint.deduped
            duplicates = _deduplicate(checkpoint.partial, final, output, jobs, hashes)
        # Stopped while the shards are written, the run resumes here (the state is still there)
        # and writes them again, whole.
        files = None if settings.shape.plain else publish(final, output, settings.shape)
        report = _report(_elapsed(totals, started), duplicates, inputs)
        # None where OUTPUT held no .txt as the run began, or in a state an earlier version wrote
        since = totals["earlier_run"].get("since")
        if since is not None and (left := txt_files_before(output, since)):
            report["earlier_run"]["txt_files_left"] = left
        report["seconds_this_run"] = round(time.perf_counter() - started, 3)
        if files is not None:
            report["records_files"] = files
        write_report(output / "report.json", report)
        # The state goes before the records take their name: stopped in between, the next run
        # finds no state and starts over; the other way round, it would find a state without
        # its partial file and refuse.
        checkpoint.path.unlink(missing_ok=True)
        if files is None:
            remove_other_records_files(output, {"records.jsonl"})
            os.replace(final, output / "records.jsonl")
        checkpoint.discard()
        return report


def _start_afresh(checkpoint: Checkpoint, inputs: Inputs) -> None:
    """A run that starts anew: an earlier run's finished results are removed (not a file
    this run reads: an input linked to an earlier records.jsonl), the partial records file is
    made empty, and the state is saved at once, so that what was removed, and when the run
    began by the file system's own clock (the partial file's time, which the .txt files it
    writes are compared with), hold for a run stopped before its first unit is done."""
    # Only a link can reach into OUTPUT (INPUT and OUTPUT hold neither the other).
    read = {item.path.resolve() for item in inputs.files if item.path.is_symlink()}
    removed = clear_earlier_run(checkpoint.output, keep=read)
    checkpoint.partial.write_bytes(b"")
    # No .txt there now, none to count at the end: the walk of OUTPUT is spared.
    since = checkpoint.partial.stat().st_mtime if holds_txt_files(checkpoint.output) else None
    checkpoint.save(0, 0, {"earlier_run": {"removed": removed, "since": since}})


@contextmanager
def _no_interrupt():
    """Hold Ctrl-C (SIGINT) back for the few statements inside: it arrives after them."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _clean_units(units: list[Unit], jobs: int, checkpoint: Checkpoint, totals: dict,
                 started: float, on_skip, progress, chunk_bytes: int = CHUNK_BYTES,
                 dedup: bool = False) -> Scan | None:
    """Clean the units the checkpoint does not count as done into its partial records file,
    recording progress as it goes and when stopped; with `dedup`, return the records' hashes
    (dedup.py's scan of the whole file)."""
    sink = JsonlSink(checkpoint.output / "records.jsonl", checkpoint.offset, checkpoint.partial)
    done, offset = checkpoint.units_done, checkpoint.offset
    hashes = scan_id = None
    if dedup:
        # Imported before the workers fork (numpy: only runs that deduplicate pay for it).
        from cleaner.dedup import Scan, new_scan_id, scan

        # The records a stopped run wrote are hashed from the file, cut back to the
        # checkpoint by the sink; the workers hash the rest as they clean.
        hashes = scan(checkpoint.partial, jobs) if offset else Scan()
        scan_id = new_scan_id()
    # Streamed files count their pieces: a resumed run reads the same pieces again (their
    # cuts depend on the content only) and skips those that are done.
    pieces = stream_units(iter(units), chunk_bytes)
    skipped = sum(unit.size for unit in itertools.islice(pieces, done))
    if progress:
        progress.start(sum(unit.size for unit in units), skipped, totals["documents"])
    try:
        for unit, outcome in _outcomes(pieces, jobs, scan_id):
            if hashes is not None and outcome.hashes is not None:  # its batch's, in file order
                hashes.merge(outcome.hashes, at=sink.offset)
            # A unit's records, counts and `done` go together: Ctrl-C waits for the end of
            # this block, and a write that fails leaves `offset` (what a resume keeps) as it
            # was. The user's callbacks run after it.
            with _no_interrupt():
                sink.write(b"".join(outcome.lines))
                _tally(totals, outcome)
                done, offset = done + 1, sink.offset
            for where, reason in outcome.skipped if on_skip else ():
                on_skip(where, reason)
            if progress:
                progress.advance(unit.size, outcome.documents)
            if checkpoint.due():
                sink.flush()
                checkpoint.save(done, offset, _elapsed(totals, started))
    finally:
        sink.close()  # what the finished units wrote stays, for the next run to resume
        checkpoint.save(done, offset, _elapsed(totals, started))
    return hashes


def _deduplicate(records: Path, target: Path, output: Path, jobs: int,
                 hashes: Scan | None) -> dict:
    """--dedup over the finished records (dedup.py), from their `hashes` if the run made
    them; the ids of the exact copies it dropped go to OUTPUT/duplicates.jsonl, each with
    the id of the record that holds its text."""
    from cleaner.dedup import deduplicate

    found = deduplicate(records, target, jobs, hashes)
    dropped = found.pop("dropped")
    write_atomic(output / "duplicates.jsonl", "".join(
        json.dumps({"id": key, "duplicate_of": value}, ensure_ascii=False) + "\n"
        for key, value in dropped.items()))
    return {**found, "dropped": len(dropped)}


def _outcomes(units: Iterator[Unit], jobs: int, scan_id: object = None
              ) -> Iterator[tuple[Unit, Outcome]]:
    """Each unit with its outcome, in input order (with --dedup, a `scan_id`, and the hashes
    of each batch's records: `_clean_batch`). Units are taken from the iterator only a few
    batches ahead of the results: a streamed piece carries its content, and a pool's `imap`
    would read the whole file into its queue."""
    first = list(itertools.islice(units, 2))
    units = itertools.chain(first, units)
    if jobs <= 1 or len(first) <= 1:
        for batch in _batches(units):
            yield from zip(batch, _clean_batch(batch, scan_id), strict=True)
        return
    # Forked workers inherit the parent's compiled rules; spawned ones compile their own.
    forked = sys.platform == "linux"
    context = multiprocessing.get_context("fork" if forked else "spawn")
    with finished(context.Pool(jobs, _start_pool_worker,
                              (None if forked else _worker_state()[1],))) as watched:
        pending: deque = deque()
        for batch in _batches(units):
            pending.append((batch, watched.pool.apply_async(_clean_batch, (batch, scan_id))))
            if len(pending) > 2 * jobs:
                batch, result = pending.popleft()
                yield from zip(batch, watched.result(result), strict=True)
        while pending:
            batch, result = pending.popleft()
            yield from zip(batch, watched.result(result), strict=True)


def _totals(saved: dict) -> dict:
    """The report's counts: empty, or those a resumed run had saved."""
    return {"documents": saved.get("documents", 0),
            "records": Counter(saved.get("records", {})),
            "removed": Counter(saved.get("removed", {})),
            "skipped": list(saved.get("skipped", [])),
            "left_alone": Counter(saved.get("left_alone", {})),
            "decoding": {**_NO_DECODING, **saved.get("decoding", {})},
            "read_as": Counter(saved.get("read_as", {})),
            "earlier_run": saved.get("earlier_run", {}),  # clear_earlier_run's, and when
            "seconds": saved.get("seconds", 0.0)}


def _elapsed(totals: dict, started: float) -> dict:
    """The totals with the seconds of earlier, interrupted runs and this one's so far."""
    return {**totals, "seconds": totals["seconds"] + time.perf_counter() - started}


def _tally(totals: dict, outcome: Outcome) -> None:
    totals["documents"] += outcome.documents
    totals["skipped"].extend({"source": where, "reason": reason}
                             for where, reason in outcome.skipped)
    totals["records"].update(outcome.records)
    totals["removed"].update(outcome.removed)
    totals["left_alone"].update(outcome.left_alone)
    _tally_decoding(totals["decoding"], outcome.decoding)
    totals["read_as"].update(outcome.read_as)


IGNORED_SHOWN = 10  # the report names this many of the files left alone


# report.json's `decoding`: the documents whose bytes were not read as they declared
# themselves (an encoding guessed, bad bytes replaced, stray NULs dropped), counted, and the
# first few named with how (each record carries its own in `metadata.decoding`).
_NO_DECODING = {"documents": 0, "detected": 0, "replaced_bytes": 0, "nul_bytes": 0,
                "first": []}


def _tally_decoding(decoding: dict, notes: list[dict]) -> None:
    decoding["documents"] += len(notes)
    for note in notes:
        decoding["detected"] += bool(note["detected"])
        decoding["replaced_bytes"] += note["replaced_bytes"]
        decoding["nul_bytes"] += note["nul_bytes"]
    decoding["first"] = (decoding["first"] + notes)[:IGNORED_SHOWN]


def _report(totals: dict, duplicates: dict | None = None, inputs: Inputs | None = None
            ) -> dict:
    """The report; a folder the walk could not enter counts as a document read and skipped,
    as a file that cannot be read does, and the files of no input kind are counted (neither
    is in `totals`: each run walks INPUT anew)."""
    unreadable = inputs.unreadable if inputs else []
    ignored = inputs.ignored if inputs else []
    links = inputs.folder_links if inputs else []
    skipped = totals["skipped"] + [{"source": folder.where, "reason": folder.reason}
                                   for folder in unreadable]
    read = totals["documents"] + len(unreadable)
    records = totals["records"]
    return {
        "documents": {"read": read, "cleaned": read - len(skipped), "skipped": len(skipped)},
        "skipped": skipped,
        "records": {"article": records["article"], "related": records["related"],
                    "item": records["item"], "links": records["links"]},
        "removed_lines": dict(sorted(totals["removed"].items())),
        "ignored": {"files": len(ignored), "first": ignored[:IGNORED_SHOWN],
                    "warc_responses": dict(sorted(totals["left_alone"].items()))}
        | ({"folder_links": {"count": len(links), "first": links[:IGNORED_SHOWN]}}
           if links else {}),
        "decoding": totals["decoding"],
        "read_as": {how: totals["read_as"][how] for how in READ_AS},
        "seconds": round(totals["seconds"], 3),
        "earlier_run": {"removed": totals["earlier_run"].get("removed", [])},
    } | ({"duplicates": duplicates} if duplicates is not None else {})
