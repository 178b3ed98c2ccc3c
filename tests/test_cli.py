"""The command line: help that teaches, explain, rules list/show/test, exit codes."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest
from conftest import FIXTURES, shared, train_pages

SEED = FIXTURES / "seeds" / "001_14508f3cbf4abfa2.txt"


def _clean(*args):
    return subprocess.run([sys.executable, "-m", "cleaner", *map(str, args)],
                          capture_output=True, text=True)


def test_help_shows_the_everyday_call_and_the_commands():
    result = _clean("--help")
    assert result.returncode == 0
    for text in ("clean INPUT OUTPUT", "explain", "rules", "Exit codes"):
        assert text in result.stdout


def test_help_keeps_the_examples_one_a_line_and_tells_the_truth_about_txt_files():
    result = _clean("--help")
    lines = result.stdout.splitlines()
    examples = lines[[line.strip() for line in lines].index("Examples:") + 1:]
    assert examples[0].split() == ["clean", "scraped/", "out/", "clean", "a", "folder", "with",
                                   "the", "shipped", "rules"]
    assert examples[1].strip().startswith("clean scraped/ out/ --rules my-rules")
    assert "one .txt per record" not in result.stdout
    assert "--txt all" in " ".join(result.stdout.split())


def test_version_is_the_package_version():
    from importlib.metadata import version

    result = _clean("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"clean {version('cleaner')}, ")


def test_run_help_lists_its_options():
    result = _clean("run", "--help")
    for option in ("--rules", "--site", "--jobs", "--quiet", "--strict"):
        assert option in result.stdout


@pytest.mark.parametrize("command", [["run"], ["explain"], ["learn"], ["rules", "check"]])
def test_help_names_what_each_option_takes_in_words(command):
    """`--rules DIR`, `--jobs N`: not the Python types the framework would print."""
    out = _clean(*command, "--help").stdout
    assert "--rules DIR" in out or command == ["learn"]
    assert not re.search(r"<(?:str|int|float|list)[^>]*>", out), out


def test_explain_marks_removed_lines_with_rule_ids_and_shows_boundaries():
    result = _clean("explain", SEED)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "   18 - [daily8.widgets] Hashtags" in out
    assert "- [generic.ticker] 01:45 31/07/2025" in out
    assert "==== related 1 (001_14508f3cbf4abfa2/related/1): outlet='LeMonde'" in out
    assert "==== link (no body left): outlet='France 24'" in out
    assert "   11   | Five killed in strikes" in out


def test_rules_list_names_every_rule_with_its_reason():
    result = _clean("rules", "list")
    assert result.returncode == 0
    assert "daily8.related" in result.stdout and "segment_related" in result.stdout
    assert "generic.ticker" in result.stdout


def test_rules_show_and_unknown_rule():
    shown = _clean("rules", "show", "generic.ticker")
    assert shown.returncode == 0 and "min_stamps = 3" in shown.stdout
    missing = _clean("rules", "show", "no.such.rule")
    assert missing.returncode == 2 and "no rule 'no.such.rule'" in missing.stderr


def test_rules_test_passes_on_shipped_rules_and_fails_on_a_wrong_example(tmp_path):
    assert _clean("rules", "test").returncode == 0
    (tmp_path / "bad.toml").write_text(
        '[[example]]\nname = "wrong"\ninput = "A title\\nSource link\\nText."\n'
        'expected = "A title\\nSource link\\nText."\n')
    result = _clean("rules", "test", "--rules", tmp_path)
    assert result.returncode == 1
    assert "FAIL" in result.stdout and "wrong" in result.stdout


def test_summary_goes_to_stderr_and_quiet_silences_it(tmp_path):
    loud = _clean(FIXTURES / "seeds", tmp_path / "a")
    assert "cleaned 5 of 5 documents" in loud.stderr and loud.stdout == ""
    quiet = _clean(FIXTURES / "seeds", tmp_path / "b", "--quiet")
    assert quiet.stderr == ""


def test_single_file_input(tmp_path):
    result = _clean(SEED, tmp_path / "out", "-q")
    assert result.returncode == 0
    assert (tmp_path / "out" / "001_14508f3cbf4abfa2.txt").exists()


def test_rules_check_lists_silent_and_wild_rules(tmp_path):
    (tmp_path / "wild.toml").write_text(
        '[[rule]]\nid = "mine.wild"\naction = "drop_line"\nreason = "too broad"\n'
        "pattern = '^[A-Z]'\n"
        '[[rule]]\nid = "mine.silent"\naction = "drop_line"\nreason = "never seen"\n'
        'lines = ["No page prints this line"]\n')
    result = _clean("rules", "check", "--corpus", FIXTURES / "seeds", "--rules", tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "5 documents" in out
    assert "mine.silent" in out and "never fires" in out
    wild_block = out.split("  mine.wild", 1)[1].split("\n  mine.", 1)[0]
    assert "WILD? removed" in wild_block
    assert "removed more than 50% of some document" in out.splitlines()[-1]


def test_rules_check_on_dev_pages_does_not_call_the_locator_wild(tmp_path):
    """The locator keeps an article and drops the rest of a page dump: that is its job."""
    for name in ("wcxb-0003.txt", "wcxb-0005.txt", "wcxb-0008.txt"):
        shutil.copy(shared("devset", "text", name), tmp_path)
    result = _clean("rules", "check", "--corpus", tmp_path)
    assert result.returncode == 0, result.stderr
    block = result.stdout.split("  generic.locate-article", 1)[1].split("\n  generic.", 1)[0]
    assert "lines in 3 documents" in block and "WILD?" not in block


def test_rules_check_gives_what_each_rule_cost(tmp_path):
    """Its seconds and their share of the cleaning's time, the costliest first; the rules'
    and the steps' seconds add up to no more than the cleaning's. (Twelve pages: on three,
    compiling and RE2's first reading of new text took so much of the time that preparing
    fell under the 0.5% the list shows, on a busy machine.)"""
    for path in train_pages("text")[:12]:
        shutil.copy(path, tmp_path)
    result = _clean("rules", "check", "--corpus", tmp_path)
    assert result.returncode == 0, result.stderr
    head, _, listed = result.stdout.partition("\ncost: ")
    total = float(listed.split()[0])
    rows = [line.rsplit(None, 3) for line in listed.splitlines()[1:]
            if line.startswith("  ") and line.endswith("%")]
    names = [row[0].strip() for row in rows]
    seconds = [float(row[1]) for row in rows]
    assert "generic.locate-article" in names and "(preparing: whitespace" in listed
    assert seconds == sorted(seconds, reverse=True) and 0 < sum(seconds) <= total * 1.001
    # The share is printed to 0.1% (half of 0.001 off at most), and the seconds and the
    # total to the millisecond: their quotient moves by up to (0.0005 + share * 0.0005) / total.
    rounding = 0.0005 + 0.001 / total
    assert all(abs(float(row[3].rstrip("%")) / 100 - s / total) <= rounding
               for row, s in zip(rows, seconds, strict=True))


BACKTRACKING_RULE = ('[[rule]]\nid = "mine.slow"\naction = "drop_line"\nreason = "backtracks"\n'
                     "pattern = '^(a|a)+(?=c)'\n")
SLOW_LINE = "a" * 40 + "b"  # 2^40 ways to fail before the look-ahead says no


def test_rules_check_names_a_rule_that_times_out_and_the_document(tmp_path):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "slow.toml").write_text(BACKTRACKING_RULE)
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "slow.txt").write_text(f"A title\n{SLOW_LINE}\nA sentence.\n")
    result = _clean("rules", "check", "--corpus", tmp_path / "corpus",
                    "--rules", tmp_path / "rules")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    block = result.stdout.split("  mine.slow", 1)[1]
    assert block.split()[:2] == ["timed", "out"]  # not "never fires": it never finished
    assert "TIMED OUT after 2s on slow.txt" in block
    last = result.stdout.splitlines()[-1]
    assert "; 1 rule" in last and last.endswith("timed out")


def test_rules_test_fails_an_example_a_rule_times_out_on(tmp_path):
    (tmp_path / "slow.toml").write_text(
        BACKTRACKING_RULE + f'[[example]]\nname = "slow line"\ninput = "A title\\n{SLOW_LINE}"\n'
        "unchanged = true\n")
    result = _clean("rules", "test", "--rules", tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "FAIL" in result.stdout and "slow line" in result.stdout
    assert "rule 'mine.slow' timed out after 2s on this example's input" in result.stdout


def test_rules_show_and_list_name_the_user_rule_that_replaces_a_shipped_one(tmp_path):
    (tmp_path / "mine.toml").write_text(
        '[[rule]]\nid = "generic.comment-widget"\naction = "drop_line"\n'
        'reason = "Only the heading."\nlines = ["Comments"]\n')
    shown = _clean("rules", "show", "generic.comment-widget", "--rules", tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith(f"generic.comment-widget  (drop_line, {tmp_path / 'mine.toml'}")
    assert "lines = ['Comments']\n" in shown.stdout and "No comments yet" not in shown.stdout
    assert "replaces the rule of the same id in" in shown.stdout
    listed = _clean("rules", "list", "--rules", tmp_path).stdout.splitlines()
    widgets = [line for line in listed if "generic.comment-widget" in line]
    assert len(widgets) == 2
    assert f"[replaced by {tmp_path / 'mine.toml'}]" in widgets[0]
    assert "replaced" not in widgets[1] and "Only the heading." in widgets[1]


def test_a_user_generic_toml_replaces_a_shipped_rule_of_any_file(tmp_path):
    """A user's file is read after every shipped one whatever its name: a `generic.toml` in
    --rules replaces the shipped boilerplate rule of the same id (it lost to it before)."""
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "generic.toml").write_text(
        '[[rule]]\nid = "boilerplate.menu-toggles"\naction = "drop_line"\n'
        'reason = "Only the close button."\nlines = ["Close"]\n')
    page = "A title of the page\nMenu\nClose\nThe one paragraph of the article, long enough.\n"
    (tmp_path / "page.txt").write_text(page)
    result = _clean(tmp_path / "page.txt", tmp_path / "out", "--rules", tmp_path / "rules")
    assert result.returncode == 0, result.stderr
    record = json.loads((tmp_path / "out" / "records.jsonl").read_text().splitlines()[0])
    assert "Close" not in record["text"].split("\n")
    # "Menu" is left to the locator (the page's chrome above the article), not to the rule.
    removed = record["metadata"]["removed"]
    assert {"rule": "boilerplate.menu-toggles", "lines": [3, 3]} in removed
    assert {"rule": "generic.locate-article", "lines": [2, 2]} in removed


def test_dedup_summary_says_what_the_report_counts(tmp_path):
    """Article copies are marked, not dropped: the summary must not call them '0 dropped'
    copies only, while report.json counts them as exact copies."""
    story = SEED.read_text(encoding="utf-8")
    (tmp_path / "pages").mkdir()
    for name in ("a", "b", "c"):
        (tmp_path / "pages" / f"{name}.txt").write_text(story, encoding="utf-8")
    result = _clean(tmp_path / "pages", tmp_path / "out", "--dedup", "--txt", "none")
    assert result.returncode == 0, result.stderr
    found = json.loads((tmp_path / "out" / "report.json").read_text())["duplicates"]
    marked = found["exact"] - found["dropped"]
    assert marked >= 2
    assert (f"duplicates: {found['exact']} exact copies ({found['dropped']} dropped, "
            f"{marked} articles marked)") in result.stderr


def test_summary_counts_one_of_a_kind_in_the_singular(tmp_path):
    result = _clean(SEED, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "cleaned 1 of 1 document (0 skipped): 1 article, 1 related record, " in result.stderr


def test_rules_check_names_what_it_could_not_read_and_needs_a_document(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    result = _clean("rules", "check", "--corpus", corpus)
    assert result.returncode == 1, result.stdout  # not "every rule never fires"
    assert "skipped empty.txt: empty file" in result.stderr
    assert f"clean: {corpus}: no document to check the rules on" in result.stderr
    assert "never fire" not in result.stdout

    shutil.copy(SEED, corpus)
    result = _clean("rules", "check", "--corpus", corpus)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("checked 1 of 2 documents (1 skipped); ")


def test_rules_check_refuses_a_file_clean_does_not_read(tmp_path):
    corpus = tmp_path / "records.json"
    corpus.write_text(json.dumps({"text": SEED.read_text(encoding="utf-8")}))
    result = _clean("rules", "check", "--corpus", corpus)
    assert result.returncode == 2
    assert "not a kind of file clean reads" in result.stderr


def test_numbers_out_of_range_are_usage_errors_not_tracebacks(tmp_path):
    for args in ([FIXTURES / "seeds", tmp_path / "out", "--chunk-mb", "inf"],
                 ["rules", "check", "--corpus", FIXTURES / "seeds", "--wild-share", "nan"],
                 ["rules", "check", "--corpus", FIXTURES / "seeds", "--wild-share", "5"]):
        result = _clean(*args)
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr and "Invalid value" in result.stderr
    assert not (tmp_path / "out").exists()


def test_every_id_that_explain_prints_is_a_rule_that_rules_show_knows():
    # explain and the records' `removed` name them: the HTML weighing and `--learn`'s lines
    # are rules of the shipped files like any other, with a reason
    for rule_id, reason in (("html.outside-dump-article", "trafilatura kept it"),
                            ("boilerplate.learned-template", "prints on many of its pages")):
        result = _clean("rules", "show", rule_id)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(rule_id) and reason in result.stdout


def test_a_folder_named_like_a_command_is_input_unless_the_rest_reads_as_that_command(tmp_path):
    """`clean rules out/` with a folder `rules` here cleans it; `clean rules list` still
    lists the rules, and `clean ./rules out/` is never a command."""
    shutil.copytree(FIXTURES / "seeds", tmp_path / "rules")
    shutil.copytree(FIXTURES / "seeds", tmp_path / "explain")
    for args, out in ((["rules", "out1"], "out1"), (["./rules", "out2"], "out2"),
                      (["explain", "out3"], "out3")):
        result = subprocess.run([sys.executable, "-m", "cleaner", *args, "-q"], cwd=tmp_path,
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        assert len((tmp_path / out / "records.jsonl").read_text().splitlines()) == 13
    listed = subprocess.run([sys.executable, "-m", "cleaner", "rules", "list"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert listed.returncode == 0 and "generic.related-heading" in listed.stdout


def test_clean_dash_dash_reads_stdin_and_writes_records_to_stdout(tmp_path):
    """`clean - -` cleans one document from standard input as a file run cleans it."""
    result = subprocess.run([sys.executable, "-m", "cleaner", "-", "-"], input=SEED.read_bytes(),
                            capture_output=True)
    assert result.returncode == 0, result.stderr
    streamed = [json.loads(line) for line in result.stdout.decode().splitlines()]
    _clean(SEED, tmp_path / "out", "-q")
    written = [json.loads(line) for line in
               (tmp_path / "out" / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["text"] for r in streamed] == [r["text"] for r in written]
    assert [r["metadata"]["title"] for r in streamed] == [r["metadata"]["title"] for r in written]
    assert streamed[0]["id"] == "stdin" and streamed[1]["metadata"]["parent"] == "stdin"
    empty = subprocess.run([sys.executable, "-m", "cleaner", "-", "-"], input="\n",
                           capture_output=True, text=True)
    assert empty.returncode == 1 and empty.stdout == ""
    assert "standard input was skipped (empty file)" in empty.stderr


def test_a_jsonl_corpus_on_standard_input_gives_each_records_records(tmp_path):
    """`zcat shard.jsonl.gz | clean - -` cleaned the whole stream as one text of JSON lines;
    it now gives each record's records as the same file given as INPUT does, a bad line
    skipped and named; `clean explain -` explains each record."""
    seeds = sorted((FIXTURES / "seeds").glob("*.txt"))[:3]
    lines = [json.dumps({"id": path.stem, "text": path.read_text(encoding="utf-8")})
             for path in seeds]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join([lines[0], "{not json", *lines[1:]]) + "\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "cleaner", "-", "-"],
                            input=corpus.read_bytes(), capture_output=True)
    assert result.returncode == 0, result.stderr
    stderr = result.stderr.decode()
    assert "skipped stdin:2: not JSON" in stderr
    assert "cleaned standard input: 3 of 4 records (1 skipped), 3 articles" in stderr
    streamed = [json.loads(line) for line in result.stdout.decode().splitlines()]
    _clean(corpus, tmp_path / "out", "-q")
    written = [json.loads(line) for line in
               (tmp_path / "out" / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["text"]) for r in streamed] == [(r["id"], r["text"]) for r in written]
    explained = subprocess.run([sys.executable, "-m", "cleaner", "explain", "-"],
                               input=corpus.read_bytes(), capture_output=True)
    assert explained.returncode == 0
    assert [line.split(" (")[1].split(")")[0] for line in explained.stdout.decode().splitlines()
            if line.startswith("==== article")] == [path.stem for path in seeds]


def test_a_compressed_stream_on_standard_input_is_read_and_a_cut_one_says_where(tmp_path):
    """`clean - - < shard.jsonl.gz` read the gzip bytes as a binary file; a stream cut
    short gives what came before the cut, then a line."""
    import gzip

    import zstandard

    seeds = sorted((FIXTURES / "seeds").glob("*.txt"))[:3]
    corpus = "".join(json.dumps({"id": path.stem, "text": path.read_text(encoding="utf-8")})
                     + "\n" for path in seeds).encode()
    plain = subprocess.run([sys.executable, "-m", "cleaner", "-", "-"], input=corpus,
                           capture_output=True)
    assert plain.returncode == 0 and plain.stdout.count(b"\n") > 3
    for packed in (gzip.compress(corpus), zstandard.ZstdCompressor().compress(corpus)):
        result = subprocess.run([sys.executable, "-m", "cleaner", "-", "-"], input=packed,
                                capture_output=True)
        assert result.returncode == 0, result.stderr
        assert result.stdout == plain.stdout
    cut = gzip.compress(corpus)[:-200]
    result = subprocess.run([sys.executable, "-m", "cleaner", "-", "-"], input=cut,
                            capture_output=True)
    stderr = result.stderr.decode()
    assert result.returncode == 0, stderr
    assert re.search(r"skipped stdin:\d: broken .gz file: .*; the rest of the stream is lost",
                     stderr)
    assert plain.stdout.startswith(result.stdout) and result.stdout


def test_clean_dash_dash_refuses_the_options_of_a_corpus_run():
    """Options that only a run over files can honour (dedup, shards, compression, dolma's
    shape) stop `clean - -` with a usage error naming them, rather than being ignored; the
    rule options still apply."""
    refused = subprocess.run([sys.executable, "-m", "cleaner", "-", "-", "--dedup",
                              "--output-format", "jsonl.gz"],
                             input=SEED.read_text(encoding="utf-8"), capture_output=True,
                             text=True, encoding="utf-8")
    assert refused.returncode == 2 and refused.stdout == ""
    assert "--dedup, --output-format: not for `clean - -`" in refused.stderr
    forced = subprocess.run([sys.executable, "-m", "cleaner", "-", "-", "--language", "de"],
                            input=SEED.read_bytes(), capture_output=True)
    assert forced.returncode == 0, forced.stderr
    assert {json.loads(line)["metadata"]["language"] for line in forced.stdout.splitlines()} \
        == {"de"}


def test_a_resumed_runs_progress_starts_where_it_stopped_and_its_clock_runs(monkeypatch):
    """The bar starts at the bytes earlier runs did (tqdm's `initial`, which its rate leaves
    out: a resumed run's rate was inflated by them) and is redrawn on a timer between units."""
    import io
    import time

    from cleaner.cli import ProgressBar, _seconds

    monkeypatch.setattr(sys, "stderr", io.StringIO())
    bar = ProgressBar(enabled=True)
    bar.start(total=1000, done=400, documents=3)
    try:
        assert (bar.bar.n, bar.bar.initial, bar.bar.postfix) == (400, 400, "docs=3")
        drawn = sys.stderr.getvalue().count("\r")
        time.sleep(2.5)
        assert sys.stderr.getvalue().count("\r") >= drawn + 2  # no unit done, still redrawn
        bar.advance(100, 2)
        assert (bar.bar.n, bar.documents) == (500, 5)
    finally:
        bar.close()
    assert _seconds({"seconds": 3.0, "seconds_this_run": 3.0}) == "3.00s"
    assert _seconds({"seconds": 20.0, "seconds_this_run": 5.0}) == \
        "5.00s (the whole job, with the runs it resumes: 20.00s)"


def test_rules_show_prints_each_parameter_as_a_rule_file_writes_it():
    """What `clean rules show` prints can be copied into a rule file: every shipped rule's
    every parameter, read back by a TOML parser, is the value the run uses (a pattern keeps
    its backslashes; Python's repr doubled them)."""
    import tomllib

    from cleaner.chain import load_rule_files
    from cleaner.cli import _toml_value

    def same(value):
        return sorted(value) if isinstance(value, (set, frozenset)) else \
            list(value) if isinstance(value, tuple) else value

    params = [(rule.id, key, value) for file in load_rule_files() for rule in file.rules
              for key, value in rule.params.items()]
    assert any("\n" in v for _, _, v in params if isinstance(v, str))  # multi-line patterns
    for rule_id, key, value in params:
        assert tomllib.loads(f"v = {_toml_value(value)}")["v"] == same(value), (rule_id, key)
    shown = subprocess.run([sys.executable, "-m", "cleaner", "rules", "show",
                            "boilerplate.share-on"], capture_output=True, text=True, check=True)
    assert "\\x27" in shown.stdout and "\\\\x27" not in shown.stdout


def test_a_forced_language_without_function_words_is_kept_and_warned_about():
    """`--language th` is stored as every record's language, and the user is told that the
    locator has no words of it (it reads prose by English ones); a known one is silent."""
    for code, warned in (("th", True), ("de", False)):
        done = subprocess.run([sys.executable, "-m", "cleaner", "-", "-", "-q", "--language",
                               code], input=SEED.read_bytes(), capture_output=True)
        assert done.returncode == 0
        assert json.loads(done.stdout.splitlines()[0])["metadata"]["language"] == code
        assert (b"no function words known" in done.stderr) is warned


def test_a_run_stopped_by_the_system_names_the_file_it_could_not_use(tmp_path):
    """A system error in OUTPUT (under any spelling of its path) is OUTPUT's; one on another
    file names that file, whether the error gives its name as text, bytes or a path."""
    import errno as errnos

    from cleaner.cli import _run_failure

    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "link").symlink_to(out)
    full = OSError(errnos.ENOSPC, "No space left on device")
    for inside in (out / "records.jsonl", tmp_path / "link" / "report.json", out):
        full.filename = inside
        message = _run_failure(full, out)
        assert message.startswith(f"{out}: cannot write: No space left on device")
        assert "once there is room" in message
    other = tmp_path / "cache" / "entry"
    for name in (str(other), os.fsencode(other), other):
        denied = OSError(errnos.EACCES, "Permission denied", name)
        assert _run_failure(denied, out).startswith(f"{other}: Permission denied; once")
    assert _run_failure(OSError(errnos.EIO, "I/O error"), out).startswith(f"{out}: cannot write")


def test_the_summary_names_what_an_earlier_run_left_removed_or_alone():
    """A records.jsonl a person kept in OUTPUT goes as an earlier run's would: said, not
    only in report.json."""
    from cleaner.cli import _earlier_line

    assert _earlier_line({"earlier_run": {"removed": []}}) == ""
    assert _earlier_line({"earlier_run": {"removed": ["records.jsonl", "report.json"]}}) == (
        "\nreplaced: records.jsonl, report.json in OUTPUT, from before this run")
    assert _earlier_line({"earlier_run": {"removed": [], "txt_files_left": 414}}) == (
        "\nleft alone: 414 .txt files in OUTPUT from before this run, not written by it "
        "(docs/outputs.md)")


def test_a_mistyped_command_is_named_not_read_as_input(tmp_path):
    def clean_in(*args):
        return subprocess.run([sys.executable, "-m", "cleaner", *args], capture_output=True,
                              text=True, cwd=tmp_path)

    typo = clean_in("explian", "page.txt")
    assert typo.returncode == 2 and "did you mean `clean explain`?" in typo.stderr
    unknown = clean_in("validate", "--help")
    assert unknown.returncode == 2 and "'validate' is no command" in unknown.stderr
    assert clean_in("out/", "--help").returncode == 0  # a path: `run`'s help
    rule = clean_in("rules", "show", "daily8.widget")
    assert rule.returncode == 2 and "did you mean daily8.widgets" in rule.stderr


def test_skips_are_capped_by_their_kind_of_reason_not_their_details():
    from cleaner.cli import SHOWN_SKIPS, SkipLines

    lines = []
    skips = SkipLines(lines.append)
    for column in range(SHOWN_SKIPS + 10):
        skips.show(f"a.jsonl:{column}", f"not JSON: Expecting ',' delimiter at column {column}")
    assert len(lines) == SHOWN_SKIPS + 1
    assert lines[-1].startswith("skipped more for the same reason (not JSON): not shown")


def test_help_as_a_word_and_a_name_too_long_for_a_file(tmp_path):
    def clean_in(*args):
        return subprocess.run([sys.executable, "-m", "cleaner", *args], capture_output=True,
                              text=True, cwd=tmp_path)

    assert clean_in("help").stdout.startswith("Usage: clean [OPTIONS] COMMAND")
    assert clean_in("help", "explain").stdout.startswith("Usage: clean explain")
    long_name = clean_in("a" * 300, "out")
    assert long_name.returncode == 2 and "Traceback" not in long_name.stderr
