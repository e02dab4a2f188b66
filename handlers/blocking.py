"""Admins block and unblock readers: /block R17 [reason], /block as a reply to a tip card, /unblock R17,
/blocked. Part of the admin router (private chat with the bot, or the checkers' chat).

Readers are named by their number (R17), the one the tip cards show: blocking needs no name, phone
or username, so checkers never learn who a reader is."""

from __future__ import annotations

import re

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot.i18n import Translator
from bot.services.desk.audit import Actor, AuditAction
from bot.services.limits import Safety, senders
from bot.services.unit_of_work import Unit
from bot.telegram.desk import Desk
from bot.telegram.filters import HasRole

READER_NUMBER = re.compile(r"^[Rr#№]?(\d{1,12})$")
BLOCK_COMMANDS = ("block", "unblock", "blocked")


def reader_label(number: int) -> str:
    return f"R{number}"


def parse_number(word: str) -> int | None:
    found = READER_NUMBER.match(word)
    return int(found.group(1)) if found else None


async def target_readers(
    message: Message, command: CommandObject, desk: Desk, uow: Unit
) -> tuple[list[int], str | None]:
    """Reader numbers named by the command (its first argument, or the tip card it replies to) and
    the reason (the rest of the arguments)."""
    args = (command.args or "").split(maxsplit=1)
    if args and (number := parse_number(args[0])) is not None:
        return [number], (args[1][:200] if len(args) > 1 else None)
    reason = (command.args or "").strip()[:200] or None
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.is_bot:
        tip = await desk.tip_by_card(replied.message_id)
        if tip is not None:
            return [r.id for r in await senders(uow.session, tip.id)], reason
    return [], reason


async def block_command(
    message: Message, command: CommandObject, safety: Safety, desk: Desk, uow: Unit, t: Translator
) -> None:
    numbers, reason = await target_readers(message, command, desk, uow)
    if len(numbers) > 1:
        await message.answer(t("block-several", readers=", ".join(map(reader_label, numbers))))
        return
    if not numbers:
        await message.answer(t("block-usage"))
        return
    reader = await safety.blocks.reader(numbers[0])
    if reader is None:
        await message.answer(t("block-unknown", reader=reader_label(numbers[0])))
        return
    actor = Actor(message.from_user.id, message.from_user.full_name)
    if not await safety.blocks.block(reader, actor.id, reason):
        await message.answer(t("block-already", reader=reader_label(reader.id)))
        return
    await desk.log_action(
        actor,
        AuditAction.BLOCK,
        {"reader": reader.id, "blocked": False},
        {"reader": reader.id, "blocked": True, "reason": reason},
    )
    await message.answer(t("block-done", reader=reader_label(reader.id)))


async def unblock_command(
    message: Message, command: CommandObject, safety: Safety, desk: Desk, uow: Unit, t: Translator
) -> None:
    numbers, _ = await target_readers(message, command, desk, uow)
    if len(numbers) != 1:
        await message.answer(t("block-usage"))
        return
    label = reader_label(numbers[0])
    if not await safety.blocks.unblock(numbers[0]):
        await message.answer(t("unblock-not-blocked", reader=label))
        return
    actor = Actor(message.from_user.id, message.from_user.full_name)
    await desk.log_action(
        actor,
        AuditAction.UNBLOCK,
        {"reader": numbers[0], "blocked": True},
        {"reader": numbers[0], "blocked": False},
    )
    await message.answer(t("unblock-done", reader=label))


async def blocked_command(message: Message, safety: Safety, t: Translator) -> None:
    rows = await safety.blocks.all()
    lines = [t("blocked-title") if rows else t("blocked-empty")]
    for row in rows:
        when = row.created_at.strftime("%Y-%m-%d")
        lines.append(
            t("blocked-line", reader=reader_label(row.reader_number), date=when, reason=row.reason or "—")
        )
    await message.answer("\n".join(lines))


async def block_denied(message: Message, t: Translator) -> None:
    await message.reply(t("block-denied"))


def add_block_commands(router: Router) -> None:
    """Registers /block, /unblock and /blocked on the admin router, and the refusal for non-admins."""
    router.message.register(block_command, Command("block"), HasRole("admin"))
    router.message.register(unblock_command, Command("unblock"), HasRole("admin"))
    router.message.register(blocked_command, Command("blocked"), HasRole("admin"))
    router.message.register(block_denied, Command(*BLOCK_COMMANDS))
