"""`clean explain INPUT --html REPORT`: one self-contained page, checked in a real browser.

The page is made by the command line from the seed documents and opened in headless Chromium
(Playwright driving the system's /usr/bin/chromium; Playwright's own browsers are never
downloaded). What it shows must agree with what `clean` itself reports. Without Chromium or
Playwright these tests are skipped, unless REPORT_TESTS_NEED_BROWSER is set (CI sets it).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from cleaner.document import Document

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

    def _route(self, route) -> None:
        self.requests.append(route.request.url)
        if route.request.url == self.uri:
            route.continue_()
        else:  # nothing may leave the page; if it tries, the test sees it
            route.abort()

    def open_all(self) -> None:
        self.page.eval_on_selector_all("details", "ds => ds.forEach(d => d.open = true)")

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
    assert page.locator(target).is_visible()
    assert page.locator(target).inner_text() == "Medinsky"


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
    assert page.evaluate("document.scripts.length") == 1  # the page's own
    assert page.locator("img, svg").count() == 0
    assert page.locator("details.doc p *, details.doc del *").count() == 0  # lines are text
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
