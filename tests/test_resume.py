"""Resume: a run killed at a random moment and started again gives the uninterrupted run's
records, none twice; changed rules stop it unless --force. Large JSONL files are cut into
slices that give the same records as the whole file."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import train_pages

from cleaner.resume import PARTIAL_NAME, STATE_NAME, Checkpoint, what_changed
from cleaner.run import Settings, UsageError, run
from cleaner.sources import InputFile, find_inputs
from cleaner.units import plan_units, stream_units

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
CLEAN = [sys.executable, "-m", "cleaner"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The dev set's page dumps and the seeds as two JSONL shards, one with a broken line."""
    folder = tmp_path_factory.mktemp("corpus")
    texts = train_pages("text") + sorted(SEEDS.glob("*.txt"))
    half = len(texts) // 2
    for name, chunk in (("a.jsonl", texts[:half]), ("b.jsonl", texts[half:])):
        lines = [json.dumps({"id": p.stem, "text": p.read_text(encoding="utf-8")}) for p in chunk]
        if name == "b.jsonl":
            lines.insert(100, '{"id": "broken", "text": ')
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


CHUNK_MB = 0.5


def _clean(corpus: Path, out: Path, *extra: str, chunk_mb: float = CHUNK_MB
           ) -> subprocess.Popen:
    """`clean` on the corpus, in its own process group, recording progress after every unit."""
    return subprocess.Popen([*CLEAN, "run", str(corpus), str(out), "--jobs", "2", "--quiet",
                             "--chunk-mb", str(chunk_mb), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True,
                            env={**os.environ, "CLEAN_CHECKPOINT_SECONDS": "0"})


@pytest.fixture(scope="module")
def uninterrupted(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("whole") / "out"
    process = _clean(corpus, out)
    assert process.wait(timeout=300) == 0, process.stderr.read().decode()
    return out


def _report(out: Path) -> dict:
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    report.pop("seconds"), report.pop("seconds_this_run")
    return report


def _units_done(state: Path) -> int:
    try:
        return json.loads(state.read_text(encoding="utf-8"))["units_done"]
    except (OSError, ValueError):
        return 0


def _interrupt(corpus: Path, out: Path, sig: int, rng: random.Random, *extra: str,
               chunk_mb: float = CHUNK_MB, group: bool = True) -> int:
    """Start a run, wait until it has finished a random number of units (at most half), then
    send `sig` to it and its workers a random moment later; returns the units it recorded.
    A run that finished its last unit and published its records in that moment was not
    interrupted (a loaded machine's workers catch up): it is started again, afresh."""
    chunk = int(chunk_mb * 2**20)
    units = len(list(stream_units(plan_units(find_inputs(corpus), chunk), chunk)))
    for _ in range(5):
        if _interrupt_once(corpus, out, sig, rng.randint(1, units // 2),
                           rng.uniform(0.0, 0.2), *extra, chunk_mb=chunk_mb, group=group):
            return json.loads((out / STATE_NAME).read_text(encoding="utf-8"))["units_done"]
        shutil.rmtree(out)
    pytest.fail("five runs ended before they could be interrupted; make the corpus bigger")


def _interrupt_once(corpus: Path, out: Path, sig: int, target: int, delay: float,
                    *extra: str, chunk_mb: float, group: bool = True) -> bool:
    """Whether the run was stopped before it published its records."""
    process = _clean(corpus, out, *extra, chunk_mb=chunk_mb)
    state = out / STATE_NAME
    deadline = time.monotonic() + 120
    while (_units_done(state) < target and time.monotonic() < deadline
           and process.poll() is None):
        time.sleep(0.01)
    time.sleep(delay)
    if process.poll() is not None:
        return False
    if group:
        os.killpg(process.pid, sig)
    else:  # the parent alone: its workers must not outlive it
        process.send_signal(sig)
    process.wait(timeout=60)
    if sig == signal.SIGTERM:  # said, without a worker's traceback
        stderr = process.stderr.read().decode()
        assert process.returncode == 143 and "stopped by kill" in stderr, stderr
        assert "Traceback" not in stderr, stderr
    if (out / "records.jsonl").exists():
        # Only a run that had finished may leave its records: it left no state behind.
        assert not state.exists() and not (out / PARTIAL_NAME).exists(), \
            "a killed run left a records.jsonl beside its resume state"
        return False
    return True


@pytest.mark.parametrize(("sig", "group"), [(signal.SIGKILL, True), (signal.SIGINT, True),
                                           (signal.SIGTERM, True), (signal.SIGTERM, False)],
                         ids=["kill-9", "ctrl-c", "kill", "kill-parent"])
def test_interrupted_run_resumes_to_the_same_records(corpus, uninterrupted, tmp_path, sig,
                                                     group):
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    out = tmp_path / "out"
    done = _interrupt(corpus, out, sig, rng, group=group)
    assert (out / PARTIAL_NAME).exists()
    process = _clean(corpus, out)
    assert process.wait(timeout=300) == 0, (seed, process.stderr.read().decode())
    expected = (uninterrupted / "records.jsonl").read_bytes()
    got = (out / "records.jsonl").read_bytes()
    ids = [json.loads(line)["id"] for line in got.splitlines()]
    assert len(ids) == len(set(ids)), f"seed {seed}: a record was written twice"
    assert got == expected, f"seed {seed}: resumed after {done} units, records differ"
    assert _report(out) == _report(uninterrupted)
    times = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert times["seconds"] > times["seconds_this_run"] > 0  # the whole job, and this run
    assert not (out / STATE_NAME).exists() and not (out / PARTIAL_NAME).exists()
    assert not list(out.rglob(".*.tmp")), "a temporary file was left behind"


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (from /proc: Linux)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds the workers in /proc")
def test_a_worker_killed_stops_the_run_which_resumes(corpus, uninterrupted, tmp_path):
    """A worker killed as the out-of-memory killer kills (its parent left alone) takes its
    task with it: the run stops with exit code 3 and a line that says so, where it had
    waited for that task for ever; the same command then gives the uninterrupted records. A
    worker killed between two tasks loses nothing, and the run may end as usual."""
    out = tmp_path / "out"
    for _ in range(5):
        process = _clean(corpus, out)
        deadline = time.monotonic() + 120
        while (_units_done(out / STATE_NAME) < 1 and process.poll() is None
               and time.monotonic() < deadline):
            time.sleep(0.01)
        workers = _children(process.pid)
        if process.poll() is None and workers:
            os.kill(workers[0], signal.SIGKILL)
            break
        process.wait(timeout=300)
        shutil.rmtree(out)
    else:
        pytest.fail("five runs ended before a worker could be killed")
    assert process.wait(timeout=120) in (0, 3)
    if process.returncode == 3:
        assert "a worker process died" in process.stderr.read().decode()
        process = _clean(corpus, out)
        assert process.wait(timeout=300) == 0, process.stderr.read().decode()
    expected = (uninterrupted / "records.jsonl").read_bytes()
    assert (out / "records.jsonl").read_bytes() == expected


@pytest.fixture(scope="module")
def uninterrupted_dedup(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("whole-dedup") / "out"
    process = _clean(corpus, out, "--dedup")
    assert process.wait(timeout=300) == 0, process.stderr.read().decode()
    return out


def test_a_run_with_dedup_killed_while_cleaning_resumes_to_the_same_records(
        corpus, uninterrupted_dedup, tmp_path):
    """The workers hash the records as they clean them; a resumed run hashes the records
    the stopped one wrote from the file, and the deduplication is the same."""
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    out = tmp_path / "out"
    done = _interrupt(corpus, out, signal.SIGKILL, rng, "--dedup")
    process = _clean(corpus, out, "--dedup")
    assert process.wait(timeout=300) == 0, (seed, process.stderr.read().decode())
    for name in ("records.jsonl", "duplicates.jsonl"):
        assert (out / name).read_bytes() == (uninterrupted_dedup / name).read_bytes(), \
            f"seed {seed}: resumed after {done} units, {name} differs"
    report, expected = _report(out), _report(uninterrupted_dedup)
    report["duplicates"].pop("seconds"), expected["duplicates"].pop("seconds")
    assert report == expected and report["duplicates"]["near"] > 0


@pytest.fixture(scope="module")
def packed(corpus, tmp_path_factory) -> Path:
    """The same shards, gzipped and zstd-compressed: read as streams, in pieces."""
    import gzip

    import zstandard

    folder = tmp_path_factory.mktemp("packed")
    (folder / "a.jsonl.gz").write_bytes(gzip.compress((corpus / "a.jsonl").read_bytes()))
    (folder / "b.jsonl.zst").write_bytes(
        zstandard.ZstdCompressor().compress((corpus / "b.jsonl").read_bytes()))
    return folder


def test_a_run_over_compressed_shards_resumes_to_the_same_records(packed, tmp_path):
    out, whole = tmp_path / "out", tmp_path / "whole"
    chunk = CHUNK_MB / 4  # about 50 pieces: the parent reads a few ahead of the results
    assert _clean(packed, whole, chunk_mb=chunk).wait(timeout=300) == 0
    seed = random.randrange(2**32)
    done = _interrupt(packed, out, signal.SIGKILL, random.Random(seed), chunk_mb=chunk)
    process = _clean(packed, out, chunk_mb=chunk)
    assert process.wait(timeout=300) == 0, (seed, process.stderr.read().decode())
    got = (out / "records.jsonl").read_bytes()
    assert got == (whole / "records.jsonl").read_bytes(), f"seed {seed}: after {done} pieces"
    assert _report(out) == _report(whole)


def test_changed_rules_stop_a_resume_unless_forced(corpus, tmp_path):
    out = tmp_path / "out"
    _interrupt(corpus, out, signal.SIGKILL, random.Random(7))
    rules = tmp_path / "rules"
    rules.mkdir()
    shutil.copy(Path(__file__).resolve().parents[1] / "rules" / "sites" / "daily8.toml",
                rules / "mine.toml")
    process = _clean(corpus, out, "--rules", str(rules))
    assert process.wait(timeout=60) == 2
    message = process.stderr.read().decode()
    assert "interrupted run" in message
    assert f"the rule files changed since then ({rules / 'mine.toml'})" in message
    assert "--force" in message and "Traceback" not in message
    forced = _clean(corpus, out, "--rules", str(rules), "--force")
    assert forced.wait(timeout=300) == 0
    fresh = tmp_path / "fresh"
    assert _clean(corpus, fresh, "--rules", str(rules)).wait(timeout=300) == 0
    assert (out / "records.jsonl").read_bytes() == (fresh / "records.jsonl").read_bytes()


def test_a_refused_resume_names_the_setting_that_changed(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    Checkpoint(out, Settings(out, []).identity(), [], "").save(1, 0, {})
    (out / PARTIAL_NAME).write_text("")
    with pytest.raises(UsageError, match=r"the settings changed since then \(--txt\); run with "
                       "--force"):
        run(SEEDS, out, Settings(out, [], txt="none"))


def test_what_changed_names_rule_files_by_path_and_the_inputs():
    settings = {"--txt": "auto"}
    saved = {"settings": settings, "rules": [["a.toml", "1"], ["b.toml", "2"]], "inputs": "x"}
    assert what_changed(saved, settings, [["a.toml", "1"], ["b.toml", "2"]], "x") is None
    assert what_changed(saved, settings, [["a.toml", "1"], ["b.toml", "3"], ["c.toml", "4"]],
                        "x") == "the rule files changed since then (b.toml, c.toml)"
    assert what_changed(saved, settings, [["b.toml", "2"], ["a.toml", "1"]], "x") == \
        "the rule files changed since then (their order)"
    assert what_changed(saved, settings, saved["rules"], "y").startswith(
        "the input files changed since then")
    assert what_changed({"rules": "abc", "inputs": "x"}, settings, [], "x") == \
        "its state was written by an earlier version of clean"


def test_a_finished_run_leaves_no_state_and_runs_again_from_scratch(tmp_path):
    out = tmp_path / "out"
    settings = Settings(out, [])
    first = run(SEEDS, out, settings)
    assert not (out / STATE_NAME).exists()
    second = run(SEEDS, out, settings)
    assert first["records"] == second["records"]


def test_slices_of_a_jsonl_file_give_the_records_of_the_whole_file(corpus, tmp_path):
    shard = InputFile(corpus / "b.jsonl", "b.jsonl")
    slices = list(plan_units([shard], chunk_bytes=2**18))
    assert len(slices) > 3
    assert slices[0].start == 0 and slices[-1].end is None
    assert all(a.end == b.start for a, b in zip(slices, slices[1:], strict=False))
    data = shard.path.read_bytes()
    for unit in slices:  # each starts at a line start, and knows its line number
        assert unit.start == 0 or data[unit.start - 1:unit.start] == b"\n"
        assert data[:unit.start].count(b"\n") + 1 == unit.first_line
    whole = run(corpus, tmp_path / "whole", Settings(tmp_path / "whole", [], chunk_bytes=2**40))
    cut = run(corpus, tmp_path / "cut", Settings(tmp_path / "cut", [], chunk_bytes=2**18))
    assert ((tmp_path / "whole" / "records.jsonl").read_bytes()
            == (tmp_path / "cut" / "records.jsonl").read_bytes())
    assert whole["skipped"] == cut["skipped"] == [
        {"source": "b.jsonl:101", "reason": cut["skipped"][0]["reason"]}]


def test_a_run_stopped_while_deduplicating_resumes_there(tmp_path, monkeypatch):
    import cleaner.dedup

    whole = tmp_path / "whole"
    expected = run(SEEDS, whole, Settings(whole, [], dedup=True))
    assert expected["duplicates"]["near"] == 1  # seeds 000 and 001 are one story
    out = tmp_path / "out"
    real = cleaner.dedup.deduplicate

    def stopped(path, target, jobs, found):
        assert found is not None  # hashed by the workers as they cleaned
        raise KeyboardInterrupt

    monkeypatch.setattr(cleaner.dedup, "deduplicate", stopped)
    with pytest.raises(KeyboardInterrupt):
        run(SEEDS, out, Settings(out, [], dedup=True))
    assert json.loads((out / STATE_NAME).read_text(encoding="utf-8"))["phase"] == "dedup"
    assert not (out / "records.jsonl").exists()
    calls = []
    # Resumed after the cleaning, the run has no hashes: the finished file is hashed again.
    monkeypatch.setattr(cleaner.dedup, "deduplicate", lambda path, target, jobs, found:
                        calls.append(found) or real(path, target))
    resumed = run(SEEDS, out, Settings(out, [], dedup=True))
    assert calls == [None] and resumed["documents"] == expected["documents"]
    assert (out / "records.jsonl").read_bytes() == (whole / "records.jsonl").read_bytes()


def test_a_failing_skip_callback_does_not_count_a_unit_twice(tmp_path):
    """Progress is recorded for whole units: a callback that fails after a unit was written
    (a closed terminal, Ctrl-C while printing) must not leave its records to be written
    again by the resumed run."""
    corpus = tmp_path / "in"
    corpus.mkdir()
    lines = [json.dumps({"id": f"r{n}", "text": f"Record {n} says something real here."})
             for n in range(40)]
    for n in range(0, 40, 5):
        lines[n] = "not json"
    (corpus / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    whole = tmp_path / "whole"
    expected = run(corpus, whole, Settings(whole, [], chunk_bytes=300))
    out = tmp_path / "out"
    calls = []

    def fails(where, reason):
        calls.append(where)
        if len(calls) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(corpus, out, Settings(out, [], chunk_bytes=300), on_skip=fails)
    resumed = run(corpus, out, Settings(out, [], chunk_bytes=300))
    assert (out / "records.jsonl").read_bytes() == (whole / "records.jsonl").read_bytes()
    assert resumed["documents"] == expected["documents"]
    assert resumed["skipped"] == expected["skipped"]


def test_utf16_jsonl_without_a_bom_is_not_cut_into_slices(tmp_path):
    """Its newline bytes are half a character: it is read whole, as without slicing."""
    lines = [json.dumps({"id": f"r{n}", "text": f"Record {n} says something real here."})
             for n in range(200)]
    path = tmp_path / "b.jsonl"
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-16-le"))
    assert len(list(plan_units([InputFile(path, "b.jsonl")], chunk_bytes=2**10))) == 1
    report = run(path, tmp_path / "out", Settings(tmp_path / "out", [], chunk_bytes=2**10))
    assert report["documents"] == {"read": 200, "cleaned": 200, "skipped": 0}


@pytest.mark.parametrize("stop_at", ["write_report", "replace"])
def test_a_run_stopped_as_it_ends_is_taken_up_by_the_same_command(tmp_path, monkeypatch,
                                                                  stop_at):
    """Stopped after --dedup rewrote the records (at the report) or after the state went (at
    the rename): the same command ends with the uninterrupted run's records and drop list."""
    import cleaner.run as run_module

    corpus = tmp_path / "in"
    shutil.copytree(SEEDS, corpus)
    shutil.copy(SEEDS / "000_0a201e935a4a70c4.txt", corpus / "copy-of-000.txt")
    whole = tmp_path / "whole"
    expected = run(corpus, whole, Settings(whole, [], dedup=True))
    assert expected["duplicates"]["dropped"] > 0
    out = tmp_path / "out"
    real = {"write_report": run_module.write_report, "replace": run_module.os.replace}[stop_at]

    def stopped(source, target, *rest):
        if Path(target).name in ("report.json", "records.jsonl"):
            raise KeyboardInterrupt
        return real(source, target, *rest)

    if stop_at == "write_report":
        monkeypatch.setattr(run_module, "write_report", lambda path, report: stopped(0, path))
    else:
        monkeypatch.setattr(run_module.os, "replace", stopped)
    with pytest.raises(KeyboardInterrupt):
        run(corpus, out, Settings(out, [], dedup=True))
    monkeypatch.undo()
    resumed = run(corpus, out, Settings(out, [], dedup=True))
    assert (out / "records.jsonl").read_bytes() == (whole / "records.jsonl").read_bytes()
    assert (out / "duplicates.jsonl").read_bytes() == (whole / "duplicates.jsonl").read_bytes()
    resumed.pop("seconds"), expected.pop("seconds")
    resumed.pop("seconds_this_run"), expected.pop("seconds_this_run")
    resumed["duplicates"].pop("seconds"), expected["duplicates"].pop("seconds")
    assert resumed == expected
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []


def test_a_new_run_removes_an_earlier_runs_results_before_it_writes(tmp_path, monkeypatch):
    """Stopped half-way, a new run in the same OUTPUT leaves its partial records and state,
    never the earlier run's records and report to be read as its own."""
    import cleaner.run as run_module

    out = tmp_path / "out"
    run(SEEDS, out, Settings(out, []))
    assert (out / "records.jsonl").exists() and (out / "report.json").exists()
    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(sorted(SEEDS.glob("*.txt"))[0], one)

    def stopped(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(run_module, "_clean_units", stopped)
    with pytest.raises(KeyboardInterrupt):
        run(one, out, Settings(out, []))
    assert not (out / "records.jsonl").exists() and not (out / "report.json").exists()
    monkeypatch.undo()
    report = run(one, out, Settings(out, []))
    assert report["documents"]["read"] == 1 and (out / "records.jsonl").exists()
    assert run(one, out, Settings(out, []))["earlier_run"]["removed"] == [
        "records.jsonl", "report.json"]


def test_an_earlier_runs_txt_files_are_left_and_counted(tmp_path):
    out = tmp_path / "out"
    run(SEEDS, out, Settings(out, []))
    written = sorted(out.glob("*.txt"))
    for path in written:  # written an hour ago
        os.utime(path, (time.time() - 3600, time.time() - 3600))
    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(SEEDS / "003_3d0d1443dcd54182.txt", one)  # one record, one .txt
    report = run(one, out, Settings(out, []))
    assert sorted(out.glob("*.txt")) == written  # none removed
    assert report["earlier_run"]["txt_files_left"] == len(written) - 1
    again = run(one, out, Settings(out, []))  # its own .txt is not counted
    assert again["earlier_run"]["txt_files_left"] == len(written) - 1


def test_an_input_linked_to_an_earlier_runs_records_is_read_not_removed(tmp_path):
    out = tmp_path / "out"
    expected = run(SEEDS, out, Settings(out, []))
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "prev.jsonl").symlink_to(out / "records.jsonl")
    report = run(corpus, out, Settings(out, []))
    assert report["documents"]["read"] == sum(expected["records"][kind]
                                              for kind in ("article", "related", "item"))
    assert "records.jsonl" not in report["earlier_run"]["removed"]


def test_what_a_new_run_removed_holds_for_the_run_that_resumes_it(tmp_path, monkeypatch):
    import cleaner.run as run_module

    out = tmp_path / "out"
    run(SEEDS, out, Settings(out, []))
    monkeypatch.setattr(run_module, "_clean_units", lambda *a, **k: _raise(KeyboardInterrupt))
    with pytest.raises(KeyboardInterrupt):
        run(SEEDS, out, Settings(out, []))
    monkeypatch.undo()
    resumed = run(SEEDS, out, Settings(out, []))
    assert resumed["earlier_run"]["removed"] == ["records.jsonl", "report.json"]


def _raise(error):
    raise error


def test_a_state_from_before_an_option_came_resumes_where_it_has_its_default():
    settings = Settings(Path("out"), []).identity()
    saved = {"settings": {k: v for k, v in settings.items() if k != "--id-field"},
             "rules": [], "inputs": "x"}
    assert what_changed(saved, settings, [], "x") is None
    assert what_changed(saved, {**settings, "--id-field": "doc_id"}, [], "x") == \
        "the settings changed since then (--id-field)"


def test_a_second_run_into_the_same_output_is_refused_while_the_first_runs(tmp_path):
    """Two runs into one OUTPUT removed each other's files and left a report that neither
    summary matched; now the second stops at once (exit 2) and touches nothing."""
    from cleaner.resume import held

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(sorted(SEEDS.glob("*.txt"))[0], folder / "page.txt")
    out = tmp_path / "out"
    out.mkdir()
    (out / "records.jsonl").write_text("the first run's\n")
    with held(out):  # as a run in progress holds it
        second = subprocess.run([sys.executable, "-m", "cleaner", str(folder), str(out)],
                                capture_output=True, text=True)
    assert second.returncode == 2
    assert "another clean is running into this OUTPUT" in second.stderr
    assert (out / "records.jsonl").read_text() == "the first run's\n"
    assert sorted(p.name for p in out.iterdir()) == ["records.jsonl"]
    after = subprocess.run([sys.executable, "-m", "cleaner", str(folder), str(out)],
                           capture_output=True, text=True)
    assert after.returncode == 0, after.stderr


def test_a_file_system_without_locks_runs_unheld_not_refused(tmp_path, monkeypatch):
    """flock fails with ENOLCK on some network file systems: that is no other run."""
    import errno
    import fcntl

    from cleaner.resume import ResumeConflict, held

    def no_locks(fd, operation):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    with held(tmp_path):
        pass
    monkeypatch.undo()
    with held(tmp_path), pytest.raises(ResumeConflict), held(tmp_path):
        pass
