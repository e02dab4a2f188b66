"""Following partners' feeds: each followed partner's ClaimReview feed read from where the last sync stopped,
a page per transaction, into its verdicts (credited to it, in its own name space, never over the newsroom's
own); corrections go to the readers who had the verdict, withdrawals take it out of matching."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from urllib.parse import urljoin, urlsplit

import aiohttp
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from yarl import URL

from bot.db import partners as rows
from bot.db.models import Partner, Verdict, utcnow
from bot.db.revisions import add_revision, as_told, next_revision_number
from bot.services.desk.notices import Notices, correction_notices
from bot.services.knowledge_base import KnowledgeBase
from bot.services.schedule import repeat
from bot.services.verdict_records import same_as_stored, write_record
from knowledge.drafts import readers_must_know
from knowledge.formats.decoding import PARTNERS_IDS
from knowledge.partners import FEED_BYTES, FeedEntry, FeedPage, Rising, read_feed, read_rising
from knowledge.verdicts import RecordError, VerdictRecord

log = logging.getLogger(__name__)

PAGE = 500
"""Verdicts a feed page lists at most."""
OVERLAP = 100
"""Changes below the cursor a sync asks for again: a transaction that took its change id earlier may
commit later (PostgreSQL). Must stay below PAGE, so that every page moves on."""
PAGES_PER_SYNC = 40
"""Pages one sync reads at most; the next sync goes on from there."""
TIMEOUT = 30.0
"""Seconds a feed request may take."""
MAX_BACKOFF = 3600.0
SYNC_AUTHOR = 0
"""The author id of the revisions a partner's correction leaves (no one at this desk)."""


class FeedError(Exception):
    """A partner's feed could not be read (an HTTP error, a page too large, not a feed)."""


def partner_key(partner_id: int, key: str) -> str:
    """The external id of a partner's verdict: its feed's key, under the partner's own name space."""
    return f"{PARTNERS_IDS}{partner_id}:{key}"


@dataclass
class SyncReport:
    """What one sync of a partner's feed did."""

    partner: str
    pages: int = 0
    created: int = 0
    updated: int = 0
    withdrawn: int = 0
    unchanged: int = 0
    skipped: int = 0
    error: str | None = None
    failures: int = 0
    """The partner's failed syncs in a row after this one (the next waits longer)."""
    rising: int = 0
    """Claims rising at the partner, as its rising feed lists them."""
    corrections: list[Notices] = field(default_factory=list)


class FeedFollower:
    """Reads the followed partners' feeds into the database whose sessions `sessionmaker` opens, and with
    `kb` (a running bot) into its matcher at once."""

    def __init__(self, sessionmaker: async_sessionmaker, kb: KnowledgeBase | None = None):
        self.sessionmaker = sessionmaker
        self.kb = kb
        self.next_try: dict[str, float] = {}
        """When each partner is synced next (the event loop's clock)."""
        self.broken: dict[str, int] = {}
        """Syncs in a row that broke on something else than the partner's feed, by partner."""

    async def _reload(self, verdict_ids: list[int]) -> None:
        if self.kb is not None and verdict_ids:
            await self.kb.reload(verdict_ids)

    async def sync_due(self, http: aiohttp.ClientSession, every: float, now: float) -> list[SyncReport]:
        """Sync each followed partner whose turn it is (one that failed waits longer each time); a sync
        that breaks (the database, a bug) is logged and waits longer too, and the others go on."""
        async with self.sessionmaker() as session:
            names = await rows.followed_names(session)
        reports = []
        for name in names:
            if self.next_try.get(name, 0.0) > now:
                continue
            try:
                report = await self.sync(name, http)
            except Exception:
                self.broken[name] = self.broken.get(name, 0) + 1
                self.next_try[name] = now + min(every * 2 ** self.broken[name], MAX_BACKOFF)
                log.exception("partner %s: its sync broke; the next waits longer", name)
                continue
            self.broken.pop(name, None)
            if report is None:
                continue
            failures = report.failures
            wait = every if not failures else min(every * 2**failures, MAX_BACKOFF)
            self.next_try[name] = now + wait
            reports.append(report)
        return reports

    async def sync(self, name: str, http: aiohttp.ClientSession) -> SyncReport | None:
        """Read partner `name`'s feed from where the last sync stopped, a page per transaction; None when
        another replica is syncing it."""
        report = SyncReport(name)
        first = True
        while report.pages < PAGES_PER_SYNC:
            async with self.sessionmaker() as session:
                partner = await rows.partner_named(session, name, lock=True)
                if partner is None or partner.feed_url is None:
                    return None if report.pages == 0 else report
                try:
                    page = await self._fetch(http, partner, first)
                except (FeedError, RecordError, aiohttp.ClientError, TimeoutError) as error:
                    self._failed(partner, error, report)
                    await session.commit()
                    return report
                if page is None:  # not modified
                    partner.synced_at, partner.failures, partner.last_error = utcnow(), 0, None
                    await session.commit()
                    break
                touched, corrections = await self._apply(session, partner, page, report)
                partner.cursor = max(partner.cursor, page.cursor)
                partner.synced_at, partner.failures, partner.last_error = utcnow(), 0, None
                await session.commit()
                report.pages += 1
                if self.kb is not None:
                    for verdict_id, revision in corrections:
                        notices = await correction_notices(session, self.kb, verdict_id, revision)
                        report.corrections.append(notices)
            await self._reload(touched)
            if page.next is None:
                break
            first = False
        await self._sync_rising(name, http, report)
        return report

    async def _sync_rising(self, name: str, http: aiohttp.ClientSession, report: SyncReport) -> None:
        """Read the claims rising at the partner, when its feed says where it lists them."""
        async with self.sessionmaker() as session:
            partner = await rows.partner_named(session, name, lock=True)
            if partner is None:
                return
            claims: list[Rising] = []
            if partner.rising_url is not None:
                try:
                    answer = await self._get(http, partner, partner.rising_url)
                    claims, skipped = read_rising(answer[0] if answer else "")
                except (FeedError, RecordError, aiohttp.ClientError, TimeoutError) as error:
                    self._failed(partner, error, report)
                    await session.commit()
                    return
                if skipped:
                    report.skipped += len(skipped)
                    partner.skipped += len(skipped)
                    log.warning("partner %s: %d malformed rising claims skipped", partner.name, len(skipped))
            await rows.replace_rising(session, partner.id, claims)
            await session.commit()
        report.rising = len(claims)

    @staticmethod
    def _failed(partner: Partner, error: BaseException, report: SyncReport) -> None:
        """A read of the partner's feed that failed: counted on it (and on `report`), logged, the token
        never shown."""
        message = str(error) or type(error).__name__
        if isinstance(error, TimeoutError):
            message = f"no answer within {TIMEOUT:g} s"
        if partner.feed_token:
            message = message.replace(partner.feed_token, "[token]")
        partner.failures += 1
        partner.errors += 1
        partner.last_error = message[:500]
        log.warning("partner %s: could not read its feed: %s", partner.name, message)
        report.error, report.failures = message, partner.failures

    async def _fetch(self, http: aiohttp.ClientSession, partner: Partner, first: bool) -> FeedPage | None:
        """One page of the partner's feed after its cursor (the first of a sync OVERLAP changes before
        it, and conditional on its ETag); None when it has not changed."""
        assert partner.feed_url is not None
        since = max(partner.cursor - OVERLAP, 0) if first else partner.cursor
        url = URL(partner.feed_url).update_query(since=since, limit=PAGE)
        answer = await self._get(http, partner, url, partner.etag if first else None)
        if answer is None:
            return None
        text, etag = answer
        page = read_feed(text)
        if page.next is not None:
            page.next = self._same_origin(partner.feed_url, page.next)
        if first:
            partner.etag = etag[:200] if etag else None
            rising = page.rising and self._same_origin(partner.feed_url, page.rising, "list of rising claims")
            partner.rising_url = rising or None
        return page

    @staticmethod
    async def _get(
        http: aiohttp.ClientSession, partner: Partner, url: str | URL, etag: str | None = None
    ) -> tuple[str, str | None] | None:
        """A document of the partner's and its ETag; None when it has not changed since `etag`."""
        headers = {"Accept": "application/ld+json, application/json"}
        if partner.feed_token:
            headers["Authorization"] = f"Bearer {partner.feed_token}"
        if etag:
            headers["If-None-Match"] = etag
        timeout = aiohttp.ClientTimeout(total=TIMEOUT)
        async with http.get(url, headers=headers, timeout=timeout, allow_redirects=False) as response:
            if response.status == 304:
                return None
            if response.status != 200:
                raise FeedError(f"the feed answered HTTP {response.status}")
            body = bytearray()  # content.read(n) returns what has arrived, up to n bytes: read on
            async for chunk in response.content.iter_chunked(2**16):
                body += chunk
                if len(body) > FEED_BYTES:
                    break
            given = response.headers.get("ETag")
        if len(body) > FEED_BYTES:
            raise FeedError(f"a page larger than {FEED_BYTES // 2**20} MiB")
        try:
            return body.decode("utf-8"), given
        except UnicodeDecodeError:
            raise FeedError("the feed is not UTF-8 text") from None

    @staticmethod
    def _same_origin(feed_url: str, following: str, what: str = "next page") -> str:
        """An address the feed gives (its next page, its rising claims), which must stay on its host."""
        try:
            resolved = urljoin(feed_url, following)
            home, there = urlsplit(feed_url), urlsplit(resolved)
        except ValueError:
            raise FeedError(f"the feed's {what} is not a web address") from None
        if (home.scheme, home.netloc) != (there.scheme, there.netloc):
            raise FeedError(f"the feed's {what} is on another host")
        return resolved

    async def _apply(
        self, session: AsyncSession, partner: Partner, page: FeedPage, report: SyncReport
    ) -> tuple[list[int], list[tuple[int, int]]]:
        """Write a page into the session: the partner's verdicts created, changed or withdrawn (the ids
        touched), and the (verdict, revision) of those whose readers must hear of a correction."""
        if page.skipped:
            report.skipped += len(page.skipped)
            partner.skipped += len(page.skipped)
            log.warning(
                "partner %s: %d malformed records skipped: %s",
                partner.name,
                len(page.skipped),
                "; ".join(page.skipped[:3]),
            )
        latest: dict[str, FeedEntry] = {}
        for entry in sorted(page.entries, key=lambda e: e.change):
            latest[partner_key(partner.id, entry.key)] = entry
        stored = {v.external_id: v for v in await rows.partner_verdicts(session, partner.id, list(latest))}
        touched: list[Verdict] = []
        corrections: list[tuple[Verdict, int]] = []
        for key, entry in latest.items():
            verdict = stored.get(key)
            if entry.record is None:
                if verdict is not None and verdict.withdrawn_at is None:
                    verdict.withdrawn_at = utcnow()
                    touched.append(verdict)
                    report.withdrawn += 1
                continue
            record = replace(entry.record, external_id=key, publisher=entry.record.publisher or partner.name)
            if verdict is None:
                verdict = Verdict(external_id=key, partner_id=partner.id, claims=[])
                session.add(verdict)
                report.created += 1
            elif (
                same_as_stored(verdict, record)
                and verdict.withdrawn_at is None
                and verdict.country == entry.country
            ):
                report.unchanged += 1
                continue
            else:
                report.updated += 1
                revision = await self._revision_before(session, verdict, record)
                if revision is not None:
                    corrections.append((verdict, revision))
            write_record(verdict, record)
            verdict.country, verdict.withdrawn_at = entry.country, None
            touched.append(verdict)
        await session.flush()
        for verdict, revision in corrections:
            add_revision(session, verdict, verdict.claim_in(verdict.lang), revision, SYNC_AUTHOR)
        return [v.id for v in touched], [(v.id, revision) for v, revision in corrections]

    @staticmethod
    async def _revision_before(session: AsyncSession, verdict: Verdict, record: VerdictRecord) -> int | None:
        """When `record` changes what the verdict's readers were told, the number of the revision it will
        be (the verdict as it stood recorded first, when it has no revisions yet); else None."""
        before = as_told(verdict, verdict.claim_in(verdict.lang))
        after = {
            "rating": record.rating,
            "claim": record.claim,
            "summary": record.summary,
            "url": record.url,
            "lang": record.lang,
        }
        if not readers_must_know(before, after):
            return None
        return await next_revision_number(session, verdict, before["claim"], SYNC_AUTHOR)

    async def keep_in_sync(
        self, every: float, stopping: asyncio.Event, deliver: Callable[[Notices], Awaitable[object]]
    ) -> None:
        """Sync the followed partners every `every` seconds until `stopping` is set; corrections of their
        verdicts go to the readers who received them through `deliver`."""
        loop = asyncio.get_running_loop()
        async with aiohttp.ClientSession() as http:

            async def turn() -> None:
                for report in await self.sync_due(http, every, loop.time()):
                    for notices in report.corrections:
                        await deliver(notices)

            await repeat(turn, every, stopping, what="partners: reading their feeds", at_once=True)
