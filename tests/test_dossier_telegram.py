"""On Telegram: follow a dossier, and a status pushed by the centre arrives as a message."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.notifier import Notifier
from bot.web import create_app
from tests.fake_telegram import FakeTelegram
from tests.fixtures_dossiers import auth

CODE = "000.00.04.H51-250701-0001"
CITIZEN = 8080


@pytest.fixture
def notifier(dsvc, dossier_telegram) -> Notifier:
    """The dossier notifier, sending through the Telegram bot."""
    return Notifier(dsvc.dossiers, dsvc.registry, dossier_telegram.channel)


@pytest.fixture
async def centre(dsvc, notifier):
    """The web API the centre pushes a dossier's status to, over real HTTP."""
    client = TestClient(TestServer(create_app(dsvc, notifier)))
    await client.start_server()
    yield client
    await client.close()


async def _follow_on_telegram(fake: FakeTelegram) -> None:
    fake.user_sends_text(CITIZEN, f"tra cứu hồ sơ {CODE}")
    (answer,) = await fake.wait_for_method("sendMessage", timeout=60)
    assert "Đang xử lý" in answer["text"]
    message = next(m for m in fake.messages.values() if m.get("reply_markup"))
    since = len(fake.sent)
    fake.user_presses_button(CITIZEN, message["message_id"], f"follow:{CODE}")
    (followed,) = await fake.wait_for_method("sendMessage", since=since, timeout=60)
    assert "em sẽ nhắn anh/chị" in followed["text"]


async def test_status_pushed_by_the_centre_arrives_on_telegram(dsvc, dossier_telegram, centre):
    fake = dossier_telegram.fake
    await _follow_on_telegram(fake)

    since = len(fake.sent)
    resp = await centre.post(f"/api/dossiers/{CODE}/status", json={"status": 10}, headers=auth())
    assert resp.status == 200
    (pushed,) = await fake.wait_for_method("sendMessage", since=since, timeout=60)
    assert "Đang xử lý → Đã trả kết quả" in pushed["text"]
    assert pushed["parse_mode"] == "HTML"

    since = len(fake.sent)
    fake.user_sends_text(CITIZEN, "/huytheodoi")
    (stopped,) = await fake.wait_for_method("sendMessage", since=since, timeout=60)
    assert "đã dừng theo dõi" in stopped["text"]
    assert await dsvc.registry.subscribers(CODE) == []


async def test_user_who_blocked_the_bot_is_unsubscribed_not_retried(
    dsvc, dossier_telegram, notifier
):
    await _follow_on_telegram(dossier_telegram.fake)
    dossier_telegram.fake.block_user(CITIZEN)
    change = await dsvc.registry.record_status(CODE, 9)
    assert await notifier.notify(change) == 1  # queued; its delivery finds the block
    assert await dsvc.registry.subscribers(CODE) == []
    change = await dsvc.registry.record_status(CODE, 10)
    assert await notifier.notify(change) == 0
