"""Two newsrooms over real HTTP: A serves its verdicts as a ClaimReview feed (add_feed_routes on 127.0.0.1),
B follows it with a real aiohttp client into its own SQLite database and matcher; then a hostile feed B
follows (malformed pages, hostile records, errors, time-outs, redirects), each fault counted on B's partner
row, logged, and changing nothing else."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from sqlalchemy import select
from sqlalchemy.orm import selectinload

import knowledge.partners
from bot.db.models import Partner, Verdict, VerdictRevision
from bot.db.verdicts import latest_change_id
from bot.services import partner_feeds
from bot.services.container import Services, open_services
from bot.services.desk.audit import Actor
from bot.services.desk.publishing import withdraw
from bot.services.partner_feeds import SyncReport, partner_key
from bot.services.verdict_records import stored_records
from bot.settings import load_settings
from bot.telegram.feeds import FEED_PATH, add_feed_routes
from knowledge.formats.decoding import check_storable
from knowledge.partners import Published, feed_document
from knowledge.statuses import Trust
from knowledge.verdicts import ClaimText, VerdictRecord
from tests.support.sessions import committed

A_NEWSROOM, A_COUNTRY = "Factcheck A", "Kyrgyzstan"
EDITOR = Actor(7, "editor")
TOKEN = "feed-token-that-must-never-be-shown-0123456789"

CLAIMS = {
    "water": ("ru", "Водопроводная вода в Бишкеке отравлена хлором, пить её нельзя до конца месяца."),
    "bridge": ("en", "The new bridge over the Chui river collapsed on its opening day and was hushed up."),
    "internet": ("ky", "Бишкекте интернет 14 күнгө толугу менен өчүрүлөт деп өкмөт жарыялады."),
    "pension": ("en", "Pensions will double from next month under a secret government decree."),
    "vaccine": ("en", "The measles vaccine given in schools this spring contains microchips."),
}


def record(
    key: str,
    topic: str,
    *,
    rating: str = "false",
    summary: str = "No such thing happened.",
    publisher: str | None = None,
    url: str | None = "",
    claim: str | None = None,
) -> VerdictRecord:
    lang, text = CLAIMS[topic]
    return VerdictRecord(
        key,
        lang,
        [ClaimText(lang, claim or text, "claim")],
        rating=rating,
        summary=summary,
        url=f"https://a.example/checks/{key}" if url == "" else url,
        publisher=publisher,
    )


@contextlib.asynccontextmanager
async def newsroom(
    database: Path | str, name: str, country: str | None = None, **more: object
) -> AsyncIterator[Services]:
    """A newsroom's services on its own database (a SQLite file, or a URL), lexical matching only."""
    settings = load_settings(
        database_url=database if isinstance(database, str) else f"sqlite+aiosqlite:///{database}",
        semantic=False,
        newsroom_name=name,
        newsroom_country=country,
        **more,
    )
    async with open_services(settings) as services:
        yield services


@pytest.fixture
async def a(tmp_path: Path) -> AsyncIterator[Services]:
    async with newsroom(tmp_path / "a.db", A_NEWSROOM, A_COUNTRY) as services:
        yield services


@pytest.fixture
async def b(database_url: str) -> AsyncIterator[Services]:
    """The follower, on the suite's database: SQLite, then PostgreSQL in .ci/run's second pass."""
    async with newsroom(database_url, "Factcheck B", "Kazakhstan") as services:
        yield services


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@contextlib.asynccontextmanager
async def serving(app: web.Application) -> AsyncIterator[TestServer]:
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        yield server
    finally:
        await server.close()


class Served:
    """A's feed on 127.0.0.1, each request's query and status kept."""

    def __init__(self, server: TestServer, answered: list[tuple[int, int, int]]):
        self.url = str(server.make_url(FEED_PATH))
        self.answered = answered
        """(since, limit, status) of each request, in order."""


@pytest.fixture
async def a_feed(a: Services) -> AsyncIterator[Served]:
    answered: list[tuple[int, int, int]] = []

    @web.middleware
    async def noted(request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]):
        response = await handler(request)
        answered.append((int(request.query["since"]), int(request.query["limit"]), response.status))
        return response

    app = web.Application(middlewares=[noted])
    add_feed_routes(app, a.partners)
    async with serving(app) as server:
        yield Served(server, answered)


async def follow_a(a: Services, b: Services, url: str, trust: Trust = Trust.AUTO) -> str:
    """A gives B a token, B follows A's feed with it; the token."""
    token = await a.partners.add("B")
    assert await b.partners.follow("A", url, token, trust)
    return token


async def sync(b: Services, http: aiohttp.ClientSession, name: str = "A") -> SyncReport:
    report = await b.partners.follower.sync(name, http)
    assert report is not None
    return report


async def partner_row(services: Services, name: str = "A") -> Partner:
    async with services.sessionmaker() as session:
        partner = await session.scalar(select(Partner).where(Partner.name == name))
        assert partner is not None
        return partner


async def stored(services: Services) -> dict[str, Verdict]:
    """Every verdict of the newsroom's database (with its claims), by external id."""
    async with services.sessionmaker() as session:
        verdicts = await session.scalars(select(Verdict).options(selectinload(Verdict.claims)))
        return {v.external_id: v for v in verdicts}


def as_seen(verdict: Verdict) -> tuple:
    """What a reader or a checker sees of a stored verdict."""
    claims = sorted((c.lang, c.text, c.kind) for c in verdict.claims)
    return (verdict.rating, verdict.summary, verdict.url, verdict.publisher, verdict.withdrawn_at, claims)


async def found(services: Services, topic: str) -> list[str]:
    """The external ids the checkers' search finds for a topic's claim."""
    ids = await services.kb.external_ids()
    return [ids[m.verdict_id] for m in await services.kb.search(CLAIMS[topic][1])]


# -- A and B over real HTTP --


async def test_a_sync_credits_the_partner_in_its_own_name_space_and_never_touches_own_verdicts(
    a, b, a_feed, http
):
    await a.kb.import_records(
        [
            record("a-water", "water"),
            record("a-bridge", "bridge", rating="misleading", publisher="A Investigations"),
            record("a-draft", "pension", url=None),
        ]
    )
    own = record("a-water", "water", rating="true", summary="B's own reading.", url="https://b.example/1")
    await b.kb.import_records([own])
    await follow_a(a, b, a_feed.url)

    report = await sync(b, http)

    assert (report.created, report.updated, report.skipped, report.error) == (2, 0, 0, None)
    partner = await partner_row(b)
    verdicts = await stored(b)
    water, bridge = (
        verdicts[partner_key(partner.id, "a-water")],
        verdicts[partner_key(partner.id, "a-bridge")],
    )
    assert water.external_id == f"partner:{partner.id}:a-water"
    assert (water.partner_id, water.publisher, water.country, water.lang) == (
        partner.id,
        A_NEWSROOM,
        A_COUNTRY,
        "ru",
    )
    assert (water.url, water.rating, water.claims[0].text) == (
        "https://a.example/checks/a-water",
        "false",
        CLAIMS["water"][1],
    )
    assert (bridge.publisher, bridge.rating, bridge.lang) == ("A Investigations", "misleading", "en")
    assert not any("a-draft" in key for key in verdicts)  # no URL: ClaimReview cannot carry it
    mine = verdicts["a-water"]
    assert mine.partner_id is None
    assert (mine.rating, mine.summary, mine.url, mine.country) == ("true", "B's own reading.", own.url, None)
    assert partner.cursor == await committed(a.sessionmaker, latest_change_id)
    assert (partner.errors, partner.skipped, partner.last_error) == (0, 0, None)
    assert partner.synced_at is not None

    assert await found(b, "bridge") == [bridge.external_id]
    matches, decision = await b.kb.assess(CLAIMS["bridge"][1])
    assert decision.action == "auto" and matches[0].verdict_id == bridge.id
    [view] = await b.partners.overview()
    assert (view.name, view.verdicts, view.follows, view.trust) == ("A", 2, True, Trust.AUTO)

    await a.kb.import_records([record("a-water", "water", rating="misleading", summary="Corrected at A.")])
    assert (await sync(b, http)).updated == 1
    verdicts = await stored(b)
    assert verdicts[water.external_id].rating == "misleading"
    assert as_seen(verdicts["a-water"]) == as_seen(mine)

    # B's export is B's own verdicts; and no import may take a partner's name space
    assert [r.external_id for r in await stored_records(b.sessionmaker)] == ["a-water"]
    with pytest.raises(ValueError, match="kept for partners' verdicts"):
        check_storable(record(water.external_id, "water"))
    # B's own import of a record with the partner verdict's address is B's own verdict, beside A's
    report = await b.kb.import_records([record("b-bridge", "bridge", url=bridge.url, summary="B's check.")])
    assert (report.created, report.updated) == (1, 0)
    verdicts = await stored(b)
    assert as_seen(verdicts[bridge.external_id]) == as_seen(bridge)
    assert (verdicts["b-bridge"].partner_id, verdicts["b-bridge"].summary) == (None, "B's check.")


async def test_the_feed_is_read_a_page_at_a_time_resumes_where_it_stopped_and_then_answers_304(
    a, b, a_feed, http, monkeypatch
):
    monkeypatch.setattr(partner_feeds, "PAGE", 2)
    monkeypatch.setattr(partner_feeds, "OVERLAP", 1)
    topics = list(CLAIMS)
    await a.kb.import_records([record(f"a-{topic}", topic) for topic in topics])
    await follow_a(a, b, a_feed.url)

    first = await sync(b, http)

    assert (first.pages, first.created) == (3, 5)
    assert [since for since, _, _ in a_feed.answered] == [0, 2, 4]
    assert {limit for _, limit, _ in a_feed.answered} == {2}
    partner = await partner_row(b)
    assert partner.cursor == await committed(a.sessionmaker, latest_change_id) == 5
    before = {key: as_seen(v) for key, v in (await stored(b)).items()}
    assert len(before) == 5

    again = await sync(b, http)  # the overlap asked for again
    assert (again.created, again.updated, again.withdrawn, again.unchanged) == (0, 0, 0, 1)
    steady = await sync(b, http)
    assert (steady.pages, steady.created, steady.updated) == (0, 0, 0)
    assert a_feed.answered[-1] == (4, 2, 304)
    assert {key: as_seen(v) for key, v in (await stored(b)).items()} == before
    assert (await partner_row(b)).cursor == 5

    monkeypatch.setattr(partner_feeds, "PAGES_PER_SYNC", 2)
    await a.kb.import_records(
        [record(f"a-more-{n}", topics[n % 5], claim=f"More claim {n}") for n in range(4)]
    )
    cut_short = await sync(b, http)
    assert (cut_short.pages, cut_short.created) == (2, 3)
    assert len(await stored(b)) == 8
    resumed = await sync(b, http)
    assert resumed.created == 1 and len(await stored(b)) == 9
    assert (await partner_row(b)).cursor == await committed(a.sessionmaker, latest_change_id) == 9


async def test_corrections_withdrawals_and_restorals_at_a_reach_b(a, b, a_feed, http):
    await a.kb.import_records([record("a-water", "water"), record("a-bridge", "bridge")])
    await follow_a(a, b, a_feed.url)
    await sync(b, http)
    partner = await partner_row(b)
    key = partner_key(partner.id, "a-bridge")

    corrected = record(
        "a-bridge", "bridge", rating="misleading", summary="The bridge stands; one span sagged."
    )
    await a.kb.import_records([corrected])
    report = await sync(b, http)

    assert (report.updated, report.created, report.unchanged) == (1, 0, 1)
    bridge = (await stored(b))[key]
    assert (bridge.rating, bridge.summary) == ("misleading", corrected.summary)
    async with b.sessionmaker() as session:
        revisions = (
            await session.scalars(
                select(VerdictRevision).where(VerdictRevision.verdict_id == bridge.id).order_by("number")
            )
        ).all()
    assert [(r.number, r.rating, r.summary) for r in revisions] == [
        (1, "false", "No such thing happened."),
        (2, "misleading", corrected.summary),
    ]
    assert len(report.corrections) == 1

    assert await committed(a.sessionmaker, withdraw, "a-bridge", EDITOR) is not None
    withdrawn = await sync(b, http)
    assert (withdrawn.withdrawn, withdrawn.updated) == (1, 0)
    assert (await stored(b))[key].withdrawn_at is not None
    assert key not in await found(b, "bridge")
    matches, _ = await b.kb.assess(CLAIMS["bridge"][1])
    assert bridge.id not in [m.verdict_id for m in matches]
    assert [v.withdrawn for v in await b.partners.overview()] == [1]

    await committed(a.sessionmaker, withdraw, "a-bridge", EDITOR, restore=True)
    restored = await sync(b, http)
    assert (restored.updated, restored.withdrawn) == (1, 0)
    back = (await stored(b))[key]
    assert back.withdrawn_at is None and back.rating == "misleading"
    assert await found(b, "bridge") == [key]


async def test_removing_a_partner_takes_its_verdicts_away_and_a_removed_partners_token_is_refused(
    a, b, a_feed, http, caplog
):
    await a.kb.import_records([record("a-water", "water"), record("a-bridge", "bridge")])
    token = await follow_a(a, b, a_feed.url)
    await sync(b, http)
    await a.kb.import_records([record("a-bridge", "bridge", rating="true")])
    assert (await sync(b, http)).updated == 1  # a correction: revisions to remove with it

    assert await b.partners.remove("A") == 2
    assert not [v for v in (await stored(b)).values() if v.partner_id is not None]
    assert await found(b, "bridge") == []
    assert await b.partners.overview() == []
    assert await b.partners.remove("A") is None

    assert await a.partners.remove("B") == 0
    assert await b.partners.follow("A", a_feed.url, token, Trust.AUTO)
    caplog.set_level(logging.WARNING)
    refused = await sync(b, http)

    assert a_feed.answered[-1][2] == 401
    assert refused.error == "the feed answered HTTP 401" and refused.created == 0
    partner = await partner_row(b)
    assert (partner.errors, partner.failures, partner.cursor) == (1, 1, 0)
    assert partner.last_error == "the feed answered HTTP 401"
    assert not [v for v in (await stored(b)).values() if v.partner_id is not None]
    assert "HTTP 401" in caplog.text and token not in caplog.text

    renewed = await a.partners.add("B")
    await b.partners.follow("A", a_feed.url, renewed, Trust.AUTO)
    assert (await sync(b, http)).created == 2
    await b.partners.follow("A", a_feed.url, token, Trust.AUTO)  # the old token, replaced by `add`
    assert (await sync(b, http)).error == "the feed answered HTTP 401"


# -- a hostile feed --


HOSTILE_RECORDS = [record("h-1", "water", publisher="Hostile"), record("h-2", "bridge", publisher="Hostile")]
NEW_RECORD = record("h-3", "pension", publisher="Hostile")


def feed_page(records: list[VerdictRecord], cursor: int, next_url: str | None = None) -> dict:
    items = [Published(r.external_id, n, r) for n, r in enumerate(records, start=1)]
    return feed_document(items, "Atlantis", cursor, next_url)


def good_record_data(r: VerdictRecord = NEW_RECORD, change: int = 3) -> dict:
    return feed_page([r], change)["@graph"][0] | {"tipline:change": change}


class Hostile:
    """A partner's feed the test controls: every request is answered by `answer`, by default the page of
    HOSTILE_RECORDS (with its ETag, 304 when unchanged); a request without TOKEN gets 401."""

    def __init__(self) -> None:
        self.answer: Callable[[web.Request], Awaitable[web.StreamResponse]] = self.page
        self.document = feed_page(HOSTILE_RECORDS, 2)
        self.requests = 0
        self.released = asyncio.Event()
        """Set at the end of a test: a handler left waiting returns."""

    async def handle(self, request: web.Request) -> web.StreamResponse:
        self.requests += 1
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return web.json_response(
                {"error": f"wrong token {request.headers.get('Authorization')}"}, status=401
            )
        return await self.answer(request)

    async def page(self, request: web.Request) -> web.StreamResponse:
        etag = f'"{hash(json.dumps(self.document)) & 0xFFFFFF:x}"'
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        return web.json_response(self.document, headers={"ETag": etag})

    async def wait(self) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.released.wait(), 10)


@pytest.fixture
async def hostile() -> AsyncIterator[tuple[Hostile, str]]:
    feed = Hostile()
    app = web.Application()
    app.router.add_get("/feed", feed.handle)
    app.router.add_get("/elsewhere", feed.handle)
    async with serving(app) as server:
        try:
            yield feed, str(server.make_url("/feed"))
        finally:
            feed.released.set()


async def followed_hostile(b: Services, hostile: tuple[Hostile, str], http, token: str = TOKEN) -> Hostile:
    """B following the hostile feed, synced once from its good page (h-1, h-2, cursor 2)."""
    feed, url = hostile
    await b.partners.follow("H", url, token, Trust.AUTO)
    report = await sync(b, http, "H")
    assert report.created == (2 if token == TOKEN else 0)
    return feed


def body(text: str | bytes, status: int = 200, content_type: str = "application/ld+json"):
    async def answer(request: web.Request) -> web.Response:
        data = text.encode() if isinstance(text, str) else text
        return web.Response(body=data, status=status, content_type=content_type)

    return answer


def document(data: object) -> Callable[[web.Request], Awaitable[web.Response]]:
    return body(json.dumps(data))


async def slow(feed: Hostile, request: web.Request) -> web.Response:
    await feed.wait()
    return web.json_response(feed.document)


async def stalled(feed: Hostile, request: web.Request) -> web.StreamResponse:
    response = web.StreamResponse(headers={"Content-Type": "application/ld+json"})
    await response.prepare(request)
    await response.write(json.dumps(feed.document).encode()[:40])
    await feed.wait()
    return response


async def redirect(feed: Hostile, request: web.Request) -> web.Response:
    raise web.HTTPFound("/elsewhere")


PROXY_PAGE = "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>"
PAD = 2**20
"""FEED_BYTES in these tests: a page over it is made quickly."""

FAILED_SYNCS = {
    "not JSON": (lambda feed: body('{"@graph": [oops'), "not JSON"),
    "JSON but not a feed": (
        lambda feed: document({"items": [good_record_data()]}),
        "not a tipline feed page",
    ),
    "a list, not a feed": (lambda feed: document([good_record_data()]), "not a tipline feed page"),
    "nested too deeply": (lambda feed: body("[" * 100_000 + "]" * 100_000), "nested too deeply"),
    "not UTF-8": (lambda feed: body(b'{"@graph": [], "x": "\xff\xfe"}'), "not UTF-8"),
    "a cursor beyond any database": (
        lambda feed: document({"@graph": [good_record_data()], "tipline:cursor": 10**20}),
        "'tipline:cursor' must be a whole number",
    ),
    "a page over FEED_BYTES": (
        lambda feed: document(feed_page([NEW_RECORD], 3) | {"padding": "x" * (PAD + 10)}),
        "a page larger than 1 MiB",
    ),
    "HTTP 500": (lambda feed: body("Internal Server Error", 500, "text/plain"), "the feed answered HTTP 500"),
    "a proxy's HTML 502": (lambda feed: body(PROXY_PAGE, 502, "text/html"), "the feed answered HTTP 502"),
    "no answer in time": (lambda feed: lambda request: slow(feed, request), "no answer within 0.5 s"),
    "a body that stalls": (lambda feed: lambda request: stalled(feed, request), "no answer within 0.5 s"),
    "a redirect": (lambda feed: lambda request: redirect(feed, request), "the feed answered HTTP 302"),
    "the next page on another host": (
        lambda feed: document(feed_page([*HOSTILE_RECORDS, NEW_RECORD], 3, "http://evil.example/feed")),
        "the feed's next page is on another host",
    ),
    "a scheme-relative next page elsewhere": (
        lambda feed: document(feed_page([NEW_RECORD], 3, "//evil.example/feed?since=3")),
        "the feed's next page is on another host",
    ),
    "a next page that is no address": (
        lambda feed: document(feed_page([NEW_RECORD], 3, "http://[::1/feed")),
        "the feed's next page is not a web address",
    ),
}


@pytest.mark.parametrize("case", list(FAILED_SYNCS))
async def test_a_hostile_page_is_a_counted_logged_error_that_changes_nothing(
    case, b, hostile, http, caplog, monkeypatch
):
    monkeypatch.setattr(partner_feeds, "TIMEOUT", 0.5)
    monkeypatch.setattr(partner_feeds, "FEED_BYTES", PAD)
    monkeypatch.setattr(knowledge.partners, "FEED_BYTES", PAD)
    feed = await followed_hostile(b, hostile, http)
    before = await partner_row(b, "H")
    verdicts = {key: as_seen(v) for key, v in (await stored(b)).items()}
    answer, message = FAILED_SYNCS[case]
    feed.answer = answer(feed)
    caplog.set_level(logging.WARNING)

    report = await sync(b, http, "H")

    partner = await partner_row(b, "H")
    assert message in report.error and (report.created, report.updated, report.pages) == (0, 0, 0)
    assert (partner.errors, partner.failures, partner.skipped) == (1, 1, 0)
    assert partner.last_error == report.error
    assert (partner.cursor, partner.etag) == (2, before.etag)
    assert {key: as_seen(v) for key, v in (await stored(b)).items()} == verdicts
    warnings = [
        r for r in caplog.records if r.levelno == logging.WARNING and r.name == partner_feeds.__name__
    ]
    assert [r.getMessage() for r in warnings] == [f"partner H: could not read its feed: {report.error}"]
    assert TOKEN not in caplog.text and TOKEN not in partner.last_error
    assert not [key for key in await found(b, "pension") if key.endswith(":h-3")]


async def test_a_wrong_token_is_a_counted_error_that_never_shows_the_token(b, hostile, http, caplog):
    wrong = "wrong-token-" + TOKEN[::-1]
    caplog.set_level(logging.WARNING)
    await followed_hostile(b, hostile, http, token=wrong)

    partner = await partner_row(b, "H")
    assert (partner.errors, partner.cursor, partner.last_error) == (1, 0, "the feed answered HTTP 401")
    assert "HTTP 401" in caplog.text and wrong not in caplog.text
    assert await stored(b) == {}


def hostile_page(bad: dict) -> dict:
    """A page with a good new record (h-3), `bad` and another good one (h-4)."""
    other = record("h-4", "vaccine", publisher="Hostile")
    return {"@graph": [good_record_data(), bad, good_record_data(other, 4)], "tipline:cursor": 4}


GOOD = good_record_data()
SKIPPED_RECORDS = {
    "a javascript: url": ({**GOOD, "identifier": "js", "url": "javascript:alert(1)"}, "record 2"),
    "a data: url": ({**GOOD, "identifier": "data", "url": "data:text/html,<script>x()</script>"}, "record 2"),
    "a javascript: appearance": (
        {**GOOD, "identifier": "app", "itemReviewed": {"appearance": [{"url": "javascript:alert(1)"}]}},
        "record 2",
    ),
    "a claim over the limit": (
        {**GOOD, "identifier": "long", "claimReviewed": "a" * 2001},
        "longer than 2000",
    ),
    "a summary over the limit": (
        {**GOOD, "identifier": "sum", "reviewBody": "b " * 4001},
        "longer than 8000",
    ),
    "too many phrasings": (
        {
            **GOOD,
            "identifier": "many",
            "tipline:phrasings": [{"lang": "en", "text": f"p {n}"} for n in range(60)],
        },
        "more than 50 phrasings",
    ),
    "a claim that is only a script": (
        {**GOOD, "identifier": "empty", "claimReviewed": "<script>alert(1)</script>"},
        "the claim is empty once its markup is taken out",
    ),
    "not an object": ("<ClaimReview/>", "not a ClaimReview object"),
    "no change number": ({**GOOD, "identifier": "nochange", "tipline:change": "7"}, "'tipline:change'"),
    "an unknown rating": (
        {**GOOD, "identifier": "r", "reviewRating": {"alternateName": "Spicy"}},
        "record 2",
    ),
}


@pytest.mark.parametrize("case", list(SKIPPED_RECORDS))
async def test_a_hostile_record_is_skipped_counted_and_logged_and_its_page_still_read(
    case, b, hostile, http, caplog
):
    feed = await followed_hostile(b, hostile, http)
    verdicts = {key: as_seen(v) for key, v in (await stored(b)).items()}
    bad, reason = SKIPPED_RECORDS[case]
    feed.document = hostile_page(bad)
    caplog.set_level(logging.WARNING)

    report = await sync(b, http, "H")

    partner = await partner_row(b, "H")
    assert (report.error, report.created, report.skipped) == (None, 2, 1)
    assert (partner.errors, partner.skipped, partner.cursor) == (0, 1, 4)
    now = await stored(b)
    assert {key: as_seen(now[key]) for key in verdicts} == verdicts
    assert sorted(now) == sorted([*verdicts, partner_key(partner.id, "h-3"), partner_key(partner.id, "h-4")])
    assert (await found(b, "pension"))[0] == partner_key(partner.id, "h-3")
    [warning] = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert "partner H: 1 malformed records skipped: record 2: " in warning.getMessage()
    assert reason in warning.getMessage()
    assert TOKEN not in caplog.text


async def test_markup_is_stripped_from_a_partners_record_before_it_is_stored(b, hostile, http):
    feed = await followed_hostile(b, hostile, http)
    marked = {
        **GOOD,
        "claimReviewed": '<b onclick="steal()">Pensions will double</b><script>alert(1)</script> from next '
        "<i>month</i> &amp; more",
        "headline": "<h1>Pensions</h1><img src=x onerror=alert(1)>",
        "reviewBody": '<p>No such decree.</p><a href="javascript:alert(1)">see</a><style>p{}</style>',
        "author": {"@type": "Organization", "name": "<em>Hostile</em>"},
        "tipline:phrasings": [{"lang": "en", "text": "<script>x()</script>Pensions <u>doubled</u>"}],
    }
    feed.document = {"@graph": [marked], "tipline:cursor": 3}

    assert (await sync(b, http, "H")).created == 1

    partner = await partner_row(b, "H")
    verdict = (await stored(b))[partner_key(partner.id, "h-3")]
    assert sorted(c.text for c in verdict.claims) == [
        "Pensions",
        "Pensions doubled",
        "Pensions will double from next month & more",
    ]
    assert (verdict.summary, verdict.title, verdict.publisher) == (
        "No such decree. see",
        "Pensions",
        "Hostile",
    )
    texts = [verdict.summary, verdict.title, verdict.publisher, *(c.text for c in verdict.claims)]
    assert not [t for t in texts if "<" in t or ">" in t or "alert" in t]
    assert partner.skipped == 0


async def test_a_page_that_arrives_in_pieces_is_read_whole(b, hostile, http):
    feed = await followed_hostile(b, hostile, http)
    long_ones = [
        record(f"h-long-{n}", "vaccine", summary="word " * 1500, publisher="Hostile") for n in range(40)
    ]
    feed.document = feed_page(long_ones, 40)

    async def in_pieces(request: web.Request) -> web.StreamResponse:
        data = json.dumps(feed.document).encode()
        response = web.StreamResponse(headers={"Content-Type": "application/ld+json"})
        await response.prepare(request)
        for start in range(0, len(data), 50_000):
            await response.write(data[start : start + 50_000])
            await asyncio.sleep(0.01)
        await response.write_eof()
        return response

    feed.answer = in_pieces
    report = await sync(b, http, "H")

    assert (report.error, report.created) == (None, 40)
    assert (await partner_row(b, "H")).cursor == 40


async def test_failures_back_off_longer_each_time_and_a_recovery_clears_them(b, hostile, http):
    feed = await followed_hostile(b, hostile, http)
    follower = b.partners.follower
    every = 10.0

    feed.answer = body("down", 503, "text/plain")
    [failed] = await follower.sync_due(http, every, now=1000.0)
    assert failed.failures == 1 and follower.next_try["H"] == 1000.0 + 2 * every
    assert await follower.sync_due(http, every, now=1019.0) == []  # not asked before its turn
    assert feed.requests == 2
    [again] = await follower.sync_due(http, every, now=1020.0)
    assert again.failures == 2 and follower.next_try["H"] == 1020.0 + 4 * every
    for _ in range(3, 12):
        await follower.sync_due(http, every, now=follower.next_try["H"])
    partner = await partner_row(b, "H")
    assert (partner.failures, partner.errors) == (11, 11)
    last = follower.next_try["H"]
    [capped] = await follower.sync_due(http, every, now=last)
    assert capped.failures == 12 and follower.next_try["H"] == last + partner_feeds.MAX_BACKOFF

    feed.answer = feed.page  # back, and unchanged since the last good sync: 304
    [recovered] = await follower.sync_due(http, every, now=follower.next_try["H"])
    assert (recovered.error, recovered.failures, recovered.pages) == (None, 0, 0)
    partner = await partner_row(b, "H")
    assert (partner.failures, partner.errors, partner.last_error) == (0, 12, None)
    assert follower.next_try["H"] == last + partner_feeds.MAX_BACKOFF + every
    assert len(await stored(b)) == 2


async def test_a_sync_that_breaks_waits_longer_and_the_other_partners_go_on(
    a, b, a_feed, hostile, http, monkeypatch, caplog
):
    await a.kb.import_records([record("a-water", "water")])
    await followed_hostile(b, hostile, http)
    await follow_a(a, b, a_feed.url)
    follower = b.partners.follower
    real_sync = follower.sync

    async def breaking(name: str, session: aiohttp.ClientSession) -> SyncReport | None:
        if name == "H":
            raise ConnectionResetError("the database went away")
        return await real_sync(name, session)

    monkeypatch.setattr(follower, "sync", breaking)
    [synced] = await follower.sync_due(http, 10.0, now=1000.0)
    assert (synced.partner, synced.created) == ("A", 1)
    assert follower.next_try["H"] == 1000.0 + 20.0 and follower.broken == {"H": 1}
    assert "partner H: its sync broke" in caplog.text
    assert [r.partner for r in await follower.sync_due(http, 10.0, now=1015.0)] == ["A"]  # H not yet
    await follower.sync_due(http, 10.0, now=1020.0)
    assert follower.next_try["H"] == 1020.0 + 40.0
    monkeypatch.setattr(follower, "sync", real_sync)
    await follower.sync_due(http, 10.0, now=1060.0)
    assert follower.broken == {} and follower.next_try["H"] == 1070.0
