"""Desk buttons and commands that reached no handler: no role, or not in the checkers' chat."""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.filters import Command, StateFilter, or_f
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.i18n import Translator
from bot.telegram.callbacks import DeskAction, DraftAction, PartnerTrust
from bot.telegram.filters import CheckersChat, HasRole, describe
from handlers.checker.commands import DESK_COMMANDS
from handlers.checker.states import DESK_DIALOGS

log = logging.getLogger(__name__)


def create_denied_router() -> Router:
    router = Router(name="desk-denied")
    revoked = (CheckersChat(), StateFilter(*DESK_DIALOGS), ~HasRole("checker"))
    """A dialog its checker began before an admin revoked their role: ended at its next step."""

    @router.message(*revoked)
    async def dialog_of_a_revoked_checker(message: Message, state: FSMContext, t: Translator) -> None:
        log.warning("denied, dialog ended: %s", describe(message))
        await state.clear()
        await message.reply(t("desk-dialog-revoked"))

    @router.callback_query(*revoked, or_f(DeskAction.filter(), DraftAction.filter()))
    async def dialog_button_of_a_revoked_checker(
        query: CallbackQuery, state: FSMContext, t: Translator
    ) -> None:
        log.warning("denied, dialog ended: %s", describe(query))
        await state.clear()
        await query.answer(t("desk-dialog-revoked"), show_alert=True)

    @router.callback_query(or_f(DeskAction.filter(), DraftAction.filter(), PartnerTrust.filter()))
    async def denied_button(query: CallbackQuery, t: Translator) -> None:
        log.warning("denied: %s", describe(query))
        await query.answer(t("desk-denied"), show_alert=True)

    @router.message(CheckersChat(), Command(*DESK_COMMANDS, "stats", "grant", "revoke", "roles", "partners"))
    async def denied_command(message: Message, t: Translator) -> None:
        log.warning("denied: %s", describe(message))
        await message.reply(t("desk-denied"))

    return router
