"""The bulk line features equal their per-line definitions, on real dumps and odd text: both
implementations, the compiled core and the Python reference (tests/test_core.py compares them
on whole corpora)."""

from __future__ import annotations

import re

import pytest
from conftest import shared, train_pages

import cleaner.linefeatures
from cleaner import language
from cleaner.chain import load_rule_files
from cleaner.linefeatures import PROBES, _vocabulary_table, line_features

# A word: a run of \w, where a Han ideograph, hiragana or katakana is a word alone.
IDEOGRAPH = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f"
WORD = re.compile(f"(?=\\w)[{IDEOGRAPH}]|[^\\W{IDEOGRAPH}]+")
LIST_ITEM = re.compile(r"(?:[-*•·▪–]|\d{1,3}[.)])\s")
FIGURES = re.compile(r"\d.*\s|\s.*\d")
CELLS = re.compile(r"\S\s*\|\s*\S")
ODD_LINES = [
    "", " ", "-", "- ", "-\tx", "1. One", "12) Two", "123. Three", "1234. Four", "1.x", "(1) x",
    "Straße STRASSE İstanbul ǅemal", "𝐁𝐨𝐥𝐝 𝐭𝐞𝐱𝐭 and 𐐀𐐨 the 😀😀 of", "x\x1cy\u2003z 4",
    "a_b c-d don't U.S.", "٣ apples", "price: 3 | 4 €", "| lone", "tab\t|\tcell",
    "THE The tHe the", "int main() { return 0; }", "Ends with ellipsis…", "quote”", "(a)",
    "市政府周二决定将老市场关闭一年。", "東京都は火曜日、古い市場を閉鎖することを決めた。",
    "2025年3月12日 the", "ﾆｭｰｽ と ニュース", "abc市de", "𠀀𠀁 𪜀", "「引用」",
    "\u303f\u3040\u30ff\u3100",
    "\u33ff\u3400\u4dbf\u4dc0 \u4dff\u4e00\u9fff\ua000 \uf8ff\uf900\ufaff\ufb00",
    "\uff65\uff66\uff9f\uffa0 \U0001ffff\U00020000\U0003134f\U00031350",
]


def fold(word: str) -> str:
    """Casefold, except where a character's casefold is longer than it (ß -> ss)."""
    return "".join(c.casefold() if len(c.casefold()) == 1 else c for c in word)


def per_line(text: str, vocabulary: frozenset[str]) -> tuple:
    words = WORD.findall(text)
    return (len(words), sum(fold(w) in vocabulary for w in words),
            text.endswith(tuple('.!?"”’)…:。！？」』')), bool(re.search(r"[{}();=<>\[\]]", text)),
            bool(LIST_ITEM.match(text)), bool(FIGURES.search(text)), bool(CELLS.search(text)),
            bool(re.search(r"\d", text)), sum(c.isalpha() for c in text),
            sum(c.isupper() for c in text))


def bulk(texts: list[str], vocabulary: frozenset[str]) -> list[tuple]:
    f = line_features(texts, vocabulary)
    return list(zip(f.words.tolist(), f.stopwords.tolist(), f.ends.tolist(), f.code.tolist(),
                    f.list_item.tolist(), f.figures.tolist(), f.cells.tolist(), f.digits.tolist(),
                    f.letters.tolist(), f.capitals.tolist(), strict=True))


@pytest.fixture(autouse=True, params=["compiled", "python"])
def implementation(request, monkeypatch):
    """Every test here runs on both implementations."""
    if request.param == "python":
        monkeypatch.setattr(cleaner.linefeatures, "compiled", None)
    elif cleaner.linefeatures.compiled is None:
        pytest.fail("the compiled core is not built: pip install -e . with a C compiler")
    return request.param


@pytest.fixture(scope="module")
def vocabulary() -> frozenset[str]:
    files = load_rule_files([])
    return next(r.vocabulary for f in files for r in f.rules if r.action == "locate_content")


def test_odd_lines(vocabulary):
    assert bulk(ODD_LINES, vocabulary) == [per_line(t, vocabulary) for t in ODD_LINES]


def test_a_vocabulary_of_other_scripts():
    vocabulary = frozenset({"été", "straße", "ǆemal", "δέ", "的", "の", "これ"})
    texts = ["Été été ÉTÉ", "straße", "𐐀𐐨 𐐨", "ǅemal ǆemal", "ΔΈ Δέ δε", "我的书的", "これの本",
             "ab的cd"]
    assert bulk(texts, vocabulary) == [per_line(t, vocabulary) for t in texts]


def test_empty_input(vocabulary):
    assert bulk([], vocabulary) == []


def test_dev_set_dumps(vocabulary):
    for path in train_pages("text")[::4]:
        texts = path.read_text(encoding="utf-8").splitlines()
        assert bulk(texts, vocabulary) == [per_line(t, vocabulary) for t in texts], path.name


def test_reading_a_few_characters_at_a_time_changes_nothing(vocabulary):
    """Pages and lines longer than the chunk are read in pieces cut at white space; the
    features put together again are those of a reading at once."""
    texts = shared("devset", "text", "wcxb-0286.txt").read_text(
        encoding="utf-8").splitlines()
    texts += ["one " * 300 + "4 | 5", "x" * 500, "- 12 items " + "the cat " * 200 + "ends.", ""]
    at_once = line_features(texts, vocabulary)
    for chunk in (64, 1000):
        pieces = line_features(texts, vocabulary, chunk=chunk)
        for name in at_once.__slots__:
            assert getattr(pieces, name).tolist() == getattr(at_once, name).tolist(), name


def test_the_character_tables_come_from_the_cache_as_they_were_made(tmp_path, monkeypatch):
    """The tables are made once, written to the cache, then read back equal; a cut entry is
    made again, and a cache that cannot be written costs only the making."""
    tables = cleaner.linefeatures._bmp_tables
    made = cleaner.linefeatures._make_bmp_tables()
    monkeypatch.setenv("CLEANER_CACHE", str(tmp_path / "cache"))
    for _ in range(2):  # made and written, then read
        tables.cache_clear()
        classes, fold = tables()
        assert (classes == made[0]).all() and (fold == made[1]).all()
    [entry] = (tmp_path / "cache" / "char-tables").iterdir()
    entry.write_bytes(entry.read_bytes()[:100])
    tables.cache_clear()
    assert (tables()[1] == made[1]).all()
    monkeypatch.setenv("CLEANER_CACHE", str(entry / "not-a-folder"))
    tables.cache_clear()
    assert (tables()[0] == made[0]).all()
    tables.cache_clear()


LANGUAGES = [*language.JUSTEXT_NAMES, *language.SHIPPED_LISTS]


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_word_of_every_language_list_is_found(code):
    """Each word of a language's list is found wherever probing put it in the table, and the
    same words with a letter more are not (jusText's lists run to 13,000 words)."""
    words = sorted(language.stopwords(code))
    texts = [" ".join(words[at:at + 7]) for at in range(0, len(words), 7)]
    texts += [" ".join(w + "q" for w in words[at:at + 7]) for at in range(0, len(words), 7)]
    vocabulary = frozenset(words)
    assert bulk(texts, vocabulary) == [per_line(t, vocabulary) for t in texts]


def test_a_vocabulary_table_takes_a_few_slots_a_word():
    """Sized until no two words shared a slot, the tables of jusText's larger lists took up
    to 2 GB each. They take 4 to 8 slots a word, twice that where a run of taken slots would
    put a word PROBES slots or more from its own (Finnish, Ukrainian)."""
    for code in LANGUAGES:
        words = language.stopwords(code)
        table, _, _ = _vocabulary_table(words)
        assert len(table) <= 16 * len(words) + PROBES, code
