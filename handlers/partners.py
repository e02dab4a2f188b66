"""Editors, in a private chat or the checkers' chat: /partners shows the partner newsrooms (trust, last
sync, verdicts, errors) and its buttons change how far one is trusted; every change is audited."""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.filters import Command, or_f
from aiogram.types import CallbackQuery, Message

from bot.i18n import Translator
from bot.services.desk.audit import Actor
from bot.services.partners import Partners
from bot.telegram.callbacks import PartnerTrust
from bot.telegram.filters import CheckersChat, HasRole, describe
from bot.telegram.keyboards import partners_keyboard
from bot.telegram.views.partners import partners_text

log = logging.getLogger(__name__)


async def partners_command(message: Message, partners: Partners, t: Translator) -> None:
    views = await partners.overview()
    await message.answer(partners_text(t, views), reply_markup=partners_keyboard(t, views))


async def trust_chosen(
    query: CallbackQuery, callback_data: PartnerTrust, partners: Partners, t: Translator
) -> None:
    partner = next((p for p in await partners.overview() if p.id == callback_data.partner), None)
    if partner is None:
        await query.answer(t("partners-gone"), show_alert=True)
        return
    actor = Actor(query.from_user.id, query.from_user.full_name)
    await partners.set_trust(partner.name, callback_data.trust, actor)
    log.info("partner %s: trust %s by %s", partner.name, callback_data.trust, describe(query))
    await query.answer(
        t("partners-trust-changed", partner=partner.name, trust=t(f"trust-{callback_data.trust}"))
    )
    views = await partners.overview()
    if query.message is not None and partner.trust != callback_data.trust:
        await query.message.edit_text(partners_text(t, views), reply_markup=partners_keyboard(t, views))


def create_router() -> Router:
    router = Router(name="partners")
    router.message.filter(or_f(F.chat.type == "private", CheckersChat()))
    router.callback_query.filter(or_f(F.message.chat.type == "private", CheckersChat()))
    router.message.register(partners_command, Command("partners"), HasRole("editor"))
    router.callback_query.register(trust_chosen, PartnerTrust.filter(), HasRole("editor"))
    return router
