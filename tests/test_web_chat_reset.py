""" "Xóa cuộc trò chuyện" over real HTTP: the bot starts the conversation afresh.

A resident who clears the chat expects the bot to forget what they were talking about:
asking the fee now is a new question, not the fee of the procedure asked before. It is
still the same resident (the same session), so the dossier they follow still has its
news for them, and a request for a person they made goes on (they are told so). Only the
resident's own session may clear their conversation, and only from the chat's own page.
"""

from __future__ import annotations

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.web import create_app
from bot.web_session import COOKIE
from flows.fresh_start import PERSON_STILL_OPEN, fresh_state, start_afresh
from flows.state import AskPlace, ConversationState, Then, UnitRef
from tests.conftest import auth
from tests.fakes import FakeUnitOfWork

CODE = "000.00.04.H51-250701-0001"  # in the sample registry the `dsvc` services load
WARD = "phường Bến Thành, TP Hồ Chí Minh"
HO_KHAU_FEE = "20.000 đồng"  # the answer to "lệ phí?" right after "nhập hộ khẩu cần gì"


@pytest.fixture
async def chat(dsvc):
    """The web app (sample dossiers, the centre's API key) over real HTTP; its cookie jar
    is the resident's browser."""
    client = TestClient(TestServer(create_app(dsvc)))
    await client.start_server()
    yield client
    await client.close()


async def say(http, body: dict, **kwargs) -> tuple[int, dict]:
    async with http.post("/api/chat", json=body, **kwargs) as resp:
        return resp.status, await resp.json()


async def clear(http, body: dict | None = None, **kwargs) -> tuple[int, dict]:
    """What the page sends when "Xóa cuộc trò chuyện" is pressed."""
    async with http.post("/api/chat/reset", json={} if body is None else body, **kwargs) as resp:
        return resp.status, await resp.json()


def first_text(body: dict) -> str:
    return body["replies"][0]["text"]


async def test_after_clearing_the_bot_no_longer_answers_about_the_procedure_asked_before(chat):
    _, first = await say(chat, {"text": "nhập hộ khẩu cần gì"})
    # before clearing, the fee is the hộ khẩu's (the conversation's context)
    _, fee = await say(chat, {"payload": "intent:ask_procedure_fee"})
    assert HO_KHAU_FEE in first_text(fee)

    status, cleared = await clear(chat)
    assert status == 200
    assert cleared == {"replies": [], "session": first["session"]}  # the same session

    _, fee = await say(chat, {"payload": "intent:ask_procedure_fee"})
    assert HO_KHAU_FEE not in first_text(fee)
    assert "thủ tục nào" in first_text(fee)  # asked which procedure, as a new resident is
    assert fee["session"] == first["session"]


async def test_clearing_forgets_the_place_but_not_the_dossier_followed(chat, dsvc):
    await say(chat, {"payload": f"follow:{CODE}"})
    await say(chat, {"text": WARD})
    _, where = await say(chat, {"text": "trung tâm hành chính công ở đâu"})
    assert "Bến Thành" in first_text(where)  # the place told before

    assert (await clear(chat))[0] == 200

    _, where = await say(chat, {"text": "trung tâm hành chính công ở đâu"})
    assert "Bến Thành" not in first_text(where)
    assert "cho em biết tên phường/xã" in first_text(where)  # asked where, again
    [follower] = await dsvc.registry.subscribers(CODE)  # the news still comes
    assert follower.user_id.startswith("web-")


async def test_a_request_for_a_person_goes_on_after_clearing_and_the_resident_is_told(chat):
    await say(chat, {"text": WARD})
    _, asked = await say(chat, {"payload": "cmd:human"})
    assert "yêu cầu số" in first_text(asked)

    status, cleared = await clear(chat)
    assert status == 200
    [told] = cleared["replies"]
    assert told["kind"] == PERSON_STILL_OPEN
    assert "vẫn đang chờ người nhận" in told["text"] and "/xong" in told["text"]

    # "/xong" still ends it: the request was kept
    _, ended = await say(chat, {"text": "/xong"})
    assert "yêu cầu số" in first_text(ended)
    _, cleared = await clear(chat)
    assert cleared["replies"] == []  # nothing goes on any more


async def test_clearing_needs_the_residents_own_session_from_the_chats_own_page(chat):
    # nobody to clear: no session yet
    status, refusal = await clear(chat)
    assert (status, refusal["error"]) == (401, "session_required")
    _, first = await say(chat, {"text": "nhập hộ khẩu cần gì"})
    resident = first["session"].split(".")[1]

    # another site's page: its form cannot send JSON, its script's cookie is refused
    async with chat.post("/api/chat/reset", data="user_id=x") as resp:
        assert resp.status == 415
    status, refusal = await clear(chat, headers={"Sec-Fetch-Site": "cross-site"})
    assert (status, refusal["error"]) == (403, "cross_site")
    # another browser naming the resident, with its own session or without one
    jar = aiohttp.CookieJar(unsafe=True)
    base = str(chat.make_url("/"))
    async with aiohttp.ClientSession(base_url=base, cookie_jar=jar) as stranger:
        status, refusal = await clear(stranger, {"user_id": resident})
        assert (status, refusal["error"]) == (401, "session_required")
        await say(stranger, {"text": "xin chào"})
        status, refusal = await clear(stranger, {"user_id": resident})
        assert (status, refusal["error"]) == (403, "forbidden")
        status, refusal = await clear(stranger, {"text": "xin chào"})
        assert (status, refusal["field"]) == (400, "body")

    # nothing happened to the resident's conversation
    _, fee = await say(chat, {"payload": "intent:ask_procedure_fee"})
    assert HO_KHAU_FEE in first_text(fee)


async def test_a_portal_with_the_api_key_clears_the_conversation_of_the_user_it_names(chat):
    await say(chat, {"user_id": "portal-7", "text": "nhập hộ khẩu cần gì"}, headers=auth())
    status, cleared = await clear(chat, {"user_id": "portal-7"}, headers=auth())
    assert (status, cleared) == (200, {"replies": []})
    _, fee = await say(
        chat, {"user_id": "portal-7", "payload": "intent:ask_procedure_fee"}, headers=auth()
    )
    assert HO_KHAU_FEE not in first_text(fee)


async def test_a_cookie_the_server_did_not_sign_clears_nothing(chat):
    await say(chat, {"text": "nhập hộ khẩu cần gì"})
    forged = {"Cookie": f"{COOKIE}=v1.web-someone.1.AAAA"}
    async with aiohttp.ClientSession(
        base_url=str(chat.make_url("/")), cookie_jar=aiohttp.DummyCookieJar()
    ) as forger:
        status, refusal = await clear(forger, headers=forged)
    assert (status, refusal["error"]) == (401, "invalid_session")


# ---- what is forgotten and what is kept ------------------------------------------------------


def test_a_fresh_start_keeps_only_the_person_to_person_bindings():
    talked = ConversationState(
        procedure="1.001234",
        aspects=("fee",),
        pending=AskPlace(Then.CENTRE),
        turns=7,
        unit=UnitRef("79", "ben-thanh"),
        dossiers=[CODE],
        dossier_turn=5,
        last_question="lệ phí bao nhiêu",
        handoff=120345,
        helping=None,
        volunteer=True,
    )
    assert fresh_state(talked) == ConversationState(turns=7, handoff=120345, volunteer=True)


async def test_nothing_is_written_for_somebody_who_never_talked(fake_dialogue, memory_store):
    assert await start_afresh(fake_dialogue, "web", "web-new") == []
    async with FakeUnitOfWork(memory_store) as uow:
        assert (await uow.load_conversation("web", "web-new")).version == 0
