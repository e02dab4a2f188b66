"""Prometheus metrics and the health check, served by the webhook server and, in polling mode, on
`TIPLINE_METRICS_PORT`. Counters are per process (Prometheus sums the replicas); the queue, the
broadcast progress, the readers' ratings, the status messages and the returning readers are read from the
database at each scrape, so every replica reports the same."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject
from aiohttp import web
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlalchemy.orm import Session

from bot.db.engine import add_session_listener
from bot.db.gauges import count_verdicts, read_gauges
from bot.db.models import Request
from knowledge.statuses import MessageState, RequestDecision, TipProgress

log = logging.getLogger(__name__)

REGISTRY = CollectorRegistry()
TIPS = Counter(
    "tipline_tips_received",
    "Posts readers sent to be checked (a redelivered message counts once).",
    registry=REGISTRY,
)
MATCHES = Counter(
    "tipline_matches",
    "Readers' posts by the matcher's decision: auto (a verdict card), choose, queue, nothing.",
    ["decision"],
    registry=REGISTRY,
)
for _decision in (RequestDecision.AUTO, RequestDecision.CHOOSE, RequestDecision.QUEUE):
    MATCHES.labels(_decision)
UPDATE_SECONDS = Histogram(
    "tipline_update_handling_seconds",
    "Time to handle one Telegram update (the dispatcher, handlers included).",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
    registry=REGISTRY,
)
INBOX_WAIT_SECONDS = Histogram(
    "tipline_inbox_wait_seconds",
    "Time from storing an update in the inbox to starting to handle it (waiting for its chat's turn).",
    buckets=(0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
    registry=REGISTRY,
)
OPEN_QUEUE = Gauge(
    "tipline_open_queue_size",
    "Tips waiting for the checkers (status queued), read from the database at each scrape.",
    registry=REGISTRY,
)
BROADCASTS_SENDING = Gauge(
    "tipline_broadcasts_sending",
    "Broadcasts being delivered, read from the database at each scrape.",
    registry=REGISTRY,
)
BROADCAST_RECIPIENTS = Gauge(
    "tipline_broadcast_recipients",
    "Recipients of the broadcasts being delivered, by state (pending, sending, sent, blocked, failed, "
    "unknown: may have arrived, never resent).",
    ["state"],
    registry=REGISTRY,
)
BROADCAST_STATES = tuple(MessageState)
WEBHOOK_REQUESTS = Counter(
    "tipline_webhook_requests",
    "Webhook POSTs by the HTTP status answered.",
    ["status"],
    registry=REGISTRY,
)
OUTBOX_MESSAGES = Counter(
    "tipline_outbox_messages",
    "Messages the outbox settled, by outcome: sent, failed, unknown (may or may not have arrived).",
    ["state"],
    registry=REGISTRY,
)
for _state in (MessageState.SENT, MessageState.FAILED, MessageState.UNKNOWN):
    OUTBOX_MESSAGES.labels(_state)
INBOX_FAILURES = Counter(
    "tipline_inbox_failures",
    "Attempts at handling an update that raised; `final` once an update is kept as failed.",
    ["final"],
    registry=REGISTRY,
)
for _final in ("no", "yes"):
    INBOX_FAILURES.labels(_final)
RAW_UPDATES = Counter(
    "tipline_raw_updates",
    "Updates that could not be read as one (kept raw in raw_updates, confirmed and skipped), by source.",
    ["source"],
    registry=REGISTRY,
)
for _source in ("polling", "webhook"):
    RAW_UPDATES.labels(_source)
FAILED_UPDATES = Gauge(
    "tipline_failed_updates",
    "Updates kept as failed after their last attempt (tipline inbox failed), read at each scrape.",
    registry=REGISTRY,
)

FEEDBACK = Gauge(
    "tipline_feedback",
    "Readers' ratings stored, by the reader's language, how the verdict reached them (auto, picked, desk, "
    "correction) and value (up, down), read at each scrape.",
    ["lang", "kind", "value"],
    registry=REGISTRY,
)
STATUS_MESSAGES = Gauge(
    "tipline_status_messages",
    "Status messages sent to readers, by kind (taken, closed, still_working), read at each scrape.",
    ["kind"],
    registry=REGISTRY,
)
for _progress in TipProgress:
    STATUS_MESSAGES.labels(_progress)
PARTNERS = Gauge(
    "tipline_partner",
    "Each partner newsroom's `verdicts` stored, failed syncs of its feed (`errors`) and malformed records "
    "of it skipped (`skipped`), read at each scrape.",
    ["partner", "figure"],
    registry=REGISTRY,
)
FEED_REQUESTS = Counter(
    "tipline_feed_requests",
    "Requests for this newsroom's partner feed, by the HTTP status answered.",
    ["status"],
    registry=REGISTRY,
)
RETURNING_READERS = Gauge(
    "tipline_returning_readers",
    "Readers first seen 30 or more days ago: `all`, and those who came back within 30 days, `returned`; "
    "read at each scrape.",
    ["readers"],
    registry=REGISTRY,
)


def _count_requests(session: Session, _context: object) -> None:
    """Each reader's post is counted as its request row is inserted (a redelivery inserts none)."""
    for item in session.new:
        if isinstance(item, Request):
            TIPS.inc()
            MATCHES.labels(item.decision or "unknown").inc()


def count_requests(sessionmaker: async_sessionmaker) -> None:
    """Count the readers' posts its sessions store (`create_dispatcher` asks it of the bot's sessionmaker)."""
    add_session_listener(sessionmaker, "after_flush", _count_requests)


class TimeUpdates(BaseMiddleware):
    """Observes how long the dispatcher takes to handle each update (an outer middleware of updates,
    set by `create_dispatcher`)."""

    async def __call__(self, handler: Any, event: TelegramObject, data: dict[str, Any]) -> Any:
        began = time.perf_counter()
        try:
            return await handler(event, data)
        finally:
            UPDATE_SECONDS.observe(time.perf_counter() - began)


async def read_database_gauges(sessionmaker: async_sessionmaker) -> None:
    """The queue size, the failed updates, the progress of the broadcasts being sent, readers' ratings,
    the status messages sent and the returning readers."""
    async with sessionmaker() as session:
        gauges = await read_gauges(session)
    OPEN_QUEUE.set(gauges.open_queue)
    FAILED_UPDATES.set(gauges.failed_updates)
    BROADCASTS_SENDING.set(gauges.broadcasts_sending)
    for state in BROADCAST_STATES:
        BROADCAST_RECIPIENTS.labels(state).set(gauges.recipients.get(state, 0))
    FEEDBACK.clear()  # a language or kind whose ratings the retention purge erased is gone
    for lang, kind, value, count in gauges.feedback:
        FEEDBACK.labels(lang, kind, value).set(count)
    for progress in TipProgress:
        STATUS_MESSAGES.labels(progress).set(gauges.status_messages.get(progress, 0))
    returned, readers = gauges.returning
    RETURNING_READERS.labels("returned").set(returned)
    RETURNING_READERS.labels("all").set(readers)
    PARTNERS.clear()  # a removed partner is gone
    for name, verdicts, errors, skipped in gauges.partners:
        PARTNERS.labels(name, "verdicts").set(verdicts)
        PARTNERS.labels(name, "errors").set(errors)
        PARTNERS.labels(name, "skipped").set(skipped)


def add_health_routes(app: web.Application, sessionmaker: async_sessionmaker) -> None:
    """GET /healthz (the database answers) and GET /metrics (Prometheus text format)."""

    async def healthz(request: web.Request) -> web.Response:
        try:
            async with sessionmaker() as session:
                verdicts = await count_verdicts(session)
        except Exception as error:  # noqa: BLE001
            log.warning("healthz: database unreachable (%s)", type(error).__name__)
            return web.json_response({"ok": False, "database": False}, status=503)
        return web.json_response({"ok": True, "database": True, "verdicts": verdicts})

    async def metrics(request: web.Request) -> web.Response:
        try:
            await read_database_gauges(sessionmaker)
        except Exception as error:  # noqa: BLE001
            log.warning("metrics: could not read the database gauges (%s)", type(error).__name__)
        body = generate_latest(REGISTRY)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics)


async def start_metrics_server(
    host: str,
    port: int,
    sessionmaker: async_sessionmaker,
    routes: Callable[[web.Application], None] | None = None,
) -> web.AppRunner:
    """/metrics and /healthz (and what `routes` adds) on their own port (polling mode); `await
    runner.cleanup()` to stop."""
    app = web.Application()
    add_health_routes(app, sessionmaker)
    if routes is not None:
        routes(app)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    log.info("metrics on %s:%d/metrics", host, port)
    return runner
