"""python-telegram-bot's requests over aiohttp: what the bot sees when Telegram cannot be
reached, answers too slowly, or sits behind a proxy (bot/telegram_http.py)."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from telegram.error import NetworkError, TimedOut
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from bot.telegram_http import AiohttpRequest
from tests.served_bot import free_port


async def test_telegram_unreachable_is_a_network_error():
    async with AiohttpRequest(connect_timeout=2) as request:
        with pytest.raises(NetworkError, match="aiohttp.ClientConnectorError"):
            await request.do_request(f"http://127.0.0.1:{free_port()}/botX/getMe", "POST")


async def test_telegram_answering_too_slowly_is_a_timeout():
    never = asyncio.Event()

    async def hang(_request: web.Request) -> web.Response:
        await never.wait()
        return web.json_response({"ok": True})

    app = web.Application()
    app.router.add_post("/botX/getMe", hang)
    async with TestServer(app) as server, AiohttpRequest(read_timeout=0.2) as request:
        with pytest.raises(TimedOut):
            await request.do_request(str(server.make_url("/botX/getMe")), "POST")


async def test_parameters_and_files_reach_telegram_as_a_form():
    seen: dict[str, object] = {}

    async def record(request: web.Request) -> web.Response:
        form = await request.post()
        seen.update({k: (v if isinstance(v, str) else v.file.read()) for k, v in form.items()})
        return web.json_response({"ok": True, "result": True})

    app = web.Application()
    app.router.add_post("/botX/sendMessage", record)
    data = RequestData(
        [
            RequestParameter.from_input("chat_id", 42),
            RequestParameter.from_input("text", "Dạ, chào anh/chị"),
        ]
    )
    async with TestServer(app) as server, AiohttpRequest() as request:
        status, body = await request.do_request(
            str(server.make_url("/botX/sendMessage")), "POST", data
        )
    assert (status, body) == (200, b'{"ok": true, "result": true}')
    assert seen == {"chat_id": "42", "text": "Dạ, chào anh/chị"}


def test_a_proxy_from_the_environment_is_used_unless_no_proxy_names_the_host(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    request = AiohttpRequest()
    assert request.proxy_for("https://api.telegram.org/bot1/getMe") == "http://proxy.example:3128"
    assert request.proxy_for("https://127.0.0.1/bot1/getMe") is None
