"""HTML input: trafilatura's article, the generic rules on top, the plain dump weighed too."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import devset_manifest, read_records, shared, train_pages

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PAGES = ["wcxb-0001", "wcxb-0002", "wcxb-0003", "wcxb-0004"]


def _words(text):
    return " ".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def test_html_pages_give_their_article(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for page in PAGES:
        shutil.copy(shared("devset", "html", f"{page}.html.gz"), folder)
    result = subprocess.run([sys.executable, "-m", "cleaner", str(folder), str(tmp_path / "out"),
                             "-q"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    records = {r["id"]: r for r in read_records(tmp_path / "out" / "records.jsonl")
               if r["metadata"]["kind"] == "article"}
    assert sorted(records) == [f"{page}.html.gz" for page in PAGES]
    for page in PAGES:
        record = records[f"{page}.html.gz"]
        text = _words(record["text"])
        assert all(_words(s) in text for s in devset_manifest()[page]["with"]), page
        assert record["metadata"]["extractor"] in ("trafilatura", "dump")
        assert record["metadata"]["title"]


def test_dump_keeps_visible_blocks_and_drops_scripts():
    from cleaner.sources.html import dump_text, parse

    html = ("<html><head><title>T</title><style>p{}</style></head><body><nav>Home</nav>"
            "<p>First <b>bold</b> words.</p><script>var x=1;</script><div>Second<br>Third</div>"
            + "<div>" * 200 + "Deep" + "</div>" * 200 + "</body></html>")
    lines = dump_text(parse(html)).split("\n")
    assert lines == ["Home", "First bold words.", "Second", "Third", "Deep"]
    # Nesting past the parser's limit loses what is inside it, but nothing crashes.
    hostile = "<p>Kept.</p>" + "<div>" * 100_000 + "x" + "</div>" * 100_000
    assert dump_text(parse(hostile)).split("\n")[0] == "Kept."



def test_dump_walks_open_forms_comments_and_what_follows_the_page():
    from cleaner.sources.html import BLOCK_MARK, dump_text, parse

    html = ("<html><body><p>One<!-- a comment --> line</p><button>Menu</button>"
            "<select><option>A</option><p>A paragraph the open select swallowed.</p>"
            f"</select><p>Odd{BLOCK_MARK} mark</p></body></html><p>After the page.</p>")
    assert dump_text(parse(html)).split("\n") == [
        "One line", "A", "A paragraph the open select swallowed.", "Odd mark",
        "After the page."]

def test_page_without_text_is_skipped_with_reason(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.html").write_text("<html><body><script>x()</script></body></html>")
    result = subprocess.run([sys.executable, "-m", "cleaner", str(tmp_path / "in"),
                             str(tmp_path / "out")], capture_output=True, text=True)
    assert result.returncode == 1  # nothing could be cleaned
    assert "skipped empty.html: HTML page has no visible text" in result.stderr
    assert ("clean: nothing was cleaned: its one document was skipped (1 HTML page has no "
            "visible text)") in result.stderr


def test_a_page_whose_plain_dump_wins_is_counted_as_explained(tmp_path):
    """wcxb-0113: trafilatura keeps a fragment, the page's plain dump wins; report.json must
    count the removals of the dump, the lines `clean explain` shows struck out."""
    page = shared("devset", "html", "wcxb-0113.html.gz")
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "cleaner", "run", str(page), str(out), "--quiet"],
                   check=True)
    assert read_records(out / "records.jsonl")[0]["metadata"]["extractor"] == "dump"
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    shown = subprocess.run([sys.executable, "-m", "cleaner", "explain", str(page)],
                           check=True, capture_output=True, text=True).stdout
    struck = [line for line in shown.splitlines() if " - [" in line[:9]]
    assert struck and sum(report["removed_lines"].values()) == len(struck)


def test_the_dump_is_weighed_only_for_the_languages_it_is_read_in(tmp_path):
    """The page's dump is read with English function words: a page of another language keeps
    trafilatura's article (wcxb-0113, where the dump wins in English, forced to German)."""
    page = shared("devset", "html", "wcxb-0113.html.gz")
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "cleaner", "run", str(page), str(out), "--quiet",
                    "--language", "de"], check=True)
    [article] = [r for r in read_records(out / "records.jsonl")
                 if r["metadata"]["kind"] == "article"]
    assert article["metadata"]["extractor"] == "trafilatura"
    assert not any(r["rule"] == "html.outside-dump-article"
                   for r in article["metadata"]["removed"])


def test_edge_lines_the_dump_article_leaves_out_go(tmp_path):
    """wcxb-0027: trafilatura's text opens with a menu heading and an ad label that the
    article the locator finds in the page's dump leaves out; they go, traced to the check."""
    page = shared("devset", "html", "wcxb-0027.html.gz")
    subprocess.run([sys.executable, "-m", "cleaner", "run", str(page), str(tmp_path / "out"),
                    "--quiet"], check=True)
    [article] = [r for r in read_records(tmp_path / "out" / "records.jsonl")
                 if r["metadata"]["kind"] == "article"]
    assert article["metadata"]["extractor"] == "trafilatura"
    assert {"rule": "html.outside-dump-article", "lines": [1, 1]} in article["metadata"]["removed"]
    assert not article["text"].startswith("Locations:")
    assert all(_words(s) in _words(article["text"]) for s in devset_manifest()["wcxb-0027"]["with"])


def test_a_line_is_held_by_words_exactly_when_its_words_run_on_in_the_text():
    """`weigh.Words` answers most lines without a search; its answer must be the search's."""
    import random

    from cleaner.weigh import Words, word_key

    rng = random.Random(7)
    gold = train_pages("gold")
    for path in rng.sample(gold, 30):
        text = path.read_text(encoding="utf-8")
        words = Words(text)
        assert words.keys == [word_key(line) for line in text.split("\n")], path.name
        running = " " + " ".join(word_key(text).split()) + " "
        lines = [line for line in text.split("\n") if line.strip()]
        tokens = word_key(text).split()
        probes = [*lines[:20], "a line this text surely lacks", "the of and"]
        for _ in range(30):  # stretches of the text's own words, across its lines too
            start = rng.randrange(len(tokens))
            probes.append(" ".join(tokens[start:start + rng.randint(1, 8)]))
            probes.append(" ".join(rng.sample(tokens, min(3, len(tokens)))))
        for probe in probes:
            key = word_key(probe)
            assert words.holds(key) == (not key or f" {key} " in running), (path.name, probe)


def test_title_and_url_are_those_of_trafilaturas_whole_metadata_pass():
    """`html.title_and_url` runs only the steps of trafilatura's metadata pass that give the
    title and the URL (and skips JSON-LD when the meta tags gave a title); on dev pages, with
    and without JSON-LD, it must give what the whole pass gives."""
    import gzip

    from trafilatura.metadata import extract_metadata

    from cleaner.sources.html import parse, title_and_url

    pages = train_pages("html")[::8]
    with_json_ld = named = 0
    for page in pages:
        html = gzip.decompress(page.read_bytes()).decode("utf-8", errors="replace")
        with_json_ld += "application/ld+json" in html
        whole = extract_metadata(parse(html))
        title, url, site_name = title_and_url(parse(html))
        assert (title, url) == (whole.title, whole.url), page.name
        named += bool(site_name)  # as the meta tags print it (the pass then rewrites it)
    assert with_json_ld > 10
    assert named > len(pages) / 2


def test_a_pages_title_loses_its_site_suffix_as_its_txt_would(tmp_path):
    """The <title> "10 Easy Steps for a Great Interior Design | Tarkett": the site's name (its
    host, home.tarkett.co.uk) goes to metadata, so the page's .txt, cleaned again, gives
    the same title."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(shared("devset", "html", "wcxb-0012.html.gz"), folder)
    subprocess.run([sys.executable, "-m", "cleaner", str(folder), str(tmp_path / "out"), "-q"],
                   check=True)
    record = read_records(tmp_path / "out" / "records.jsonl")[0]
    assert record["metadata"]["title"] == "10 Easy Steps for a Great Interior Design"
    assert record["metadata"]["sitename"] == "Tarkett"  # its host name, tarkett.co.uk
    written = (tmp_path / "out" / "wcxb-0012.html.gz.txt").read_text(encoding="utf-8")
    again = tmp_path / "again"
    again.mkdir()
    (again / "page.txt").write_text(written, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "cleaner", str(again), str(tmp_path / "out2"), "-q"],
                   check=True)
    assert (tmp_path / "out2" / "page.txt").read_text(encoding="utf-8") == written


GERMAN_PAGE = """<html><body><nav><a href="/">Startseite</a> <a href="/k">Kontakt</a></nav>
<article><h1>Neue Radwege für die Innenstadt</h1>
<p>Die Stadt will in den nächsten zwei Jahren mehr als zwanzig Kilometer neue Radwege bauen,
wie der Bürgermeister am Dienstag im Rathaus sagte. Die Arbeiten sollen im Frühjahr beginnen.</p>
<p>Nach den Plänen der Verwaltung werden vor allem die Straßen rund um den Bahnhof umgebaut,
weil dort die meisten Unfälle mit Radfahrern gezählt wurden, und auch die Schulen bekommen
sichere Wege, die von den Autos getrennt sind.</p></article></body></html>"""


def test_trafilaturas_recall_focus_only_where_the_dump_is_weighed(monkeypatch):
    """The recall focus lets in more of a page, which the weighing against the dump takes out
    again on English pages only: a German page is extracted with trafilatura's default focus,
    an English one (wcxb-0001, the fixture) with the recall focus."""
    from cleaner.sources import html

    focus = []
    real = html.extract
    monkeypatch.setattr(html, "extract", lambda tree, favor_recall:
                        focus.append(favor_recall) or real(tree, favor_recall))
    german = html.read_html(GERMAN_PAGE, "de-page", "de-page.html")
    assert "Radwege" in german.text()
    english = gzip.decompress((FIXTURES / "html" / "wcxb-0001.html.gz").read_bytes())
    html.read_html(english.decode("utf-8"), "wcxb-0001", "wcxb-0001.html")
    assert focus == [False, True]
    # An English cookie footer makes the dump read as English, but the text (what the
    # weighing reads) is German: it is extracted again in the default focus.
    focus.clear()
    footer = "".join(f"<p>We use cookies to give you the best experience on the site and to "
                     f"measure the use of the pages of the publisher ({n}).</p>" for n in range(6))
    mixed = html.read_html(GERMAN_PAGE.replace("</body>", f"<footer>{footer}</footer></body>"),
                           "mixed", "mixed.html")
    assert focus == [True, False] and "Radwege" in mixed.text()


def test_the_dumps_extra_words_count_as_running_text_only_in_paragraphs():
    """Where trafilatura's text is short beside the dump's article, the dump is taken only when
    what it adds is running text (`prose_at_least`): a form's fields, an address and a phone
    number are not; a footer's disclaimer is. Lines of the train page wcxb-0362 (a short
    article over a lead form and the company's addresses)."""
    from cleaner import load_rule_files
    from cleaner.weigh import Words, outside_prose, prose_reading

    assert shared("devset", "text", "wcxb-0362.txt") in train_pages("text")
    lines = shared("devset", "text", "wcxb-0362.txt").read_text(encoding="utf-8").split("\n")
    rule = next(r for f in load_rule_files() for r in f.rules
                if r.id == "html.outside-dump-article")
    article = lines[51]
    form = [lines[62], lines[137], "(800) 677-7887", lines[189]]
    assert article.startswith("A good risk management safety program requires")
    assert form[:2] == ["Title*", "This field is hidden when viewing the form"]
    assert form[3] == "Hunt Valley, MD 21031"
    inner = Words(article)
    assert outside_prose("\n".join([article, *form]), inner, prose_reading(rule)) == 0.0
    disclaimer = lines[194]
    assert disclaimer.startswith("This material is not intended to replace the advice")
    share = outside_prose("\n".join([article, *form, disclaimer]), inner, prose_reading(rule))
    assert share > rule.params["prose_at_least"]
    assert outside_prose(article, inner, prose_reading(rule)) == 1.0  # nothing beyond it
    assert outside_prose("\n".join([article, *form]), inner, None) == 1.0  # no word list


def test_a_user_rule_that_reads_running_text_needs_its_word_list(tmp_path):
    """A rule of one's own with `prose_at_least` and no `stopwords` would never test running
    text: it is refused, naming the field."""
    (tmp_path / "weigh.toml").write_text(
        'description = "a weighing of its own"\n\n[[rule]]\nid = "html.outside-dump-article"\n'
        'action = "weigh_dump"\ninputs = ["html"]\nreason = "r"\nprose_at_least = 0.3\n',
        encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "cleaner", "rules", "list", "--rules",
                             str(tmp_path)], capture_output=True, text=True)
    assert result.returncode != 0
    assert "prose_at_least" in result.stderr and "stopwords" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_html_page_where_text_was_expected_is_read_as_the_page(tmp_path):
    """A page saved as `.txt`, or a crawl that keeps its HTML in the `text` field, gave its
    markup as the article ("<div data-..." for a title); now it gives what the same page as
    `.html` gives, and says how it was read."""
    page = gzip.decompress((FIXTURES / "html" / "wcxb-0001.html.gz").read_bytes())
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "as-html.html").write_bytes(page)
    (folder / "as-text.txt").write_bytes(page)
    (folder / "corpus.jsonl").write_text(json.dumps({"id": "rec", "text": page.decode()}) + "\n")
    result = subprocess.run([sys.executable, "-m", "cleaner", str(folder), str(tmp_path / "out")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert ("read: 2 texts holding an HTML page read as HTML (metadata.html_in_text)"
            in result.stderr)
    articles = {r["metadata"]["source"]: r for r in read_records(tmp_path / "out" / "records.jsonl")
                if r["metadata"]["kind"] == "article"}
    as_html = articles["as-html.html"]
    assert "<" not in as_html["text"][:200] and "html_in_text" not in as_html["metadata"]
    for source in ("as-text.txt", "corpus.jsonl"):
        assert articles[source]["text"] == as_html["text"], source
        assert articles[source]["metadata"]["title"] == as_html["metadata"]["title"]
        assert articles[source]["metadata"]["html_in_text"] is True


def test_an_html_file_of_plain_text_is_read_as_the_text_it_is(tmp_path):
    """A text saved as `.html` was skipped ("HTML could not be parsed": trafilatura takes no
    page without markup); it is now cleaned as the same `.txt` is. A UTF-16 page, whose bytes
    hold no "<h", is still read as HTML."""
    seed = sorted((FIXTURES / "seeds").glob("*.txt"))[0].read_bytes()
    page = gzip.decompress((FIXTURES / "html" / "wcxb-0001.html.gz").read_bytes())
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(seed)
    (folder / "a.html").write_bytes(seed)
    (folder / "wide.html").write_bytes(page.decode().encode("utf-16"))
    result = subprocess.run([sys.executable, "-m", "cleaner", str(folder), str(tmp_path / "out")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "1 .html file of plain text read as text (metadata.text_in_html)" in result.stderr
    articles = {r["metadata"]["source"]: r for r in read_records(tmp_path / "out" / "records.jsonl")
                if r["metadata"]["kind"] == "article"}
    assert articles["a.html"]["text"] == articles["a.txt"]["text"]
    assert articles["a.html"]["metadata"]["text_in_html"] is True
    assert "text_in_html" not in articles["wide.html"]["metadata"]
    assert articles["wide.html"]["metadata"]["extractor"] in ("trafilatura", "dump")
