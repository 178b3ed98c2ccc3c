"""Resuming an interrupted run: what is done is written down as it is done.

While a run goes on, OUTPUT holds `.records.jsonl.partial` (the records so far, in input
order) and `.clean-state.json`, rewritten atomically at most every `EVERY_SECONDS` and when the
run is stopped: how many units of work (units.py) are finished, how many bytes of the partial
file are theirs, and the report's counts for them. Units finish in input order, so the
finished ones are always the first N. A run started again with the same command cuts the
partial file back to the recorded length (dropping whatever a killed run wrote after its last
checkpoint, so no record is written twice), skips the N units and goes on; the result is the
same, byte for byte, as an uninterrupted run's. A finished run removes both files.

The state names what the run depends on: the settings, the rule files (in order, with a
digest of each one's bytes), and the inputs (names, sizes, modification times, how they are
cut into units). If any differs, the run stops and says which (the settings by their options,
the rule files by their paths), unless `--force`, which starts over.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from cleaner.rulefile import RuleFile
from cleaner.sinks import write_atomic
from cleaner.units import Unit

STATE_NAME = ".clean-state.json"
_TEMPORARY = re.compile(r"\..+\.\d+\.tmp")  # sinks.write_atomic's `.name.<pid>.tmp`
PARTIAL_NAME = ".records.jsonl.partial"
DEDUPED_NAME = ".records.jsonl.deduped"  # --dedup's output, before it takes the real name
# How often progress is recorded; the tests set it to 0 (every unit) to stop a run anywhere.
EVERY_SECONDS = float(os.environ.get("CLEAN_CHECKPOINT_SECONDS", "1"))


# Options a state written by an earlier version does not name, with their defaults.
ADDED_OPTIONS = {"--id-field": "id"}


class ResumeConflict(Exception):
    """OUTPUT holds an interrupted run that this command cannot continue (exit code 2)."""


@contextmanager
def held(output: Path) -> Iterator[None]:
    """OUTPUT held by this run alone while it runs: a second `clean` into it stops at once
    (ResumeConflict), where it would have removed the first's files or written over them.
    The folder itself is locked (flock), so that nothing is left in it and a run that dies
    lets go with its process; where the system or the file system has no flock (Windows,
    some network file systems), nothing is held."""
    try:
        import fcntl

        folder = os.open(output, os.O_RDONLY)
    except (ImportError, OSError):
        yield
        return
    try:
        try:
            fcntl.flock(folder, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ResumeConflict(f"{output}: another clean is running into this OUTPUT; once "
                                 "it ends, the same command redoes its work or resumes it, "
                                 "or choose another OUTPUT") from None
        except OSError:  # no locks there (ENOLCK, EOPNOTSUPP): run unheld, as before
            pass
        yield
    finally:
        os.close(folder)  # the lock goes with it


def rule_digests(files: list[RuleFile]) -> list[list[str]]:
    """Each rule file, in the order they apply (a later rule replaces an earlier one), with a
    digest of its bytes."""
    path_digests = []
    for file in files:
        data = Path(file.path).read_bytes() if Path(file.path).is_file() else b""
        path_digests.append([str(file.path), hashlib.sha256(data).hexdigest()])
    return path_digests


def inputs_digest(units: list[Unit]) -> str:
    digest = hashlib.sha256()
    for unit in units:
        digest.update(f"{unit.name}\0{unit.stamp}\0".encode())
    return digest.hexdigest()


def what_changed(saved: dict, settings: dict, rules: list[list[str]], inputs: str) -> str | None:
    """What differs between an interrupted run's state and this run, in words; None if
    nothing does."""
    if "settings" not in saved:
        return "its state was written by an earlier version of clean"
    # An option added since the state was written is as it was then where it has its
    # default (`--id-field id` was every run's before the option came).
    was = {**{name: value for name, value in ADDED_OPTIONS.items() if name in settings},
           **saved["settings"]}
    if was != settings:
        names = [name for name, value in settings.items() if was.get(name) != value]
        return f"the settings changed since then ({', '.join(names)})"
    if saved["rules"] != rules:
        before = {path: digest for path, digest in saved["rules"]}
        now = {path: digest for path, digest in rules}
        paths = sorted(p for p in before.keys() | now.keys() if before.get(p) != now.get(p))
        return f"the rule files changed since then ({', '.join(paths) or 'their order'})"
    if saved["inputs"] != inputs:
        return "the input files changed since then (names, sizes or modification times)"
    return None


@dataclass
class Checkpoint:
    """The state file of one OUTPUT folder."""

    output: Path
    settings: dict  # option -> value, for what the records depend on (run.Settings.identity)
    rules: list[list[str]]  # rule_digests
    inputs: str
    units_done: int = 0
    offset: int = 0  # bytes of the partial records file that belong to the finished units
    phase: str = "clean"  # then "dedup", once every unit is done and --dedup rewrites them
    totals: dict = field(default_factory=dict)
    _saved_at: float = 0.0

    @property
    def path(self) -> Path:
        return self.output / STATE_NAME

    @property
    def partial(self) -> Path:
        return self.output / PARTIAL_NAME

    @property
    def deduped(self) -> Path:
        return self.output / DEDUPED_NAME

    def resume(self, force: bool) -> bool:
        """Take up an interrupted run's state if there is one; whether there was. A state
        made with other settings, rules or inputs stops the run, unless `force` drops it."""
        if not self.path.exists():
            self.discard()  # leftovers of a run stopped as it ended
            return False
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
            if force:
                raise ResumeConflict("forced")
            if changed := what_changed(saved, self.settings, self.rules, self.inputs):
                raise ResumeConflict(changed)
            # Deduplication rewrites the file (atomically, idempotently): only its presence counts.
            if not self.partial.exists() or (saved.get("phase") != "dedup"
                                             and self.partial.stat().st_size < saved["offset"]):
                raise ResumeConflict(f"its {PARTIAL_NAME} is missing or shorter than recorded")
        except ResumeConflict as why:
            if not force:
                raise ResumeConflict(
                    f"{self.output} holds an interrupted run that cannot be resumed: {why}; "
                    "run with --force to start over") from None
            self.discard()
            return False
        except (OSError, ValueError, KeyError, TypeError):
            self.discard()  # an unreadable state: nothing to resume, start over
            return False
        self.units_done, self.offset, self.totals = (
            saved["units_done"], saved["offset"], saved["totals"])
        self.phase = saved.get("phase", "clean")
        return True

    def due(self) -> bool:
        """Whether it is time to record progress again."""
        return time.monotonic() - self._saved_at >= EVERY_SECONDS

    def save(self, units_done: int, offset: int, totals: dict, phase: str = "clean") -> None:
        """Record progress: the first `units_done` units are done and own `offset` bytes."""
        self.units_done, self.offset, self.totals, self.phase = units_done, offset, totals, phase
        state = {"settings": self.settings, "rules": self.rules, "inputs": self.inputs,
                 "units_done": units_done, "offset": offset, "totals": totals, "phase": phase}
        write_atomic(self.path, json.dumps(state))
        self._saved_at = time.monotonic()

    def discard(self) -> None:
        for path in (self.path, self.partial, self.deduped):
            path.unlink(missing_ok=True)


def remove_stale_temporaries(output: Path) -> int:
    """A killed worker can leave `.name.<pid>.tmp` files (sinks.write_atomic); a resumed run
    removes them so OUTPUT holds only finished files."""
    removed = 0
    for folder, _, names in os.walk(output):
        for name in names:
            if _TEMPORARY.fullmatch(name):
                Path(folder, name).unlink(missing_ok=True)
                removed += 1
    return removed
