"""`clean explain INPUT --html REPORT`: one self-contained page, checked in a real browser.

The page is made by the command line from the seed documents and opened in headless Chromium
(Playwright driving the system's /usr/bin/chromium; Playwright's own browsers are never
downloaded). What it shows must agree with what `clean` itself reports. Without Chromium or
Playwright these tests are skipped, unless REPORT_TESTS_NEED_BROWSER is set (CI sets it).
"""

from __future__ import annotations

import base64
import itertools
import json
import math
import os
import re
import shutil
import subprocess
import sys
import time
import zlib
from collections import Counter
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from cleaner.document import Document
from cleaner.explain import record_starts
from cleaner.report_html import _lab, _luminance, data_block, rule_colours

CHROMIUM = Path("/usr/bin/chromium")
SEEDS = FIXTURES / "seeds"
SCREENSHOT = ROOT / "docs" / "report.png"
# Runs the command line, then prints its peak memory (KiB) as stderr's last line.
MEASURED = ("import resource, sys\nfrom cleaner.cli import main\nsys.argv[0] = 'clean'\n"
            "try:\n    main()\nfinally:\n"
            "    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n")


def _clean(*args, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", MEASURED, *map(str, args)], stdout=stdout,
                          stderr=subprocess.PIPE, text=True, cwd=ROOT)


def _peak_kib(result: subprocess.CompletedProcess) -> int:
    return int(result.stderr.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def browser():
    missing = [] if CHROMIUM.exists() else ["/usr/bin/chromium (apt-get install chromium)"]
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing.append("playwright (pip install playwright)")
    if missing:
        if os.environ.get("REPORT_TESTS_NEED_BROWSER"):
            pytest.fail("CI needs " + " and ".join(missing))
        pytest.skip("needs " + " and ".join(missing))
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield chromium
        chromium.close()


class Opened:
    """A page opened from a file, with every request and console error it made."""

    def __init__(self, browser, path: Path, height: int = 900):
        self.uri = path.as_uri()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": 1200, "height": height})
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.route("**/*", self._route)
        self.page.goto(self.uri)
        self.page.wait_for_function(  # the documents that start open draw their lines
            "!document.querySelector('details.doc[open]:not([data-shown])')")

    def _route(self, route) -> None:
        self.requests.append(route.request.url)
        if route.request.url == self.uri:
            route.continue_()
        else:  # nothing may leave the page; if it tries, the test sees it
            route.abort()

    def open_all(self) -> None:
        """Open every document, as a reader would, and wait until each has drawn its lines."""
        self.page.eval_on_selector_all("details", "ds => ds.forEach(d => d.open = true)")
        self.page.wait_for_function(
            "!document.querySelector('details.doc:not([data-shown])')", timeout=20_000)

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def opened(browser):
    pages: list[Opened] = []

    def open_page(path: Path, height: int = 900) -> Opened:
        pages.append(Opened(browser, path, height))
        return pages[-1]

    yield open_page
    for page in pages:
        page.close()


@pytest.fixture(scope="module")
def seeds_page(tmp_path_factory) -> Path:
    """The page of the five seeds, made by the command line."""
    path = tmp_path_factory.mktemp("explain") / "report.html"
    result = _clean("explain", SEEDS.relative_to(ROOT), "--html", path)
    assert result.returncode == 0, result.stderr
    assert "5 documents (0 skipped)" in result.stderr
    return path


@pytest.fixture(scope="module")
def seeds_report(tmp_path_factory) -> dict:
    """What `clean fixtures/seeds OUT` says it removed, in report.json."""
    out = tmp_path_factory.mktemp("run") / "out"
    result = _clean(SEEDS, out, "--quiet")
    assert result.returncode == 0, result.stderr
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def _seed_documents(cleaner) -> list[Document]:
    docs = []
    for path in sorted(SEEDS.glob("*.txt")):
        doc = Document.from_text(path.read_text(encoding="utf-8"), path.stem, path.name)
        cleaner.clean(doc)
        docs.append(doc)
    return docs


def _reasons(cleaner) -> dict[str, str]:
    return {rule.id: rule.reason for file in cleaner.files for rule in file.rules}


def _table(page) -> dict[str, dict]:
    return {row["rule"]: row for row in page.eval_on_selector_all("#rules tbody tr", """
        rows => rows.map(r => ({rule: r.dataset.rule, reason: r.cells[1].textContent,
            removed: +r.querySelector('.removed').textContent,
            rewritten: +r.querySelector('.rewritten').textContent,
            documents: +r.querySelector('.documents').textContent,
            samples: [...r.querySelectorAll('a')].map(a => a.getAttribute('href'))}))""")}


def test_rule_table_counts_match_the_cleaners_report(seeds_page, seeds_report, opened, cleaner):
    page = opened(seeds_page).page
    table = _table(page)
    removed = {rule: row["removed"] for rule, row in table.items() if row["removed"]}
    assert removed == seeds_report["removed_lines"]
    touched, rewritten = Counter(), Counter()
    for doc in _seed_documents(cleaner):
        rules = {line.removed_by for line in doc.lines if line.removed_by}
        rewrites = [rule for line in doc.lines for rule in dict.fromkeys(line.normalised_by)]
        rewritten.update(rewrites)
        touched.update(rules | set(rewrites))
    assert {rule: row["documents"] for rule, row in table.items()} == dict(touched)
    assert {rule: row["rewritten"] for rule, row in table.items() if row["rewritten"]} \
        == dict(rewritten)
    reasons = _reasons(cleaner)
    assert all(row["reason"] == reasons[rule] for rule, row in table.items())
    assert all(1 <= len(row["samples"]) <= 3 for row in table.values())


def test_every_removed_line_is_struck_through_in_five_document_sections(
        seeds_page, seeds_report, opened):
    shown = opened(seeds_page)
    assert shown.page.locator("details.doc").count() == 5
    assert shown.page.locator("details.doc[open]").count() == 1  # the first, to start with
    shown.open_all()
    struck = shown.page.eval_on_selector_all("#d1 ~ details *, #d1, #d1 *", """
        els => els.filter(e => getComputedStyle(e).textDecorationLine.includes('line-through')
                               && e.matches('del')).length""")
    assert struck == sum(seeds_report["removed_lines"].values()) == 99
    lines = shown.page.locator("details.doc [data-n]").count()
    assert lines == sum(len(p.read_text(encoding="utf-8").splitlines())
                        for p in SEEDS.glob("*.txt"))


def test_a_removed_line_shows_its_rule_and_reason_on_hover(seeds_page, opened, cleaner):
    page = opened(seeds_page).page
    page.click("#d2 > summary")
    hashtags = page.locator("#d2 del", has_text="Hashtags")
    hashtags.hover()
    reasons = _reasons(cleaner)
    assert hashtags.get_attribute("title") == f"daily8.widgets: {reasons['daily8.widgets']}"
    titles = page.eval_on_selector_all("del", "els => els.map(e => e.title)")
    assert all(title.split(": ", 1)[1] == reasons[title.split(": ", 1)[0]] for title in titles)
    rewritten = page.locator("#d1 p.nm", has_text="Five killed in strikes")
    assert rewritten.get_attribute("title").startswith("rewritten by generic.subheading-dashes")


def _runs(doc: Document, starts: dict) -> list[str]:
    """The rule of each run of lines removed by one rule, in order; a record's box ends a run."""
    runs, previous = [], None
    for index, line in enumerate(doc.lines):
        if index in starts:
            previous = None
        if line.removed_by and line.removed_by != previous:
            runs.append(line.removed_by)
        previous = line.removed_by
    return runs


def test_each_run_of_removed_lines_is_labelled_once_with_its_rule(seeds_page, opened, cleaner):
    shown = opened(seeds_page)
    shown.open_all()
    for number, path in enumerate(sorted(SEEDS.glob("*.txt")), start=1):
        doc = Document.from_text(path.read_text(encoding="utf-8"), path.stem, path.name)
        records = cleaner.clean(doc)
        labels = shown.page.eval_on_selector_all(f"#d{number} .lb", """
            ls => ls.map(l => l.parentElement.matches('del') && l === l.parentElement.firstChild
                              ? l.textContent : 'misplaced')""")
        assert labels == _runs(doc, record_starts(doc, records))
    assert shown.page.locator(".lb").count() == 30  # of 99 removed lines
    label = shown.page.locator("#d2 .lb", has_text="daily8.widgets").first
    assert label.is_visible()  # seen without hovering, in a screenshot too
    assert label.evaluate("l => getComputedStyle(l).textDecorationLine") == "none"
    assert label.evaluate("l => l.parentElement.title").startswith("daily8.widgets: ")


def _delta_e(a: str, b: str) -> float:
    return math.dist(*(_lab(tuple(int(c[i:i + 2], 16) / 255 for i in (1, 3, 5))) for c in (a, b)))


@pytest.mark.parametrize("count, apart", [(8, 40), (30, 20), (68, 12), (100, 10)])
def test_the_colours_of_n_rules_are_distinct_and_readable(count, apart):
    """apart: the least CIELAB distance of any two (about 2 is the least a person sees;
    hues at golden-angle steps alone came to 0.9 for 68 rules)."""
    colours = rule_colours(count)
    assert len(set(colours)) == count
    assert min(_delta_e(a, b) for a, b in itertools.combinations(colours, 2)) >= apart
    rgbs = [tuple(int(c[i:i + 2], 16) / 255 for i in (1, 3, 5)) for c in colours]
    assert all(1.05 / (_luminance(rgb) + 0.05) >= 4.5 for rgb in rgbs)  # text on white
    assert rule_colours(count + 10)[:count] == colours  # a rule's colour is stable


def test_a_rules_swatch_has_the_colour_of_its_lines_and_labels(seeds_page, opened):
    shown = opened(seeds_page)
    shown.open_all()
    swatches = dict(shown.page.eval_on_selector_all("#rules tbody tr", """
        rows => rows.map(r => [r.dataset.rule,
                               getComputedStyle(r.querySelector('.sw')).backgroundColor])"""))
    assert len(set(swatches.values())) == len(swatches)
    lines = shown.page.eval_on_selector_all("details.doc del", """
        ds => ds.map(d => [d.title.split(': ')[0], getComputedStyle(d).color,
                           getComputedStyle(d).textDecorationColor,
                           d.querySelector('.lb') && getComputedStyle(d.querySelector('.lb'))
                                                     .backgroundColor])""")
    assert len(lines) == 99
    for rule, colour, strike, label in lines:
        assert colour == strike == swatches[rule]
        assert label in (None, swatches[rule])


def test_a_document_draws_its_lines_only_when_opened(seeds_page, opened):
    page = opened(seeds_page).page
    assert page.locator("#d1 [data-n]").count() > 0  # the first starts open
    assert page.locator("#d2 [data-n], #d2 .rec").count() == 0
    page.click("#d2 > summary")
    page.wait_for_selector("#d2[data-shown]")
    lines = (SEEDS / "001_14508f3cbf4abfa2.txt").read_text(encoding="utf-8").splitlines()
    assert page.locator("#d2 [data-n]").count() == len(lines)
    assert page.locator("#d2 [data-n]").nth(4).evaluate("e => e.lastChild.textContent") \
        == lines[4]
    page.click("#d2 > summary")  # closed and opened again: drawn once
    page.click("#d2 > summary")
    assert page.locator("#d2 [data-n]").count() == len(lines)
    page.fill("#q", "001_14508")  # the filter needs no document drawn
    assert page.locator("details.doc:visible").count() == 1


def test_records_are_boxed_with_their_metadata(seeds_page, opened):
    shown = opened(seeds_page)
    shown.open_all()
    headers = shown.page.locator("#d2 .rec > .hd").all_inner_texts()
    assert headers[0].startswith("article (001_14508f3cbf4abfa2) · title: Moscow not expecting")
    related = next(h for h in headers if h.startswith("related 1 "))
    assert "outlet: LeMonde" in related and "published: 2 hours ago" in related
    assert any(h.startswith("link (no body left)") and "outlet: France 24" in h
               for h in headers)
    assert "France 24" in shown.page.inner_text("#d2 .links")


def test_a_sample_link_opens_its_document_at_the_line(seeds_page, opened):
    page = opened(seeds_page).page
    link = page.locator("#rules tr[data-rule='generic.caption'] a").first
    target = link.get_attribute("href")
    assert page.locator(target).is_hidden()  # its document (seed 003) starts closed
    link.click()
    page.locator(target).wait_for()
    assert page.locator(target).is_visible()
    assert page.locator(target).evaluate("e => e.lastChild.textContent") == "Medinsky"


def test_the_filter_box_keeps_matching_documents(seeds_page, opened):
    page = opened(seeds_page).page
    page.fill("#q", "jannah-reblog.kicker")
    assert page.locator("details.doc:visible").count() == 1
    assert page.inner_text("#shown") == "1 shown"


def test_nothing_leaves_the_page(seeds_page, opened):
    shown = opened(seeds_page)
    shown.open_all()
    shown.page.locator("#rules a").first.click()
    assert shown.requests == [shown.uri]
    assert shown.errors == []  # a style or script the policy blocked would be an error
    assert shown.page.locator("[src], link, iframe, object, embed, img").count() == 0
    hrefs = shown.page.eval_on_selector_all("[href]", "els => els.map(e => e.getAttribute('href'))")
    assert hrefs and all(href.startswith("#") for href in hrefs)


def test_screenshot_of_the_rule_table_and_the_first_document(seeds_page, opened, tmp_path):
    """The README's picture; `make screenshot` keeps it (a test run does not touch docs/)."""
    page = opened(seeds_page, height=1700).page
    box = page.locator("#d1").bounding_box()
    target = SCREENSHOT if os.environ.get("SAVE_REPORT_SCREENSHOT") else tmp_path / "report.png"
    page.screenshot(path=target, clip={"x": 0, "y": 0, "width": 1200,
                                       "height": min(box["y"] + box["height"] + 8, 1700)})
    assert target.stat().st_size > 10_000


def test_a_thousand_documents_stream_into_a_page_that_loads(tmp_path, opened):
    corpus = tmp_path / "corpus"
    for copy in range(200):
        shutil.copytree(SEEDS, corpus / f"copy{copy:03}")
    page_path = tmp_path / "report.html"
    started = time.perf_counter()
    result = _clean("explain", corpus, "--html", page_path)
    seconds = time.perf_counter() - started
    assert result.returncode == 0, result.stderr
    assert "1000 documents (0 skipped)" in result.stderr
    assert seconds < 20  # about 3 s here
    size = page_path.stat().st_size
    assert size < 2 * sum(p.stat().st_size for p in corpus.rglob("*.txt"))
    # Streaming: the page costs little more memory than printing the same explanations as
    # text, one document after the other (the cleaning's own memory is in both).
    text = _clean("explain", corpus, stdout=subprocess.DEVNULL)
    assert _peak_kib(result) - _peak_kib(text) < size / 1024 / 8

    started = time.perf_counter()
    page = opened(page_path).page
    assert page.locator("details.doc").count() == 1000
    assert time.perf_counter() - started < 10
    assert page.locator("#rules tr[data-rule='daily8.related'] .removed").inner_text() == "7200"


HOSTILE_TEXT = (
    "A headline about <b>bold</b> claims & more\n"
    "<script>alert(1)</script>\n"
    "Text with &lt; and &amp; and \"quotes\" and 'apostrophes' in it, as a sentence.\n"
    "</p></del></details><img src=x onerror=alert(2)>\n"
    "Drop me <script>\n"
    "Source link\n")
HOSTILE_RULE = ('[[rule]]\nid = "mine.hostile"\naction = "drop_line"\n'
                "reason = '<script>alert(3)</script> & \" breaks out'\n"
                'lines = ["Drop me <script>"]\n')


def test_hostile_text_is_escaped_everywhere(tmp_path, opened):
    corpus, rules = tmp_path / "corpus", tmp_path / "rules"
    corpus.mkdir()
    rules.mkdir()
    (rules / "mine.toml").write_text(HOSTILE_RULE)
    (corpus / "plain.txt").write_text(HOSTILE_TEXT)
    (corpus / "<img src=x onerror=alert(4)>.txt").write_text(HOSTILE_TEXT)
    (corpus / "empty<svg onload=alert(5)>.txt").write_text("")
    record = {"id": "<script>alert(6)</script>", "text": HOSTILE_TEXT,
              "url": "javascript:alert(7)", "metadata": {"x": "</b><script>alert(8)</script>"}}
    (corpus / "feed.jsonl").write_text(json.dumps(record) + "\n")
    page_path = tmp_path / "report.html"
    result = _clean("explain", corpus, "--html", page_path, "--rules", rules)
    assert result.returncode == 0, result.stderr
    assert "<script>alert" not in page_path.read_text(encoding="utf-8")

    shown = opened(page_path)
    shown.open_all()
    page = shown.page
    scripts = page.eval_on_selector_all("script", "ss => ss.map(s => s.type)")
    assert scripts.count("") == 1  # the page's own; the rest are data, one per document
    assert scripts.count("application/json") == len(scripts) - 1 == 2  # rules, documents
    assert page.locator("img, svg").count() == 0
    assert page.locator("details.doc p *, details.doc del :not(.lb)").count() == 0  # text
    assert shown.dialogs == [] and shown.errors == []
    assert page.locator("details.doc").count() == 3
    assert page.locator("details.doc del", has_text="Drop me <script>").count() == 3
    text = page.inner_text("#d1")
    assert "<script>alert(1)</script>" in text and "&lt; and &amp;" in text
    assert "</p></del></details><img src=x onerror=alert(2)>" in text
    summaries = page.locator("details.doc > summary b").all_inner_texts()
    assert "<script>alert(6)</script>" in summaries
    assert "<img src=x onerror=alert(4)>" in summaries
    assert "empty<svg onload=alert(5)>.txt: empty file" in page.inner_text("#skipped")
    hover = page.locator("del", has_text="Drop me <script>").first.get_attribute("title")
    assert hover == 'mine.hostile: <script>alert(3)</script> & " breaks out'
    record = page.locator("details.doc", has=page.locator("summary b", has_text="alert(6)"))
    assert "url: javascript:alert(7)" in record.inner_text()
    assert '{"x": "</b><script>alert(8)</script>"}' in record.inner_text()


@pytest.mark.parametrize("text", [
    "</script><script>alert(9)</script>", "</SCRIPT >", "<!--<script>", "\u2028 & \\u003c",
    "<\\/script>", "\ud800 lone half"])
def test_a_data_block_keeps_any_text_inside_it(text):
    block = data_block({"l": [text, [0, text]], "k": [[text, text]]})
    inside = block.removeprefix("<script type=application/json>").removesuffix("</script>")
    assert "<" not in inside  # so neither </script> nor <!-- can occur in the block
    assert json.loads(inside) == {"l": [text, [0, text]], "k": [[text, text]]}


def _page_documents(raw: str) -> list[dict]:
    """The documents' data as the page's script reads it: base64, zlib, JSON."""
    blocks = re.findall(r"<script type=application/json id=c\d+ data-first=\d+>(.*?)</script>",
                        raw)
    return [doc for block in blocks
            for doc in json.loads(zlib.decompress(base64.b64decode(json.loads(block))))]


BREAKOUT_TEXT = (
    "A page that tries to end its data block\n"
    "</script><script>alert(9)</script>\n"
    "<!--<script>alert(10)</script>-->\n"
    "Drop me <script>\n"
    "</script ><img src=x onerror=alert(11)>\n")


def test_text_cannot_break_out_of_a_documents_data_block(tmp_path, opened):
    corpus, rules = tmp_path / "corpus", tmp_path / "rules"
    corpus.mkdir()
    rules.mkdir()
    (rules / "mine.toml").write_text(HOSTILE_RULE)
    (corpus / "<!--<script>alert(12)<.txt").write_text(BREAKOUT_TEXT)
    record = {"id": "</script><!--", "text": BREAKOUT_TEXT, "metadata": {"x": "</script>"}}
    (corpus / "feed.jsonl").write_text(json.dumps(record) + "\n")
    page_path = tmp_path / "report.html"
    result = _clean("explain", corpus, "--html", page_path, "--rules", rules)
    assert result.returncode == 0, result.stderr
    raw = page_path.read_text(encoding="utf-8")
    assert raw.lower().count("</script") == raw.lower().count("<script") == 3
    assert "alert" not in raw.split("<main>")[1].split("</main>")[0].replace("alert(12)", "")
    documents = _page_documents(raw)
    assert [[line if isinstance(line, str) else line[1] for line in doc["l"]]
            for doc in documents] == [BREAKOUT_TEXT.splitlines()] * 2

    shown = opened(page_path)
    shown.open_all()
    page = shown.page
    assert shown.dialogs == [] and shown.errors == []
    assert page.locator("img").count() == 0
    assert page.eval_on_selector_all("script", "ss => ss.map(s => s.type)") \
        == ["application/json", "application/json", ""]
    for number in (1, 2):
        lines = page.eval_on_selector_all(f"#d{number} [data-n]",
                                          "ls => ls.map(l => l.lastChild.textContent)")
        assert lines == BREAKOUT_TEXT.splitlines()
    assert page.locator("details.doc > summary b").all_inner_texts() \
        == ["<!--<script>alert(12)<", "</script><!--"]
    assert '{"x": "</script>"}' in page.inner_text("#d2 .hd")


def test_explain_of_a_folder_prints_each_document_in_turn():
    result = _clean("explain", SEEDS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("==== article (") >= 5
    for seed in SEEDS.glob("*.txt"):
        assert f"==== article ({seed.stem})" in result.stdout


def test_explain_of_a_jsonl_file_names_skipped_records(tmp_path):
    corpus = tmp_path / "feed.jsonl"
    corpus.write_text(json.dumps({"id": "a", "text": "A headline\nIt happened.\nSource link"})
                      + "\nnot json\n")
    result = _clean("explain", corpus)
    assert result.returncode == 0, result.stderr
    assert "    3 - [generic.theme-buttons] Source link" in result.stdout
    assert "skipped feed.jsonl:2: not JSON" in result.stderr
