"""A citizen who asks for a person has one request and one item in the staff's inbox,
however they ask: typing it again while the request waits, giving the ward the bot asked
for, or sending the same message twice at once to two workers of the bot. Each message
gets a reply that says where the request stands -- told through the real dialogue."""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace

import pytest
from sqlalchemy import select

from bot.app import create_services
from knowledge.handoff.records import RequestStatus
from knowledge.insights.records import InboxReason
from knowledge.storage import models
from knowledge.storage.unit_of_work import ConversationCache, SqlUnitOfWork
from tests.fakes import FakeUnitOfWork, ManualClock, dialogue_over
from tests.test_handoff_dialogue import MONDAY_9AM, WARD, Person

ASK = "cho tôi gặp người hỗ trợ"
WAITING = "đang chờ người nhận"
SENT = "đã gửi yêu cầu số"

# (the citizen says, the bot's answer says, requests waiting, inbox items asking for a person)
ASKING_AGAIN = [
    ("làm căn cước cho con 10 tuổi cần gì", "căn cước", 0, 0),
    (ASK, "phường/xã nơi anh/chị ở", 0, 1),
    (WARD, SENT, 1, 1),  # the ward asked for: the same request, sent
    (ASK, WAITING, 1, 1),
    ("tôi muốn gặp nhân viên", WAITING, 1, 1),
    ("/xong", "em đã hủy yêu cầu số", 0, 1),
    (ASK, SENT, 1, 2),  # a new request after the end is a new item
    (ASK, WAITING, 1, 2),
]


@pytest.fixture
def dialogue(services, memory_store):
    clock = ManualClock(MONDAY_9AM)  # office hours
    return dialogue_over(services, lambda: FakeUnitOfWork(memory_store), clock=clock)


def numbers(text: str) -> set[int]:
    return {int(n) for n in re.findall(r"yêu cầu số (\d{6})", text)}


async def test_asking_again_while_a_request_waits_adds_nothing_to_the_inbox(dialogue, memory_store):
    citizen = Person(dialogue, "930")
    told: list[int] = []
    for says, answer, waiting, items in ASKING_AGAIN:
        text = await citizen.say(says)
        assert answer in text, (says, text)
        told += sorted(numbers(text))
        requests = memory_store.people.requests.values()
        assert sum(r.status == RequestStatus.OPEN for r in requests) == waiting, says
        human = [i for i in memory_store.inbox if i.reason == InboxReason.HUMAN]
        assert len(human) == items, (says, [i.text for i in human])
    first, second = sorted(memory_store.people.requests, key=told.index)
    assert told == [first] * 4 + [second] * 2  # every reply names the citizen's request
    assert [i.text for i in memory_store.inbox] == [ASK, ASK]  # never the ward's name


async def test_two_messages_at_once_to_two_workers_open_one_request(config, seeded_any_database):
    services = await create_services(replace(config, database_url=seeded_any_database))
    # another worker on the same database: its own turn order, its own memory of states
    other = dialogue_over(services, lambda: SqlUnitOfWork(services.db, ConversationCache()))
    first, second = Person(services.dialogue, "931"), Person(other, "931")
    try:
        await first.say(WARD)  # the bot knows the citizen's ward
        replies = await asyncio.gather(first.say(ASK), second.say(ASK))
        async with services.db.engine.connect() as conn:
            requests = list(await conn.execute(select(models.HandoffRequest.number)))
            reasons = list(await conn.execute(select(models.InboxItem.reason)))
    finally:
        await services.close()
    [(number,)] = requests
    assert reasons == [(InboxReason.HUMAN.value,)]
    opened, waits = sorted(replies, key=lambda text: WAITING in text)
    assert f"yêu cầu số {number}" in opened and SENT in opened
    assert f"yêu cầu số {number} của anh/chị {WAITING}" in waits


# (the citizen does, the bot's answer says, inbox items asking for a person)
PRESSING_AGAIN = [
    ("say", "làm căn cước cho con 10 tuổi cần gì", "căn cước", 0),
    ("say", WARD, "Bến Thành", 0),
    ("press", "cmd:human", SENT, 1),
    ("press", "cmd:human", WAITING, 1),  # pressed again: the same request, no new item
    ("press", "cmd:human", WAITING, 1),
]
ASKING_BEFORE_THE_WARD = [
    ("say", ASK, "phường/xã nơi anh/chị ở", 1),
    ("say", "tôi muốn gặp nhân viên", "phường/xã nơi anh/chị ở", 1),  # asked again: no item
    ("press", "cmd:human", "phường/xã nơi anh/chị ở", 1),
    ("say", WARD, SENT, 1),  # the ward given: the same request opens
]


@pytest.mark.parametrize(
    "story", [PRESSING_AGAIN, ASKING_BEFORE_THE_WARD], ids=["pressing again", "before the ward"]
)
async def test_asking_again_in_any_way_adds_nothing_to_the_inbox(dialogue, memory_store, story):
    citizen = Person(dialogue, "932")
    for does, what, answer, items in story:
        text = await (citizen.say(what) if does == "say" else citizen.payload(what))
        assert answer in text, (what, text)
        human = [i for i in memory_store.inbox if i.reason == InboxReason.HUMAN]
        assert len(human) == items, (what, [i.text for i in human])
