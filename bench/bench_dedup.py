"""What deduplication costs beside the cleaning run, and the measurements behind its choices.

    .venv/bin/python bench/bench_dedup.py [--docs 12500] [--rounds 3] [--skip-choices]

  * dev: the dev set's 400 text dumps cleaned (`clean`, all cores) and cleaned with
    `--dedup`, alternated `--rounds` times: the cleaning workers hash the records as they
    clean them, so deduplication is no process of its own; its cost is what `--dedup`
    adds to the run (medians), and report.json's `duplicates.seconds` is its pass after
    the cleaning (the decisions and the rewrite).
  * synthetic: daily8-style pages built from the dev set's gold articles (about 4 records a
    page: the article and 3 related blocks): fresh articles (paragraphs drawn from the pool,
    every fifth word replaced, so they share no shingle),
    articles scraped again (exact, with a few words changed, or cut in half), related blocks
    that are teasers of popular articles (the same cut repeated, or cut anywhere) and fresh
    related stories. Cleaned with and without `--dedup`, as the dev set; what the generator
    made is printed beside what the deduplication found.
  * choices: on dev set articles cut into teasers of 15-100 words, the share found
    contained by datasketch's MinHashLSHEnsemble and by the sampled-shingle index of
    cleaner/dedup.py; and the MinHash of the dev set computed three ways.

Each run is a child process: wall seconds, its CPU seconds (its workers included) from
os.wait4, its peak RSS, and the CPU seconds other processes used meanwhile (2 shared cores:
a busy machine shows there). Everything is written under bench-out/dedup/ (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from devset import DEVSET, train_folder, train_pages

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench-out" / "dedup"
CLEAN = str(Path(sys.executable).with_name("clean"))
OUTLETS = ["ABC News", "News.com.au", "LeMonde", "Qatar Tribune", "France 24", "AFP"]


def machine_cpu_seconds() -> float:
    ticks = [int(field) for field in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def run_child(name: str, command: list[str]) -> dict:
    before, started = machine_cpu_seconds(), time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds, machine = time.perf_counter() - started, machine_cpu_seconds() - before
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"bench: {' '.join(command)} exited with {process.returncode}")
    cpu = usage.ru_utime + usage.ru_stime
    run = {"name": name, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
           "others_cpu_seconds": round(max(machine - cpu, 0.0), 2),
           "peak_rss_mb": round(usage.ru_maxrss / 1024, 1), "output": output.strip()}
    print(f"  {name}: {run['seconds']} s wall, {run['cpu_seconds']} s CPU, "
          f"{run['peak_rss_mb']} MB peak, others {run['others_cpu_seconds']} CPU s", flush=True)
    return run


def clean_with_and_without_dedup(label: str, source: Path, rounds: int) -> dict:
    """`clean` and `clean --dedup`, alternated (the machine's load drifts over minutes):
    what `--dedup` adds, from the medians. The plain run's records.jsonl stays under
    WORK/label, as cleaned, for `--only-choices` and profiling."""
    runs: dict[str, list[dict]] = {"clean": [], "dedup": []}
    for number in range(rounds):
        for kind in ("clean", "dedup") if number % 2 == 0 else ("dedup", "clean"):
            out = WORK / (label if kind == "clean" else f"{label}-dedup")
            shutil.rmtree(out, ignore_errors=True)
            extra = ["--dedup"] if kind == "dedup" else []
            runs[kind].append(run_child(f"{label}: {kind} {number + 1}",
                                        [CLEAN, str(source), str(out), "-q", *extra]))
    report = json.loads((WORK / f"{label}-dedup" / "report.json").read_text(encoding="utf-8"))
    found = report["duplicates"]
    records = WORK / label / "records.jsonl"
    lines = records.read_bytes().count(b"\n")
    clean, dedup = ({key: statistics.median(run[key] for run in runs[kind])
                     for key in ("seconds", "cpu_seconds", "peak_rss_mb")}
                    for kind in ("clean", "dedup"))
    added = {key: dedup[key] - clean[key] for key in clean}
    result = {"records": lines, "megabytes": round(records.stat().st_size / 2**20, 1),
              "runs": runs, "clean": clean, "dedup": dedup, "found": found,
              "dedup_over_clean_cpu": round(added["cpu_seconds"] / clean["cpu_seconds"], 3),
              "dedup_over_clean_wall": round(added["seconds"] / clean["seconds"], 3),
              "dedup_cpu_microseconds_per_record": round(added["cpu_seconds"] / lines * 1e6, 1),
              "kb_per_distinct_text": round(added["peak_rss_mb"] * 1024
                                            / max(lines - found["exact"], 1), 2)}
    print(f"  {label}: {lines} records ({result['megabytes']} MB); found {found}")
    print(f"  {label}: medians of {rounds}: clean {clean['seconds']:.2f} s wall / "
          f"{clean['cpu_seconds']:.2f} s CPU, with --dedup {dedup['seconds']:.2f} s / "
          f"{dedup['cpu_seconds']:.2f} s (the last one's pass after cleaning "
          f"{found['seconds']} s); peak {clean['peak_rss_mb']} MB against "
          f"{dedup['peak_rss_mb']} MB: {result['kb_per_distinct_text']} KB per distinct text")
    print(f"  {label}: --dedup adds {result['dedup_over_clean_cpu']:.0%} CPU, "
          f"{result['dedup_over_clean_wall']:.0%} wall", flush=True)
    return result


# The synthetic corpus.

def gold_articles() -> list[tuple[str, list[str]]]:
    titles = {}
    for line in (DEVSET / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        titles[row["id"]] = row["title"]
    articles = []
    for path in train_pages("gold"):
        paragraphs = [p for p in path.read_text(encoding="utf-8").splitlines() if p.strip()]
        if len(" ".join(paragraphs).split()) >= 150:
            articles.append((titles.get(path.stem) or paragraphs[0][:80], paragraphs))
    return articles


def perturbed(paragraphs: list[str], rng: random.Random) -> list[str]:
    """A few words changed, as a second scrape with a corrected typo or an updated figure."""
    text = "\n".join(paragraphs).split(" ")
    for _ in range(max(2, len(text) // 100)):
        text[rng.randrange(len(text))] = rng.choice(["updated", "reportedly", "2025", "also"])
    return " ".join(text).split("\n")


def teaser(paragraphs: list[str], words: int) -> str:
    cut = " ".join(" ".join(paragraphs).split()[:words])
    return cut[:-3] + "..."


def page(title: str, body: list[str], related: list[tuple[str, str]], rng: random.Random) -> str:
    lines = [title, *body, "Hashtags", "", "Try Our AI Features",
             "Explore what Daily8 AI can do for you:", "Comments", "No comments yet...",
             "Related Articles", ""]
    for related_title, text in related:
        outlet = rng.choice(OUTLETS)
        lines += [outlet, f"{rng.randint(1, 23)} hours ago", f"- {outlet}", related_title,
                  text, ""]
    return "\n".join(lines) + "\n"


def build_synthetic(folder: Path, documents: int, seed: int = 7) -> dict:
    rng = random.Random(seed)
    articles = gold_articles()
    pool = [p for _, paragraphs in articles for p in paragraphs if len(p.split()) >= 8]
    popular = articles[:300]
    vocabulary = sorted({word for paragraph in pool for word in paragraph.split()})
    made = {"pages": 0, "exact_articles": 0, "near_articles": 0, "half_articles": 0,
            "teasers_fixed_cut": 0, "teasers_any_cut": 0, "related_copies": 0}

    def fresh(low: int, high: int) -> list[str]:
        """A story of its own: pool paragraphs with every fifth word replaced, so that none
        of its 5-word shingles is another text's (real stories share few)."""
        paragraphs = []
        for paragraph in rng.sample(pool, rng.randint(low, high)):
            words = paragraph.split()
            for at in range(rng.randrange(5), len(words), 5):
                words[at] = rng.choice(vocabulary)
            paragraphs.append(" ".join(words))
        return paragraphs

    shutil.rmtree(folder, ignore_errors=True)
    for number in range(documents):
        roll = rng.random()
        title, paragraphs = rng.choice(popular)
        if number < len(popular):  # every popular article once, in full
            title, body = popular[number]
        elif roll < 0.7:
            title, body = f"Fresh story {number}", fresh(6, 12)
        elif roll < 0.8:
            body = paragraphs
            made["exact_articles"] += 1
        elif roll < 0.9:
            body = perturbed(paragraphs, rng)
            made["near_articles"] += 1
        else:
            body = paragraphs[:max(1, len(paragraphs) // 2)]
            made["half_articles"] += 1
        related = []
        for _ in range(3):
            roll = rng.random()
            title, paragraphs = rng.choice(popular)
            if roll < 0.4:
                related.append((title, teaser(paragraphs, rng.choice([30, 40, 60]))))
                made["teasers_fixed_cut"] += 1
            elif roll < 0.6:
                related.append((title, teaser(paragraphs, rng.randint(25, 80))))
                made["teasers_any_cut"] += 1
            elif roll < 0.65:
                related.append((title, " ".join(paragraphs)))
                made["related_copies"] += 1
            else:
                related.append((f"Fresh related {number}", " ".join(fresh(4, 8))))
        path = folder / f"{number // 1000:03d}" / f"page-{number:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page(title, body, related, rng), encoding="utf-8")
        made["pages"] += 1
    return made


# The choices.

def choices(records: Path | None) -> dict:
    """Teaser recall of MinHashLSHEnsemble against the sampled index; MinHash three ways."""
    import numpy as np
    from datasketch import LeanMinHash, MinHash, MinHashLSHEnsemble

    from cleaner.dedup import (
        CONTAINED,
        Buckets,
        SampleIndex,
        minhash_values,
        normalise,
        samples,
        scan,
        shingle_hashes,
        text_shingles,
        word_hashes,
    )

    texts = [" ".join(paragraphs) for _, paragraphs in gold_articles()]
    rng = random.Random(1)
    teasers = [(i, n, teaser([texts[i]], n)) for i in rng.sample(range(len(texts)), 200)
               for n in (15, 20, 30, 50, 100) if len(texts[i].split()) > n + 20]
    shingles = [text_shingles(text) for text in texts]
    teaser_shingles = [text_shingles(text) for _, _, text in teasers]

    def sample(text):  # from the shingles in text order, as the pass takes them
        in_order = shingle_hashes(word_hashes(normalise(text))[0])
        return samples(in_order, np.zeros(len(in_order), np.int64))[0]

    def lean(values):
        return LeanMinHash(seed=1, hashvalues=minhash_values(values), scheme="affine32")

    result = {"teasers": len(teasers)}
    for threshold in (0.8, 0.5):
        started = time.process_time()
        ensemble = MinHashLSHEnsemble(threshold=threshold, num_perm=128, num_part=16)
        ensemble.index([(i, lean(s), len(set(s.tolist()))) for i, s in enumerate(shingles)])
        found = {}
        for (article, length, _), s in zip(teasers, teaser_shingles, strict=True):
            hit = article in set(ensemble.query(lean(s), len(set(s.tolist()))))
            found.setdefault(length, []).append(hit)
        result[f"ensemble_{threshold}"] = {n: round(sum(v) / len(v), 3)
                                           for n, v in found.items()}
        result[f"ensemble_{threshold}_cpu_seconds"] = round(time.process_time() - started, 2)
    started = time.process_time()
    pieces = [sample(text) for text in texts]
    owners = np.repeat(np.arange(len(pieces)), list(map(len, pieces)))
    index = SampleIndex(np.concatenate(pieces), owners, np.arange(len(pieces)))
    found = {}
    for (article, length, text), s in zip(teasers, teaser_shingles, strict=True):
        query = sample(text)
        holders = index.holders(query)
        hit = bool(len(query)) and bool(np.count_nonzero(holders == article) >= 0.5 * len(query))
        if hit:  # the exact check that follows in cleaner/dedup.py
            mine, theirs = set(s.tolist()), set(shingles[article].tolist())  # distinct
            hit = len(mine & theirs) / len(mine) >= CONTAINED
        found.setdefault(length, []).append(hit)
    result["sampled_index"] = {n: round(sum(v) / len(v), 3) for n, v in found.items()}
    result["sampled_index_cpu_seconds"] = round(time.process_time() - started, 2)
    print(f"  teasers found contained, by length in words: {result}", flush=True)

    minhash = {}
    started = time.process_time()
    for s in shingles:
        minhash_values(s)
    minhash["cleaner.dedup, whole arrays"] = time.process_time() - started
    started = time.process_time()
    for s in shingles:
        reference = MinHash(num_perm=128, seed=1, hashfunc=int)
        reference.update_batch((s >> np.uint64(32)).tolist())
    minhash["datasketch update_batch"] = time.process_time() - started
    a, b = (list(map(int, p)) for p in MinHash(num_perm=128, seed=1).permutations)
    sample_of = shingles[:40]
    started = time.process_time()
    for s in sample_of:
        values = [int(v) for v in (s >> np.uint64(32)).tolist()]
        [min((x * pa + pb) & 0xFFFFFFFF for x in values) for pa, pb in zip(a, b, strict=True)]
    share = sum(map(len, sample_of)) / sum(map(len, shingles))
    minhash["pure Python (no numpy), extrapolated"] = (time.process_time() - started) / share
    result["minhash_cpu_seconds"] = {k: round(v, 2) for k, v in minhash.items()}
    print(f"  MinHash of {sum(map(len, shingles))} shingles, CPU s: "
          f"{result['minhash_cpu_seconds']}", flush=True)
    if records is not None:
        result["lsh_cpu_seconds"] = lsh_costs(records, Buckets, scan)
    return result


def lsh_costs(records: Path, buckets_class, scan) -> dict:
    """Insert-and-query of every distinct text's MinHash, keeping the texts nothing matched
    (the greedy pass's pattern): datasketch's MinHashLSH against the sorted buckets."""
    import numpy as np
    from datasketch import LeanMinHash, MinHashLSH

    found = scan(records)
    signatures = np.concatenate(found.minhash_rows)
    costs = {}
    started = time.process_time()
    lsh = MinHashLSH(num_perm=128, params=(16, 8))
    for text, signature in enumerate(signatures):
        minhash = LeanMinHash(seed=1, hashvalues=signature, scheme="affine32")
        if not lsh.query(minhash):
            lsh.insert(text, minhash, check_duplication=False)
    costs["datasketch MinHashLSH"] = time.process_time() - started
    started = time.process_time()
    buckets = buckets_class(signatures, np.ones(len(signatures), bool))
    for text in range(len(signatures)):
        if not buckets.shared[text] or not buckets.candidates(text):
            buckets.keep(text)
    costs["cleaner.dedup Buckets"] = time.process_time() - started
    costs = {k: round(v, 2) for k, v in costs.items()}
    print(f"  LSH over {len(signatures)} texts, CPU s: {costs}", flush=True)
    return costs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=12500, help="synthetic pages (4 records each)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="runs with and without --dedup, alternated, per corpus")
    parser.add_argument("--skip-choices", action="store_true")
    parser.add_argument("--only-choices", action="store_true",
                        help="the choices, on the synthetic records of an earlier run")
    args = parser.parse_args()
    if not DEVSET.is_dir():
        sys.exit(f"bench: no dev set at {DEVSET}")
    WORK.mkdir(parents=True, exist_ok=True)
    results = {"cpus": os.cpu_count()}
    if not args.only_choices:
        print("dev set:", flush=True)
        results["dev"] = clean_with_and_without_dedup(
            "dev", train_folder("text", WORK / "devset-train"), args.rounds)
        print(f"synthetic ({args.docs} pages):", flush=True)
        results["synthetic_made"] = build_synthetic(WORK / "synthetic-in", args.docs)
        print(f"  made: {results['synthetic_made']}", flush=True)
        results["synthetic"] = clean_with_and_without_dedup(
            "synthetic", WORK / "synthetic-in", args.rounds)
    if not args.skip_choices:
        print("choices:", flush=True)
        records = WORK / "synthetic" / "records.jsonl"
        results["choices"] = choices(records if records.exists() else None)
    (WORK / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"-> {WORK / 'results.json'}")


if __name__ == "__main__":
    main()
