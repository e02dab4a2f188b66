"""A network of newsrooms: this newsroom's verdicts served as a ClaimReview feed to the partners given a
token, and the feeds of the partners it follows read into its knowledge base as their verdicts, credited
to them, never over its own (knowledge/partners.py reads and checks every record)."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import logging
import secrets
import tomllib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db import partners as rows
from bot.db.models import Partner, as_utc
from bot.db.verdicts import verdicts_with_claims
from bot.services.desk.audit import Actor, AuditAction, record_action
from bot.services.desk.notices import Notices
from bot.services.knowledge_base import KnowledgeBase
from bot.services.partner_feeds import PAGE, FeedFollower
from bot.services.verdict_records import verdict_record
from bot.settings import SettingsError
from knowledge.normalise import has_letters
from knowledge.partners import Published, Rising, checked_address, feed_document, rising_document
from knowledge.statuses import Trust

log = logging.getLogger(__name__)

CLI_ACTOR = Actor(0, "tipline partners")


RISING_PATH = "/partners/rising"
RISING_LIMIT = 200
"""Rising claims the feed lists at most."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class FeedReply:
    body: str
    etag: str


def _reply(body: str) -> FeedReply:
    return FeedReply(body, '"' + hashlib.sha256(body.encode()).hexdigest()[:40] + '"')


@dataclass(frozen=True)
class PartnerView:
    """A partner as /partners and `tipline partners list` show it."""

    id: int
    name: str
    trust: str
    follows: bool
    reads: bool
    verdicts: int
    withdrawn: int
    synced_at: dt.datetime | None
    errors: int
    skipped: int
    last_error: str | None


def followed_in_file(path: str) -> list[tuple[str, str, str | None, Trust]]:
    """(name, url, token, trust) of each `[[partner]]` of a TOML file; SettingsError naming what is wrong."""
    where = f"TIPLINE_PARTNERS_FILE {path}"
    try:
        with open(path, "rb") as file:
            tables = tomllib.load(file).get("partner", [])
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise SettingsError(f"{where}: {error}") from None
    if not isinstance(tables, list):
        raise SettingsError(f"{where}: expected [[partner]] tables")
    found = []
    for number, table in enumerate(tables, start=1):
        place = f"{where}, partner {number}"
        if not isinstance(table, dict) or not all(isinstance(table.get(k), str) for k in ("name", "url")):
            raise SettingsError(f"{place}: needs a name and a url")
        try:
            checked_address(table["url"], "the url")
            trust = Trust(table.get("trust", Trust.SUGGEST))
        except ValueError as error:
            raise SettingsError(f"{place}: {error}") from None
        token = table.get("token")
        if "token_file" in table:
            try:
                token = Path(str(table["token_file"])).read_text(encoding="utf-8").strip()
            except OSError as error:
                raise SettingsError(f"{place}: {error}") from None
        found.append((table["name"], table["url"], token if isinstance(token, str) else None, trust))
    return found


async def _held(session: AsyncSession, token: str | None) -> bool:
    """Whether a partner holds `token` (one given it to read this newsroom's feed)."""
    return bool(token) and await rows.partner_by_token(session, token_hash(token)) is not None


class Partners:
    """The partners of the newsroom whose database is `sessionmaker`: managed, served and followed. With
    `kb` (a running bot), what changes matching reaches its matcher at once; without (the shell), a
    running bot follows through the change feed."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker,
        newsroom: str,
        country: str | None,
        kb: KnowledgeBase | None = None,
        share_rising: int = 0,
    ):
        self.sessionmaker = sessionmaker
        self.kb = kb
        self.newsroom = newsroom
        self.country = country
        self.share_rising = share_rising
        """Share the open clusters at least this many readers sent (0: not shared)."""
        self.follower = FeedFollower(sessionmaker, kb)

    # -- managing --

    async def add(self, name: str, actor: Actor = CLI_ACTOR) -> str:
        """A new feed token for partner `name` (created if new); the old token stops working."""
        token = secrets.token_urlsafe(32)
        async with self.sessionmaker() as session:
            partner = await rows.partner_named(session, name) or Partner(name=name, trust=Trust.SUGGEST)
            session.add(partner)
            partner.token_hash = token_hash(token)
            record_action(session, actor, AuditAction.PARTNER, {}, {"partner": name, "reads": True})
            await session.commit()
        return token

    async def follow(
        self, name: str, url: str, token: str | None, trust: Trust, actor: Actor = CLI_ACTOR
    ) -> bool:
        """Follow partner `name`'s feed at `url` (again from the start when the address changed); False
        when it was followed so already."""
        async with self.sessionmaker() as session:
            partner = await rows.partner_named(session, name)
            before = {} if partner is None else {"url": partner.feed_url, "trust": partner.trust}
            if partner is not None and (partner.feed_url, partner.feed_token, partner.trust) == (
                url,
                token,
                trust,
            ):
                return False
            if partner is None:
                partner = Partner(name=name)
                session.add(partner)
            if partner.feed_url != url:
                partner.cursor, partner.etag = 0, None
            partner.feed_url, partner.feed_token, partner.trust = url, token, trust
            after = {"partner": name, "url": url, "trust": trust}
            record_action(session, actor, AuditAction.PARTNER, before, after)
            await session.commit()
        self.follower.next_try.pop(name, None)
        await self._follow_changes()
        return True

    async def follow_file(self, path: str) -> int:
        """Follow the partners a TOML file lists (`[[partner]]` tables: name, url, token or token_file,
        trust); how many changed. SettingsError for a file that cannot be used."""
        changed = 0
        for name, url, token, trust in followed_in_file(path):
            changed += await self.follow(name, url, token, trust, Actor(0, f"partners file {path}"))
        return changed

    async def set_trust(self, name: str, trust: Trust, actor: Actor) -> tuple[str, str] | None:
        """Change how far partner `name` is trusted: (before, after), None when there is no such partner."""
        async with self.sessionmaker() as session:
            partner = await rows.partner_named(session, name)
            if partner is None:
                return None
            before = partner.trust
            if before != trust:
                partner.trust = trust
                record_action(
                    session,
                    actor,
                    AuditAction.TRUST,
                    {"partner": name, "trust": before},
                    {"partner": name, "trust": trust},
                )
                await session.commit()
        await self._follow_changes()
        return before, trust

    async def remove(self, name: str, actor: Actor = CLI_ACTOR) -> int | None:
        """Forget partner `name` and take its verdicts out of matching: how many, None when unknown."""
        async with self.sessionmaker() as session:
            partner = await rows.partner_named(session, name)
            if partner is None:
                return None
            verdicts = await rows.all_partner_verdicts(session, partner.id)
            ids = [v.id for v in verdicts]
            for verdict in verdicts:
                await session.delete(verdict)
            await rows.replace_rising(session, partner.id, [])
            await session.flush()
            await session.delete(partner)
            record_action(session, actor, AuditAction.PARTNER, {"partner": name}, {"removed": len(ids)})
            await session.commit()
        await self._follow_changes(ids)
        return len(ids)

    async def _follow_changes(self, verdict_ids: list[int] | None = None) -> None:
        """The running bot's matcher as the partners now stand: their verdicts of `verdict_ids` reloaded,
        and every partner's trust."""
        if self.kb is not None:
            await self.kb.reload(verdict_ids) if verdict_ids else await self.kb.follow_trust()

    async def overview(self) -> list[PartnerView]:
        async with self.sessionmaker() as session:
            partners = await rows.all_partners(session)
            counts = await rows.verdict_counts(session)
        return [
            PartnerView(
                id=p.id,
                name=p.name,
                trust=p.trust,
                follows=p.feed_url is not None,
                reads=p.token_hash is not None,
                verdicts=counts.get(p.id, (0, 0))[0],
                withdrawn=counts.get(p.id, (0, 0))[1],
                synced_at=p.synced_at,
                errors=p.errors,
                skipped=p.skipped,
                last_error=p.last_error,
            )
            for p in partners
        ]

    # -- publishing --

    async def feed(self, token: str | None, since: int, limit: int = PAGE) -> FeedReply | None:
        """A page of this newsroom's own verdicts changed after change `since`, for the partner holding
        `token`; None when no partner holds it."""
        limit = max(1, min(limit, PAGE))
        async with self.sessionmaker() as session:
            if not await _held(session, token):
                return None
            changes = await rows.own_changes(session, max(since, 0), limit)
            verdicts = await verdicts_with_claims(session, [c.verdict_id for c in changes])
        items = []
        for change in changes:
            verdict = verdicts.get(change.verdict_id)
            if verdict is None or not verdict.url:
                continue  # ClaimReview needs the verdict's address
            record = None
            if verdict.withdrawn_at is None:
                record = verdict_record(verdict)
                record = replace(record, publisher=record.publisher or self.newsroom)
            items.append(Published(verdict.external_id, change.change, record, verdict.url))
        cursor = changes[-1].change if changes else max(since, 0)
        following = f"?since={cursor}&limit={limit}" if len(changes) == limit else None
        rising = RISING_PATH if self.share_rising else None
        document = feed_document(items, self.country, cursor, following, rising)
        return _reply(json.dumps(document, ensure_ascii=False))

    async def rising(self, token: str | None) -> FeedReply | None:
        """The open clusters at least `share_rising` readers sent, for the partner holding `token`: their
        claim, language, demand, first sighting and channels, nothing of the readers; None when no partner
        holds the token."""
        async with self.sessionmaker() as session:
            if not await _held(session, token):
                return None
            tips = await rows.rising_tips(session, max(self.share_rising, 1), RISING_LIMIT)
        claims = [
            Rising(
                f"tip-{tip.id}",
                tip.lang,
                tip.text[:2000],
                tip.demand,
                as_utc(tip.first_seen_at),
                tuple(names),
            )
            for tip, names in tips
            if has_letters(tip.text)
        ]
        return _reply(json.dumps(rising_document(claims), ensure_ascii=False))

    async def keep_in_sync(
        self, every: float, stopping: asyncio.Event, deliver: Callable[[Notices], Awaitable[object]]
    ) -> None:
        """Sync the followed partners' feeds every `every` seconds until `stopping` is set
        (bot/services/partner_feeds.py); corrections go to the readers through `deliver`."""
        await self.follower.keep_in_sync(every, stopping, deliver)
