"""The datatrove step: a datatrove pipeline writes the records `clean` writes, and counts the
lines each rule removed in its stats."""

from __future__ import annotations

import gzip
import json
import pickle
from pathlib import Path

import pytest

pytest.importorskip("datatrove")

from conftest import FIXTURES, read_records, shared  # noqa: E402
from datatrove.data import Document as DatatroveDocument  # noqa: E402
from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

from cleaner.integrations.datatrove import CleanerStep  # noqa: E402
from cleaner.rulefile import RuleError  # noqa: E402
from cleaner.run import Settings, run  # noqa: E402
from cleaner.sources import JsonlFields  # noqa: E402

SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))
# A user's rule folder, as `--rules`: seed 002's dateline goes.
LOCAL_RULES = '''[[rule]]
id = "local.dateline"
action = "drop_line"
reason = "This corpus wants no dateline lines."
lines = ["Moscow"]
'''


def _write_shards(folder: Path) -> None:
    """The seeds as two corpus shards in the datatrove/dolma shape, one per task."""
    folder.mkdir()
    for name, seeds in (("a.jsonl", SEEDS[:3]), ("b.jsonl", SEEDS[3:])):
        lines = [json.dumps({"id": seed.stem, "text": seed.read_text(encoding="utf-8"),
                             "url": f"https://news.example.org/{seed.stem}",
                             "metadata": {"crawl": "2025-31"}}) for seed in seeds]
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def _as_datatrove_writes(record: dict, input_folder: Path) -> dict:
    """A line of clean's records.jsonl as the datatrove step gives it: `source` is the
    reader's `file_path` (a full path, not one relative to INPUT), and datatrove's readers
    give no line number."""
    meta = record["metadata"]
    meta["source"] = str(input_folder / meta["source"])
    meta.pop("input_line", None)  # on articles only
    return record


def test_pipeline_writes_the_records_clean_writes(tmp_path):
    _write_shards(tmp_path / "in")
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "local.toml").write_text(LOCAL_RULES, encoding="utf-8")
    report = run(tmp_path / "in", tmp_path / "clean-out",
                 Settings(tmp_path / "clean-out", [tmp_path / "rules"]))
    LocalPipelineExecutor(
        [JsonlReader(str(tmp_path / "in")), CleanerStep(rules=[tmp_path / "rules"]),
         JsonlWriter(str(tmp_path / "dt-out"))],
        tasks=2, workers=2, logging_dir=str(tmp_path / "logs"),
    ).run()

    written = [json.loads(line) for shard in sorted((tmp_path / "dt-out").glob("*.jsonl.gz"))
               for line in gzip.decompress(shard.read_bytes()).decode().splitlines()]
    expected = [_as_datatrove_writes(record, tmp_path / "in")
                for record in read_records(tmp_path / "clean-out" / "records.jsonl")]
    assert len(written) == len(expected) == 13  # five articles, eight related records
    by_id = sorted(written, key=lambda r: r["id"]), sorted(expected, key=lambda r: r["id"])
    assert by_id[0] == by_id[1]
    articles = [r for r in written if r["metadata"]["kind"] == "article"]
    assert [r["metadata"]["input_metadata"] for r in articles] == [{"crawl": "2025-31"}] * 5

    [step] = [step for step in json.loads((tmp_path / "logs" / "stats.json").read_text())
              if "cleaner" in step["name"]]
    # datatrove saves a count as a number, a count with a spread as {"total": ..., "mean": ...}
    counts = {label: value if isinstance(value, int) else value["total"]
              for label, value in step["stats"].items()}
    removed = {label: n for label, n in counts.items() if "." in label}  # rule ids have a dot
    assert removed == report["removed_lines"]
    assert removed["local.dateline"] == 1
    assert counts["documents"] == report["documents"]["read"] == 5
    assert counts["records"] == 13 and counts["related"] == report["records"]["related"]
    assert counts["links"] == report["records"]["links"]
    assert "dropped" not in counts


def test_html_in_the_text_or_in_a_metadata_field(tmp_path):
    html = gzip.decompress(shared("devset", "html", "wcxb-0001.html.gz").read_bytes())
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "pages.jsonl").write_text(
        json.dumps({"id": "p1", "raw": html.decode("utf-8")}) + "\n", encoding="utf-8")
    run(tmp_path / "in", tmp_path / "out",
        Settings(tmp_path / "out", [], fields=JsonlFields(html="raw")))
    [want] = [_as_datatrove_writes(r, tmp_path / "in")
              for r in read_records(tmp_path / "out" / "records.jsonl")]

    source = {"file_path": str(tmp_path / "in" / "pages.jsonl")}
    in_text = DatatroveDocument(text=html.decode("utf-8"), id="p1", metadata=dict(source))
    in_field = DatatroveDocument(text="", id="p1", metadata={**source, "raw": html.decode()})
    for step, doc in ((CleanerStep(html_field="text"), in_text),
                      (CleanerStep(html_field="raw"), in_field)):
        [got] = [{"id": d.id, "text": d.text, "metadata": d.metadata} for d in step.run([doc])]
        assert got == want
        assert want["metadata"]["extractor"] == "trafilatura"


def test_a_page_without_text_is_dropped_and_counted():
    step = CleanerStep(html_field="text")
    docs = [DatatroveDocument(text="<html><body></body></html>", id="blank"),
            DatatroveDocument(text="<p>x</p>", id="no-field")]
    assert list(CleanerStep(html_field="html").run(docs[1:])) == []
    assert list(step.run(docs[:1])) == []
    assert step.stats["dropped_unreadable"].total == 1


def test_the_step_pickles_as_its_settings_and_checks_rules_when_built(tmp_path):
    (tmp_path / "local.toml").write_text(LOCAL_RULES, encoding="utf-8")
    step = CleanerStep(rules=[tmp_path / "local.toml"], site="daily8")
    assert len(pickle.dumps(step)) < 2000  # no compiled rules on board
    with pytest.raises(RuleError, match="no such rule file or folder"):
        CleanerStep(rules=[tmp_path / "missing"])
    with pytest.raises(RuleError, match="no rule file for site"):
        CleanerStep(site="no-such-site")



def test_an_empty_text_is_unreadable_and_missing_metadata_is_none():
    """As `clean` skips a JSONL line whose text is empty or blank ('empty text'), not as an
    article whose text was all junk; a document built with metadata=None is cleaned."""
    seed = SEEDS[3].read_text(encoding="utf-8")
    step = CleanerStep()
    docs = [DatatroveDocument(text="", id="empty"), DatatroveDocument(text=" \n\t\n", id="blank"),
            DatatroveDocument(text=seed, id="bare", metadata=None)]
    out = list(step.run(docs))
    assert [d.id for d in out] == ["bare"]
    assert out[0].metadata["source"] == "bare" and out[0].metadata["site"] == "jannah-reblog"
    counted = step.stats.to_dict()["stats"]
    assert counted["dropped"] == counted["dropped_unreadable"] == 2


def test_a_documents_title_in_its_metadata_is_the_articles():
    """JsonlReader puts a record's `title` in the metadata: the article's title, as `clean`
    reads a JSONL record's, the site's name its URL gives taken off."""
    seed = SEEDS[1]
    want = read_records(FIXTURES / "expected" / f"{seed.stem}.jsonl")[0]
    doc = DatatroveDocument(text=seed.read_text(encoding="utf-8"), id="a", metadata={
        "title": want["title"] + " | Daily8", "url": "https://daily8.com/news/x"})
    [article, *_] = list(CleanerStep().run([doc]))
    assert (article.metadata["title"], article.metadata["sitename"]) == (want["title"], "Daily8")
    assert article.text == want["text"]
