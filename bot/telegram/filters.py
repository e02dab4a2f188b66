"""aiogram filters of the staff's routers: the sender's role (bot/services/roles.py), the checkers' chat."""

from __future__ import annotations

from typing import Any

from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message, TelegramObject, User

from bot.services.roles import RANKS, Roles


class HasRole(Filter):
    """Passes when the sender holds `minimum` or a higher role, and gives handlers `role`."""

    def __init__(self, minimum: str):
        self.minimum = minimum

    async def __call__(
        self, event: TelegramObject, roles: Roles, event_from_user: User | None = None, **_: Any
    ) -> bool | dict[str, Any]:
        role = await roles.role_of(event_from_user.id if event_from_user else None)
        if role is not None and RANKS[role] >= RANKS[self.minimum]:
            return {"role": role}
        return False


class CheckersChat(Filter):
    """Passes for messages and button presses in the checkers' chat (TIPLINE_CHECKERS_CHAT_ID)."""

    async def __call__(self, event: TelegramObject, settings: Any, event_chat: Any = None, **_: Any) -> bool:
        return (
            event_chat is not None
            and settings.checkers_chat_id is not None
            and (event_chat.id == settings.checkers_chat_id)
        )


def describe(event: Message | CallbackQuery) -> str:
    """For the log: who tried what, where (a command or a button the filters refused)."""
    user = event.from_user
    if isinstance(event, CallbackQuery):
        chat = event.message.chat.id if event.message else None
        return f"callback {event.data!r} from user {user.id if user else None} in chat {chat}"
    return (
        f"command {(event.text or '')[:60]!r} from user {user.id if user else None} in chat {event.chat.id}"
    )
