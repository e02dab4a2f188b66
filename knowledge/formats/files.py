"""Formats by name: which one a file is in, and reading or writing records in a named format. Readers
raise RecordError naming the place of the first bad record; `parse` collects every bad record instead,
and the optional fields it left out of good records (an unreadable date)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from knowledge.formats.claimreview import claimreview_items, write_claimreview
from knowledge.formats.decoding import check_storable
from knowledge.formats.factcheck_api import factcheck_items
from knowledge.formats.jsonl import jsonl_items, write_jsonl
from knowledge.formats.ratings import DEFAULT_RATINGS, RatingTable
from knowledge.formats.records import Built, Parsed
from knowledge.formats.spreadsheet import csv_items, write_csv
from knowledge.verdicts import Progress, RecordError, VerdictRecord

FORMATS = ("claimreview", "factcheck-api", "csv", "jsonl")
EXPORT_FORMATS = ("claimreview", "csv", "jsonl")
EXTENSIONS = {
    ".jsonld": "claimreview",
    ".json": "claimreview",
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
"""The export format a file name implies."""


def detect_format(path_or_name: str | Path, first_bytes: bytes) -> str:
    """The import format of a file from its name and its first bytes; ValueError when it cannot tell."""
    suffix = Path(str(path_or_name)).suffix.lower()
    if suffix in (".csv", ".jsonl", ".ndjson"):
        return EXTENSIONS[suffix]
    head = first_bytes.removeprefix(b"\xef\xbb\xbf").lstrip()
    if head.startswith(b"["):
        return "claimreview"
    if head.startswith(b"{"):
        if b'"claimReview"' in head:
            return "factcheck-api"
        first, _, rest = head.partition(b"\n")
        try:
            data = json.loads(first)
        except (ValueError, RecursionError):
            return "claimreview"
        if isinstance(data, dict) and not {"@type", "@graph", "@context", "claimReviewed"} & data.keys():
            return "jsonl"
        return "jsonl" if rest.lstrip().startswith(b"{") else "claimreview"
    if suffix in (".json", ".jsonld"):
        return "claimreview"
    header = head.partition(b"\n")[0].lower()
    if b"claim" in header and any(d in header for d in (b",", b";", b"\t")):
        return "csv"
    raise ValueError(f"cannot tell the format of {path_or_name}; give --format ({', '.join(FORMATS)})")


READERS = {
    "claimreview": claimreview_items,
    "factcheck-api": factcheck_items,
    "csv": csv_items,
    "jsonl": jsonl_items,
}


def parse(text: str, fmt: str, ratings: RatingTable = DEFAULT_RATINGS) -> Parsed:
    """Every record of `text` in format `fmt` and every bad one (a file that cannot be read at all
    is one error); records that repeat another's URL or id with different content are bad too."""
    if fmt not in READERS:
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    parsed = Parsed()
    seen: dict[tuple[str, str], tuple[str, VerdictRecord]] = {}
    try:
        for place, built in READERS[fmt](text, ratings):
            if isinstance(built, RecordError):
                parsed.errors.append(built)
            else:
                _accept(parsed, seen, place, built)
    except RecordError as error:
        parsed.errors.append(error)
    return parsed


def _accept(
    parsed: Parsed, seen: dict[tuple[str, str], tuple[str, VerdictRecord]], place: str, built: Built
) -> None:
    """Add a record read at `place` to `parsed`: as an error when the database cannot store it or when
    it repeats the id or URL of a different record seen before, not at all when it repeats one."""
    item = built.record
    try:
        check_storable(item)
    except ValueError as error:
        parsed.errors.append(RecordError(place, str(error)))
        return
    keys = [("id", item.external_id)] + ([("url", item.url)] if item.url else [])
    clash = next((k for k in reversed(keys) if k in seen), None)
    if clash is not None:
        first_place, first = seen[clash]
        if first != item:
            parsed.errors.append(
                RecordError(place, f"the same {clash[0]} as {first_place} but a different verdict")
            )
        return
    for key in keys:
        seen[key] = (place, item)
    parsed.records.append(item)
    parsed.places.append(place)
    parsed.skipped.extend(built.skipped)


def read_records(text: str, fmt: str, ratings: RatingTable = DEFAULT_RATINGS) -> list[VerdictRecord]:
    """The records of `text`, or the first bad record's RecordError."""
    parsed = parse(text, fmt, ratings)
    if parsed.errors:
        raise parsed.errors[0]
    return parsed.records


def collect_errors(text: str, fmt: str, ratings: RatingTable = DEFAULT_RATINGS) -> list[RecordError]:
    """Every bad record of `text`, for a dry run."""
    return parse(text, fmt, ratings).errors


def read_claimreview(text: str, ratings: RatingTable = DEFAULT_RATINGS) -> list[VerdictRecord]:
    return read_records(text, "claimreview", ratings)


def read_factcheck_api(text: str, ratings: RatingTable = DEFAULT_RATINGS) -> list[VerdictRecord]:
    return read_records(text, "factcheck-api", ratings)


def read_csv(text: str, ratings: RatingTable = DEFAULT_RATINGS) -> list[VerdictRecord]:
    return read_records(text, "csv", ratings)


WRITERS = {"claimreview": write_claimreview, "csv": write_csv, "jsonl": write_jsonl}


def write_records(records: Iterable[VerdictRecord], fmt: str, progress: Progress | None = None) -> str:
    if fmt not in WRITERS:
        raise ValueError(f"cannot export {fmt!r}; known: {', '.join(EXPORT_FORMATS)}")
    return WRITERS[fmt](records, progress)


def export_format(path: str | Path) -> str:
    """The export format a file name implies; ValueError for an unknown extension."""
    suffix = Path(str(path)).suffix.lower()
    if suffix not in EXTENSIONS:
        raise ValueError(
            f"cannot tell the format from the name {Path(str(path)).name}; give --format "
            f"({', '.join(EXPORT_FORMATS)})"
        )
    return EXTENSIONS[suffix]
