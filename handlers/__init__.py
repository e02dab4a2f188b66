"""aiogram routers, one per audience. Handlers stay thin: the work happens in bot/ and knowledge/."""

from aiogram import Router

from handlers import errors, reader


def routers() -> list[Router]:
    return [reader.create_router(), errors.create_router()]
