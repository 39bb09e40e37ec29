"""A citizen asks for a person; volunteers of their ward are told, one claims, messages are
relayed both ways, ``/xong`` ends it and the citizen rates it -- told through the real
dialogue over the in-memory unit of work, with a clock the test moves."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from flows.commands import typed_command
from flows.types import Reply, Turn
from knowledge.handoff.records import RequestStatus
from knowledge.volunteers.records import VolunteerStatus
from tests.fakes import FakeUnitOfWork, ManualClock, dialogue_over

# Monday 07/12/2026, 09:00 in Vietnam: office hours
MONDAY_9AM = dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.UTC)
WARD = "phường Bến Thành, TP Hồ Chí Minh"


class Person:
    """Someone on Telegram talking to the dialogue."""

    def __init__(self, dialogue, user_id: str) -> None:
        self.dialogue = dialogue
        self.user_id = user_id
        self.last: list[Reply] = []

    async def say(self, text: str) -> str:
        return await self._turn(text=text)

    async def payload(self, payload: str) -> str:
        return await self._turn(payload=payload)

    async def press(self, label: str, replies: list[Reply] | None = None) -> str:
        for reply in replies if replies is not None else self.last:
            for button in reply.buttons:
                if label in (button.label, button.payload):
                    return await self.payload(button.payload)
        raise AssertionError(f"no button {label!r} in {self.last}")

    async def _turn(self, **fields) -> str:
        turn = Turn(channel="telegram", user_id=self.user_id, chat_id=self.user_id, **fields)
        self.last = await self.dialogue.handle(turn)
        return "\n".join(r.text for r in self.last)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(MONDAY_9AM)


@pytest.fixture
def dialogue(services, memory_store, clock):
    return dialogue_over(services, lambda: FakeUnitOfWork(memory_store), clock=clock)


def inbox(store, user_id: str) -> list[Reply]:
    """Every message queued for ``user_id`` so far (replies to their own turns too)."""
    return [Reply.from_dict(m.body) for m in store.outbox if m.recipient == user_id]


def pushed(store, user_id: str, since: int) -> list[Reply]:
    return [Reply.from_dict(m.body) for m in store.outbox[since:] if m.recipient == user_id]


async def make_invite(dialogue, store, place: str) -> str:
    unit = dialogue.places.unit_of(dialogue.places.resolve(place))
    assert unit is not None
    async with FakeUnitOfWork(store) as uow:
        invite = dialogue.people.volunteers.invite(uow, unit.province_key, unit.key, "test")
        await uow.commit()
    return invite.token


async def join(dialogue, store, user_id: str) -> Person:
    person = Person(dialogue, user_id)
    token = await make_invite(dialogue, store, WARD)
    text = await person.payload(f"cmd:start:{token}")
    assert "Anh/chị xác nhận tham gia" in text
    assert "Chào mừng" in await person.press("Xác nhận tham gia")
    return person


async def test_a_citizen_reaches_a_volunteer_and_back(dialogue, memory_store, clock):
    store = memory_store
    lan = await join(dialogue, store, "501")
    minh = await join(dialogue, store, "502")
    citizen = Person(dialogue, "900")

    await citizen.say("làm căn cước cho con 10 tuổi cần gì")
    text = await citizen.say("cho tôi gặp người hỗ trợ")
    assert "phường/xã nơi anh/chị ở" in text  # the bot does not know where they are yet
    mark = len(store.outbox)
    text = await citizen.say(WARD)
    number = int(re.search(r"yêu cầu số (\d{6})", text).group(1))
    assert "khoảng 10 phút" in text and "đường dây nóng" in text
    for volunteer in (lan, minh):
        [notice] = pushed(store, volunteer.user_id, mark)
        assert f"Yêu cầu hỗ trợ số {number}" in notice.text
        assert "căn cước" in notice.text  # the last lines go with the request
        assert [b.payload for b in notice.buttons] == [f"hclaim:{number}"]

    # Lan claims first; Minh is told who took it, and his own press is refused.
    mark = len(store.outbox)
    [notice] = [r for r in inbox(store, lan.user_id) if r.kind == "handoff_notice"]
    text = await lan.press("Nhận hỗ trợ", [notice])
    assert f"Anh/chị đã nhận yêu cầu số {number}" in text
    [told] = pushed(store, citizen.user_id, mark)
    assert told.text.startswith("Dạ, Tình nguyện viên Tổ công nghệ số Phường Bến Thành")
    [taken] = pushed(store, minh.user_id, mark)
    assert f"Yêu cầu số {number} đã được TNV số" in taken.text
    assert "đã được TNV số" in await minh.payload(f"hclaim:{number}")

    # The citizen writes personal numbers: the volunteer sees them hidden.
    mark = len(store.outbox)
    replies = await citizen.say("CCCD của tôi 079123456789, điện thoại 0912 345 678")
    assert replies == ""  # passed on, not answered by the bot
    [relayed] = pushed(store, lan.user_id, mark)
    assert f"Yêu cầu số {number}" in relayed.text
    assert relayed.text == f"💬 Yêu cầu số {number}: CCCD của tôi [số], điện thoại [số]"
    # (as a number of its own: a request's random number may hold the digits "0912")
    assert not any(re.search(r"(?<!\d)0912(?!\d)", m.text) for m in store.people.messages)

    # The volunteer answers; the citizen never sees the volunteer's account.
    mark = len(store.outbox)
    await lan.say("Anh/chị mang giấy khai sinh của cháu đến phường nhé.")
    [answer] = pushed(store, citizen.user_id, mark)
    assert answer.text == (
        "Tình nguyện viên Tổ công nghệ số Phường Bến Thành: "
        "Anh/chị mang giấy khai sinh của cháu đến phường nhé."
    )
    assert lan.user_id not in answer.text

    # /xong ends it; the citizen rates the help.
    mark = len(store.outbox)
    assert "Đã kết thúc yêu cầu" in await lan.payload("cmd:done")
    [question] = pushed(store, citizen.user_id, mark)
    assert [b.label for b in question.buttons][:5] == ["1", "2", "3", "4", "5"]
    assert "cảm ơn" in await citizen.press("5", [question])
    request = store.people.requests[number]
    assert (request.status, request.rating) == (RequestStatus.CLOSED, 5)

    # After the end, the citizen's messages go to the bot again.
    assert "căn cước" in (await citizen.say("làm căn cước cần gì")).lower()

    # Reopened the same day, it waits again; a day later it cannot be.
    clock.advance(hours=2)
    text = await citizen.press("Mở lại yêu cầu", [question])
    assert f"mở lại yêu cầu số {number}" in text
    assert store.people.requests[number].status == RequestStatus.OPEN


async def test_a_request_nobody_claims_goes_to_staff_with_the_hotline(
    dialogue, memory_store, clock
):
    store = memory_store
    await join(dialogue, store, "601")
    citizen = Person(dialogue, "901")
    await citizen.say(WARD)  # the bot now knows the citizen's ward
    text = await citizen.payload("cmd:human")
    number = int(re.search(r"yêu cầu số (\d{6})", text).group(1))

    flow = dialogue.people.handoff
    uow = lambda: FakeUnitOfWork(store)  # noqa: E731
    clock.advance(minutes=9)
    assert await flow.escalate_overdue(uow) == 0  # not yet
    mark = len(store.outbox)
    clock.advance(minutes=2)
    assert await flow.escalate_overdue(uow) == 1
    assert await flow.escalate_overdue(uow) == 0  # once
    [told] = pushed(store, citizen.user_id, mark)
    assert "cán bộ Trung tâm" in told.text
    assert "Đường dây nóng" in told.text or "đường dây nóng" in told.text.lower()
    assert store.people.requests[number].escalated_at == clock.now


async def test_outside_office_hours_the_citizen_hears_when_staff_answer(
    dialogue, memory_store, clock
):
    clock.now = dt.datetime(2026, 12, 5, 12, 0, tzinfo=dt.UTC)  # Saturday 19:00 in Vietnam
    citizen = Person(dialogue, "902")
    await citizen.say(WARD)
    text = await citizen.payload("cmd:human")
    assert "ngoài giờ làm việc" in text
    assert "07:30 thứ Hai, 07/12/2026" in text
    assert "chưa có tình nguyện viên nào trực" in text


async def test_invitations_are_single_use_and_forged_ones_are_refused(
    dialogue, memory_store, clock
):
    store = memory_store
    token = await make_invite(dialogue, store, WARD)
    first, second = Person(dialogue, "701"), Person(dialogue, "702")
    await first.payload(f"cmd:start:{token}")
    await second.payload(f"cmd:start:{token}")
    await first.press("Xác nhận tham gia")
    assert "đã được dùng" in await second.press("Xác nhận tham gia")
    assert "không hợp lệ" in await second.payload("cmd:start:" + "A" * 32)
    assert "không hợp lệ" in await second.payload("vjoin:" + "B" * 32)
    late = await make_invite(dialogue, store, WARD)
    clock.advance(days=7, seconds=1)
    assert "hết hạn" in await second.payload(f"cmd:start:{late}")
    # a short deep-link parameter is no invitation: it greets
    await second.payload("cmd:start:tu-trang-phuong")
    assert second.last[0].kind == "greet"


async def test_a_removed_volunteer_loses_access_at_once(dialogue, memory_store, clock):
    store = memory_store
    lan = await join(dialogue, store, "801")
    citizen = Person(dialogue, "903")
    await citizen.say(WARD)
    text = await citizen.payload("cmd:human")
    number = int(re.search(r"yêu cầu số (\d{6})", text).group(1))
    await lan.payload(f"hclaim:{number}")
    [volunteer] = store.people.volunteers.values()
    async with FakeUnitOfWork(store) as uow:
        await dialogue.people.volunteers.change_status(uow, volunteer.id, VolunteerStatus.REMOVED)
        await uow.commit()
    mark = len(store.outbox)
    assert "kết thúc" in await lan.say("Chị ơi cho em số CCCD")
    assert pushed(store, citizen.user_id, mark) == []  # nothing reached the citizen
    assert store.people.requests[number].status == RequestStatus.OPEN  # back to waiting
    assert "chưa là tình nguyện viên" in await lan.payload("cmd:volunteer")
    assert "chưa là tình nguyện viên" in await lan.payload(f"hclaim:{number}")


async def test_the_volunteer_panel_shows_duty_and_waiting_requests(dialogue, memory_store):
    store = memory_store
    lan = await join(dialogue, store, "811")
    citizen = Person(dialogue, "904")
    await citizen.say(WARD)
    text = await citizen.payload("cmd:human")
    number = int(re.search(r"yêu cầu số (\d{6})", text).group(1))
    text = await lan.payload("cmd:volunteer")
    assert "Phường Bến Thành" in text and "đang trực" in text
    assert f"Số {number}, chờ 0 phút" in text
    assert "tạm nghỉ" in await lan.press("Tạm nghỉ trực")
    other = Person(dialogue, "905")
    await other.say(WARD)
    assert "chưa có tình nguyện viên nào trực" in await other.payload("cmd:human")
    await lan.payload("cmd:volunteer")
    assert "có chắc" in await lan.press("Rời Tổ")
    assert "đã rời" in await lan.press("Có, rời Tổ")
    assert "chưa là tình nguyện viên" in await lan.payload("cmd:volunteer")


async def test_delete_my_data_removes_requests_and_relayed_messages(dialogue, memory_store):
    store = memory_store
    lan = await join(dialogue, store, "821")
    citizen = Person(dialogue, "906")
    await citizen.say(WARD)
    text = await citizen.payload("cmd:human")
    number = int(re.search(r"yêu cầu số (\d{6})", text).group(1))
    await lan.payload(f"hclaim:{number}")
    await citizen.say("cảm ơn anh")
    assert store.people.messages
    await citizen.say("xóa dữ liệu của tôi")
    await citizen.payload("delete:yes")
    assert number not in store.people.requests
    assert store.people.messages == []


async def test_a_command_typed_on_the_web_ends_the_request_as_on_telegram(
    dialogue, memory_store, clock
):
    # the replies say "Gõ /xong"; on the web chat and in the terminal it arrives as text
    citizen = Person(dialogue, "903")
    await citizen.say(WARD)
    text = await citizen.payload("cmd:human")
    assert "/xong" in text
    text = await citizen.say("/xong")
    assert "đã hủy yêu cầu số" in text


@pytest.mark.parametrize(
    ("typed", "payload"),
    [("/xong", "cmd:done"), (" /huytheodoi ", "cmd:unfollow"), ("/XONG@citizen_bot", "cmd:done")],
)
def test_a_typed_command_is_its_payload(typed, payload):
    assert typed_command(typed) == payload


@pytest.mark.parametrize("typed", ["/khongco", "xong rồi", "/start abc", "/"])
def test_other_text_is_no_command(typed):
    assert typed_command(typed) is None


async def test_a_name_typed_plainly_is_hidden_from_the_volunteer_but_not_ordinary_words(
    dialogue, memory_store
):
    store = memory_store
    lan = await join(dialogue, store, "511")
    citizen = Person(dialogue, "911")
    await citizen.say("cho tôi gặp người hỗ trợ")
    text = await citizen.say(WARD)
    number = int(re.search(r"yêu cầu số (\d{6})", text).group(1))
    [notice] = [r for r in inbox(store, lan.user_id) if r.kind == "handoff_notice"]
    await lan.press("Nhận hỗ trợ", [notice])

    for typed, seen in [
        ("họ tên lan", "họ tên [tên]"),
        ("tên tôi là lan", "tên tôi là [tên]"),
        ("họ tên lan ạ, sinh năm 1990", "họ tên [tên] ạ, sinh năm 1990"),
        ("tên phường mới của tôi là gì", "tên phường mới của tôi là gì"),
        ("tên thủ tục là gì", "tên thủ tục là gì"),
        ("họ tên cha mẹ ghi thế nào", "họ tên cha mẹ ghi thế nào"),
    ]:
        mark = len(store.outbox)
        assert await citizen.say(typed) == ""  # passed on, not answered
        [relayed] = pushed(store, lan.user_id, mark)
        assert relayed.text == f"💬 Yêu cầu số {number}: {seen}", typed
    assert not any(" lan" in m.text for m in store.people.messages)
