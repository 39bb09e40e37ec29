"""A request for a person is never lost on the way: a citizen who will not tell their
ward hears plainly what happens, an unknown ward is asked again, and a citizen who grows
impatient while nobody has taken the request yet hears it is still waiting -- told
through the real dialogue over the in-memory unit of work."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.fakes import FakeUnitOfWork, ManualClock, dialogue_over
from tests.test_handoff_dialogue import MONDAY_9AM, WARD, Person, join

ASKS_FOR_WARD = "phường/xã nơi anh/chị ở"


@pytest.fixture
def dialogue(services, memory_store):
    clock = ManualClock(MONDAY_9AM)  # office hours
    return dialogue_over(services, lambda: FakeUnitOfWork(memory_store), clock=clock)


def opened_number(text: str) -> int:
    found = re.search(r"yêu cầu số (\d{6})", text)
    assert found, text
    return int(found.group(1))


async def test_a_citizen_who_will_not_tell_their_ward_hears_what_happens(dialogue, memory_store):
    citizen = Person(dialogue, "910")
    assert ASKS_FOR_WARD in await citizen.say("cho tôi gặp người thật")

    text = await citizen.say("không muốn cho biết")
    assert "em chưa gửi yêu cầu" in text  # said plainly, not a bare "Dạ vâng"
    assert "Chỉ cần tên phường/xã" in text and "/xong" not in text
    assert citizen.last[0].request_location  # the location button is offered again
    assert memory_store.people.requests == {}

    # Changing their mind, the ward alone opens the request asked for.
    text = await citizen.say(WARD)
    number = opened_number(text)
    assert memory_store.people.requests[number].unit_key


async def test_a_refusal_typed_without_diacritics_is_understood_too(dialogue):
    citizen = Person(dialogue, "911")
    await citizen.say("toi muon gap nguoi that")
    assert "em chưa gửi yêu cầu" in await citizen.say("ko muon noi")


async def test_an_unknown_ward_is_asked_again_and_the_request_kept(dialogue, memory_store):
    citizen = Person(dialogue, "912")
    await citizen.say("cho tôi gặp người thật")

    text = await citizen.say("xã Abcxyz")
    assert 'em chưa tìm thấy "xã Abcxyz"' in text
    assert "chưa hiểu" not in text
    assert memory_store.people.requests == {}

    number = opened_number(await citizen.say(WARD))
    assert number in memory_store.people.requests


async def test_a_question_instead_of_the_ward_is_answered_as_usual(dialogue, memory_store):
    citizen = Person(dialogue, "913")
    await citizen.say("cho tôi gặp người thật")
    text = await citizen.say("làm căn cước cho con 10 tuổi cần gì")
    assert "căn cước" in text.lower() and "chưa tìm thấy" not in text
    assert memory_store.people.requests == {}


async def test_an_impatient_citizen_hears_their_request_is_still_waiting(dialogue, memory_store):
    await join(dialogue, memory_store, "503")  # a volunteer on duty in the citizen's ward
    citizen = Person(dialogue, "914")
    await citizen.say("cho tôi gặp người thật")
    number = opened_number(await citizen.say(WARD))

    text = await citizen.say("sao lâu vậy, có ai không?")
    assert f"yêu cầu số {number} của anh/chị vẫn đang chờ người nhận" in text
    assert "khoảng 10 phút" in text and "/xong" in text
    assert [r.kind for r in citizen.last] == ["handoff_waiting"]  # not a list of procedures
    assert "vẫn đang chờ" in await citizen.say("alo")
    assert "vẫn đang chờ" in await citizen.say("con do khong")  # "còn đó không", unaccented

    # An ordinary question while waiting is answered, and the request still waits.
    text = await citizen.say("làm hộ chiếu mất bao lâu")
    assert "hộ chiếu" in text.lower() and "vẫn đang chờ" not in text
    assert memory_store.people.requests[number].status == "open"


async def test_a_request_with_nobody_on_duty_is_said_to_be_with_staff(dialogue, memory_store):
    citizen = Person(dialogue, "915")
    await citizen.say("cho tôi gặp người thật")
    number = opened_number(await citizen.say(WARD))
    text = await citizen.say("lâu quá")
    assert f"yêu cầu số {number}" in text and "đã được chuyển tới cán bộ Trung tâm" in text


async def test_once_claimed_an_impatient_message_goes_to_the_volunteer(dialogue, memory_store):
    lan = await join(dialogue, memory_store, "504")
    citizen = Person(dialogue, "916")
    await citizen.say("cho tôi gặp người thật")
    number = opened_number(await citizen.say(WARD))
    assert "Anh/chị đã nhận" in await lan.payload(f"hclaim:{number}")

    mark = len(memory_store.outbox)
    assert await citizen.say("có ai không") == ""  # relayed, not answered by the bot
    relayed = [m.body["text"] for m in memory_store.outbox[mark:] if m.recipient == lan.user_id]
    assert relayed == [f"💬 Yêu cầu số {number}: có ai không"]


async def test_a_request_given_back_waits_afresh_before_going_to_staff(dialogue, memory_store):
    lan = await join(dialogue, memory_store, "505")
    await join(dialogue, memory_store, "506")  # another volunteer of the ward, on duty
    citizen = Person(dialogue, "917")
    await citizen.say("cho tôi gặp người thật")
    number = opened_number(await citizen.say(WARD))
    await lan.payload(f"hclaim:{number}")
    clock = dialogue.people.handoff.clock
    clock.advance(minutes=30)  # Lan helped for half an hour, then gives it back
    await lan.payload("cmd:leave")
    assert "đã rời" in await lan.press("Có, rời Tổ")
    assert memory_store.people.requests[number].status == "open"

    # The periodic check gives the other volunteers the usual ten minutes to take it.
    check = dialogue.people.handoff.escalate_overdue
    uow = lambda: FakeUnitOfWork(memory_store)  # noqa: E731
    mark = len(memory_store.outbox)
    # (minutes since it was given back, requests sent to staff)
    story = [(0, 0), (9, 0), (11, 1)]
    for minutes, escalated in story:
        clock.now = MONDAY_9AM + dt.timedelta(minutes=30 + minutes)
        assert await check(uow) == escalated, minutes
    told = [m.body["text"] for m in memory_store.outbox[mark:] if m.recipient == "917"]
    assert len(told) == 1 and "chưa có tình nguyện viên nào nhận" in told[0]
