"""Deduplication of a finished records.jsonl: the seeds' records, real articles cut into
teasers, and the dev set's pages as the negative control."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path
from unittest.mock import ANY

import numpy as np
import pytest
from conftest import FIXTURES, read_records, shared, train_pages

from cleaner.dedup import (
    CANDIDATE_SHARE,
    SampleIndex,
    Scan,
    _equal_rows,
    batch_shingles,
    deduplicate,
    hash_order,
    minhash_values,
    minhashes,
    new_scan_id,
    normalise,
    samples,
    scan,
    scan_records,
    scan_slice,
    shingle_hashes,
    text_shingles,
    word_hashes,
    words,
)
from cleaner.document import Record

ARTICLE_000 = "000_0a201e935a4a70c4"
ARTICLE_001 = "001_14508f3cbf4abfa2"


@pytest.fixture(scope="module")
def seed_lines(tmp_path_factory) -> list[str]:
    out = tmp_path_factory.mktemp("seeds")
    subprocess.run([sys.executable, "-m", "cleaner", str(FIXTURES / "seeds"), str(out), "-q"],
                   check=True)
    return (out / "records.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _line(record: Record) -> str:
    return json.dumps(record.to_json(), ensure_ascii=False) + "\n"


def _related(page: str, n: int, text: str) -> str:
    """A related record of another page, as the cleaner writes it."""
    return _line(Record(id=f"{page}/related/{n}", text=text, kind="related",
                        source=f"{page}.txt", parent=page, outlet="ABC News"))


def _teaser(text: str, sentences: int) -> str:
    """The first sentences of an article, cut off mid-word the way related widgets do."""
    cut = " ".join(re.split(r"(?<=[.!?\"”])\s+", text.replace("\n", " "))[:sentences])
    return cut[:-4] + "..."


def _text_of(lines: list[str], record_id: str) -> str:
    return next(json.loads(line)["text"] for line in lines if json.loads(line)["id"] == record_id)


def _marks(path: Path) -> dict[str, tuple[str, str] | None]:
    marks = {}
    for record in read_records(path):
        meta = record["metadata"]
        marks[record["id"]] = (meta["duplicate_of"], meta["duplicate"]) \
            if "duplicate_of" in meta else None
    return marks


# The seeds: 000 and 001 are one story, the others are distinct.

def test_seeds_000_and_001_become_one_story(tmp_path, seed_lines):
    path = _write(tmp_path / "records.jsonl", seed_lines)
    stats = deduplicate(path)
    marks = _marks(path)
    # 001's article is 000's without its first paragraph (Jaccard 0.91): 000 is longer.
    assert marks[ARTICLE_001] == (ARTICLE_000, "near")
    assert marks[ARTICLE_000] is None
    assert {key: stats[key] for key in ("exact", "near", "contained", "groups")} == \
        {"exact": 0, "near": 1, "contained": 0, "groups": 1}
    assert stats["dropped"] == {} and stats["seconds"] >= 0


def test_no_other_seed_record_is_marked(tmp_path, seed_lines):
    # Read for this test: 000's two Thai-Cambodian related records are two stories; 002 and
    # 003 report the same talks as 000 with their own text (one shared Peskov quote).
    path = _write(tmp_path / "records.jsonl", seed_lines)
    deduplicate(path)
    marked = {key for key, mark in _marks(path).items() if mark}
    assert marked == {ARTICLE_001}


def test_texts_and_unmarked_lines_stay_as_they_were(tmp_path, seed_lines):
    path = _write(tmp_path / "records.jsonl", seed_lines)
    deduplicate(path)
    after = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert len(after) == len(seed_lines)
    for before_line, after_line in zip(seed_lines, after, strict=True):
        before, now = json.loads(before_line), json.loads(after_line)
        assert now["text"] == before["text"]
        if now["id"] != ARTICLE_001:
            assert after_line == before_line
    # The marks come after the fixed keys, where rules put their extra metadata.
    meta = json.loads(after[4])["metadata"]
    assert list(meta)[-2:] == ["duplicate_of", "duplicate"]


# Teasers: a related record holding an article's first sentences.

def test_teaser_of_a_seed_article_is_contained(tmp_path, seed_lines):
    article = _text_of(seed_lines, "002_24df294ce0a4641e")
    teaser = _teaser(article, 2)
    assert teaser.split()[-1].endswith("...") and len(teaser.split()) >= 30
    lines = [*seed_lines, _related("page-x", 1, teaser)]
    path = _write(tmp_path / "records.jsonl", lines)
    stats = deduplicate(path)
    assert _marks(path)["page-x/related/1"] == ("002_24df294ce0a4641e", "contained")
    assert stats["contained"] == 1 and stats["groups"] == 2


def test_teaser_of_a_dev_set_page_is_contained(tmp_path):
    page = shared("devset", "text", "wcxb-0001.txt").read_text(encoding="utf-8")
    gold = shared("devset", "gold", "wcxb-0001.txt").read_text(encoding="utf-8")
    teaser = _teaser(gold, 3)
    lines = [_line(Record(id="wcxb-0001", text=page, kind="article", source="wcxb-0001.txt")),
             _related("page-y", 1, teaser)]
    path = _write(tmp_path / "records.jsonl", lines)
    deduplicate(path)
    assert _marks(path) == {"wcxb-0001": None, "page-y/related/1": ("wcxb-0001", "contained")}


def test_a_short_line_shared_by_two_stories_is_not_a_teaser(tmp_path, seed_lines):
    # Seeds 000 and 002 both quote Peskov; a record of only his 12 words is not a copy of
    # either article (under 20 words, no record is marked contained).
    quote = "We don't have any reason to hope for some miraculous breakthroughs"
    lines = [*seed_lines, _related("page-z", 1, quote)]
    path = _write(tmp_path / "records.jsonl", lines)
    deduplicate(path)
    assert _marks(path)["page-z/related/1"] is None


# Exact copies: dropped and traced, except an article, which is marked.

def test_exact_copy_is_dropped_and_traced(tmp_path, seed_lines):
    original = _text_of(seed_lines, "000_0a201e935a4a70c4/related/2")
    # Case, whitespace and quote style do not count.
    copy = original.upper().replace(" - ", " – ").replace(" ", "  ")
    lines = [_related("page-a", 1, copy), *seed_lines]
    path = _write(tmp_path / "records.jsonl", lines)
    stats = deduplicate(path)
    assert stats["exact"] == 1 and stats["groups"] == 2  # and 000 with 001
    # Of two copies of one text, the smaller id keeps it (an article would, before both).
    assert stats["dropped"] == {"page-a/related/1": "000_0a201e935a4a70c4/related/2"}
    assert [r["id"] for r in read_records(path)] == [json.loads(x)["id"] for x in seed_lines]


def test_exact_copy_of_an_article_is_marked_not_dropped(tmp_path, seed_lines):
    article = _text_of(seed_lines, "003_3d0d1443dcd54182")
    copy = _line(Record(id="zz-scraped-again", text=article, kind="article",
                        source="zz-scraped-again.txt"))
    child = _related("zz-scraped-again", 1, "A related story of its own, with words " * 3)
    path = _write(tmp_path / "records.jsonl", [*seed_lines, copy, child])
    stats = deduplicate(path)
    marks = _marks(path)
    assert marks["zz-scraped-again"] == ("003_3d0d1443dcd54182", "exact")
    assert marks["zz-scraped-again/related/1"] is None  # its parent is still there
    assert stats["exact"] == 1 and stats["dropped"] == {}


def test_records_without_words_are_never_marked(tmp_path):
    empty = [_line(Record(id=f"junk-{n}", text="", kind="article", source=f"junk-{n}.txt"))
             for n in range(3)]
    path = _write(tmp_path / "records.jsonl", empty)
    stats = deduplicate(path)
    assert path.read_text(encoding="utf-8") == "".join(empty)
    assert stats["exact"] == stats["groups"] == 0


# Negative control: the dev set's 400 train pages come from 400 sites.

def test_distinct_dev_set_pages_are_not_marked(tmp_path):
    lines = [_line(Record(id=page.stem, text=page.read_text(encoding="utf-8"), kind="article",
                          source=page.name)) for page in train_pages("text")]
    assert len(lines) == 400
    path = _write(tmp_path / "records.jsonl", lines)
    stats = deduplicate(path)
    assert {key: stats[key] for key in ("exact", "near", "contained", "groups")} == \
        {"exact": 0, "near": 0, "contained": 0, "groups": 0}
    assert path.read_text(encoding="utf-8") == "".join(lines)


# Order, repetition, atomicity.

@pytest.fixture()
def busy_lines(seed_lines) -> list[str]:
    """The seeds plus teasers, near copies and exact copies, some of them tied in length."""
    article = _text_of(seed_lines, "002_24df294ce0a4641e")
    related = _text_of(seed_lines, "002_24df294ce0a4641e/related/1")
    extra = [_related("p1", 1, _teaser(article, 2)), _related("p2", 1, _teaser(article, 2)),
             _related("p3", 1, _teaser(article, 3)), _related("p4", 1, related),
             _related("p5", 1, related.replace("Sunday", "Monday")),
             _related("p6", 1, related.replace("Sunday", "Friday")),
             _line(Record(id="p7", text=article, kind="article", source="p7.txt"))]
    return [*seed_lines, *extra]


def test_output_does_not_depend_on_the_order_of_records(tmp_path, busy_lines):
    path = _write(tmp_path / "records.jsonl", busy_lines)
    stats = deduplicate(path)
    assert stats["exact"] == 3 and stats["near"] == 3 and stats["contained"] == 2
    want = sorted(path.read_text(encoding="utf-8").splitlines())
    for seed in range(4):
        shuffled = busy_lines[:]
        random.Random(seed).shuffle(shuffled)
        other = _write(tmp_path / f"shuffled-{seed}.jsonl", shuffled)
        assert deduplicate(other)["dropped"] == stats["dropped"]
        assert sorted(other.read_text(encoding="utf-8").splitlines()) == want


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_file_hashed_in_slices_gives_the_same_result(tmp_path, busy_lines, monkeypatch,
                                                         jobs):
    """Slices of a few records, hashed on `jobs` processes: exact copies, near copies and
    snippets fall in different slices, and are found as in one pass."""
    import cleaner.dedup

    whole = _write(tmp_path / "whole.jsonl", busy_lines * 2)
    stats = deduplicate(whole)
    monkeypatch.setattr(cleaner.dedup, "SLICE_BYTES", 2**12)
    sliced = _write(tmp_path / "sliced.jsonl", busy_lines * 2)
    assert len(list(cleaner.dedup.line_slices(
        cleaner.dedup.InputFile(sliced, sliced.name), 2**12, sliced.stat().st_size))) > 5
    again = deduplicate(sliced, jobs=jobs)
    assert again["dropped"] == stats["dropped"] and again["exact"] > 3
    assert sliced.read_bytes() == whole.read_bytes()


def test_every_duplicate_of_names_a_kept_record(tmp_path, busy_lines):
    path = _write(tmp_path / "records.jsonl", busy_lines)
    stats = deduplicate(path)
    records = {r["id"]: r for r in read_records(path)}
    for record in records.values():
        kept = record["metadata"].get("duplicate_of")
        if kept is not None:
            assert kept in records and "duplicate_of" not in records[kept]["metadata"]
    for dropped, holder in stats["dropped"].items():
        assert dropped not in records and holder in records


def test_running_it_again_changes_nothing(tmp_path, busy_lines):
    path = _write(tmp_path / "records.jsonl", busy_lines)
    deduplicate(path)
    once = path.read_bytes()
    again = deduplicate(path)
    assert path.read_bytes() == once
    # The dropped copies are gone, p7 too (a copy of 002's article with no related records);
    # the near copies and snippets stay, marked.
    assert (again["exact"], again["near"], again["contained"]) == (0, 3, 2)
    assert again["dropped"] == {}


def test_an_interrupted_rewrite_leaves_the_file_as_it_was(tmp_path, seed_lines, monkeypatch):
    path = _write(tmp_path / "records.jsonl", seed_lines)

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("cleaner.dedup.json.dumps", broken)
    with pytest.raises(OSError):
        deduplicate(path)
    assert path.read_text(encoding="utf-8") == "".join(seed_lines)
    assert [p.name for p in tmp_path.iterdir()] == ["records.jsonl"]


def test_a_line_that_is_not_a_record_is_named(tmp_path, seed_lines):
    path = _write(tmp_path / "records.jsonl", [*seed_lines[:2], '{"id": "cut', "\n"])
    with pytest.raises(ValueError, match=r"records.jsonl:3: not a record"):
        deduplicate(path)
    assert path.read_text(encoding="utf-8") == "".join([*seed_lines[:2], '{"id": "cut', "\n"])


# The hashing: words as `words()` says, MinHash as datasketch's, batches as single texts.

def test_word_hashes_follow_the_words(seed_lines):
    text = _text_of(seed_lines, ARTICLE_000)
    hashes, _ = word_hashes(normalise(text))
    assert len(hashes) == len(words(text))
    same = dict(zip(words(text), hashes.tolist(), strict=True))
    assert len(set(same.values())) == len(same)  # one hash per distinct word
    again, _ = word_hashes(normalise("KREMLIN\u2019s \u201cBreakthroughs\u201d break"))
    assert again.tolist()[:3] == [same[b"kremlin"], same[b"s"], same[b"breakthroughs"]]
    assert again[3] not in same.values()  # a prefix is another word


def test_minhash_is_datasketchs(seed_lines):
    datasketch = pytest.importorskip("datasketch")
    shingles = text_shingles(_text_of(seed_lines, ARTICLE_000))
    reference = datasketch.MinHash(num_perm=128, seed=1, hashfunc=int)
    reference.update_batch((shingles >> np.uint64(32)).tolist())
    assert np.array_equal(minhash_values(shingles), reference.hashvalues)


def test_minhashes_of_a_batch_are_those_of_each_text(seed_lines):
    texts = [json.loads(line)["text"] for line in seed_lines]
    texts.append(" ".join(f"w{n}" for n in range(9000)))  # hashed in two slices
    pieces = [text_shingles(text) for text in texts]
    starts = np.cumsum([0, *map(len, pieces[:-1])])
    batch = minhashes(np.concatenate(pieces), starts)
    every, _ = word_hashes(b" ".join(map(normalise, texts)))
    bounds = np.cumsum([0, *(len(words(text)) for text in texts)])
    shingles, sizes = batch_shingles(every, list(zip(bounds[:-1], bounds[1:], strict=True)))
    assert np.array_equal(np.split(shingles, np.cumsum(sizes)[:-1])[3],
                          shingle_hashes(word_hashes(normalise(texts[3]))[0]))
    assert [len(np.unique(s)) for s in np.split(shingles, np.cumsum(sizes)[:-1])] == \
        [len(piece) for piece in pieces]
    assert len(pieces[-1]) > 8192
    for row, piece in zip(batch, pieces, strict=True):
        assert np.array_equal(row, minhash_values(piece))


# The fast paths give what the plain steps give.

def test_hash_order_is_a_stable_argsort():
    rng = np.random.default_rng(5)
    for size in (0, 1, 2, 7, 5000):
        hashes = rng.integers(0, 1 << 62, size, dtype=np.uint64) * np.uint64(4)
        if size > 100:
            hashes[rng.integers(0, size, 500)] = hashes[rng.integers(0, size, 500)]  # ties
            hashes[:3] = [4, 8, 4]  # one top bits, two hashes
        assert np.array_equal(hash_order(hashes), np.argsort(hashes, kind="stable"))


def test_equal_rows_are_grouped_as_unique_groups_them():
    rows = np.random.default_rng(6).integers(0, 3, (2000, 8)).astype(np.uint32)
    inverse, sizes = _equal_rows(rows)
    raw = rows.view(np.dtype((np.void, 32))).ravel()
    _, want, want_sizes = np.unique(raw, return_inverse=True, return_counts=True)
    pairs = set(zip(inverse.tolist(), want.tolist(), strict=True))
    assert len(pairs) == len(sizes) == len(want_sizes)
    assert np.array_equal(sizes[inverse], want_sizes[want])


def test_containers_are_the_holders_of_half_a_sample(tmp_path, busy_lines):
    """Counted for every text at once, as one text's holders counted alone."""
    found = scan(_write(tmp_path / "records.jsonl", busy_lines * 2))
    count = len(found.best)
    rank = np.random.default_rng(7).permutation(count)
    hashes, owners = np.concatenate(found.sample_hashes), np.concatenate(found.sample_owners)
    index = SampleIndex(hashes, owners, rank)
    starts, holders = index.containers(np.ones(count, bool), budget=64)
    checked = 0
    for text in range(count):
        query = hashes[owners == text]
        found_holders = index.holders(query)
        found_holders = found_holders[found_holders < rank[text]]
        ranks, hits = np.unique(found_holders, return_counts=True)
        enough = hits >= CANDIDATE_SHARE * len(query)
        want = ranks[enough][np.lexsort((ranks[enough], -hits[enough]))]
        got = holders[starts[rank[text]]:starts[rank[text] + 1]]
        assert got.tolist() == want.tolist()
        checked += len(want) > 0
    assert checked > 3


def test_a_text_hashed_in_an_earlier_slice_is_not_hashed_again(tmp_path, seed_lines):
    path = _write(tmp_path / "records.jsonl", seed_lines * 2)
    middle = len("".join(seed_lines).encode())
    first = scan_slice(path, 0, middle, 1, scan_id="one")
    again = scan_slice(path, middle, None, len(seed_lines) + 1, scan_id="one")
    alone = scan_slice(path, middle, None, len(seed_lines) + 1)
    assert len(again.best) == len(alone.best) == len(first.best)
    assert set(again.signed) == {0} and set(alone.signed) == {1}
    assert sum(map(len, again.minhash_rows)) == 0
    merged = Scan()
    merged.merge(first)
    merged.merge(again)  # the same as the scan in one pass
    whole = scan_slice(path)
    assert list(merged.text_of) == list(whole.text_of)
    assert np.array_equal(np.concatenate(merged.minhash_rows), np.concatenate(whole.minhash_rows))
    with pytest.raises(RuntimeError):
        Scan().merge(again)  # its texts' signatures are in a slice not merged


def _assert_same_scan(got: Scan, want: Scan) -> None:
    """Two scans hold the same records, texts and signatures."""
    for name in ("ids", "offsets", "articles", "text_of", "marked", "metadata_last", "keys",
                 "best", "words", "chars", "signed"):
        assert getattr(got, name) == getattr(want, name), name
    for name in ("minhash_rows", "sample_hashes", "sample_owners", "short_hashes",
                 "short_owners"):
        assert np.array_equal(np.concatenate([np.empty(0), *getattr(got, name)], axis=None),
                              np.concatenate([np.empty(0), *getattr(want, name)], axis=None)), name


@pytest.mark.parametrize("batch", [1, 4, 1000])
def test_records_hashed_as_they_are_cleaned_give_the_scan_of_their_file(tmp_path, busy_lines,
                                                                         batch):
    """The cleaning workers hash the records of each batch before they are written, and the
    parent merges those scans where it writes the lines: the same scan as reading the file.
    Exact copies fall in other batches, and a text hashed in an earlier batch is not hashed
    again (one process here, one scan id)."""
    lines = busy_lines * 2
    path = _write(tmp_path / "records.jsonl", lines)
    got, at, scan_id, unsigned = Scan(), 0, new_scan_id(), 0
    for start in range(0, len(lines), batch):
        chunk = [(json.loads(line), len(line.encode())) for line in lines[start:start + batch]]
        part = scan_records(chunk, scan_id)
        unsigned += part.signed.count(0)
        got.merge(part, at=at)
        at += sum(size for _, size in chunk)
    assert (unsigned > 0) == (batch < len(lines))  # the second copies: hashed before
    _assert_same_scan(got, scan(path))
    got.keys.clear()
    expected = deduplicate(path, tmp_path / "from-file.jsonl")
    assert deduplicate(path, tmp_path / "from-records.jsonl", found=got) == {
        **expected, "seconds": ANY}
    assert (tmp_path / "from-records.jsonl").read_bytes() == \
        (tmp_path / "from-file.jsonl").read_bytes()


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_run_hands_the_scan_of_the_records_it_wrote_to_deduplicate(tmp_path, monkeypatch,
                                                                      jobs):
    """`clean --dedup` hashes the records in its workers, batch by batch: what it hands to
    `deduplicate` is the scan of the file it wrote (the seeds twice, in batches of two
    pages, so that exact copies come from other batches and other workers)."""
    import cleaner.dedup
    import cleaner.run

    pages = tmp_path / "pages"
    for copy in ("a", "b"):
        shutil.copytree(FIXTURES / "seeds", pages / copy)
    monkeypatch.setattr(cleaner.run, "BATCH_SIZE", 2)
    real, handed = cleaner.dedup.deduplicate, []

    def checked(path, target, jobs, found):
        _assert_same_scan(found, scan(path))
        handed.append(found)
        return real(path, target, jobs, found)

    monkeypatch.setattr(cleaner.dedup, "deduplicate", checked)
    out = tmp_path / "out"
    report = cleaner.run.run(pages, out, cleaner.run.Settings(out, [], dedup=True), jobs)
    assert len(handed) == 1 and report["duplicates"]["dropped"] > 0


def test_samples_are_the_first_distinct_sampled_shingles():
    rng = np.random.default_rng(8)
    shingles = rng.integers(0, 1 << 62, 3000, dtype=np.uint64) * np.uint64(2)
    shingles[2000:2600] = shingles[1000:1600]  # a text that repeats itself
    owners = np.repeat(np.arange(3), 1000)
    hashes, of = samples(shingles, owners)
    for text in range(3):
        mine = shingles[owners == text]
        picked = mine[mine % np.uint64(4) == 0]
        _, first = np.unique(picked, return_index=True)
        assert hashes[of == text].tolist() == picked[np.sort(first)][:128].tolist()


def test_copies_of_an_article_without_related_records_are_dropped(tmp_path):
    """On a corpus of one article a record, --dedup dropped nothing: every copy was an
    article, and articles were only marked. A copy of an article without related records is
    dropped now; an article that is its related records' parent is still only marked."""
    alone = (FIXTURES / "seeds" / "003_3d0d1443dcd54182.txt").read_text(encoding="utf-8")
    parent = (FIXTURES / "seeds" / "001_14508f3cbf4abfa2.txt").read_text(encoding="utf-8")
    (tmp_path / "in").mkdir()
    texts = {"a": alone, "b": alone, "c": alone, "p": parent, "q": parent}
    (tmp_path / "in" / "corpus.jsonl").write_text(
        "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in texts.items()),
        encoding="utf-8")
    subprocess.run([sys.executable, "-m", "cleaner", str(tmp_path / "in"), str(tmp_path / "out"),
                    "--dedup", "-q"], check=True)
    records = read_records(tmp_path / "out" / "records.jsonl")
    articles = {r["id"]: r["metadata"] for r in records if r["metadata"]["kind"] == "article"}
    assert sorted(articles) == ["a", "p", "q"]
    assert articles["q"]["duplicate_of"] == "p" and articles["q"]["duplicate"] == "exact"
    dropped = read_records(tmp_path / "out" / "duplicates.jsonl")
    assert [(d["id"], d["duplicate_of"]) for d in dropped if d["id"] in "bc"] == \
        [("b", "a"), ("c", "a")]
