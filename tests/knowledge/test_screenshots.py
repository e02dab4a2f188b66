"""The words of a screenshot (knowledge/screenshots.py): the interface's chrome dropped, the post's lines
kept, how sure a reading is, and the stricter rule for answering from a picture. No tesseract."""

from __future__ import annotations

import pytest

from knowledge.matching import Decision, Match
from knowledge.posts import Assessment
from knowledge.screenshots import (
    BOTH_SCRIPTS,
    CONFIDENT,
    ScreenText,
    Word,
    better_of,
    is_chrome,
    models_for,
    read_decision,
    screen_text,
)

CLAIMS = [
    "С 1 января бензин АИ-92 подорожает до 400 тенге",
    "Ұлттық банк 1 ақпаннан бастап 20 000 теңгелік банкноттарды",
    "Toshkentda dushanbadan non narxi ikki baravar oshadi",
    "2026-жылдан баштап мектеп формасы толугу менен",
    "Mərkəzi Bank gələn həftə manatı devalvasiya edəcək, 1 dollar 3 manat",
    "Merkez Bankası 1000 liralık banknotu tedavüle çıkardı",
    "Drinking hot water every 15 minutes washes the flu virus away",
    "Аз 1 январ аз ҳар як интиқоли пул 10 фоиз андоз",
]


def words(*lines: str, confidence: float = 95.0) -> list[Word]:
    """Each line's words, one line a paragraph of block 1, all at `confidence`."""
    return [
        Word((1, 1, number), text, confidence)
        for number, line in enumerate(lines, start=1)
        for text in line.split()
    ]


def assessment(action: str, *verdicts: int) -> Assessment:
    matches = tuple(Match(v, 0.9 - 0.1 * i, f"claim {v}", "ru") for i, v in enumerate(verdicts))
    return Assessment("ru", Decision(action, matches), True, matches)


@pytest.mark.parametrize(
    "line",
    [
        "14:32",
        "9:05 PM",
        "✓✓ 14:32",
        "3 января",
        "12 March 2025",
        "12.5K",
        "1,2М",
        "1 234",
        "👁 4 940",
        "1 234 subscribers",
        "56 713 подписчиков",
        "12 345 жазылушы",
        "Forwarded from Daily Digest",
        "Переслано из Новости Сегодня",
        "изменено 14:32",
        "edited",
        "",
        "  ",
        "— • —",
    ],
)
def test_interface_lines_are_chrome(line):
    assert is_chrome(line)


@pytest.mark.parametrize("line", CLAIMS)
def test_a_claims_lines_are_not_chrome_even_with_numbers(line):
    assert not is_chrome(line)


@pytest.mark.parametrize(
    "line", ["The next elections will be held online only", "Parliament members voted to ban cash"]
)
def test_a_claim_line_that_names_an_interface_word_is_kept(line):
    assert not is_chrome(line)


def test_the_channel_header_and_footer_go_and_the_post_stays():
    read = screen_text(
        words(
            "Daily Digest",
            "56 713 подписчиков",
            "С 1 января бензин АИ-92 подорожает до 400",
            "тенге за литр, сообщает министерство",
            "энергетики. 17:59",
            "© 4 940",
            "15:59",
        ),
        "Cyrillic",
    )
    assert read.text == (
        "С 1 января бензин АИ-92 подорожает до 400\nтенге за литр, сообщает министерство\nэнергетики."
    )
    assert read.models == "Cyrillic" and read.readable


def test_a_forwarded_mark_and_an_edited_mark_go():
    read = screen_text(
        words("Forwarded from Srochno Info", CLAIMS[2], "edited 10:25"),
        "Latin",
    )
    assert read.text == CLAIMS[2]


def test_a_post_without_a_header_keeps_its_first_line():
    read = screen_text(words(CLAIMS[0], CLAIMS[1]), "Cyrillic")
    assert read.text.splitlines() == CLAIMS[:2]


def test_words_are_ordered_by_block_paragraph_and_line_and_unread_words_ignored():
    found = [
        Word((2, 1, 1), "второй", 90.0),
        Word((1, 1, 2), "строка", 90.0),
        Word((1, 1, 1), "первая", 90.0),
        Word((1, 1, 1), "", 95.0),
        Word((1, 1, 1), "мусор", -1.0),
    ]
    assert screen_text(found, "Cyrillic").text == "первая\nстрока\nвторой"


def test_confidence_is_weighted_by_letters_and_ignores_chrome():
    found = [
        Word((1, 1, 1), "a", 50.0),
        Word((1, 1, 1), "hello", 100.0),
        Word((1, 1, 1), "2026", 0.0),
        Word((1, 1, 2), "14:32", 0.0),
    ]
    read = screen_text(found, "Latin")
    assert read.confidence == pytest.approx((0.5 + 5.0) / 6)
    assert screen_text([], "Latin") == ScreenText("", 0.0, "Latin")


def test_too_few_letters_are_not_readable():
    assert not ScreenText("Ok 12 345", 0.99, "Latin").readable
    assert ScreenText(CLAIMS[6], 0.99, "Latin").readable
    assert ScreenText(CLAIMS[6], 0.5, "Latin").as_payload() == {
        "text": CLAIMS[6],
        "confidence": 0.5,
        "models": "Latin",
        "source": "picture",
    }


def test_the_script_chooses_the_models():
    assert models_for("Cyrillic") == "Cyrillic" and models_for("Latin") == "Latin"
    assert models_for(None) == models_for("Arabic") == BOTH_SCRIPTS


def test_a_reading_answers_automatically_only_when_confident():
    auto = assessment("auto", 7)
    sure = ScreenText(CLAIMS[0], CONFIDENT, "Cyrillic")
    unsure = ScreenText(CLAIMS[0], CONFIDENT - 0.01, "Cyrillic")
    assert read_decision(auto, sure) is auto
    offered = read_decision(auto, unsure)
    assert offered.decision.action == "choose" and [m.verdict_id for m in offered.decision.matches] == [7]
    assert offered.ranked == auto.ranked and offered.lang == auto.lang


@pytest.mark.parametrize("action", ["choose", "queue"])
def test_a_reading_that_does_not_answer_automatically_is_left_alone(action):
    other = assessment(action, 1, 2, 3, 4)
    assert read_decision(other, ScreenText(CLAIMS[0], 0.1, "Cyrillic")) is other


def test_the_better_of_caption_and_reading_answers_more():
    auto, choose, queue = assessment("auto", 1), assessment("choose", 2, 3), assessment("queue", 4)
    assert better_of(auto, choose) is auto
    assert better_of(choose, auto) is auto
    assert better_of(queue, choose) is choose
    assert better_of(choose, queue) is choose
    assert better_of(queue, assessment("queue", 5)) is queue
    first, second = assessment("auto", 1), assessment("auto", 2)
    assert better_of(first, second) is first


def test_two_choices_merge_the_readings_first_without_repeats():
    caption = assessment("choose", 1, 2, 3)
    reading = assessment("choose", 2, 9)
    merged = better_of(caption, reading)
    assert merged.decision.action == "choose"
    assert [m.verdict_id for m in merged.decision.matches] == [2, 9, 1]
