"""The partners' feed over HTTP: GET /partners/feed?since=N&limit=M with a partner's bearer token, and
GET /partners/rising when the newsroom shares what is spreading (bot/services/partners.py); served beside
the webhook or, in polling mode, on TIPLINE_FEED_PORT."""

from __future__ import annotations

import logging

from aiohttp import web

from bot.services.partners import PAGE, RISING_PATH, FeedReply, Partners
from bot.telegram.metrics import FEED_REQUESTS

log = logging.getLogger(__name__)

FEED_PATH = "/partners/feed"


def _token(request: web.Request) -> str | None:
    given = request.headers.get("Authorization", "")
    return given[7:].strip() if given[:7].lower() == "bearer " else None


def _answer(request: web.Request, reply: FeedReply | None) -> web.Response:
    """The document (304 when the partner has it already), or 401 for a wrong or missing token."""
    if reply is None:
        FEED_REQUESTS.labels("401").inc()
        log.warning("feed: refused a request from %s: wrong or missing token", request.remote)
        return web.json_response(
            {"ok": False, "error": "a partner's bearer token is needed"},
            status=401,
            headers={"WWW-Authenticate": 'Bearer realm="tipline partners"'},
        )
    headers = {"ETag": reply.etag, "Cache-Control": "no-cache"}
    if reply.etag in request.headers.get("If-None-Match", ""):
        FEED_REQUESTS.labels("304").inc()
        return web.Response(status=304, headers=headers)
    FEED_REQUESTS.labels("200").inc()
    return web.Response(text=reply.body, content_type="application/ld+json", headers=headers)


def add_feed_routes(app: web.Application, partners: Partners) -> None:
    async def feed(request: web.Request) -> web.Response:
        try:
            since = int(request.query.get("since", "0"))
            limit = int(request.query.get("limit", str(PAGE)))
        except ValueError:
            FEED_REQUESTS.labels("400").inc()
            return web.json_response({"ok": False, "error": "since and limit are whole numbers"}, status=400)
        return _answer(request, await partners.feed(_token(request), since, limit))

    async def rising(request: web.Request) -> web.Response:
        if not partners.share_rising:
            FEED_REQUESTS.labels("404").inc()
            return web.json_response({"ok": False, "error": "this newsroom does not share them"}, status=404)
        return _answer(request, await partners.rising(_token(request)))

    app.router.add_get(FEED_PATH, feed)
    app.router.add_get(RISING_PATH, rising)
