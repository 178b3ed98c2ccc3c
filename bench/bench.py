"""Throughput and memory benchmark for `clean` (run as `make bench`).

It answers three questions on one machine and one corpus:
  * how much the rules cost over the I/O the tool cannot avoid (clean -j1 vs a bare
    read-split-write baseline built from the project's own readers and writers);
  * how well the work spreads over processes (clean -j1 vs clean -j2);
  * whether memory stays flat as the input grows (clean -j1 peak RSS, large vs small corpus).

The corpus is built at run time under bench-out/ (git-ignored) from copies of the seed and
devset texts, so nothing large is committed. Every run, the baseline included, is a child
process measured the same way: wall time around it, its CPU time and peak RSS from os.wait4,
and the CPU time other processes took meanwhile, so a run on a busy machine is flagged rather
than trusted. A "MB" is 2**20 bytes throughout.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from cleaner.sinks import JsonlSink, write_atomic
from cleaner.sources import Skip, decode, find_inputs

ROOT = Path(__file__).resolve().parent.parent
BENCH_OUT = ROOT / "bench-out"
SOURCES = [Path("/work/shared/seeds"), Path("/work/shared/devset/text")]
FILES_PER_FOLDER = 500
MB = 2**20

MAX_JOBS1_OVER_BARE = 2.5
MIN_JOBS1_OVER_JOBS2 = 1.6
MAX_RSS_GROWTH = 1.2
BUSY = 0.1  # other processes using more than this share of a CPU make a run's time unreliable


@dataclass
class Corpus:
    path: Path
    files: int
    bytes: int


@dataclass
class Run:
    name: str
    corpus_mb: float
    seconds: float
    cpu_seconds: float
    other_cpu_seconds: float
    mb_per_s: float
    docs_per_s: float
    peak_rss_mb: float


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=100, help="large corpus size (default 100)")
    parser.add_argument("--mb-small", type=int, default=25,
                        help="small corpus size, for the flat-memory check (default 25)")
    parser.add_argument("--source", type=Path, action="append",
                        help="folder of .txt files to copy into the corpus; repeatable "
                        "(default: the shared seeds and devset texts)")
    parser.add_argument("--baseline", nargs=2, type=Path, metavar=("CORPUS", "OUT"),
                        help=argparse.SUPPRESS)  # the baseline child process (see run_child)
    return parser.parse_args()


def build_corpus(sources: list[Path], megabytes: int, folder: Path) -> Corpus:
    """Copy the source texts round-robin into folder until it holds `megabytes`.

    Copies are renamed copy-00001.txt... and spread over part-NNN/ folders of
    FILES_PER_FOLDER files, so no folder is unrealistically large and ids stay unique.
    """
    texts = sorted(p for source in sources for p in source.glob("*.txt"))
    if not texts:
        sys.exit(f"bench: no .txt files in {', '.join(map(str, sources))}")
    shutil.rmtree(folder, ignore_errors=True)
    total = count = 0
    for text in itertools.cycle(texts):
        if total >= megabytes * MB:
            break
        count += 1
        part = f"part-{(count - 1) // FILES_PER_FOLDER:03d}"
        target = folder / part / f"copy-{count:05d}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(text, target)
        total += target.stat().st_size
    return Corpus(folder, count, total)


def baseline(corpus: Path, output: Path) -> None:
    """The I/O `clean` must do anyway, with no rules: the floor its time is compared with.

    Same readers and writers as the tool: find_inputs, decode, splitlines, one JSONL line
    per document through JsonlSink, one .txt per document through write_atomic.
    """
    sink = JsonlSink(output / "records.jsonl")
    for item in find_inputs(corpus):
        try:
            text = "\n".join(decode(item.path.read_bytes()).splitlines())
        except Skip:
            continue
        record = {"id": item.id, "text": text, "metadata": {"source": item.relative}}
        sink.write(json.dumps(record, ensure_ascii=False) + "\n")
        write_atomic(output / f"{item.id}.txt", text + "\n")
    sink.commit()


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


def measure(name: str, command: list[str], corpus: Corpus, output: Path) -> Run:
    seconds, cpu, other, rss = run_child(command, output)
    size = corpus.bytes / MB
    run = Run(name, round(size, 1), round(seconds, 2), round(cpu, 2), round(other, 2),
              round(size / seconds, 2), round(corpus.files / seconds, 1), round(rss, 1))
    print(f"  {name}: {run.seconds:.2f} s, {run.peak_rss_mb:.1f} MB peak", flush=True)
    return run


def clean_command(corpus: Corpus, output: Path, jobs: int) -> list[str]:
    """`clean` from the interpreter's own venv, so `make bench` needs no activated shell."""
    return [str(Path(sys.executable).with_name("clean")), str(corpus.path), str(output),
            "--jobs", str(jobs), "-q"]


def run_all(large: Corpus, small: Corpus) -> dict[str, Run]:
    output = BENCH_OUT / "out"
    bare = [sys.executable, str(Path(__file__).resolve()), "--baseline", str(large.path),
            str(output)]
    print("running (one pass each):", flush=True)
    return {
        "bare": measure("bare read-split-write", bare, large, output),
        "jobs1": measure("clean --jobs 1", clean_command(large, output, 1), large, output),
        "jobs2": measure("clean --jobs 2", clean_command(large, output, 2), large, output),
        "jobs1_small": measure("clean --jobs 1 (small)", clean_command(small, output, 1),
                               small, output),
    }


def targets(runs: dict[str, Run]) -> list[dict]:
    """The three targets as (name, ratio, limit, passed), from the runs' figures."""
    overhead = runs["jobs1"].seconds / runs["bare"].seconds
    speedup = runs["jobs1"].seconds / runs["jobs2"].seconds
    growth = runs["jobs1"].peak_rss_mb / runs["jobs1_small"].peak_rss_mb
    return [
        {"target": "time jobs1 / bare", "ratio": round(overhead, 2),
         "limit": f"<= {MAX_JOBS1_OVER_BARE}", "passed": overhead <= MAX_JOBS1_OVER_BARE},
        {"target": "time jobs1 / jobs2", "ratio": round(speedup, 2),
         "limit": f">= {MIN_JOBS1_OVER_JOBS2}", "passed": speedup >= MIN_JOBS1_OVER_JOBS2},
        {"target": "peak RSS jobs1 large / small", "ratio": round(growth, 2),
         "limit": f"<= {MAX_RSS_GROWTH}", "passed": growth <= MAX_RSS_GROWTH},
    ]


def busy_warnings(runs: dict[str, Run]) -> list[str]:
    """A run that shared the CPUs with other work has a wall time, and ratios built on it,
    that say more about the neighbours than about the tool."""
    return [f"WARNING: other processes used {run.other_cpu_seconds / run.seconds:.0%} of a CPU "
            f"during '{run.name}': the machine was busy, its time is not reliable"
            for run in runs.values() if run.other_cpu_seconds > BUSY * run.seconds]


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


def report(info: dict, corpora: list[Corpus], runs: dict[str, Run], checks: list[dict]) -> None:
    print(f"\nmachine: {info['nproc']} CPUs, {info['cpu']}, Python {info['python']}, "
          f"load average {info['load_average']} before the runs")
    print(f"code:    {info['revision']}")
    for corpus in corpora:
        print(f"corpus:  {corpus.path.name}: {corpus.files} files, {corpus.bytes / MB:.1f} MB")
    print(f"\n{'run':<24}{'MB':>7}{'seconds':>9}{'CPU s':>8}{'others':>8}{'MB/s':>8}"
          f"{'docs/s':>9}{'peak RSS MB':>13}")
    for run in runs.values():
        print(f"{run.name:<24}{run.corpus_mb:>7.1f}{run.seconds:>9.2f}{run.cpu_seconds:>8.2f}"
              f"{run.other_cpu_seconds:>8.2f}{run.mb_per_s:>8.2f}{run.docs_per_s:>9.1f}"
              f"{run.peak_rss_mb:>13.1f}")
    print("CPU s: user + system of the run and its workers; others: CPU s used by other\n"
          "processes meanwhile; peak RSS of --jobs 2: the largest single process (parent or\n"
          "one worker), not their sum.\n")
    for warning in busy_warnings(runs):
        print(warning)
    for check in checks:
        verdict = "PASS" if check["passed"] else "FAIL"
        print(f"{verdict}  {check['target']:<30} {check['ratio']:>6.2f}  (target {check['limit']})")


def main() -> None:
    args = parse_args()
    if args.baseline:
        baseline(*args.baseline)
        return
    info = machine()
    sources = args.source or SOURCES
    print(f"building corpora ({args.mb} MB, {args.mb_small} MB) under {BENCH_OUT}", flush=True)
    large = build_corpus(sources, args.mb, BENCH_OUT / f"corpus-{args.mb}mb")
    small = build_corpus(sources, args.mb_small, BENCH_OUT / f"corpus-{args.mb_small}mb")
    runs = run_all(large, small)
    checks = targets(runs)
    report(info, [large, small], runs, checks)
    result = {"machine": info,
              "corpora": [{**asdict(c), "path": str(c.path)} for c in (large, small)],
              "runs": {key: asdict(run) for key, run in runs.items()}, "targets": checks,
              "warnings": busy_warnings(runs)}
    write_atomic(BENCH_OUT / "bench.json", json.dumps(result, indent=2) + "\n")
    print(f"\nwritten: {BENCH_OUT / 'bench.json'}")


if __name__ == "__main__":
    main()
