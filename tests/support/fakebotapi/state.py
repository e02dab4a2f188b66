"""What the fake holds: updates waiting for the bot, chats, messages, files; reset."""

from __future__ import annotations

import asyncio
import copy
import itertools
import time
from collections import deque
from typing import Any

from tests.support.fakebotapi.faults import Fault
from tests.support.fakebotapi.protocol import DEFAULT_ALLOWED, APIError, as_int
from tests.support.fakebotapi.records import PendingUpdate, Recorded


class State:
    """FakeBotAPI's state (emptied by ``reset()``): updates, chats, messages, files, the request log."""

    def _reset_state(self) -> None:
        self._next_update_id = self._first_update_id
        self._pending: list[PendingUpdate] = []
        self._seen_updates: dict[int, dict] = {}
        self._allowed_updates: tuple[str, ...] = DEFAULT_ALLOWED
        self._chat_seq: dict[Any, int] = {}
        self._messages: dict[tuple[Any, int], dict] = {}
        self._chats: dict[Any, dict] = {}
        self._callbacks: dict[str, dict] = {}
        self._callback_seq = itertools.count(4_242_000_000_000_000_001)
        self._file_seq = itertools.count(1)
        self._files: dict[str, dict] = {}  # file_id -> {"file_path", "content", "file_unique_id"}
        self._requests: list[Recorded] = []
        self._faults: dict[str, deque[Fault]] = {}
        self._blocked: set[Any] = set()
        self._rate_global: int | None = None
        self._rate_chat: int | None = None
        self._sent_times: deque[float] = deque()
        self._sent_times_chat: dict[Any, deque[float]] = {}
        self._webhook: dict | None = None
        self._webhook_errors: dict = {}
        self._replica_urls: list[str] = []
        self._replica_turn = 0
        self.webhook_deliveries: list[tuple[int, str, int | None]] = []
        """(update_id, the URL posted to, the HTTP status or None when the connection failed)."""
        self._commands: dict[str, list] = {}
        self._poll_seq = 0
        self._poll_terminated: dict[int, bool] = {}  # pending polls: terminated?
        self._closing = False
        self._changed = asyncio.Event() if self._loop_running() else None

    def reset(self) -> None:
        """Forget everything: updates, messages, requests, faults, webhook."""
        self._notify()
        self._reset_state()

    def push_update(self, update: dict) -> dict:
        """Queue an update (wakes long polls / is POSTed to the webhook) and return it with its id.

        An update that already carries an ``update_id`` is a redelivery (see ``redeliver``).
        """
        update = copy.deepcopy(update)
        if "update_id" in update:
            return self.redeliver(update)
        update["update_id"] = self._next_update_id
        self._next_update_id += 1
        self._remember(update)
        self._pending.append(PendingUpdate(update))
        self._notify()
        return copy.deepcopy(update)

    def redeliver(self, update: dict, *, new_update_id: bool = False) -> dict:
        """Deliver the same update again, as Telegram does when a confirmation or a webhook answer
        was lost: the same ``update_id`` (or a new one) carrying the same message. It is delivered at
        the next getUpdates even when the bot's offset is already past it."""
        update = copy.deepcopy(update)
        if new_update_id or "update_id" not in update:
            update["update_id"] = self._next_update_id
            self._next_update_id += 1
            self._pending.append(PendingUpdate(update))
        else:
            self._next_update_id = max(self._next_update_id, update["update_id"] + 1)
            self._pending.append(PendingUpdate(update, forced=True))
            self._pending.sort(key=lambda p: p.update_id)
        self._remember(update)
        self._notify()
        return copy.deepcopy(update)

    def _remember(self, update: dict) -> None:
        self._seen_updates[update["update_id"]] = update
        for key in ("message", "edited_message", "channel_post", "business_message"):
            msg = update.get(key)
            if isinstance(msg, dict) and "chat" in msg:
                self._chats.setdefault(msg["chat"]["id"], msg["chat"])
                self._messages[(msg["chat"]["id"], msg["message_id"])] = msg
                self._bump_seq(msg["chat"]["id"], msg["message_id"])
        cq = update.get("callback_query")
        if isinstance(cq, dict):
            self._callbacks.setdefault(str(cq["id"]), {"answered": False})

    def _update_type(self, update: dict) -> str | None:
        return next((k for k in update if k != "update_id"), None)

    def _confirm(self, offset: int) -> None:
        if offset < 0:
            keep = self._pending[offset:]
            self._pending = keep
            for p in keep:
                p.forced = False
            return
        if offset == 0:
            return
        self._pending = [p for p in self._pending if p.update_id >= offset or (p.forced and not p.delivered)]

    def _select(self, offset: int, limit: int) -> list[dict]:
        allowed = set(self._allowed_updates)
        batch: list[dict] = []
        kept: list[PendingUpdate] = []
        for p in self._pending:
            if self._update_type(p.update) not in allowed:
                continue  # Telegram drops updates of types the bot did not ask for
            kept.append(p)
            if len(batch) < limit and (p.update_id >= offset or p.forced):
                if p.forced:
                    p.delivered = True
                batch.append(copy.deepcopy(p.update))
        self._pending = kept
        return batch

    def _bump_seq(self, chat_id: Any, message_id: int) -> None:
        self._chat_seq[chat_id] = max(self._chat_seq.get(chat_id, 0), message_id)

    def next_message_id(self, chat_id: Any) -> int:
        seq = self._chat_seq.get(chat_id, 0) + 1
        self._chat_seq[chat_id] = seq
        return seq

    def add_file(self, content: bytes, *, file_path: str | None = None, file_id: str | None = None) -> dict:
        """Register a downloadable file; returns {"file_id", "file_unique_id", "file_size", "file_path"}."""
        n = next(self._file_seq)
        file_id = file_id or f"AgACAgIAAxkBAAI{n:08d}fake"
        info = {
            "file_id": file_id,
            "file_unique_id": f"AQAD{n:08d}",
            "file_size": len(content),
            "file_path": file_path or f"files/file_{n}.bin",
        }
        self._files[file_id] = {**info, "content": content}
        return {k: v for k, v in info.items()}

    def _synth_chat(self, chat_id: Any) -> dict:
        if isinstance(chat_id, str):
            return {
                "id": -1001000000000 - (abs(hash(chat_id)) % 10**9),
                "type": "channel",
                "title": chat_id.lstrip("@"),
                "username": chat_id.lstrip("@"),
            }
        if chat_id > 0:
            return {"id": chat_id, "type": "private", "first_name": f"Reader{chat_id}"}
        if str(chat_id).startswith("-100"):
            return {"id": chat_id, "type": "supergroup", "title": f"Chat {chat_id}"}
        return {"id": chat_id, "type": "group", "title": f"Chat {chat_id}"}

    def _chat(self, chat_id: Any) -> dict:
        if chat_id is None or chat_id == "":
            raise APIError(400, "Bad Request: chat_id is empty")
        chat_id = as_int(chat_id)
        chat = self._chats.get(chat_id)
        if chat is None:
            chat = self._chats[chat_id] = self._synth_chat(chat_id)
        return chat

    def _new_bot_message(self, params: dict) -> dict:
        chat = self._chat(params.get("chat_id"))
        msg: dict[str, Any] = {
            "message_id": self.next_message_id(chat["id"]),
            "from": self.bot_user,
            "chat": chat,
            "date": int(time.time()),
        }
        reply = params.get("reply_parameters") or (
            {"message_id": params["reply_to_message_id"]} if params.get("reply_to_message_id") else None
        )
        if isinstance(reply, dict) and reply.get("message_id"):
            target_chat = as_int(reply.get("chat_id", chat["id"]))
            target = self._messages.get((target_chat, int(reply["message_id"])))
            if target is not None:
                target = copy.deepcopy(target)
                target.pop("reply_to_message", None)
                msg["reply_to_message"] = target
            elif not reply.get("allow_sending_without_reply"):
                raise APIError(400, "Bad Request: message to be replied not found")
        if params.get("message_thread_id"):
            msg["message_thread_id"] = as_int(params["message_thread_id"])
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            msg["reply_markup"] = markup  # Telegram echoes only inline keyboards
        return msg

    def _store(self, msg: dict) -> dict:
        self._messages[(msg["chat"]["id"], msg["message_id"])] = msg
        return copy.deepcopy(msg)
