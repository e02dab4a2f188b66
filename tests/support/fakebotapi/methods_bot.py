"""The Bot API methods about the bot itself: getMe, getUpdates, webhooks, commands, chats, files."""

from __future__ import annotations

import json
import re
import time
from typing import Any

from tests.support.fakebotapi.protocol import DEFAULT_ALLOWED, STATUS_DESCRIPTIONS, APIError, as_int
from tests.support.fakebotapi.records import Recorded


class BotMethods:
    """FakeBotAPI's answers to the methods about the bot, its updates, webhook, commands, chats, files."""

    def _m_getMe(self, params: dict) -> dict:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _m_logOut(self, params: dict) -> bool:
        return True

    def _m_close(self, params: dict) -> bool:
        return True

    async def _m_getUpdates(self, params: dict, record: Recorded) -> list[dict]:
        if self._webhook is not None:
            raise APIError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = as_int(params.get("offset", 0)) or 0
        limit = min(max(as_int(params.get("limit", 100)) or 100, 1), 100)
        timeout = max(float(params.get("timeout", 0) or 0), 0.0)
        if "allowed_updates" in params and params["allowed_updates"] is not None:
            allowed = params["allowed_updates"]
            if isinstance(allowed, str):
                allowed = json.loads(allowed)
            self._allowed_updates = tuple(allowed) if allowed else DEFAULT_ALLOWED
        if self.terminate_concurrent_polls:
            for number in self._poll_terminated:
                self._poll_terminated[number] = True
        self._poll_seq += 1
        me = self._poll_seq
        self._poll_terminated[me] = False
        self._notify()
        try:
            self._confirm(offset)
            deadline = time.monotonic() + timeout
            while True:
                if self._poll_terminated.get(me):
                    raise APIError(409, STATUS_DESCRIPTIONS[409])
                if self._webhook is not None:
                    raise APIError(
                        409,
                        "Conflict: can't use getUpdates method while webhook is active; "
                        "use deleteWebhook to delete the webhook first",
                    )
                batch = self._select(offset, limit)
                remaining = deadline - time.monotonic()
                if batch or remaining <= 0 or self._closing:
                    return batch
                await self._wait_change(remaining)
        finally:
            self._poll_terminated.pop(me, None)

    def _m_setWebhook(self, params: dict) -> bool:
        url = params.get("url") or ""
        if not url:
            return self._m_deleteWebhook(params)
        if not re.match(r"^https?://", url):
            raise APIError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        if params.get("drop_pending_updates"):
            self._pending.clear()
        allowed = params.get("allowed_updates")
        if allowed:
            self._allowed_updates = tuple(allowed)
        self._webhook = {
            "url": url,
            "secret_token": params.get("secret_token"),
            "max_connections": as_int(params.get("max_connections", 40)) or 40,
            "allowed_updates": list(allowed) if allowed else None,
        }
        self._webhook_errors = {}
        self._notify()
        return True

    def _m_deleteWebhook(self, params: dict) -> bool:
        self._webhook = None
        if params.get("drop_pending_updates"):
            self._pending.clear()
        self._notify()
        return True

    def _m_getWebhookInfo(self, params: dict) -> dict:
        info: dict[str, Any] = {
            "url": "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }
        if self._webhook:
            info["url"] = self._webhook["url"]
            info["max_connections"] = self._webhook["max_connections"]
            if self._webhook["allowed_updates"]:
                info["allowed_updates"] = self._webhook["allowed_updates"]
            info.update(self._webhook_errors)
        return info

    @staticmethod
    def _scope_key(params: dict) -> str:
        scope = params.get("scope") or {}
        kind = scope.get("type", "default") if isinstance(scope, dict) else "default"
        return f"{kind}:{params.get('language_code') or ''}"

    def _m_setMyCommands(self, params: dict) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise APIError(400, "Bad Request: commands must be a list")
        for c in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", str(c.get("command", ""))):
                raise APIError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(str(c.get("description", ""))) <= 256:
                raise APIError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        self._commands[self._scope_key(params)] = commands
        return True

    def _m_getMyCommands(self, params: dict) -> list:
        return self._commands.get(self._scope_key(params), [])

    def _m_deleteMyCommands(self, params: dict) -> bool:
        self._commands.pop(self._scope_key(params), None)
        return True

    def _m_getChat(self, params: dict) -> dict:
        chat = self._chat(params.get("chat_id"))
        return {
            **chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    def _m_getFile(self, params: dict) -> dict:
        info = self._files.get(str(params.get("file_id")))
        if info is None:
            raise APIError(400, "Bad Request: invalid file_id")
        return {k: info[k] for k in ("file_id", "file_unique_id", "file_size", "file_path")}
