"""The whole story on Telegram, as the reviewer will try it: the real Application talks
over HTTP to a fake Bot API; an admin makes an invitation with the CLI, a second account
opens it and becomes a volunteer, a citizen asks for a person, the volunteer claims the
request, messages go both ways through the bot, ``/xong`` ends it. A third account
cannot claim a taken request, a forged invitation is refused, no personal number
reaches the volunteer, and a volunteer's checklist card arrives as a photo."""

from __future__ import annotations

import asyncio
import io
import os
import re
import subprocess
import sys

import pytest
from PIL import Image

from tests.conftest import ROOT
from tests.fake_telegram import BOT_USERNAME, FakeTelegram
from tests.on_telegram import Chats

# chat ids as long as real ones: a request's random six-digit number never holds one by
# chance (7002 was once inside a request number, and the leak check failed)
VOLUNTEER, CITIZEN = 5_170_007_001, 5_170_007_002
OTHER_VOLUNTEER, STRANGER = 5_170_007_003, 5_170_007_004
WARD = "phường Bến Thành, TP Hồ Chí Minh"
WAIT = 60.0  # an upper bound on waiting for an event, for a loaded machine


def run_cli(config, fake: FakeTelegram, *args: str) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "NO_PROXY": "127.0.0.1,localhost",
        "PTB_TIMEDELTA": "1",
        "CITIZENBOT_DATABASE_URL": config.database_url,
        "CITIZENBOT_CACHE_DIR": str(config.cache_dir),
        "TELEGRAM_BOT_TOKEN": fake.token,
        "TELEGRAM_BASE_URL": fake.base_url,
    }
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def chats(telegram) -> Chats:
    """What each account on ``telegram`` was sent, and its buttons."""
    return Chats(telegram.fake, wait=WAIT)


@pytest.fixture
def invite(config, telegram):
    """``await invite()``: an admin runs ``citizenbot volunteer invite --unit WARD`` on
    the server, as a real process; what it did."""

    async def run() -> subprocess.CompletedProcess:
        return await asyncio.to_thread(
            run_cli, config, telegram.fake, "volunteer", "invite", "--unit", WARD
        )

    return run


async def joins_as_volunteer(chats: Chats, invite, account: int) -> None:
    """``account`` opens a new invitation to WARD and confirms: a volunteer of the ward."""
    token = re.search(r"start=([A-Za-z0-9_-]{32})", (await invite()).stdout).group(1)
    mark = chats.mark()
    chats.fake.user_sends_text(account, f"/start {token}")
    confirm = await chats.message(account, "xác nhận", mark)
    chats.press(account, confirm, "Xác nhận tham gia")
    await chats.message(account, "Chào mừng", mark)


async def test_volunteer_invitation_handoff_relay_and_end_over_telegram(telegram, chats, invite):
    fake = telegram.fake

    # An admin makes an invitation on the server; it prints the deep link.
    done = await invite()
    assert done.returncode == 0, done.stderr
    link = re.search(rf"https://t\.me/{BOT_USERNAME}\?start=([A-Za-z0-9_-]{{32}})", done.stdout)
    assert link, done.stdout
    token = link.group(1)

    # A second account opens it and confirms: a volunteer of Phường Bến Thành.
    mark = chats.mark()
    fake.user_sends_text(VOLUNTEER, f"/start {token}")
    confirm = await chats.message(VOLUNTEER, "Phường Bến Thành", mark)
    chats.press(VOLUNTEER, confirm, "Xác nhận tham gia")
    await chats.message(VOLUNTEER, "Chào mừng", mark)

    # The same link cannot be used twice; a made-up one is refused politely.
    mark = chats.mark()
    fake.user_sends_text(STRANGER, f"/start {token}")
    await chats.message(STRANGER, "đã được dùng", mark)
    fake.user_sends_text(STRANGER, "/start " + "x" * 32)
    await chats.message(STRANGER, "không hợp lệ", mark)

    # Another volunteer of the same ward, invited the same way.
    await joins_as_volunteer(chats, invite, OTHER_VOLUNTEER)

    # A citizen of that ward asks for a person.
    mark = chats.mark()
    fake.user_sends_text(CITIZEN, WARD)
    await chats.message(CITIZEN, "Bến Thành", mark)
    mark = chats.mark()
    fake.user_sends_text(CITIZEN, "cho tôi gặp người hỗ trợ")
    opened = await chats.message(CITIZEN, "yêu cầu số", mark)
    number = re.search(r"yêu cầu số (\d{6})", opened["text"]).group(1)
    notice = await chats.message(VOLUNTEER, f"Yêu cầu hỗ trợ số {number}", mark)
    other_notice = await chats.message(OTHER_VOLUNTEER, f"Yêu cầu hỗ trợ số {number}", mark)

    # The first volunteer claims it; the other sees who took it and cannot claim it.
    mark = chats.mark()
    chats.press(VOLUNTEER, notice, "Nhận hỗ trợ")
    await chats.message(VOLUNTEER, f"Anh/chị đã nhận yêu cầu số {number}", mark)
    await chats.message(CITIZEN, "Tình nguyện viên Tổ công nghệ số Phường Bến Thành", mark)
    await chats.message(OTHER_VOLUNTEER, "đã được TNV số", mark)
    chats.press(OTHER_VOLUNTEER, other_notice, "Nhận hỗ trợ")
    await chats.message(OTHER_VOLUNTEER, "nhận trước", mark)
    # A stranger pressing a forged claim button is not a volunteer.
    fake.user_presses_button(STRANGER, 1, f"hclaim:{number}")
    await chats.message(STRANGER, "chưa là tình nguyện viên", mark)

    # Relayed both ways; personal numbers never reach the volunteer.
    mark = chats.mark()
    fake.user_sends_text(CITIZEN, "CCCD của tôi là 079123456789, số điện thoại 0912 345 678")
    relayed = await chats.message(VOLUNTEER, f"Yêu cầu số {number}", mark)
    assert "079123456789" not in relayed["text"] and "0912" not in relayed["text"]
    assert "[số]" in relayed["text"]
    fake.user_sends_text(VOLUNTEER, "Anh/chị mang giấy khai sinh của cháu đến phường nhé.")
    answer = await chats.message(CITIZEN, "mang giấy khai sinh", mark)
    assert answer["text"].startswith("Tình nguyện viên Tổ công nghệ số Phường Bến Thành:")
    assert str(VOLUNTEER) not in answer["text"]
    assert not any(
        str(CITIZEN) in text or "079123456789" in text for text in chats.texts(VOLUNTEER, 0)
    )

    # /xong ends it; the citizen is asked to rate the help.
    mark = chats.mark()
    fake.user_sends_text(VOLUNTEER, "/xong")
    await chats.message(VOLUNTEER, "Đã kết thúc", mark)
    rating = await chats.message(CITIZEN, "chấm điểm", mark)
    chats.press(CITIZEN, rating, "5")
    await chats.message(CITIZEN, "cảm ơn anh/chị đã chấm điểm", mark)


async def test_a_volunteer_turns_an_answer_into_a_card_with_a_photo(telegram, chats, invite):
    await joins_as_volunteer(chats, invite, VOLUNTEER)

    mark = chats.mark()
    telegram.fake.user_sends_text(VOLUNTEER, "làm giấy khai sinh cho con cần giấy tờ gì")
    answer = await chats.message(VOLUNTEER, "khai sinh", mark)
    mark = chats.mark()
    chats.press(VOLUNTEER, answer, "Tạo phiếu cho người dân")
    card = await chats.message(VOLUNTEER, "Phiếu cho người dân", mark)
    assert "Nguồn" in card["text"]
    [photo] = await telegram.fake.wait_for_method("sendPhoto", since=mark, timeout=WAIT)
    assert photo["chat_id"] == VOLUNTEER
    assert Image.open(io.BytesIO(photo["photo"])).size[0] == 1080


async def volunteer_holds_a_request(chats: Chats, invite) -> str:
    """A volunteer of the ward joins, a citizen of it asks for a person, the volunteer
    claims the request; its number."""
    await joins_as_volunteer(chats, invite, VOLUNTEER)
    mark = chats.mark()
    chats.fake.user_sends_text(CITIZEN, WARD)
    await chats.message(CITIZEN, "Bến Thành", mark)
    mark = chats.mark()
    chats.fake.user_sends_text(CITIZEN, "cho tôi gặp người hỗ trợ")
    notice = await chats.message(VOLUNTEER, "Yêu cầu hỗ trợ số", mark)
    chats.press(VOLUNTEER, notice, "Nhận hỗ trợ")
    await chats.message(CITIZEN, "Tình nguyện viên Tổ công nghệ số", mark)
    return re.search(r"số (\d{6})", notice["text"]).group(1)


async def test_a_photo_sent_while_relayed_reaches_the_volunteer_as_a_note(telegram, chats, invite):
    fake = telegram.fake
    await volunteer_holds_a_request(chats, invite)

    # A photo with a caption: the caption goes on, the volunteer hears of the photo.
    mark = chats.mark()
    fake.user_sends_photo(CITIZEN, caption="tờ khai của em")
    relayed = await chats.message(VOLUNTEER, "tờ khai của em", mark)
    assert "(người dân vừa gửi một ảnh; bot không chuyển được ảnh)" in relayed["text"]
    told = await chats.message(CITIZEN, "chưa chuyển được ảnh", mark)
    assert "mô tả nội dung bằng chữ" in told["text"]
    assert not any("em mới đọc được tin nhắn chữ" in t for t in chats.texts(CITIZEN, mark))


async def test_a_location_shared_while_relayed_reaches_the_volunteer_on_the_map(
    telegram, chats, invite
):
    fake = telegram.fake
    number = await volunteer_holds_a_request(chats, invite)

    # "Em đang ở đây": the citizen shares where they are; the volunteer gets the map
    # link and a pin, and the bot does not answer with the nearest centre.
    mark = chats.mark()
    fake.user_sends_location(CITIZEN, 10.77231, 106.69820)
    relayed = await chats.message(VOLUNTEER, f"Yêu cầu số {number}", mark)
    assert "Vị trí người dân gửi" in relayed["text"]
    assert "query=10.77231,106.69820" in relayed["text"]
    [pin] = await fake.wait_for_method("sendVenue", since=mark, timeout=WAIT)
    assert pin["chat_id"] == VOLUNTEER
    assert (pin["latitude"], pin["longitude"]) == (10.77231, 106.6982)

    # and what the citizen types next still goes to the volunteer
    fake.user_sends_text(CITIZEN, "em đứng ở cổng chợ")
    await chats.message(VOLUNTEER, "em đứng ở cổng chợ", mark)
    assert chats.texts(CITIZEN, mark) == []
    assert [v["chat_id"] for v in fake.calls("sendVenue", since=mark)] == [VOLUNTEER]
