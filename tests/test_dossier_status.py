"""A citizen checks where their dossier is, and follows it without calling the centre."""

from __future__ import annotations

import asyncio
import sqlite3
import threading

import pytest
from aiohttp import ClientSession
from sqlalchemy.engine import make_url

from bot.app import create_services
from bot.notifier import Notifier
from flows.types import Turn
from knowledge.dossiers.simulator import FAKE_PERSON, SAMPLE_DATA
from tests.conftest import SIM_CODE, Conversation, auth

CODE = "000.00.04.H51-250701-0001"

# (user says, the answer contains all of these)
LOOKUPS = [
    (
        f"tra cứu hồ sơ {CODE}",
        ["Đang xử lý", "Đăng ký khai sinh", "01/07/2025", "08/07/2025", "quá hạn 2 ngày"],
    ),
    ("hs mã 000.00.04.h51 250701 0001 sao rồi", [CODE, "Đang xử lý"]),
    (
        "000.00.04.H51 - 250701 - 0002",
        ["Yêu cầu bổ sung giấy tờ", "Giấy tờ chứng minh chỗ ở hợp pháp"],
    ),
    ("hồ sơ 000.00.04.H51-250702-0001", ["Đã trả kết quả", "Chứng thực bản sao"]),
    ("ho so 000.00.04.H51-250703-0001 den dau roi", ["Được tiếp nhận", "chưa quá hạn"]),
]


@pytest.fixture
def talk(dsvc) -> Conversation:
    return Conversation(dsvc, user_id="citizen-1", channel="web")


@pytest.mark.parametrize(("says", "expected"), LOOKUPS)
async def test_dossier_code_in_free_text_gets_its_status(talk, says, expected):
    await talk.say(says)
    for part in expected:
        assert part in talk.text, part
    assert "Nguồn: Trung tâm PVHCC" in talk.text


async def test_finished_dossier_is_never_called_overdue(talk):
    await talk.say("hồ sơ 000.00.04.H51-250702-0001")
    assert "quá hạn" not in talk.text


async def test_missing_code_is_asked_for_and_accepted_as_the_next_message(talk):
    await talk.say("hồ sơ của tôi nộp tuần trước đến đâu rồi")
    assert "mã hồ sơ" in talk.text and "000.00.04.H51-250701-0001" in talk.text
    await talk.say("000.00.04.h51-250703-0001")
    assert "Được tiếp nhận" in talk.text


async def test_malformed_code_gets_the_right_form_and_is_not_echoed(talk):
    await talk.say("tra cứu hồ sơ 000.00.04.H51-250701 0909123456")
    assert "chưa đúng định dạng" in talk.text
    assert "000.00.04.H51-250701-0001" in talk.text
    assert "0909123456" not in talk.text


async def test_unknown_code_says_so_and_where_to_ask(talk):
    await talk.say("tra cứu hồ sơ 000.00.04.H51-250101-0099")
    assert "chưa tìm thấy hồ sơ mã 000.00.04.H51-250101-0099" in talk.text
    assert "dichvucong.gov.vn" in talk.text


async def test_several_dossiers_in_one_conversation_and_one_message(talk):
    await talk.say(f"tra {CODE}")
    assert "Đang xử lý" in talk.text
    await talk.say("còn 000.00.04.H51-250702-0001 và 000.00.04.H51-250704-0001 thì sao")
    assert len(talk.last) == 2
    assert "Đã trả kết quả" in talk.last[0].text
    assert "Đã xử lý xong" in talk.last[1].text


async def test_provincial_source_answer_never_shows_personal_data(talk):
    await talk.say(f"tra cứu hồ sơ {SIM_CODE}")
    assert "Đang xử lý" in talk.text
    assert "Hệ thống một cửa tỉnh Thử" in talk.text
    for value in FAKE_PERSON.values():
        assert str(value) not in talk.text


async def test_personal_numbers_in_a_note_are_masked(dsvc, talk):
    await dsvc.registry.record_status(CODE, 5, note="Gọi anh A số 0912345678, CCCD 079099000001")
    await talk.say(f"tra {CODE}")
    assert "0912345678" not in talk.text and "079099000001" not in talk.text
    assert "***" in talk.text


FAULTS = [
    {"mode": "500", "count": 5},
    {"mode": "timeout", "count": 5},
    {"mode": "malformed", "count": 5},
    {"mode": "slow", "count": 5, "delay_s": 8},
]


@pytest.mark.parametrize("fault", FAULTS, ids=[f["mode"] for f in FAULTS])
async def test_provincial_outage_gets_a_clear_message_and_the_bot_keeps_going(
    dsvc, simulator, talk, fault
):
    async with _client(simulator) as client:
        await client.post("/_control/fail", json=fault)
    await talk.say(f"tra cứu hồ sơ {SIM_CODE}")
    assert "đang không phản hồi" in talk.text
    assert "Hệ thống một cửa tỉnh Thử" in talk.text
    await talk.say(f"tra {CODE}")
    assert "Đang xử lý" in talk.text


def _client(server) -> ClientSession:
    """A client for the simulator's control endpoints."""
    return ClientSession(base_url=f"http://127.0.0.1:{server.port}")


# ---- the centre pushes status changes ------------------------------------------------


async def test_status_push_needs_the_api_key(api):
    url = f"/api/dossiers/{CODE}/status"
    assert (await api.post(url, json={"status": 9})).status == 401
    assert (await api.post(url, json={"status": 9}, headers=auth("wrong"))).status == 401
    assert (await api.post(url, json={"status": 9}, headers=auth())).status == 200


BAD_PUSHES = [
    ("000.00.04.H51-2507", {"status": 9}, "bad_code"),
    (CODE, {"status": 11}, "bad_request"),
    (CODE, {"status": "9"}, "bad_request"),
    (CODE, {}, "bad_request"),
    (CODE, {"status": 9, "appointment_on": "15/07/2025"}, "bad_request"),
]


@pytest.mark.parametrize(("code", "body", "error"), BAD_PUSHES)
async def test_bad_status_push_is_refused_with_a_reason(api, code, body, error):
    resp = await api.post(f"/api/dossiers/{code}/status", json=body, headers=auth())
    assert resp.status == 400
    assert (await resp.json())["error"] == error


async def test_status_history_is_kept_not_overwritten(api, dsvc):
    before = len(await dsvc.registry.history(CODE))
    for status in (5, 4, 9):
        resp = await api.post(
            f"/api/dossiers/{CODE}/status",
            json={"status": status, "appointment_on": "2025-07-20"},
            headers=auth(),
        )
        assert resp.status == 200
    history = await dsvc.registry.history(CODE)
    assert [e.status for e in history[before:]] == [5, 4, 9]
    record = await dsvc.registry.lookup(CODE)
    assert record.status == 9 and str(record.appointment_on) == "2025-07-20"


async def test_many_concurrent_pushes_lose_no_update(api, dsvc):
    codes = [CODE, "000.00.04.H51-250703-0001"]
    before = {c: len(await dsvc.registry.history(c)) for c in codes}
    pushes = [(codes[i % 2], 1 + i % 10) for i in range(60)]
    responses = await asyncio.gather(
        *(
            api.post(f"/api/dossiers/{c}/status", json={"status": s}, headers=auth())
            for c, s in pushes
        )
    )
    assert [r.status for r in responses] == [200] * 60
    for code in codes:
        history = await dsvc.registry.history(code)
        new = history[before[code] :]
        assert sorted(e.status for e in new) == sorted(s for c, s in pushes if c == code)
        assert (await dsvc.registry.lookup(code)).status == new[-1].status


async def test_push_waits_out_a_briefly_locked_database(api, dsvc):
    path = make_url(dsvc.config.database_url).database
    locker = sqlite3.connect(path, check_same_thread=False)
    locker.execute("BEGIN EXCLUSIVE")
    timer = threading.Timer(1.0, locker.rollback)
    timer.start()
    try:
        resp = await api.post(f"/api/dossiers/{CODE}/status", json={"status": 9}, headers=auth())
    finally:
        timer.join()
        locker.close()
    assert resp.status == 200
    assert (await dsvc.registry.lookup(CODE)).status == 9


# ---- follow-up ---------------------------------------------------------------------


async def _messages(api, user_id: str) -> list[str]:
    resp = await api.get("/api/chat/notifications", params={"user_id": user_id}, headers=auth())
    return [m["text"] for m in (await resp.json())["messages"]]


async def _wait_messages(api, user_id: str, count: int) -> list[str]:
    got: list[str] = []
    for _ in range(100):
        got += await _messages(api, user_id)
        if len(got) >= count:
            return got
        await asyncio.sleep(0.05)
    raise AssertionError(f"expected {count} messages, got {got}")


async def test_followed_dossier_sends_one_web_message_per_change(api):
    resp = await api.post(
        "/api/chat", json={"user_id": "w1", "text": f"tra {CODE}"}, headers=auth()
    )
    buttons = (await resp.json())["replies"][0]["buttons"]
    assert {"label": "Theo dõi hồ sơ", "payload": f"follow:{CODE}"} in buttons
    resp = await api.post(
        "/api/chat", json={"user_id": "w1", "payload": f"follow:{CODE}"}, headers=auth()
    )
    assert "em sẽ nhắn anh/chị" in (await resp.json())["replies"][0]["text"]

    await api.post(f"/api/dossiers/{CODE}/status", json={"status": 9}, headers=auth())
    (message,) = await _wait_messages(api, "w1", 1)
    assert "Đang xử lý → Đã xử lý xong" in message
    await api.post(f"/api/dossiers/{CODE}/status", json={"status": 9}, headers=auth())
    await api.post(f"/api/dossiers/{CODE}/status", json={"status": 10}, headers=auth())
    (message,) = await _wait_messages(api, "w1", 1)
    assert "Đã xử lý xong → Đã trả kết quả" in message
    assert await _messages(api, "w1") == []


async def test_unfollow_command_stops_the_messages(api):
    await api.post("/api/chat", json={"user_id": "w2", "payload": f"follow:{CODE}"}, headers=auth())
    resp = await api.post(
        "/api/chat", json={"user_id": "w2", "payload": "cmd:unfollow"}, headers=auth()
    )
    assert "đã dừng theo dõi 1 hồ sơ" in (await resp.json())["replies"][0]["text"]
    await api.post(f"/api/dossiers/{CODE}/status", json={"status": 8}, headers=auth())
    await asyncio.sleep(0.3)
    assert await _messages(api, "w2") == []


async def test_polling_a_provincial_source_finds_the_change(api, dsvc, simulator):
    await api.post(
        "/api/chat", json={"user_id": "w3", "payload": f"follow:{SIM_CODE}"}, headers=auth()
    )
    notifier = Notifier(dsvc.dossiers, dsvc.registry)
    assert await notifier.poll() == 0
    async with _client(simulator) as client:
        await client.post(f"/_control/{SIM_CODE}", json={"status": 9})
    assert await notifier.poll() == 1
    (message,) = await _messages(api, "w3")
    assert "Đang xử lý → Đã xử lý xong" in message
    assert await notifier.poll() == 0


async def test_subscriptions_survive_a_restart(dossier_config):
    first = await create_services(dossier_config)
    try:
        await first.registry.import_csv(SAMPLE_DATA)
        await first.dialogue.handle(Turn(channel="web", user_id="w4", payload=f"follow:{CODE}"))
    finally:
        await first.close()
    second = await create_services(dossier_config)
    try:
        change = await second.registry.record_status(CODE, 10)
        notes = await second.dossiers.notifications_for(change)
        assert [(n.channel, n.user_id) for n in notes] == [("web", "w4")]
    finally:
        await second.close()


async def test_deleting_my_data_removes_my_subscriptions(api, dsvc):
    await api.post("/api/chat", json={"user_id": "w5", "payload": f"follow:{CODE}"}, headers=auth())
    ask = {"user_id": "w5", "text": "xóa dữ liệu của tôi"}
    await api.post("/api/chat", json=ask, headers=auth())
    await api.post("/api/chat", json={"user_id": "w5", "payload": "delete:yes"}, headers=auth())
    assert await dsvc.registry.subscribers(CODE) == []


def test_update_time_is_shown_in_vietnam_time():
    import datetime as dt

    from flows.format import date_time

    assert date_time(dt.datetime(2026, 11, 22, 20, 30, tzinfo=dt.UTC)) == "23/11/2026 03:30"
    assert date_time(dt.datetime(2026, 11, 22, 1, 5)) == "22/11/2026 08:05"


async def test_identical_pushes_at_once_are_announced_once(api):
    await api.post("/api/chat", json={"user_id": "w6", "payload": f"follow:{CODE}"}, headers=auth())
    url = f"/api/dossiers/{CODE}/status"
    responses = await asyncio.gather(
        *(api.post(url, json={"status": 9}, headers=auth()) for _ in range(10))
    )
    assert {r.status for r in responses} == {200}
    (message,) = await _wait_messages(api, "w6", 1)
    assert "Đang xử lý → Đã xử lý xong" in message
    await asyncio.sleep(0.3)
    assert await _messages(api, "w6") == []
