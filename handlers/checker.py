"""The checkers' chat: card buttons, /queue, /history, /correct and the verdict dialog (granted roles)."""

from __future__ import annotations

import html
import logging

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, StateFilter, or_f
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    User,
)

from bot.db.models import Verdict
from bot.i18n import Translator
from bot.services.desk import (
    REJECT_REASONS,
    Actor,
    Desk,
    DeskAction,
    DraftAction,
    button,
    describe_change,
    draft_preview,
    valid_url,
    when,
)
from bot.services.knowledge_base import KnowledgeBase
from bot.services.roles import CheckersChat, HasRole, describe
from bot.services.signals import Source, sources
from bot.telegram.texts import rating_label, shorten
from knowledge.language import LANGUAGE_NAMES, detect_language
from knowledge.normalise import has_letters
from knowledge.verdicts import LANGUAGES, RATINGS

log = logging.getLogger(__name__)

MAX_CLAIM = 1000
MAX_SUMMARY = 3000
DESK_COMMANDS = ("queue", "history", "correct", "cancel", "sources")


class LinkSearch(StatesGroup):
    query = State()


class Draft(StatesGroup):
    rating = State()
    claim = State()
    summary = State()
    url = State()
    lang = State()
    confirm = State()


DESK_DIALOGS = (Draft, LinkSearch)
"""Dialogs in the checkers' chat; each step is checked against the role, like the step that began it."""


def actor_of(user: User) -> Actor:
    return Actor(user.id, user.full_name)


def keyboard(*rows: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[list(row) for row in rows if row])


def results_keyboard(t: Translator, tip_id: int, verdicts: list[Verdict]) -> InlineKeyboardMarkup:
    rows = [
        [
            button(
                shorten(f"#{v.id} {rating_label(t, v.rating)}: {v.claim_in(t.lang)}", 60),
                DeskAction(action="pick", tip=tip_id, arg=v.id),
            )
        ]
        for v in verdicts
    ]
    return keyboard(*rows, [button(t("desk-button-cancel"), DeskAction(action="cancel", tip=tip_id))])


def rating_keyboard(t: Translator) -> InlineKeyboardMarkup:
    buttons = [button(rating_label(t, r), DraftAction(field="rating", value=r)) for r in RATINGS]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    return keyboard(*rows, [button(t("desk-button-cancel"), DraftAction(field="cancel"))])


def language_keyboard(t: Translator, detected: str) -> InlineKeyboardMarkup:
    others = [
        button(LANGUAGE_NAMES.get(code, code), DraftAction(field="lang", value=code))
        for code in LANGUAGES
        if code != detected
    ]
    first = [
        button(f"✅ {LANGUAGE_NAMES.get(detected, detected)}", DraftAction(field="lang", value=detected))
    ]
    rows = [others[i : i + 3] for i in range(0, len(others), 3)]
    return keyboard(first, *rows, [button(t("desk-button-cancel"), DraftAction(field="cancel"))])


def text_step_keyboard(t: Translator, data: dict, field: str) -> InlineKeyboardMarkup:
    """Cancel, and Keep when a correction has a current value for `field`."""
    row = [button(t("desk-button-cancel"), DraftAction(field="cancel"))]
    if data.get("verdict") and data.get(field):
        row.insert(0, button(t("desk-button-keep"), DraftAction(field="keep")))
    return keyboard(row)


def detected_language(data: dict) -> str:
    lang = detect_language(data.get("claim", ""), hint=data.get("detected"))
    if lang in LANGUAGES:
        return lang
    return data.get("detected") if data.get("detected") in LANGUAGES else "en"


async def ask_next(message: Message, state: FSMContext, t: Translator) -> None:
    """Move the dialog one step on from the current state and ask for it."""
    data = await state.get_data()
    current = await state.get_state()
    order = [Draft.rating, Draft.claim, Draft.summary, Draft.url, Draft.lang, Draft.confirm]
    step = order[[s.state for s in order].index(current) + 1]
    await state.set_state(step)
    if step == Draft.claim:
        await message.answer(t("desk-draft-claim"), reply_markup=text_step_keyboard(t, data, "claim"))
    elif step == Draft.summary:
        await message.answer(t("desk-draft-summary"), reply_markup=text_step_keyboard(t, data, "summary"))
    elif step == Draft.url:
        await message.answer(t("desk-draft-url"), reply_markup=text_step_keyboard(t, data, "url"))
    elif step == Draft.lang:
        detected = detected_language(data)
        await message.answer(t("desk-draft-lang", lang=detected), reply_markup=language_keyboard(t, detected))
    else:
        await message.answer(
            t("desk-draft-confirm") + "\n\n" + draft_preview(t, data),
            reply_markup=keyboard(
                [
                    button(t("desk-button-publish"), DraftAction(field="publish")),
                    button(t("desk-button-cancel"), DraftAction(field="cancel")),
                ]
            ),
        )


async def history_text(desk: Desk, t: Translator, tip_id: int) -> str:
    entries = await desk.history(tip_id)
    if not entries:
        return t("desk-history-empty", id=str(tip_id))
    lines = [t("desk-history-title", id=str(tip_id))]
    for entry in entries:
        change = describe_change(entry.before or {}, entry.after or {})
        line = (
            f"{when(entry.created_at)} · {html.escape(entry.actor_name)} ({entry.actor_id}) · "
            f"{t('desk-action', action=entry.action)}"
        )
        lines.append(line + (f": {html.escape(change)}" if change else ""))
    while len(lines) > 2 and len("\n".join(lines)) > 4000:
        del lines[1]
    return "\n".join(lines)


def source_lines(t: Translator, found: list[Source]) -> list[str]:
    """One line per channel, its title escaped and linked when it is public."""
    lines = []
    for source in found:
        title = html.escape(shorten(source.title or str(source.chat_id), 80))
        if source.username:
            title = f'<a href="https://t.me/{html.escape(source.username)}">{title}</a>'
        lines.append(f"• {title} — {t('desk-sources-posts', count=source.posts)}")
    return lines


async def sources_text(desk: Desk, t: Translator, argument: str, reply_tip: int | None) -> str:
    """`/sources 12`: verdict 12; `/sources #17` or a reply to a card: tip 17's cluster; alone: the open
    tips with channels behind them."""
    argument = argument.strip()
    sessionmaker = desk.kb.sessionmaker
    if argument.isdigit():
        verdict_id = int(argument)
        if not await desk.kb.verdicts([verdict_id]):
            return t("desk-unknown-verdict", verdict=argument)
        found = await sources(sessionmaker, verdict_id=verdict_id)
        lines = [t("desk-sources-verdict", verdict=argument), *source_lines(t, found)]
        return "\n".join(lines if found else [*lines, t("desk-sources-none")])
    if argument.startswith("#") and argument[1:].isdigit():
        reply_tip = int(argument[1:])
    elif argument:
        return t("desk-sources-usage")
    if reply_tip is not None:
        if await desk.tip(reply_tip) is None:
            return t("desk-unknown-tip", id=str(reply_tip))
        found = await sources(sessionmaker, tip_id=reply_tip)
        lines = [t("desk-sources-tip", id=str(reply_tip)), *source_lines(t, found)]
        return "\n".join(lines if found else [*lines, t("desk-sources-none")])
    lines = [t("desk-sources-open")]
    for tip in await desk.queue():
        found = await sources(sessionmaker, tip_id=tip.id)
        if found:
            text = tip.text if has_letters(tip.text) else (tip.payload or {}).get("media", "")
            lines.append(f"<b>#{tip.id}</b> {html.escape(shorten(text, 60))}")
            lines.extend(source_lines(t, found))
    if len(lines) == 1:
        lines.append(t("desk-sources-none"))
    while len(lines) > 2 and len("\n".join(lines)) > 4000:
        lines.pop()
    return "\n".join(lines)


async def start_draft(message: Message, state: FSMContext, t: Translator, data: dict) -> None:
    await state.set_state(Draft.rating)
    await state.set_data(data)
    if data.get("verdict"):
        text = t(
            "desk-draft-correct", verdict=str(data["verdict"]), rating=rating_label(t, data.get("rating"))
        )
    else:
        text = t("desk-draft-rating", id=str(data["tip"]))
    await message.answer(text, reply_markup=rating_keyboard(t))


def create_router() -> Router:
    router = Router(name="checker")
    router.message.filter(CheckersChat(), HasRole("checker"))
    router.callback_query.filter(CheckersChat(), HasRole("checker"))

    # -- commands --

    @router.message(Command("cancel"))
    async def cancel(message: Message, state: FSMContext, t: Translator) -> None:
        await state.clear()
        await message.answer(t("desk-cancelled"))

    @router.message(Command("queue"))
    async def queue(message: Message, command: CommandObject, desk: Desk, t: Translator) -> None:
        """Open clusters by demand and recency, `/queue ru` for one language."""
        lang = (command.args or "").strip().lower() or None
        tips = await desk.queue(lang)
        if not tips:
            await message.answer(t("desk-queue-empty"))
            return
        lines = [t("desk-queue-title")]
        for tip in tips:
            text = tip.text if has_letters(tip.text) else (tip.payload or {}).get("media", "")
            lines.append(
                t("desk-queue-line", id=str(tip.id), demand=tip.demand, lang=tip.lang, text=shorten(text, 80))
            )
        buttons = [
            button(t("desk-button-open", id=str(tip.id)), DeskAction(action="open", tip=tip.id))
            for tip in tips
        ]
        await message.answer(
            "\n".join(lines), reply_markup=keyboard(*[buttons[i : i + 3] for i in range(0, len(buttons), 3)])
        )

    @router.message(Command("history"))
    async def history(message: Message, command: CommandObject, desk: Desk, t: Translator) -> None:
        """The audit log of a tip: reply to its card, or give its number."""
        argument = (command.args or "").strip().lstrip("#")
        tip_id = int(argument) if argument.isdigit() else None
        if tip_id is None and message.reply_to_message is not None:
            tip = await desk.tip_by_card(message.reply_to_message.message_id)
            tip_id = tip.id if tip else None
        if tip_id is None:
            await message.answer(t("desk-history-usage"))
            return
        if await desk.tip(tip_id) is None:
            await message.answer(t("desk-unknown-tip", id=str(tip_id)))
            return
        await message.answer(await history_text(desk, t, tip_id))

    @router.message(Command("sources"))
    async def sources_command(message: Message, command: CommandObject, desk: Desk, t: Translator) -> None:
        """The channels that spread a verdict or a cluster, with how many forwards each."""
        reply_tip = None
        if message.reply_to_message is not None:
            tip = await desk.tip_by_card(message.reply_to_message.message_id)
            reply_tip = tip.id if tip else None
        await message.answer(
            await sources_text(desk, t, command.args or "", reply_tip),
            link_preview_options=LinkPreviewOptions(is_disabled=True),
        )

    @router.message(Command("correct"))
    async def correct(
        message: Message, command: CommandObject, desk: Desk, state: FSMContext, t: Translator
    ) -> None:
        argument = (command.args or "").strip().lstrip("#")
        if not argument.isdigit():
            await message.answer(t("desk-correct-usage"))
            return
        current = await desk.current(int(argument))
        if current is None:
            await message.answer(t("desk-unknown-verdict", verdict=argument))
            return
        await start_draft(
            message, state, t, {"tip": 0, "verdict": int(argument), "detected": current["lang"], **current}
        )

    # -- card buttons --

    @router.callback_query(DeskAction.filter(F.action == "open"))
    async def open_card(query: CallbackQuery, callback_data: DeskAction, desk: Desk, bot: Bot) -> None:
        await query.answer()
        await desk.show(bot, callback_data.tip, repost=True)

    @router.callback_query(DeskAction.filter(F.action == "take"))
    async def take(
        query: CallbackQuery, callback_data: DeskAction, desk: Desk, bot: Bot, t: Translator
    ) -> None:
        taken = await desk.take(callback_data.tip, actor_of(query.from_user))
        await query.answer(t("desk-taken" if taken else "desk-not-open", id=str(callback_data.tip)))
        await desk.show(bot, callback_data.tip)

    @router.callback_query(DeskAction.filter(F.action == "history"))
    async def history_button(
        query: CallbackQuery, callback_data: DeskAction, desk: Desk, t: Translator
    ) -> None:
        await query.answer()
        await query.message.answer(await history_text(desk, t, callback_data.tip))

    @router.callback_query(DeskAction.filter(F.action == "link"))
    async def link(
        query: CallbackQuery,
        callback_data: DeskAction,
        desk: Desk,
        kb: KnowledgeBase,
        state: FSMContext,
        t: Translator,
    ) -> None:
        """Search the knowledge base right here: the nearest verdicts now, more for any words sent next."""
        tip = await desk.tip(callback_data.tip)
        if tip is None or tip.status != "queued":
            await query.answer(t("desk-not-open", id=str(callback_data.tip)), show_alert=True)
            return
        await state.set_state(LinkSearch.query)
        await state.set_data({"tip": tip.id})
        matches = await kb.search(tip.text, 5) if has_letters(tip.text) else []
        found = await kb.verdicts([m.verdict_id for m in matches])
        await query.answer()
        await query.message.answer(
            t("desk-link-prompt", id=str(tip.id)),
            reply_markup=results_keyboard(
                t, tip.id, [found[m.verdict_id] for m in matches if m.verdict_id in found]
            ),
        )

    @router.message(LinkSearch.query, F.text, ~F.text.startswith("/"))
    async def link_search(message: Message, state: FSMContext, kb: KnowledgeBase, t: Translator) -> None:
        tip_id = (await state.get_data()).get("tip", 0)
        matches = await kb.search(message.text, 5)
        found = await kb.verdicts([m.verdict_id for m in matches])
        verdicts = [found[m.verdict_id] for m in matches if m.verdict_id in found]
        if not verdicts:
            await message.answer(t("desk-link-nothing"))
            return
        await message.answer(
            t("desk-link-results", id=str(tip_id)), reply_markup=results_keyboard(t, tip_id, verdicts)
        )

    @router.callback_query(DeskAction.filter(F.action == "pick"))
    async def pick(
        query: CallbackQuery, callback_data: DeskAction, desk: Desk, kb: KnowledgeBase, t: Translator
    ) -> None:
        tip = await desk.tip(callback_data.tip)
        verdict = (await kb.verdicts([callback_data.arg])).get(callback_data.arg)
        if tip is None or verdict is None or tip.status != "queued":
            await query.answer(t("desk-not-open", id=str(callback_data.tip)), show_alert=True)
            return
        await query.answer()
        await query.message.edit_text(
            t(
                "desk-link-confirm",
                id=str(tip.id),
                verdict=str(verdict.id),
                claim=shorten(verdict.claim_in(t.lang), 300),
                readers=tip.demand,
            ),
            reply_markup=keyboard(
                [
                    button(t("desk-button-confirm"), DeskAction(action="linkok", tip=tip.id, arg=verdict.id)),
                    button(t("desk-button-cancel"), DeskAction(action="cancel", tip=tip.id)),
                ]
            ),
        )

    @router.callback_query(DeskAction.filter(F.action == "linkok"))
    async def link_confirmed(
        query: CallbackQuery,
        callback_data: DeskAction,
        desk: Desk,
        bot: Bot,
        state: FSMContext,
        t: Translator,
    ) -> None:
        notified = await desk.link(bot, callback_data.tip, callback_data.arg, actor_of(query.from_user))
        await query.answer()
        if notified is None:
            await query.message.edit_text(t("desk-not-open", id=str(callback_data.tip)))
            return
        if await state.get_state() == LinkSearch.query.state:
            await state.clear()
        await query.message.edit_text(
            t(
                "desk-linked",
                id=str(callback_data.tip),
                verdict=str(callback_data.arg),
                notified=str(notified),
            )
        )
        await desk.show(bot, callback_data.tip)

    @router.callback_query(DeskAction.filter(F.action == "reject"))
    async def reject(query: CallbackQuery, callback_data: DeskAction, desk: Desk, t: Translator) -> None:
        tip = await desk.tip(callback_data.tip)
        if tip is None or tip.status != "queued":
            await query.answer(t("desk-not-open", id=str(callback_data.tip)), show_alert=True)
            return
        reasons = [
            button(t(f"desk-reason-{reason}"), DeskAction(action="rej", tip=tip.id, arg=i))
            for i, reason in enumerate(REJECT_REASONS)
        ]
        await query.answer()
        await query.message.answer(
            t("desk-reject-ask", id=str(tip.id)),
            reply_markup=keyboard(
                reasons, [button(t("desk-button-cancel"), DeskAction(action="cancel", tip=tip.id))]
            ),
        )

    @router.callback_query(DeskAction.filter(F.action == "rej"))
    async def reject_reason(query: CallbackQuery, callback_data: DeskAction, t: Translator) -> None:
        if not 0 <= callback_data.arg < len(REJECT_REASONS):
            await query.answer()
            return
        reason = t(f"desk-reason-{REJECT_REASONS[callback_data.arg]}")
        await query.answer()
        await query.message.edit_text(
            t("desk-reject-confirm", id=str(callback_data.tip), reason=reason),
            reply_markup=keyboard(
                [
                    button(
                        t("desk-button-confirm"),
                        DeskAction(action="rejok", tip=callback_data.tip, arg=callback_data.arg),
                    ),
                    button(t("desk-button-cancel"), DeskAction(action="cancel", tip=callback_data.tip)),
                ]
            ),
        )

    @router.callback_query(DeskAction.filter(F.action == "rejok"))
    async def reject_confirmed(
        query: CallbackQuery, callback_data: DeskAction, desk: Desk, bot: Bot, t: Translator
    ) -> None:
        reason = REJECT_REASONS[callback_data.arg] if 0 <= callback_data.arg < len(REJECT_REASONS) else ""
        done = await desk.reject(callback_data.tip, reason, actor_of(query.from_user))
        await query.answer()
        if not done:
            await query.message.edit_text(t("desk-not-open", id=str(callback_data.tip)))
            return
        await query.message.edit_text(
            t("desk-rejected", id=str(callback_data.tip), reason=t(f"desk-reason-{reason}"))
        )
        await desk.show(bot, callback_data.tip)

    @router.callback_query(DeskAction.filter(F.action == "cancel"))
    async def cancel_button(query: CallbackQuery, state: FSMContext, t: Translator) -> None:
        if await state.get_state() == LinkSearch.query.state:
            await state.clear()
        await query.answer()
        await query.message.edit_text(t("desk-cancelled"))

    @router.callback_query(DeskAction.filter(F.action == "new"))
    async def new_verdict(
        query: CallbackQuery, callback_data: DeskAction, desk: Desk, state: FSMContext, t: Translator
    ) -> None:
        tip = await desk.tip(callback_data.tip)
        if tip is None or tip.status != "queued":
            await query.answer(t("desk-not-open", id=str(callback_data.tip)), show_alert=True)
            return
        await query.answer()
        await start_draft(query.message, state, t, {"tip": tip.id, "verdict": 0, "detected": tip.lang})

    @router.callback_query(DeskAction.filter(F.action == "correct"))
    async def correct_button(
        query: CallbackQuery, callback_data: DeskAction, desk: Desk, state: FSMContext, t: Translator
    ) -> None:
        current = await desk.current(callback_data.arg)
        if current is None:
            await query.answer(t("desk-unknown-verdict", verdict=str(callback_data.arg)), show_alert=True)
            return
        await query.answer()
        data = {
            "tip": callback_data.tip,
            "verdict": callback_data.arg,
            "detected": current["lang"],
            **current,
        }
        await start_draft(query.message, state, t, data)

    # -- the verdict dialog --

    @router.callback_query(Draft.rating, DraftAction.filter(F.field == "rating"))
    async def rating_chosen(
        query: CallbackQuery, callback_data: DraftAction, state: FSMContext, t: Translator
    ) -> None:
        if callback_data.value not in RATINGS:
            await query.answer(t("desk-draft-buttons-only"))
            return
        await state.update_data(rating=callback_data.value)
        await query.answer()
        await query.message.edit_text(
            f"{query.message.html_text}\n<b>{rating_label(t, callback_data.value)}</b>"
        )
        await ask_next(query.message, state, t)

    @router.message(Draft.claim, F.text, ~F.text.startswith("/"))
    async def claim_written(message: Message, state: FSMContext, t: Translator) -> None:
        await state.update_data(claim=message.text.strip()[:MAX_CLAIM])
        await ask_next(message, state, t)

    @router.message(Draft.summary, F.text, ~F.text.startswith("/"))
    async def summary_written(message: Message, state: FSMContext, t: Translator) -> None:
        await state.update_data(summary=message.text.strip()[:MAX_SUMMARY])
        await ask_next(message, state, t)

    @router.message(Draft.url, F.text, ~F.text.startswith("/"))
    async def url_written(message: Message, state: FSMContext, t: Translator) -> None:
        if not valid_url(message.text):
            await message.answer(t("desk-draft-bad-url"))
            return
        await state.update_data(url=message.text.strip())
        await ask_next(message, state, t)

    @router.callback_query(or_f(Draft.claim, Draft.summary, Draft.url), DraftAction.filter(F.field == "keep"))
    async def keep(query: CallbackQuery, state: FSMContext, t: Translator) -> None:
        data = await state.get_data()
        field = (await state.get_state()).split(":")[-1]
        if not data.get("verdict") or not data.get(field):
            await query.answer(t("desk-draft-buttons-only"))
            return
        await query.answer()
        await query.message.edit_reply_markup(reply_markup=None)
        await ask_next(query.message, state, t)

    @router.callback_query(Draft.lang, DraftAction.filter(F.field == "lang"))
    async def language_chosen(
        query: CallbackQuery, callback_data: DraftAction, state: FSMContext, t: Translator
    ) -> None:
        if callback_data.value not in LANGUAGES:
            await query.answer(t("desk-draft-buttons-only"))
            return
        await state.update_data(lang=callback_data.value)
        await query.answer()
        await query.message.edit_text(
            f"{query.message.html_text}\n<b>{html.escape(LANGUAGE_NAMES.get(callback_data.value, ''))}</b>"
        )
        await ask_next(query.message, state, t)

    @router.callback_query(Draft.confirm, DraftAction.filter(F.field == "publish"))
    async def publish(query: CallbackQuery, state: FSMContext, desk: Desk, bot: Bot, t: Translator) -> None:
        data = await state.get_data()
        await state.clear()
        await query.answer()
        await query.message.edit_reply_markup(reply_markup=None)
        actor = actor_of(query.from_user)
        if data.get("verdict"):
            corrected = await desk.correct(bot, data["verdict"], data, actor)
            if corrected is None:
                text = t("desk-unknown-verdict", verdict=str(data["verdict"]))
            elif not corrected[0]:
                text = t("desk-unchanged", verdict=str(data["verdict"]))
            else:
                text = t("desk-corrected", verdict=str(data["verdict"]), notified=str(corrected[1]))
        else:
            published = await desk.publish(bot, data["tip"], data, actor)
            if published is None:
                text = t("desk-not-open", id=str(data["tip"]))
            else:
                text = t(
                    "desk-published",
                    verdict=str(published[0]),
                    id=str(data["tip"]),
                    notified=str(published[1]),
                )
        await query.message.answer(text)
        if data.get("tip"):
            await desk.show(bot, data["tip"])

    @router.callback_query(DraftAction.filter(F.field == "cancel"))
    async def draft_cancelled(query: CallbackQuery, state: FSMContext, t: Translator) -> None:
        await state.clear()
        await query.answer()
        await query.message.edit_text(t("desk-cancelled"))

    @router.callback_query(DraftAction.filter())
    async def draft_expired(query: CallbackQuery, t: Translator) -> None:
        """A dialog button of another checker's dialog, or of a finished one."""
        await query.answer(t("desk-draft-expired"), show_alert=True)

    @router.message(or_f(Draft.rating, Draft.lang, Draft.confirm), F.text, ~F.text.startswith("/"))
    async def buttons_only(message: Message, t: Translator) -> None:
        await message.answer(t("desk-draft-buttons-only"))

    return router


def create_denied_router() -> Router:
    """Desk buttons and commands that reached no handler: no role, or not in the checkers' chat."""
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

    @router.callback_query(or_f(DeskAction.filter(), DraftAction.filter()))
    async def denied_button(query: CallbackQuery, t: Translator) -> None:
        log.warning("denied: %s", describe(query))
        await query.answer(t("desk-denied"), show_alert=True)

    @router.message(CheckersChat(), Command(*DESK_COMMANDS, "stats", "grant", "revoke", "roles"))
    async def denied_command(message: Message, t: Translator) -> None:
        log.warning("denied: %s", describe(message))
        await message.reply(t("desk-denied"))

    return router
