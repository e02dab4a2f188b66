"""A button press that no router takes (a button of an older version, crafted callback data) gets one
localised line, and changes nothing else."""

from __future__ import annotations

import pytest
from aiogram.methods import AnswerCallbackQuery
from sqlalchemy import func, select

from bot.db.models import AuditEntry, Reader, Tip
from bot.i18n import Locales
from bot.services.roles import Roles

CHECKERS = -100500
CHECKER = 501
ADMIN = 1
READER = 7001
locales = Locales()

STALE = [
    "desk:bogus:1:0",  # an action this version does not know
    "desk:take:notanumber:0",
    "draft:nope:",
    "pick:abc",
    "bcast:nuke:1",
    "zzz",  # no prefix of this bot's at all
    "",
]


async def counts(services) -> tuple[int, int, int]:
    async with services.sessionmaker() as session:
        return tuple(
            [
                await session.scalar(select(func.count()).select_from(table))
                for table in (Tip, Reader, AuditEntry)
            ]
        )


@pytest.mark.parametrize("data", STALE)
@pytest.mark.parametrize("chat", [READER, CHECKERS])
async def test_a_button_no_handler_takes_is_answered_in_one_line(
    dp, bot, updates, settings, services, data, chat
):
    """A reader in their language (Kazakh here); a checker in the desk's language."""
    await Roles(services.sessionmaker, frozenset({ADMIN})).grant(CHECKER, "checker", ADMIN)
    await dp.feed_update(bot, updates.command(READER, "/start", language_code="kk"))
    bot.clear()
    before = await counts(services)
    user_id, lang = (READER, "kk") if chat == READER else (CHECKER, settings.desk_language)
    user = updates.factory.make_user(user_id, language_code="kk")
    await dp.feed_update(bot, updates.callback(chat, data, 1, user=user))
    [answer] = bot.requests
    assert isinstance(answer, AnswerCallbackQuery)
    assert answer.text == locales[lang]("button-stale")
    assert bot.sent == [] and bot.edited == []
    assert await counts(services) == before
