"""One vocabulary: every English entry has a Chinese twin, and a concept has one word."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from wattprint.quantity.words import WORDS, check_lang, word

SRC = Path(__file__).parent.parent / "src" / "wattprint"
CJK = re.compile(r"[\u4e00-\u9fff]")
SAME_IN_BOTH = {
    "p5",
    "p95",
    "p5_p95",
    "range",
    "id",
    "lang_switch",
}  # symbols, or each language's own name


def fields(text: str) -> list[str]:
    return sorted(f for _, f, _, _ in string.Formatter().parse(text) if f)


@pytest.mark.parametrize("key", sorted(WORDS))
def test_every_english_entry_has_a_chinese_twin_with_the_same_placeholders(key: str) -> None:
    en, zh = WORDS[key]
    assert en.strip() and zh.strip(), f"{key}: an empty side"
    assert fields(en) == fields(zh), f"{key}: placeholders differ"
    if key not in SAME_IN_BOTH:
        assert CJK.search(zh), f"{key}: the Chinese side {zh!r} has no Chinese"
        assert not CJK.search(en), f"{key}: the English side {en!r} has Chinese in it"


def test_one_word_per_concept() -> None:
    assert word("verdict_off", "zh") == "偏离"
    assert word("verdict_off_by", "zh", factor="3") == "偏离 ×3"
    off = word("explain_off_high", "zh", given="发表值", pub="a", ratio="b", edge="c", tol="d")
    assert off.startswith("偏离:发表值 a")
    assert word("energy", "zh") == "能耗"
    zh = [v[1] for v in WORDS.values()]
    assert not any("有偏差" in t for t in zh) and not any("电量" in t for t in zh)


def test_no_other_bilingual_table_is_left_in_the_faces() -> None:
    """A ``("English", "中文")`` pair outside the words and outputs tables is a second table."""
    pair = re.compile(r"\(\s*\"[A-Za-z][^\"]*\",\s*\"[^\"]*[\u4e00-\u9fff][^\"]*\"\s*\)")
    allowed = {
        SRC / "quantity" / "words.py",
        SRC / "quantity" / "words_more.py",  # merged into WORDS
        SRC / "chain" / "outputs.py",
    }
    found = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if p not in allowed and pair.search(p.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_every_word_a_template_asks_for_exists() -> None:
    call = re.compile(r"(?:phrase|header)\(\"([a-z0-9_]+)\"\s*[,)]")
    for template in SRC.rglob("*.j2"):
        for key in call.findall(template.read_text(encoding="utf-8")):
            assert key in WORDS, f"{template.name}: no word {key!r}"


def test_an_unknown_language_or_key_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        check_lang("fr")
    with pytest.raises(KeyError):
        word("no_such_word")
