"""The `clean` command.

    clean INPUT OUTPUT                    clean a file or a folder (shorthand for `clean run`)
    clean explain FILE                    show what the rules do to one document
    clean rules list|show|actions|test    look at and test the rule files
"""

from __future__ import annotations

import difflib
import errno
import itertools
import math
import os
import re
import shutil
import signal
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import suppress
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from cleaner.actions import describe_actions
from cleaner.chain import Cleaner, load_rule_files, traced_document
from cleaner.document import READ_AS, Document, Record
from cleaner.explain import explain_document, explain_inputs
from cleaner.language import JUSTEXT_NAMES, SHIPPED_LISTS, stopwords
from cleaner.matching import TIMEOUT_SECONDS, RuleTimeout
from cleaner.pools import WorkerDied
from cleaner.rulecheck import Cost, check_rules
from cleaner.rulefile import RuleError, RuleFile, toml_string
from cleaner.ruletest import run_examples, unnamed_rules
from cleaner.run import Settings, UsageError, check_fields, run
from cleaner.shards import OutputShape, parse_shard_size
from cleaner.sinks import json_line
from cleaner.sources import (
    FORMATS,
    KINDS_READ,
    InputFile,
    Inputs,
    JsonlFields,
    Skip,
    Skipped,
    find_inputs,
    input_problem,
    stream_documents,
    walk_inputs,
)
from cleaner.units import CHUNK_BYTES

# Click rewraps each paragraph of help text to the terminal's width; one whose first line is
# `\b` alone it prints as written (the usage line and the examples are laid out by hand).
HELP = """Clean scraped news text: remove widget junk, split embedded related articles.

\b
Usage: clean INPUT OUTPUT [OPTIONS]   (shorthand for `clean run INPUT OUTPUT`)

INPUT is a file or a folder (walked recursively) of .txt, .md and .html pages, .jsonl corpus
files (.gz and .zst too) and .warc(.gz) crawls; text is read one block a line (a dump
hard-wrapped by html2text or lynx has its paragraphs joined first, Markdown is read
without its markup, and a text printed a text node a line has its sentences joined back at
their links). OUTPUT gets records.jsonl (one record a line: the article, then its
related articles), report.json, and a .txt per record of the .txt, .md and .html pages (not
of JSONL or WARC records unless --txt all; --txt none for none). `clean - -` reads standard
input (one page, or JSONL records; gzip or zstd too) and writes the records to standard
output.

Exit codes: 0 done; 1 nothing could be cleaned (INPUT held no document, or
every one was skipped), or documents skipped and --strict, or standard output could not
be written; 2 usage or rule error (nothing
written); 3 a worker process died (killed by the system: out of memory?); 130 interrupted,
143 stopped by kill (after 3, 130 and 143 the same command resumes).

\b
Examples:
  clean scraped/ out/                   clean a folder with the shipped rules
  clean scraped/ out/ --rules my-rules  add your own rule files (repeatable)
  clean explain page.txt                see each removed line and the rule that removed it
  clean learn site-dump/ --site example.com --out my-rules/example.com.toml
  clean rules test --rules my-rules     run every rule file's examples
"""

app = typer.Typer(help=HELP, no_args_is_help=True, add_completion=False,
                  context_settings={"help_option_names": ["-h", "--help"]},
                  rich_markup_mode=None, pretty_exceptions_enable=False)
rules_app = typer.Typer(help="List, show, test and check rule files; list the actions.",
                         no_args_is_help=True)
app.add_typer(rules_app, name="rules")

RulesOption = Annotated[list[Path] | None, typer.Option(
    "--rules", metavar="DIR", help="A folder (or file) of extra rule files; repeatable. A "
    "rule with the same id as a shipped one replaces it.")]
TextFieldOption = Annotated[str, typer.Option(
    metavar="FIELD", help="JSONL: the field that holds a record's text.")]
HtmlFieldOption = Annotated[str | None, typer.Option(
    metavar="FIELD",
    help="JSONL: the field that holds a record's HTML (read instead of the text).")]
IdFieldOption = Annotated[str, typer.Option(
    metavar="FIELD", help="JSONL: the field that holds a record's id (without one, a record "
    "is known by its line's number).")]
SiteOption = Annotated[str | None, typer.Option(
    "--site", metavar="NAME",
    help="Apply this site's rules to every document (else: by URL or fingerprint).")]
LanguageOption = Annotated[str | None, typer.Option(
    "--language", metavar="CODE", callback=lambda value: _language(value),
    help="Every document's language (ISO 639-1: de, fr, ...), as metadata.language and for "
    "the words the locator reads prose by; else guessed per document (38 languages; widget "
    "rules for en, de, fr, es, it, pt, nl, pl, ru, tr, id, zh, ja; see the README).")]


def _print_version(wanted: bool) -> None:
    if wanted:
        # Imported where used, as are the report's and `learn`'s modules: a run's start
        # needs none of them (importlib.metadata alone is 16 ms).
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("cleaner")
        except PackageNotFoundError:  # run from a source tree that was never installed
            number = "unknown (not installed)"
        from cleaner.linefeatures import compiled

        built = "compiled core" if compiled is not None \
            else "Python reference (the compiled core was not built, or CLEANER_PURE_PYTHON=1)"
        typer.echo(f"clean {number}, {built}")
        raise typer.Exit()


@app.callback()
def _main_options(
    show_version: Annotated[bool, typer.Option(
        "--version", is_eager=True, callback=_print_version,
        help="Print the version and exit.")] = False,
) -> None:
    pass


def _finite(value: float) -> float:
    """`nan` passes a range check in some versions of click (every comparison with it is
    false): a number option must be a number."""
    if not math.isfinite(value):
        raise typer.BadParameter(f"{value} is not a number")
    return value


def _fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"clean: {message}", err=True)
    raise typer.Exit(code)


def _check_input(path: Path) -> None:
    """A file or folder to read documents from, as `clean` takes it (`input_problem`)."""
    if problem := input_problem(path):
        _fail(problem)


def _check_fields(items: list[InputFile], fields: JsonlFields) -> None:
    """A corpus whose records lack the field they are read from stops the command, as it
    stops a run (`run.check_fields`): with the fields the records have."""
    try:
        check_fields(items, fields)
    except UsageError as error:
        _fail(str(error))


def _load(rules: list[Path] | None, site: str | None = None,
          language: str | None = None) -> Cleaner:
    try:
        return Cleaner(load_rule_files(rules or []), site, language=language)
    except RuleError as error:
        _fail(str(error))


def _language(value: str | None) -> str | None:
    """A language code as `--language` takes it: two or three letters, lower case."""
    if value is not None and not (value.isascii() and value.isalpha() and 2 <= len(value) <= 3):
        raise typer.BadParameter(f"'{value}' is not a language code (two letters: de, fr, ...)")
    code = value.lower() if value else None
    if code is not None and not stopwords(code):  # kept as metadata.language all the same
        known = " ".join(sorted([*JUSTEXT_NAMES, *SHIPPED_LISTS]))
        typer.echo(f"clean: --language {code}: no function words known for it; prose is read "
                   f"by English words (known: {known})", err=True)
    return code


class TxtFiles(StrEnum):
    auto = "auto"
    all = "all"
    none = "none"


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    jsonl_gz = "jsonl.gz"
    jsonl_zst = "jsonl.zst"


@app.command("run")
def run_command(
    ctx: typer.Context,
    input: Annotated[Path, typer.Argument(
        metavar="INPUT",
        help="A .txt/.md/.html page, a .jsonl(.gz/.zst) or .warc(.gz) corpus file, a folder, "
        "or - for standard input (one document, or JSONL records; then OUTPUT is - too).")],
    output: Annotated[Path, typer.Argument(
        metavar="OUTPUT", help="Folder for records.jsonl, .txt files, report.")],
    rules: RulesOption = None,
    site: SiteOption = None,
    language: LanguageOption = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, show_default=False, metavar="N",
                                             help="Worker processes (default: all cores).")] = None,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="No summary, no skip lines.")] = False,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Exit 1 if any document was skipped.")] = False,
    learn: Annotated[bool, typer.Option(
        "--learn", help="Two passes: first learn each site's template lines (lines most of "
        "its documents print), then remove them too. Sites: URL domain, else folder.")] = False,
    text_field: TextFieldOption = "text",
    html_field: HtmlFieldOption = None,
    id_field: IdFieldOption = "id",
    force: Annotated[bool, typer.Option(
        "--force", help="Start over even if OUTPUT holds an interrupted run made with other "
        "rules, settings or inputs (without it, such a run stops; a run interrupted with the "
        "same ones is resumed).")] = False,
    dedup: Annotated[bool, typer.Option(
        "--dedup", help="After cleaning: drop exact copies from the records (listed in "
        "duplicates.jsonl; their .txt files stay; an "
        "article with related records is marked instead, as their parent), mark near copies "
        "and snippets cut from a longer record with metadata.duplicate_of (the longest record "
        "of each group is kept).")] = False,
    output_format: Annotated[OutputFormat, typer.Option(
        "--output-format", metavar="jsonl|jsonl.gz|jsonl.zst", help="The records' file: "
        "records.jsonl, or compressed with gzip or zstd.")] = OutputFormat.jsonl,
    shard_size: Annotated[str | None, typer.Option(
        "--shard-size", metavar="N|NMB", help="Cut the records into shards "
        "(records-00000.jsonl, ...) of at most N records or N megabytes (uncompressed), "
        "listed in shards.json.")] = None,
    dolma: Annotated[str | None, typer.Option(
        "--dolma", metavar="SOURCE", help="Records in dolma's shape: SOURCE (the corpus's "
        "name) as each record's top-level `source`.")] = None,
    txt: Annotated[TxtFiles, typer.Option(
        "--txt", metavar="auto|all|none", help="A .txt file per record beside records.jsonl: "
        "'auto' for the records of .txt and .html pages but not of JSONL or WARC corpora (a "
        "million documents would be a million files), 'all', or 'none'.")] = TxtFiles.auto,
    # At most 1 TB, which is "never cut" already: `inf` is no number of bytes.
    chunk_mb: Annotated[float, typer.Option(
        callback=_finite, min=0.01, max=2**20, metavar="MB",
        help="JSONL files larger than this many MB are cut into slices, and compressed shards "
        "and WARC files read in pieces of this size, which are cleaned in parallel and "
        "resumed one by one.")] = CHUNK_BYTES / 2**20,
) -> None:
    """Clean INPUT into OUTPUT. Stopped (Ctrl-C, kill), the same command resumes the run.
    `clean - -` cleans one document (text, or HTML by its start) from standard input, or
    each record of a JSONL corpus piped there, and writes the records, JSONL, to standard
    output."""
    if STREAM in (input, output):
        _check_stream(input, output, ctx)
        _clean_stream(_load(rules, site, language), quiet)
        return
    settings = Settings(output, list(rules or []), site, learn,
                        fields=JsonlFields(text_field, html_field, id_field),
                        chunk_bytes=int(chunk_mb * 2**20), force=force, dedup=dedup,
                        txt=txt.value, shape=_output_shape(output_format, shard_size, dolma),
                        language=language)

    bar = ProgressBar(enabled=not quiet and sys.stderr.isatty())
    skips = SkipLines(bar.write)

    def on_skip(source: str, reason: str) -> None:
        if not quiet:
            skips.show(source, reason)

    main_thread = threading.current_thread() is threading.main_thread()  # signals go there
    if main_thread:
        previous = signal.signal(signal.SIGTERM, lambda *_: _stopped_by_kill(output))
    try:
        report = run(input, output, settings, jobs or os.cpu_count() or 1, on_skip, bar)
    except (RuleError, UsageError) as error:
        _fail(str(error))
    except OSError as error:  # records.jsonl or report.json could not be written
        _fail(_run_failure(error, output))
    except KeyboardInterrupt:
        _fail(f"interrupted; the same command resumes the run in {output}", 130)
    except WorkerDied as error:
        _fail(f"{error}; what was cleaned is kept: the same command resumes the run in "
              f"{output} (fewer --jobs need less memory)", 3)
    finally:
        bar.close()
        if main_thread:
            signal.signal(signal.SIGTERM, previous)
    if not quiet:
        typer.echo(_summary(report, output), err=True)
    if problem := _nothing_cleaned(report):
        _fail(problem, 1)
    if strict and (skipped := report["documents"]["skipped"]):
        _fail(f"--strict: {_count(skipped, 'document')} skipped (report.json says why)", 1)


SHOWN_SKIPS = 20
# A reason's kind: its words before the details it gives of one document (a column, a byte,
# a link's target, the parser's own words), its numbers as one.
_REASON_DETAILS = re.compile(r": | \(| at ")


class SkipLines:
    """A skipped document's line on stderr, as `skipped SOURCE: REASON`; after SHOWN_SKIPS of
    one kind of reason, one line says where the rest are (a corpus of a million records that
    all lack the field would print a million lines)."""

    def __init__(self, write: Callable[[str], object],
                 rest: str = "report.json names every one"):
        self.write, self.rest = write, rest
        self.counts: Counter[str] = Counter()

    def show(self, source: str, reason: str) -> None:
        kind = _REASON_DETAILS.split(re.sub(r"\d+", "N", reason), maxsplit=1)[0]
        self.counts[kind] += 1
        if self.counts[kind] <= SHOWN_SKIPS:
            self.write(f"skipped {source}: {reason}")
        elif self.counts[kind] == SHOWN_SKIPS + 1:
            self.write(f"skipped more for the same reason ({kind}): not shown; {self.rest}")


def _nothing_cleaned(report: dict) -> str | None:
    """Why a run that read documents cleaned none of them, or whose INPUT held none, in a
    line; None when it cleaned some. In a pipeline, an empty records.jsonl and exit 0 would
    pass for a shard that had nothing in it."""
    docs = report["documents"]
    if docs["cleaned"]:
        return None
    if not docs["read"]:
        ignored = report["ignored"]["files"]
        links = report["ignored"].get("folder_links", {}).get("count", 0)
        left = [f"{_count(ignored, 'file')} of no kind clean reads"] if ignored else []
        left += [f"{_count(links, 'link')} to a folder, not followed"] if links else []
        return ("nothing was cleaned: INPUT holds no document"
                + (f" ({'; '.join(left)})" if left else ""))
    reasons = Counter(skip["reason"] for skip in report["skipped"])
    common = "; ".join(f"{count} {reason}" for reason, count in reasons.most_common(3))
    which = "its one document was" if docs["read"] == 1 else f"all {docs['read']} documents were"
    return f"nothing was cleaned: {which} skipped ({common}{'; ...' if len(reasons) > 3 else ''})"


STREAM = Path("-")


def _output_shape(output_format: OutputFormat, shard_size: str | None,
                  dolma: str | None) -> OutputShape:
    shard_records = shard_bytes = None
    if shard_size is not None:
        try:
            shard_records, shard_bytes = parse_shard_size(shard_size)
        except ValueError as error:
            _fail(str(error))
    if dolma is not None and not dolma.strip():
        _fail("--dolma needs the corpus's name (SOURCE), not an empty string")
    return OutputShape(output_format.value, shard_records, shard_bytes, dolma)


def _stopped_by_kill(output: Path) -> NoReturn:
    """`kill` stops a run at once, as `kill -9` would (what OUTPUT holds is whole: the same
    command resumes), but says so; its workers die with it (run._die_with_parent). Ctrl-C
    stops a run in order instead: a `kill` sent to the whole process group reaches workers
    that cannot then finish, and waiting for them would hang."""
    sys.stderr.write(f"clean: stopped by kill; the same command resumes the run in {output}\n")
    sys.stderr.flush()
    os._exit(143)


def _run_failure(error: OSError, output: Path) -> str:
    """Why a run stopped on an error of the system. Most name OUTPUT, where the run writes:
    what it wrote there is whole or absent, so the same command resumes. Another file the
    run needed and could not use is named itself (a document that cannot be read is only
    skipped, and never stops a run)."""
    named = error.filename
    where = os.path.realpath(os.fsdecode(named)) if isinstance(named, (str, bytes, os.PathLike)) \
        else None
    folder = os.path.realpath(output)
    when = "once there is room" if error.errno in (errno.ENOSPC, errno.EDQUOT) \
        else "once that is put right"
    if where is not None and where != folder and not where.startswith(os.path.join(folder, "")):
        return (f"{os.fsdecode(named)}: {error.strerror or error}; {when}, the same command "
                f"resumes the run")
    return (f"{output}: cannot write: {error.strerror or error}; nothing was left "
            f"half-written; {when}, the same command resumes the run")


# `clean - -` cleans one document: of `run`'s parameters only these apply to it; the
# others act on a run over files.
STREAM_PARAMETERS = {"input", "output", "rules", "site", "language", "quiet"}


def _check_stream(input: Path, output: Path, ctx: typer.Context) -> None:
    """`clean - -` is given as both INPUT and OUTPUT, and with no option of a corpus run
    (given, they would be ignored: refused instead)."""
    if input != output:
        _fail("- reads standard input and writes standard output: give it as both INPUT and "
              "OUTPUT (clean - - < page.txt > records.jsonl)")
    given = [param.opts[0] for param in ctx.command.params
             if param.name not in STREAM_PARAMETERS and param.name is not None
             and getattr(ctx.get_parameter_source(param.name), "name", "") == "COMMANDLINE"]
    if given:
        _fail(f"{', '.join(given)}: not for `clean - -`, which cleans one document from "
              f"standard input to JSONL on standard output; give a file or a folder as INPUT "
              f"and OUTPUT to use {'them' if len(given) > 1 else 'it'}")


def _clean_stream(cleaner: Cleaner, quiet: bool) -> None:
    """`clean - -`: one document in, or a JSONL corpus a line at a time, its records out as
    they are made; the summary, and each skipped document, on stderr."""
    counts: Counter[str] = Counter()
    skips = _skip_lines()
    try:
        for _, records in _cleaned_stdin(cleaner, skips):
            sys.stdout.write("".join(json_line(record.to_json()) for record in records))
            counts.update(article=1, related=len(records) - 1, links=len(records[0].links))
    except Skip as reason:  # the one document standard input held
        _fail(f"nothing was cleaned: standard input was skipped ({reason})", 1)
    skipped = sum(skips.counts.values())
    if not counts["article"]:
        _fail("nothing was cleaned: " + ("standard input was skipped" if skipped == 1
                                         else "every record of standard input was skipped"), 1)
    if not quiet:
        read = "" if counts["article"] + skipped == 1 else (
            f" {counts['article']} of {counts['article'] + skipped} records "
            f"({skipped} skipped),")
        typer.echo(f"cleaned standard input:{read} {_count(counts['article'], 'article')}, "
                   f"{_count(counts['related'], 'related record')}, "
                   f"{_count(counts['links'], 'link')}", err=True)


def _skip_lines() -> SkipLines:
    return SkipLines(lambda line: typer.echo(line, err=True), "the count is at the end")


def _cleaned_stdin(cleaner: Cleaner, skips: SkipLines
                   ) -> Iterator[tuple[Document, list[Record]]]:
    """Each document of standard input (`stream_documents`) with its records; a record that
    cannot be read or cleaned is shown by `skips` and the stream goes on. The one document
    of a stream that is no corpus, unreadable, raises Skip."""
    for doc in stream_documents(sys.stdin.buffer):
        if isinstance(doc, Skipped):
            skips.show(doc.where, doc.reason)
            continue
        try:
            records = cleaner.clean(doc)
        except RuleTimeout as reason:
            skips.show(doc.id, str(reason))
            continue
        yield doc, records


class ProgressBar:
    """Bytes read, MB/s and ETA on stderr, documents as a count; only on a terminal. A
    resumed run starts at what its earlier runs did (`initial`: its rate counts this run's
    bytes only), and the clock is redrawn every second: a large file is read in slices of
    `--chunk-mb`, and between two of them the bar would otherwise stand still."""

    def __init__(self, enabled: bool):
        self.bar: Any = None  # a tqdm bar, made (and tqdm imported) on `start`
        self.enabled = enabled
        self.documents = 0
        self.ticking = threading.Event()

    def start(self, total: int, done: int, documents: int) -> None:
        if not self.enabled:
            return
        from tqdm import tqdm

        self.documents = documents
        self.bar = tqdm(total=total, initial=done, unit="B", unit_scale=True, file=sys.stderr,
                        desc="cleaning", ncols=shutil.get_terminal_size().columns,
                        postfix={"docs": documents})
        threading.Thread(target=self._tick, daemon=True).start()

    def _tick(self) -> None:
        while not self.ticking.wait(1.0):
            self.bar.refresh()

    def advance(self, size: int, documents: int) -> None:
        if self.bar is None:
            return
        self.documents += documents
        self.bar.set_postfix(docs=self.documents, refresh=False)
        self.bar.update(size)

    def write(self, message: str) -> None:
        if self.bar is not None:
            self.bar.write(message, file=sys.stderr)
        else:
            typer.echo(message, err=True)

    def close(self) -> None:
        self.ticking.set()
        if self.bar is not None:
            self.bar.close()


def _count(number: int, noun: str, plural: str = "") -> str:
    """`1 article`, `2 articles`."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def _summary(report: dict, output: Path) -> str:
    docs, records = report["documents"], report["records"]
    removed = report["removed_lines"]
    return (f"cleaned {docs['cleaned']} of {_count(docs['read'], 'document')} "
            f"({docs['skipped']} skipped): {_count(records['article'], 'article')}, "
            f"{_count(records['related'], 'related record')}, "
            + (f"{_count(records['item'], 'listed story', 'listed stories')}, "
               if records.get("item") else "")
            + f"{_count(records['links'], 'link')}; "
            f"{_count(sum(removed.values()), 'line')} removed by {_count(len(removed), 'rule')}; "
            f"{_seconds(report)} -> {_records_files(report, output)}"
            + _read_as_line(report.get("read_as", {})) + _ignored_line(report["ignored"])
            + _duplicates_line(report.get("duplicates")) + _earlier_line(report))


def _earlier_line(report: dict) -> str:
    """The records files and report an earlier run left in OUTPUT, removed as this one
    started (named: a file of the same name the user kept there is gone too), and the .txt
    files it left that this one did not write again: they are not this run's."""
    earlier = report.get("earlier_run", {})
    removed, left = earlier.get("removed"), earlier.get("txt_files_left")
    return ((f"\nreplaced: {', '.join(removed)} in OUTPUT, from before this run"
             if removed else "")
            + (f"\nleft alone: {_count(left, '.txt file')} in OUTPUT from before this run, "
               "not written by it (docs/outputs.md)" if left else ""))


def _read_as_line(read_as: dict) -> str:
    """How many texts were not read one block a line as they came, and the metadata field
    that says so on each record (docs/inputs.md)."""
    said = {how: text for how, text in (
        ("unwrapped", f"{_count(read_as.get('unwrapped', 0), 'hard-wrapped text')} joined "
                      "back into paragraphs"),
        ("markdown", f"{_count(read_as.get('markdown', 0), 'text')} read as Markdown"),
        ("rejoined", f"{_count(read_as.get('rejoined', 0), 'text')} split at its links "
                     "joined back into sentences"),
        ("html", f"{_count(read_as.get('html', 0), 'text')} holding an HTML page read as HTML"),
        ("text", f"{_count(read_as.get('text', 0), '.html file')} of plain text read as text"),
    ) if read_as.get(how)}
    fields = ", ".join(f"metadata.{READ_AS[how]}" for how in said)
    return f"\nread: {'; '.join(said.values())} ({fields})" if said else ""


def _records_files(report: dict, output: Path) -> str:
    files = [file["file"] for file in report.get("records_files", [{"file": "records.jsonl"}])]
    if len(files) == 1:
        return str(output / files[0])
    return f"{output / files[0]} ... {files[-1]} ({len(files)} shards, shards.json)"


def _seconds(report: dict) -> str:
    """This run's time; a resumed run's adds the whole job's (its earlier runs' too)."""
    this_run, whole = report["seconds_this_run"], report["seconds"]
    if whole - this_run < 0.005:
        return f"{this_run:.2f}s"
    return f"{this_run:.2f}s (the whole job, with the runs it resumes: {whole:.2f}s)"


def _ignored_line(ignored: dict) -> str:
    lines = ""
    if ignored["files"]:
        lines += (f"\nignored: {_count(ignored['files'], 'file')} of no kind clean reads (e.g. "
                  f"{ignored['first'][0]}; report.json lists the first {len(ignored['first'])})")
    if links := ignored.get("folder_links"):
        lines += (f"\nignored: {_count(links['count'], 'link')} to a folder, not followed (e.g. "
                  f"{links['first'][0]}; give the folder itself as INPUT to clean it)")
    if responses := ignored["warc_responses"]:
        kinds = ", ".join(f"{kind} {count}" for kind, count in
                          sorted(responses.items(), key=lambda kv: (-kv[1], kv[0]))[:5])
        lines += (f"\nignored: {_count(sum(responses.values()), 'WARC response')} not HTML "
                  f"({kinds}{', ...' if len(responses) > 5 else ''})")
    return lines


def _duplicates_line(found: dict | None) -> str:
    """The report's counts: exact copies are dropped, except articles, which are marked (they
    carry the trace and are their related records' parent); near copies and snippets are
    marked."""
    if found is None:
        return ""
    marked = found["exact"] - found["dropped"]
    return (f"\nduplicates: {_count(found['exact'], 'exact copy', 'exact copies')} "
            f"({found['dropped']} dropped, {_count(marked, 'article')} marked), "
            f"{_count(found['near'], 'near copy', 'near copies')} and "
            f"{_count(found['contained'], 'snippet')} marked ({found['seconds']:.2f}s)")


@app.command("explain")
def explain_command(
    input: Annotated[Path, typer.Argument(
        metavar="INPUT",
        help="A document (.txt, .html), a corpus file (.jsonl, .warc), a folder, or - for "
        "one document on standard input.")],
    rules: RulesOption = None,
    site: SiteOption = None,
    language: LanguageOption = None,
    html: Annotated[Path | None, typer.Option(
        "--html", metavar="REPORT.html", help="Write every document to this one self-contained "
        "HTML page (a table of the rules on top, each document below) instead of printing "
        "text.")] = None,
    text_field: TextFieldOption = "text",
    html_field: HtmlFieldOption = None,
    id_field: IdFieldOption = "id",
) -> None:
    """Show each removed line with its rule, and each record boundary.

    \b
    One document: printed with each line marked (- removed [rule], ~ rewritten, | kept).
    A line the content locator weighed ends with its score against the threshold:
    "(line score 0.976 >= 0.3)", "(end score 0.309 < 0.45)" (docs/scorer.md). A barrier
    the article runs on across says so (docs/locator.md).
    A folder or a .jsonl/.warc file: each document's explanation in turn, a blank line
    between; documents that cannot be read are named on stderr and the rest go on.
    --html REPORT.html: one page for all of them, to open in a browser: the rules with their
    counts and sample lines, then each document, drawn when opened (removed lines struck
    through in their rule's colour, each run labelled with its rule, the reason on hover;
    records boxed with their metadata).
    """
    cleaner = _load(rules, site, language)
    if input == STREAM:
        if html is not None:
            _fail("--html: give a file or a folder as INPUT (- explains one document as text)")
        _explain_stream(cleaner)
        return
    _check_input(input)
    kind = InputFile(input, input.name).format if input.is_file() else "folder"
    if html is not None and input.is_dir() and input.resolve() in html.resolve().parents:
        _fail(f"{html}: the page must not be written inside INPUT (it would be read next time)")
    if html is not None and html.resolve() == input.resolve():
        _fail(f"{html}: the page would be written over INPUT; choose another name")
    inputs = walk_inputs(input)
    fields = JsonlFields(text_field, html_field, id_field)
    _check_fields(inputs.files, fields)
    results = itertools.chain(inputs.unreadable, explain_inputs(cleaner, inputs.files, fields))
    if html is not None:
        from cleaner.report_html import write_html_report

        try:
            totals = write_html_report(html, results, str(input))
        except OSError as error:
            _fail(f"{html}: cannot write: {error.strerror or error}")
        rules_used = sum(1 for tally in totals.rules.values() if tally.removed)
        typer.echo(f"{_count(totals.documents, 'document')} ({totals.skipped} skipped), "
                   f"{_count(totals.removed, 'line')} removed by {_count(rules_used, 'rule')} "
                   f"-> {html}", err=True)
        if not totals.documents:
            _fail(_nothing_explained(input, inputs), 1)
        return
    separator = ""
    skips = _skip_lines()
    for result in results:
        if isinstance(result, Skipped) and kind in FORMATS and FORMATS[kind].one_page:
            _fail(f"{input}: {result.reason}", 1)
        if isinstance(result, Skipped):
            skips.show(result.where, result.reason)
            continue
        typer.echo(separator + explain_document(result.doc, result.records))
        separator = "\n"
    if skipped := sum(skips.counts.values()):
        typer.echo(f"skipped: {_count(skipped, 'document')} in all", err=True)
    if inputs.ignored:  # as `clean` counts them: a folder of .json files explains nothing
        typer.echo(f"ignored: {_count(len(inputs.ignored), 'file')} of no kind clean reads "
                   f"(e.g. {inputs.ignored[0]})", err=True)
    if inputs.folder_links:
        typer.echo(f"ignored: {_count(len(inputs.folder_links), 'link')} to a folder, not "
                   f"followed (e.g. {inputs.folder_links[0]})", err=True)
    if not separator:
        _fail(_nothing_explained(input, inputs), 1)


def _explain_stream(cleaner: Cleaner) -> None:
    """`clean explain -`: the one document on standard input (text, or HTML by its start),
    or each record of a JSONL corpus there, explained as a file's are."""
    separator = ""
    try:
        for doc, records in _cleaned_stdin(cleaner, _skip_lines()):
            typer.echo(separator + explain_document(traced_document(doc, records), records))
            separator = "\n"
    except Skip as reason:  # the one document standard input held
        _fail(f"nothing was explained: standard input was skipped ({reason})", 1)
    if not separator:
        _fail("nothing was explained: every record of standard input was skipped", 1)


def _nothing_explained(input: Path, inputs: Inputs) -> str:
    """Why `explain` showed no document (it exits 1, as `clean` does then)."""
    if not inputs.files and not inputs.unreadable:
        links = (f"; {_count(len(inputs.folder_links), 'link')} to a folder, not followed"
                 if inputs.folder_links else "")
        return f"{input}: no document to explain (it holds no {KINDS_READ} file{links})"
    return f"{input}: no document was explained: every one was skipped"


@app.command("learn")
def learn_command(
    input: Annotated[Path, typer.Argument(metavar="INPUT",
                                          help="A folder of one site's documents.")],
    site: Annotated[str, typer.Option("--site", metavar="NAME",
                                      help="The site's name (a domain if known).")],
    out: Annotated[Path, typer.Option("--out", metavar="FILE.toml",
                                      help="The rule file to write.")],
    min_share: Annotated[float, typer.Option(
        callback=_finite, min=0.0, max=1.0, metavar="SHARE",
        help="A line is template if this share of the documents print it.")] = 0.3,
    min_docs: Annotated[int, typer.Option(
        min=1, metavar="N", help="...and at least this many documents.")] = 5,
    force: Annotated[bool, typer.Option(
        "--force", help="Write over an existing --out file.")] = False,
    text_field: TextFieldOption = "text",
    html_field: HtmlFieldOption = None,
    id_field: IdFieldOption = "id",
) -> None:
    """Learn a site's template lines and write a rule file to review.

    An existing --out file is not written over without --force (a reviewed file would be
    lost)."""
    _check_input(input)
    if not site.strip():  # a site file needs a name (rulefile.py refuses an empty one)
        _fail("--site: the site needs a name, such as its domain")
    if out.is_dir():  # said before the corpus is read, not after
        _fail(f"{out}: is a folder; --out names the rule file to write, such as "
              f"{out / 'site.toml'}")
    items, fields = find_inputs(input), JsonlFields(text_field, html_field, id_field)
    _check_fields(items, fields)
    if any(item.path.resolve() == out.resolve() for item in items):
        _fail(f"{out}: --out names a file of INPUT; the rule file would be written over it")
    if out.exists() and not force:
        _fail(f"{out}: exists; --force writes over it (a file you reviewed would be lost), "
              f"or choose another --out")
    from cleaner.learn import NoDocuments, NoExample, NothingLearned, write_rule_file

    try:
        documents, lines = write_rule_file(items, site, out, _load([]), min_share, min_docs,
                                           fields)
    except NoDocuments:
        _fail(f"{input}: no document to learn from (it holds no {KINDS_READ} file that "
              "could be read); nothing was written", 1)
    except NothingLearned:
        _fail(f"{input}: no line recurs in {min_share:.0%} of its documents and in at least "
              f"{min_docs} of them; nothing was learned and nothing written (a smaller "
              "--min-share or --min-docs asks for less)", 1)
    except NoExample:
        _fail(f"{input}: no document shows a template line beside a line of prose, so the "
              "rules could carry no example; nothing was written", 1)
    except OSError as error:
        _fail(f"{out}: cannot write: {error.strerror or error}")
    try:
        _load([out])
    except typer.Exit:
        _fail(f"{out}: the learned file does not load; please report this")
    typer.echo(f"learned {_count(lines, 'template line')} from "
               f"{_count(documents, 'document')} -> {out}\n"
               f"review it, then: clean rules test --rules {out}", err=True)


def _replacement(file: RuleFile, replacing: list[RuleFile]) -> RuleFile | None:
    """The file whose rule replaces this one on every document this one applies to."""
    whole = [other for other in replacing if other.site in (None, file.site)]
    return whole[-1] if whole else None


def _replaced_note(file: RuleFile, replacing: list[RuleFile]) -> str:
    """How later rules of the same id replace this one: wholly, or on some sites' documents."""
    if whole := _replacement(file, replacing):
        return f"[replaced by {whole.path}] "
    return "".join(f"[replaced on site {other.site} by {other.path}] " for other in replacing)


@rules_app.command("list")
def rules_list(rules: RulesOption = None) -> None:
    """Every rule: id, action, file and reason; a rule that a later one of the same id
    replaces is marked with the file that replaces it."""
    cleaner = _load(rules)
    for file in cleaner.files:
        scope = f"site {file.site}" if file.site else "all documents"
        typer.echo(f"{file.path} ({scope})")
        for rule in file.rules:
            note = _replaced_note(file, cleaner.replacing(file, rule))
            typer.echo(f"  {rule.id:32} {rule.action:16} {note}{rule.reason}")


@rules_app.command("show")
def rules_show(rule_id: Annotated[str, typer.Argument(metavar="ID", help="A rule id.")],
               rules: RulesOption = None) -> None:
    """One rule in full, as the run uses it: where it is, why it exists, its parameters."""
    cleaner = _load(rules)
    found = [(file, rule, cleaner.replacing(file, rule))
             for file in cleaner.files for rule in file.rules if rule.id == rule_id]
    if not found:
        ids = sorted({rule.id for file in cleaner.files for rule in file.rules})
        close = difflib.get_close_matches(rule_id, ids, n=3, cutoff=0.6)
        _fail(f"no rule '{rule_id}'" + (f"; did you mean {', '.join(close)}?" if close else "")
              + " (see `clean rules list`)")
    replaced = [str(file.path) for file, _, replacing in found if _replacement(file, replacing)]
    for file, rule, replacing in found:
        if _replacement(file, replacing):
            continue  # a later rule of this id runs in its place
        scope = f"site {file.site}" if file.site else "all documents"
        typer.echo(f"{rule.id}  ({rule.action}, {file.path}, {scope})")
        if note := _replaced_note(file, replacing):
            typer.echo(f"  {note.strip()}")
        typer.echo(f"  {rule.reason}")
        for key, value in rule.params.items():
            typer.echo(f"  {key} = {_toml_value(value)}" if value is not None
                       else f"  # {key}: not given")
    if replaced:
        typer.echo(f"(it replaces the rule of the same id in {', '.join(replaced)})")


def _toml_value(value: Any) -> str:
    r"""A parameter as a rule file writes it, so that it can be copied into one: a pattern in
    a literal string (its backslashes as they are), else a basic string with escapes.

    >>> print(_toml_value({"lines": ["Home", "It's"], "pattern": "^\\d+$", "on": True}))
    {lines = ['Home', "It's"], pattern = '^\d+$', on = true}
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        controls = any((ord(c) < 32 and c != "\n") or ord(c) == 127 for c in value)
        if not controls and "'" not in value:
            # a multi-line literal drops the newline right after its opening quotes
            return f"'''\n{value}'''" if "\n" in value else f"'{value}'"
        return toml_string(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return f"[{', '.join(_toml_value(item) for item in items)}]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}"
                               for k, v in value.items()) + "}"
    if isinstance(value, (int, float)):
        return repr(value)
    raise ValueError(f"{value!r} has no TOML form")


def _toml_key(key: str) -> str:
    """A key bare when TOML allows it, else quoted."""
    return key if key and all(c.isascii() and (c.isalnum() or c in "_-") for c in key) \
        else _toml_value(key)


@rules_app.command("actions")
def rules_actions() -> None:
    """Every action a rule may take, in the order of its phase, with its parameters: their
    types, whether a rule must give them or what they are when not given, and what they
    mean (docs/actions.md holds this print)."""
    typer.echo(describe_actions())


@rules_app.command("check")
def rules_check(
    corpus: Annotated[Path, typer.Option("--corpus", metavar="DIR",
                                         help="Documents to run the rules on.")],
    rules: RulesOption = None,
    wild_share: Annotated[float, typer.Option(
        callback=_finite, min=0.0, max=1.0, metavar="SHARE",
        help="Flag a rule that removes more than this share of a document's lines.")] = 0.5,
    text_field: TextFieldOption = "text",
    html_field: HtmlFieldOption = None,
    id_field: IdFieldOption = "id",
) -> None:
    """Run the rules on a corpus: rules that never fire, rules that remove too much, rules
    that time out (exit 1: a run skips the documents they time out on), and what each rule
    costs (its seconds, and their share of the cleaning's time)."""
    _check_input(corpus)
    cleaner = _load(rules)
    items, fields = find_inputs(corpus), JsonlFields(text_field, html_field, id_field)
    _check_fields(items, fields)
    uses, documents, skipped, cost = check_rules(cleaner, items, wild_share, fields)
    skips = SkipLines(lambda line: typer.echo(line, err=True), "the count is in the header")
    for skip in skipped:
        skips.show(skip.where, skip.reason)
    if not documents:  # else every rule would be listed as never firing
        _fail(f"{corpus}: no document to check the rules on (it holds no {KINDS_READ} file "
              "that could be read)", 1)
    typer.echo(f"checked {documents} of {_count(documents + len(skipped), 'document')} "
               f"({len(skipped)} skipped); {_count(len(uses), 'rule')}")
    for rule_id, use in sorted(uses.items(), key=lambda kv: (-kv[1].lines, kv[0])):
        status = f"{_count(use.lines, 'line')} in {_count(use.documents, 'document')}" \
            if use.lines \
            else "timed out" if use.timeouts else "never fires"
        typer.echo(f"  {rule_id:36} {status}")
        for sample in use.samples:
            typer.echo(f"      e.g. {sample[:100]}")
        for document, share in use.wild:
            typer.echo(f"      WILD? removed {share:.0%} of the lines of {document}")
        for document in use.timeouts:
            typer.echo(f"      TIMED OUT after {TIMEOUT_SECONDS:g}s on {document} (a run skips it)")
    _print_costs(cost)
    silent = [rule_id for rule_id, use in uses.items() if not use.lines and not use.timeouts]
    wild = [rule_id for rule_id, use in uses.items() if use.wild]
    slow = [rule_id for rule_id, use in uses.items() if use.timeouts]
    typer.echo(f"{_count(len(silent), 'rule')} never fired; {_count(len(wild), 'rule')} "
               f"removed more than {wild_share:.0%} of some document; "
               f"{_count(len(slow), 'rule')} timed out")
    if slow:
        raise typer.Exit(1)


def _print_costs(cost: Cost, least_share: float = 0.005) -> None:
    """The rules and steps that took at least `least_share` of the cleaning's time."""
    typer.echo(f"cost: {cost.total:.3f} s of cleaning; the rules and steps that took "
               f"{least_share:.1%} of it or more, the costliest first:")
    ranked = cost.ranked()
    shown = [(name, seconds) for name, seconds in ranked
             if cost.total and seconds / cost.total >= least_share]
    width = max((len(name) for name, _ in shown), default=0)
    for name, seconds in shown:
        typer.echo(f"  {name:{width}} {seconds:8.3f} s {seconds / cost.total:6.1%}")
    if len(ranked) > len(shown):
        rest = sum(seconds for _, seconds in ranked[len(shown):])
        typer.echo(f"  {_count(len(ranked) - len(shown), 'more rule'):{width}} {rest:8.3f} s")


@rules_app.command("test")
def rules_test(rules: RulesOption = None) -> None:
    """Run every rule file's examples; exit 1 if one fails. Each rule an example names must
    act on it; a rule that no example names is a warning (docs/rules.md)."""
    cleaner = _load(rules)
    results = run_examples(cleaner.files)
    for result in results:
        typer.echo(f"{'ok  ' if result.passed else 'FAIL'} {result.file}: {result.name}")
        for problem in result.problems:
            typer.echo("     " + problem.replace("\n", "\n     "))
    unnamed = unnamed_rules(cleaner.files)
    for file, rule in unnamed:
        typer.echo(f"warning: {file.path}: rule '{rule.id}' is named by no example "
                   "(add it to the `rules` of an example it acts on)")
    failed = sum(not r.passed for r in results)
    typer.echo(f"{len(results) - failed} passed, {failed} failed"
               + (f"; {_count(len(unnamed), 'rule')} named by no example" if unnamed else ""))
    if failed:
        raise typer.Exit(1)


COMMANDS = {"run", "explain", "learn", "rules", "--help", "-h", "--version"}


def _is_command(args: list[str]) -> bool:
    """Whether `clean ARGS` names a command. A first argument that is no command's name is
    INPUT; one that is, but is also a file or folder here, is INPUT too unless the rest reads
    as that command's (`clean rules out/` cleans the folder `rules`; `clean rules list` lists
    the rules; `clean ./rules out/` is never a command)."""
    if not args or args[0] not in COMMANDS:
        return False
    if not Path(args[0]).exists():
        return True
    rest = [arg for arg in args[1:] if not arg.startswith("-")]
    if not rest or args[1] in ("-h", "--help"):
        return True  # `clean rules`, `clean explain --help`: the command's own help
    if args[0] == "rules":
        return rest[0] in {command.name for command in rules_app.registered_commands}
    if args[0] == "run":
        return len(rest) >= 2
    return Path(rest[0]).exists()  # explain, learn: their INPUT follows


COMMAND_LIKE = re.compile(r"[a-z][a-z-]*")


def _not_a_command(word: str, args: list[str]) -> str | None:
    """Why `clean WORD ...` is refused, where WORD is no command and no file or folder here
    but looks like a command (a typo: `clean explian page.txt`), or help is asked of it
    (`clean validate --help` would print `run`'s help, as if WORD were its INPUT)."""
    if not COMMAND_LIKE.fullmatch(word) or word in COMMANDS or _exists(word):
        return None  # a path (`out/`, `page.txt`) or an option: `run` says what is wrong
    commands = sorted(COMMANDS - {"--help", "-h", "--version"})
    close = difflib.get_close_matches(word, commands, n=1, cutoff=0.6)
    if close:
        return (f"'{word}' is no command and no file or folder here; did you mean "
                f"`clean {close[0]}`?")
    if "--help" in args or "-h" in args:
        return (f"'{word}' is no command ({', '.join(commands)}) and no file or folder here; "
                "`clean --help` tells them")
    return None


def _exists(name: str) -> bool:
    try:
        return Path(name).exists()
    except OSError:  # a name too long for the file system: no file, and `run` says so
        return False


def main() -> None:
    """`clean INPUT OUTPUT` is `clean run INPUT OUTPUT`: the everyday call needs no verb."""
    args = sys.argv[1:]
    if "" in args:  # Path("") is the current folder: an unset variable would clean it, or
        # write over its records
        sys.stderr.write("clean: an argument is empty (a shell variable not set?); give "
                         "INPUT and OUTPUT as paths (. for this folder)\n")
        sys.exit(2)
    if args[:1] == ["help"] and not _exists("help"):  # `clean help`, `clean help explain`
        args = [*args[1:], "--help"]
    if args and not _is_command(args):
        if problem := _not_a_command(args[0], args):
            sys.stderr.write(f"clean: {problem}\n")  # outside the app: no typer.Exit here
            sys.exit(2)
        args = ["run", *args]
    try:
        try:
            app(args=args, prog_name="clean")
        finally:
            sys.stdout.flush()  # what is buffered fails here, not at the interpreter's exit
    except OSError as error:  # click ends a broken pipe itself (exit 1, quietly)
        _unexpected_os_error(error)


def _unexpected_os_error(error: OSError) -> NoReturn:
    """An error of the system that no step of the command looked for: standard output full
    (`clean - - > /dev/full`) or gone. Said in one line, without a traceback; the run's
    own files are written whole or not at all (`sinks.write_atomic`)."""
    with suppress(OSError):
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115  (nothing more is written there)
    where = os.fsdecode(error.filename) if error.filename else "standard output"
    sys.stderr.write(f"clean: {where}: {error.strerror or error}\n")
    sys.exit(1)
