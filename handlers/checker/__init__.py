"""The checkers' chat (granted roles): card buttons, /queue, /history, /sources, /correct and the
verdict dialog, one router whose filters hold for all of them; and the refusals for everyone else."""

from __future__ import annotations

from aiogram import Router

from bot.telegram.filters import CheckersChat, HasRole
from handlers.checker import commands, dialog, triage
from handlers.checker.denied import create_denied_router

__all__ = ["create_denied_router", "create_router"]


def create_router() -> Router:
    router = Router(name="checker")
    router.message.filter(CheckersChat(), HasRole("checker"))
    router.callback_query.filter(CheckersChat(), HasRole("checker"))
    router.include_routers(commands.router(), triage.router(), dialog.router())
    return router
