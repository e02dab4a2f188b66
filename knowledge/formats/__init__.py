"""Knowledge base files in and out: ClaimReview JSON-LD (claimreview), the Fact Check Tools API response
(factcheck_api), CSV (spreadsheet) and JSON Lines (jsonl); reading a file (decoding), publishers' rating
words (ratings), what every reader builds (records), and formats by name (files)."""

from knowledge.formats.claimreview import claimreview_object, write_claimreview
from knowledge.formats.decoding import MAX_FILE_BYTES, decode, read_file
from knowledge.formats.files import (
    EXPORT_FORMATS,
    EXTENSIONS,
    FORMATS,
    collect_errors,
    detect_format,
    export_format,
    parse,
    read_claimreview,
    read_csv,
    read_factcheck_api,
    read_records,
    write_records,
)
from knowledge.formats.jsonl import write_jsonl
from knowledge.formats.ratings import DEFAULT_RATINGS, RatingTable, load_ratings, numeric_rating, rating_key
from knowledge.formats.records import Parsed, SkippedField, skipped_summary
from knowledge.formats.spreadsheet import CSV_COLUMNS, neutralise_cell, unquote_cell, write_csv

__all__ = [
    "CSV_COLUMNS",
    "DEFAULT_RATINGS",
    "EXPORT_FORMATS",
    "EXTENSIONS",
    "FORMATS",
    "MAX_FILE_BYTES",
    "Parsed",
    "RatingTable",
    "SkippedField",
    "claimreview_object",
    "collect_errors",
    "decode",
    "detect_format",
    "export_format",
    "load_ratings",
    "numeric_rating",
    "parse",
    "rating_key",
    "read_claimreview",
    "read_csv",
    "read_factcheck_api",
    "read_file",
    "read_records",
    "skipped_summary",
    "neutralise_cell",
    "unquote_cell",
    "write_claimreview",
    "write_csv",
    "write_jsonl",
    "write_records",
]
