"""JSON Lines: one verdict per line, as knowledge/verdicts.py reads and writes it."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from knowledge.formats.decoding import load_json
from knowledge.formats.ratings import RatingTable
from knowledge.formats.records import Item, build_record, record_or_error, with_progress
from knowledge.verdicts import Progress, RecordError, VerdictRecord, record_to_dict


def jsonl_items(text: str, ratings: RatingTable) -> Iterator[Item]:
    """The place and the record (or the error) of each non-blank line."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        place = f"line {number}"
        try:
            data = load_json(line, number)
        except RecordError as error:
            yield place, error
            continue
        yield place, record_or_error(place, build_record, data, place, ratings)


def write_jsonl(records: Iterable[VerdictRecord], progress: Progress | None = None) -> str:
    lines = (
        json.dumps(record_to_dict(r), ensure_ascii=False) + "\n" for r in with_progress(records, progress)
    )
    return "".join(lines)
