"""PostgreSQL stopped under a running server and started again: meanwhile citizens get the
polite "busy" reply (503, in Vietnamese), and the first message after the database is
back is answered -- a real server of its own (the session's is shared by other tests)."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.app import create_services
from bot.web import create_app
from tests import postgres_server as pg

API_KEY = "outage-test-key-0123456789"


@pytest.fixture
async def own_postgres():
    server = await asyncio.to_thread(pg.start, True)  # durable: it is stopped at once
    try:
        await pg.create_database(server.address, "outage")
        yield server
    finally:
        await asyncio.to_thread(server.stop)


async def say(client: TestClient, text: str, user: str = "lan"):
    headers = {"Authorization": f"Bearer {API_KEY}"}
    resp = await client.post("/api/chat", json={"user_id": user, "text": text}, headers=headers)
    return resp.status, await resp.json()


async def test_a_postgres_outage_gets_the_busy_reply_and_service_comes_back(own_postgres, config):
    url = own_postgres.address.url("outage")
    config = replace(config, database_url=url, api_key=API_KEY)
    services = await create_services(config, seed=False)
    client = TestClient(TestServer(create_app(services)))
    await client.start_server()
    try:
        status, _ = await say(client, "xin chào")
        assert status == 200

        await asyncio.to_thread(own_postgres.pause)
        for user in ("lan", "minh"):  # an old and a new conversation
            status, body = await say(client, "làm căn cước cần gì", user)
            assert status == 503
            assert body["error"] == "unavailable"
            assert body["replies"][0]["text"].startswith("Dạ, xin lỗi anh/chị, hệ thống đang bận")
        health = await client.get("/readyz")
        assert health.status == 503

        await asyncio.to_thread(own_postgres.resume)
        status, body = await say(client, "làm căn cước cần gì")
        assert status == 200, body  # the first message after the database is back
        assert (await client.get("/readyz")).status == 200
    finally:
        await client.close()
        await services.close()
