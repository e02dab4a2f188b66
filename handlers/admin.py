"""Staff commands in a private chat or the checkers' chat: /grant, /revoke, /roles, /stats."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, or_f
from aiogram.fsm.storage.base import BaseStorage, StorageKey
from aiogram.types import Message

from bot.i18n import Translator
from bot.services.desk.audit import Actor, AuditAction
from bot.services.roles import GRANTABLE, Roles
from bot.settings import Settings
from bot.telegram.desk import Desk
from bot.telegram.filters import CheckersChat, HasRole
from bot.telegram.views.desk import stats_text
from handlers.blocking import add_block_commands


def target_of(message: Message, command: CommandObject) -> tuple[int | None, list[str]]:
    """The user a command is about (the replied-to person, or the first argument) and the other arguments."""
    args = (command.args or "").split()
    replied = message.reply_to_message.from_user if message.reply_to_message else None
    if replied is not None and not replied.is_bot:
        return replied.id, args
    if args and args[0].lstrip("-").isdigit():
        return int(args[0]), args[1:]
    return None, args


async def end_desk_dialog(storage: BaseStorage, bot: Bot, settings: Settings, user_id: int) -> None:
    """Forget a dialog the user left open in the checkers' chat under a role revoked since."""
    if settings.checkers_chat_id is None:
        return
    key = StorageKey(bot_id=bot.id, chat_id=settings.checkers_chat_id, user_id=user_id)
    await storage.set_state(key, None)
    await storage.set_data(key, {})


async def grant_command(
    message: Message,
    command: CommandObject,
    roles: Roles,
    desk: Desk,
    t: Translator,
    fsm_storage: BaseStorage,
    bot: Bot,
    settings: Settings,
) -> None:
    user_id, rest = target_of(message, command)
    role = rest[0].lower() if rest else ""
    if user_id is None or role not in GRANTABLE:
        await message.answer(t("admin-usage"))
        return
    actor = Actor(message.from_user.id, message.from_user.full_name)
    before = await roles.grant(user_id, role, actor.id)
    if before is None:  # a new role starts with no dialog left over from a revoked one
        await end_desk_dialog(fsm_storage, bot, settings, user_id)
    await desk.log_action(
        actor, AuditAction.GRANT, {"user": user_id, "role": before}, {"user": user_id, "role": role}
    )
    await message.answer(t("admin-granted", user=str(user_id), role=t(f"role-{role}")))


async def revoke_command(
    message: Message, command: CommandObject, roles: Roles, desk: Desk, t: Translator
) -> None:
    user_id, _ = target_of(message, command)
    if user_id is None:
        await message.answer(t("admin-usage"))
        return
    before = await roles.revoke(user_id)
    if before is None:
        await message.answer(t("admin-no-role", user=str(user_id)))
        return
    actor = Actor(message.from_user.id, message.from_user.full_name)
    await desk.log_action(
        actor, AuditAction.REVOKE, {"user": user_id, "role": before}, {"user": user_id, "role": None}
    )
    await message.answer(t("admin-revoked", user=str(user_id), role=t(f"role-{before}")))


async def roles_command(message: Message, roles: Roles, settings: Settings, t: Translator) -> None:
    lines = [t("admin-roles-title")]
    lines += [f"{user_id} — {t('role-admin')}" for user_id in sorted(settings.admin_ids)]
    granted = await roles.all()
    lines += [f"{row.user_id} — {t(f'role-{row.role}')}" for row in granted]
    if not granted:
        lines.append(t("admin-roles-empty"))
    await message.answer("\n".join(lines))


async def stats_command(message: Message, desk: Desk, t: Translator) -> None:
    await message.answer(stats_text(t, await desk.stats()))


def create_router() -> Router:
    router = Router(name="admin")
    router.message.filter(or_f(F.chat.type == "private", CheckersChat()))
    router.message.register(grant_command, Command("grant"), HasRole("admin"))
    router.message.register(revoke_command, Command("revoke"), HasRole("admin"))
    router.message.register(roles_command, Command("roles"), HasRole("admin"))
    router.message.register(stats_command, Command("stats"), HasRole("editor"))
    add_block_commands(router)
    return router
