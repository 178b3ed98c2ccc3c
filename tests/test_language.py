"""A document's language (language.py): guessed from its function words, kept as
metadata.language, forced with --language, and the word list the locator reads prose by."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import FIXTURES

from cleaner import language
from cleaner.chain import Cleaner, load_rule_files
from cleaner.document import Document

CLEANER = Cleaner(load_rule_files())

GERMAN = ("Die Bundesregierung hat am Mittwoch einen neuen Haushalt beschlossen, der mehr Geld "
          "für die Schulen und die Bahn vorsieht, als die Opposition es gefordert hat.")
FRENCH = ("Le gouvernement a présenté mercredi un budget qui prévoit plus d'argent pour les "
          "écoles et pour le train, mais qui ne répond pas à toutes les demandes des maires.")
SPANISH = ("El gobierno presentó el miércoles un presupuesto que prevé más dinero para las "
           "escuelas y para el tren, pero que no responde a todas las demandas de los alcaldes.")


ARABIC = ("قال وزير الصحة اليوم السبت إن رئيس الحكومة هو من اتخذ قرار يسمح للجماهير الرياضية "
          "بالدخول إلى الملاعب، وأضاف أن الحكومة تدرس فتح القطاعات بشكل تدريجي.")


KOREAN = ("정부는 화요일 오래된 시장을 일 년 동안 닫기로 결정했다고 밝혔다. 시장은 안전이 가장 "
          "중요하다고 말했으며 공사는 다음 달에 시작될 예정이다.")


@pytest.mark.parametrize("text, code", [(GERMAN, "de"), (FRENCH, "fr"), (SPANISH, "es"),
                                        (ARABIC, "ar"), (KOREAN, "ko")])
def test_a_paragraph_of_prose_is_told_by_its_function_words(text, code):
    assert language.guess(f"{text}\n{text}") == code
    assert language.guess(text[:100]) is None  # 30 words at least: fewer say nothing


def test_english_is_told_and_a_page_of_names_and_figures_is_no_language():
    seed = (FIXTURES / "seeds" / "001_14508f3cbf4abfa2.txt").read_text(encoding="utf-8")
    assert language.guess(seed) == "en"
    assert language.guess("Müller Schmidt 2025 12:30 Berlin Hamburg 3:1 Kowalski\n" * 8) is None


def test_a_page_is_the_language_of_its_prose_not_of_its_menus_and_consent_box():
    """An English consent box, menus and footer around a German article: the head of the
    page alone reads as English (" the " in every chrome line), its sentences as German."""
    chrome = ["Accept all cookies", "Manage the settings", "Sign in to the site",
              "Read the latest news", "Follow the newsroom", "About the paper"] * 12
    article = [GERMAN, "Am Abend wurde darüber in der Stadt und im Land noch lange gestritten, "
               "und die Bürgermeister der Region haben sich mit einem Brief an die Regierung "
               "gewandt."] * 3
    page = "\n".join(chrome + article + ["Privacy settings of the site", "Imprint"])
    assert language.guess("\n".join(chrome)) == "en"
    assert language.guess(page) == "de"
    # Prose too short to tell leaves the guess to the page as it opens.
    assert language.guess("\n".join(chrome + [GERMAN[:70] + "."])) == "en"


def test_every_record_carries_its_documents_language():
    [*records] = CLEANER.clean(Document.from_text(
        (FIXTURES / "seeds" / "001_14508f3cbf4abfa2.txt").read_text(encoding="utf-8"),
        "001", "001.txt"))
    assert len(records) > 1
    assert {r.to_json()["metadata"]["language"] for r in records} == {"en"}


def test_an_html_pages_bare_text_takes_the_language_of_its_dump():
    """trafilatura's text of a page that lists headlines has too few function words to
    tell; the page's dump, its menus, list and footer together, tells German (invented)."""
    listing = "\n".join(["Kurz notiert", "Neue Radwege am Bahnhof", "Schwimmbad öffnet im Mai",
                          "Stadtfest mit Rekord", "Bibliothek länger offen"])
    doc = Document.from_text(listing, "page", "page.html", input_kind="html")
    assert language.guess(doc.text()) is None
    doc.dump = Document.from_text(
        "Startseite\n" + listing + "\nWir berichten seit über hundert Jahren über alles, was "
        "in der Stadt und in den Dörfern rund um sie geschieht, und sind für die Leser da.",
        "page", "page.html")
    [article, *_] = Cleaner(load_rule_files()).clean(doc)
    assert article.extra["language"] == "de"


def test_the_locator_reads_german_prose_by_german_function_words():
    """A German page: menu lines, the article, a footer. Read by English function words, no
    line was prose and the page was kept whole; by German ones the article is found."""
    page = "\n".join([
        "Startseite", "Politik", "Wirtschaft", "Sport", "Kontakt",
        "Haushalt für das kommende Jahr beschlossen",
        GERMAN,
        "Der Finanzminister sagte nach der Sitzung, dass die Schulden im nächsten Jahr nicht "
        "steigen würden und dass die Länder einen größeren Teil der Kosten tragen sollen.",
        "Die Opposition kritisierte den Entwurf und kündigte an, im Bundestag gegen den "
        "Haushalt zu stimmen, weil er die Kommunen nicht genug entlaste.",
        "Impressum", "Datenschutz", "Cookie-Einstellungen", "© 2025 Zeitung",
    ])
    [article] = CLEANER.clean(Document.from_text(page, "de", "de.txt"))
    assert article.to_json()["metadata"]["language"] == "de"
    assert article.title == "Haushalt für das kommende Jahr beschlossen"
    assert article.text.split("\n")[0] == GERMAN
    assert "Startseite" not in article.text and "Impressum" not in article.text


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cleaner", *args], capture_output=True,
                          text=True)


def test_language_forces_every_documents_and_a_bad_code_is_a_usage_error(tmp_path):
    result = _run(str(FIXTURES / "seeds"), str(tmp_path / "out"), "-q", "--language", "FR")
    assert result.returncode == 0, result.stderr
    records = (tmp_path / "out" / "records.jsonl").read_text(encoding="utf-8").splitlines()
    assert {json.loads(line)["metadata"]["language"] for line in records} == {"fr"}
    bad = _run(str(FIXTURES / "seeds"), str(tmp_path / "bad"), "--language", "x!")
    assert bad.returncode == 2
    assert "'x!' is not a language code" in bad.stderr
    assert not (tmp_path / "bad").exists()


def test_a_languages_rule_file_applies_to_its_languages_documents_only():
    """de.toml's lines go from a German document, and stay in an English one."""
    text = "\n".join([GERMAN, "Artikel teilen", GERMAN.replace("Mittwoch", "Montag")])
    [german] = CLEANER.clean(Document.from_text(text, "de", "de.txt", language="de"))
    assert "Artikel teilen" not in german.text.split("\n")
    assert "de.buttons" in {r["rule"] for r in german.removed}
    [english] = CLEANER.clean(Document.from_text(text, "en", "en.txt", language="en"))
    assert "Artikel teilen" in english.text.split("\n")


def test_a_language_that_is_no_code_is_an_error_naming_the_file(tmp_path):
    (tmp_path / "mine.toml").write_text('languages = ["German"]\n')
    result = _run("rules", "test", "--rules", str(tmp_path))
    assert result.returncode == 2
    assert "mine.toml" in result.stderr and "ISO 639-1" in result.stderr


def test_a_site_file_declares_its_documents_language(tmp_path):
    (tmp_path / "mine.toml").write_text('[site]\nname = "mine"\nlanguage = "fr"\n'
                                        'fingerprints = ["Mine template"]\n')
    (tmp_path / "doc.txt").write_text(f"Mine template\n{GERMAN}\n{GERMAN}\n", encoding="utf-8")
    result = _run(str(tmp_path / "doc.txt"), str(tmp_path / "out"), "-q", "--rules",
                  str(tmp_path / "mine.toml"))
    assert result.returncode == 0, result.stderr
    [record] = [json.loads(line) for line in
                (tmp_path / "out" / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    assert record["metadata"]["language"] == "fr" and record["metadata"]["site"] == "mine"


CHINESE = "市政府周二决定将老市场关闭一年，此前工程师在支撑屋顶的两个拱门中发现了裂缝。"
JAPANESE = ("市は火曜日、屋根を支える二つのアーチにひびが見つかったことを受けて、"
            "古い市場を閉鎖した。")


def test_chinese_and_japanese_are_told_by_their_scripts():
    assert language.guess(CHINESE) == "zh"
    assert language.guess(JAPANESE) == "ja"
    assert language.guess(f"{GERMAN}\n{GERMAN} 北京 東京") == "de"  # names in ideographs
    assert language.guess("首页 新闻 国际") is None  # too few characters to tell


@pytest.mark.parametrize("page, code, title, links", [
    ("zh-market", "zh", "城市决定关闭老市场一年进行维修",
     ["新桥将于春季开通", "市长出席港口大厅开幕仪式"]),
    ("ja-market", "ja", "古い市場、改修のため一年間閉鎖へ",
     ["新しい橋、春に開通へ", "市長、港の仮設ホールの開所式に出席"])])
def test_a_page_without_spaces_between_words_comes_out_as_its_article(page, code, title, links):
    """Each character is a word and the language's function characters tell its prose: the
    menu, dateline, buttons, related list, comments and footer go, the four paragraphs stay,
    the headline is the title and the related list's headlines are links."""
    lines = (FIXTURES / "cjk" / f"{page}.txt").read_text(encoding="utf-8").splitlines()
    [record] = CLEANER.clean(Document.from_text("\n".join(lines), page, page))
    paragraphs = [line for line in lines if len(line) > 40]
    assert len(paragraphs) == 4
    assert record.text.splitlines() == paragraphs
    assert record.to_json()["metadata"]["language"] == code
    assert record.title == title
    assert [link["title"] for link in record.links] == links


RELATIVE_TIMES = ["vor 5 Stunden", "vor einer Woche", "il y a 3 jours", "il y a une heure",
                  "hace 2 horas", "há 5 minutos", "3 ore fa", "un anno fa", "5 uur geleden",
                  "2 godziny temu", "5 часов назад", "3 gün önce", "5 jam yang lalu",
                  "2 hari lalu", "5時間前", "3小时前", "gestern", "вчера", "5 hours ago"]
NOT_TIMES = ["Heute", "vor dem Haus", "il y a des jours", "hace frío", "5 uur", "Stunden",
             "temu", "5時間", "前"]


def test_relative_times_in_every_language_with_rule_files_are_stamps():
    """The `reltime` macro reads "5 hours ago" in the twelve languages with rule files, so
    a listing's stamps, a card's time and a byline's age are told in them too."""
    [rule] = [r for f in load_rule_files() for r in f.rules if r.id == "generic.listed-stories"]
    stamp = rule.compiled["stamp"]
    assert [t for t in RELATIVE_TIMES if not stamp.fullmatch(t)] == []
    assert [t for t in NOT_TIMES if stamp.fullmatch(t)] == []


def test_the_function_word_index_comes_from_the_cache_as_it_was_made(tmp_path, monkeypatch):
    """Made once and written, then read back equal; a damaged entry is made again."""
    made = language._make_index()
    monkeypatch.setenv("CLEANER_CACHE", str(tmp_path))
    for _ in range(2):  # made and written, then read
        language._index.cache_clear()
        assert language._index() == made
    [entry] = (tmp_path / "languages").iterdir()
    entry.write_bytes(entry.read_bytes()[:1000])
    language._index.cache_clear()
    assert language._index() == made
    language._index.cache_clear()


# CLDR's short and narrow relative times (babel's locale data, the forms a site's template
# prints beside a card or a byline), one or two a language, as they were read into the
# `xx.reltime` rules; with a sentence that must stay.
CLDR_TIMES = {"de": ["vor 5 Std.", "vor 25 Min."], "fr": ["il y a 5\xa0h", "il y a 2 sem."],
              "es": ["hace 3 d", "hace 30 s"], "it": ["1 giorno fa", "2 sett. fa"],
              "pt": ["há 2 sem.", "há 5 min."], "nl": ["3 dgn geleden", "1 minuut geleden"],
              "pl": ["5 godz. temu", "2 tyg. temu"], "ru": ["2 ч назад", "3 дн. назад"],
              "tr": ["5 sa. önce", "2 hf. önce"], "id": ["5 mnt lalu", "1 thn lalu"],
              "ja": ["5 時間前"], "zh": ["30秒钟前"]}


# CLDR's date and date-time forms (babel's locale data, as `format_date` and `format_datetime`
# print 7 December 2026 and 1 March 2025), as they were read into the `xx.dateline` rules.
CLDR_DATES = {"de": ["Montag, 7. Dezember 2026", "7. Dezember 2026, 14:05:00 UTC"],
              "fr": ["7 déc. 2026", "7 décembre 2026, 14:05:00 TU"],
              "es": ["7 dic 2026", "7 de diciembre de 2026, 14:05:00 UTC"],
              "it": ["7 dic 2026", "7 dicembre 2026 14:05:00 UTC"],
              "pt": ["7 de dez. de 2026", "segunda-feira, 7 de dezembro de 2026"],
              "nl": ["1 mrt 2025", "1 maart 2025, 14:05:00 UTC"],
              "pl": ["7 gru 2026", "7 grudnia 2026 14:05:00 UTC"],
              "ru": ["7 дек. 2026\u202fг.", "понедельник, 7 декабря 2026\u202fг."],
              "tr": ["7 Ara 2026", "7 Aralık 2026 Pazartesi"],
              "id": ["7 Des 2026", "7 Desember 2026 14.05.00 UTC"],
              "ja": ["2026年12月7日月曜日", "2026/12/07 14:05:00"],
              "zh": ["2026年12月7日 UTC 14:05:00"]}


STAMPS = [(code, "reltime", stamp) for code, stamps in CLDR_TIMES.items() for stamp in stamps] + [
    (code, "dateline", stamp) for code, stamps in CLDR_DATES.items() for stamp in stamps]


@pytest.mark.parametrize(("code", "role", "stamp"), STAMPS)
def test_a_time_or_date_in_cldrs_forms_is_a_stamp_line(code, role, stamp):
    """Alone on a line it goes, by its language's rule or by the generic date rule, which
    knows the twelve languages' month names; inside a sentence it stays."""
    doc = Document.from_text(f"{stamp}\nOn {stamp} the council met.", "d", "d.txt")
    Cleaner(FILES, language=code).clean(doc)
    stamp_rules = {f"{code}.{role}", "generic.bare-date"}
    assert doc.lines[0].removed_by in stamp_rules
    assert doc.lines[1].removed_by not in stamp_rules


FILES = load_rule_files()
