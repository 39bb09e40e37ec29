"""A lightweight fake Telegram Bot API over HTTP (aiohttp), for the load benchmark and the
tests of faults under load (bench/telegram_traffic.py sends the citizens' side).

``getMe``, ``setWebhook``, ``setMyCommands``, ``sendChatAction``, ``sendMessage`` (and the
other send methods); each chat's replies are recorded with the ``time.monotonic()`` they
arrived. ``refuse(429, retry_after=...)`` or ``refuse(502)`` makes every send method fail
until ``accept()``.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import itertools
import json
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

TOKEN = "424242:FAKE-bot-api-for-citizenbot-traffic"
BOT = {"id": 424242, "is_bot": True, "first_name": "CitizenBot", "username": "citizenbot_load_bot"}
_TAG = re.compile(r"<[^<>]*>")


@dataclass(frozen=True)
class ReceivedReply:
    text: str  # as the citizen sees it (HTML tags removed, entities decoded)
    at: float  # time.monotonic() when the fake received it


class FakeBotApi:
    """A lightweight fake Telegram Bot API on 127.0.0.1 (``async with FakeBotApi() as api``).

    Point the bot at ``base_url`` (TELEGRAM_BASE_URL) with ``token``.
    """

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.webhook: dict | None = None
        self.refused: Counter[int] = Counter()  # error code -> send calls refused
        self.other_sends: list[tuple[str, dict]] = []  # send methods but sendMessage
        self._replies: dict[int, list[ReceivedReply]] = {}
        self._changed = asyncio.Event()
        self._refusal: tuple[int, dict] | None = None
        self._message_ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    async def __aenter__(self) -> FakeBotApi:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, handler_cancellation=True)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        """The Bot API base URL in PTB's convention (the token is appended)."""
        return f"http://127.0.0.1:{self.port}/bot"

    # ---- faults ----------------------------------------------------------------------

    def refuse(self, code: int, *, retry_after: int | None = None) -> None:
        """From now on every send method answers ``code`` (429: with ``retry_after``)."""
        description = {429: f"Too Many Requests: retry after {retry_after}", 502: "Bad Gateway"}
        body: dict[str, Any] = {
            "ok": False,
            "error_code": code,
            "description": description.get(code, f"Internal Server Error ({code})"),
        }
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
        self._refusal = (code, body)

    def accept(self) -> None:
        """Send methods work again."""
        self._refusal = None

    # ---- what the bot sent -----------------------------------------------------------

    def replies(self, chat_id: int) -> list[ReceivedReply]:
        """The texts sent to ``chat_id`` (``sendMessage``), in the order received."""
        return list(self._replies.get(chat_id, ()))

    def chats(self) -> list[int]:
        return list(self._replies)

    async def wait_reply(self, chat_id: int, count: int, timeout: float) -> bool:  # noqa: ASYNC109
        """Until ``chat_id`` has received ``count`` replies; False after ``timeout`` s."""
        return await self.wait_until(lambda: len(self._replies.get(chat_id, ())) >= count, timeout)

    async def wait_until(
        self,
        condition: Callable[[], bool],
        timeout: float,  # noqa: ASYNC109 - every wait is bounded
    ) -> bool:
        """Until ``condition()`` holds, checked after each call the bot makes; False after
        ``timeout`` s."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not condition():
            remaining = deadline - loop.time()
            if remaining <= 0:
                return False
            event = self._changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)
        return True

    async def wait_webhook(self, timeout: float) -> dict:  # noqa: ASYNC109
        """The ``setWebhook`` parameters, once the bot registered its webhook."""
        if not await self.wait_until(lambda: self.webhook is not None, timeout):
            raise TimeoutError(f"setWebhook was not called within {timeout} s")
        assert self.webhook is not None
        return self.webhook

    def _changed_now(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    # ---- HTTP ------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            body = {"ok": False, "error_code": 401, "description": "Unauthorized"}
            return web.json_response(body, status=401)
        method = request.match_info["method"].lower()
        params = await _params(request)
        if method.startswith("send") and self._refusal is not None:
            code, body = self._refusal
            self.refused[code] += 1
            self._changed_now()
            return web.json_response(body, status=code)
        result = self._answer(method, params)
        return web.json_response({"ok": True, "result": result})

    def _answer(self, method: str, params: dict) -> Any:
        if method == "getme":
            return {**BOT, "can_join_groups": False, "can_read_all_group_messages": False}
        if method == "setwebhook":
            self.webhook = params
            self._changed_now()
            return True
        if method == "sendmessage":
            chat_id = int(params["chat_id"])
            text = html.unescape(_TAG.sub("", str(params.get("text", ""))))
            self._replies.setdefault(chat_id, []).append(ReceivedReply(text, time.monotonic()))
            self._changed_now()
            return self._message(chat_id, text=text)
        if method.startswith("send") and method != "sendchataction":
            self.other_sends.append((method, params))
            self._changed_now()
            return self._message(int(params.get("chat_id", 0)))
        return True  # setMyCommands, sendChatAction, deleteWebhook, answerCallbackQuery...

    def _message(self, chat_id: int, **content: Any) -> dict:
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "Dân"},
            "from": BOT,
            **content,
        }


async def _params(request: web.Request) -> dict:
    """A Bot API call's parameters (query, JSON or form; JSON-encoded fields decoded)."""
    params: dict[str, Any] = dict(request.query)
    if not request.can_read_body:
        return params
    if request.content_type == "application/json":
        params.update(await request.json())
        return params
    form = await request.post()
    for key, value in form.items():
        if not isinstance(value, str):
            continue  # an uploaded file
        if key in ("text", "caption", "secret_token", "url"):
            params[key] = value
            continue
        try:
            params[key] = json.loads(value)
        except ValueError:
            params[key] = value
    return params
