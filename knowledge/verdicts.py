"""Verdicts as the newsroom publishes them, and the JSON Lines format they travel in."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

RATINGS = ("false", "misleading", "partly_false", "missing_context", "unproven", "satire", "true")
"""The bot's rating scale, from most to least harmful."""

RATING_ALIASES = {
    "fake": "false",
    "pants on fire": "false",
    "pants-on-fire": "false",
    "incorrect": "false",
    "wrong": "false",
    "mostly false": "partly_false",
    "mostly-false": "partly_false",
    "half true": "partly_false",
    "half-true": "partly_false",
    "mixture": "partly_false",
    "partly false": "partly_false",
    "partially false": "partly_false",
    "distorts the facts": "misleading",
    "missing context": "missing_context",
    "out of context": "missing_context",
    "unverified": "unproven",
    "unsupported": "unproven",
    "mostly true": "true",
    "correct": "true",
    "accurate": "true",
}

LANGUAGES = ("en", "ru", "kk", "uz", "ky", "tg", "az", "tr")
"""Languages the bot speaks to readers in."""


class RecordError(ValueError):
    """A record of an import file that cannot be used; `place` says where it is (line or index)."""

    def __init__(self, place: str, message: str):
        super().__init__(f"{place}: {message}")
        self.place = place
        self.message = message


@dataclass(frozen=True)
class ClaimText:
    lang: str
    text: str
    kind: str = "claim"
    """claim, title, phrasing (imported), or tip (learnt from a reader's tip)."""


@dataclass
class VerdictRecord:
    """One verdict as imported or exported, independent of the database."""

    external_id: str
    lang: str
    claims: list[ClaimText]
    rating: str | None = None
    summary: str = ""
    url: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    title: str | None = None
    summaries: dict[str, str] = field(default_factory=dict)
    appearances: list[str] = field(default_factory=list)
    """Web addresses where the claim was seen (ClaimReview `itemReviewed.appearance`)."""

    @property
    def claim(self) -> str:
        return self.claims[0].text


def normalise_rating(value: object) -> str | None:
    """Map a publisher's rating word onto the bot's scale; None when there is no rating."""
    if value is None or value == "":
        return None
    word = str(value).strip().lower().replace("_", " ")
    if word.replace(" ", "_") in RATINGS:
        return word.replace(" ", "_")
    if word in RATING_ALIASES:
        return RATING_ALIASES[word]
    raise ValueError(f"unknown rating {value!r}; known: {', '.join(RATINGS)}")


def parse_date(value: object) -> dt.date | None:
    if value in (None, ""):
        return None
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%SZ"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        raise ValueError(f"unreadable date {value!r}") from None


def web_address(value: object, what: str) -> str:
    """`value` as an http(s) address, or ValueError naming `what`."""
    url = _text(value, what)
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"{what} is not a web address: {url!r}")
    return url


def _text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{what} must be a string")
    return value.strip()


Progress = Callable[[int, int], None]
"""Called with (done, total) while a long operation (an import, an export) runs."""

Rate = Callable[[object], str | None]
"""Maps a publisher's rating word onto the bot's scale, raising ValueError for an unknown one."""


def _claims(data: dict, lang: str, claim: str, title: object) -> list[ClaimText]:
    """A record's claim, its title and its other phrasings (`claims` or `phrasings`), empty ones left out."""
    claims = [ClaimText(lang, claim, "claim")]
    if title:
        claims.append(ClaimText(lang, _text(title, "'title'"), "title"))
    for extra in data.get("claims") or data.get("phrasings") or []:
        if isinstance(extra, str):
            claims.append(ClaimText(lang, extra.strip(), "phrasing"))
        elif isinstance(extra, dict) and isinstance(extra.get("text"), str):
            claims.append(
                ClaimText(str(extra.get("lang") or lang).lower(), extra["text"].strip(), "phrasing")
            )
        else:
            raise ValueError("'claims' must list strings or {lang, text} objects")
    return [c for c in claims if c.text]


def record_from_dict(data: object, place: str, rate: Rate = normalise_rating) -> VerdictRecord:
    """Build a record from one decoded JSON object, raising RecordError naming `place`."""
    try:
        if not isinstance(data, dict):
            raise ValueError("a verdict must be a JSON object")
        external_id = data.get("id")
        if external_id in (None, ""):
            raise ValueError("missing 'id'")
        lang = _text(data.get("lang") or "und", "'lang'").lower()
        claim = _text(data.get("claim", ""), "'claim'")
        if not claim:
            raise ValueError("missing 'claim'")
        title = data.get("title")
        claims = _claims(data, lang, claim, title)
        summaries = data.get("summaries") or {}
        if not isinstance(summaries, dict):
            raise ValueError("'summaries' must map languages to texts")
        url = data.get("url") or None
        if url is not None:
            url = web_address(url, "'url'")
        appearances = data.get("appearances") or []
        if not isinstance(appearances, list):
            raise ValueError("'appearances' must list web addresses")
        return VerdictRecord(
            external_id=str(external_id),
            lang=lang,
            claims=claims,
            rating=rate(data.get("rating")),
            summary=_text(data.get("summary") or "", "'summary'"),
            url=url,
            publisher=(data.get("publisher") or data.get("author") or None),
            published=parse_date(data.get("date")),
            title=title or None,
            summaries={str(k).lower(): str(v) for k, v in summaries.items()},
            appearances=[web_address(a, "an appearance") for a in appearances],
        )
    except RecordError:
        raise
    except ValueError as error:
        raise RecordError(place, str(error)) from None


def read_jsonl(lines: Iterable[str], rate: Rate = normalise_rating) -> Iterator[VerdictRecord]:
    """Parse JSON Lines verdicts; blank lines are skipped, a bad line raises RecordError('line N')."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            raise RecordError(f"line {number}", f"not JSON ({error.msg})") from None
        yield record_from_dict(data, f"line {number}", rate)


def record_to_dict(record: VerdictRecord) -> dict:
    data: dict = {"id": record.external_id, "lang": record.lang, "claim": record.claim}
    if record.rating:
        data["rating"] = record.rating
    if record.summary:
        data["summary"] = record.summary
    if record.url:
        data["url"] = record.url
    if record.publisher:
        data["publisher"] = record.publisher
    if record.published:
        data["date"] = record.published.isoformat()
    if record.title:
        data["title"] = record.title
    extra = [{"lang": c.lang, "text": c.text} for c in record.claims[1:] if c.kind != "title"]
    if extra:
        data["claims"] = extra
    if record.summaries:
        data["summaries"] = record.summaries
    if record.appearances:
        data["appearances"] = record.appearances
    return data
