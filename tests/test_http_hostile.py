"""The HTTP surface holds against hostile requests, over real HTTP.

Every hostile request gets a 4xx with the JSON body `{"error", "field", "detail"}` (an
outage: the polite Vietnamese busy reply as a 503), never a 500, never a traceback in the
log. Also: security headers, connection timeouts, no key in a URL or in the access log,
honest health and readiness, counts by route, and rate limits (on a fake clock).
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field, replace

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.config import load_config
from bot.web import create_app
from tests.conftest import ROOT
from tests.test_web_api import FakeClock, database_gone, database_locked

KEY = "hostile-test-key-0123456789abcdef"
CODE = "000.00.04.H51-250701-0001"
PUSH = f"/api/dossiers/{CODE}/status"
JSON = {"Content-Type": "application/json"}
WITH_KEY = {**JSON, "Authorization": f"Bearer {KEY}"}
BIG = b"9" * 4301


@pytest.fixture
def config(config):
    """Short timeouts (so the tests need not wait) and a low new-session limit."""
    web = config.web.model_copy(
        update={"header_timeout_s": 0.5, "body_timeout_s": 0.5, "new_sessions_per_minute_per_ip": 5}
    )
    return replace(config, api_key=KEY, web=web)


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
async def client(services, clock):
    client = TestClient(TestServer(create_app(services, clock=clock)))
    await client.start_server()
    yield client
    await client.close()


@dataclass(frozen=True)
class Hostile:
    name: str
    body: bytes | None
    status: int
    error: str
    field: str | None
    headers: dict = field(default_factory=lambda: dict(JSON))
    method: str = "POST"
    path: str = "/api/chat"


HOSTILE = [
    Hostile(
        "unknown charset",
        b'{"text": "xin chao"}',
        415,
        "unsupported_charset",
        "Content-Type",
        {"Content-Type": "application/json; charset=x-klingon"},
    ),
    Hostile(
        "a charset other than UTF-8",
        b'{"text": "xin chao"}',
        415,
        "unsupported_charset",
        "Content-Type",
        {"Content-Type": "application/json; charset=latin-1"},
    ),
    Hostile(
        "not JSON at all",
        b"text=xin+chao",
        415,
        "unsupported_media_type",
        "Content-Type",
        {"Content-Type": "application/x-www-form-urlencoded"},
    ),
    Hostile(
        "a JSON number of 4,301 digits",
        b'{"text": "a", "n": ' + BIG + b"}",
        400,
        "invalid_json",
        "body",
    ),
    Hostile(
        "a user_id of 4,301 digits",
        b'{"user_id": ' + BIG + b', "text": "a"}',
        400,
        "invalid_json",
        "body",
        WITH_KEY,
    ),
    Hostile(
        "a status of 4,301 digits",
        b'{"status": ' + BIG + b"}",
        400,
        "invalid_json",
        "body",
        WITH_KEY,
        path=PUSH,
    ),
    Hostile(
        "1,000 nested brackets",
        b'{"text": ' + b"[" * 1000 + b"]" * 1000 + b"}",
        400,
        "invalid_json",
        "body",
    ),
    Hostile(
        "1,000 nested objects", b'{"a":' * 1000 + b"1" + b"}" * 1000, 400, "invalid_json", "body"
    ),
    Hostile(
        "a lone surrogate in user_id",
        b'{"user_id": "\\ud800", "text": "a"}',
        400,
        "bad_request",
        "user_id",
        WITH_KEY,
    ),
    Hostile("a lone surrogate in text", b'{"text": "a\\ud800b"}', 400, "bad_request", "text"),
    Hostile(
        "a lone surrogate in a pushed note",
        b'{"status": 5, "note": "\\ud800"}',
        400,
        "bad_request",
        "note",
        WITH_KEY,
        path=PUSH,
    ),
    Hostile(
        "a lone surrogate in the notifications' user_id",
        None,
        400,
        "bad_request",
        "user_id",
        WITH_KEY,
        "GET",
        "/api/chat/notifications?user_id=%ED%A0%80",
    ),
    Hostile(
        "a non-ASCII digit in a payload",
        '{"payload": "place:²"}'.encode(),
        400,
        "bad_request",
        "payload",
    ),
    Hostile(
        "a non-ASCII digit in a payload, escaped",
        b'{"payload": "place:\\u00b2"}',
        400,
        "bad_request",
        "payload",
    ),
    Hostile("an oversized body", b'{"text": "' + b"a" * 70_000 + b'"}', 413, "too_large", "body"),
    Hostile("binary", bytes(range(256)), 400, "invalid_json", "body"),
    Hostile("UTF-16", '{"text": "a"}'.encode("utf-16"), 400, "invalid_json", "body"),
    Hostile("truncated JSON", b'{"text": "a', 400, "invalid_json", "body"),
    Hostile("NUL in text", b'{"text": "a\\u0000b"}', 400, "bad_request", "text"),
    Hostile(
        "HTML as a payload",
        b'{"payload": "<script>alert(1)</script>"}',
        400,
        "bad_request",
        "payload",
    ),
    Hostile(
        "HTML as a user_id",
        b'{"user_id": "<b>x</b>", "text": "a"}',
        400,
        "bad_request",
        "user_id",
        WITH_KEY,
    ),
    Hostile("Infinity", b'{"location": {"lat": Infinity, "lon": 1}}', 400, "invalid_json", "body"),
    Hostile(
        "a latitude past any float",
        b'{"location": {"lat": 1e999, "lon": 1}}',
        400,
        "bad_request",
        "location.lat",
    ),
    Hostile(
        "full-width digits in a date",
        '{"status": 5, "appointment_on": "２０２５-07-01"}'.encode(),
        400,
        "bad_request",
        "appointment_on",
        WITH_KEY,
        path=PUSH,
    ),
    Hostile(
        "a status as text", b'{"status": "9"}', 400, "bad_request", "status", WITH_KEY, path=PUSH
    ),
    Hostile(
        "HTML as a dossier code",
        b'{"status": 9}',
        400,
        "bad_code",
        "code",
        WITH_KEY,
        path="/api/dossiers/%3Cscript%3E/status",
    ),
    Hostile(
        "a push without the key", b'{"status": 9}', 401, "unauthorized", "Authorization", path=PUSH
    ),
    Hostile(
        "a body that claims gzip",
        b"not gzip at all",
        400,
        "bad_request",
        "body",
        {**JSON, "Content-Encoding": "gzip"},
    ),
    Hostile("GET on the chat", None, 405, "method_not_allowed", None, {}, "GET"),
    Hostile("an unknown route", None, 404, "not_found", None, {}, "GET", "/wp-admin/setup.php"),
]


def assert_no_traceback(caplog) -> None:
    bad = [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert not bad, [r.getMessage() for r in bad]
    assert "Traceback" not in caplog.text


async def assert_refused(resp, status: int, error: str, field: str | None) -> dict:
    assert resp.status == status, await resp.text()
    assert resp.content_type == "application/json"
    body = await resp.json()
    assert {"error", "field", "detail"} <= body.keys()
    assert (body["error"], body["field"]) == (error, field)
    return body


@pytest.mark.parametrize("case", HOSTILE, ids=[c.name for c in HOSTILE])
async def test_a_hostile_request_gets_a_4xx_with_a_reason(client, caplog, case):
    caplog.set_level(logging.INFO)
    async with client.request(case.method, case.path, data=case.body, headers=case.headers) as resp:
        await assert_refused(resp, case.status, case.error, case.field)
    assert_no_traceback(caplog)
    # ... and the server goes on answering.
    async with client.post("/api/chat", json={"text": "xin chào"}) as resp:
        assert resp.status == 200


@dataclass(frozen=True)
class Outage:
    name: str
    outage: str  # "locked" or "gone"
    method: str
    path: str
    body: dict | None = None


OUTAGES = [
    Outage(
        "notifications, database locked",
        "locked",
        "GET",
        "/api/chat/notifications?user_id=nguoi-dan-42",
    ),
    Outage(
        "notifications, database gone",
        "gone",
        "GET",
        "/api/chat/notifications?user_id=nguoi-dan-42",
    ),
    Outage(
        "a chat turn, database gone",
        "gone",
        "POST",
        "/api/chat",
        {"user_id": "nguoi-dan-42", "text": "hi"},
    ),
    Outage("a status push, database gone", "gone", "POST", PUSH, {"status": 9}),
]


def _outage(services, kind: str) -> AbstractAsyncContextManager:
    if kind == "gone":
        return database_gone(services)

    @asynccontextmanager
    async def locked():
        with database_locked(services):
            yield

    return locked()


@pytest.mark.parametrize("case", OUTAGES, ids=[c.name for c in OUTAGES])
async def test_an_outage_gets_the_polite_busy_reply(client, services, caplog, case):
    caplog.set_level(logging.INFO)
    async with _outage(services, case.outage):
        async with client.request(case.method, case.path, json=case.body, headers=WITH_KEY) as resp:
            body = await assert_refused(resp, 503, "unavailable", None)
            assert "hệ thống đang bận" in body["replies"][0]["text"]
            assert resp.headers["Retry-After"]
    assert_no_traceback(caplog)
    assert "nguoi-dan-42" not in caplog.text  # SQL parameters (user ids) stay out of the log
    async with client.get("/api/chat/notifications?user_id=nguoi-dan-42", headers=WITH_KEY) as resp:
        assert resp.status == 200


async def test_html_in_text_is_answered_as_data(client):
    async with client.post("/api/chat", json={"text": "<script>alert(1)</script>"}) as resp:
        assert resp.status == 200
        assert resp.content_type == "application/json"
        assert resp.headers["X-Content-Type-Options"] == "nosniff"


async def test_every_response_carries_security_headers_and_no_version(client):
    requests = [
        ("POST", "/api/chat", {"text": "xin chào"}),
        ("POST", "/api/chat", {"text": 5}),
        ("GET", "/api/chat/notifications", None),
        ("GET", "/nowhere", None),
        ("GET", "/healthz", None),
        ("GET", "/metrics", None),
    ]
    for method, path, body in requests:
        async with client.request(method, path, json=body) as resp:
            headers = resp.headers
            assert headers["X-Content-Type-Options"] == "nosniff"
            assert headers["X-Frame-Options"] == "DENY"
            assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
            assert headers["Referrer-Policy"] == "no-referrer"
            assert headers["Cache-Control"] == "no-store"
            assert headers["Server"] == "citizenbot", (path, headers["Server"])


async def _raw(client, data: bytes) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    reader, writer = await asyncio.open_connection(client.host, client.port)
    writer.write(data)
    await writer.drain()
    return reader, writer


async def test_half_sent_headers_do_not_hold_a_socket(client):
    reader, writer = await _raw(client, b"POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Ty")
    try:
        # The server closes the connection (header timeout 0.5 s here) without an answer.
        assert await asyncio.wait_for(reader.read(), timeout=30) == b""
    finally:
        writer.close()


async def test_a_body_that_stops_arriving_gets_408(client):
    head = (
        b"POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 100\r\n\r\n"
    )
    reader, writer = await _raw(client, head + b'{"text"')
    try:
        status_line = await asyncio.wait_for(reader.readline(), timeout=30)
        assert status_line.startswith(b"HTTP/1.1 408")
        assert await asyncio.wait_for(reader.read(), timeout=30)  # the JSON reason, then EOF
    finally:
        writer.close()


NOT_HTTP = {
    "not HTTP": b"GARBAGE\r\n\r\n",
    "a header without a colon": b"GET /healthz HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n",
    "a request line of 10,000 bytes": b"GET /" + b"a" * 10_000 + b" HTTP/1.1\r\n\r\n",
    "a broken chunked body": (
        b"POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\nzz\r\nnot a chunk\r\n\r\n"
    ),
}


@pytest.mark.parametrize("data", NOT_HTTP.values(), ids=NOT_HTTP.keys())
async def test_a_malformed_request_is_refused_quietly_without_the_server_version(
    client, caplog, data
):
    caplog.set_level(logging.INFO)
    reader, writer = await _raw(client, data)
    try:
        answer = await asyncio.wait_for(reader.read(), timeout=30)
    finally:
        writer.close()
    status_line, _, rest = answer.partition(b"\r\n")
    assert b" 400 " in status_line, answer[:200]
    assert b"Server: citizenbot" in rest
    assert b"aiohttp" not in answer.lower() and b"python" not in answer.lower()
    assert_no_traceback(caplog)


QUERY_KEYS = [
    "/api/chat/notifications?user_id=nguoi-dan-42&api_key={key}",
    "/api/chat/notifications?user_id=nguoi-dan-42&token=anything",
    "/api/chat/notifications?user_id=nguoi-dan-42&k={key}",
    "/healthz?key={key}",
]


@pytest.mark.parametrize("path", QUERY_KEYS)
async def test_an_api_key_in_the_url_is_refused_and_never_logged(client, caplog, path):
    caplog.set_level(logging.INFO)
    async with client.get(path.format(key=KEY)) as resp:
        await assert_refused(resp, 400, "credentials_in_query", "query")
    async with client.get("/healthz") as resp:  # the access log does write requests
        assert resp.status == 200
    access = [r.getMessage() for r in caplog.records if r.name == "aiohttp.access"]
    assert any("/healthz" in line for line in access)
    assert KEY not in caplog.text


async def test_health_and_readiness_are_honest_during_an_outage(client, services):
    async with client.get("/readyz") as resp:
        assert (resp.status, (await resp.json())["ready"]) == (200, True)
    async with database_gone(services):
        async with client.get("/healthz") as resp:
            body = await resp.json()
            assert resp.status == 200  # the process lives: no restart for a database outage
            assert (body["status"], body["database"]) == ("degraded", "unavailable")
        async with client.get("/readyz") as resp:
            assert resp.status == 503
            assert (await resp.json()) == {"ready": False, "database": "unavailable"}
    async with client.get("/readyz") as resp:
        assert resp.status == 200


async def test_metrics_count_4xx_and_5xx_by_route(client, services):
    for _ in range(2):
        await client.post("/api/chat", json={"text": 5})
    await client.get("/wp-login.php")
    async with database_gone(services):
        await client.get("/api/chat/notifications?user_id=nguoi-dan-42", headers=WITH_KEY)
    async with client.get("/metrics") as resp:
        text = await resp.text()
    assert 'citizenbot_http_responses_total{route="/api/chat",status="4xx"} 2' in text
    assert 'citizenbot_http_responses_total{route="unmatched",status="4xx"} 1' in text
    assert 'citizenbot_http_responses_total{route="/api/chat/notifications",status="5xx"} 1' in text


# ---- rate limits ------------------------------------------------------------------------


def _browser(client) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(
        base_url=str(client.make_url("/")), cookie_jar=aiohttp.CookieJar(unsafe=True)
    )


async def test_a_user_over_the_limit_hears_once_then_nothing_until_the_minute_passes(client, clock):
    for _ in range(20):  # the shipped limit: 20 messages a minute
        async with client.post("/api/chat", json={"text": "xin chào"}) as resp:
            assert resp.status == 200
        clock.advance(1)
    async with client.post("/api/chat", json={"text": "xin chào"}) as resp:
        body = await assert_refused(resp, 429, "rate_limited", None)
        assert resp.headers["Retry-After"] == "40"
        (reply,) = body["replies"]
        assert reply["kind"] == "rate_limited" and "40 giây" in reply["text"]
    async with client.post("/api/chat", json={"text": "xin chào"}) as resp:
        body = await assert_refused(resp, 429, "rate_limited", None)
        assert body["replies"] == []  # silently refused

    async with _browser(client) as other, other.post("/api/chat", json={"text": "xin chào"}) as r:
        assert r.status == 200  # other users are unaffected

    clock.advance(40)
    async with client.post("/api/chat", json={"text": "xin chào"}) as resp:
        assert resp.status == 200


async def test_one_address_cannot_start_sessions_without_end(client, clock):
    for _ in range(5):  # this module's limit
        async with _browser(client) as http, http.post("/api/chat", json={"text": "hi"}) as resp:
            assert resp.status == 200
    async with _browser(client) as http, http.post("/api/chat", json={"text": "hi"}) as resp:
        body = await assert_refused(resp, 429, "rate_limited", None)
        assert "session" not in body and "Set-Cookie" not in resp.headers
        assert body["replies"][0]["kind"] == "rate_limited"
    clock.advance(60)
    async with _browser(client) as http, http.post("/api/chat", json={"text": "hi"}) as resp:
        assert resp.status == 200


async def test_pushes_are_limited_per_address_before_the_key_is_checked(client, clock):
    for _ in range(120):  # the shipped limit
        async with client.post(
            PUSH, json={"status": 9}, headers={"Authorization": "Bearer guess"}
        ) as r:
            assert r.status == 401
    async with client.post(PUSH, json={"status": 9}, headers=WITH_KEY) as resp:
        await assert_refused(resp, 429, "rate_limited", None)
    clock.advance(60)
    async with client.post(
        PUSH, json={"status": 9}, headers={"Authorization": "Bearer guess"}
    ) as r:
        assert r.status == 401


def test_the_shipped_limits_are_the_documented_ones():
    web = load_config(ROOT / "config.yml", env={}).web
    assert (web.messages_per_minute, web.pushes_per_minute_per_ip) == (20, 120)
