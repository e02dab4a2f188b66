"""The checker desk as handlers see it: the tip cards in the checkers' chat (posted once, then edited),
the notices readers get, and the desk's use cases (bot/services/desk/), each in its own session.

While an update is handled, what this sends is captured by its unit of work and leaves once the unit
commits (bot/telegram/outbox.py); a card is queued there as one outbox entry per tip."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import (
    InlineKeyboardMarkup,
    InputMediaAudio,
    InputMediaDocument,
    InputMediaPhoto,
    InputMediaVideo,
    ReplyParameters,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import notices as notice_rows
from bot.db import tips as tip_rows
from bot.db.models import AuditEntry, Tip, utcnow
from bot.i18n import Locales, Translator
from bot.services.desk import audit, publishing, stats, triage
from bot.services.desk.audit import Actor, AuditAction
from bot.services.desk.clusters import RisingAtPartners, RisingMatch, TipClusters
from bot.services.desk.notices import Notices, status_recipients
from bot.services.desk.stats import Stats
from bot.services.explainers import in_first_of
from bot.services.knowledge_base import KnowledgeBase
from bot.services.unit_of_work import current_unit, purpose
from bot.settings import Settings
from bot.telegram.keyboards import card_keyboard, feedback_keyboard
from bot.telegram.outbox import OutboxSender
from bot.telegram.texts import explainer_card, verdict_card
from bot.telegram.views.desk import card_text
from knowledge.posts import files_of
from knowledge.statuses import FeedbackKind, TipProgress, TipStatus

log = logging.getLogger(__name__)

FEEDBACK_KINDS = {
    notice_rows.NoticeKind.VERDICT: FeedbackKind.DESK,
    notice_rows.NoticeKind.CORRECTION: FeedbackKind.CORRECTION,
}

QUEUE_PAGE = 10
STILL_WORKING_WINDOW = 7
"""A tip is told "still working" between `still_working_hours` and this many times as long after it came."""

SENDERS = {
    "photo": "send_photo",
    "video": "send_video",
    "document": "send_document",
    "animation": "send_animation",
    "audio": "send_audio",
    "voice": "send_voice",
    "video_note": "send_video_note",
}
MEDIA_GROUP_ITEMS = {
    "photo": InputMediaPhoto,
    "video": InputMediaVideo,
    "document": InputMediaDocument,
    "audio": InputMediaAudio,
}
MEDIA_GROUPS = {"photo": "visual", "video": "visual", "document": "document", "audio": "audio"}
"""What Telegram lets share one media group: photos with videos; documents only with documents, audio
only with audio."""
MEDIA_GROUP_SIZE = 10


def media_batches(files: Sequence[dict]) -> list[list[dict]]:
    """The files in the order they came, as sendMediaGroup batches (one file: sent on its own)."""
    batches: list[list[dict]] = []
    open_batches: dict[str, list[dict]] = {}
    for file in files:
        group = MEDIA_GROUPS.get(file["media"])
        batch = open_batches.get(group) if group else None
        if batch is None or len(batch) == MEDIA_GROUP_SIZE:
            batch = [file]
            batches.append(batch)
            if group:
                open_batches[group] = batch
        else:
            batch.append(file)
    return batches


@dataclass(frozen=True)
class PreparedCard:
    tip: Tip
    text: str
    markup: InlineKeyboardMarkup


@dataclass
class Desk:
    """Everything the checkers' chat does, for handlers to call."""

    settings: Settings
    kb: KnowledgeBase
    locales: Locales
    clusters: TipClusters
    rising: RisingAtPartners | None = None
    """The claims rising at the partner newsrooms (their cards and /queue say so)."""
    _locks: weakref.WeakValueDictionary = field(default_factory=weakref.WeakValueDictionary)

    @property
    def chat_id(self) -> int | None:
        return self.settings.checkers_chat_id

    @property
    def t(self) -> Translator:
        """The language of the checkers' chat (TIPLINE_DESK_LANGUAGE): its cards and the desk's messages."""
        return self.locales[self.settings.desk_language]

    def _lock(self, tip_id: int) -> asyncio.Lock:
        lock = self._locks.get(tip_id)
        if lock is None:
            lock = self._locks[tip_id] = asyncio.Lock()
        return lock

    # -- cards --

    async def show(self, bot: Bot, tip_id: int, repost: bool = False) -> None:
        """Post the tip's card in the checkers' chat, or edit the one already there: while an update is
        handled, once its unit of work commits (bot/telegram/outbox.py), else at once."""
        if self.chat_id is None:
            return
        unit = current_unit()
        if unit is not None:
            unit.card(tip_id, self.chat_id, repost)
            return
        await self.post_card(bot, tip_id, repost)

    async def post_card(self, bot: Bot, tip_id: int, repost: bool = False) -> None:
        async with self._lock(tip_id):
            await self.post_prepared(bot, await self.prepare_card(tip_id), repost)

    async def prepare_card(self, tip_id: int) -> PreparedCard | None:
        """The card as it should read now (the nearest verdicts take the matcher: done before sending)."""
        if self.chat_id is None:
            return None
        tip = await self.tip(tip_id)
        if tip is None or tip.status == TipStatus.SUGGESTED:
            return None
        transcribe = self.settings.transcription_url is not None
        return PreparedCard(tip, await card_text(self, tip), card_keyboard(self.t, tip, transcribe))

    async def post_prepared(self, bot: Bot, card: PreparedCard | None, repost: bool = False) -> None:
        """Edit the card in the checkers' chat, or post it (with what the reader sent above it)."""
        if card is None:
            return
        tip, text, markup = card.tip, card.text, card.markup
        async with self.kb.sessionmaker() as session:
            # Replicas (PostgreSQL) hold the tip's row while one posts or edits its card: another posting
            # the same card waits, then edits the one posted. SQLite has one process, whose sends go one
            # at a time, and no read is left open across the send there.
            shared = session.bind.dialect.name != "sqlite"
            posted = await tip_rows.card_message_id(session, tip.id, lock=shared)  # posted meanwhile?
            if not shared:
                await session.commit()
            if posted and not repost:
                try:
                    await bot.edit_message_text(
                        text=text, chat_id=self.chat_id, message_id=posted, reply_markup=markup
                    )
                    return
                except TelegramBadRequest as error:
                    if "not modified" in str(error):
                        return
                    log.warning("card of tip %s could not be edited (%s); posting it again", tip.id, error)
            shown = await self._show_media(bot, tip)
            reply = ReplyParameters(message_id=shown, allow_sending_without_reply=True) if shown else None
            message = await bot.send_message(self.chat_id, text, reply_markup=markup, reply_parameters=reply)
            await tip_rows.set_card_message_id(session, tip.id, message.message_id)
            await session.commit()

    async def _show_media(self, bot: Bot, tip: Tip) -> int | None:
        """The tip's pictures, videos or files, posted above its card so checkers see what readers sent
        (by the bot's own file ids: no download, no sender shown): an album as media groups, within
        Telegram's rules (2-10 items; photos and videos together, documents and audio each on their
        own; animations one by one). The first message's id, or None."""
        files = [f for f in files_of(tip.payload or {}) if f.get("file_id") and f.get("media") in SENDERS]
        first = None
        for batch in media_batches(files):
            try:
                if len(batch) == 1:
                    sent = [await getattr(bot, SENDERS[batch[0]["media"]])(self.chat_id, batch[0]["file_id"])]
                else:
                    items = [MEDIA_GROUP_ITEMS[f["media"]](media=f["file_id"]) for f in batch]
                    sent = await bot.send_media_group(self.chat_id, items) or []
            except TelegramAPIError as error:
                log.warning("the %s of tip %s could not be shown: %s", batch[0]["media"], tip.id, error)
                continue
            if first is None and sent:
                first = getattr(sent[0], "message_id", None)
        return first

    async def tip_arrived(self, bot: Bot, tip_id: int) -> None:
        """After a reader's tip is stored: its card appears or grows. Never raises."""
        try:
            await self.show(bot, tip_id)
        except Exception:
            log.exception("could not post the card of tip %s to the checkers' chat", tip_id)

    # -- notices --

    async def send_notices(self, bot: Bot, notices: Notices) -> int:
        """Send the recorded notices to the readers' chats; how many were sent (or queued in the outbox)."""
        sent = 0
        for notice in notices.rows:
            t = self.locales[notice.lang]
            if notices.kind == notice_rows.NoticeKind.VERDICT:
                intro = t("desk-notice-verdict", id=str(notice.tip_id))
            else:
                intro = t("desk-notice-correction")
            text = intro + "\n\n" + verdict_card(t, notices.verdict, intro=False)
            markup = feedback_keyboard(t, notices.verdict.id, FEEDBACK_KINDS[notices.kind])
            if current_unit() is not None:
                with purpose(notice=notice.id):  # sent_at is recorded by the outbox once delivered
                    await bot.send_message(notice.chat_id, text, reply_markup=markup)
                sent += 1
                continue
            try:
                await bot.send_message(notice.chat_id, text, reply_markup=markup)
            except TelegramAPIError as error:
                log.warning(
                    "%s of verdict %s not delivered to chat %s: %s",
                    notices.kind,
                    notice.verdict_id,
                    notice.chat_id,
                    error,
                )
                continue
            sent += 1
            async with self.kb.sessionmaker() as session:
                await notice_rows.mark_notice_sent(session, notice.id)
                await session.commit()
        return sent

    # -- status messages --

    async def send_in_own_unit(self, bot: Bot, outbox: OutboxSender, notices: Notices) -> int:
        """`send_notices` as a unit of work of its own (work off any update, such as a partner's
        correction): the outbox delivers them, again after a crash, and records a send a crash cut as
        unknown."""
        async with outbox.unit(bot):
            return await self.send_notices(bot, notices)

    async def tell_readers(self, bot: Bot, session: AsyncSession, tip_id: int, kind: TipProgress) -> int:
        """Tell each of the tip's readers not told yet that it is `kind`, in their language; recorded in
        `session`, which commits with the unit of work that sends the messages. How many were told."""
        if not self.settings.status_messages:
            return 0
        recipients = await status_recipients(session, tip_id, kind)
        for r in recipients:
            await bot.send_message(r.chat_id, self.locales[r.lang](f"status-{kind}", id=str(tip_id)))
        return len(recipients)

    async def send_explainer(self, bot: Bot, session: AsyncSession, tip_id: int, key: str) -> int:
        """Send the explainer to each of the tip's readers who has not had it, in their language (else
        the tip's); recorded in `session`, committed with the unit of work that sends them. How many."""
        recipients = await status_recipients(session, tip_id, TipProgress.EXPLAINED)
        assert self.kb.explainers is not None
        variants = await self.kb.explainers.variants(key)
        for r in recipients:
            t = self.locales[r.lang]
            explainer = in_first_of(variants, (r.lang, self.settings.default_language))
            if explainer is not None:
                text = explainer_card(t, explainer) + "\n\n" + t("explainer-for-tip", id=str(tip_id))
                await bot.send_message(r.chat_id, text)
        return len(recipients)

    async def still_working(self, bot: Bot, outbox: OutboxSender, now: dt.datetime | None = None) -> int:
        """Tell the readers of every tip waiting `still_working_hours` for a verdict, once each; each tip
        in its own unit of work (`outbox.unit`). How many were told. A tip that has waited
        `STILL_WORKING_WINDOW` times as long is not: its readers would hear it far too late (the backlog
        a first start with this feature finds)."""
        hours = self.settings.still_working_hours
        if not self.settings.status_messages or not hours:
            return 0
        now = now or utcnow()
        since, until = now - dt.timedelta(hours=hours * STILL_WORKING_WINDOW), now - dt.timedelta(hours=hours)
        async with self.kb.sessionmaker() as session:
            tip_ids = await notice_rows.tips_waiting(session, since, until, TipProgress.STILL_WORKING)
        told = 0
        for tip_id in tip_ids:
            try:
                async with outbox.unit(bot) as unit:
                    count = await self.tell_readers(bot, unit.session, tip_id, TipProgress.STILL_WORKING)
            except IntegrityError:  # another replica told them first
                continue
            told += count
        return told

    # -- the use cases --

    async def tip(self, tip_id: int) -> Tip | None:
        async with self.kb.sessionmaker() as session:
            return await tip_rows.tip_by_id(session, tip_id)

    async def queued_tip(self, tip_id: int) -> Tip | None:
        """The tip while it is queued for the checkers, else None."""
        async with self.kb.sessionmaker() as session:
            return await triage.queued_tip(session, tip_id)

    async def tip_by_card(self, message_id: int) -> Tip | None:
        async with self.kb.sessionmaker() as session:
            return await tip_rows.tip_by_card(session, message_id)

    async def rising_at_partners(self, tip: Tip) -> RisingMatch | None:
        """The claim rising at a partner that the tip is, when it is one."""
        return None if self.rising is None else await self.rising.nearest(tip.text, tip.lang)

    async def queue(self, lang: str | None = None, limit: int = QUEUE_PAGE) -> list[Tip]:
        """Open clusters, the most asked first, then the most recent."""
        async with self.kb.sessionmaker() as session:
            return await tip_rows.open_tips(session, lang, limit)

    async def reclustered(self, tip: Tip) -> None:
        """An open tip whose words changed (a corrected transcript) is found by its new words."""
        self.clusters.discard(tip.id)
        await self.clusters.add(tip.id, tip.text, tip.lang)

    async def find(self, words: Sequence[str], limit: int = QUEUE_PAGE) -> list[Tip]:
        """The latest tips whose words (typed, or read from a picture) have all of `words`."""
        async with self.kb.sessionmaker() as session:
            return await tip_rows.tips_saying(session, words, limit)

    async def link(self, bot: Bot, tip_id: int, verdict_id: int, actor: Actor) -> int | None:
        """Answer a cluster with an existing verdict and notify its readers; None if it is no longer open."""
        async with self.kb.sessionmaker() as session:
            notices = await triage.link(session, self.kb, self.clusters, tip_id, verdict_id, actor)
        return None if notices is None else await self.send_notices(bot, notices)

    async def publish(self, bot: Bot, tip_id: int, draft: dict, actor: Actor) -> tuple[int, int] | None:
        """Store a new verdict from the dialog and answer the cluster: (verdict id, readers notified), None
        when the tip is no longer open."""
        async with self.kb.sessionmaker() as session:
            published = await publishing.publish(
                session, self.kb, self.clusters, self.settings.newsroom_name, tip_id, draft, actor
            )
        if published is None:
            return None
        verdict_id, notices = published
        return verdict_id, await self.send_notices(bot, notices)

    async def editable_fields(self, verdict_id: int) -> dict | None:
        return await publishing.editable_fields(self.kb, verdict_id)

    async def correct(self, bot: Bot, verdict_id: int, draft: dict, actor: Actor) -> tuple[bool, int] | None:
        """Change a verdict: (changed, readers notified of the correction), None when it does not exist."""
        async with self.kb.sessionmaker() as session:
            corrected = await publishing.correct(session, self.kb, verdict_id, draft, actor)
        if corrected is None:
            return None
        changed, notices = corrected
        return changed, await self.send_notices(bot, notices)

    async def history(self, tip_id: int) -> list[AuditEntry]:
        async with self.kb.sessionmaker() as session:
            return await audit.tip_history(session, tip_id)

    async def log_action(self, actor: Actor, action: AuditAction, before: dict, after: dict) -> None:
        async with self.kb.sessionmaker() as session:
            await audit.log_action(session, actor, action, before, after)

    async def stats(self) -> Stats:
        async with self.kb.sessionmaker() as session:
            return await stats.desk_stats(session)
