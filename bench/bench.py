"""Throughput and memory benchmark for `clean` (run as `make bench`).

About 15 minutes on a quiet 2-CPU machine; --skip-text, --skip-big, --skip-html and the size
flags make a short run.

Three benchmarks, each answering its questions on one machine:

  * text: a folder of .txt dumps (100 MB and 25 MB). How much the rules cost over the I/O
    the tool cannot avoid (clean -j1 vs a bare read-split-write baseline built from the
    project's own readers and writers), how well the work spreads over processes (clean -j1
    vs clean -j2), and whether memory stays flat as the input grows (peak RSS, large vs
    small corpus).
  * jsonl: shards of `{"id", "url", "text", "metadata"}` records (the datatrove and dolma
    shape), 256 MB and 1 GB in shards of the same size (64 MB), so the memory of the two
    compares like for like. The same three questions; the bare baseline reads each shard,
    parses each line and writes the text back out as JSONL (the least a JSONL cleaner does).
  * html: the dev set's 400 pages through clean -j1 against trafilatura alone (its own
    `extract`, with the settings cleaner/sources/html.py gives it but the default focus), in docs/s,
    in pairs of runs.

Every corpus is built at run time under bench-out/ (git-ignored) from copies of the seed
and dev set files, so nothing large is committed. Every run, the baselines included, is a
child process measured the same way: wall time around it, its CPU time and peak RSS from
os.wait4, the CPU time other processes took meanwhile, and a digest of the cleaner's code
before and after, so a run on a busy machine, or on code someone changed under it, is
flagged rather than trusted. A "MB" is 2**20 bytes throughout; a gzipped corpus's MB are
its uncompressed bytes.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import itertools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from devset import train_folder

from cleaner.sinks import JsonlSink, write_atomic
from cleaner.sources import Skip, decode, find_inputs

ROOT = Path(__file__).resolve().parent.parent
BENCH_OUT = ROOT / "bench-out"
SHARED = ROOT.parent / "shared"
MANIFEST = SHARED / "devset" / "manifest.jsonl"  # the dev set pages' URLs, by id
FILES_PER_FOLDER = 500
MB = 2**20

# The targets of the compiled-core issue (docs/speed.md): text within 2.5x the bare work,
# JSONL within 3x; two workers 1.8x one; HTML at trafilatura alone's docs/s at least.
MAX_JOBS1_OVER_BARE = {"text": 2.5, "jsonl": 3.0}
MIN_JOBS1_OVER_JOBS2 = 1.8
MAX_RSS_GROWTH = 1.2
MIN_HTML_SHARE = 1.0  # clean's HTML docs/s over trafilatura's alone
BUSY = 0.1  # other processes using more than this share of a CPU make a run's time unreliable
BUSY_FLOOR = 1.0  # ...and more CPU seconds than this (the kernel's writeback of a short run's
# output is counted as other processes' time, and is most of it in a run of a second)


@dataclass
class Corpus:
    name: str
    path: Path
    files: int
    documents: int
    bytes: int  # uncompressed: what MB/s counts
    disk_bytes: int


@dataclass
class Run:
    name: str
    corpus: str
    corpus_mb: float
    seconds: float
    cpu_seconds: float
    other_cpu_seconds: float
    mb_per_s: float
    docs_per_s: float
    peak_rss_mb: float
    code: str  # digest of cleaner/ and rules/ (code_digest), `before->after` if it changed


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    text = parser.add_argument_group("text folder")
    text.add_argument("--mb", type=int, default=100, help="large corpus size (default 100)")
    text.add_argument("--mb-small", type=int, default=25,
                      help="small corpus size, for the flat-memory check (default 25)")
    text.add_argument("--source", type=Path, action="append",
                      help="folder of .txt files to copy into the corpora (text and JSONL); "
                      "repeatable (default: the shared seeds and the dev set's train texts)")
    text.add_argument("--skip-text", action="store_true", help="no text-folder benchmark")
    jsonl = parser.add_argument_group("JSONL shards")
    jsonl.add_argument("--jsonl-mb", type=int, default=256,
                       help="JSONL corpus size (default 256: four 64 MB shards)")
    jsonl.add_argument("--jsonl-big-mb", type=int, default=1024,
                       help="the large JSONL corpus, for the flat-memory check (default 1024)")
    jsonl.add_argument("--shard-mb", type=int, default=64,
                       help="shard size of both JSONL corpora (default 64)")
    jsonl.add_argument("--jsonl-gz", action="store_true",
                       help="also time bare and clean -j1 on the JSONL corpus as .jsonl.gz")
    jsonl.add_argument("--skip-jsonl", action="store_true", help="no JSONL benchmark")
    jsonl.add_argument("--skip-big", action="store_true",
                       help="no large JSONL corpus (and so no flat-memory check for JSONL)")
    jsonl.add_argument("--distinct", action="store_true",
                       help="JSONL corpora of all-distinct text instead of repeated pages "
                       "(every line's words shuffled, lines drawn across pages): caches "
                       "gain nothing from text read before")
    html = parser.add_argument_group("HTML pages")
    html.add_argument("--html-repeat", type=int, default=1,
                      help="copies of the dev set's 400 pages in the corpus (default 1)")
    html.add_argument("--html-rounds", type=int, default=4,
                      help="pairs of runs, trafilatura and clean, in alternating order; the "
                      "target is the median of the pairs' ratios (default 4)")
    html.add_argument("--skip-html", action="store_true", help="no HTML benchmark")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "CORPUS", "OUT"),
                        help=argparse.SUPPRESS)  # a baseline child process (see BASELINES)
    return parser.parse_args()


# --- Corpora -----------------------------------------------------------------------------


def source_texts(sources: list[Path]) -> list[Path]:
    texts = sorted(p for source in sources for p in source.glob("*.txt"))
    if not texts:
        sys.exit(f"bench: no .txt files in {', '.join(map(str, sources))}")
    return texts


def build_text_corpus(sources: list[Path], megabytes: int, folder: Path) -> Corpus:
    """Copy the source texts round-robin into folder until it holds `megabytes`.

    Copies are renamed copy-00001.txt... and spread over part-NNN/ folders of
    FILES_PER_FOLDER files, so no folder is unrealistically large and ids stay unique.
    """
    shutil.rmtree(folder, ignore_errors=True)
    total = count = 0
    for text in itertools.cycle(source_texts(sources)):
        if total >= megabytes * MB:
            break
        count += 1
        part = f"part-{(count - 1) // FILES_PER_FOLDER:03d}"
        target = folder / part / f"copy-{count:05d}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(text, target)
        total += target.stat().st_size
    return Corpus(f"text-{megabytes}mb", folder, count, count, total, total)


def page_urls() -> dict[str, dict]:
    """The dev set manifest's `url` and `domain` by page id; the seeds have none."""
    if not MANIFEST.exists():
        return {}
    rows = (json.loads(line) for line in MANIFEST.read_text(encoding="utf-8").splitlines()
            if line.strip())
    return {row["id"]: row for row in rows}


def jsonl_records(sources: list[Path]) -> Iterator[bytes]:
    """Records of the source texts, round-robin, without end: `{"id", "url", "text",
    "metadata"}` with a unique id, the page's URL from the dev set manifest (absent for the
    seeds, which have none), the text as read, and metadata naming the source file."""
    manifest = page_urls()
    texts = [(path, decode(path.read_bytes())) for path in source_texts(sources)]
    for number, (path, text) in enumerate(itertools.cycle(texts), start=1):
        page = manifest.get(path.stem, {})
        record = {"id": f"{path.stem}-{number:07d}", "url": page.get("url"), "text": text,
                  "metadata": {"source": f"{path.parent.name}/{path.name}",
                               "domain": page.get("domain"), "copy": number}}
        if record["url"] is None:
            del record["url"]
        yield (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")


DISTINCT_SEED = 20261206
DISTINCT_LINES = (20, 200)  # lines a made-up document holds


def distinct_records(sources: list[Path]) -> Iterator[bytes]:
    """Records that never repeat: each document is DISTINCT_LINES lines drawn at random from
    all the source texts' lines (and devset-ml's, where present), each line's words shuffled,
    so no line and no document comes twice (the repeated corpora flatter the RE2 sets'
    automata and every cache). Seeded: the same corpus every run."""
    import random

    paths = source_texts(sources)
    ml = SHARED / "devset-ml" / "text"
    paths += sorted(ml.glob("*.txt")) if ml.is_dir() else []
    pool = [line for path in paths for line in decode(path.read_bytes()).splitlines()
            if line.strip()]
    rng = random.Random(DISTINCT_SEED)
    for number in itertools.count(1):
        lines = []
        for line in rng.choices(pool, k=rng.randint(*DISTINCT_LINES)):
            words = line.split()
            rng.shuffle(words)
            lines.append(" ".join(words))
        record = {"id": f"distinct-{number:08d}", "text": "\n".join(lines),
                  "metadata": {"source": "distinct"}}
        yield (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")


def build_jsonl_corpus(sources: list[Path], megabytes: int, shard_mb: int, folder: Path,
                       gz: bool = False, distinct: bool = False) -> Corpus:
    """Shards of `shard_mb` (of uncompressed JSONL, gzipped or not) until `megabytes`, so
    two corpora of different sizes have the same shards and their peak memory compares."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    records = (distinct_records if distinct else jsonl_records)(sources)
    suffix, opener = (".jsonl.gz", gzip.open) if gz else (".jsonl", open)
    total = count = shards = 0
    while total < megabytes * MB:
        with opener(folder / f"shard-{shards:05d}{suffix}", "wb") as handle:
            shard = 0
            while shard < shard_mb * MB and total < megabytes * MB:
                line = next(records)
                handle.write(line)
                shard += len(line)
                total += len(line)
                count += 1
        shards += 1
    disk = sum(p.stat().st_size for p in folder.iterdir())
    name = f"{'distinct' if distinct else 'jsonl'}{'.gz' if gz else ''}-{megabytes}mb"
    return Corpus(name, folder, shards, count, total, disk)


def build_html_corpus(pages: Path, repeat: int, folder: Path) -> Corpus:
    """The dev set's pages, ungzipped to .html, `repeat` times (copy-K/<page>.html)."""
    shutil.rmtree(folder, ignore_errors=True)
    originals = sorted(pages.glob("*.html.gz")) + sorted(pages.glob("*.html"))
    if not originals:
        sys.exit(f"bench: no .html or .html.gz pages in {pages}")
    pages_html = []
    for page in originals:
        data = page.read_bytes()
        pages_html.append((page.name.removesuffix(".gz"),
                           gzip.decompress(data) if page.name.endswith(".gz") else data))
    total = 0
    for copy in range(1, repeat + 1):
        (folder / f"copy-{copy}").mkdir(parents=True)
        for name, data in pages_html:
            (folder / f"copy-{copy}" / name).write_bytes(data)
            total += len(data)
    count = len(pages_html) * repeat
    return Corpus(f"html-{count}pages", folder, count, count, total, total)


# --- Baselines: what the tool cannot avoid, run as child processes like `clean` ----------


def bare_text(corpus: Path, output: Path) -> None:
    """The I/O `clean` must do anyway on .txt files, with no rules: the floor its time is
    compared with. Same readers and writers as the tool: find_inputs, decode, splitlines,
    one JSONL line per document through JsonlSink, one .txt per document through
    write_atomic.
    """
    sink = JsonlSink(output / "records.jsonl")
    for item in find_inputs(corpus):
        try:
            text = "\n".join(decode(item.path.read_bytes()).splitlines())
        except Skip:
            continue
        record = {"id": item.id, "text": text, "metadata": {"source": item.relative}}
        sink.write((json.dumps(record, ensure_ascii=False) + "\n").encode())
        write_atomic(output / f"{item.id}.txt", text + "\n")
    sink.commit()


def bare_jsonl(corpus: Path, output: Path) -> None:
    """The least a JSONL cleaner does: read each shard line by line (ungzipped as the tool
    does), parse each line, and write its text back out as one JSONL record through
    JsonlSink. Streamed, so its memory is the floor too. Lines end at b"\\n" only, as in the
    tool: a JSON string may hold a raw U+2028, which `str.splitlines` would cut at.
    """
    sink = JsonlSink(output / "records.jsonl")
    for item in find_inputs(corpus):
        opener = gzip.open if item.path.name.endswith(".gz") else open
        with opener(item.path, "rb") as shard:
            for line in shard:
                if not line.strip():
                    continue
                record = json.loads(line)
                out = {"id": record["id"], "text": record["text"],
                       "metadata": {"source": item.relative,
                                    "input_metadata": record.get("metadata")}}
                sink.write((json.dumps(out, ensure_ascii=False) + "\n").encode())
    sink.commit()


# The extraction settings cleaner/sources/html.py passes to trafilatura (comments dropped, tables
# kept, no deduplication: it would make a page's text depend on the pages before it), but
# trafilatura's default focus. On English pages (all of these) cleaner/sources/html.py asks
# for the recall focus, which is cheaper
# (it skips the readability comparison when its own text is long); the baseline stays what
# trafilatura alone scores best with on the dev set (default: wF1 0.935, leak 0.051; recall
# focus: 0.935, leak 0.060), so the change does not make the target easier to meet.
TRAFILATURA_SETTINGS = {"include_comments": False, "include_tables": True, "deduplicate": False}


def trafilatura_alone(corpus: Path, output: Path) -> None:
    """trafilatura's own `extract` on each page, with the tool's settings, and nothing else:
    what a pipeline that uses trafilatura alone pays. Its text is written as the baselines
    above write theirs: a JSONL line and a .txt."""
    import trafilatura

    sink = JsonlSink(output / "records.jsonl")
    for item in find_inputs(corpus):
        text = trafilatura.extract(decode(item.path.read_bytes()), **TRAFILATURA_SETTINGS)
        record = {"id": item.id, "text": text or "", "metadata": {"source": item.relative}}
        sink.write((json.dumps(record, ensure_ascii=False) + "\n").encode())
        if text:
            write_atomic(output / f"{item.id}.txt", text + "\n")
    sink.commit()


BASELINES = {"text": bare_text, "jsonl": bare_jsonl, "trafilatura": trafilatura_alone}


# --- Measuring ---------------------------------------------------------------------------


def machine_cpu_seconds() -> float:
    """CPU time used so far by the whole machine (all processes), from /proc/stat."""
    ticks = [int(field) for field in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    busy = sum(ticks) - ticks[3] - ticks[4]  # minus idle and iowait
    return busy / os.sysconf("SC_CLK_TCK")


def run_child(command: list[str], output: Path) -> tuple[float, float, float, float]:
    """Run command once into an emptied output folder; return wall seconds, CPU seconds
    (user + system, the child and its workers), CPU seconds other processes used meanwhile
    (the bench is only as good as the machine is quiet), and peak RSS in MB.

    os.wait4 gives this child's own rusage, so each run's peak is exact rather than a
    delta of RUSAGE_CHILDREN (which only ever keeps the largest child so far). Its
    ru_maxrss covers the child and the descendants it reaped: for `clean -j2` that is the
    largest single process among the parent and its pool workers, not their sum.
    """
    shutil.rmtree(output, ignore_errors=True)
    os.sync()  # the previous run's dirty pages must not be flushed on this run's clock
    machine_before, started = machine_cpu_seconds(), time.perf_counter()
    process = subprocess.Popen(command)
    _, status, usage = os.wait4(process.pid, 0)
    seconds, machine = time.perf_counter() - started, machine_cpu_seconds() - machine_before
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped: Popen must not wait
    if process.returncode != 0:
        sys.exit(f"bench: {' '.join(command)} exited with {process.returncode}")
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, max(machine - cpu, 0.0), usage.ru_maxrss / 1024  # KiB on Linux


def code_digest() -> str:
    """A digest of the cleaner's code and rule files. Others may edit the work tree while a
    long bench runs; figures measured on two versions of the code must not be compared."""
    digest = hashlib.sha256()
    for path in sorted([*(ROOT / "cleaner").rglob("*.py"), *(ROOT / "rules").rglob("*.toml")]):
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def measure(name: str, command: list[str], corpus: Corpus) -> Run:
    before = code_digest()
    seconds, cpu, other, rss = run_child(command, BENCH_OUT / "out")
    after = code_digest()
    size = corpus.bytes / MB
    run = Run(name, corpus.name, round(size, 1), round(seconds, 2), round(cpu, 2),
              round(other, 2), round(size / seconds, 2), round(corpus.documents / seconds, 1),
              round(rss, 1), before if after == before else f"{before}->{after}")
    print(f"  {name}: {run.seconds:.2f} s, {run.peak_rss_mb:.1f} MB peak, "
          f"others {run.other_cpu_seconds:.1f} CPU s", flush=True)
    return run


def clean_command(corpus: Corpus, jobs: int) -> list[str]:
    """`clean` from the interpreter's own venv, so `make bench` needs no activated shell."""
    return [str(Path(sys.executable).with_name("clean")), str(corpus.path),
            str(BENCH_OUT / "out"), "--jobs", str(jobs), "-q"]


def child_command(kind: str, corpus: Corpus) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--child", kind, str(corpus.path),
            str(BENCH_OUT / "out")]


def three_runs(prefix: str, bare: str, corpus: Corpus, jobs2: bool = True) -> dict[str, Run]:
    """Bare baseline, clean -j1 and clean -j2 on one corpus, one pass each."""
    print(f"{corpus.name}: {corpus.files} files, {corpus.documents} documents, "
          f"{corpus.bytes / MB:.1f} MB", flush=True)
    runs = {f"{prefix}_bare": measure(f"{prefix}: bare", child_command(bare, corpus), corpus),
            f"{prefix}_jobs1": measure(f"{prefix}: clean -j1", clean_command(corpus, 1), corpus)}
    if jobs2:
        runs[f"{prefix}_jobs2"] = measure(f"{prefix}: clean -j2", clean_command(corpus, 2),
                                          corpus)
    return runs


def text_runs(args: argparse.Namespace, sources: list[Path]) -> tuple[list, dict, list]:
    large = build_text_corpus(sources, args.mb, BENCH_OUT / f"corpus-{args.mb}mb")
    small = build_text_corpus(sources, args.mb_small, BENCH_OUT / f"corpus-{args.mb_small}mb")
    runs = three_runs("text", "text", large)
    print(f"{small.name}: {small.files} files, {small.bytes / MB:.1f} MB", flush=True)
    runs["text_jobs1_small"] = measure("text small: clean -j1", clean_command(small, 1), small)
    checks = ratio_checks("text", runs, "text")
    checks.append(check("text", "peak RSS -j1 large / small", runs["text_jobs1"].peak_rss_mb
                        / runs["text_jobs1_small"].peak_rss_mb, MAX_RSS_GROWTH, at_most=True))
    return [large, small], runs, checks


def jsonl_runs(args: argparse.Namespace, sources: list[Path]) -> tuple[list, dict, list]:
    """The JSONL corpus, then the large one; each built just before its runs and deleted
    after them, so at most one of them is on disk."""
    corpora, runs, checks = [], {}, []
    sizes = [("jsonl", args.jsonl_mb)] + ([] if args.skip_big else [("jsonl_big",
                                                                      args.jsonl_big_mb)])
    for prefix, megabytes in sizes:
        folder = BENCH_OUT / f"jsonl-{megabytes}mb"
        corpus = build_jsonl_corpus(sources, megabytes, args.shard_mb, folder,
                                    distinct=args.distinct)
        corpora.append(corpus)
        runs |= three_runs(prefix, "jsonl", corpus)
        checks += ratio_checks("jsonl", runs, prefix)
        shutil.rmtree(folder)
    if args.jsonl_gz:
        folder = BENCH_OUT / f"jsonl-gz-{args.jsonl_mb}mb"
        corpus = build_jsonl_corpus(sources, args.jsonl_mb, args.shard_mb, folder, gz=True)
        corpora.append(corpus)
        runs |= three_runs("jsonl_gz", "jsonl", corpus, jobs2=False)
        shutil.rmtree(folder)
    if "jsonl_big_jobs1" in runs:
        for jobs in (1, 2):
            growth = (runs[f"jsonl_big_jobs{jobs}"].peak_rss_mb
                      / runs[f"jsonl_jobs{jobs}"].peak_rss_mb)
            checks.append(check("jsonl", f"peak RSS -j{jobs} {args.jsonl_big_mb} MB / "
                                f"{args.jsonl_mb} MB", growth, MAX_RSS_GROWTH, at_most=True))
    return corpora, runs, checks


def html_runs(args: argparse.Namespace) -> tuple[list, dict, list]:
    """trafilatura alone and clean -j1 on the same pages, in `--html-rounds` pairs.

    On this shared machine the same run's time moves by up to a third between passes a few
    minutes apart, with no other process to show for it; the two tools run back to back in
    each pair (in alternating order) and the target is the median of the pairs' ratios.
    """
    pages = train_folder("html", BENCH_OUT / "devset-train" / "html")
    corpus = build_html_corpus(pages, args.html_repeat, BENCH_OUT / "html-pages")
    print(f"{corpus.name}: {corpus.files} pages, {corpus.bytes / MB:.1f} MB", flush=True)
    runs, ratios, ratios_by_cpu = {}, [], []
    for number in range(1, args.html_rounds + 1):
        pair = [(f"html_trafilatura_{number}", f"html {number}: trafilatura alone",
                 child_command("trafilatura", corpus)),
                (f"html_jobs1_{number}", f"html {number}: clean -j1", clean_command(corpus, 1))]
        for key, name, command in pair if number % 2 else reversed(pair):
            runs[key] = measure(name, command, corpus)
        clean, alone = runs[f"html_jobs1_{number}"], runs[f"html_trafilatura_{number}"]
        ratios.append(clean.docs_per_s / alone.docs_per_s)
        ratios_by_cpu.append(alone.cpu_seconds / clean.cpu_seconds)
    target = check("html", f"docs/s clean -j1 / trafilatura (median of {len(ratios)})",
                   statistics.median(ratios), MIN_HTML_SHARE, at_most=False,
                   by_cpu=statistics.median(ratios_by_cpu))
    target["ratios"] = [round(ratio, 2) for ratio in ratios]
    return [corpus], runs, [target]


def check(benchmark: str, target: str, ratio: float, limit: float, at_most: bool,
          by_cpu: float | None = None) -> dict:
    """A target's verdict. `by_cpu` is the same ratio from CPU seconds instead of wall time,
    where that means the same thing (not for a speedup): on a busy machine it moves less."""
    return {"benchmark": benchmark, "target": target, "ratio": round(ratio, 2),
            "limit": f"{'<=' if at_most else '>='} {limit}",
            "passed": ratio <= limit if at_most else ratio >= limit,
            "ratio_by_cpu": None if by_cpu is None else round(by_cpu, 2)}


def ratio_checks(benchmark: str, runs: dict[str, Run], prefix: str) -> list:
    """Time of clean -j1 over the bare baseline, and over clean -j2."""
    jobs1, bare = runs[f"{prefix}_jobs1"], runs[f"{prefix}_bare"]
    return [check(benchmark, f"time {prefix} -j1 / bare", jobs1.seconds / bare.seconds,
                  MAX_JOBS1_OVER_BARE[benchmark], at_most=True,
                  by_cpu=jobs1.cpu_seconds / bare.cpu_seconds),
            check(benchmark, f"time {prefix} -j1 / -j2",
                  jobs1.seconds / runs[f"{prefix}_jobs2"].seconds, MIN_JOBS1_OVER_JOBS2,
                  at_most=False)]


# --- Reporting ---------------------------------------------------------------------------


def busy_warnings(runs: dict[str, Run]) -> list[str]:
    """A run that shared the CPUs with other work has a wall time, and ratios built on it,
    that say more about the neighbours than about the tool; runs of different code cannot
    be compared at all."""
    warnings = [f"WARNING: other processes used {run.other_cpu_seconds / run.seconds:.0%} of a "
                f"CPU during '{run.name}': the machine was busy, its time is not reliable"
                for run in runs.values()
                if run.other_cpu_seconds > max(BUSY * run.seconds, BUSY_FLOOR)]
    codes = {run.code for run in runs.values()}
    if len(codes) > 1:
        warnings.append(f"WARNING: cleaner/ or rules/ changed during the bench (code digests "
                        f"{', '.join(sorted(codes))}): ratios across them compare two versions")
    return warnings


def busy_share(runs: dict[str, Run]) -> float:
    """CPU seconds other processes used over all runs, per second of the runs' wall time."""
    seconds = sum(run.seconds for run in runs.values())
    return sum(run.other_cpu_seconds for run in runs.values()) / seconds if seconds else 0.0


def revision() -> str:
    """The commit measured, `-dirty` if the work tree has changes: figures move with the code."""
    described = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
                               capture_output=True, text=True, check=False)
    return described.stdout.strip() or "unknown"


def machine() -> dict:
    """What the figures depend on, so numbers from two machines are not compared blindly."""
    cpuinfo = Path("/proc/cpuinfo")
    models = [line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
              if line.startswith("model name")] if cpuinfo.exists() else []
    return {"nproc": os.cpu_count(), "cpu": models[0] if models else platform.processor(),
            "python": platform.python_version(), "platform": platform.platform(),
            "load_average": [round(load, 2) for load in os.getloadavg()],
            "revision": revision()}


def report(info: dict, corpora: list[Corpus], runs: dict[str, Run], checks: list[dict],
           seconds: float) -> None:
    print(f"\nmachine: {info['nproc']} CPUs, {info['cpu']}, Python {info['python']}, "
          f"load average {info['load_average']} before the runs")
    print(f"code:    {info['revision']}")
    for corpus in corpora:
        print(f"corpus:  {corpus.name}: {corpus.files} files, {corpus.documents} documents, "
              f"{corpus.bytes / MB:.1f} MB ({corpus.disk_bytes / MB:.1f} MB on disk)")
    print(f"\n{'run':<28}{'MB':>7}{'seconds':>9}{'CPU s':>8}{'others':>8}{'MB/s':>8}"
          f"{'docs/s':>9}{'peak RSS MB':>13}")
    for run in runs.values():
        print(f"{run.name:<28}{run.corpus_mb:>7.1f}{run.seconds:>9.2f}{run.cpu_seconds:>8.2f}"
              f"{run.other_cpu_seconds:>8.2f}{run.mb_per_s:>8.2f}{run.docs_per_s:>9.1f}"
              f"{run.peak_rss_mb:>13.1f}")
    print("CPU s: user + system of the run and its workers; others: CPU s used by other\n"
          "processes meanwhile; peak RSS of -j2: the largest single process (parent or\n"
          "one worker), not their sum.\n")
    for warning in busy_warnings(runs):
        print(warning)
    print(f"others used {busy_share(runs):.0%} of a CPU on average over all runs\n")
    for item in checks:
        verdict = "PASS" if item["passed"] else "FAIL"
        by_cpu = "" if item["ratio_by_cpu"] is None else f"; by CPU s {item['ratio_by_cpu']:.2f}"
        print(f"{verdict}  {item['target']:<36} {item['ratio']:>6.2f}  "
              f"(target {item['limit']}{by_cpu})")
    print(f"\nbench took {seconds / 60:.1f} minutes")


def main() -> None:
    args = parse_args()
    if args.child:
        kind, corpus, output = args.child
        BASELINES[kind](Path(corpus), Path(output))
        return
    started = time.perf_counter()
    info = machine()
    sources = args.source or [SHARED / "seeds",
                              train_folder("text", BENCH_OUT / "devset-train" / "text")]
    corpora, runs, checks = [], {}, []
    benchmarks = [(args.skip_text, lambda: text_runs(args, sources)),
                  (args.skip_jsonl, lambda: jsonl_runs(args, sources)),
                  (args.skip_html, lambda: html_runs(args))]
    for skipped, benchmark in benchmarks:
        if not skipped:
            more_corpora, more_runs, more_checks = benchmark()
            corpora += more_corpora
            runs |= more_runs
            checks += more_checks
    seconds = time.perf_counter() - started
    report(info, corpora, runs, checks, seconds)
    result = {"machine": info, "minutes": round(seconds / 60, 1),
              "corpora": [{**asdict(c), "path": str(c.path)} for c in corpora],
              "runs": {key: asdict(run) for key, run in runs.items()}, "targets": checks,
              "others_cpu_share": round(busy_share(runs), 2), "warnings": busy_warnings(runs)}
    write_atomic(BENCH_OUT / "bench.json", json.dumps(result, indent=2) + "\n")
    print(f"written: {BENCH_OUT / 'bench.json'}")


if __name__ == "__main__":
    main()
