"""Group chats other than the checkers' chat: the bot speaks only when asked.

It answers `/check` (as a reply to a message, or `/check text`) and messages that mention it
(`@bot text`, or a reply that mentions it: the replied message is checked). It answers with a verdict
card only for a near-exact match (`TIPLINE_GROUP_THRESHOLD`, stricter than private chats), otherwise
with a short "no published verdict; forward it to me privately". Nothing said in a group is stored as a
tip, and ordinary group messages get no answer at all.
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, Filter
from aiogram.types import Message

from bot.i18n import Translator
from bot.services.knowledge_base import KnowledgeBase
from bot.settings import Settings
from bot.telegram.filters import CheckersChat
from bot.telegram.safety import SafetyMiddleware
from bot.telegram.texts import verdict_card
from knowledge.normalise import has_letters
from knowledge.statuses import Action

MAX_CHECK_CHARS = 4096


def message_text(message: Message | None) -> str:
    if message is None:
        return ""
    return message.text or message.caption or ""


class MentionsBot(Filter):
    """Passes for a message that mentions the bot (@username, or a mention of its user) and gives the
    handler `question`: the message it replies to ("@bot is this true?"), else the message without
    the mention."""

    async def __call__(self, message: Message, bot: Bot, **_: Any) -> bool | dict[str, Any]:
        text = message_text(message)
        entities = message.entities if message.text else message.caption_entities
        if not text or not entities:
            return False
        me = await bot.me()
        username = f"@{me.username}".lower() if me.username else None
        mentions = [
            e
            for e in entities
            if (e.type == "mention" and username and e.extract_from(text).lower() == username)
            or (e.type == "text_mention" and e.user is not None and e.user.id == me.id)
        ]
        if not mentions:
            return False
        rest = text
        for entity in mentions:
            rest = rest.replace(entity.extract_from(text), " ")
        rest = " ".join(rest.split())
        replied = message_text(message.reply_to_message)
        return {"question": replied if has_letters(replied) else rest}


async def check_in_group(
    message: Message, text: str, t: Translator, kb: KnowledgeBase, settings: Settings, bot: Bot
) -> None:
    if not has_letters(text):
        await message.reply(t("group-check-usage"))
        return
    _, decision = await kb.assess(text[:MAX_CHECK_CHARS])
    best = decision.matches[0] if decision.matches else None
    if decision.action == Action.AUTO and best is not None and best.score >= settings.group_threshold:
        verdicts = await kb.verdicts([best.verdict_id])
        if best.verdict_id in verdicts:
            await message.reply(verdict_card(t, verdicts[best.verdict_id]))
            return
    me = await bot.me()
    await message.reply(t("group-no-verdict", bot=me.username or ""))


def create_router() -> Router:
    router = Router(name="group")
    router.message.filter(F.chat.type.in_({"group", "supergroup"}), ~CheckersChat())
    router.message.middleware(SafetyMiddleware(notify=False))

    @router.message(Command("check"))
    async def check(
        message: Message,
        command: CommandObject,
        t: Translator,
        kb: KnowledgeBase,
        settings: Settings,
        bot: Bot,
    ) -> None:
        text = message_text(message.reply_to_message) or (command.args or "")
        await check_in_group(message, text, t, kb, settings, bot)

    @router.message(MentionsBot())
    async def mentioned(
        message: Message, question: str, t: Translator, kb: KnowledgeBase, settings: Settings, bot: Bot
    ) -> None:
        await check_in_group(message, question, t, kb, settings, bot)

    return router
