"""Learning a site's template from its documents: `clean learn` and `clean --learn`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from conftest import FIXTURES, read_records, shared


@pytest.fixture(scope="module")
def site_corpus(tmp_path_factory):
    """Eight articles (dev set gold texts) printed in one real page's template: its first 25
    and last 12 dump lines, as one site's pages all share their menus and footer."""
    template = shared("devset", "text", "wcxb-0001.txt").read_text(encoding="utf-8").splitlines()
    header, footer = template[:25], template[-12:]
    folder = tmp_path_factory.mktemp("corpus") / "example.com"
    folder.mkdir()
    for number in range(2, 10):
        gold = shared("devset", "gold", f"wcxb-000{number}.txt").read_text(encoding="utf-8")
        page = "\n".join([*header, *gold.splitlines(), *footer])
        (folder / f"page-{number}.txt").write_text(page, encoding="utf-8")
    return folder.parent, header, footer


def _clean(*args):
    return subprocess.run([sys.executable, "-m", "cleaner", *map(str, args)],
                          capture_output=True, text=True)


def test_learn_on_the_fly_removes_the_shared_template(site_corpus, tmp_path):
    corpus, header, footer = site_corpus
    result = _clean(corpus, tmp_path / "out", "--learn", "-q", "-j", "1")
    assert result.returncode == 0, result.stderr
    records = [r for r in read_records(tmp_path / "out" / "records.jsonl")
               if r["metadata"]["kind"] == "article"]
    assert len(records) == 8
    template = {line for line in header + footer if line.strip()}
    for record in records:
        kept = set(record["text"].splitlines())
        assert not kept & template, record["id"]
        assert any(r["rule"] == "boilerplate.learned-template"
                   for r in record["metadata"]["removed"])


def test_learn_never_removes_article_lines(site_corpus, tmp_path):
    corpus, _, _ = site_corpus
    _clean(corpus, tmp_path / "out", "--learn", "-q")
    for record in read_records(tmp_path / "out" / "records.jsonl"):
        number = record["id"].rsplit("-", 1)[1]
        gold = shared("devset", "gold", f"wcxb-000{number}.txt").read_text(encoding="utf-8")
        gold_lines = [" ".join(t.split()) for t in gold.splitlines() if t.strip()]
        got = set(record["text"].splitlines()) | {record["metadata"]["title"]}
        lost = [t for t in gold_lines if t not in got]
        assert len(lost) <= 0.01 * len(gold_lines) + 1, lost


def test_learn_writes_a_rule_file_that_loads_and_passes_its_examples(site_corpus, tmp_path):
    corpus, header, _ = site_corpus
    out = tmp_path / "rules" / "example.com.toml"
    result = _clean("learn", corpus / "example.com", "--site", "example.com", "--out", out)
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert 'domains = ["example.com"]' in text
    assert "[[example]]" in text
    assert '"Meal Prep"' in text  # a menu item of the template
    tested = _clean("rules", "test", "--rules", out)
    assert tested.returncode == 0, tested.stdout


def test_learn_on_the_seeds_finds_the_aggregator_widgets(tmp_path):
    out = tmp_path / "learned.toml"
    result = _clean("learn", FIXTURES / "seeds", "--site", "agg", "--out", out,
                    "--min-docs", "3", "--min-share", "0.5")
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert '"Try Our AI Features"' in text and '"No comments yet..."' in text
    assert _clean("rules", "test", "--rules", out).returncode == 0


def test_learn_out_a_folder_or_an_unwritable_path_is_an_error_naming_it(tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    for out, why in ((tmp_path, "is a folder"), (tmp_path / "a-file" / "x.toml", "cannot write")):
        result = _clean("learn", FIXTURES / "seeds", "--site", "agg", "--out", out,
                        "--min-docs", "3", "--min-share", "0.5")
        assert result.returncode == 2, result.stderr
        assert result.stderr.startswith(f"clean: {out}: {why}")
        assert "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]  # no temporary file left


def test_learn_that_finds_no_template_line_exits_1_and_writes_nothing(tmp_path):
    """The seeds' five documents share no line with the default thresholds (in 30% of the
    documents and in at least 5): a rule file without rules would pass every test."""
    out = tmp_path / "learned.toml"
    result = _clean("learn", FIXTURES / "seeds", "--site", "agg", "--out", out)
    assert result.returncode == 1
    assert "no line recurs in 30% of its documents and in at least 5 of them" in result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_a_learned_file_names_its_rules_in_its_example(tmp_path):
    out = tmp_path / "learned.toml"
    result = _clean("learn", FIXTURES / "seeds", "--site", "agg", "--out", out,
                    "--min-docs", "3", "--min-share", "0.5")
    assert result.returncode == 0, result.stderr
    assert '\nrules = ["agg.template-lines", ' in out.read_text(encoding="utf-8")
    tested = _clean("rules", "test", "--rules", out)  # each named rule must act on it
    assert tested.returncode == 0, tested.stdout


def test_a_learned_files_example_names_every_rule_that_acts_on_it(tmp_path):
    """Seen in the seeds with a lower bar: the exact lines and two numbered patterns ("3
    hours ago", "Explore what Daily8 AI can do for you:"). The example is run as `clean
    rules test` runs it and names each rule that acts, so the test warns of none."""
    out = tmp_path / "learned.toml"
    result = _clean("learn", FIXTURES / "seeds", "--site", "agg", "--out", out,
                    "--min-docs", "2")
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert 'id = "agg.template-2"' in text
    assert 'rules = ["agg.template-lines", "agg.template-2", "agg.template-1"]' in text
    tested = _clean("rules", "test", "--rules", out)
    assert tested.returncode == 0, tested.stdout
    assert "named by no example" not in tested.stdout + tested.stderr


def test_learn_from_no_readable_document_is_an_error_and_writes_nothing(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")  # skipped, as `clean` skips it
    out = tmp_path / "learned.toml"
    for folder in (tmp_path / "none", corpus):
        folder.mkdir(exist_ok=True)
        result = _clean("learn", folder, "--site", "agg", "--out", out)
        assert result.returncode == 1, result.stderr
        assert result.stderr.startswith(f"clean: {folder}: no document to learn from")
        assert not out.exists()


@pytest.mark.parametrize("options", [["--site", ""], ["--site", "agg", "--min-docs", "0"],
                                     ["--site", "agg", "--min-share", "1.5"]])
def test_learn_options_that_make_no_sense_are_usage_errors(tmp_path, options):
    out = tmp_path / "learned.toml"
    result = _clean("learn", FIXTURES / "seeds", *options, "--out", out)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_learn_never_writes_over_a_file_of_its_input(tmp_path):
    corpus = tmp_path / "seeds"
    shutil.copytree(FIXTURES / "seeds", corpus)
    page = corpus / "000_0a201e935a4a70c4.txt"
    result = _clean("learn", corpus, "--site", "agg", "--out", page)
    assert result.returncode == 2
    assert "--out names a file of INPUT" in result.stderr
    assert page.read_bytes() == (FIXTURES / "seeds" / page.name).read_bytes()


def test_learn_refuses_a_file_clean_does_not_read(tmp_path):
    corpus = tmp_path / "records.json"
    corpus.write_text('{"text": "Hashtags"}\n')
    result = _clean("learn", corpus, "--site", "agg", "--out", tmp_path / "learned.toml")
    assert result.returncode == 2
    assert "not a kind of file clean reads" in result.stderr
    assert not (tmp_path / "learned.toml").exists()


def test_a_learned_line_matches_it_as_the_rules_see_it(tmp_path):
    """A template line the normaliser rewrites (a `- ... -` subheading's dashes stripped) is
    learned as rewritten: learned as printed, its rule never fired."""
    folder = tmp_path / "corpus" / "example.com"
    folder.mkdir(parents=True)
    for number in range(2, 8):
        gold = shared("devset", "gold", f"wcxb-000{number}.txt").read_text(encoding="utf-8")
        page = "\n".join(["- Get the morning briefing -", *gold.splitlines()])
        (folder / f"page-{number}.txt").write_text(page, encoding="utf-8")
    out = tmp_path / "learned.toml"
    result = _clean("learn", folder, "--site", "example.com", "--out", out)
    assert result.returncode == 0, result.stderr
    assert '"Get the morning briefing"' in out.read_text(encoding="utf-8")
    cleaned = _clean(folder, tmp_path / "out", "--rules", out, "--site", "example.com", "-q")
    assert cleaned.returncode == 0, cleaned.stderr
    for record in read_records(tmp_path / "out" / "records.jsonl"):
        assert "morning briefing" not in record["text"]
        assert "example.com.template-lines" in {r["rule"] for r in record["metadata"]["removed"]}


def test_learn_writes_over_an_existing_rule_file_only_with_force(tmp_path):
    """A rule file someone reviewed is not lost to a second `clean learn`: without --force
    it stays byte for byte, and the message says how to write over it."""
    corpus = tmp_path / "seeds"
    shutil.copytree(FIXTURES / "seeds", corpus)
    out = tmp_path / "agg.toml"
    out.write_text("# reviewed by hand\n", encoding="utf-8")
    refused = _clean("learn", corpus, "--site", "agg", "--out", out)
    assert refused.returncode == 2 and "--force writes over it" in refused.stderr
    assert out.read_text(encoding="utf-8") == "# reviewed by hand\n"
    forced = _clean("learn", corpus, "--site", "agg", "--out", out, "--min-docs", "2",
                    "--force")
    assert forced.returncode == 0, forced.stderr
    assert out.read_text(encoding="utf-8").startswith("# Learned by `clean learn`")


def test_a_learned_line_is_written_as_a_toml_string_that_reads_back_the_same():
    """Learned lines go into the rule file as TOML strings; a scraped line may hold quotes,
    backslashes, tabs or DEL (which TOML wants escaped, though JSON leaves it bare)."""
    import tomllib

    from cleaner.rulefile import toml_string

    for text in ['Share "this" \\ now', "Tab\there", "Del\x7fmark", "Ünïcode ✓", "a\nb"]:
        assert tomllib.loads(f"x = {toml_string(text)}")["x"] == text


def test_learn_reads_a_corpus_from_the_fields_it_is_told(tmp_path):
    """The seeds as JSONL records that keep their text in `content`: as in a run, a corpus
    lacking the field is a usage error, and told the field, learn finds the widgets."""
    corpus = tmp_path / "in"
    corpus.mkdir()
    lines = [json.dumps({"doc_id": path.stem, "content": path.read_text(encoding="utf-8")})
             for path in sorted((FIXTURES / "seeds").glob("*.txt"))]
    (corpus / "seeds.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "learned.toml"
    lacking = _clean("learn", corpus, "--site", "agg", "--out", out)
    assert lacking.returncode == 2 and "(they have: doc_id, content)" in lacking.stderr
    told = _clean("learn", corpus, "--site", "agg", "--out", out, "--min-docs", "3",
                  "--min-share", "0.5", "--text-field", "content", "--id-field", "doc_id")
    assert told.returncode == 0, told.stderr
    assert '"Try Our AI Features"' in out.read_text(encoding="utf-8")
