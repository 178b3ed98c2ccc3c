"""A document's language, as the content locator needs it: which list of function words its
prose is written with.

The lists are jusText's (installed with trafilatura: 100 languages, one file each). The guess
counts, for each language, the share of the document's words that are its function words, and
takes the language whose share is highest, when it is high enough to be prose (a page of
menus and names reads as no language). English text, most of what users feed, is told by a
C-speed count of " the " first, and never tokenised. A model such as py3langid guesses more
languages, but costs half a second to load in every process (start-up is 0.4 s) and the
locator needs no more than the word list that fits: choosing between close languages (Danish
and Norwegian) changes little, since their function words overlap.
"""

from __future__ import annotations

import importlib.util
import marshal
import re
from collections import Counter
from functools import cache, lru_cache
from pathlib import Path

from cleaner import linefeatures
from cleaner.cache import cached
from cleaner.linefeatures import character_class

# The languages guessed, by ISO 639-1 code, and jusText's name for each. English keeps the
# shipped word list (rules/stopwords-en.txt), so English output does not move.
JUSTEXT_NAMES = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
    "pt": "Portuguese", "nl": "Dutch", "pl": "Polish", "ru": "Russian", "tr": "Turkish",
    "id": "Indonesian", "sv": "Swedish", "da": "Danish", "no": "Norwegian_Bokmal",
    "fi": "Finnish", "cs": "Czech", "hu": "Hungarian", "ro": "Romanian", "uk": "Ukrainian",
    "ca": "Catalan", "hr": "Croatian", "sk": "Slovak", "sl": "Slovenian", "el": "Greek",
    "bg": "Bulgarian", "sr": "Serbian", "lt": "Lithuanian", "lv": "Latvian", "et": "Estonian",
    "vi": "Vietnamese", "ar": "Arabic", "fa": "Persian", "he": "Hebrew", "hi": "Hindi",
    "ur": "Urdu", "ko": "Korean",
}
# Chinese and Japanese put no space between words: they are told by their scripts, and their
# "function words" are characters (a character is a word there: linefeatures.WORDS), from
# the lists shipped in rules/ (stopwords-zh.txt, stopwords-ja.txt).
SHIPPED_LISTS = {"zh": "stopwords-zh.txt", "ja": "stopwords-ja.txt"}
KANA = re.compile(f"[{character_class(linefeatures.KANA)}]")
HAN = re.compile(f"[{character_class(linefeatures.HAN)}]")
MIN_IDEOGRAPHS = 0.3  # of a text's word characters: its prose is Chinese or Japanese
MIN_KANA = 0.1  # of those: Japanese (Chinese prints none)
SAMPLE_CHARS = 20_000  # enough words to tell; a long page's head and body say the same
MIN_WORDS = 30  # fewer words than this say nothing
MIN_SHARE = 0.12  # below this share of function words, no language's prose
ENGLISH_THE = 1 / 400  # " the " this often (per character) is English prose
WORD = re.compile(r"\w+")
# A line of prose: a sentence's length (60 characters: about ten words of English, two
# clauses of Chinese) ending like a sentence. The guess reads those first (`_prose_sample`).
PROSE_LINE = re.compile(r"^.{59,}[.!?…。！？][\"”’»)]*[ \t]*$", re.MULTILINE)
PROSE_SCAN_CHARS = 10 * SAMPLE_CHARS  # a page with no prose this far is read as it opens


def guess(text: str) -> str | None:
    """The code of the language the text's prose is written in, or None when it has too few
    words, or too few function words of any language, to tell.

    >>> guess("Die Bundesregierung hat am Mittwoch einen neuen Haushalt beschlossen, der mehr "
    ...       "Geld für die Schulen und die Bahn vorsieht, als die Opposition es gefordert hat, "
    ...       "und der nach dem Willen der Koalition noch vor dem Sommer im Bundestag beraten "
    ...       "werden soll.")
    'de'
    >>> guess("Home About Contact") is None, guess("") is None
    (True, True)
    >>> guess("市政府周二决定将老市场关闭一年，此前工程师在支撑屋顶的两个拱门中发现了裂缝。")
    'zh'
    >>> guess("市は火曜日、屋根にひびが見つかったため、古い市場を一年間閉鎖することを決めた。")
    'ja'
    """
    prose = _prose_sample(text)
    found = _guess_sample(prose) if prose else None
    return found if found is not None else _guess_sample(text[:SAMPLE_CHARS])


def _prose_sample(text: str) -> str:
    """The text's running prose: its lines of a sentence's length that end like one, up to
    SAMPLE_CHARS of them, read within its first PROSE_SCAN_CHARS. A page's menus, cookie
    banner and footer are short lines, and are often in another language than its article
    (an English consent box over a German story read as English)."""
    lines: list[str] = []
    size = 0
    for found in PROSE_LINE.finditer(text, 0, PROSE_SCAN_CHARS):
        lines.append(found.group())
        size += len(lines[-1]) + 1
        if size >= SAMPLE_CHARS:
            break
    return "\n".join(lines)


# An HTML page's text and dump are each guessed twice: by the reader, to choose
# trafilatura's focus (sources/html.py), and by the chain that cleans them.
@lru_cache(maxsize=4)
def _guess_sample(sample: str) -> str | None:
    if (the := sample.count(" the ")) and the >= ENGLISH_THE * len(sample):
        return "en"
    script = _by_script(sample)
    if script is not None:
        return script
    words = Counter(WORD.findall(sample.casefold()))
    total = sum(words.values())
    if total < MIN_WORDS:
        return None
    index = _index()
    hits: Counter = Counter()
    for word, count in words.items():
        for code in index.get(word, ()):
            hits[code] += count
    if not hits:
        return None
    code, found = hits.most_common(1)[0]
    return code if found >= MIN_SHARE * total else None


def _by_script(sample: str) -> str | None:
    """'ja' or 'zh' when ideographs are MIN_IDEOGRAPHS of the sample's word characters (so
    counted before any word is: a Chinese sentence is one `\\w+` run), else None."""
    han = len(HAN.findall(sample))
    if not han:  # most texts: one scan
        return None
    kana = len(KANA.findall(sample))
    if han + kana < MIN_WORDS:
        return None
    letters = sum(map(str.isalnum, sample))
    if han + kana < MIN_IDEOGRAPHS * letters:
        return None
    return "ja" if kana >= MIN_KANA * (han + kana) else "zh"


@cache
def stopwords(code: str) -> frozenset[str]:
    """jusText's function words for a language, or the shipped list of Chinese or Japanese
    function characters (empty for a code there is no list for)."""
    if code in SHIPPED_LISTS:
        path = Path(__file__).parent / "rules" / SHIPPED_LISTS[code]
        lines = path.read_text(encoding="utf-8").splitlines()
        return frozenset(w for line in lines if not line.startswith("#") for w in line.split())
    if code not in JUSTEXT_NAMES:
        return frozenset()
    return frozenset(w.strip().casefold()
                     for w in _list_path(code).read_text(encoding="utf-8").split("\n")
                     if w.strip())


def _list_path(code: str) -> Path:
    return _stoplists() / f"{JUSTEXT_NAMES[code]}.txt"


@cache
def _index() -> dict[str, tuple[str, ...]]:
    """Each function word and the languages it is one of, from the cache on disk when the
    lists and this code are those it was made from: making it reads and casefolds 36 lists
    (0.5 G instructions, more than the rest of a small run's start)."""
    key = Path(__file__).read_bytes() + b"".join(
        code.encode() + b"\0" + _list_path(code).read_bytes() + b"\0" for code in JUSTEXT_NAMES)
    return cached("languages", key, _make_index, marshal.dumps, marshal.loads)


def _make_index() -> dict[str, tuple[str, ...]]:
    """Each function word and the languages it is one of. A word of the English list counts
    for English only: jusText's lists come from Wikipedia's frequent words, and several
    carry English ones ("the", "of" and "your" are Finnish function words there), so English
    pages with more names than sentences read as Finnish (3 of the dev set's 400 train
    pages; none since; counted at half weight for the others, one still did)."""
    english = stopwords("en")
    languages: dict[str, list[str]] = {}
    for code in JUSTEXT_NAMES:
        for word in stopwords(code):
            if code == "en" or word not in english:
                languages.setdefault(word, []).append(code)
    return {word: tuple(codes) for word, codes in languages.items()}


def _stoplists() -> Path:
    """jusText's lists, found without importing jusText (which imports lxml's HTML parser)."""
    spec = importlib.util.find_spec("justext")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("jusText is not installed (it comes with trafilatura)")
    return Path(next(iter(spec.submodule_search_locations))) / "stoplists"
