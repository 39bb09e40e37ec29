"""Who may speak in the web chat: the server's signed session, or the API key.

A web user's id is chosen and signed by the server on the first turn; the browser keeps
it as a cookie, an API client as the `session` in the JSON. Nobody else can read,
continue or delete that conversation by naming the id.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.config import ConfigError, parse_config
from bot.settings_model import WebSection
from bot.web import BACKGROUND, create_app
from bot.web_session import (
    COOKIE,
    InvalidSession,
    SessionSigner,
    process_secret,
)
from tests.conftest import auth
from tests.test_web_api import FakeClock

CODE = "000.00.04.H51-250701-0001"  # in the sample registry the `dsvc` services load
SECRET = b"s" * 32
DAY = 86400


# ---- tokens -------------------------------------------------------------------------------


def _signer(clock: FakeClock, secret: bytes = SECRET, days: float = 30) -> SessionSigner:
    return SessionSigner(secret, days * DAY, clock)


def _other_users_token(token: str, other: str) -> str:
    version, _user, issued, signature = token.split(".")
    return ".".join((version, other, issued, signature))


def _flip_last(token: str) -> str:
    return token[:-1] + ("A" if token[-1] != "A" else "B")


FORGERIES = [
    ("signature changed", _flip_last),
    ("truncated", lambda t: t[:-5]),
    ("another user's id under this signature", lambda t: _other_users_token(t, "web-victim")),
    ("signature dropped", lambda t: t.rsplit(".", 1)[0]),
    ("another version", lambda t: "v2" + t[2:]),
    ("empty", lambda t: ""),
    ("garbage", lambda t: "....."),
    ("non-ASCII", lambda t: t + "é"),
    ("very long", lambda t: t + "A" * 5000),
]


@pytest.mark.parametrize(("case", "forge"), FORGERIES, ids=[c for c, _ in FORGERIES])
def test_a_forged_token_is_refused(case, forge):
    signer = _signer(FakeClock())
    token = signer.issue().token
    assert signer.verify(token).token == token
    with pytest.raises(InvalidSession):
        signer.verify(forge(token))


EVENT_FORGERIES = [
    ("signature changed", _flip_last),
    ("no signature", lambda e: e.split(".")[0]),
    ("empty signature", lambda e: e.split(".")[0] + "."),
    ("no event", lambda e: "." + e.split(".")[1]),
    ("a dot too many", lambda e: "x." + e),
    ("empty", lambda e: ""),
    ("non-ASCII", lambda e: e + "é"),
    ("very long", lambda e: e + "A" * 5000),
]


@pytest.mark.parametrize(("case", "forge"), EVENT_FORGERIES, ids=[c for c, _ in EVENT_FORGERIES])
def test_a_pushed_event_id_is_handed_back_only_as_signed_for_its_user(case, forge):
    signer = _signer(FakeClock())
    event_id = signer.sign_event("web-lan", "42")
    assert signer.verify_event("web-lan", event_id) == "42"
    with pytest.raises(InvalidSession):
        signer.verify_event("web-minh", event_id)  # another user's
    with pytest.raises(InvalidSession):
        signer.verify_event("web-lan", forge(event_id))


def test_a_token_signed_with_another_secret_is_refused():
    clock = FakeClock()
    token = _signer(clock, b"x" * 32).issue().token
    with pytest.raises(InvalidSession):
        _signer(clock).verify(token)


def test_a_session_expires_after_its_days_unless_used():
    clock = FakeClock()
    signer = _signer(clock, days=30)
    session = signer.issue()
    clock.advance(2 * DAY)
    assert signer.needs_refresh(signer.verify(session.token))
    clock.advance(29 * DAY)
    with pytest.raises(InvalidSession):
        signer.verify(session.token)


def test_each_new_session_is_a_new_unguessable_user():
    signer = _signer(FakeClock())
    ids = {signer.issue().user_id for _ in range(100)}
    assert len(ids) == 100
    assert all(i.startswith("web-") and len(i) >= 24 for i in ids)


def test_without_a_configured_secret_one_warning_says_sessions_end_at_restart(caplog):
    process_secret.cache_clear()
    with caplog.at_level(logging.WARNING, logger="bot.web_session"):
        first = SessionSigner.from_settings(WebSection())
        second = SessionSigner.from_settings(WebSection())
    warnings = [r for r in caplog.records if "CITIZENBOT_SESSION_SECRET" in r.getMessage()]
    assert len(warnings) == 1 and "restart" in warnings[0].getMessage()
    assert second.verify(first.issue().token)


def test_the_session_secret_comes_from_the_environment_and_must_be_long():
    secret = "k" * 40
    config = parse_config({}, env={"CITIZENBOT_SESSION_SECRET": secret})
    assert config.web.session_secret == secret
    assert secret not in repr(config)
    with pytest.raises(ConfigError, match="CITIZENBOT_SESSION_SECRET must be at least 32"):
        parse_config({}, env={"CITIZENBOT_SESSION_SECRET": "short"})


def test_the_web_section_of_config_yml_is_read():
    config = parse_config({"web": {"messages_per_minute": 5, "session_days": 7}}, env={})
    assert (config.web.messages_per_minute, config.web.session_days) == (5, 7)
    assert parse_config({}, env={}).web.messages_per_minute == 20
    with pytest.raises(ConfigError, match="web.messages_per_minute must be a number"):
        parse_config({"web": {"messages_per_minute": "many"}}, env={})


# ---- the stories over HTTP -------------------------------------------------------------------


def _session_of(client) -> aiohttp.ClientSession:
    """Another browser on the same server, with its own cookie jar."""
    return aiohttp.ClientSession(
        base_url=str(client.make_url("/")), cookie_jar=aiohttp.CookieJar(unsafe=True)
    )


def _api_client(client) -> aiohttp.ClientSession:
    """A client that keeps no cookies (it sends the JSON token, or whatever it is given)."""
    return aiohttp.ClientSession(
        base_url=str(client.make_url("/")), cookie_jar=aiohttp.DummyCookieJar()
    )


async def _say(http, body: dict, **kwargs) -> tuple[int, dict]:
    async with http.post("/api/chat", json=body, **kwargs) as resp:
        return resp.status, await resp.json()


async def _notifications(http, **kwargs) -> tuple[int, dict]:
    async with http.get("/api/chat/notifications", **kwargs) as resp:
        return resp.status, await resp.json()


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
async def chat(dsvc, clock):
    """The web app (with the sample dossiers and the centre's API key) over real HTTP."""
    client = TestClient(TestServer(create_app(dsvc, clock=clock)))
    await client.start_server()
    yield client
    await client.close()


async def _delivered(client) -> None:
    """Wait until the app's background work (notifying followers) has finished."""
    await asyncio.gather(*client.server.app[BACKGROUND])


async def test_a_browser_keeps_its_conversation_through_the_cookie(chat):
    async with chat.post("/api/chat", json={"text": "nhập hộ khẩu cần gì"}) as resp:
        first = await resp.json()
        assert resp.status == 200 and first["session"]
        cookie = resp.cookies[COOKIE]
    assert cookie.value == first["session"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == "/api/chat"
    assert not cookie["secure"]  # plain http here; behind https it is Secure (below)

    status, second = await _say(chat, {"payload": "intent:ask_procedure_fee"})
    assert status == 200 and "20.000 đồng" in second["replies"][0]["text"]


async def test_the_cookie_is_secure_when_the_request_came_over_https(chat):
    async with chat.post(
        "/api/chat", json={"text": "xin chào"}, headers={"X-Forwarded-Proto": "https"}
    ) as resp:
        assert "Secure" in resp.headers["Set-Cookie"]
        assert "HttpOnly" in resp.headers["Set-Cookie"]


async def test_an_api_client_keeps_its_conversation_with_the_json_token(chat):
    async with _api_client(chat) as http:
        _, first = await _say(http, {"text": "nhập hộ khẩu cần gì"})
        token = first["session"]
        status, second = await _say(
            http, {"payload": "intent:ask_procedure_fee"}, headers={"X-Session": token}
        )
        assert status == 200 and "20.000 đồng" in second["replies"][0]["text"]
        assert second["session"] == token

        # Without its token the client is somebody new, with no context.
        _, fresh = await _say(http, {"payload": "intent:ask_procedure_fee"})
        assert fresh["session"] != token
        assert "20.000 đồng" not in fresh["replies"][0]["text"]


async def test_a_stranger_cannot_continue_or_delete_anothers_conversation(chat):
    _, alice = await _say(chat, {"text": "nhập hộ khẩu cần gì"})
    alice_id = alice["session"].split(".")[1]  # the id is no secret; the signature is

    async with _session_of(chat) as mallory:
        attempts = [
            {"user_id": alice_id, "text": "làm giấy khai sinh cần gì"},
            {"user_id": alice_id, "payload": "delete:yes"},
        ]
        for body in attempts:
            status, refusal = await _say(mallory, body)
            assert status == 401
            assert (refusal["error"], refusal["field"]) == ("session_required", "session")
            assert "replies" not in refusal

        _, own = await _say(mallory, {"text": "xin chào"})  # Mallory's own session...
        for body in attempts:  # ... does not make her Alice either
            status, refusal = await _say(mallory, body)
            assert status == 403
            assert (refusal["error"], refusal["field"]) == ("forbidden", "user_id")
        forged = _other_users_token(own["session"], alice_id)
        status, refusal = await _say(mallory, attempts[1], headers={"X-Session": forged})
        assert (status, refusal["error"]) == (401, "invalid_session")

    # Nothing happened to Alice's conversation: her context is still the hộ khẩu question.
    status, reply = await _say(chat, {"payload": "intent:ask_procedure_fee"})
    assert status == 200 and "20.000 đồng" in reply["replies"][0]["text"]


@pytest.mark.parametrize(("case", "forge"), FORGERIES[:4], ids=[c for c, _ in FORGERIES[:4]])
async def test_a_forged_cookie_is_refused_and_cleared(chat, case, forge):
    _, first = await _say(chat, {"text": "nhập hộ khẩu cần gì"})
    cookie = {"Cookie": f"{COOKIE}={forge(first['session'])}"}
    async with _api_client(chat) as forger:
        async with forger.post("/api/chat", json={"payload": "delete:yes"}, headers=cookie) as resp:
            assert resp.status == 401
            assert (await resp.json())["error"] == "invalid_session"
            assert "Max-Age=0" in resp.headers["Set-Cookie"]
    status, reply = await _say(chat, {"payload": "intent:ask_procedure_fee"})
    assert status == 200 and "20.000 đồng" in reply["replies"][0]["text"]


async def test_deleting_my_data_needs_my_session_and_ends_it(chat, dsvc):
    await _say(chat, {"payload": f"follow:{CODE}"})
    assert len(await dsvc.registry.subscribers(CODE)) == 1

    async with _session_of(chat) as stranger:
        await _say(stranger, {"text": "xin chào"})
        alice_id = (await dsvc.registry.subscribers(CODE))[0].user_id
        status, _ = await _say(stranger, {"user_id": alice_id, "payload": "delete:yes"})
        assert status == 403
    assert len(await dsvc.registry.subscribers(CODE)) == 1

    await _say(chat, {"text": "xóa dữ liệu của tôi"})
    async with chat.post("/api/chat", json={"payload": "delete:yes"}) as resp:
        body = await resp.json()
        assert resp.status == 200 and body["replies"][0]["kind"] == "deleted"
        assert body["session"] is None and "Max-Age=0" in resp.headers["Set-Cookie"]
    assert await dsvc.registry.subscribers(CODE) == []


async def test_only_the_follower_reads_its_notifications_and_head_uses_none(chat):
    await _say(chat, {"payload": f"follow:{CODE}"})
    alice_id = chat.session.cookie_jar.filter_cookies(chat.make_url("/api/chat"))[
        COOKIE
    ].value.split(".")[1]
    async with chat.post(f"/api/dossiers/{CODE}/status", json={"status": 9}, headers=auth()):
        pass
    await _delivered(chat)

    async with _session_of(chat) as mallory:
        status, refusal = await _notifications(mallory, params={"user_id": alice_id})
        assert (status, refusal["error"]) == (401, "session_required")
        status, _ = await _notifications(mallory)
        assert status == 401
        await _say(mallory, {"text": "xin chào"})
        status, refusal = await _notifications(mallory, params={"user_id": alice_id})
        assert (status, refusal["error"]) == (403, "forbidden")
        async with mallory.head("/api/chat/notifications", params={"user_id": alice_id}) as resp:
            assert resp.status == 403

    for _ in range(3):
        async with chat.head("/api/chat/notifications") as resp:
            assert resp.status == 200
    status, got = await _notifications(chat)
    assert status == 200 and len(got["messages"]) == 1
    assert "Đang xử lý → Đã xử lý xong" in got["messages"][0]["text"]
    assert (await _notifications(chat))[1] == {"messages": []}


async def test_the_api_key_may_speak_for_anyone_and_nothing_else_may(chat):
    await _say(chat, {"user_id": "portal-7", "payload": f"follow:{CODE}"}, headers=auth())
    async with chat.post(f"/api/dossiers/{CODE}/status", json={"status": 9}, headers=auth()):
        pass
    await _delivered(chat)

    status, refusal = await _notifications(chat, params={"user_id": "portal-7"}, headers=auth("x"))
    assert (status, refusal["error"]) == (401, "unauthorized")
    status, refusal = await _notifications(chat, headers=auth())
    assert (status, refusal["field"]) == (400, "user_id")
    status, got = await _notifications(chat, params={"user_id": "portal-7"}, headers=auth())
    assert status == 200 and len(got["messages"]) == 1

    status, refusal = await _say(chat, {"user_id": "portal-7", "text": "hi"}, headers=auth("x"))
    assert (status, refusal["error"]) == (401, "unauthorized")
    status, body = await _say(chat, {"user_id": "portal-8", "text": "xin chào"}, headers=auth())
    assert status == 200 and "session" not in body


async def test_a_cookie_sent_from_another_site_is_refused(chat):
    await _say(chat, {"text": "xin chào"})
    async with chat.get(
        "/api/chat/notifications", headers={"Sec-Fetch-Site": "cross-site"}
    ) as resp:
        assert resp.status == 403
        assert (await resp.json())["error"] == "cross_site"


async def test_an_active_session_slides_forward_and_an_abandoned_one_ends(chat, clock):
    _, first = await _say(chat, {"text": "nhập hộ khẩu cần gì"})
    clock.advance(2 * DAY)
    async with chat.post("/api/chat", json={"payload": "intent:ask_procedure_fee"}) as resp:
        body = await resp.json()
        assert "20.000 đồng" in body["replies"][0]["text"]
        assert body["session"] != first["session"]  # re-issued, same user
        assert body["session"].split(".")[1] == first["session"].split(".")[1]
        assert COOKIE in resp.cookies
    clock.advance(31 * DAY)
    status, refusal = await _say(chat, {"text": "xin chào"})
    assert (status, refusal["error"]) == (401, "invalid_session")


async def test_with_a_configured_secret_a_session_survives_a_restart(dsvc):
    services = replace(dsvc, config=replace(dsvc.config, web=WebSection(session_secret="k" * 40)))
    before = TestClient(TestServer(create_app(services)))
    await before.start_server()
    try:
        _, first = await _say(before, {"text": "nhập hộ khẩu cần gì"})
    finally:
        await before.close()
    after = TestClient(TestServer(create_app(services)))
    await after.start_server()
    try:
        status, reply = await _say(
            after, {"payload": "intent:ask_procedure_fee"}, headers={"X-Session": first["session"]}
        )
        assert status == 200 and "20.000 đồng" in reply["replies"][0]["text"]
    finally:
        await after.close()
