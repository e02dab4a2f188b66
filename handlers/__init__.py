"""aiogram routers, one per audience. Handlers stay thin: the work happens in bot/ and knowledge/."""

from aiogram import Router

from handlers import admin, checker, editor, errors, reader


def routers() -> list[Router]:
    return [
        admin.create_router(),
        checker.create_router(),
        checker.create_denied_router(),
        editor.create_router(),
        reader.create_router(),
        errors.create_router(),
    ]
