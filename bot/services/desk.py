"""The checker desk: tip clusters, cards in the checkers' chat, verdicts from the desk, reader notices,
corrections, the audit log and the figures editors see. Handlers call these; nothing here parses updates."""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import logging
import statistics
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.filters.callback_data import CallbackData
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaAudio,
    InputMediaDocument,
    InputMediaPhoto,
    InputMediaVideo,
    ReplyParameters,
)
from rapidfuzz import fuzz
from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from bot.db.evidence import learn_from_tip, sync_appearances
from bot.db.models import (
    AuditEntry,
    Claim,
    InboxUpdate,
    Notice,
    Reader,
    Request,
    Tip,
    Verdict,
    VerdictRevision,
    utcnow,
)
from bot.i18n import Locales, Translator
from bot.services.knowledge_base import CHANGE_OVERLAP, KnowledgeBase, vector_from_bytes, vector_to_bytes
from bot.services.limits import senders_line
from bot.settings import Settings
from bot.telegram.outbox import current_unit, outbox_counts, purpose
from bot.telegram.texts import rating_label, shorten, verdict_card
from knowledge.matching import Phrasing, numbers_in
from knowledge.normalise import has_letters, matching_key, normalise
from knowledge.posts import files_of
from knowledge.verdicts import ClaimText

log = logging.getLogger(__name__)

SAME_LANGUAGE_COSINE = 0.95
"""Same-language tips join on meaning only when nearly identical: e5 puts different claims about
the same place and time (water vs internet cut in Karaganda) above 0.9."""
LEXICAL_RATIO = 0.90
"""Fuzzy ratio of matching keys at or above which two tips are the same claim, in any mode."""
MAX_LEARNT_PHRASING = 600
QUEUE_PAGE = 10
NEAREST = 3
MIN_NEAREST = 0.01
"""Verdicts scoring lower are noise, not worth a checker's glance."""
REJECT_REASONS = ("spam", "uncheckable", "duplicate")


class DeskAction(CallbackData, prefix="desk"):
    """A button on a card or a desk message; `arg` is a verdict id or a reason index."""

    action: str
    tip: int = 0
    arg: int = 0


class DraftAction(CallbackData, prefix="draft"):
    """A button in the verdict dialog: rating:<rating>, lang:<code>, keep, publish, cancel."""

    field: str
    value: str = ""


@dataclass(frozen=True)
class Actor:
    id: int
    name: str


# --- clustering ---------------------------------------------------------------------------------


@dataclass
class _Open:
    key: str
    numbers: frozenset[str]
    lang: str
    vector: np.ndarray | None


class TipClusters:
    """An in-memory index of the open (queued) tips, to find the cluster a new tip belongs to.

    Same claim: near-identical matching keys (any language), or, with the embedder, cosine similarity
    of at least `threshold` across languages (SAME_LANGUAGE_COSINE within one); tips that mention
    different numbers never join. Before each use it reads the tips queued since (by this process or by
    another replica); a tip closed elsewhere is dropped when it is found (bot/services/posts.py).
    """

    def __init__(self, kb: KnowledgeBase, threshold: float):
        self.kb = kb
        self.threshold = threshold
        self._open: dict[int, _Open] = {}
        self._seen = 0
        self._catch_up_lock = asyncio.Lock()

    async def _catch_up(self) -> None:
        async with self._catch_up_lock:
            async with self.kb.sessionmaker() as session:
                ids = await session.scalars(
                    select(Tip.id).where(Tip.status == "queued", Tip.id > max(0, self._seen - CHANGE_OVERLAP))
                )
                new = [tip_id for tip_id in ids if tip_id not in self._open]
                if not new:
                    return
                rows = (
                    await session.execute(select(Tip.id, Tip.text, Tip.lang).where(Tip.id.in_(new)))
                ).all()
            rows = [r for r in rows if has_letters(r.text)]
            vectors = await self._passages([r.text for r in rows])
            for row, vector in zip(rows, vectors, strict=True):
                self._open[row.id] = self._entry(row.text, row.lang, vector)
            self._seen = max(self._seen, *new)

    async def _passages(self, texts: list[str]) -> list[np.ndarray | None]:
        if self.kb.embedder is None or not texts:
            return [None] * len(texts)
        return list(await self.kb.embed(texts))

    @staticmethod
    def _entry(text: str, lang: str, vector: np.ndarray | None) -> _Open:
        normalised = normalise(text[:1500])
        return _Open(matching_key(text[:1500]), numbers_in(normalised), lang, vector)

    async def nearest(self, text: str, lang: str) -> int | None:
        """The open tip `text` is the same claim as, or None."""
        if not has_letters(text):
            return None
        await self._catch_up()
        if not self._open:
            return None
        probe = self._entry(text, lang, None)
        query = None
        if self.kb.embedder is not None:
            [query] = await asyncio.to_thread(self.kb.embedder.embed_queries, [text])
        best, best_score = None, 0.0
        for tip_id, entry in list(self._open.items()):
            if probe.numbers and entry.numbers and probe.numbers != entry.numbers:
                continue
            score = fuzz.ratio(probe.key, entry.key) / 100
            if score < LEXICAL_RATIO:
                score = 0.0
                if query is not None and entry.vector is not None:
                    cosine = float(entry.vector @ query)
                    needed = (
                        max(self.threshold, SAME_LANGUAGE_COSINE) if lang == entry.lang else self.threshold
                    )
                    score = cosine if cosine >= needed else 0.0
            if score > best_score:
                best, best_score = tip_id, score
        return best

    async def add(self, tip_id: int, text: str, lang: str) -> None:
        if not has_letters(text) or tip_id in self._open:
            return
        [vector] = await self._passages([text])
        self._open[tip_id] = self._entry(text, lang, vector)
        self._seen = max(self._seen, tip_id)

    def discard(self, tip_id: int) -> None:
        self._open.pop(tip_id, None)


# --- what the desk shows ----------------------------------------------------------------------


def origin_link(origin: dict | None) -> str | None:
    """The forwarded post as HTML: the channel's title, linked to the post when Telegram gave enough."""
    if not origin:
        return None
    title = origin.get("title") or origin.get("name")
    if not title:
        return None
    url = None
    if origin.get("type") == "channel" and origin.get("message_id"):
        if origin.get("username"):
            url = f"https://t.me/{origin['username']}/{origin['message_id']}"
        elif str(origin.get("chat_id", "")).startswith("-100"):
            url = f"https://t.me/c/{str(origin['chat_id'])[4:]}/{origin['message_id']}"
    label = html.escape(shorten(title, 80))
    return f'<a href="{html.escape(url)}">{label}</a>' if url else label


def when(moment: dt.datetime | None) -> str:
    if moment is None:
        return "—"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


SENDERS = {
    "photo": "send_photo",
    "video": "send_video",
    "document": "send_document",
    "animation": "send_animation",
    "audio": "send_audio",
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


def button(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def card_keyboard(t: Translator, tip: Tip) -> InlineKeyboardMarkup:
    if tip.status == "queued":
        rows = [
            [
                button(t("desk-button-take"), DeskAction(action="take", tip=tip.id)),
                button(t("desk-button-link"), DeskAction(action="link", tip=tip.id)),
            ],
            [
                button(t("desk-button-new"), DeskAction(action="new", tip=tip.id)),
                button(t("desk-button-reject"), DeskAction(action="reject", tip=tip.id)),
            ],
        ]
    elif tip.status == "answered" and tip.verdict_id:
        rows = [
            [
                button(
                    t("desk-button-correct"), DeskAction(action="correct", tip=tip.id, arg=tip.verdict_id)
                ),
                button(t("desk-button-history"), DeskAction(action="history", tip=tip.id)),
            ]
        ]
    else:
        rows = [[button(t("desk-button-history"), DeskAction(action="history", tip=tip.id))]]
    return InlineKeyboardMarkup(inline_keyboard=rows)


def verdict_lines(t: Translator, verdicts: Sequence[tuple[Verdict, float | None]]) -> list[str]:
    lines = []
    for verdict, score in verdicts:
        claim = html.escape(shorten(verdict.claim_in(t.lang), 120))
        score_text = f" · {score:.2f}" if score is not None else ""
        lines.append(f"• {rating_label(t, verdict.rating)} <i>#{verdict.id}</i> {claim}{score_text}")
    return lines


def draft_preview(t: Translator, draft: dict) -> str:
    lines = [f"<b>{rating_label(t, draft.get('rating'))}</b>", t("card-claim", claim=draft.get("claim", ""))]
    if draft.get("summary"):
        lines += ["", html.escape(draft["summary"])]
    if draft.get("url"):
        lines += ["", html.escape(draft["url"])]
    lines.append(t("desk-draft-language", lang=draft.get("lang", "")))
    return "\n".join(lines)


def valid_url(text: str) -> bool:
    from urllib.parse import urlsplit

    text = text.strip()
    if any(ch.isspace() for ch in text) or len(text) > 2000:
        return False
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and "." in parts.netloc


# --- the service --------------------------------------------------------------------------------


@dataclass
class Stats:
    received: int
    auto: int
    queue: dict[str, int]
    median_minutes: float | None
    notified: int
    failed_updates: int = 0
    """Inbox updates kept as failed after their last attempt (`tipline inbox failed`)."""
    unknown_messages: int = 0
    """Outbox messages that may or may not have arrived (in flight at a crash, or cut after they left)."""

    @property
    def auto_share(self) -> float:
        return self.auto / self.received if self.received else 0.0


@dataclass(frozen=True)
class PreparedCard:
    tip: Tip
    text: str
    markup: InlineKeyboardMarkup


@dataclass
class Delivery:
    chat_id: int
    lang: str
    tip_id: int | None = None


@dataclass
class Desk:
    """Everything the checkers' chat does, for handlers to call."""

    settings: Settings
    kb: KnowledgeBase
    locales: Locales
    clusters: TipClusters
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

    async def tip(self, tip_id: int) -> Tip | None:
        async with self.kb.sessionmaker() as session:
            return await session.get(Tip, tip_id)

    async def card(self, tip: Tip) -> tuple[str, InlineKeyboardMarkup]:
        t = self.t
        lines = [t("desk-card-title", id=str(tip.id), demand=tip.demand)]
        payload = tip.payload or {}
        meta = [t("desk-card-language", lang=tip.lang)]
        origin = origin_link(payload.get("forward_origin"))
        if origin:
            label = "desk-card-quoted" if payload.get("origin_kind") == "quote" else "desk-card-origin"
            meta.append(t(label) + " " + origin)
        lines.append(" · ".join(meta))
        lines.append(t("desk-card-seen", first=when(tip.first_seen_at), last=when(tip.last_seen_at)))
        sent_by = await senders_line(t, self.kb.sessionmaker, tip.id, self.settings.show_reader_identity)
        if sent_by:
            lines.append(sent_by)
        if tip.assignee_name:
            lines.append(t("desk-card-assignee", name=tip.assignee_name))
        files = files_of(payload)
        if has_letters(tip.text):
            text = tip.text
        elif len(files) > 1:
            text = t("desk-card-album", count=len(files))
        elif payload.get("media") == "post":
            text = t("desk-card-unseen-post")
        else:
            text = t("desk-card-media", kind=payload.get("media", "?"))
        lines.append(f"<blockquote>{html.escape(shorten(text, 1500))}</blockquote>")
        if payload.get("question"):
            lines.append(t("desk-card-question", text=shorten(payload["question"], 500)))
        if tip.status == "queued":
            nearest = []
            if has_letters(tip.text):
                matches = await self.kb.search(tip.text, NEAREST)
                found = await self.kb.verdicts([m.verdict_id for m in matches])
                nearest = [
                    (found[m.verdict_id], m.score)
                    for m in matches
                    if m.verdict_id in found and m.score >= MIN_NEAREST
                ]
            lines.append(t("desk-card-nearest") if nearest else t("desk-card-no-nearest"))
            lines.extend(verdict_lines(t, nearest))
        elif tip.status == "answered":
            lines.append(t("desk-card-answered", verdict=str(tip.verdict_id or "")))
        elif tip.status == "rejected":
            lines.append(t("desk-card-rejected", reason=t(f"desk-reason-{tip.reject_reason or 'spam'}")))
        return "\n".join(lines), card_keyboard(t, tip)

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
        if tip is None or tip.status == "suggested":
            return None
        text, markup = await self.card(tip)
        return PreparedCard(tip, text, markup)

    async def post_prepared(self, bot: Bot, card: PreparedCard | None, repost: bool = False) -> None:
        """Edit the card in the checkers' chat, or post it (with what the reader sent above it)."""
        if card is None:
            return
        tip, text, markup = card.tip, card.text, card.markup
        async with self.kb.sessionmaker() as session:  # posted since the card was prepared?
            posted = await session.scalar(select(Tip.card_message_id).where(Tip.id == tip.id))
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
        async with self.kb.sessionmaker() as session:
            await session.execute(
                update(Tip).where(Tip.id == tip.id).values(card_message_id=message.message_id)
            )
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
        except Exception:  # noqa: BLE001 - the checkers' chat must never cost a reader their answer
            log.exception("could not post the card of tip %s to the checkers' chat", tip_id)

    async def tip_by_card(self, message_id: int) -> Tip | None:
        async with self.kb.sessionmaker() as session:
            return await session.scalar(select(Tip).where(Tip.card_message_id == message_id))

    async def queue(self, lang: str | None = None, limit: int = QUEUE_PAGE) -> list[Tip]:
        """Open clusters, the most asked first, then the most recent."""
        query = select(Tip).where(Tip.status == "queued")
        if lang:
            query = query.where(Tip.lang == lang)
        query = query.order_by(Tip.demand.desc(), Tip.last_seen_at.desc(), Tip.id.desc()).limit(limit)
        async with self.kb.sessionmaker() as session:
            return list((await session.scalars(query)).all())

    # -- triage --

    @staticmethod
    def _snapshot(tip: Tip) -> dict[str, Any]:
        return {
            "status": tip.status,
            "assignee": tip.assignee_name,
            "verdict": tip.verdict_id,
            "reason": tip.reject_reason,
        }

    @staticmethod
    def _audit(
        actor: Actor,
        action: str,
        before: dict,
        after: dict,
        tip_id: int | None = None,
        verdict_id: int | None = None,
    ) -> AuditEntry:
        return AuditEntry(
            actor_id=actor.id,
            actor_name=actor.name[:200],
            action=action,
            tip_id=tip_id,
            verdict_id=verdict_id,
            before=before,
            after=after,
        )

    async def take(self, tip_id: int, actor: Actor) -> bool:
        async with self.kb.sessionmaker() as session:
            tip = await session.get(Tip, tip_id)
            if tip is None or tip.status != "queued":
                return False
            before = self._snapshot(tip)
            tip.assignee_id, tip.assignee_name = actor.id, actor.name[:200]
            session.add(self._audit(actor, "take", before, self._snapshot(tip), tip_id=tip.id))
            await session.commit()
            return True

    async def reject(self, tip_id: int, reason: str, actor: Actor) -> bool:
        async with self.kb.sessionmaker() as session:
            tip = await session.get(Tip, tip_id)
            if tip is None or tip.status != "queued" or reason not in REJECT_REASONS:
                return False
            before = self._snapshot(tip)
            tip.status, tip.reject_reason, tip.resolved_at = "rejected", reason, utcnow()
            session.add(self._audit(actor, "reject", before, self._snapshot(tip), tip_id=tip.id))
            await session.commit()
        self.clusters.discard(tip_id)
        return True

    async def link(self, bot: Bot, tip_id: int, verdict_id: int, actor: Actor) -> int | None:
        """Answer a cluster with an existing verdict and notify its readers; None if it is no longer open."""
        async with self.kb.sessionmaker() as session:
            tip = await session.get(Tip, tip_id)
            verdict = await session.get(Verdict, verdict_id)
            if tip is None or verdict is None or tip.status != "queued":
                return None
            before = self._snapshot(tip)
            tip.status, tip.verdict_id, tip.resolved_at = "answered", verdict_id, utcnow()
            session.add(self._audit(actor, "link", before, self._snapshot(tip), tip.id, verdict_id))
            await learn_from_tip(session, tip.id, verdict_id)
            await session.commit()
        self.clusters.discard(tip_id)
        await self._learn(verdict_id, tip)
        return await self.notify_cluster(bot, tip_id, verdict_id)

    async def _learn(self, verdict_id: int, tip: Tip) -> None:
        if has_letters(tip.text) and len(tip.text) <= MAX_LEARNT_PHRASING:
            await self.kb.add_phrasing(verdict_id, ClaimText(tip.lang, tip.text, "tip"))

    # -- verdicts written at the desk --

    async def publish(self, bot: Bot, tip_id: int, draft: dict, actor: Actor) -> tuple[int, int] | None:
        """Store a new verdict from the dialog, make it matchable, answer the cluster.
        Returns (verdict id, readers notified), None when the tip is no longer open."""
        async with self.kb.sessionmaker() as session:
            tip = await session.get(Tip, tip_id)
            if tip is None or tip.status != "queued":
                return None
            claim = Claim(lang=draft["lang"], text=draft["claim"], kind="claim")
            if self.kb.embedder is not None:
                [vector] = await self.kb.embed([claim.text])
                claim.vector, claim.vector_model = vector_to_bytes(vector), self.kb.embedder.name
            verdict = Verdict(
                external_id=f"desk-tip-{tip.id}-{int(utcnow().timestamp() * 1000)}",
                lang=draft["lang"],
                rating=draft["rating"],
                summary=draft["summary"],
                summaries={},
                url=draft["url"],
                publisher=self.settings.newsroom_name,
                published=utcnow().date(),
                claims=[claim],
            )
            session.add(verdict)
            await session.flush()
            verdict.external_id = f"desk-{verdict.id}"
            await sync_appearances(session, [verdict])
            session.add(self._revision(verdict, draft["claim"], 1, actor))
            before = self._snapshot(tip)
            tip.status, tip.verdict_id, tip.resolved_at = "answered", verdict.id, utcnow()
            await learn_from_tip(session, tip.id, verdict.id)
            session.add(
                self._audit(
                    actor,
                    "publish",
                    before,
                    {**self._snapshot(tip), **self._public(draft)},
                    tip.id,
                    verdict.id,
                )
            )
            await session.commit()
            phrasing = self._phrasing(verdict.id, claim)
        await asyncio.to_thread(self.kb.matcher.add, [phrasing])
        self.clusters.discard(tip_id)
        await self._learn(verdict.id, tip)
        return verdict.id, await self.notify_cluster(bot, tip_id, verdict.id)

    @staticmethod
    def _public(draft: dict) -> dict:
        return {k: draft.get(k) for k in ("rating", "claim", "summary", "url", "lang")}

    @staticmethod
    def _revision(verdict: Verdict, claim: str, number: int, actor: Actor) -> VerdictRevision:
        return VerdictRevision(
            verdict_id=verdict.id,
            number=number,
            rating=verdict.rating,
            claim=claim,
            summary=verdict.summary,
            url=verdict.url,
            lang=verdict.lang,
            author_id=actor.id,
        )

    def _phrasing(self, verdict_id: int, claim: Claim) -> Phrasing:
        vector = vector_from_bytes(claim.vector) if self.kb.embedder is not None and claim.vector else None
        return Phrasing(
            verdict_id=verdict_id, lang=claim.lang, text=claim.text, kind=claim.kind, vector=vector
        )

    async def current(self, verdict_id: int) -> dict | None:
        """A verdict's editable fields, as the dialog holds them."""
        found = await self.kb.verdicts([verdict_id])
        verdict = found.get(verdict_id)
        if verdict is None:
            return None
        primary = next((c.text for c in verdict.claims if c.kind == "claim"), verdict.claim_in(verdict.lang))
        return {
            "rating": verdict.rating,
            "claim": primary,
            "summary": verdict.summary,
            "url": verdict.url,
            "lang": verdict.lang,
        }

    async def correct(self, bot: Bot, verdict_id: int, draft: dict, actor: Actor) -> tuple[bool, int] | None:
        """Change a verdict; when its rating or text changed, readers who received it get a correction.
        Returns (changed, readers notified), None when the verdict does not exist."""
        async with self.kb.sessionmaker() as session:
            verdict = await session.scalar(
                select(Verdict).where(Verdict.id == verdict_id).options(selectinload(Verdict.claims))
            )
            if verdict is None:
                return None
            primary = next((c for c in verdict.claims if c.kind == "claim"), None)
            before = {
                "rating": verdict.rating,
                "claim": primary.text if primary else "",
                "summary": verdict.summary,
                "url": verdict.url,
                "lang": verdict.lang,
            }
            after = {**before, **{k: v for k, v in self._public(draft).items() if v is not None}}
            if after == before:
                return False, 0
            number = await session.scalar(
                select(func.max(VerdictRevision.number)).where(VerdictRevision.verdict_id == verdict.id)
            )
            if number is None:
                session.add(self._revision(verdict, before["claim"], 1, Actor(0, "import")))
                number = 1
            verdict.rating, verdict.summary, verdict.url, verdict.lang = (
                after["rating"],
                after["summary"],
                after["url"],
                after["lang"],
            )
            if primary is None:
                primary = Claim(lang=after["lang"], text=after["claim"], kind="claim")
                verdict.claims.insert(0, primary)
            if primary.text != after["claim"] or primary.lang != after["lang"]:
                primary.text, primary.lang = after["claim"], after["lang"]
                primary.vector = primary.vector_model = None
                if self.kb.embedder is not None:
                    [vector] = await self.kb.embed([primary.text])
                    primary.vector, primary.vector_model = vector_to_bytes(vector), self.kb.embedder.name
            verdict.updated_at = utcnow()
            if before["url"] != after["url"]:
                await sync_appearances(session, [verdict])
            session.add(self._revision(verdict, after["claim"], number + 1, actor))
            session.add(self._audit(actor, "correct", before, after, verdict_id=verdict.id))
            await session.commit()
            phrasings = [self._phrasing(verdict.id, c) for c in verdict.claims]
        self.kb.matcher.remove_verdict(verdict_id)
        await asyncio.to_thread(self.kb.matcher.add, phrasings)
        changed = any(before[k] != after[k] for k in ("rating", "claim", "summary"))
        if not changed:
            return True, 0
        return True, await self._send_corrections(bot, verdict_id, number + 1)

    # -- readers --

    async def notify_cluster(self, bot: Bot, tip_id: int, verdict_id: int) -> int:
        """Send the verdict to every reader who sent a tip of the cluster, once each, in their language."""
        async with self.kb.sessionmaker() as session:
            rows = (
                await session.execute(
                    select(Request.chat_id, Reader.language)
                    .join(Reader, Reader.id == Request.reader_id)
                    .where(Request.tip_id == tip_id)
                    .order_by(Request.id)
                )
            ).all()
            await session.execute(
                update(Request)
                .where(Request.tip_id == tip_id, Request.verdict_id.is_(None))
                .values(verdict_id=verdict_id)
            )
            await session.commit()
        targets = list({row.chat_id: Delivery(row.chat_id, row.language, tip_id) for row in rows}.values())
        return await self._deliver(bot, verdict_id, targets, "verdict", 0)

    async def recipients(self, verdict_id: int) -> list[Delivery]:
        """Readers who received a verdict: by matching, by their own choice, or from the desk."""
        async with self.kb.sessionmaker() as session:
            matched = (
                await session.execute(
                    select(Request.chat_id, Reader.language)
                    .join(Reader, Reader.id == Request.reader_id)
                    .where(
                        Request.verdict_id == verdict_id,
                        Request.decision.in_(("auto", "choose")),
                        Request.answered_at.is_not(None),
                    )
                )
            ).all()
            notified = (
                await session.execute(
                    select(Notice.chat_id, Reader.language)
                    .join(Reader, Reader.chat_id == Notice.chat_id)
                    .where(
                        Notice.verdict_id == verdict_id, Notice.kind == "verdict", Notice.sent_at.is_not(None)
                    )
                )
            ).all()
        return list(
            {row.chat_id: Delivery(row.chat_id, row.language) for row in [*matched, *notified]}.values()
        )

    async def _send_corrections(self, bot: Bot, verdict_id: int, revision: int) -> int:
        return await self._deliver(bot, verdict_id, await self.recipients(verdict_id), "correction", revision)

    async def _deliver(
        self, bot: Bot, verdict_id: int, targets: list[Delivery], kind: str, revision: int
    ) -> int:
        """Record a notice per reader (the unique key makes it once) and send it."""
        if not targets:
            return 0
        async with self.kb.sessionmaker() as session:
            done = set(
                (
                    await session.scalars(
                        select(Notice.chat_id).where(
                            Notice.verdict_id == verdict_id, Notice.kind == kind, Notice.revision == revision
                        )
                    )
                ).all()
            )
            if kind == "verdict":
                done |= {d.chat_id for d in await self.recipients(verdict_id)}
            fresh = [d for d in targets if d.chat_id not in done]
            notices = [
                Notice(
                    verdict_id=verdict_id,
                    chat_id=d.chat_id,
                    kind=kind,
                    revision=revision,
                    lang=d.lang,
                    tip_id=d.tip_id,
                )
                for d in fresh
            ]
            session.add_all(notices)
            await session.commit()
        verdict = (await self.kb.verdicts([verdict_id]))[verdict_id]
        sent = 0
        for notice in notices:
            t = self.locales[notice.lang]
            intro = (
                t("desk-notice-verdict", id=str(notice.tip_id))
                if kind == "verdict"
                else t("desk-notice-correction")
            )
            text = intro + "\n\n" + verdict_card(t, verdict, intro=False)
            if current_unit() is not None:
                with purpose(notice=notice.id):  # sent_at is recorded by the outbox once delivered
                    await bot.send_message(notice.chat_id, text)
                sent += 1
                continue
            try:
                await bot.send_message(notice.chat_id, text)
            except TelegramAPIError as error:
                log.warning(
                    "%s of verdict %s not delivered to chat %s: %s", kind, verdict_id, notice.chat_id, error
                )
                continue
            sent += 1
            async with self.kb.sessionmaker() as session:
                await session.execute(update(Notice).where(Notice.id == notice.id).values(sent_at=utcnow()))
                await session.commit()
        return sent

    # -- accountability --

    async def history(self, tip_id: int) -> list[AuditEntry]:
        """The tip's audit entries and those of the verdict it was answered with."""
        async with self.kb.sessionmaker() as session:
            tip = await session.get(Tip, tip_id)
            if tip is None:
                return []
            where = AuditEntry.tip_id == tip_id
            if tip.verdict_id:
                where = where | (AuditEntry.verdict_id == tip.verdict_id)
            return list(
                (await session.scalars(select(AuditEntry).where(where).order_by(AuditEntry.id))).all()
            )

    async def log_action(self, actor: Actor, action: str, before: dict, after: dict) -> None:
        async with self.kb.sessionmaker() as session:
            session.add(self._audit(actor, action, before, after))
            await session.commit()

    async def stats(self) -> Stats:
        async with self.kb.sessionmaker() as session:
            received = (
                await session.scalar(
                    select(func.count()).select_from(Request).where(Request.decision != "nothing")
                )
                or 0
            )
            auto = (
                await session.scalar(
                    select(func.count()).select_from(Request).where(Request.decision == "auto")
                )
                or 0
            )
            queue = dict(
                (
                    await session.execute(
                        select(Tip.lang, func.count())
                        .where(Tip.status == "queued")
                        .group_by(Tip.lang)
                        .order_by(Tip.lang)
                    )
                ).all()
            )
            spans = (
                await session.execute(
                    select(Tip.first_seen_at, Tip.resolved_at).where(
                        Tip.status == "answered", Tip.resolved_at.is_not(None)
                    )
                )
            ).all()
            notified = (
                await session.scalar(
                    select(func.count(func.distinct(Notice.chat_id))).where(
                        Notice.kind == "verdict", Notice.sent_at.is_not(None)
                    )
                )
                or 0
            )
            failed = await session.scalar(
                select(func.count())
                .select_from(InboxUpdate)
                .where(InboxUpdate.failed_at.is_not(None), InboxUpdate.handled_at.is_(None))
            )
            unknown = (await outbox_counts(session)).get("unknown", 0)
        minutes = [(_aware(r.resolved_at) - _aware(r.first_seen_at)).total_seconds() / 60 for r in spans]
        median = statistics.median(minutes) if minutes else None
        return Stats(received, auto, queue, median, notified, failed or 0, unknown)


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def describe_change(before: dict, after: dict) -> str:
    """`key: old → new` for the keys that changed."""
    parts = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old != new:
            parts.append(
                f"{key}: {shorten(str(old if old is not None else '—'), 60)} → "
                f"{shorten(str(new if new is not None else '—'), 60)}"
            )
    return "; ".join(parts)
