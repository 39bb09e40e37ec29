"""The REST chat API and health endpoint over real HTTP."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.web import create_app
from knowledge.db import Database


@pytest.fixture
async def client(services):
    client = TestClient(TestServer(create_app(services)))
    await client.start_server()
    yield client
    await client.close()


async def test_chat_api_answers_a_procedure_question(client):
    resp = await client.post("/api/chat", json={"user_id": "w1", "text": "dk tam tru het bn tien"})
    assert resp.status == 200
    replies = (await resp.json())["replies"]
    assert "15.000 đồng" in replies[0]["text"]
    assert {"label": "Thời gian", "payload": "proc:dang_ky_tam_tru:time"} in replies[0]["buttons"]


async def test_chat_api_accepts_a_button_payload_and_remembers_context(client):
    await client.post("/api/chat", json={"user_id": "w2", "text": "nhập hộ khẩu cần gì"})
    resp = await client.post(
        "/api/chat", json={"user_id": "w2", "payload": "intent:ask_procedure_fee"}
    )
    assert "20.000 đồng" in (await resp.json())["replies"][0]["text"]


BAD_REQUESTS = [
    (b"not json", "invalid_json"),
    (b"[1, 2]", "bad_request"),
    (b'{"text": "hi"}', "bad_request"),
    (b'{"user_id": "x", "text": "a", "payload": "b"}', "bad_request"),
    (b'{"user_id": "x", "text": 5}', "bad_request"),
    (b'{"user_id": "x", "location": {"lat": 999, "lon": 1}}', "bad_request"),
]


@pytest.mark.parametrize(("body", "error"), BAD_REQUESTS)
async def test_bad_request_gets_400_with_a_reason(client, body, error):
    resp = await client.post("/api/chat", data=body, headers={"Content-Type": "application/json"})
    assert resp.status == 400
    assert (await resp.json())["error"] == error


async def test_oversized_body_is_refused(client):
    resp = await client.post("/api/chat", json={"user_id": "x", "text": "a" * 100_000})
    assert resp.status == 413


async def test_health_reports_the_catalogue(client):
    resp = await client.get("/healthz")
    body = await resp.json()
    assert resp.status == 200
    assert body["status"] == "ok" and body["procedures"] >= 15


async def test_database_outage_gets_a_polite_503_and_the_server_keeps_running(
    client, services, tmp_path
):
    healthy = services.dialogue.db
    # A directory is not a database file: every query fails as in a real outage.
    services.dialogue.db = Database(f"sqlite+aiosqlite:///{tmp_path}")
    try:
        resp = await client.post("/api/chat", json={"user_id": "w3", "text": "xin chào"})
        assert resp.status == 503
        assert "xin lỗi" in (await resp.json())["replies"][0]["text"]
    finally:
        await services.dialogue.db.close()
        services.dialogue.db = healthy
    resp = await client.post("/api/chat", json={"user_id": "w3", "text": "xin chào"})
    assert resp.status == 200
