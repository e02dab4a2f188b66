"""With a webhook set: posting updates to it (spread over replicas), retries, methods in the reply."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterable

import aiohttp

from tests.support.fakebotapi.faults import NoJSONAnswer
from tests.support.fakebotapi.records import PendingUpdate


class WebhookDelivery:
    """FakeBotAPI's webhook delivery: a loop posting each pending update to the webhook, retried."""

    async def _webhook_loop(self) -> None:
        in_flight: set[asyncio.Task] = set()
        while not self._closing:
            hook = self._webhook
            if hook is None or self._http is None:
                await self._wait_change(1.0)
                continue
            allowed = set(self._allowed_updates)
            self._pending = [p for p in self._pending if self._update_type(p.update) in allowed]
            started = False
            for p in self._pending:
                if len(in_flight) >= hook["max_connections"]:
                    break
                if p.in_flight:
                    continue
                p.in_flight = True
                task = asyncio.create_task(self._deliver(hook, p))
                in_flight.add(task)
                task.add_done_callback(in_flight.discard)
                started = True
            if not started:
                await self._wait_change(0.5)
        for task in list(in_flight):
            task.cancel()

    def spread_webhook(self, urls: Iterable[str]) -> None:
        """Stand in for a load balancer in front of several replicas: webhook deliveries go to these
        URLs in turn (a redelivery usually lands on another replica) instead of the registered URL."""
        self._replica_urls = list(urls)
        self._replica_turn = 0

    def _delivery_url(self, hook: dict) -> str:
        if not self._replica_urls:
            return hook["url"]
        url = self._replica_urls[self._replica_turn % len(self._replica_urls)]
        self._replica_turn += 1
        return url

    async def _deliver(self, hook: dict, p: PendingUpdate) -> None:
        headers = {"Content-Type": "application/json"}
        if hook.get("secret_token"):
            headers["X-Telegram-Bot-Api-Secret-Token"] = hook["secret_token"]
        error = None
        url = self._delivery_url(hook)
        status: int | None = None
        try:
            assert self._http is not None
            async with self._http.post(
                url,
                data=json.dumps(p.update),
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=self.webhook_timeout),
            ) as resp:
                status = resp.status
                body = await resp.read()
                if 200 <= resp.status < 300:
                    if p in self._pending:
                        self._pending.remove(p)
                    await self._webhook_reply(resp.content_type, body)
                else:
                    error = f"Wrong response from the webhook: {resp.status} {resp.reason}"
        except asyncio.CancelledError:
            raise
        except Exception as e:  # noqa: BLE001 - any delivery failure is retried
            error = f"Connection error: {type(e).__name__}: {e}"
        self.webhook_deliveries.append((p.update_id, url, status))
        if error is not None:
            self._webhook_errors = {"last_error_date": int(time.time()), "last_error_message": error}
            await asyncio.sleep(self.webhook_retry_delay)
        p.in_flight = False
        self._notify()

    async def _webhook_reply(self, content_type: str, body: bytes) -> None:
        if content_type != "application/json" or not body:
            return
        try:
            data = json.loads(body)
        except ValueError:
            return
        if isinstance(data, dict) and data.get("method"):
            params = {k: v for k, v in data.items() if k != "method"}
            try:
                await self.call(str(data["method"]), params)
            except NoJSONAnswer:
                pass  # a webhook reply has no answer to lose; the fault is recorded
