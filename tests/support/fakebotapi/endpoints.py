"""The HTTP side: reading a request, recording it, running the method and answering."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from aiohttp import web

from tests.support.fakebotapi.faults import NGINX_ERROR_PAGE, NoJSONAnswer
from tests.support.fakebotapi.protocol import (
    CANONICAL_NAMES,
    MEDIA_METHODS,
    STATUS_DESCRIPTIONS,
    APIError,
    coerce_param,
)
from tests.support.fakebotapi.records import Recorded


class Endpoints:
    """FakeBotAPI's HTTP handlers: ``/bot{token}/{method}``, ``call`` in process, and file downloads."""

    async def _read_params(self, request: web.Request) -> tuple[dict, dict]:
        raw: dict[str, Any] = dict(request.query)
        typed: dict[str, Any] = {}
        files: dict[str, bytes] = {}
        if request.body_exists:
            ctype = request.content_type
            if ctype == "application/json":
                try:
                    body = await request.json()
                except ValueError as e:
                    raise APIError(400, "Bad Request: can't parse JSON") from e
                if isinstance(body, dict):
                    typed.update(body)
            elif ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
                form = await request.post()
                for key, value in form.items():
                    if isinstance(value, web.FileField):
                        files[key] = value.file.read()
                    else:
                        raw[key] = value
        params = {k: coerce_param(k, v) for k, v in raw.items()}
        params.update(typed)
        return params, files

    def _record(
        self,
        method: str,
        params: dict,
        token: str,
        http_method: str,
        via: str = "http",
        files: dict | None = None,
    ) -> Recorded:
        rec = Recorded(
            method=method,
            params=params,
            time=time.time(),
            token=token,
            http_method=http_method,
            via=via,
            files=files or {},
        )
        self._requests.append(rec)
        self._notify()
        return rec

    async def _handle(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        method = CANONICAL_NAMES.get(request.match_info["method"].lower(), request.match_info["method"])
        try:
            params, files = await self._read_params(request)
        except APIError as e:
            params, files = {}, {}
            rec = self._record(method, params, token, request.method)
            return self._finish(rec, e.status, e.body())
        rec = self._record(method, params, token, request.method, files=files)
        if token not in self.tokens:
            return self._finish(rec, 401, APIError(401, "Unauthorized").body())
        try:
            status, body = await self.call(method, params, files=files, record=rec)
        except asyncio.CancelledError:
            if rec.status is None:  # the client disconnected (nginx's 499)
                rec.status, rec.response = 499, {"ok": False, "error_code": 499, "description": "client gone"}
                self._notify()
            raise
        except NoJSONAnswer as no_json:
            fault = no_json.fault
            if fault.kind == "html":
                reason = STATUS_DESCRIPTIONS.get(fault.status, "Error")
                page = NGINX_ERROR_PAGE.format(status=fault.status, reason=reason)
                return web.Response(status=fault.status, text=page, content_type="text/html")
            # Close the socket with nothing written; aiohttp then fails to write the response below
            # and drops it quietly as a client that went away.
            request.protocol.force_close()
            return web.Response(status=204)
        return web.json_response(body, status=status)

    def _finish(self, rec: Recorded, status: int, body: dict) -> web.Response:
        rec.status, rec.response = status, body
        self._notify()
        return web.json_response(body, status=status)

    async def call(
        self, method: str, params: dict, *, files: dict | None = None, record: Recorded | None = None
    ) -> tuple[int, dict]:
        """Execute a Bot API method; returns (HTTP status, body). A fault of kind "html", "drop_after" or
        "drop_before" raises ``NoJSONAnswer`` instead (after recording the request)."""
        method = CANONICAL_NAMES.get(method.lower(), method)
        if record is None:
            record = self._record(method, params, self.token, "POST", via="webhook-reply", files=files)
        fault = self._take_fault(method, params)
        if fault is not None:
            record.fault = fault.kind
            if fault.kind != "drop_after":
                if fault.delay:
                    await asyncio.sleep(fault.delay)
                return self._fault_answer(fault, record)
        status, body = await self._execute(method, params, files or {}, record)
        if fault is not None:  # drop_after: it ran; the answer is lost on the way back
            if fault.delay:
                await asyncio.sleep(fault.delay)
            raise NoJSONAnswer(fault)
        return status, body

    async def _execute(self, method: str, params: dict, files: dict, record: Recorded) -> tuple[int, dict]:
        try:
            if self.latency and method != "getUpdates":
                await asyncio.sleep(self.latency)
            self._check_rate(method, params)
            handler = getattr(self, f"_m_{method}", None)
            if handler is not None:
                result = (
                    await handler(params, record) if asyncio.iscoroutinefunction(handler) else handler(params)
                )
            elif method in MEDIA_METHODS:
                result = self._send(params, MEDIA_METHODS[method], files)
            else:
                result = True
            status, body = 200, {"ok": True, "result": result}
        except APIError as e:
            status, body = e.status, e.body()
        except (KeyError, ValueError, TypeError) as e:
            status, body = 400, {"ok": False, "error_code": 400, "description": f"Bad Request: {e}"}
        record.status, record.response = status, body
        self._notify()
        return status, body

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] not in self.tokens:
            return web.json_response(APIError(401, "Unauthorized").body(), status=401)
        path = request.match_info["path"]
        for info in self._files.values():
            if info["file_path"] == path:
                return web.Response(body=info["content"], content_type="application/octet-stream")
        return web.json_response(APIError(404, "Not Found").body(), status=404)
