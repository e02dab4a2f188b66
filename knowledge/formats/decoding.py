"""Reading an import file: its size limit, its text encoding and its JSON; and the limits of what the
database stores."""

from __future__ import annotations

import json
import re
from pathlib import Path

from knowledge.verdicts import RecordError, VerdictRecord

MAX_FILE_BYTES = 512 * 2**20
"""The largest knowledge-base file read (about a million verdicts); a larger one is refused unread."""


def read_file(path: str | Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a file of at most `limit` bytes; ValueError for a larger one (a device or a pipe
    included: no more than `limit` + 1 bytes are read); OSError when it cannot be read."""
    with open(path, "rb") as file:
        data = file.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"larger than {limit / 2**20:g} MiB; split it into smaller files")
    return data


def decode(data: bytes) -> str:
    """File contents as text: UTF-8, with or without a byte order mark; anything else (a binary file
    included) is a RecordError."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise RecordError("line 1", "UTF-16 text; save the file as UTF-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise RecordError(f"line {line}", f"a NUL byte at offset {nul}: a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise RecordError(
            f"line {line}",
            f"not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}); save it as UTF-8",
        ) from None


LIMITS = {"external id": 200, "publisher": 200, "url": 2000}
PARTNERS_IDS = "partner:"
"""The external ids of partners' verdicts begin with this (bot/services/partner_feeds.py): no other may."""


def check_storable(record: VerdictRecord) -> None:
    """ValueError when the database cannot store the record as it is."""
    values = {"external id": record.external_id, "publisher": record.publisher, "url": record.url}
    for what, value in values.items():
        if value is not None and not isinstance(value, str):
            raise ValueError(f"the {what} must be text")
        if value and len(value) > LIMITS[what]:
            raise ValueError(f"the {what} is longer than {LIMITS[what]} characters")
    if isinstance(record.external_id, str) and record.external_id.startswith(PARTNERS_IDS):
        raise ValueError(f"ids beginning '{PARTNERS_IDS}' are kept for partners' verdicts")
    for lang in [record.lang, *(c.lang for c in record.claims), *record.summaries]:
        if not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]{1,4})?", lang):
            raise ValueError(f"{lang!r} is not a language code such as 'ru' or 'kk'")


def json_problem(error: json.JSONDecodeError) -> str:
    return f"{error.msg.removesuffix(' at')} at column {error.colno}"


TOO_DEEP = "JSON nested too deeply"


def load_json(text: str, line: int = 1) -> object:
    """Decoded JSON, or a RecordError naming the line: malformed, nested too deeply to decode (Python's
    recursion limit), or a number too long to read."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise RecordError(f"line {error.lineno + line - 1}", f"not JSON ({json_problem(error)})") from None
    except RecursionError:
        raise RecordError(f"line {line}", TOO_DEEP) from None
    except ValueError as error:
        raise RecordError(f"line {line}", f"not JSON ({error})") from None
