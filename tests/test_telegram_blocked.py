"""A citizen blocks the bot: what they follow and what they asked for stops at once (not
after the next message fails to reach them), nothing more is sent to them, and the log
does not name them.

- Following a dossier: the notifications stop.
- Talking with a volunteer: the request ends as their "/xong" ends it, at the bot's
  clock; the volunteer is told the citizen left at once (no delivery loop runs here: the
  block's commit sends it, as a turn's does), and what the volunteer types next is not
  passed on.
- Waiting for a person: the request leaves the volunteers' queue (and the staff's).
- Answered by staff in the admin: their next answer is refused, the request ended."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import re
from collections.abc import Iterator

import pytest

from bot.notifier import Notifier
from flows.chat_gone import bot_blocked
from flows.handoff_desk import HandoffRefused, StaffMember
from tests.on_telegram import Chats, private_turn

CODE = "000.00.04.H51-250701-0001"
CITIZEN, VOLUNTEER = 8081, 8082
WARD = "phường Bến Thành, TP Hồ Chí Minh"
WAIT = 60.0  # an upper bound on waiting for an event, for a loaded machine
BLOCKED_AT = dt.datetime(2026, 7, 10, 9, 30, tzinfo=dt.UTC)  # the bot's clock at the block


class Heard(logging.Handler):
    """Collects what a logger says; ``said`` is set once a record holds ``words``."""

    def __init__(self, words: str) -> None:
        super().__init__()
        self.words = words
        self.records: list[logging.LogRecord] = []
        self.said = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        if self.words in record.getMessage():
            self.said.set()

    async def wait(self) -> None:
        async with asyncio.timeout(WAIT):
            await self.said.wait()

    def lines(self) -> list[str]:
        return [record.getMessage() for record in self.records]


@contextlib.contextmanager
def hearing(words: str) -> Iterator[Heard]:
    """What the blocked-chat handling logs (at INFO) while the block is handled."""
    heard = Heard(words)
    loggers = [logging.getLogger(name) for name in ("flows.chat_gone", "bot.telegram_bot")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(heard)
        logger.setLevel(logging.INFO)
    try:
        yield heard
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.removeHandler(heard)
            logger.setLevel(level)


async def test_a_citizen_who_blocks_the_bot_is_no_longer_sent_dossier_news(dsvc, dossier_telegram):
    fake = dossier_telegram.fake
    with hearing("dossier notifications stopped") as heard:
        # the citizen looks up their dossier and follows it
        fake.user_sends_text(CITIZEN, f"tra cứu hồ sơ {CODE}")
        await fake.wait_for_method("sendMessage", timeout=WAIT)
        message = next(m for m in fake.messages.values() if m.get("reply_markup"))
        since = len(fake.sent)
        fake.user_presses_button(CITIZEN, message["message_id"], f"follow:{CODE}")
        await fake.wait_for_method("sendMessage", since=since, timeout=WAIT)
        assert len(await dsvc.registry.subscribers(CODE)) == 1

        # then blocks the bot: Telegram says so, and the follow stops there and then
        fake.user_blocks_bot(CITIZEN)
        await heard.wait()
        assert await dsvc.registry.subscribers(CODE) == []

        # the next status change is sent to nobody: no refused message
        since = len(fake.sent)
        notifier = Notifier(dsvc.dossiers, dsvc.registry, dossier_telegram.channel)
        change = await dsvc.registry.record_status(CODE, 10)
        assert await notifier.notify(change) == 0
        assert fake.calls("sendMessage", since=since) == []
        assert [m for m, *_ in fake.failed] == []
    assert any("1 dossier notifications stopped" in line for line in heard.lines())
    assert not any(str(CITIZEN) in line for line in heard.lines())


# ---- a request for a person ----------------------------------------------------------


async def become_volunteer(dsvc, chats: Chats) -> None:
    """An invitation for the citizen's ward, opened and confirmed by VOLUNTEER."""
    dialogue = dsvc.dialogue
    unit = dialogue.places.unit_of(dialogue.places.resolve(WARD))
    async with dialogue.unit_of_work() as uow:
        invite = dialogue.people.volunteers.invite(uow, unit.province_key, unit.key, "test")
        await uow.commit()
    mark = chats.mark()
    chats.fake.user_sends_text(VOLUNTEER, f"/start {invite.token}")
    chats.press(VOLUNTEER, await chats.message(VOLUNTEER, "xác nhận", mark), "Xác nhận tham gia")
    await chats.message(VOLUNTEER, "Chào mừng", mark)


async def ask_for_a_person(chats: Chats) -> tuple[str, dict]:
    """The citizen of WARD asks for a person: the request's number and the volunteer's
    notice of it."""
    mark = chats.mark()
    chats.fake.user_sends_text(CITIZEN, WARD)
    await chats.message(CITIZEN, "Bến Thành", mark)
    mark = chats.mark()
    chats.fake.user_sends_text(CITIZEN, "cho tôi gặp người hỗ trợ")
    opened = await chats.message(CITIZEN, "yêu cầu số", mark)
    number = re.search(r"yêu cầu số (\d{6})", opened["text"]).group(1)
    return number, await chats.message(VOLUNTEER, f"Yêu cầu hỗ trợ số {number}", mark)


async def test_a_volunteer_helping_a_citizen_who_blocks_the_bot_is_told_and_writes_to_nobody(
    dsvc, dossier_telegram
):
    fake = dossier_telegram.fake
    with hearing("request for a person ended") as heard:
        chats = Chats(fake, wait=WAIT)
        await become_volunteer(dsvc, chats)
        number, notice = await ask_for_a_person(chats)

        # the volunteer claims the request; the two talk through the bot
        mark = chats.mark()
        chats.press(VOLUNTEER, notice, "Nhận hỗ trợ")
        await chats.message(CITIZEN, "đã nhận yêu cầu", mark)
        fake.user_sends_text(VOLUNTEER, "Anh/chị cần làm thủ tục gì ạ?")
        await chats.message(CITIZEN, "thủ tục gì", mark)

        # the citizen blocks the bot: the volunteer is told, in plain words
        dsvc.dialogue.people.handoff.clock = lambda: BLOCKED_AT
        mark = chats.mark()
        fake.user_blocks_bot(CITIZEN)
        told = await chats.message(VOLUNTEER, "đã chặn bot", mark)
        assert f"yêu cầu số {number} đã kết thúc" in told["text"]
        await heard.wait()

        # what the volunteer types next is not passed on: they hear it was not
        since = chats.mark()
        fake.user_sends_text(VOLUNTEER, "Anh/chị còn đó không?")
        await chats.message(VOLUNTEER, "tin này không được chuyển", since)

        # nothing at all went to the citizen after the block, nor was tried
        assert chats.texts(CITIZEN, mark) == []
        assert [m for m, *_ in fake.failed] == []
    async with dsvc.dialogue.unit_of_work() as uow:
        request = await uow.handoffs.get(int(number))
        said = [m.text for m in await uow.handoffs.messages(request.id)]
    assert (request.status, request.closed_at) == ("closed", BLOCKED_AT)
    assert said == ["Anh/chị cần làm thủ tục gì ạ?"]
    assert any("(it was claimed)" in line for line in heard.lines())
    assert not any(str(CITIZEN) in line or number in line for line in heard.lines())


async def test_a_waiting_request_of_a_citizen_who_blocks_the_bot_leaves_the_queue(
    dsvc, dossier_telegram
):
    fake = dossier_telegram.fake
    with hearing("request for a person ended") as heard:
        chats = Chats(fake, wait=WAIT)
        await become_volunteer(dsvc, chats)
        number, notice = await ask_for_a_person(chats)

        mark = chats.mark()
        fake.user_blocks_bot(CITIZEN)
        await heard.wait()

        # nobody waits for it any more: a volunteer pressing "Nhận hỗ trợ" hears so
        chats.press(VOLUNTEER, notice, "Nhận hỗ trợ")
        await chats.message(VOLUNTEER, f"yêu cầu số {number} đã kết thúc", mark)
        assert chats.texts(CITIZEN, mark) == []
        assert [m for m, *_ in fake.failed] == []
    async with dsvc.dialogue.unit_of_work() as uow:
        request = await uow.handoffs.get(int(number))
        waiting = await uow.handoffs.waiting_in(request.province_key, request.unit_key)
    assert (request.status, waiting) == ("closed", [])
    assert any("(it was open)" in line for line in heard.lines())
    assert not any(str(CITIZEN) in line or number in line for line in heard.lines())


async def test_staff_answering_a_citizen_who_blocked_the_bot_are_told_it_ended(dsvc):
    dialogue, citizen = dsvc.dialogue, str(CITIZEN)
    for said in (WARD, "cho tôi gặp người hỗ trợ"):
        await dialogue.handle(private_turn(CITIZEN, text=said))
    async with dialogue.unit_of_work() as uow:
        number = (await uow.handoffs.latest_of("telegram", citizen)).number
    staff = StaffMember("canbo", None)
    async with dialogue.unit_of_work() as uow:
        await dialogue.people.desk.claim(uow, number, staff)
        await uow.commit()

    await bot_blocked(dialogue, "telegram", citizen)

    # the staff member's answer is refused: the request ended (not "someone else's")
    async with dialogue.unit_of_work() as uow:
        with pytest.raises(HandoffRefused) as refused:
            await dialogue.people.desk.reply(uow, number, staff, "Anh/chị cần gì ạ?")
        assert refused.value.reason == "not_open"
        assert (await uow.handoffs.get(number)).status == "closed"
