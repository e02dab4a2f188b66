"""Editors in a private chat: /broadcast of verdicts to the subscribed readers, with a preview in each
audience language, the audience counts, an explicit confirmation and a live progress message.

Every command and button checks the sender's role on the server side (`may_broadcast`); a button
pressed or crafted by anyone else changes nothing."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.i18n import Locales, Translator
from bot.services import broadcasts
from bot.services.broadcasts import MAX_VERDICTS, Counts, progress_text, render
from bot.services.knowledge_base import KnowledgeBase
from bot.services.roles import RANKS, Roles
from bot.settings import Settings
from bot.telegram.filters import describe
from knowledge.language import LANGUAGE_NAMES

log = logging.getLogger(__name__)


class BroadcastAction(CallbackData, prefix="bcast"):
    action: str  # send or cancel
    id: int


async def may_broadcast(
    user_id: int | None, kb: KnowledgeBase, settings: Settings, roles: Roles | None = None
) -> bool:
    """The server-side check for every broadcast command and button: editors and admins only
    (admins from TIPLINE_ADMIN_IDS, editors granted in the `roles` table, see bot/services/roles.py)."""
    roles = roles or Roles(kb.sessionmaker, settings.admin_ids)
    role = await roles.role_of(user_id)
    return role is not None and RANKS.get(role, 0) >= RANKS["editor"]


def fallback_language(settings: Settings) -> str:
    return settings.broadcast_language or settings.default_language


def create_router() -> Router:
    router = Router(name="editor")
    router.message.filter(F.chat.type == "private")
    router.callback_query.filter(F.message.chat.type == "private")

    @router.message(Command("broadcast"))
    async def broadcast(
        message: Message,
        command: CommandObject,
        t: Translator,
        kb: KnowledgeBase,
        settings: Settings,
        locales: Locales,
        roles: Roles | None = None,
    ) -> None:
        if not await may_broadcast(message.from_user and message.from_user.id, kb, settings, roles):
            log.warning("denied: %s", describe(message))
            await message.answer(t("broadcast-not-allowed"))
            return
        refs = list(dict.fromkeys((command.args or "").replace(",", " ").split()))
        if not refs or len(refs) > MAX_VERDICTS:
            await message.answer(t("broadcast-usage", max=MAX_VERDICTS))
            return
        verdicts, missing = await broadcasts.resolve_verdicts(kb.sessionmaker, refs)
        if missing:
            await message.answer(t("broadcast-not-found", refs=", ".join(missing)))
            return
        fallback = fallback_language(settings)
        audience = await broadcasts.audience(kb.sessionmaker, fallback)
        total = sum(audience.values())
        if not total:
            await message.answer(t("broadcast-no-audience"))
            return
        draft = await broadcasts.create_draft(kb.sessionmaker, message.from_user.id, [v.id for v in verdicts])
        for lang, count in audience.items():
            header = t("broadcast-preview", language=LANGUAGE_NAMES.get(lang, lang), count=count)
            preview = render(locales[lang], verdicts, fallback)
            if len(header) + 2 + len(preview) <= broadcasts.MESSAGE_LIMIT:
                await message.answer(f"{header}\n\n{preview}")
            else:
                await message.answer(header)
                await message.answer(preview)
        languages = ", ".join(f"{LANGUAGE_NAMES.get(lang, lang)} {count}" for lang, count in audience.items())
        keyboard = InlineKeyboardMarkup(
            inline_keyboard=[
                [
                    InlineKeyboardButton(
                        text=t("broadcast-send-button", total=total),
                        callback_data=BroadcastAction(action="send", id=draft.id).pack(),
                    ),
                    InlineKeyboardButton(
                        text=t("broadcast-cancel-button"),
                        callback_data=BroadcastAction(action="cancel", id=draft.id).pack(),
                    ),
                ]
            ]
        )
        await message.answer(
            t("broadcast-confirm", id=str(draft.id), total=total, languages=languages), reply_markup=keyboard
        )

    @router.callback_query(BroadcastAction.filter())
    async def decided(
        query: CallbackQuery,
        callback_data: BroadcastAction,
        t: Translator,
        kb: KnowledgeBase,
        settings: Settings,
        roles: Roles | None = None,
        broadcast_engine: Any = None,
    ) -> None:
        if not await may_broadcast(query.from_user.id, kb, settings, roles):
            log.warning("denied: %s", describe(query))
            await query.answer(t("broadcast-not-allowed"), show_alert=True)
            return
        [draft] = await broadcasts.broadcasts(kb.sessionmaker, callback_data.id) or [None]
        if draft is None or draft.status != "draft":
            await query.answer(t("broadcast-already-started", id=str(callback_data.id)), show_alert=True)
            return
        if callback_data.action == "cancel":
            await broadcasts.cancel(kb.sessionmaker, draft.id)
            await query.answer()
            await query.message.edit_text(t("broadcast-cancelled", id=str(draft.id)))
            return
        if callback_data.action != "send":
            await query.answer()
            return
        total = await broadcasts.start(
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
        await query.message.edit_text(
            progress_text(t, draft.id, Counts(total=total, pending=total), "sending" if total else "done")
        )
        if broadcast_engine is not None:
            broadcast_engine.wake()

    return router
