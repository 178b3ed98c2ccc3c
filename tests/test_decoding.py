"""Bytes that are not UTF-8 and declare nothing, and UTF-8 with a few bad bytes or stray NULs:
read, cleaned and reported, not skipped; binary files still skipped. The texts are real lines
of the dev sets' pages (devset `train` wcxb-0001 and wcxb-0388, devset-ml te-004a60e635d2,
te-996936aefb67, te-9c8e58cc8438), encoded here in the charsets their sites might use."""

from __future__ import annotations

import codecs
import gzip
import json
import subprocess
import sys

import pytest
from conftest import read_records

from cleaner.sources.decoding import decode_bytes, is_wide
from cleaner.sources.inputs import Skip

ENGLISH = ("Fall isn’t just pumpkin spice season—it’s also a time when nutrition and wellness "
           "trends take center stage. From athletes to busy professionals, everyone’s looking "
           "for ways to stay fueled, boost performance, and support long-term health.\n"
           "At Scratch Culinary, we keep our finger on the pulse of the nutrition world so you "
           "don’t have to. Our chef-crafted, healthy meal delivery service makes it simple to "
           "stay ahead of the curve and on track with your fitness goals.\n")
GERMAN = ("Das Fahrzeug wird zunächst mittels vergleichsweise geringer monatlicher Raten "
          "abbezahlt, bevor am Ende noch eine große Abschlusszahlung (Ballon) folgt. Hierbei ist "
          "besonders wichtig, dass für den finalen Betrag rechtzeitig Rücklagen gebildet werden.\n"
          "Privatkunden: Aufgrund der hohen Planungssicherheit durch die festen, monatlichen "
          "Raten lohnt sich Leasing auch immer mehr für Privatnutzer.\n")
KOREAN = ("## 연구 자료: 열전달 제어 시스템의 다중 스케일 보간 기반 최적화 연구\n"
          "## 연구 자료: 나노 구조체 표면의 선택적 기능화를 위한 자기 조립형 자기 조직화 "
          "단분자막(SAM) 기반 접근법\n")
CHINESE = ("益水之阳，是名益阳。这个洞庭湖区的重要城市，60年前就曾在作家周立波笔下的《山乡巨变》中"
           "展现风貌。60年后，“数字”农业、“数字”治理、“数字”社会，无一不在继续书写这座山乡之城的"
           "传奇。\n为了上网推介、售卖家乡特产，安化县一块花生地里正录制视频 李尕 摄\n")
JAPANESE = ("子こどもへの虐待ぎゃくたいをなくすための法律ほうりつができて、親おやが子こどもを教育"
            "きょういくするために、たたいたり蹴けったりする体罰たいばつを禁止きんしすることに"
            "なりました。\n子こどもへの体罰たいばつを禁止きんしする法律ほうりつができる\n")
# Not from the dev sets, which hold no Russian page: tests/test_bad_input.py's sentence.
RUSSIAN = ("Москва заявила, что переговоры с Украиной будут трудными, и никаких прорывов "
           "не ожидается в ближайшее время.\n")

UNDECLARED = [("cp1252", GERMAN, "cp1252"), ("cp1252", ENGLISH, "cp1252"),
              ("cp1251", RUSSIAN * 2, "cp1251"), ("euc-kr", KOREAN, "cp949"),
              ("shift_jis", JAPANESE, "cp932"), ("gb2312", CHINESE, "gb18030")]


@pytest.mark.parametrize(("charset", "text", "read_as"), UNDECLARED,
                         ids=[f"{c}-{t[:6]}" for c, t, _ in UNDECLARED])
def test_text_in_an_undeclared_charset_is_read_in_it(charset, text, read_as):
    decoded = decode_bytes(text.encode(charset))
    assert decoded.text == text
    assert decoded.encoding == read_as
    assert decoded.replaced == 0
    assert decoded.detected  # a guess (cp1252, the web's usual 8-bit charset, is one too)


def test_utf8_with_a_few_bad_bytes_is_read_with_them_replaced():
    data = bytearray((GERMAN * 3).encode())
    data[data.index("ä".encode())] = 0xFF  # a byte no UTF-8 holds, then an orphaned one
    data += "Rücklagen".encode()[:2]  # and a character cut off at the end
    decoded = decode_bytes(bytes(data))
    assert decoded.encoding == "utf-8" and not decoded.detected
    assert decoded.replaced == 3
    assert decoded.text.startswith("Das Fahrzeug wird zun\ufffd\ufffdchst")
    assert decoded.text.endswith("Privatnutzer.\nR\ufffd")
    assert decoded.text.count("große") == 3  # the rest as it was
    assert decoded.note() == {"encoding": "utf-8", "detected": False, "replaced_bytes": 3,
                              "nul_bytes": 0}


def test_a_bad_byte_after_a_byte_order_mark_is_replaced_not_the_file_skipped():
    """With its UTF-8 BOM, one bad byte skipped the whole file (where the same file without
    one was read), and the message put the byte 3 bytes early; a UTF-16 file cut one byte
    short was skipped for its last half-character."""
    utf8 = codecs.BOM_UTF8 + (GERMAN * 3).encode() + b"\xff"
    decoded = decode_bytes(utf8)
    assert decoded.text == GERMAN * 3 + "\ufffd" and decoded.replaced == 1
    assert decoded.text == decode_bytes(utf8.removeprefix(codecs.BOM_UTF8)).text
    for encoding in ("utf-16", "utf-16-le"):  # by its BOM, by its NULs
        cut = GERMAN.encode(encoding) + b"E"
        decoded = decode_bytes(cut)
        assert decoded.text == GERMAN + "\ufffd" and decoded.replaced == 1
        assert decoded.note()["replaced_bytes"] == 1
    with pytest.raises(Skip, match="undecodable as utf-16 at byte"):
        decode_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8A\x00" * 50)  # lone surrogates all along


def test_stray_nul_bytes_are_dropped_and_counted():
    data = ENGLISH.encode().replace(b"season", b"sea\x00son", 1) + b"\x00\x00\x00"
    decoded = decode_bytes(data)
    assert decoded.text == ENGLISH
    assert decoded.nuls == 4 and decoded.note()["nul_bytes"] == 4
    assert not is_wide(data)  # a JSONL file with them is still read a line at a time


def test_utf16_and_binary_are_told_apart_from_stray_nuls():
    assert decode_bytes(GERMAN.encode("utf-16-le")).text == GERMAN
    with pytest.raises(Skip, match="binary file"):
        decode_bytes(gzip.compress(GERMAN.encode() * 20))
    with pytest.raises(Skip, match="binary file"):
        decode_bytes(GERMAN.encode()[:200] + bytes(10))  # NULs past a stray few: binary


def test_utf8_read_as_itself_says_nothing():
    decoded = decode_bytes(KOREAN.encode())
    assert decoded.text == KOREAN and decoded.note() is None


def _page(body: str) -> str:
    return (f"<html><head><title>{body.splitlines()[0][:30]}</title></head><body><article>"
            + "".join(f"<p>{line}</p>" for line in body.splitlines()) + "</article></body></html>")


def test_undeclared_and_mended_pages_are_cleaned_and_reported(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "sjis.html").write_bytes(_page(JAPANESE * 3).encode("shift_jis"))
    (folder / "cp1251.txt").write_bytes((RUSSIAN * 3).encode("cp1251"))
    broken = bytearray((ENGLISH * 2).encode())
    broken[broken.index("’".encode()) + 1] = 0x41  # a character's bytes broken in the middle
    (folder / "bad-bytes.txt").write_bytes(bytes(broken) + b"\x00")
    (folder / "plain.txt").write_text(ENGLISH, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "cleaner", str(folder), str(tmp_path / "out")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    records = {r["metadata"]["source"]: r for r in read_records(tmp_path / "out" / "records.jsonl")
               if r["metadata"]["kind"] == "article"}
    assert set(records) == {"sjis.html", "cp1251.txt", "bad-bytes.txt", "plain.txt"}
    assert "体罰たいばつを禁止きんしする" in records["sjis.html"]["text"]
    assert records["sjis.html"]["metadata"]["decoding"]["encoding"] == "cp932"
    assert records["cp1251.txt"]["text"].startswith("Москва заявила")
    assert records["bad-bytes.txt"]["metadata"]["decoding"] == {
        "encoding": "utf-8", "detected": False, "replaced_bytes": 2, "nul_bytes": 1}
    assert "decoding" not in records["plain.txt"]["metadata"]
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["documents"]["skipped"] == 0
    decoding = report["decoding"]
    assert (decoding["documents"], decoding["detected"], decoding["replaced_bytes"],
            decoding["nul_bytes"]) == (3, 2, 2, 1)  # the two guessed, the one mended
    assert sorted(note["source"] for note in decoding["first"]) == [
        "bad-bytes.txt", "cp1251.txt", "sjis.html"]


MISREAD = [("gb2312", "latin-1", CHINESE, "gb18030"), ("utf-8", "latin-1", RUSSIAN * 2, "utf-8"),
           ("utf-8", "cp1252", RUSSIAN * 2, "utf-8"), ("euc-kr", "latin-1", KOREAN, "cp949")]


@pytest.mark.parametrize(("charset", "misread", "text", "read_as"), MISREAD,
                         ids=[f"{c}-as-{m}" for c, m, _, _ in MISREAD])
def test_mojibake_saved_as_utf8_is_read_back(charset, misread, text, read_as):
    """A page decoded once by the wrong codec and saved as UTF-8 (a scraper's mojibake):
    its bytes are got back and read as they were written."""
    saved = text.encode(charset).decode(misread, errors="ignore" if misread == "cp1252"
                                        else "strict").encode()
    decoded = decode_bytes(saved)
    if misread == "cp1252":  # bytes cp1252 leaves undefined were lost: a few replaced
        assert "что переговоры" in decoded.text and 0 < decoded.replaced <= 12
    else:
        assert decoded.text.replace("\n", "") == text.replace("\n", "")
    assert (decoded.encoding, decoded.misread_as, decoded.detected) == (read_as, misread, True)
    assert decoded.note()["misread_as"] == misread


@pytest.mark.parametrize("text", [GERMAN, ENGLISH, "Zürich, Genève, Bâle, Ærøskøbing\n" * 4])
def test_latin_text_is_not_taken_for_mojibake(text):
    decoded = decode_bytes(text.encode())
    assert (decoded.text, decoded.misread_as, decoded.note()) == (text, None, None)
