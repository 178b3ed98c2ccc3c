"""Properties that hold for any document: cleaning invents no text, is idempotent on its own
output, and no input of bytes crashes it. Real seeds and dev set pages are mixed into the
generated ones, so the generator explores around real layouts."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from conftest import FIXTURES, IN_CI, SHARED, train_pages
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, Document, load_rule_files
from cleaner import run as run_module
from cleaner.normalise import fold_whitespace, strip_subheading_dashes
from cleaner.sinks import render_txt
from cleaner.sources import Skip, decode

CLEANER = Cleaner(load_rule_files())
# Lines of the seeds and of 20 train pages of the dev set. The examples drawn from them are
# fixed (derandomized), so the dev set's absence would change which documents are tried:
# the tests that draw from these lines are skipped then (failed in CI), as other dev set tests.
HAVE_DEVSET = (SHARED / "devset").is_dir()
DEV_PAGES = train_pages("text")[:20] if HAVE_DEVSET else []
needs_devset_lines = pytest.mark.skipif(
    not HAVE_DEVSET and not IN_CI, reason=f"{SHARED / 'devset'} is absent: the examples are "
    "drawn from its lines; the dev sets live in ../shared beside the repository")
REAL_LINES = [line for path in [*sorted((FIXTURES / "seeds").glob("*.txt")), *DEV_PAGES]
              for line in path.read_text(encoding="utf-8").splitlines()]
LINE = st.one_of(st.sampled_from(REAL_LINES), st.text(max_size=80),
                 st.sampled_from(["-", "", "•", ".", "Related Articles", "5 hours ago",
                                  "- Five killed -",
                                  "01:45 31/07/2025 A 31/07/2025 B 31/07/2025 C"]))
DOCUMENT = st.lists(LINE, min_size=1, max_size=60).map("\n".join)
# Derandomized: the same examples on every run, so CI is repeatable; raise max_examples locally
# to explore more.
SETTINGS = settings(max_examples=150, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


def _clean(text: str):
    return CLEANER.clean(Document.from_text(text, "doc", "doc.txt"))


@needs_devset_lines
@SETTINGS
@given(DOCUMENT)
def test_every_output_line_is_an_input_line_or_a_named_normalisation(text):
    folded = {fold_whitespace(line) for line in text.splitlines()}
    # the named normalisations: subheading dashes stripped, then stray punctuation joined
    folded |= {stripped for line in folded if (stripped := strip_subheading_dashes(line))}
    for record in _clean(text):
        for line in [record.title or "", *record.text.splitlines()]:
            if not line or line in folded:
                continue
            assert any(line in f or f.startswith(line[:-3]) for f in folded), line


@needs_devset_lines
@SETTINGS
@given(DOCUMENT)
def test_cleaning_the_written_txt_again_changes_nothing(text):
    for record in _clean(text):
        if not record.text:
            continue
        written = render_txt(record)
        again = _clean(written)[0]
        assert render_txt(again) == written


def test_the_dev_sets_written_articles_clean_to_themselves():
    """Real pages: the article of each of the 400 dev set dumps, written as its .txt and
    cleaned again as `clean` reads a .txt, gives the same .txt. A headline the locator brings
    to the top only at the
    end, with a copy of it below (41 pages did so), or a row of dashes stripped as if a
    subheading were between them, once failed it. Two pages are let through: one whose
    headline is chosen among menu lines above the text by what the menu shows of it (a
    breadcrumb ends with it, a byline under it), which a second cleaning no longer sees
    (wcxb-0389); and one whose right headline opens a text whose region the locator then
    draws a few lines shorter (a table of contents under the headline: wcxb-0154). Two more
    were let through until a text with no page around it kept its own end (b3e3c3d): an
    article ending in 'Prev / <headline> / Next / <headline>', and one with menu lines at its
    foot."""
    differ = []
    for path in train_pages("text"):
        written = render_txt(_read_and_clean(path.read_text(encoding="utf-8"))[0])
        if render_txt(_read_and_clean(written)[0]) != written:
            differ.append(path.stem)
    assert set(differ) <= {"wcxb-0154", "wcxb-0389"}, differ


def _read_and_clean(text: str):
    """As `clean` reads a .txt page (a hard-wrapped, Markdown or link-split text read as
    such): a text wrapped in part, which the first reading missed, was joined the second
    time (wcxb-0086)."""
    return CLEANER.clean(Document.from_dump(text, "doc", "doc.txt"))


@SETTINGS
@given(st.binary(max_size=2000))
def test_no_bytes_crash_the_reader_or_the_chain(data):
    try:
        text = decode(data)
    except Skip:
        return
    records = _clean(text)
    assert records and records[0].kind == "article"


@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(DOCUMENT, min_size=2, max_size=8))
def test_any_number_of_jobs_gives_the_same_records(texts):
    """Documents spread over two workers, two to a batch, come back as one worker gives them."""
    original = run_module.BATCH_SIZE
    run_module.BATCH_SIZE = 2  # else these few documents would all go to one worker
    try:
        with tempfile.TemporaryDirectory() as folder:
            corpus = Path(folder, "in")
            corpus.mkdir()
            for number, text in enumerate(texts):
                (corpus / f"{number:02}.txt").write_text(text, encoding="utf-8")
            written = {}
            for jobs in (1, 2):
                out = Path(folder, f"out{jobs}")
                report = run_module.run(corpus, out, run_module.Settings(out, []), jobs=jobs)
                report.pop("seconds"), report.pop("seconds_this_run")
                written[jobs] = ((out / "records.jsonl").read_bytes(), report)
            assert written[1] == written[2]
    finally:
        run_module.BATCH_SIZE = original


def test_a_subheading_left_as_punctuation_is_joined_in_the_same_pass():
    """`- ... -` loses its dashes (one normalisation), which leaves a line the next one joins
    to the line before; a second pass over the written text must find nothing to do."""
    text = ("A headline about things\n\nThe minister said the talks went well and would "
            "continue\n- ... -\nAnother paragraph of real article text follows here.")
    record = _clean(text)[0]
    assert record.text.split("\n")[0].endswith("would continue...")
    assert render_txt(_clean(render_txt(record))[0]) == render_txt(record)


ECHO = next(rule for file in CLEANER.files for rule in file.rules if rule.action == "drop_echo")
MARKER = st.sampled_from(["", "- ", "•", "• ", "Video:", "  "])
ECHO_WORDS = st.lists(st.sampled_from(["Kyiv", "kyiv", "strikes", "-", "a-b-c-d-e", "…", "ÉTÉ",
                                       "été", "x"]), max_size=7)
# A line, or a line and its echo: the same words under another marker, spacing or case.
ECHO_LINES = st.builds(
    lambda words, markers, spaces, upper: [
        marker + space.join(w.upper() if upper and n else w for w in words)
        for n, (marker, space) in enumerate(zip(markers, spaces, strict=False))],
    ECHO_WORDS, st.lists(MARKER, min_size=1, max_size=2),
    st.lists(st.sampled_from([" ", "  ", "\t"]), min_size=2, max_size=2), st.booleans())


@SETTINGS
@given(st.lists(ECHO_LINES, min_size=1, max_size=8))
@example([["•a-b-c-d-e", "a-b-c-d-e"], ["Video:Kyiv strikes x x x", "Kyiv  strikes X X X"]])
def test_echoes_found_by_last_words_are_those_found_by_whole_lines(blocks):
    """drop_echo compares whole lines only where their last words agree: the lines it drops
    are those a comparison of every pair of neighbours drops."""
    from cleaner.actions.drop_echo import WORD, _key, drop_echo
    doc = Document.from_text("\n".join(line for block in blocks for line in block), "doc",
                             "doc.txt")
    alive = doc.alive_indexes()
    keys = [_key(ECHO, doc.lines[i].text) for i in alive]
    expected = set()
    for position in range(1, len(alive)):
        first, second = keys[position - 1], keys[position]
        if first[0] == second[0] and len(WORD.findall(first[0])) >= ECHO.params["min_words"]:
            expected.add(alive[position - 1 if first[1] and not second[1] else position])
    drop_echo(doc, ECHO)
    assert {i for i, line in enumerate(doc.lines) if line.removed_by} == expected
