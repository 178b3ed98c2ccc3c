"""The quality gate of `make eval` (bench/eval_devset.py): its logic on made-up figures, not a
run of the dev sets."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("eval_devset", ROOT / "bench" / "eval_devset.py")
gate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gate)

FLOORS = {("devset", "text", "train", "wF1"): 0.946,
          ("devset", "text", "train", "leak_max"): 0.028,
          ("devset-ml", "html", "de", "F1"): 0.836}


def test_figures_at_their_floors_pass(capsys):
    measured = {("devset", "text", "train", "wF1"): 0.946,
                ("devset", "text", "train", "leak"): 0.028,
                ("devset-ml", "html", "de", "F1"): 0.9}
    assert gate.report(gate.check(measured, FLOORS)) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "floors missed: none (3 held)"


def test_a_floor_missed_or_a_ceiling_passed_exits_1(capsys):
    measured = {("devset", "text", "train", "wF1"): 0.9459,
                ("devset", "text", "train", "leak"): 0.0281,
                ("devset-ml", "html", "de", "F1"): 0.9}
    results = gate.check(measured, FLOORS)
    assert [status for *_, status in results] == ["BELOW", "ABOVE", "OK"]
    assert gate.report(results) == 1
    last = capsys.readouterr().out.splitlines()[-1]
    assert last.startswith("FLOORS MISSED (2 of 3)")
    assert "devset text wF1 train (below)" in last and "devset text leak train (above)" in last


def test_a_floor_with_no_figure_is_missed_unless_its_input_was_not_run():
    measured = {("devset", "text", "train", "wF1"): 0.95, ("devset", "text", "train", "leak"): 0}
    assert gate.report(gate.check(measured, FLOORS)) == 1  # devset-ml html not measured
    skipped = gate.check(measured, FLOORS, skipped={("devset-ml", "html")})
    assert skipped[-1][-1] == "SKIPPED"
    assert gate.report(skipped) == 0


def test_the_floors_file_is_read_as_set_input_row(tmp_path):
    path = tmp_path / "floors.toml"
    path.write_text("[devset.text.train]\nwF1 = 0.946  # measured 0.94996\nleak_max = 0.028\n"
                    "[devset-ml.html.de]\nF1 = 0.836\n")
    assert gate.read_floors(path) == FLOORS
    path.write_text("[devset.text]\nwF1 = 0.9\n")
    with pytest.raises(gate.EvalError, match="should be a table"):
        gate.read_floors(path)


def test_the_repository_floors_are_well_formed():
    floors = gate.read_floors(gate.FLOORS)
    assert {key[:2] for key in floors} == {("devset", "text"), ("devset", "html"),
                                           ("devset", "gold"), ("devset-ml", "text"),
                                           ("devset-ml", "html"), ("aggregator-dev", "text"),
                                           ("aggregator-dev", "jsonl-url")}
    counts = {key: bound for key, bound in floors.items() if key[3] == "ticker_left_max"}
    assert counts and all(bound >= 0 and bound == int(bound) for bound in counts.values())
    assert all(0 < bound < 1 for key, bound in floors.items() if key not in counts)


def test_a_missing_floors_file_is_exit_2_not_a_traceback(tmp_path, capsys):
    assert gate.main(["--floors", str(tmp_path / "none.toml"), "--out", str(tmp_path)]) == 2
    assert "none.toml is absent" in capsys.readouterr().err


def test_the_floors_of_every_run_left_out_are_skipped():
    """Each shipped floor belongs to a run, so that --only skips it rather than miss it (the
    aggregator pages' floors name their input `text`, not their folder)."""
    floors = gate.read_floors(ROOT / "bench" / "floors.toml")
    for name in gate.RUNS:  # --only NAME: its floors missing (nothing measured), the rest skipped
        statuses = {status for *_, status in gate.check({}, floors, gate.skipped_inputs([name]))}
        assert statuses == {"SKIPPED", "MISSING"}, name
    assert {s for *_, s in gate.check({}, floors, gate.skipped_inputs(gate.RUNS))} == {"MISSING"}
    assert {s for *_, s in gate.check({}, floors, gate.skipped_inputs([]))} == {"SKIPPED"}
