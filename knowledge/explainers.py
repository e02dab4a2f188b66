"""Explainers: evergreen texts an editor writes for a recurring kind of question (how to check a
"miracle cure", why a screenshot proves little), one record per language. They answer a reader whose
message matches one when no verdict does, and the readers of a tip a checker attached one to.

A JSON Lines record: `{"id", "lang", "title", "text", "keywords": [...], "questions": [...]}`; the same
`id` in several languages is one explainer."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from knowledge.verdicts import LANGUAGES, RecordError

MAX_TITLE_CHARS = 200
MAX_TEXT_CHARS = 3000
"""Telegram takes 4,096 characters a message: the title, the text and a line about the tip fit."""
MAX_ITEMS = 50
MAX_ITEM_CHARS = 300


@dataclass(frozen=True)
class ExplainerRecord:
    key: str
    """The editor's id, shared by the explainer's languages."""
    lang: str
    title: str
    text: str
    keywords: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    """Example questions readers ask that it answers: matched like a verdict's phrasings."""

    def phrasings(self) -> list[str]:
        """What a reader's message is matched against: the title, each question, the keywords together."""
        found = [self.title, *self.questions]
        if self.keywords:
            found.append(" ".join(self.keywords))
        return found


def _string(data: dict, name: str, limit: int, required: bool = True) -> str:
    value = data.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"'{name}' must be a non-empty string")
    value = value.strip()
    if len(value) > limit:
        raise ValueError(f"'{name}' is longer than {limit} characters")
    return value


def _strings(data: dict, name: str) -> tuple[str, ...]:
    value = data.get(name) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"'{name}' must be a list of strings")
    items = tuple(v.strip() for v in value if v.strip())
    if len(items) > MAX_ITEMS or any(len(v) > MAX_ITEM_CHARS for v in items):
        raise ValueError(f"'{name}' takes at most {MAX_ITEMS} items of {MAX_ITEM_CHARS} characters")
    return items


def explainer_from_dict(data: object, place: str) -> ExplainerRecord:
    """One record, or RecordError naming `place` and what is wrong."""
    try:
        if not isinstance(data, dict):
            raise ValueError("an explainer is a JSON object")
        key = data.get("id")
        if isinstance(key, int) and not isinstance(key, bool):
            key = str(key)
        lang = data.get("lang")
        if lang not in LANGUAGES:
            raise ValueError(f"'lang' must be one of {', '.join(LANGUAGES)}")
        return ExplainerRecord(
            key=_string({"id": key}, "id", MAX_ITEM_CHARS),
            lang=lang,
            title=_string(data, "title", MAX_TITLE_CHARS),
            text=_string(data, "text", MAX_TEXT_CHARS),
            keywords=_strings(data, "keywords"),
            questions=_strings(data, "questions"),
        )
    except ValueError as error:
        raise RecordError(place, str(error)) from None


def read_explainers(text: str) -> list[ExplainerRecord]:
    """The records of a JSON Lines text; RecordError for the first bad line (or an id and language
    given twice)."""
    records: list[ExplainerRecord] = []
    seen: set[tuple[str, str]] = set()
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        place = f"line {number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            raise RecordError(place, f"not JSON ({error.msg})") from None
        except RecursionError:
            raise RecordError(place, "JSON nested too deeply") from None
        record = explainer_from_dict(data, place)
        if (record.key, record.lang) in seen:
            raise RecordError(place, f"explainer {record.key!r} in {record.lang} is given twice")
        seen.add((record.key, record.lang))
        records.append(record)
    return records


def explainer_lines(records: Iterable[ExplainerRecord]) -> str:
    """The records as JSON Lines, read back by read_explainers."""
    return "".join(
        json.dumps(
            {
                "id": r.key,
                "lang": r.lang,
                "title": r.title,
                "text": r.text,
                "keywords": list(r.keywords),
                "questions": list(r.questions),
            },
            ensure_ascii=False,
        )
        + "\n"
        for r in records
    )
