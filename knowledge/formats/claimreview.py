"""schema.org ClaimReview in JSON-LD: one object, a list of them or an @graph; phrasings and translated
summaries travel in `tipline:` properties."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from knowledge.formats.decoding import load_json
from knowledge.formats.ratings import RatingTable, numeric_rating
from knowledge.formats.records import Built, Item, build_record, record_or_error, with_progress
from knowledge.verdicts import Progress, RecordError, VerdictRecord, web_address


def is_claimreview(data: dict) -> bool:
    kinds = data.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(
        isinstance(k, str) and k.rsplit("/", 1)[-1].rsplit(":", 1)[-1] == "ClaimReview" for k in kinds
    ) or ("@type" not in data and "claimReviewed" in data)


def claimreview_items(text: str, ratings: RatingTable) -> Iterator[Item]:
    """The place and the record (or the error) of each ClaimReview in a JSON-LD document."""
    document = load_json(text)
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
        if not is_claimreview(data):
            continue
        found += 1
        yield place, record_or_error(place, claimreview_record, data, place, ratings)
    if not found:
        raise RecordError(
            "record 1", "no ClaimReview objects found (is this a Fact Check Tools response or CSV?)"
        )


def schema_name(value: object) -> str | None:
    """The name of a schema.org Person/Organization given as text, an object or a list of them."""
    if isinstance(value, list):
        names = [n for n in (schema_name(v) for v in value) if n]
        return ", ".join(names) or None
    if isinstance(value, dict):
        value = value.get("name") or value.get("alternateName")
    return value.strip() if isinstance(value, str) and value.strip() else None


def language_code(value: object) -> str | None:
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


def claimreview_record(data: dict, place: str, ratings: RatingTable) -> Built:
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
        "lang": language_code(data.get("inLanguage")) or "und",
        "claim": claim,
        "rating": rating,
        "summary": data.get("reviewBody") or data.get("description") or "",
        "url": url,
        "publisher": schema_name(data.get("author")) or schema_name(data.get("publisher")),
        "date": data.get("datePublished"),
        "title": data.get("headline") or data.get("name"),
        "claims": data.get("tipline:phrasings") or [],
        "summaries": data.get("tipline:summaries") or {},
        "appearances": _appearances(data.get("itemReviewed")),
    }
    return build_record(fields, place, lambda value: value)


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
    graph = [claimreview_object(r) for r in with_progress(records, progress)]
    return json.dumps({"@context": CONTEXT, "@graph": graph}, ensure_ascii=False, indent=2) + "\n"
