"""Duplicate records: exact copies dropped, near copies and cut-off snippets marked.

Splitting related blocks multiplies duplicates: one popular article sits in the related
section of hundreds of pages, often cut off after a few sentences, and one story is scraped
from two sites (seeds 000 and 001). `deduplicate(path)` reads a finished records.jsonl and
rewrites it in place. It decides from the file's records, not the run (which may hash
them as it writes them, the same way), so the result is the same whatever `--jobs` was and
after a resumed run; and it decides from the records, never from their order
in the file (see "Which record is kept"), so the same records in any order get the same marks.

**Same text.** Texts are compared as word sequences: case folded, cut at whitespace and
punctuation (every ASCII character that is not a letter or a digit, and the typographic
marks: curly quotes, dashes, ellipsis, guillemets, bullets, NBSP). So whitespace, case,
punctuation and quote style do not count: `don't` and `don’t` are the same words, `1,200`
and `1 200` too. Similarity is over the set of 5-word shingles of that sequence.

Three relations, tried in this order:

- **exact**: the same word sequence. One record keeps the text; the others are *dropped* and
  listed in the returned `dropped` ({dropped id: id of the record that holds its text}), so
  each stays traceable from report.json. An article record with related records is never
  dropped, only marked: they name it as `parent`. An article without related records is a
  copy like any other (one article per record is the usual corpus, and a copy there is a
  copy), dropped and listed; its trace (`removed`, `links`) goes with it.
- **near**: Jaccard similarity of the shingle sets of at least 0.8, estimated by MinHash
  (128 permutations) and found by LSH (16 bands of 8 rows: a pair at 0.85 shares a band
  with probability 0.994, a pair at 0.5 with 0.06). The MinHash is datasketch's, bit for bit
  (its `affine32` scheme, seed 1; the tests compare the two), computed here on whole batches
  of texts; the LSH buckets are sorted arrays. datasketch itself is not used at run time:
  its `update_batch` (one Python call per shingle) is 3.5x slower on the dev set, its
  `MinHashLSH` costs 95 us a text for query and insert against 16 us here (30,000 texts of
  the synthetic corpus), and its import (scipy) costs 0.8 s of CPU per run; with them,
  deduplication cost more than the cleaning run. A MinHash without numpy was 110x slower
  (bench/bench_dedup.py).
- **contained**: at least 80% of the record's distinct shingles occur in one longer record:
  a teaser cut after a few sentences, a paywalled first half. Jaccard cannot see it (a
  30-word teaser of a 600-word article has Jaccard 0.05), nor can MinHash estimate it:
  datasketch's MinHashLSHEnsemble found 0-12% of dev-set teasers at threshold 0.8, 55-98%
  at 0.5 (bench/bench_dedup.py). Candidates come from an inverted index of a sample of shingle
  hashes instead: the shingles whose hash is divisible by 4, the first 128 of each record
  (about its first 500 words, where a teaser or a paywalled half starts); a copied stretch
  holds the same sampled shingles as its source, so a teaser of 20 words is found 99.5% of
  the time, of 30 words or more always (15 words: 97%). Which longer records hold half of a
  record's sample does not depend on the decisions, so it is counted for every record at
  once before them; the first three of them that were kept (the most shared first) are
  then checked exactly, on the full shingle sets: the kept record's read
  again from the file, the snippet's kept since the scan when it has at most 128 shingles.
  A record of fewer than 20 words is never marked contained: it is more often a quote two
  stories share (seeds 000 and 002) than a cut-off copy.

**Which record is kept.** The longest one of each group (more words, then more characters,
then the smaller id). Distinct texts are decided from the longest down, each compared with
the texts kept before it: so a group is one kept record and the records that match it, and
`duplicate_of` always names a kept record, never a marked or dropped one. Of exact copies,
an article holds the text before a related record, then the smaller id. The marks go in
`metadata`, after the fixed keys, where rules put extra metadata (README, "Output"):
`duplicate_of` (the kept record's id) and `duplicate` ("exact", "near" or "contained": how
this text compares with the kept one; an article that repeats a marked text carries that
text's mark). No text is changed, and a record with no words is never marked. Running it
again changes nothing (marks of an earlier pass that no longer hold are removed).

**Processes.** In `clean --dedup` the scan (hashing, MinHash, samples) is made by the
cleaning workers, on each batch of records they clean, before the lines are written
(`scan_records`): they hold the texts already, so the records are not read and parsed again,
and the parent merges each batch's scan where it writes its lines; the records of a stopped
run are scanned from the file when it resumes, and a run stopped while deduplicating scans
the whole file again. Given only a file, the scan (parsing, hashing, MinHash, samples)
runs on slices of 8 MB of the file on `jobs` processes (a file of less than `jobs` slices
is cut in `jobs`, down to 1 MB, so that no process waits); the slices' scans are merged in file
order into the scan one pass would make (exact copies across slices numbered again,
signatures of texts an earlier slice holds dropped). A process takes its slices in file
order and knows, by a digest of the raw text, the texts it hashed in its earlier slices: a
repeated text is not hashed again (exact copies were 40% of the synthetic corpus's bytes),
its slice names it by its key and the merge, which has the earlier slice already, finds it.
The decisions and the rewrite are one process's, but the LSH buckets are built on a thread
while the sample index and the containment candidates are made (numpy sorts without the
GIL); the rewrite copies the runs of unchanged lines whole.

**Memory.** Texts are never held: records are read, hashed 512 KB at a time, and only the
signatures stay. Per record: its id, file offset and a few flags (about 100 bytes with the
id). Per distinct text: during the scan a 16-byte key for exact copies (about 120 bytes with
its dict entry), and in each scanning process its raw digest (about 150 bytes; at most 2**20
texts remembered); the MinHash (128 x 4 bytes); the LSH bucket numbers (16 x 8 bytes); at most
128 sampled shingles (20 bytes each in the index: a 500-word text has about 120, so 2.4 KB);
for a text of at most 128 shingles its shingle set (8 bytes each, 1 KB at most); and about
150 bytes of ranks and decisions; the containment candidates that hold half a text's
sample (16 bytes each), counted from at most a million (text, holder) pairs at a time
(about 40 MB). The kept texts read again for containment checks are held up to 32 MB.
Measured peak: see bench/bench_dedup.py (about 3 KB per distinct text). In `clean --dedup`
the run's parent holds the same scan while the records are cleaned: the workers send it
each batch's signatures, never a text.
"""

from __future__ import annotations

import itertools
import json
import multiprocessing
import os
import shutil
import sys
import time
from array import array
from collections import OrderedDict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from hashlib import blake2b
from pathlib import Path

import numpy as np

from cleaner.pools import finished
from cleaner.sources import InputFile
from cleaner.units import line_slices

SHINGLE_WORDS = 5
NUM_PERM = 128
SEED = 1
BANDS, ROWS = 16, 8
NEAR = 0.8  # Jaccard similarity of shingle sets, estimated by MinHash
CONTAINED = 0.8  # share of a text's distinct shingles found in one longer text, exact
CONTAINED_MIN_WORDS = 20  # shorter: more often a shared quote than a cut-off copy
SAMPLE_EVERY = 4  # a shingle is sampled when its hash is divisible by this
SAMPLES = 128  # the first sampled shingles of a text, in text order
POSTINGS = 64  # a sampled shingle proposes only the longest texts that hold it
CANDIDATE_SHARE = 0.5  # of a text's sample, for a container to be checked exactly
CHECKED = 3  # containment candidates checked exactly, best sample share first
SHORT = 128  # a text with at most this many distinct shingles keeps them all (1 KB), so a
# teaser is checked without reading it again
BATCH_BYTES = 1 << 19  # texts are hashed 512 KB at a time: numpy's cost per call, once
SLICE_BYTES = 1 << 23  # a process scans 8 MB of the file at a time (`scan(jobs=N)`)
SLICE_MIN_BYTES = 1 << 20  # a smaller file is scanned in one slice: forking costs more

# Typographic marks that count as punctuation besides ASCII's (NBSP and thin spaces as spaces).
_MARKS = "\u201c\u201d\u2018\u2019\u201a\u201e\u00ab\u00bb\u2039\u203a\u2013\u2014\u2015\u2026" \
    "\u2022\u00b7\u2032\u2033\u00a0\u2009\u202f"
# Bytes of a word: ASCII letters and digits (folded to lower case), and every UTF-8 byte of
# other characters (128-255); every other ASCII byte separates words.
_FOLD = bytes(ord(chr(c).lower()) if chr(c).isalnum() else c for c in range(128)) \
    + bytes(range(128, 256))
_IN_WORD = np.array([c > 127 or chr(c).isalnum() for c in range(256)])
_AS_WORDS = bytes(c if _IN_WORD[c] else 32 for c in _FOLD)
_MIX = [np.uint64(c) for c in (30, 0xBF58476D1CE4E5B9, 27, 0x94D049BB133111EB, 31)]
_PRIME = np.uint64(0x100000001B3)
_BYTE_PRIME = np.uint64(0x9E3779B97F4A7C15)


def normalise(text: str) -> bytes:
    """UTF-8 with the typographic marks made spaces and case folded (ASCII's case is folded
    by `_FOLD` when a batch is hashed: most English texts are ASCII but for their marks)."""
    if not text.isascii():
        for mark in _MARKS:
            if mark in text:
                text = text.replace(mark, " ")
        if not text.isascii():
            text = text.casefold()
    return text.encode()


def words(text: str) -> list[bytes]:
    """The word sequence texts are compared by: case folded, cut at whitespace and
    punctuation. (For reading: the pass hashes the same words in numpy, without this list.)
    It matches `re.findall(r"\\w+")` but for `_` and rare non-ASCII punctuation (not in `_MARKS`),
    which stays in its word, and it is 5x faster.

    >>> words("Peskov: \u201cWe don't have any \u2018REASON\u2019\u201d\u2026")
    [b'peskov', b'we', b'don', b't', b'have', b'any', b'reason']
    """
    return normalise(text).translate(_AS_WORDS).split()


@lru_cache(maxsize=4)
def _powers(length: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """B**i and B**-i modulo 2**64 for i < length (B odd, so it has an inverse), and the sums
    of B**j for j < i (i <= length)."""
    factors = np.full(length, _BYTE_PRIME, np.uint64)
    factors[0] = 1
    inverses = np.full(length, pow(int(_BYTE_PRIME), -1, 1 << 64), np.uint64)
    inverses[0] = 1
    powers = np.cumprod(factors)  # wraps modulo 2**64, as the sums below
    sums = np.zeros(length + 1, np.uint64)
    np.cumsum(powers, out=sums[1:])
    return powers, np.cumprod(inverses), sums


def word_hashes(data: bytes) -> tuple[np.ndarray, np.ndarray]:
    """64-bit hashes of the words of normalised bytes, and where each word starts. A word's
    hash is the polynomial sum((byte + 1) * B**k) of its bytes: the same word has the same
    hash in any text and any process; one prefix sum over the bytes gives every word's (the
    `+ 1` part of it, sum(B**k), from a table)."""
    folded = np.frombuffer(data.translate(_AS_WORDS), np.uint8)
    inside = np.zeros(len(folded) + 2, bool)
    np.not_equal(folded, 32, out=inside[1:-1])
    edges = np.flatnonzero(inside[1:] != inside[:-1])
    starts, ends = edges[0::2], edges[1::2]
    if not len(starts):
        return np.empty(0, np.uint64), starts
    powers, inverses, sums = _powers(max(1 << len(folded).bit_length(), 1 << 20))
    prefix = np.zeros(len(folded) + 1, np.uint64)
    np.cumsum(np.multiply(folded, powers[:len(folded)]), out=prefix[1:])
    hashes = prefix[ends] - prefix[starts]
    hashes += sums[ends] - sums[starts]
    hashes *= inverses[starts]
    return hashes, starts


def shingle_hashes(word: np.ndarray) -> np.ndarray:
    """64-bit hashes of the 5-word shingles of one text's word hashes, in text order."""
    count = len(word) - SHINGLE_WORDS + 1
    if count <= 0:
        return np.empty(0, np.uint64)
    hashes = np.zeros(count, np.uint64)
    for offset in range(SHINGLE_WORDS):
        hashes = hashes * _PRIME + word[offset:offset + count]
    shift1, multiply1, shift2, multiply2, shift3 = _MIX  # splitmix64's finaliser
    hashes ^= hashes >> shift1
    hashes *= multiply1
    hashes ^= hashes >> shift2
    hashes *= multiply2
    return hashes ^ (hashes >> shift3)


def text_shingles(text: str) -> np.ndarray:
    """The distinct shingle hashes of one text, sorted."""
    hashes = np.sort(shingle_hashes(word_hashes(normalise(text))[0]))
    distinct = np.ones(len(hashes), bool)
    np.not_equal(hashes[1:], hashes[:-1], out=distinct[1:])
    return hashes[distinct]


def _fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser, which datasketch's `affine32` MinHash applies first."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch's `affine32` permutations for seed 1 (`MinHash(seed=1).permutations`),
    drawn the same way, without importing datasketch and scipy (a second of start-up)."""
    generator = np.random.RandomState(SEED)
    a = generator.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def minhashes(shingles: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """One MinHash row per text, for texts whose shingles lie end to end from `starts`:
    datasketch's `MinHash(num_perm=128, seed=1, hashfunc=int)` after `update_batch` of the
    shingles' top 32 bits, computed 8192 shingles at a time."""
    a, b = _permutations()
    values = _fmix32((shingles >> np.uint64(32)).astype(np.uint32))
    ends = np.append(starts[1:], len(values))
    rows = np.empty((len(starts), NUM_PERM), np.uint32)
    space = np.empty((NUM_PERM, 8192), np.uint32)  # one buffer: no fresh pages per slice
    text = 0
    while text < len(starts):
        last = max(int(np.searchsorted(ends, starts[text] + 8192, "right")), text + 1)
        low = int(starts[text])
        result = np.full((NUM_PERM, last - text), 0xFFFFFFFF, np.uint32)
        for start in range(low, int(ends[last - 1]), 8192):  # one long text: several slices
            chunk = values[start:min(start + 8192, int(ends[last - 1]))]
            permuted = space[:, :len(chunk)]
            np.multiply(a[:, None], chunk[None, :], out=permuted)
            np.add(permuted, b[:, None], out=permuted)
            at = np.clip(starts[text:last] - start, 0, len(chunk) - 1) if last > text + 1 \
                else np.zeros(1, np.int64)
            np.minimum(result, np.minimum.reduceat(permuted, at, axis=1), out=result)
        rows[text:last] = result.T
        text = last
    return rows


def minhash_values(shingles: np.ndarray) -> np.ndarray:
    """The MinHash of one text's shingles."""
    return minhashes(shingles, np.zeros(1, np.int64))[0]


def samples(shingles: np.ndarray, owners: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each text, its first SAMPLES distinct shingles (in text order) whose hash is
    divisible by SAMPLE_EVERY: a copied stretch of text holds the same ones as its source.
    `owners` says which text each shingle is of (texts end to end)."""
    picked = (shingles & np.uint64(SAMPLE_EVERY - 1)) == 0
    hashes, owners = shingles[picked], owners[picked]
    # A hash held twice by one text: in hash order (ties in text order, the texts end to
    # end), its second place follows its first.
    order = hash_order(hashes)
    in_order, owners_in_order = hashes[order], owners[order]
    again = (in_order[1:] == in_order[:-1]) & (owners_in_order[1:] == owners_in_order[:-1])
    first = np.ones(len(hashes), bool)
    first[order[1:][again]] = False
    hashes, owners = hashes[first], owners[first]
    new_owner = np.ones(len(owners), bool)
    new_owner[1:] = owners[1:] != owners[:-1]
    starts = np.flatnonzero(new_owner)
    place = np.arange(len(owners)) - np.repeat(starts, np.diff(np.append(starts, len(owners))))
    return hashes[place < SAMPLES], owners[place < SAMPLES]


def hash_order(hashes: np.ndarray) -> np.ndarray:
    """The stable order of 64-bit hashes. numpy sorts values far faster than it orders
    them (argsort), so each hash's top bits are sorted with its place in the low bits; the
    few places whose top bits another hash shares are then ordered by their whole hash."""
    count = len(hashes)
    bits = np.uint64(max(count - 1, 1).bit_length())
    keys = np.sort((hashes >> bits << bits) | np.arange(count, dtype=np.uint64))
    order = (keys & ((np.uint64(1) << bits) - np.uint64(1))).astype(np.int64)
    keys >>= bits  # the top bits
    same_top = keys[1:] == keys[:-1]
    del keys
    in_order = hashes[order]
    if np.any(same_top & (in_order[1:] != in_order[:-1])):
        shared = np.zeros(count, bool)
        shared[1:] = same_top
        shared[:-1] |= same_top
        group = order[shared]
        order[shared] = group[np.lexsort((group, hashes[group]))]
    return order


def _by_hash_then(hashes: np.ndarray, then: np.ndarray) -> np.ndarray:
    """The order of the entries by hash, then by `then`: the hashes' order, and the entries
    whose hash is found more than once, usually few, sorted again by both."""
    order = hash_order(hashes)
    in_order = hashes[order]
    same = in_order[1:] == in_order[:-1]
    tied = np.zeros(len(order), bool)
    tied[1:] = same
    tied[:-1] |= same
    group = order[tied]
    order[tied] = group[np.lexsort((then[group], hashes[group]))]
    return order


# Raw text (UTF-8) digest -> its words' key (None: no words), for the texts this process
# hashed in the current scan: a text repeated in a later slice is not hashed again. Only a
# process's own earlier slices fill it, and they are merged before the later one (`scan`).
_HASHED: dict[bytes, bytes | None] = {}
_HASHED_SCAN: list = [None]  # the scan `_HASHED` is of
HASHED_MAX = 1 << 20  # texts remembered per process (about 150 bytes each)


@dataclass(slots=True)
class Scan:
    """What the first pass keeps: per record its place; per distinct text its signatures."""

    ids: list[str] = field(default_factory=list)
    offsets: array = field(default_factory=lambda: array("q"))
    articles: bytearray = field(default_factory=bytearray)
    parents: set[str] = field(default_factory=set)  # ids of the articles with related records
    text_of: array = field(default_factory=lambda: array("i"))  # -1: no words
    marked: set[int] = field(default_factory=set)  # records marked by an earlier pass
    metadata_last: bytearray = field(default_factory=bytearray)  # marks can be appended
    keys: dict[bytes, int] = field(default_factory=dict)
    # per distinct text
    best: array = field(default_factory=lambda: array("i"))  # the record that holds it
    words: array = field(default_factory=lambda: array("i"))
    chars: array = field(default_factory=lambda: array("q"))
    # 1: its signatures are in this scan; 0: an earlier slice's scan has them (see _HASHED)
    signed: bytearray = field(default_factory=bytearray)
    minhash_rows: list[np.ndarray] = field(default_factory=list)  # of the signed texts
    sample_hashes: list[np.ndarray] = field(default_factory=list)
    sample_owners: list[np.ndarray] = field(default_factory=list)
    short_hashes: list[np.ndarray] = field(default_factory=list)  # sorted, per short text
    short_owners: list[np.ndarray] = field(default_factory=list)
    # records waiting to be hashed: (line, characters, digest of the raw text, normalised
    # bytes or None when the same raw text was hashed before)
    pending: list[tuple[int, int, bytes, bytes | None]] = field(default_factory=list)
    pending_digests: set[bytes] = field(default_factory=set)
    pending_bytes: int = 0
    hashed: dict[bytes, bytes | None] = field(default_factory=dict)  # see _HASHED

    def add(self, offset: int, record: dict) -> None:
        line = len(self.ids)
        self.ids.append(record["id"])
        self.offsets.append(offset)
        metadata = record.get("metadata")
        metadata = metadata if isinstance(metadata, dict) else {}
        self.articles.append(metadata.get("kind") == "article")
        if isinstance(parent := metadata.get("parent"), str):
            self.parents.add(parent)
        self.text_of.append(-1)
        if "duplicate_of" in metadata:
            self.marked.add(line)
        self.metadata_last.append(bool(metadata) and next(reversed(record)) == "metadata")
        text = record["text"]
        raw = text.encode("utf-8", "surrogatepass")
        digest = blake2b(raw, digest_size=16).digest()
        if digest in self.hashed or digest in self.pending_digests:
            self.pending.append((line, len(text), digest, None))
            return
        data = raw if text.isascii() else normalise(text)
        self.pending.append((line, len(text), digest, data))
        self.pending_digests.add(digest)
        self.pending_bytes += len(data) + 1
        if self.pending_bytes > BATCH_BYTES:
            self.flush()

    def flush(self) -> None:
        """Hash the pending records at once: words, exact copies, then the new texts'
        shingles, MinHashes and samples. A raw text hashed before is not hashed again."""
        if not self.pending:
            return
        batch, self.pending, self.pending_bytes = self.pending, [], 0
        self.pending_digests = set()
        hashed = [(line, chars, digest, raw) for line, chars, digest, raw in batch
                  if raw is not None]
        word, starts = word_hashes(b" ".join(entry[3] for entry in hashed))
        text_starts = np.cumsum([0, *(len(entry[3]) + 1 for entry in hashed[:-1])])
        bounds = np.searchsorted(starts, np.append(text_starts, np.iinfo(np.int64).max)
                                 ).tolist()
        ranges = {}  # digest -> word range, for the texts hashed here
        for index, (_, _, digest, _) in enumerate(hashed):
            low, high = bounds[index], bounds[index + 1]
            key = blake2b(word[low:high].tobytes(), digest_size=16).digest() \
                if low < high else None
            if len(self.hashed) < HASHED_MAX:
                self.hashed[digest] = key
            ranges[digest] = (key, low, high)
        new = []  # (first word, last word) of the texts first seen and hashed here
        numbers = []  # and their numbers
        for line, chars, digest, data in batch:
            key, low, high = ranges[digest] if digest in ranges \
                else (self.hashed[digest], 0, 0)
            if key is None:
                continue  # no words: never compared
            text = self.keys.setdefault(key, len(self.best))
            self.text_of[line] = text
            if text < len(self.best):
                if self._holds_before(line, self.best[text]):
                    self.best[text], self.chars[text] = line, chars
                continue
            self.best.append(line)
            self.chars.append(chars)
            self.words.append(high - low)
            self.signed.append(data is not None)
            if data is not None:
                new.append((low, high))
                numbers.append(text)
        self._sign(word, new, np.array(numbers, np.int64))

    def _holds_before(self, line: int, holder: int) -> bool:
        """Of two exact copies, an article holds the text before a related record (it stays
        anyway), then the smaller id: a choice that does not depend on the order of the file."""
        return (not self.articles[line], self.ids[line]) < \
            (not self.articles[holder], self.ids[holder])

    def _sign(self, word: np.ndarray, texts: list[tuple[int, int]], numbers: np.ndarray
              ) -> None:
        rows = np.tile(_NO_MINHASH, (len(texts), 1))
        shingles, sizes = batch_shingles(word, texts)
        owners = np.repeat(numbers, sizes)
        signed = np.flatnonzero(sizes)
        if len(signed):
            rows[signed] = minhashes(shingles, (np.cumsum(sizes) - sizes)[signed])
        self.minhash_rows.append(rows)
        short = shortest(shingles, owners, sizes)
        self.short_hashes.append(shingles[short])
        self.short_owners.append(owners[short])
        hashes, owners = samples(shingles, owners)
        self.sample_hashes.append(hashes)
        self.sample_owners.append(owners)

    def merge(self, part: Scan, at: int = 0) -> None:
        """Append the scan of the next slice of the file, whose offsets count from byte `at`.
        Its records' texts are numbered again, here; the signatures of the texts this scan
        holds already are dropped. The result is the scan of both slices read in one pass."""
        lines = len(self.ids)
        self.ids.extend(part.ids)
        if at:
            self.offsets.frombytes((np.frombuffer(part.offsets, np.int64) + at).tobytes())
        else:
            self.offsets.extend(part.offsets)
        self.articles.extend(part.articles)
        self.parents.update(part.parents)
        self.metadata_last.extend(part.metadata_last)
        self.marked.update(lines + line for line in part.marked)
        # Its texts' numbers here, in the order the slice numbered them: a text this scan
        # holds already keeps its number, the others are numbered after the last.
        number = np.array([self.keys.get(key, -1) for key in part.keys], np.int64)
        new = number < 0  # first seen in this slice
        number[new] = np.arange(len(self.best), len(self.best) + np.count_nonzero(new))
        if not np.frombuffer(part.signed, np.uint8)[new].all():
            raise RuntimeError("dedup: a text hashed in an earlier slice is unknown")
        self.keys.update(zip(itertools.compress(part.keys, new.tolist()),
                             number[new].tolist(), strict=True))
        best = np.frombuffer(part.best, np.int32).astype(np.int64) + lines
        self.best.extend(best[new].tolist())
        self.words.extend(np.frombuffer(part.words, np.int32)[new].tolist())
        self.chars.extend(np.frombuffer(part.chars, np.int64)[new].tolist())
        self.signed.extend(b"\1" * int(np.count_nonzero(new)))
        for text in np.flatnonzero(~new).tolist():  # exact copies of an earlier slice's text
            line, known = int(best[text]), int(number[text])
            if self._holds_before(line, self.best[known]):
                self.best[known], self.chars[known] = line, part.chars[text]
        text_of = np.frombuffer(part.text_of, np.int32).copy()
        has_words = text_of >= 0
        text_of[has_words] = number[text_of[has_words]]
        self.text_of.frombytes(text_of.tobytes())
        new_signed = new[np.frombuffer(part.signed, np.uint8).astype(bool)]
        first = 0
        for rows in part.minhash_rows:  # rows of the signed texts, chunk after chunk
            self.minhash_rows.append(rows[new_signed[first:first + len(rows)]])
            first += len(rows)
        for hashes, owners, into_hashes, into_owners in (
                (part.sample_hashes, part.sample_owners, self.sample_hashes, self.sample_owners),
                (part.short_hashes, part.short_owners, self.short_hashes, self.short_owners)):
            for chunk, owner in zip(hashes, owners, strict=True):  # owners: the slice's numbers
                mine = new[owner]
                into_hashes.append(chunk[mine])
                into_owners.append(number[owner[mine]])


def shortest(shingles: np.ndarray, owners: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Where the distinct shingles of texts with at most SHORT shingles are, sorted by text
    then hash (texts end to end in `owners`, `sizes` shingles each)."""
    where = np.flatnonzero(np.repeat(sizes <= SHORT, sizes))
    order = where[np.lexsort((shingles[where], owners[where]))]
    first = np.ones(len(order), bool)
    first[1:] = (shingles[order][1:] != shingles[order][:-1]) \
        | (owners[order][1:] != owners[order][:-1])
    return order[first]


def batch_shingles(word: np.ndarray, texts: list[tuple[int, int]]) -> tuple[np.ndarray,
                                                                           np.ndarray]:
    """The shingles of several texts (word ranges of `word`), end to end, and how many each
    text has: `shingle_hashes` of each, in one pass."""
    if not texts:
        return np.empty(0, np.uint64), np.empty(0, np.int64)
    lows, highs = np.array(texts, np.int64).T
    counts = highs - lows
    picked = word[np.repeat(lows - np.cumsum(counts) + counts, counts)
                  + np.arange(int(counts.sum()))]
    every = shingle_hashes(picked)
    sizes = np.maximum(counts - SHINGLE_WORDS + 1, 0)
    # a text's shingles start at its first word; the ones that run into the next text go
    place = np.repeat(np.cumsum(counts) - counts, sizes) + np.arange(int(sizes.sum())) \
        - np.repeat(np.cumsum(sizes) - sizes, sizes)
    return every[place], sizes


_NO_MINHASH = np.full(NUM_PERM, 0xFFFFFFFF, np.uint32)  # under 5 words: never compared


def scan_slice(path: Path, start: int = 0, end: int | None = None, first_line: int = 1,
               scan_id: object = None) -> Scan:
    """The scan of the records from byte `start` (line `first_line`) to byte `end`. Texts
    this process hashed in earlier slices of the scan `scan_id` are not hashed again: their
    signatures are in those slices' scans."""
    found = _remembering(scan_id)
    with open(path, "rb") as handle:
        handle.seek(start)
        data = handle.read(-1 if end is None else end - start)
    lines = data.split(b"\n")
    if lines[-1] == b"":
        lines.pop()  # after the last line end
    offset = start
    for number, line in enumerate(lines, start=first_line):
        found.add(offset, _record(line, path, number))
        offset += len(line) + 1
    found.flush()
    found.hashed = {}
    return found


def scan_records(records: Iterable[tuple[dict, int]], scan_id: object = None) -> Scan:
    """The scan of records as they are cleaned, before they are written: each record's JSON
    object and the bytes of its line, offsets counted from the first one's start. It is the
    scan `scan_slice` makes of those lines once written, without reading and parsing them
    again: the cleaning workers make it, and the parent merges it at the place it writes
    the lines (`Scan.merge`). `scan_id` as for `scan_slice`."""
    found = _remembering(scan_id)
    offset = 0
    for record, size in records:
        found.add(offset, record)
        offset += size
    found.flush()
    found.hashed = {}
    return found


def _remembering(scan_id: object) -> Scan:
    """An empty scan that knows the texts this process hashed for the scan `scan_id`."""
    found = Scan()
    if scan_id is not None:
        if _HASHED_SCAN[0] != scan_id:
            _HASHED.clear()
            _HASHED_SCAN[0] = scan_id
        found.hashed = _HASHED
    return found


def _record(line: bytes, path: Path, number: int) -> dict:
    try:
        record = json.loads(line)
        if not isinstance(record.get("id"), str) or not isinstance(record["text"], str):
            raise ValueError("its id or text is not a string")
    except (ValueError, KeyError, AttributeError) as error:
        raise ValueError(f"{path}:{number}: not a record ({error}); "
                         "the file was left as it was") from error
    return record


def _scan_slice(where: tuple) -> Scan:
    return scan_slice(*where)


_SCANS = itertools.count()


def new_scan_id() -> tuple[int, int]:
    """A name for one scan made in several processes (`scan_slice`, `scan_records`): a
    process forgets the texts it hashed for another."""
    return os.getpid(), next(_SCANS)


def scan(path: Path, jobs: int = 1) -> Scan:
    """Every record's place and every distinct text's signatures: slices of the file hashed
    on `jobs` processes, merged in file order (the same scan as one pass over the file). A
    process takes the slices in file order, so a text it hashed in an earlier slice is known
    here when a later slice of it names the text without its signatures."""
    found = Scan()
    item = InputFile(path, path.name)
    scan_id = new_scan_id()
    # Cut as the processes take them: the first slice is hashed while the file is cut.
    size = path.stat().st_size
    cut = ((path, unit.start, unit.end, unit.first_line, scan_id)
           for unit in line_slices(item, slice_bytes(size, jobs), size))
    first = list(itertools.islice(cut, 2))
    slices = itertools.chain(first, cut)
    if jobs <= 1 or len(first) <= 1:
        try:
            for part in itertools.starmap(scan_slice, slices):
                found.merge(part)
        finally:
            _HASHED.clear()
            _HASHED_SCAN[0] = None
    else:
        context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
        with finished(context.Pool(jobs)) as watched:
            for part in watched.each(watched.pool.imap(_scan_slice, slices)):
                found.merge(part)
    return found


def slice_bytes(size: int, jobs: int) -> int:
    """SLICE_BYTES, or less for a file of fewer than `jobs` slices, so that every process
    has one (the dev set's 6 MB of records were one process's).

    >>> slice_bytes(6 << 20, 2) == 3 << 20, slice_bytes(1 << 30, 2) == SLICE_BYTES
    (True, True)
    """
    return min(SLICE_BYTES, max(-(-size // max(jobs, 1)), SLICE_MIN_BYTES))


def _equal_rows(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which group of equal rows each row is in, and the groups' sizes (np.unique's inverse
    and counts over the rows). The rows are told apart by a 64-bit hash of theirs, sorted
    as numbers, far faster than as raw bytes; two unequal rows of one hash, never seen,
    would send them through the bytes."""
    words = rows.view(np.uint64)
    hashes = np.zeros(len(rows), np.uint64)
    for column in range(words.shape[1]):
        hashes = (hashes ^ words[:, column]) * _PRIME
        hashes ^= hashes >> _MIX[4]
    order = hash_order(hashes)
    in_order = hashes[order]
    starts = np.ones(len(rows), bool)
    starts[1:] = in_order[1:] != in_order[:-1]
    groups = np.cumsum(starts) - 1
    inverse = np.empty(len(rows), np.int64)
    inverse[order] = groups
    sizes = np.bincount(groups)
    if not np.array_equal(rows[order[starts][inverse]], rows):
        keys = rows.view(np.dtype((np.void, rows.itemsize * rows.shape[1]))).ravel()
        _, inverse, sizes = np.unique(keys, return_inverse=True, return_counts=True)
    return inverse, sizes


class Buckets:
    """The LSH index: 16 bands of 8 MinHash values; two texts are near candidates when one
    band is equal. Built at once from every signature, keeping only the buckets that two
    texts share, so a text alike to none costs nothing more; kept texts are added as the
    greedy pass keeps them."""

    def __init__(self, signatures: np.ndarray, usable: np.ndarray):
        count = len(signatures)
        self.of = np.full((count, BANDS), -1, np.int64)
        for band in range(BANDS):
            rows = np.ascontiguousarray(signatures[:, band * ROWS:(band + 1) * ROWS])
            inverse, sizes = _equal_rows(rows)
            shared = usable & (sizes[inverse] > 1)
            self.of[shared, band] = inverse[shared] + band * count
        self.shared = np.asarray((self.of >= 0).any(axis=1))  # an array, as the stubs see it
        self.kept: dict[int, list[int]] = {}

    def candidates(self, text: int) -> set[int]:
        found: set[int] = set()
        for bucket in self.of[text][self.of[text] >= 0].tolist():
            found.update(self.kept.get(bucket, ()))
        return found

    def keep(self, text: int) -> None:
        for bucket in self.of[text][self.of[text] >= 0].tolist():
            self.kept.setdefault(bucket, []).append(text)


class SampleIndex:
    """Sampled shingle hash -> the texts that hold it, longest first (entries sorted by hash,
    then by the text's rank)."""

    def __init__(self, hashes: np.ndarray, owners: np.ndarray, rank: np.ndarray):
        count = len(rank)
        self.by_text = hashes  # each text's sample, end to end, texts in order
        self.starts = np.searchsorted(owners, np.arange(count + 1))
        self.sizes = np.diff(self.starts)
        self.sizes_by_rank = np.empty(count, np.int64)
        self.sizes_by_rank[rank] = self.sizes
        owners = owners.astype(np.int32)
        ranks = rank.astype(np.int32)[owners]
        order = _by_hash_then(hashes, ranks)
        self.hashes, self.owners = hashes[order], ranks[order]
        # Entries before an entry in its hash's run: the longer texts holding its shingle.
        place = np.arange(len(order), dtype=np.int32)
        run = np.ones(len(order), bool)
        run[1:] = self.hashes[1:] != self.hashes[:-1]
        self.before = place - np.maximum.accumulate(np.where(run, place, 0))
        # A text can be contained in another only if half its sample is held by longer texts.
        self.texts = owners[order]
        del place, run, order, owners, ranks
        shared = np.bincount(self.texts[self.before > 0], minlength=count)
        self.may_be_held = (self.sizes > 0) & (shared >= CANDIDATE_SHARE * self.sizes)

    def containers(self, wanted: np.ndarray, budget: int = 1 << 20
                   ) -> tuple[np.ndarray, np.ndarray]:
        """For each text of `wanted` (by number), the longer texts that hold half its sample
        among the POSTINGS longest holders of each sampled shingle, by rank, the most shared
        first, then the longest: `holders[starts[r]:starts[r + 1]]` for the text of rank
        `r`. What was kept is not known yet: `_container` skips the rest. Made at most
        `budget` (text, holder) pairs at a time."""
        count = len(self.sizes)
        entries = np.flatnonzero(wanted[self.texts] & (self.before > 0))
        asking = self.owners[entries]
        by_rank = np.argsort(asking, kind="stable")
        entries, asking = entries[by_rank], asking[by_rank]
        counts = np.minimum(self.before[entries], POSTINGS)
        blocks = np.flatnonzero(np.r_[True, asking[1:] != asking[:-1]]) if len(asking) \
            else np.empty(0, np.int64)
        pairs_before = np.r_[0, np.cumsum(counts)]
        total = int(pairs_before[-1])
        cuts = blocks[np.searchsorted(pairs_before[blocks], np.arange(0, total, budget),
                                      "right") - 1] if total else np.empty(0, np.int64)
        cuts = np.r_[np.unique(cuts), len(entries)].astype(np.int64)
        found_texts, found_holders = [np.empty(0, np.int64)], [np.empty(0, np.int64)]
        for low, high in zip(cuts[:-1].tolist(), cuts[1:].tolist(), strict=True):
            k = counts[low:high]
            pairs = int(k.sum())
            first = np.repeat(entries[low:high] - self.before[entries[low:high]]
                              - np.cumsum(k) + k, k)
            holders = self.owners[first + np.arange(pairs)].astype(np.int64)
            keys = np.repeat(asking[low:high].astype(np.int64), k) * count + holders
            keys, hits = np.unique(keys, return_counts=True)
            texts, holders = keys // count, keys % count
            enough = hits >= CANDIDATE_SHARE * self.sizes_by_rank[texts]
            texts, holders, hits = texts[enough], holders[enough], hits[enough]
            best = np.lexsort((holders, -hits, texts))
            found_texts.append(texts[best])
            found_holders.append(holders[best])
        texts = np.concatenate(found_texts)
        return np.searchsorted(texts, np.arange(count + 1)), np.concatenate(found_holders)

    def sample(self, text: int) -> np.ndarray:
        return self.by_text[self.starts[text]:self.starts[text + 1]]

    def holders(self, query: np.ndarray) -> np.ndarray:
        """The ranks of the texts holding each sampled shingle of `query` (with repeats)."""
        query = np.sort(query)  # sorted keys: searchsorted walks the index once
        start = np.searchsorted(self.hashes, query, "left")
        end = np.minimum(np.searchsorted(self.hashes, query, "right"), start + POSTINGS)
        lengths = end - start
        total = int(lengths.sum())
        if not total:
            return np.empty(0, np.int32)
        first = np.repeat(start - np.cumsum(lengths) + lengths, lengths)
        return self.owners[first + np.arange(total)]


class TextShingles:
    """Shingles of records read again from the file, for the exact containment check. The
    kept texts that snippets point to are read once while they fit a budget: a popular
    article's hundred teasers cost one reading of it."""

    def __init__(self, path: Path, offsets: array, budget: int = 4_000_000):
        self.handle = open(path, "rb")  # noqa: SIM115 - closed by close()
        self.offsets = offsets
        self.kept: OrderedDict[int, np.ndarray] = OrderedDict()
        self.budget = budget  # shingles held, 8 bytes each: 32 MB
        self.short: tuple[np.ndarray, np.ndarray] = (np.empty(0, np.uint64), np.zeros(1, int))

    def of_text(self, text: int, line: int) -> np.ndarray:
        """A snippet's shingles: kept since the scan when it is short, else read again."""
        hashes, starts = self.short
        if starts[text] < starts[text + 1]:
            return hashes[starts[text]:starts[text + 1]]
        return self.read(line)

    def read(self, line: int) -> np.ndarray:
        """The record's distinct shingle hashes, sorted."""
        self.handle.seek(self.offsets[line])
        return text_shingles(json.loads(self.handle.readline())["text"])

    def of_kept(self, line: int) -> np.ndarray:
        if line in self.kept:
            self.kept.move_to_end(line)
            return self.kept[line]
        shingles = self.kept[line] = self.read(line)
        self.budget -= len(shingles)
        while self.budget < 0 and len(self.kept) > 1:
            self.budget += len(self.kept.popitem(last=False)[1])
        return shingles

    def close(self) -> None:
        self.handle.close()


def contained_share(mine: np.ndarray, theirs: np.ndarray) -> float:
    """The share of `mine` found in `theirs` (both sorted, distinct)."""
    at = np.minimum(np.searchsorted(theirs, mine), len(theirs) - 1)
    return np.count_nonzero(theirs[at] == mine) / len(mine)


@dataclass(slots=True)
class Decisions:
    """Per distinct text: the kept text it duplicates (itself if kept), and how."""

    root: list[int]
    how: list[str | None]


def decide(found: Scan, texts: TextShingles) -> Decisions:
    """Greedy, longest first: a text matching a kept one is marked, any other is kept."""
    count = len(found.best)
    signatures = np.concatenate([np.empty((0, NUM_PERM), np.uint32), *found.minhash_rows])
    words_of = np.frombuffer(found.words, np.int32) if count else np.empty(0, np.int32)
    # The LSH buckets are built on a thread while the sample index and the containment
    # candidates are made here: numpy sorts without the GIL, so both cores work.
    with ThreadPoolExecutor(1) as thread:
        building = thread.submit(Buckets, signatures, words_of >= SHINGLE_WORDS)
        order, rank, index = _sample_index(found, words_of, texts)
        held_mask: np.ndarray = index.may_be_held & (words_of >= CONTAINED_MIN_WORDS)
        starts, holders = (part.tolist() for part in index.containers(held_mask))
        buckets = building.result()
    may_be_held: list[bool] = held_mask.tolist()
    shared: list[bool] = buckets.shared.tolist()
    kept = bytearray(count)  # by rank
    decisions = Decisions(root=list(range(count)), how=[None] * count)
    for position, text in enumerate(order):
        match = None
        if shared[text]:
            match = _near(buckets.candidates(text), signatures, text, rank)
            how = "near"
        if match is None and may_be_held[text]:
            match = _container(found, text, holders[starts[position]:starts[position + 1]],
                               kept, order, texts)
            how = "contained"
        if match is None:
            kept[position] = True
            if shared[text]:
                buckets.keep(text)
        else:
            decisions.root[text], decisions.how[text] = match, how
    return decisions


def _sample_index(found: Scan, words: np.ndarray, texts: TextShingles
                  ) -> tuple[list[int], np.ndarray, SampleIndex]:
    """The texts from the longest down, their ranks, and the index of their samples; the
    short texts' shingles go to `texts`. The scan's signatures are let go as they move."""
    count = len(words)
    order = _longest_first(found, words)
    rank = np.empty(count, np.int64)
    rank[order] = np.arange(count)
    hashes = np.concatenate([np.empty(0, np.uint64), *found.sample_hashes])
    owners = np.concatenate([np.empty(0, np.int64), *found.sample_owners])
    short = np.concatenate([np.empty(0, np.uint64), *found.short_hashes])
    short_owners = np.concatenate([np.empty(0, np.int64), *found.short_owners])
    texts.short = (short, np.searchsorted(short_owners, np.arange(count + 1)))
    found.minhash_rows, found.sample_hashes, found.sample_owners = [], [], []
    found.short_hashes, found.short_owners = [], []
    return order, rank, SampleIndex(hashes, owners, rank)


def _longest_first(found: Scan, words: np.ndarray) -> list[int]:
    """The texts by words, then characters, from the most, then by their record's id: only
    the ids are sorted in Python (a sort with a key of three was 3x slower, and held the GIL
    the LSH thread needs). Of equal ids, the text numbered first comes first, as in a
    stable sort."""
    ids = [found.ids[line] for line in found.best]
    count = len(ids)
    by_id = np.empty(count, np.int64)
    by_id[sorted(range(count), key=ids.__getitem__)] = np.arange(count)
    chars = np.frombuffer(found.chars, np.int64) if count else np.empty(0, np.int64)
    return np.lexsort((by_id, -chars, -words.astype(np.int64))).tolist()


def _near(candidates: set[int], signatures: np.ndarray, text: int,
          rank: np.ndarray) -> int | None:
    best = None
    for other in candidates:  # only kept texts are in the buckets' lists
        similarity = np.count_nonzero(signatures[other] == signatures[text]) / NUM_PERM
        if similarity >= NEAR and (best is None or (-similarity, rank[other]) < best[0]):
            best = ((-similarity, rank[other]), other)
    return None if best is None else best[1]


def _container(found: Scan, text: int, holders: list[int], kept: bytearray,
               order: list[int], texts: TextShingles) -> int | None:
    """The kept text holding the most of `text`'s shingles, at least CONTAINED of them, of
    the first CHECKED kept ones of its `holders` (`SampleIndex.containers`)."""
    best, mine, checked = None, None, 0
    for candidate in holders:
        if not kept[candidate]:
            continue
        if mine is None:
            mine = texts.of_text(text, found.best[text])
        other = order[candidate]
        share = contained_share(mine, texts.of_kept(found.best[other]))
        if share >= CONTAINED and (best is None or share > best[0]):
            best = (share, other)
        checked += 1
        if checked == CHECKED:
            break
    return None if best is None else best[1]


def deduplicate(path: Path, target: Path | None = None, jobs: int = 1,
                found: Scan | None = None) -> dict:
    """Drop exact copies and mark near copies and contained snippets in the records.jsonl at
    `path`, rewritten atomically (or written to `target`, leaving `path` as it was); return
    the counts for report.json. `found` is the file's scan when the run made it as it wrote
    the file (`scan_records`); else the file is hashed on `jobs` processes. The decisions,
    made from the longest text down, are one process's."""
    started = time.perf_counter()
    _HASHED.clear()  # what this process hashed for a scan made as the run went
    _HASHED_SCAN[0] = None
    if found is None:
        found = scan(path, jobs)
    found.keys.clear()  # the keys only find exact copies during the scan
    texts = TextShingles(path, found.offsets)
    try:
        decisions = decide(found, texts)
    finally:
        texts.close()
    actions, counts = _actions(found, decisions)
    dropped = {found.ids[line]: value for line, value in actions.items() if isinstance(value, str)}
    if actions or (target is not None and target != path):
        _rewrite(path, target or path, found, actions)
    return {**counts, "seconds": round(time.perf_counter() - started, 3), "dropped": dropped}


def _actions(found: Scan, decisions: Decisions) -> tuple[dict, dict]:
    """Per record line to change: the id holding its text (dropped), or its marks."""
    actions: dict[int, str | tuple[str | None, str | None]] = {}
    counts = {"exact": 0, "near": 0, "contained": 0, "groups": 0}
    groups = set()
    for text, how in enumerate(decisions.how):
        if how is not None:
            counts[how] += 1
            groups.add(decisions.root[text])
            actions[found.best[text]] = (found.ids[found.best[decisions.root[text]]], how)
    text_of = np.frombuffer(found.text_of, np.int32)
    best = np.frombuffer(found.best, np.int32)
    copies = np.flatnonzero(text_of >= 0)
    copies = copies[copies != best[text_of[copies]]]  # not the line holding the text
    for line, text in zip(copies.tolist(), text_of[copies].tolist(), strict=True):
        counts["exact"] += 1
        root = decisions.root[text]
        groups.add(root)
        if found.articles[line] and found.ids[line] in found.parents:
            actions[line] = (found.ids[found.best[root]], decisions.how[text] or "exact")
        else:
            actions[line] = found.ids[found.best[text]]
    for line in found.marked - actions.keys():
        actions[line] = (None, None)  # kept now: an earlier pass's marks go
    counts["groups"] = len(groups)
    return actions, counts


def _rewrite(path: Path, destination: Path, found: Scan, actions: dict) -> None:
    temporary = destination.with_name(f".{destination.name}.{os.getpid()}.tmp")
    try:
        with open(path, "rb", buffering=1 << 20) as source, \
                open(temporary, "wb", buffering=1 << 20) as target:
            # The lines between two changed ones are copied as one piece of bytes.
            done, lines = 0, len(found.offsets)
            for line in sorted(actions):
                start = found.offsets[line]
                target.write(source.read(start - done))
                raw = source.readline() if line + 1 == lines \
                    else source.read(found.offsets[line + 1] - start)
                done = start + len(raw)
                action = actions[line]
                if isinstance(action, tuple):
                    target.write(_marked(raw, action, found.metadata_last[line]
                                         and line not in found.marked))
            shutil.copyfileobj(source, target, 1 << 20)
        os.replace(temporary, destination)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _marked(raw: bytes, marks: tuple[str | None, str | None], appendable: bool) -> bytes:
    """The record line with its marks set (or removed, for None). When the metadata closes
    the line and has no marks yet, they are appended to it as text: the bytes json.dumps
    would give, without parsing the record again."""
    if appendable and marks[0] is not None and raw.endswith(b"}}\n"):
        added = f', "duplicate_of": {json.dumps(marks[0], ensure_ascii=False)}, ' \
            f'"duplicate": "{marks[1]}"'
        return raw[:-3] + added.encode() + b"}}\n"
    record = json.loads(raw)
    metadata = record.setdefault("metadata", {})
    if marks[0] is None:
        metadata.pop("duplicate_of", None)
        metadata.pop("duplicate", None)
    else:
        metadata["duplicate_of"], metadata["duplicate"] = marks
    return (json.dumps(record, ensure_ascii=False) + "\n").encode()
