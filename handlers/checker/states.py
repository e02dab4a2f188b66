"""The dialogs of the checkers' chat, and who acts in them."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup
from aiogram.types import User

from bot.services.desk.audit import Actor


class LinkSearch(StatesGroup):
    """Words sent while it lasts search the knowledge base for a verdict to answer the tip with."""

    query = State()


class Draft(StatesGroup):
    """The verdict dialog, one state a step (handlers/checker/dialog.py)."""

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
