"""Verdicts exchanged between newsrooms: the ClaimReview feed a tipline serves its partners, and the same
feed read back, every record checked (sizes, web addresses, markup stripped) before anything of it is
kept."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from knowledge.formats.claimreview import CONTEXT, claimreview_object, claimreview_record, is_claimreview
from knowledge.formats.decoding import check_storable, load_json
from knowledge.formats.ratings import DEFAULT_RATINGS
from knowledge.formats.records import record_or_error
from knowledge.verdicts import ClaimText, RecordError, VerdictRecord

FEED_BYTES = 8 * 2**20
"""A feed page larger than this is refused whole."""
RECORD_LIMITS = {
    "claim": 2000,
    "summary": 8000,
    "title": 500,
    "publisher": 200,
    "country": 100,
    "phrasings": 50,
    "summaries": 20,
    "appearances": 50,
    "channels": 20,
    "channel": 200,
    "rising": 500,
}
"""Characters of a text, or items of a list, a partner's record may have; beyond them it is skipped."""


@dataclass(frozen=True)
class FeedEntry:
    """One change of a partner's feed: a verdict as it stands now, or the key of one withdrawn."""

    key: str
    """The verdict's identifier in the partner's feed (its `identifier`, else its URL)."""
    change: int
    record: VerdictRecord | None = None
    country: str | None = None

    @property
    def withdrawn(self) -> bool:
        return self.record is None


@dataclass
class FeedPage:
    """A page of a partner's feed as read: its entries, the records skipped and why, where to go on."""

    entries: list[FeedEntry] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    cursor: int = 0
    next: str | None = None
    rising: str | None = None
    """Where the partner lists the claims rising at it (its first page says)."""


@dataclass(frozen=True)
class Rising:
    """A claim spreading at a newsroom: an open cluster of its readers' posts, never who sent them."""

    key: str
    lang: str
    text: str
    demand: int
    """Readers who sent it."""
    first_seen: dt.datetime | None = None
    channels: tuple[str, ...] = ()
    """The public channels it was forwarded from (@name, or a title)."""


@dataclass(frozen=True)
class Published:
    """A verdict as this newsroom's feed lists it: its record (None once withdrawn), its key, the
    change that last touched it."""

    key: str
    change: int
    record: VerdictRecord | None
    url: str | None = None


def feed_document(
    items: Iterable[Published],
    country: str | None,
    cursor: int,
    next_url: str | None,
    rising_url: str | None = None,
) -> dict:
    """A page of the feed: ClaimReview objects in an @graph, each with the change that last touched it;
    a withdrawn verdict is its key and `tipline:withdrawn`; `rising_url`: where the newsroom lists the
    claims rising at it, when it shares them."""
    graph = []
    for item in items:
        if item.record is None:
            data = {"@type": "ClaimReview", "identifier": item.key, "tipline:withdrawn": True}
            if item.url:
                data["url"] = item.url
        else:
            data = claimreview_object(item.record)
            data["identifier"] = item.key
            if country and isinstance(data.get("author"), dict):
                data["author"]["address"] = {"@type": "PostalAddress", "addressCountry": country}
        data["tipline:change"] = item.change
        graph.append(data)
    document = {"@context": CONTEXT, "@graph": graph, "tipline:cursor": cursor}
    if next_url:
        document["tipline:next"] = next_url
    if rising_url:
        document["tipline:rising"] = rising_url
    return document


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in ("script", "style"):
            self.hidden += 1
        elif tag in ("br", "p", "div", "li"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self.hidden:
            self.hidden -= 1
        elif tag in ("p", "div", "li"):
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain_text(value: str) -> str:
    """`value` with markup taken out: tags and scripts dropped, entities read, control characters gone."""
    if "<" not in value and "&" not in value:
        return CONTROL.sub("", value).strip()
    parser = _Text()
    parser.feed(value)
    parser.close()
    return re.sub(r"[ \t]{2,}", " ", CONTROL.sub("", "".join(parser.parts))).strip()


def checked_address(url: str | None, what: str) -> str | None:
    """An http(s) address with a host, or ValueError naming `what` (no javascript:, data:, file:...)."""
    if url is None:
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or re.search(r"\s", url):
        raise ValueError(f"{what} is not an http(s) address")
    return url


def _bounded(value: str | None, what: str) -> str | None:
    if value is None:
        return None
    text = plain_text(value)
    if len(text) > RECORD_LIMITS[what]:
        raise ValueError(f"the {what} is longer than {RECORD_LIMITS[what]} characters")
    return text or None


def cleaned_record(record: VerdictRecord) -> VerdictRecord:
    """A partner's record with its markup stripped and its sizes and addresses checked (ValueError)."""
    for what, items in (
        ("phrasings", record.claims),
        ("summaries", record.summaries),
        ("appearances", record.appearances),
    ):
        if len(items) > RECORD_LIMITS[what]:
            raise ValueError(f"more than {RECORD_LIMITS[what]} {what}")
    claims = [ClaimText(c.lang, _bounded(c.text, "claim") or "", c.kind) for c in record.claims]
    if not claims or not claims[0].text:
        raise ValueError("the claim is empty once its markup is taken out")
    cleaned = VerdictRecord(
        external_id=record.external_id,
        lang=record.lang,
        claims=[c for c in claims if c.text],
        rating=record.rating,
        summary=_bounded(record.summary, "summary") or "",
        url=checked_address(record.url, "the url"),
        publisher=_bounded(record.publisher, "publisher"),
        published=record.published,
        title=_bounded(record.title, "title"),
        summaries={k: _bounded(v, "summary") or "" for k, v in record.summaries.items()},
        appearances=[checked_address(a, "an appearance") or "" for a in record.appearances],
    )
    check_storable(cleaned)
    return cleaned


def _country(data: dict) -> str | None:
    author = data.get("author")
    address = author.get("address") if isinstance(author, dict) else None
    country = address.get("addressCountry") if isinstance(address, dict) else address
    if isinstance(country, dict):
        country = country.get("name")
    return _bounded(country, "country") if isinstance(country, str) else None


def _entry(data: object, place: str) -> FeedEntry:
    if not isinstance(data, dict) or not is_claimreview(data):
        raise ValueError("not a ClaimReview object")
    change = data.get("tipline:change")
    if not isinstance(change, int) or isinstance(change, bool) or change < 0:
        raise ValueError("'tipline:change' must be a whole number")
    key = data.get("identifier") or data.get("url")
    if not isinstance(key, (str, int)) or isinstance(key, bool) or not str(key) or len(str(key)) > 150:
        raise ValueError("missing 'identifier' (or one longer than 150 characters)")
    if data.get("tipline:withdrawn") is True:
        return FeedEntry(str(key), change)
    built = record_or_error(place, claimreview_record, data, place, DEFAULT_RATINGS)
    if isinstance(built, RecordError):
        raise ValueError(built.message)
    return FeedEntry(str(key), change, cleaned_record(built.record), _country(data))


def _graph_document(text: str, what: str) -> dict:
    """A JSON-LD object with an @graph of at most FEED_BYTES, else RecordError naming `what`."""
    if len(text.encode("utf-8", "surrogatepass")) > FEED_BYTES:
        raise RecordError(what, f"a page larger than {FEED_BYTES // 2**20} MiB")
    document = load_json(text)
    if not isinstance(document, dict) or not isinstance(document.get("@graph"), list):
        raise RecordError(what, "not a tipline feed page (a JSON-LD object with an @graph)")
    return document


def read_feed(text: str) -> FeedPage:
    """A page of a partner's feed; a malformed record is skipped (its reason kept), a page that is not a
    feed at all raises RecordError."""
    document = _graph_document(text, "the feed")
    cursor = document.get("tipline:cursor", 0)
    if not isinstance(cursor, int) or isinstance(cursor, bool) or not 0 <= cursor < 2**63:
        raise RecordError("the feed", "'tipline:cursor' must be a whole number")
    next_url, rising_url = document.get("tipline:next"), document.get("tipline:rising")
    page = FeedPage(cursor=cursor, next=next_url if isinstance(next_url, str) else None)
    page.rising = rising_url if isinstance(rising_url, str) else None
    for number, data in enumerate(document["@graph"], start=1):
        place = f"record {number}"
        try:
            page.entries.append(_entry(data, place))
        except RecordError as error:
            page.skipped.append(f"{place}: {error.message}")
        except ValueError as error:
            page.skipped.append(f"{place}: {error}")
        except RecursionError:
            page.skipped.append(f"{place}: nested too deeply")
    return page


def rising_document(items: Iterable[Rising]) -> dict:
    """The claims rising at this newsroom, as its rising feed serves them."""
    graph = [
        {
            "@type": "Claim",
            "identifier": item.key,
            "text": item.text,
            "inLanguage": item.lang,
            "tipline:demand": item.demand,
            "tipline:firstSeen": item.first_seen.isoformat() if item.first_seen else None,
            "tipline:channels": list(item.channels),
        }
        for item in items
    ]
    return {"@context": CONTEXT, "@graph": graph}


def _rising(data: object) -> Rising:
    if not isinstance(data, dict):
        raise ValueError("not an object")
    key, text, lang = data.get("identifier"), data.get("text"), data.get("inLanguage")
    demand, channels = data.get("tipline:demand"), data.get("tipline:channels") or []
    if not isinstance(key, str) or not key or len(key) > 150:
        raise ValueError("missing 'identifier' (or one longer than 150 characters)")
    if not isinstance(text, str) or not isinstance(lang, str) or len(lang) > 8:
        raise ValueError("needs a text and a language code")
    if not isinstance(demand, int) or isinstance(demand, bool) or demand < 1:
        raise ValueError("'tipline:demand' must be a whole number above 0")
    if not isinstance(channels, list) or len(channels) > RECORD_LIMITS["channels"]:
        raise ValueError(f"'tipline:channels' must be a list of at most {RECORD_LIMITS['channels']}")
    if not all(isinstance(c, str) for c in channels):
        raise ValueError("'tipline:channels' must be names")
    first_seen = data.get("tipline:firstSeen")
    try:
        seen = dt.datetime.fromisoformat(first_seen) if isinstance(first_seen, str) else None
    except ValueError:
        seen = None
    if seen is not None and seen.tzinfo is None:
        seen = seen.replace(tzinfo=dt.UTC)
    claim = _bounded(text, "claim")
    if not claim:
        raise ValueError("the text is empty once its markup is taken out")
    named = tuple(n for n in (_bounded(c, "channel") for c in channels) if n)
    return Rising(key, lang.lower(), claim, demand, seen, named)


def read_rising(text: str) -> tuple[list[Rising], list[str]]:
    """The claims of a partner's rising feed, and the reasons of those skipped; RecordError for a
    document that is not one."""
    document = _graph_document(text, "the rising feed")
    found, skipped = [], []
    for number, data in enumerate(document["@graph"][: RECORD_LIMITS["rising"]], start=1):
        try:
            found.append(_rising(data))
        except ValueError as error:
            skipped.append(f"claim {number}: {error}")
        except RecursionError:
            skipped.append(f"claim {number}: nested too deeply")
    return found, skipped
