"""The explainers' JSON Lines format (knowledge/explainers.py): read, refused with the line and the reason,
and written back as it was read."""

from __future__ import annotations

import json

import pytest

from knowledge.explainers import ExplainerRecord, explainer_lines, read_explainers
from knowledge.verdicts import RecordError

GOOD = {
    "id": "miracle-cures",
    "lang": "ru",
    "title": "Как проверить «чудо-лекарство»",
    "text": "Спросите, кто это проверял.",
    "keywords": ["чудо-лекарство", " "],
    "questions": ["Правда ли, что чеснок лечит коронавирус?"],
}


def test_a_record_is_read_and_written_back_the_same():
    [record] = read_explainers(json.dumps(GOOD, ensure_ascii=False) + "\n\n")
    assert record == ExplainerRecord(
        "miracle-cures",
        "ru",
        GOOD["title"],
        GOOD["text"],
        keywords=("чудо-лекарство",),
        questions=tuple(GOOD["questions"]),
    )
    assert record.phrasings() == [GOOD["title"], GOOD["questions"][0], "чудо-лекарство"]
    assert read_explainers(explainer_lines([record])) == [record]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"lang": "fr"}, "'lang' must be one of"),
        ({"title": ""}, "'title' must be a non-empty string"),
        ({"text": "x" * 3001}, "'text' is longer than 3000 characters"),
        ({"questions": "one question"}, "'questions' must be a list of strings"),
        ({"keywords": ["k"] * 51}, "'keywords' takes at most 50 items"),
        ({"id": None}, "'id' must be a non-empty string"),
    ],
)
def test_a_bad_record_names_its_line_and_what_is_wrong(change, message):
    lines = [json.dumps(GOOD), json.dumps({**GOOD, "lang": "en", **change})]
    with pytest.raises(RecordError) as raised:
        read_explainers("\n".join(lines))
    assert raised.value.place == "line 2" and message in raised.value.message


def test_not_json_a_list_and_a_repeated_id_are_refused():
    for text, message in (
        ("{", "not JSON"),
        ("[1, 2]", "an explainer is a JSON object"),
        (json.dumps(GOOD) + "\n" + json.dumps(GOOD), "given twice"),
        ("[" * 100000, "JSON nested too deeply"),
    ):
        with pytest.raises(RecordError) as raised:
            read_explainers(text)
        assert message in raised.value.message
