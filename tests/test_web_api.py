"""The REST chat API and health endpoint over real HTTP.

Also home of the helpers the other web tests share: a fake clock, and real database
outages (a locked SQLite file, a database file that is gone).
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.engine import make_url

from bot.app import Services
from bot.web import create_app
from tests.fixtures_admin import SecondsClock

PORTAL_KEY = "test-key-for-the-portal-front-end"


FakeClock = SecondsClock  # seconds that pass only when the test says so (tests/fixtures_admin.py)


def _sqlite_file(services: Services) -> Path:
    url = make_url(services.config.database_url)
    if url.get_backend_name() != "sqlite":
        pytest.skip("this outage is staged on a SQLite file")
    return Path(url.database)


@asynccontextmanager
async def database_gone(services: Services) -> AsyncIterator[None]:
    """The database file is replaced by a directory (a lost volume): nothing can open it."""
    path = _sqlite_file(services)
    aside = path.with_name(path.name + ".aside")
    await services.db.engine.dispose()
    path.rename(aside)
    path.mkdir()
    try:
        yield
    finally:
        await services.db.engine.dispose()
        path.rmdir()
        aside.rename(path)


@contextmanager
def database_locked(services: Services) -> Iterator[None]:
    """Another process's connection holds the write lock (BEGIN EXCLUSIVE) throughout."""
    holder = sqlite3.connect(_sqlite_file(services), timeout=0, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        yield
    finally:
        holder.rollback()
        holder.close()


@pytest.fixture
def config(config):
    """The shared test config, with the API key a trusted integration uses."""
    return replace(config, api_key=PORTAL_KEY)


@pytest.fixture
async def client(services):
    client = TestClient(TestServer(create_app(services)))
    await client.start_server()
    yield client
    await client.close()


async def test_chat_api_answers_a_procedure_question(client):
    resp = await client.post("/api/chat", json={"text": "dk tam tru het bn tien"})
    assert resp.status == 200
    body = await resp.json()
    assert "15.000 đồng" in body["replies"][0]["text"]
    assert {"label": "Thời gian", "payload": "proc:dang_ky_tam_tru:time"} in body["replies"][0][
        "buttons"
    ]
    assert body["session"]


async def test_chat_api_accepts_a_button_payload_and_remembers_context(client):
    await client.post("/api/chat", json={"text": "nhập hộ khẩu cần gì"})
    resp = await client.post("/api/chat", json={"payload": "intent:ask_procedure_fee"})
    assert "20.000 đồng" in (await resp.json())["replies"][0]["text"]


async def test_a_portal_with_the_api_key_speaks_for_its_user(client):
    headers = {"Authorization": f"Bearer {PORTAL_KEY}"}
    await client.post(
        "/api/chat", json={"user_id": "w2", "text": "nhập hộ khẩu cần gì"}, headers=headers
    )
    resp = await client.post(
        "/api/chat", json={"user_id": "w2", "payload": "intent:ask_procedure_fee"}, headers=headers
    )
    body = await resp.json()
    assert "20.000 đồng" in body["replies"][0]["text"]
    assert "session" not in body


BAD_REQUESTS = [
    (b"not json", "invalid_json", "body"),
    (b"[1, 2]", "bad_request", "body"),
    (b"{}", "bad_request", "body"),
    (b'{"text": "a", "payload": "b"}', "bad_request", "body"),
    (b'{"text": 5}', "bad_request", "text"),
    (b'{"location": {"lat": 999, "lon": 1}}', "bad_request", "location.lat"),
    (b'{"location": {"lat": NaN, "lon": 1}}', "invalid_json", "body"),
    (b'{"payload": "<b>proc</b>"}', "bad_request", "payload"),
]


@pytest.mark.parametrize(("body", "error", "field"), BAD_REQUESTS)
async def test_bad_request_gets_400_with_a_reason(client, body, error, field):
    resp = await client.post("/api/chat", data=body, headers={"Content-Type": "application/json"})
    assert resp.status == 400
    reason = await resp.json()
    assert (reason["error"], reason["field"]) == (error, field) and reason["detail"]


async def test_oversized_body_is_refused_with_a_json_reason(client):
    resp = await client.post("/api/chat", json={"text": "a" * 100_000})
    assert resp.status == 413
    assert (await resp.json())["error"] == "too_large"


async def test_health_reports_the_catalogue_and_the_database(client):
    resp = await client.get("/healthz")
    body = await resp.json()
    assert resp.status == 200
    assert body["status"] == "ok" and body["procedures"] >= 15
    assert body["database"] == "ok"


async def test_database_outage_gets_a_polite_503_and_the_server_keeps_running(client, services):
    async with database_gone(services):
        resp = await client.post("/api/chat", json={"text": "xin chào"})
        assert resp.status == 503
        body = await resp.json()
        assert "xin lỗi" in body["replies"][0]["text"]
        assert body["error"] == "unavailable"
    resp = await client.post("/api/chat", json={"text": "xin chào"})
    assert resp.status == 200
