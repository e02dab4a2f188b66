"""aiogram routers, one per audience. Handlers stay thin: the work happens in bot/ and knowledge/."""

from aiogram import Router

from bot.telegram.safety import SafetyMiddleware
from handlers import admin, checker, editor, feedback, group, inline, partners, reader, unanswered


def guarded(router: Router) -> Router:
    """Blocked readers and readers over their limits stop here, before the handler
    (bot/services/limits.py)."""
    router.message.middleware(SafetyMiddleware())
    router.edited_message.middleware(SafetyMiddleware())
    router.callback_query.middleware(SafetyMiddleware())
    return router


def routers() -> list[Router]:
    return [
        admin.create_router(),
        partners.create_router(),  # before the desk's denials, which refuse its buttons to others
        checker.create_router(),
        checker.create_denied_router(),
        editor.create_router(),
        guarded(feedback.create_router()),  # before the reader's: a note is not a post
        guarded(reader.create_router()),
        group.create_router(),
        inline.create_router(),
        unanswered.create_router(),  # last: what no router above took
    ]
