"""A citizen ends their request for a person themselves with "/xong": the volunteer
helping them is told, what the volunteer types next is not passed on, and the citizen is
asked to rate the help; a request nobody took yet is simply cancelled -- told through
the real dialogue over the in-memory unit of work, with a clock the test moves."""

from __future__ import annotations

import re

import pytest

from flows.types import Reply
from knowledge.handoff.records import RequestStatus
from tests.fakes import FakeUnitOfWork, ManualClock, dialogue_over
from tests.test_handoff_dialogue import MONDAY_9AM, WARD, Person, join


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(MONDAY_9AM)  # office hours


@pytest.fixture
def dialogue(services, memory_store, clock):
    return dialogue_over(services, lambda: FakeUnitOfWork(memory_store), clock=clock)


def pushed(store, user_id: str, since: int) -> list[Reply]:
    return [Reply.from_dict(m.body) for m in store.outbox[since:] if m.recipient == user_id]


async def ask_for_a_person(citizen: Person) -> int:
    await citizen.say(WARD)
    text = await citizen.say("cho tôi gặp người hỗ trợ")
    return int(re.search(r"yêu cầu số (\d{6})", text).group(1))


async def test_a_citizen_ending_a_conversation_with_a_volunteer_is_asked_to_rate_it(
    dialogue, memory_store, clock
):
    store = memory_store
    lan = await join(dialogue, store, "521")
    citizen = Person(dialogue, "921")
    number = await ask_for_a_person(citizen)
    assert f"Anh/chị đã nhận yêu cầu số {number}" in await lan.payload(f"hclaim:{number}")

    # ten minutes later the citizen types /xong
    clock.advance(minutes=10)
    mark = len(store.outbox)
    await citizen.say("/xong")
    [question] = citizen.last
    assert [b.label for b in question.buttons][:5] == ["1", "2", "3", "4", "5"]
    [told] = pushed(store, lan.user_id, mark)
    assert told.text == f"Người dân đã kết thúc yêu cầu số {number}. Cảm ơn anh/chị."
    request = store.people.requests[number]
    assert (request.status, request.closed_at) == (RequestStatus.CLOSED, clock())

    # what Lan types next reaches nobody; the citizen's rating is kept
    mark = len(store.outbox)
    assert f"yêu cầu số {number}" in await lan.say("Anh/chị còn cần gì không ạ?")
    assert pushed(store, citizen.user_id, mark) == []
    assert "cảm ơn" in await citizen.press("4", [question])
    assert store.people.requests[number].rating == 4


async def test_a_citizen_ending_a_request_nobody_took_cancels_it(dialogue, memory_store):
    store = memory_store
    lan = await join(dialogue, store, "522")
    citizen = Person(dialogue, "922")
    number = await ask_for_a_person(citizen)

    mark = len(store.outbox)
    assert f"em đã hủy yêu cầu số {number}" in await citizen.say("/xong")
    assert [r.kind for r in citizen.last] == ["handoff_ended"]  # no rating asked
    assert pushed(store, lan.user_id, mark) == []
    assert store.people.requests[number].status == RequestStatus.CLOSED
    assert "đã kết thúc" in await lan.payload(f"hclaim:{number}")
