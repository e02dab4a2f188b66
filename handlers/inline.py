"""Inline mode: `@bot words` in any chat offers the matching verdict cards to insert."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import (
    InlineQuery,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    LinkPreviewOptions,
)

from bot.i18n import Locales
from bot.services.knowledge_base import KnowledgeBase
from bot.telegram.safety import SafetyMiddleware
from bot.telegram.texts import rating_label, shorten, verdict_card
from knowledge.normalise import has_letters

MIN_QUERY_CHARS = 3
MAX_QUERY_CHARS = 500
RESULTS = 5
CACHE_SECONDS = 300
MIN_SCORE = 0.05
"""A few keywords score low on the calibrated scale (0.1-0.3 for the right verdict); unrelated
verdicts score 0, and the reader picks from the cards they see."""


def create_router() -> Router:
    router = Router(name="inline")
    router.inline_query.middleware(SafetyMiddleware(notify=False))

    @router.inline_query()
    async def inline(query: InlineQuery, kb: KnowledgeBase, locales: Locales) -> None:
        t = locales[locales.resolve(query.from_user.language_code if query.from_user else None)]
        text = " ".join(query.query.split())[:MAX_QUERY_CHARS]
        if len(text) < MIN_QUERY_CHARS or not has_letters(text):
            hint = InlineQueryResultsButton(text=t("inline-hint"), start_parameter="inline")
            await query.answer([], cache_time=CACHE_SECONDS, is_personal=True, button=hint)
            return
        matches = [m for m in await kb.search(text, RESULTS) if m.score >= MIN_SCORE]
        ids = list(dict.fromkeys(m.verdict_id for m in matches))
        found = await kb.verdicts(ids)
        results = [
            InlineQueryResultArticle(
                id=str(verdict.id),
                title=shorten(f"{rating_label(t, verdict.rating)}: {verdict.claim_in(t.lang)}", 100),
                description=shorten(verdict.summary_in(t.lang), 200) or None,
                input_message_content=InputTextMessageContent(
                    message_text=verdict_card(t, verdict),
                    parse_mode="HTML",
                    link_preview_options=LinkPreviewOptions(is_disabled=True),
                ),
            )
            for verdict in (found[i] for i in ids if i in found)
        ]
        button = None
        if not results:
            button = InlineQueryResultsButton(text=t("inline-nothing"), start_parameter="inline")
        await query.answer(results, cache_time=CACHE_SECONDS, is_personal=True, button=button)

    return router
