"""CSV as spreadsheets write it (any of three delimiters), and written so that none runs a cell as a
formula."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator

from knowledge.formats.ratings import RatingTable
from knowledge.formats.records import Built, Item, build_record, record_or_error, with_progress
from knowledge.verdicts import Progress, RecordError, VerdictRecord

CSV_COLUMNS = (
    "id",
    "lang",
    "claim",
    "rating",
    "summary",
    "url",
    "publisher",
    "date",
    "title",
    "phrasings",
    "appearances",
)
"""The CSV columns in export order; `summary_<lang>` columns follow, the explanation in other languages."""

_PHRASING = re.compile(r"([a-z]{2,3}(?:-[a-z0-9]{1,4})?):\s+(.+)")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet takes for the start of a formula (OWASP, CSV injection)."""


def _formula_like(value: str) -> bool:
    """Whether a spreadsheet could run `value`: it starts like a formula after any quotes, spaces and
    no-break spaces (which spreadsheets skip)."""
    return value.lstrip("' \u00a0").startswith(FORMULA_STARTS)


def neutralise_cell(value: str) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula: one that starts like a formula
    gets a leading single quote (OWASP's rule), which `unquote_cell` removes on import."""
    return "'" + value if _formula_like(value) else value


def unquote_cell(value: str) -> str:
    """A CSV cell as `neutralise_cell` received it (a spreadsheet's text quote dropped); any other cell
    as it is."""
    return value[1:] if value.startswith("'") and _formula_like(value) else value


def _check_header(header: list[str]) -> None:
    """RecordError('row 1') for a header with an unknown or repeated column, or without a claim and an id."""
    for name in header:
        if name not in CSV_COLUMNS and name != "author" and not re.fullmatch(r"summary_[a-z]{2,3}", name):
            raise RecordError(
                "row 1", f"unknown column {name!r}; known: {', '.join(CSV_COLUMNS)}, summary_<lang>"
            )
        if header.count(name) > 1:
            raise RecordError("row 1", f"column {name!r} appears twice")
    if "claim" not in header:
        raise RecordError("row 1", "no 'claim' column")
    if "id" not in header and "url" not in header:
        raise RecordError("row 1", "no 'id' or 'url' column")


def csv_items(text: str, ratings: RatingTable) -> Iterator[Item]:
    """The place and the record (or the error) of each row of a CSV file after its header."""
    first_line = text.partition("\n")[0][:65536]
    try:
        delimiter = csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    # Only the delimiter is guessed: from a header without quotes the sniffer would also guess that a
    # doubled quote ("") inside a cell is two quotes, where every spreadsheet means one.
    rows = csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(rows)]
    except StopIteration:
        return
    except csv.Error as error:
        raise RecordError("row 1", f"not CSV ({error})") from None
    _check_header(header)
    number = 1
    while True:
        number += 1
        place = f"row {number}"
        try:
            cells = next(rows)
        except StopIteration:
            return
        except csv.Error as error:
            yield place, RecordError(place, f"not CSV ({error})")
            return
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            yield place, RecordError(place, f"{len(cells)} cells but {len(header)} columns")
            continue
        yield place, record_or_error(place, _from_csv, dict(zip(header, cells, strict=False)), place, ratings)


def _from_csv(row: dict[str, str], place: str, ratings: RatingTable) -> Built:
    row = {k: unquote_cell(v.strip()) for k, v in row.items()}
    lang = (row.get("lang") or "und").lower()
    phrasings = []
    for line in (row.get("phrasings") or "").splitlines():
        if line.strip():
            match = _PHRASING.fullmatch(line.strip())
            phrasings.append(
                {"lang": match[1], "text": match[2]} if match else {"lang": lang, "text": line.strip()}
            )
    identifier = row.get("id") or row.get("url")
    if not identifier:
        raise ValueError("missing 'id' (or 'url')")
    fields = {
        "id": identifier,
        "lang": lang,
        "claim": row.get("claim", ""),
        "rating": row.get("rating"),
        "summary": row.get("summary", ""),
        "url": row.get("url"),
        "publisher": row.get("publisher") or row.get("author"),
        "date": row.get("date"),
        "title": row.get("title"),
        "claims": phrasings,
        "summaries": {
            k.removeprefix("summary_"): v for k, v in row.items() if k.startswith("summary_") and v
        },
        "appearances": (row.get("appearances") or "").split(),
    }
    return build_record(fields, place, ratings)


def write_csv(records: Iterable[VerdictRecord], progress: Progress | None = None) -> str:
    records = list(records)
    languages = sorted({lang for r in records for lang in r.summaries})
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([*CSV_COLUMNS, *(f"summary_{lang}" for lang in languages)])
    for r in with_progress(records, progress):
        phrasings = "\n".join(
            f"{c.lang}: {' '.join(c.text.split())}" for c in r.claims[1:] if c.kind != "title"
        )
        cells = [
            r.external_id,
            r.lang,
            r.claim,
            r.rating or "",
            r.summary,
            r.url or "",
            r.publisher or "",
            r.published.isoformat() if r.published else "",
            r.title or "",
            phrasings,
            " ".join(r.appearances),
            *(r.summaries.get(lang, "") for lang in languages),
        ]
        writer.writerow([neutralise_cell(cell) for cell in cells])
    return out.getvalue()
