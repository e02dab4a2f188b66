"""Editors in a private chat: /broadcast of verdicts to the subscribed readers, with a preview in each
audience language, the audience counts, an explicit confirmation and a live progress message.

Every command and button checks the sender's role on the server side (`may_broadcast`); a button
pressed or crafted by anyone else changes nothing."""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message

from bot.i18n import Locales, Translator
from bot.services import broadcasts
from bot.services.broadcasts import MAX_VERDICTS, RecipientCounts, fallback_language
from bot.services.broadcasts.engine import BroadcastEngine
from bot.services.knowledge_base import KnowledgeBase
from bot.services.roles import RANKS, Roles
from bot.services.unit_of_work import Unit
from bot.settings import Settings
from bot.telegram.broadcast_view import MESSAGE_LIMIT, broadcast_text, progress_text
from bot.telegram.callbacks import BroadcastAction, BroadcastChoice
from bot.telegram.filters import describe
from bot.telegram.keyboards import broadcast_confirmation_keyboard
from knowledge.language import LANGUAGE_NAMES
from knowledge.statuses import BroadcastStatus

log = logging.getLogger(__name__)


async def may_broadcast(
    user_id: int | None, kb: KnowledgeBase, settings: Settings, roles: Roles | None = None
) -> bool:
    """The server-side check for every broadcast command and button: editors and admins only
    (admins from TIPLINE_ADMIN_IDS, editors granted in the `roles` table, see bot/services/roles.py)."""
    roles = roles or Roles(kb.sessionmaker, settings.admin_ids)
    role = await roles.role_of(user_id)
    return role is not None and RANKS.get(role, 0) >= RANKS["editor"]


async def preview(
    message: Message, t: Translator, locales: Locales, verdicts: list, audience: dict, fallback: str
) -> None:
    """The broadcast as each audience language will get it, the largest audience first."""
    for lang, count in audience.items():
        header = t("broadcast-preview", language=LANGUAGE_NAMES.get(lang, lang), count=count)
        text = broadcast_text(locales[lang], verdicts, fallback)
        if len(header) + 2 + len(text) <= MESSAGE_LIMIT:
            await message.answer(f"{header}\n\n{text}")
        else:
            await message.answer(header)
            await message.answer(text)


async def broadcast_command(
    message: Message,
    command: CommandObject,
    t: Translator,
    kb: KnowledgeBase,
    settings: Settings,
    locales: Locales,
    uow: Unit,
    roles: Roles | None = None,
) -> None:
    """/broadcast <verdicts>: a draft, its previews and the confirmation buttons."""
    if not await may_broadcast(message.from_user and message.from_user.id, kb, settings, roles):
        log.warning("denied: %s", describe(message))
        await message.answer(t("broadcast-not-allowed"))
        return
    refs = list(dict.fromkeys((command.args or "").replace(",", " ").split()))
    if not refs or len(refs) > MAX_VERDICTS:
        await message.answer(t("broadcast-usage", max=MAX_VERDICTS))
        return
    verdicts, missing = await broadcasts.resolve_verdicts(uow.session, refs)
    if missing:
        await message.answer(t("broadcast-not-found", refs=", ".join(missing)))
        return
    fallback = fallback_language(settings)
    audience = await broadcasts.audience(uow.session, fallback)
    total = sum(audience.values())
    if not total:
        await message.answer(t("broadcast-no-audience"))
        return
    draft = await broadcasts.create_draft(uow.session, message.from_user.id, [v.id for v in verdicts])
    await preview(message, t, locales, verdicts, audience, fallback)
    languages = ", ".join(f"{LANGUAGE_NAMES.get(lang, lang)} {count}" for lang, count in audience.items())
    await message.answer(
        t("broadcast-confirm", id=str(draft.id), total=total, languages=languages),
        reply_markup=broadcast_confirmation_keyboard(t, draft.id, total),
    )


async def broadcast_decided(
    query: CallbackQuery,
    callback_data: BroadcastAction,
    t: Translator,
    kb: KnowledgeBase,
    settings: Settings,
    uow: Unit,
    roles: Roles | None = None,
    broadcast_engine: BroadcastEngine | None = None,
) -> None:
    """The editor sends the draft (its progress then shows in the confirmation message) or cancels it."""
    if not await may_broadcast(query.from_user.id, kb, settings, roles):
        log.warning("denied: %s", describe(query))
        await query.answer(t("broadcast-not-allowed"), show_alert=True)
        return
    [draft] = await broadcasts.list_broadcasts(uow.session, callback_data.id) or [None]
    if draft is None or draft.status != BroadcastStatus.DRAFT:
        await query.answer(t("broadcast-already-started", id=str(callback_data.id)), show_alert=True)
        return
    if callback_data.action is BroadcastChoice.CANCEL:
        await broadcasts.cancel_broadcast(uow.session, draft.id)
        await query.answer()
        await query.message.edit_text(t("broadcast-cancelled", id=str(draft.id)))
        return
    total = await broadcasts.start_broadcast(
        kb.sessionmaker,
        draft.id,
        fallback_language(settings),
        progress_chat_id=query.message.chat.id,
        progress_message_id=query.message.message_id,
    )
    if total is None:
        await query.answer(t("broadcast-already-started", id=str(draft.id)), show_alert=True)
        return
    await query.answer()
    status = BroadcastStatus.SENDING if total else BroadcastStatus.DONE
    counts = RecipientCounts(total=total, pending=total)
    await query.message.edit_text(progress_text(t, draft.id, counts, status))
    if broadcast_engine is not None:
        broadcast_engine.wake()


def create_router() -> Router:
    router = Router(name="editor")
    router.message.filter(F.chat.type == "private")
    router.callback_query.filter(F.message.chat.type == "private")
    router.message.register(broadcast_command, Command("broadcast"))
    router.callback_query.register(broadcast_decided, BroadcastAction.filter())
    return router
