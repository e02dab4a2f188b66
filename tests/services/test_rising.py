"""What is spreading, shared between newsrooms (opt-in): A serves its open clusters over real HTTP, never
who sent them; B reads them at each sync, and a hostile list changes nothing but its counters."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from sqlalchemy import select

from bot.db.models import Partner, PostOrigin, Reader, Request, RisingClaim, Tip
from bot.services.container import Services
from bot.telegram.feeds import FEED_PATH, RISING_PATH, add_feed_routes
from knowledge.statuses import Trust
from tests.services.test_partner_feeds import newsroom

pytestmark = pytest.mark.database("sqlite")

SPREADING = "Нарында бүгүн түнкүсүн бардык көпүрөлөр жабылат, жол кыймылы толугу менен токтойт"
QUIET = "В Таласе закрыли рынок на ремонт до весны"


async def clusters_at(a: Services) -> None:
    """An open cluster five readers sent (forwarded from a channel), one only one did, one answered."""
    async with a.sessionmaker() as session:
        spreading = Tip(text=SPREADING, fingerprint="s", lang="ky", demand=5)
        quiet = Tip(text=QUIET, fingerprint="q", lang="ru", demand=1)
        answered = Tip(text="Answered already", fingerprint="a", lang="en", demand=9, status="answered")
        session.add_all([spreading, quiet, answered])
        await session.flush()
        for n in range(5):
            reader = Reader(
                chat_id=900 + n, user_id=900 + n, language="ky", name=f"Reader{n}", username=f"reader_{n}"
            )
            session.add(reader)
            await session.flush()
            request = Request(
                reader_id=reader.id, chat_id=900 + n, message_id=n, tip_id=spreading.id, decision="queued"
            )
            session.add(request)
        session.add(
            PostOrigin(
                chat_id=-1001,
                message_id=7,
                title="Нарын <b>News</b>",
                username="naryn_news",
                tip_id=spreading.id,
            )
        )
        session.add(PostOrigin(chat_id=-1002, message_id=8, title="Private gossip", tip_id=spreading.id))
        await session.commit()


async def served(app: web.Application) -> TestServer:
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    return server


@contextlib.asynccontextmanager
async def feed_of(a: Services, partner: str) -> AsyncIterator[tuple[TestServer, str]]:
    """A's feed on 127.0.0.1 with its open clusters, and the token `partner` reads it with."""
    await clusters_at(a)
    token = await a.partners.add(partner)
    app = web.Application()
    add_feed_routes(app, a.partners)
    server = await served(app)
    try:
        yield server, token
    finally:
        await server.close()


async def test_a_newsroom_shares_its_rising_clusters_and_never_its_readers(tmp_path):
    async with (
        newsroom(tmp_path / "a.db", "Factcheck KG", share_rising=3) as a,
        aiohttp.ClientSession() as http,
    ):
        await clusters_at(a)
        token = await a.partners.add("B")
        app = web.Application()
        add_feed_routes(app, a.partners)
        server = await served(app)
        try:
            url = str(server.make_url(RISING_PATH))
            async with http.get(url) as response:
                assert response.status == 401
            async with http.get(url, headers={"Authorization": f"Bearer {token}"}) as response:
                assert response.status == 200
                text = await response.text()
            async with http.get(
                str(server.make_url(FEED_PATH)), headers={"Authorization": f"Bearer {token}"}
            ) as feed:
                assert (await feed.json())["tipline:rising"] == RISING_PATH
        finally:
            await server.close()
    [claim] = json.loads(text)["@graph"]
    assert (claim["text"], claim["inLanguage"], claim["tipline:demand"]) == (SPREADING, "ky", 5)
    assert claim["tipline:channels"] == ["@naryn_news", "Private gossip"]
    assert claim["tipline:firstSeen"]
    for secret in ("Reader", "reader_", "900", "901"):
        assert secret not in text


async def test_a_newsroom_that_does_not_share_answers_404(tmp_path):
    async with (
        newsroom(tmp_path / "a.db", "Factcheck KG") as a,
        aiohttp.ClientSession() as http,
        feed_of(a, "B") as (server, token),
    ):
        headers = {"Authorization": f"Bearer {token}"}
        async with http.get(str(server.make_url(RISING_PATH)), headers=headers) as response:
            assert response.status == 404
        async with http.get(str(server.make_url(FEED_PATH)), headers=headers) as feed:
            assert "tipline:rising" not in await feed.json()


async def test_a_follower_reads_what_is_rising_at_its_partner_and_drops_what_stopped(tmp_path):
    async with (
        newsroom(tmp_path / "a.db", "Factcheck KG", share_rising=3) as a,
        newsroom(tmp_path / "b.db", "Factcheck KZ") as b,
        aiohttp.ClientSession() as http,
        feed_of(a, "Factcheck KZ") as (server, token),
    ):
        await b.partners.follow("Factcheck KG", str(server.make_url(FEED_PATH)), token, Trust.SUGGEST)
        report = await b.partners.follower.sync("Factcheck KG", http)
        assert (report.error, report.rising) == (None, 1)
        [rising] = await rows(b, RisingClaim)
        assert (rising.text, rising.lang, rising.demand, rising.channels) == (
            SPREADING,
            "ky",
            5,
            ["@naryn_news", "Private gossip"],
        )
        # the cluster is answered at A: it is no longer rising at B's next sync
        async with a.sessionmaker() as session:
            tip = await session.scalar(select(Tip).where(Tip.text == SPREADING))
            tip.status = "answered"
            await session.commit()
        report = await b.partners.follower.sync("Factcheck KG", http)
        assert (report.error, report.rising) == (None, 0)
        assert await rows(b, RisingClaim) == []


async def test_a_hostile_rising_list_is_skipped_and_counted(tmp_path):
    hostile = {
        "@graph": [
            {
                "identifier": "x1",
                "text": "<script>alert(1)</script>Bridges close tonight",
                "inLanguage": "en",
                "tipline:demand": 4,
                "tipline:channels": ["<b>@chan</b>"],
            },
            {"identifier": "x2", "text": "no demand", "inLanguage": "en", "tipline:demand": "many"},
            {"identifier": "x3", "text": "a" * 3000, "inLanguage": "en", "tipline:demand": 2},
            "not an object",
        ]
    }
    answers = {"rising": (200, json.dumps(hostile))}

    async def feed(request: web.Request) -> web.Response:
        return web.json_response({"@graph": [], "tipline:cursor": 0, "tipline:rising": "/rising"})

    async def rising(request: web.Request) -> web.Response:
        status, body = answers["rising"]
        return web.Response(status=status, text=body, content_type="application/json")

    app = web.Application()
    app.router.add_get("/feed", feed)
    app.router.add_get("/rising", rising)
    server = await served(app)
    try:
        async with newsroom(tmp_path / "b.db", "Factcheck KZ") as b, aiohttp.ClientSession() as http:
            await b.partners.follow("H", str(server.make_url("/feed")), None, Trust.SUGGEST)
            report = await b.partners.follower.sync("H", http)
            assert (report.error, report.rising, report.skipped) == (None, 1, 3)
            [claim] = await rows(b, RisingClaim)
            assert (claim.text, claim.channels) == ("Bridges close tonight", ["@chan"])
            answers["rising"] = (500, "<html>proxy error</html>")
            report = await b.partners.follower.sync("H", http)
            assert report.error == "the feed answered HTTP 500"
            [partner] = await rows(b, Partner)
            assert (partner.errors, partner.skipped, partner.last_error) == (
                1,
                3,
                "the feed answered HTTP 500",
            )
            assert [c.text for c in await rows(b, RisingClaim)] == ["Bridges close tonight"]
    finally:
        await server.close()


async def rows(services: Services, model) -> list:
    async with services.sessionmaker() as session:
        return list((await session.scalars(select(model).order_by(model.id))).all())
