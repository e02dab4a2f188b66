"""The Google Fact Check Tools API's claims:search response: claims, each with its reviews."""

from __future__ import annotations

from collections.abc import Iterator

from knowledge.formats.claimreview import language_code, schema_name
from knowledge.formats.decoding import load_json
from knowledge.formats.ratings import RatingTable
from knowledge.formats.records import Built, Item, build_record, record_or_error
from knowledge.verdicts import RecordError


def factcheck_items(text: str, ratings: RatingTable) -> Iterator[Item]:
    """The place and the record (or the error) of each review of each claim of a claims:search response."""
    document = load_json(text)
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
            yield place, record_or_error(place, _from_factcheck, claim, review, place, ratings)


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
        "lang": language_code(review.get("languageCode")) or "und",
        "claim": text,
        "rating": ratings(review.get("textualRating")),
        "url": url,
        "publisher": schema_name(publisher) or publisher.get("site"),
        "date": review.get("reviewDate"),
        "title": review.get("title"),
    }
    return build_record(fields, place, lambda value: value)
