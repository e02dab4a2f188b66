"""Language identification: accuracy on the shared dev set, scripts, letterless and hostile input."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from knowledge.language import DETECTABLE, LANGUAGE_NAMES, UNKNOWN, clean_text, detect_language
from knowledge.verdicts import LANGUAGES
from tests.conftest import shared_data


def _dev_rows() -> list[dict]:
    with shared_data("langid", "dev.jsonl").open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def test_accuracy_on_dev_set():
    # fast (about a second), so it is not marked slow: it runs wherever shared/ is checked out
    rows = _dev_rows()
    assert len(rows) >= 150
    misses = Counter()
    correct = 0
    for row in rows:
        guess = detect_language(row["text"])
        if guess == row["lang"]:
            correct += 1
        else:
            misses[(row["lang"], guess)] += 1
    accuracy = correct / len(rows)
    assert accuracy >= 0.97, f"accuracy {accuracy:.3f}; misses (gold, guess): {dict(misses)}"


@pytest.mark.parametrize(
    "text",
    [
        "Бу хабар ёлғон, ишонманг!",
        "Қишлоқда газ йўқ, ҳоким ҳам жим",
        "Ҳукумат пенсияларни оширишга қарор қилди",
        "Эртага мактаблар ёпиладими?",
        "Ойлик маош кечикмоқда, нима қилиш керак?",
    ],
)
def test_uzbek_cyrillic_is_uzbek(text):
    assert detect_language(text) == "uz"


@pytest.mark.parametrize(
    "text",
    [
        "Bu xabar yolgʻon, ishonmang!",
        "Qishloqda gaz yoʻq, hokim ham jim",
        "Hukumat pensiyalarni oshirishga qaror qildi",
        "Yangi qonun bilan haydovchilik guvohnomasi bekor bo'ladi",
    ],
)
def test_uzbek_latin_is_uzbek(text):
    assert detect_language(text) == "uz"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Үкімет зейнетақыны көбейтеді деп жатыр", "kk"),
        ("Өкмөт пенсияны көбөйтөт деп жатышат", "ky"),
        ("Ин хабар дурӯғ аст, бовар накунед", "tg"),
        ("Правительство повысит пенсии, говорят", "ru"),
        ("Уряд підвищить пенсії, кажуть", "uk"),
        ("Hökumət pensiyaları artıracaq deyirlər", "az"),
        ("Hükümet emekli maaşlarını artıracakmış", "tr"),
        ("The government will raise pensions, they say", "en"),
    ],
)
def test_each_language(text, lang):
    assert detect_language(text) == lang


def test_russian_with_one_local_word_stays_russian():
    assert detect_language("В махалле говорят, что на следующей неделе отключат газ, ростдан ҳам?") == "ru"


def test_links_and_mentions_do_not_count():
    text = "Смотрите https://example.com/news/123 и t.me/channel/5, пишет @some_channel — это правда?"
    assert detect_language(text) == "ru"
    assert "example.com" not in clean_text(text)
    assert "@some_channel" not in clean_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "😱😱😱 !!!",
        "12345 100% 2026-01-01",
        "https://t.me/somechannel/123",
        "@someone www.example.org",
        "\u200b\u200d\ufeff\u2060",
        "👍",
        "а",
    ],
)
def test_nothing_to_go_by_is_unknown(text):
    assert detect_language(text) == UNKNOWN


@pytest.mark.parametrize(
    "text",
    [
        "\ud800",
        "Пра\ud800вда\udfff?",
        "Пр\u200bав\u200dда ли это\u2060?",
        "\x00\x01\x7f\x9f\x85",
        "\ue000\U0010ffff\ufffe",
        "x" * 10_000,
        "Правда ли это? " * 700,
        "Ўз" * 6_000,
        "\u0301\u0301\u0301",
        "ب" * 50,
        "გამარჯობა",
    ],
)
def test_hostile_input_never_raises(text):
    assert detect_language(text) in (*DETECTABLE, UNKNOWN)


@pytest.mark.parametrize("value", [None, b"bytes", 123, ["list"]])
def test_non_text_is_unknown(value):
    assert detect_language(value) == UNKNOWN  # type: ignore[arg-type]


def test_zero_width_characters_are_ignored():
    assert detect_language("Пра\u200bвда, что бан\u200dки закроют все кар\ufeffты?") == "ru"


def test_hint_breaks_ties_only():
    # pycld2 and py3langid split on this two-word Kazakh/Kyrgyz phrase; the reader's language decides
    assert detect_language("Мен билмейм", hint="ky") == "ky"
    assert detect_language("Мен билмейм", hint="kk-KZ") == "kk"
    # a clear text is not overridden by the hint
    assert detect_language("Правительство повысит пенсии, говорят", hint="en") == "ru"
    assert detect_language("Правительство повысит пенсии, говорят", hint="not-a-language") == "ru"


def test_language_names_cover_the_bot_languages():
    for lang in LANGUAGES:
        assert LANGUAGE_NAMES[lang]
    assert LANGUAGE_NAMES["uz"] == "Oʻzbekcha"
    assert LANGUAGE_NAMES["kk"] == "Қазақша"
    assert set(LANGUAGE_NAMES) <= set(DETECTABLE)
