"""What every format's reader builds: the records, the optional fields left out of them, the bad ones."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from knowledge.formats.decoding import TOO_DEEP
from knowledge.verdicts import Progress, Rate, RecordError, VerdictRecord, parse_date, record_from_dict


@dataclass(frozen=True)
class SkippedField:
    """An optional field that could not be read and was left out of its record, which was kept."""

    place: str
    record_id: str
    field: str
    value: object

    def __str__(self) -> str:
        return f"{self.place} ({self.record_id}): unreadable {self.field} {self.value!r} left out"


OPTIONAL_FIELDS = {"date": parse_date}
"""Fields that only describe a verdict: one that cannot be read is left out, and the verdict kept.
Everything that decides what readers are told or how a verdict is found (the claim, the id, the
rating, the URL) stops the import instead."""


@dataclass
class Parsed:
    """The records of a file that could be read, with their places, every bad record, and the
    optional fields left out of good records."""

    records: list[VerdictRecord] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    errors: list[RecordError] = field(default_factory=list)
    skipped: list[SkippedField] = field(default_factory=list)


@dataclass(frozen=True)
class Built:
    """A record as read, with the optional fields left out of it."""

    record: VerdictRecord
    skipped: tuple[SkippedField, ...] = ()


Item = tuple[str, Built | RecordError]


def skipped_summary(skipped: list[SkippedField], shown: int = 3) -> str:
    """One line for the optional fields left out: how many, and the first few records."""
    many = len(skipped) != 1
    kinds = " or ".join(sorted({s.field for s in skipped})) + ("s" if many else "")
    head = "; ".join(f"{s.place} (id {s.record_id}): {s.value!r}" for s in skipped[:shown])
    more = f"; and {len(skipped) - shown} more" if len(skipped) > shown else ""
    kept = "their verdicts kept" if many else "its verdict kept"
    return f"{len(skipped)} unreadable {kinds} left out, {kept}: {head}{more}"


def build_record(data: object, place: str, rate: Rate) -> Built:
    """The record of `data` (record_from_dict), its unreadable optional fields left out."""
    skipped = []
    if isinstance(data, dict):
        for name, read in OPTIONAL_FIELDS.items():
            try:
                read(data.get(name))
            except ValueError:
                skipped.append(SkippedField(place, str(data.get("id")), name, data.get(name)))
                data = {**data, name: None}
    return Built(record_from_dict(data, place, rate), tuple(skipped))


def record_or_error(place: str, build: Callable[..., Built], *args: object) -> Built | RecordError:
    """The record `build(*args)` makes, or the RecordError naming `place` it raises."""
    try:
        return build(*args)
    except RecordError as error:
        return error
    except ValueError as error:
        return RecordError(place, str(error))
    except RecursionError:
        return RecordError(place, TOO_DEEP)


def with_progress(records: Iterable[VerdictRecord], progress: Progress | None) -> Iterator[VerdictRecord]:
    """The records one by one, calling `progress` every 500 and at the end."""
    records = list(records)
    for done, record in enumerate(records, start=1):
        yield record
        if progress and (done % 500 == 0 or done == len(records)):
            progress(done, len(records))
