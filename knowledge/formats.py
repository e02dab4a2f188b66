"""Knowledge base files in and out: ClaimReview JSON-LD, the Fact Check Tools API response, CSV and
JSON Lines. Readers raise RecordError naming the place of the first bad record; `parse` collects
every bad record instead, and the optional fields it left out of good records (an unreadable date)."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.verdicts import (
    RATING_ALIASES,
    RATINGS,
    Rate,
    RecordError,
    VerdictRecord,
    parse_date,
    record_from_dict,
    record_to_dict,
    web_address,
)

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

Progress = Callable[[int, int], None]

MAX_FILE_BYTES = 512 * 2**20
"""The largest knowledge-base file read (about a million verdicts); a larger one is refused unread."""

REGIONAL_RATINGS = {
    # Russian
    "ложь": "false",
    "неправда": "false",
    "фейк": "false",
    "фальшивка": "false",
    "манипуляция": "misleading",
    "вводит в заблуждение": "misleading",
    "преувеличение": "misleading",
    "полуправда": "partly_false",
    "частично неправда": "partly_false",
    "частично ложь": "partly_false",
    "скорее неправда": "partly_false",
    "вне контекста": "missing_context",
    "без контекста": "missing_context",
    "не хватает контекста": "missing_context",
    "недостаточно доказательств": "unproven",
    "не доказано": "unproven",
    "непроверяемо": "unproven",
    "сатира": "satire",
    "правда": "true",
    "скорее правда": "true",
    # Kazakh
    "жалған": "false",
    "жалған ақпарат": "false",
    "өтірік": "false",
    "ішінара жалған": "partly_false",
    "жартылай шындық": "partly_false",
    "контекстсіз": "missing_context",
    "дәлелденбеген": "unproven",
    "шындық": "true",
    "рас": "true",
    # Uzbek (Latin and Cyrillic)
    "yolg'on": "false",
    "soxta": "false",
    "feyk": "false",
    "manipulyatsiya": "misleading",
    "chalg'ituvchi": "misleading",
    "qisman yolg'on": "partly_false",
    "qisman haqiqat": "partly_false",
    "kontekstsiz": "missing_context",
    "isbotlanmagan": "unproven",
    "satira": "satire",
    "haqiqat": "true",
    "to'g'ri": "true",
    "ёлғон": "false",
    "ҳақиқат": "true",
    # Kyrgyz
    "жалган": "false",
    "калп": "false",
    "жарым-жартылай жалган": "partly_false",
    "далилденген эмес": "unproven",
    "чындык": "true",
    "туура": "true",
    # Tajik
    "дурӯғ": "false",
    "бардурӯғ": "false",
    "қисман дурӯғ": "partly_false",
    "исботнашуда": "unproven",
    "ҳаққонӣ": "true",
    # Azerbaijani
    "yalan": "false",
    "yanlış": "false",
    "saxta": "false",
    "manipulyasiya": "misleading",
    "yanıldıcı": "misleading",
    "qismən yalan": "partly_false",
    "qismən doğru": "partly_false",
    "kontekstdən kənar": "missing_context",
    "təsdiqlənməyib": "unproven",
    "həqiqət": "true",
    "doğru": "true",
    # Turkish
    "yanlis": "false",
    "sahte": "false",
    "yanıltıcı": "misleading",
    "manipülasyon": "misleading",
    "kısmen yanlış": "partly_false",
    "kısmen doğru": "partly_false",
    "bağlamından koparılmış": "missing_context",
    "bağlam eksik": "missing_context",
    "doğrulanamadı": "unproven",
    "kanıtlanmadı": "unproven",
    "hiciv": "satire",
    # English
    "false": "false",
    "misleading": "misleading",
    "exaggerated": "misleading",
    "exaggeration": "misleading",
    "manipulated": "misleading",
    "altered": "false",
    "fabricated": "false",
    "hoax": "false",
    "scam": "false",
    "four pinocchios": "false",
    "three pinocchios": "partly_false",
    "two pinocchios": "misleading",
    "half truth": "partly_false",
    "partly true": "partly_false",
    "needs context": "missing_context",
    "lacks context": "missing_context",
    "no evidence": "unproven",
    "unproven": "unproven",
    "satire": "satire",
    "true": "true",
}
"""Publishers' rating words (ClaimReview `alternateName`, Fact Check Tools `textualRating`) in the
region's languages and in English, beyond the bot's own names and `RATING_ALIASES`."""

NUMERIC_BANDS = ((0.2, "false"), (0.6, "partly_false"), (1.0, "true"))
"""A numeric `ratingValue`, placed between `worstRating` (0) and `bestRating` (1), takes the first
rating whose bound it does not exceed (below 0.2 is false, up to 0.6 partly false, above true)."""


def rating_key(word: object) -> str:
    """A rating word as the table looks it up: case, apostrophes, dashes and spacing do not matter."""
    text = unicodedata.normalize("NFC", str(word)).casefold().replace("\u0307", "").replace("ı", "i")
    text = re.sub(r"[ʻʼ‘’`´]", "'", text)
    return re.sub(r"[\s_\-]+", " ", text).strip(' .!"«»“”')


@dataclass(frozen=True)
class RatingTable:
    """Maps publishers' rating words onto the bot's scale; calling it rates one word."""

    words: Mapping[str, str] = field(default_factory=dict)

    def __call__(self, value: object) -> str | None:
        if value is None or str(value).strip() == "":
            return None
        rating = self.words.get(rating_key(value))
        if rating is None:
            raise ValueError(f"unknown rating {str(value).strip()!r}; map it in a ratings file (--ratings)")
        return rating

    def updated(self, overrides: Mapping[str, str]) -> RatingTable:
        return RatingTable({**self.words, **{rating_key(k): v for k, v in overrides.items()}})


def _default_words() -> dict[str, str]:
    words = {rating_key(r): r for r in RATINGS}
    words.update((rating_key(k), v) for k, v in RATING_ALIASES.items())
    words.update((rating_key(k), v) for k, v in REGIONAL_RATINGS.items())
    return words


DEFAULT_RATINGS = RatingTable(_default_words())


def numeric_rating(value: object, best: object = None, worst: object = None) -> str:
    """The rating for a numeric `ratingValue` on the scale worst..best (schema.org defaults: 1..5)."""
    try:
        number = float(str(value))
        top = float(str(best)) if best not in (None, "") else 5.0
        bottom = float(str(worst)) if worst not in (None, "") else 1.0
    except ValueError:
        raise ValueError(f"ratingValue {value!r} (best {best!r}, worst {worst!r}) is not a number") from None
    if top == bottom:
        raise ValueError(f"bestRating and worstRating are both {top:g}")
    position = (number - bottom) / (top - bottom)
    if not 0 <= position <= 1:
        raise ValueError(f"ratingValue {number:g} is outside {bottom:g}..{top:g}")
    return next(rating for bound, rating in NUMERIC_BANDS if position <= bound)


def load_ratings(path: str | Path, base: RatingTable = DEFAULT_RATINGS) -> RatingTable:
    """`base` updated with a JSON file mapping rating words to the bot's ratings."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise ValueError(f"ratings file {path}: no such file") from None
    except OSError as error:
        raise ValueError(f"ratings file {path}: cannot be read ({error.strerror})") from None
    except UnicodeDecodeError:
        raise ValueError(f"ratings file {path}: not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise ValueError(f"ratings file {path}: not JSON (line {error.lineno}: {error.msg})") from None
    except RecursionError:
        raise ValueError(f"ratings file {path}: JSON nested too deeply") from None
    except ValueError as error:
        raise ValueError(f"ratings file {path}: not JSON ({error})") from None
    if not isinstance(data, dict):
        raise ValueError(f'ratings file {path}: expected an object such as {{"Ложь": "false"}}')
    for word, rating in data.items():
        if rating not in RATINGS:
            raise ValueError(
                f"ratings file {path}: {word!r} maps to {rating!r}, which is not one of {', '.join(RATINGS)}"
            )
    return base.updated(data)


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


def parse(text: str, fmt: str, ratings: RatingTable = DEFAULT_RATINGS) -> Parsed:
    """Every record of `text` in format `fmt` and every bad one (a file that cannot be read at all
    is one error); records that repeat another's URL or id with different content are bad too."""
    items = {
        "claimreview": _claimreview_items,
        "factcheck-api": _factcheck_items,
        "csv": _csv_items,
        "jsonl": _jsonl_items,
    }
    if fmt not in items:
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    parsed = Parsed()
    seen: dict[tuple[str, str], tuple[str, VerdictRecord]] = {}
    try:
        for place, built in items[fmt](text, ratings):
            if isinstance(built, RecordError):
                parsed.errors.append(built)
                continue
            item = built.record
            try:
                _check_storable(item)
            except ValueError as error:
                parsed.errors.append(RecordError(place, str(error)))
                continue
            keys = [("id", item.external_id)] + ([("url", item.url)] if item.url else [])
            clash = next((k for k in reversed(keys) if k in seen), None)
            if clash is not None:
                first_place, first = seen[clash]
                if first != item:
                    parsed.errors.append(
                        RecordError(place, f"the same {clash[0]} as {first_place} but a different verdict")
                    )
                continue
            for key in keys:
                seen[key] = (place, item)
            parsed.records.append(item)
            parsed.places.append(place)
            parsed.skipped.extend(built.skipped)
    except RecordError as error:
        parsed.errors.append(error)
    return parsed


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


def read_jsonl_text(text: str, ratings: RatingTable = DEFAULT_RATINGS) -> list[VerdictRecord]:
    return read_records(text, "jsonl", ratings)


LIMITS = {"external id": 200, "publisher": 200, "url": 2000}


def _check_storable(record: VerdictRecord) -> None:
    """ValueError when the database cannot store the record as it is."""
    values = {"external id": record.external_id, "publisher": record.publisher, "url": record.url}
    for what, value in values.items():
        if value is not None and not isinstance(value, str):
            raise ValueError(f"the {what} must be text")
        if value and len(value) > LIMITS[what]:
            raise ValueError(f"the {what} is longer than {LIMITS[what]} characters")
    for lang in [record.lang, *(c.lang for c in record.claims), *record.summaries]:
        if not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]{1,4})?", lang):
            raise ValueError(f"{lang!r} is not a language code such as 'ru' or 'kk'")


def _json_problem(error: json.JSONDecodeError) -> str:
    return f"{error.msg.removesuffix(' at')} at column {error.colno}"


TOO_DEEP = "JSON nested too deeply"


def _load_json(text: str, line: int = 1) -> object:
    """Decoded JSON, or a RecordError naming the line: malformed, nested too deeply to decode (Python's
    recursion limit), or a number too long to read."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise RecordError(f"line {error.lineno + line - 1}", f"not JSON ({_json_problem(error)})") from None
    except RecursionError:
        raise RecordError(f"line {line}", TOO_DEEP) from None
    except ValueError as error:
        raise RecordError(f"line {line}", f"not JSON ({error})") from None


def _jsonl_items(text: str, ratings: RatingTable) -> Iterator[Item]:
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        place = f"line {number}"
        try:
            data = _load_json(line, number)
        except RecordError as error:
            yield place, error
            continue
        yield place, _guard(place, _record, data, place, ratings)


def _record(data: object, place: str, rate: Rate) -> Built:
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


def _guard(place: str, build: Callable[..., Built], *args: object) -> Built | RecordError:
    """The record `build(*args)` makes, or the RecordError naming `place` it raises."""
    try:
        return build(*args)
    except RecordError as error:
        return error
    except ValueError as error:
        return RecordError(place, str(error))
    except RecursionError:
        return RecordError(place, TOO_DEEP)


def _is_claimreview(data: dict) -> bool:
    kinds = data.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(
        isinstance(k, str) and k.rsplit("/", 1)[-1].rsplit(":", 1)[-1] == "ClaimReview" for k in kinds
    ) or ("@type" not in data and "claimReviewed" in data)


def _claimreview_items(text: str, ratings: RatingTable) -> Iterator[Item]:
    document = _load_json(text)
    if isinstance(document, dict) and isinstance(document.get("@graph"), list):
        objects = document["@graph"]
    elif isinstance(document, list):
        objects = document
    elif isinstance(document, dict):
        objects = [document]
    else:
        raise RecordError("line 1", "expected a ClaimReview object, a list of them or an @graph")
    found = 0
    for number, data in enumerate(objects, start=1):
        place = f"record {number}"
        if not isinstance(data, dict):
            yield place, RecordError(place, "not a JSON object")
            continue
        if not _is_claimreview(data):
            continue
        found += 1
        yield place, _guard(place, _from_claimreview, data, place, ratings)
    if not found:
        raise RecordError(
            "record 1", "no ClaimReview objects found (is this a Fact Check Tools response or CSV?)"
        )


def _name(value: object) -> str | None:
    """The name of a schema.org Person/Organization given as text, an object or a list of them."""
    if isinstance(value, list):
        names = [n for n in (_name(v) for v in value) if n]
        return ", ".join(names) or None
    if isinstance(value, dict):
        value = value.get("name") or value.get("alternateName")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _language(value: object) -> str | None:
    if isinstance(value, dict):
        value = value.get("alternateName") or value.get("name")
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip().replace("_", "-").split("-")[0].lower()


def _rating(value: object, ratings: RatingTable) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError("'reviewRating' must be a Rating object")
    word = value.get("alternateName") or value.get("name")
    if word not in (None, ""):
        return ratings(word)
    if value.get("ratingValue") not in (None, ""):
        return numeric_rating(value["ratingValue"], value.get("bestRating"), value.get("worstRating"))
    return None


def _appearances(item: object) -> list[str]:
    if not isinstance(item, dict):
        return []
    found: list[str] = []
    for key in ("appearance", "firstAppearance"):
        values = item.get(key)
        for value in values if isinstance(values, list) else [values]:
            url = value.get("url") or value.get("@id") if isinstance(value, dict) else value
            if url in (None, ""):
                continue
            url = web_address(url, f"'itemReviewed.{key}'")
            if url not in found:
                found.append(url)
    return found


def _from_claimreview(data: dict, place: str, ratings: RatingTable) -> Built:
    claim = data.get("claimReviewed")
    if not isinstance(claim, str) or not claim.strip():
        raise ValueError("missing 'claimReviewed' (the claim)")
    url = data.get("url")
    if url in (None, ""):
        raise ValueError("missing 'url' (the address of the verdict)")
    identifier = data.get("identifier")
    rating = _rating(data.get("reviewRating"), ratings)
    fields = {
        "id": str(identifier) if isinstance(identifier, (str, int)) and str(identifier) else url,
        "lang": _language(data.get("inLanguage")) or "und",
        "claim": claim,
        "rating": rating,
        "summary": data.get("reviewBody") or data.get("description") or "",
        "url": url,
        "publisher": _name(data.get("author")) or _name(data.get("publisher")),
        "date": data.get("datePublished"),
        "title": data.get("headline") or data.get("name"),
        "claims": data.get("tipline:phrasings") or [],
        "summaries": data.get("tipline:summaries") or {},
        "appearances": _appearances(data.get("itemReviewed")),
    }
    return _record(fields, place, lambda value: value)


def _factcheck_items(text: str, ratings: RatingTable) -> Iterator[Item]:
    document = _load_json(text)
    if not isinstance(document, dict) or not isinstance(document.get("claims"), list):
        raise RecordError(
            "line 1",
            "expected a Fact Check Tools response: an object with a 'claims' list (an empty search?)",
        )
    for i, claim in enumerate(document["claims"]):
        if not isinstance(claim, dict):
            yield f"claims[{i}]", RecordError(f"claims[{i}]", "not a JSON object")
            continue
        reviews = claim.get("claimReview")
        if not isinstance(reviews, list) or not reviews:
            yield f"claims[{i}]", RecordError(f"claims[{i}]", "no 'claimReview' list")
            continue
        for j, review in enumerate(reviews):
            place = f"claims[{i}].claimReview[{j}]"
            yield place, _guard(place, _from_factcheck, claim, review, place, ratings)


def _from_factcheck(claim: dict, review: object, place: str, ratings: RatingTable) -> Built:
    if not isinstance(review, dict):
        raise ValueError("not a JSON object")
    text = claim.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("missing 'text' (the claim)")
    url = review.get("url")
    if url in (None, ""):
        raise ValueError("missing 'url' (the address of the verdict)")
    publisher = review.get("publisher") if isinstance(review.get("publisher"), dict) else {}
    fields = {
        "id": url,
        "lang": _language(review.get("languageCode")) or "und",
        "claim": text,
        "rating": ratings(review.get("textualRating")),
        "url": url,
        "publisher": _name(publisher) or publisher.get("site"),
        "date": review.get("reviewDate"),
        "title": review.get("title"),
    }
    return _record(fields, place, lambda value: value)


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


def _csv_items(text: str, ratings: RatingTable) -> Iterator[Item]:
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
        yield place, _guard(place, _from_csv, dict(zip(header, cells, strict=False)), place, ratings)


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
    return _record(fields, place, ratings)


RATING_LABELS = {
    "false": "False",
    "misleading": "Misleading",
    "partly_false": "Partly false",
    "missing_context": "Missing context",
    "unproven": "Unproven",
    "satire": "Satire",
    "true": "True",
}
"""The `alternateName` written for each rating in ClaimReview exports."""


def _each(records: Iterable[VerdictRecord], progress: Progress | None) -> Iterator[VerdictRecord]:
    records = list(records)
    for done, record in enumerate(records, start=1):
        yield record
        if progress and (done % 500 == 0 or done == len(records)):
            progress(done, len(records))


def write_jsonl(records: Iterable[VerdictRecord], progress: Progress | None = None) -> str:
    return "".join(json.dumps(record_to_dict(r), ensure_ascii=False) + "\n" for r in _each(records, progress))


def write_csv(records: Iterable[VerdictRecord], progress: Progress | None = None) -> str:
    records = list(records)
    languages = sorted({lang for r in records for lang in r.summaries})
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([*CSV_COLUMNS, *(f"summary_{lang}" for lang in languages)])
    for r in _each(records, progress):
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


def claimreview_object(record: VerdictRecord) -> dict:
    """One verdict as a schema.org ClaimReview; phrasings and translated summaries go in `tipline:`
    properties, which other consumers ignore."""
    if not record.url:
        raise ValueError(f"verdict {record.external_id!r} has no URL, which ClaimReview requires")
    data: dict = {"@type": "ClaimReview", "url": record.url}
    if record.external_id != record.url:
        data["identifier"] = record.external_id
    data["claimReviewed"] = record.claim
    if record.lang != "und":
        data["inLanguage"] = record.lang
    if record.rating:
        data["reviewRating"] = {"@type": "Rating", "alternateName": RATING_LABELS[record.rating]}
    if record.publisher:
        data["author"] = {"@type": "Organization", "name": record.publisher}
    if record.published:
        data["datePublished"] = record.published.isoformat()
    if record.title:
        data["headline"] = record.title
    if record.summary:
        data["reviewBody"] = record.summary
    item: dict = {"@type": "Claim"}
    if record.appearances:
        item["appearance"] = [{"@type": "CreativeWork", "url": url} for url in record.appearances]
    data["itemReviewed"] = item
    phrasings = [{"lang": c.lang, "text": c.text} for c in record.claims[1:] if c.kind != "title"]
    if phrasings:
        data["tipline:phrasings"] = phrasings
    if record.summaries:
        data["tipline:summaries"] = dict(record.summaries)
    return data


CONTEXT = ["https://schema.org", {"tipline": "https://github.com/tipline/tipline/blob/main/README.md#"}]


def write_claimreview(records: Iterable[VerdictRecord], progress: Progress | None = None) -> str:
    """A JSON-LD document with every verdict as a ClaimReview in its @graph; ValueError when a
    verdict has no URL."""
    graph = [claimreview_object(r) for r in _each(records, progress)]
    return json.dumps({"@context": CONTEXT, "@graph": graph}, ensure_ascii=False, indent=2) + "\n"


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
