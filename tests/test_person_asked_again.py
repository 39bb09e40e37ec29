"""A citizen asks for a person, then asks again -- by typing or by the button, in any
order -- before giving the ward the bot asked for. Each ask is answered "which ward?",
only the first is a request in the staff's inbox, and the ward then opens the one
request. One rule (flows.handoff.HandoffFlow.request) decides it for both ways of
asking."""

from __future__ import annotations

import pytest

from flows.handoff_wording import ASK_UNIT, ASK_UNIT_AGAIN, UNIT_GIVEN
from knowledge.handoff.records import RequestStatus
from knowledge.insights.records import InboxReason
from tests.fakes import FakeUnitOfWork, ManualClock, dialogue_over
from tests.test_handoff_dialogue import MONDAY_9AM, WARD, Person

ASK = "cho tôi gặp người hỗ trợ"
BUTTON = "cmd:human"
QUESTION = "lệ phí đăng ký kết hôn bao nhiêu"  # the button files the question before it

# (the citizen does, what, the kind of the bot's first reply, inbox items asking for a person)
PRESSED_FIRST = [
    ("say", QUESTION, "procedure_fee", 0),
    ("press", BUTTON, ASK_UNIT, 1),
    ("press", BUTTON, ASK_UNIT_AGAIN, 1),  # pressed again: no second item
    ("say", ASK, ASK_UNIT_AGAIN, 1),  # then typed: no second item either
    ("say", WARD, UNIT_GIVEN, 1),
]
TYPED_FIRST = [
    ("say", QUESTION, "procedure_fee", 0),
    ("say", ASK, ASK_UNIT, 1),
    ("say", "tôi muốn gặp nhân viên", ASK_UNIT_AGAIN, 1),
    ("press", BUTTON, ASK_UNIT_AGAIN, 1),
    ("say", WARD, UNIT_GIVEN, 1),
]
# asked again after talking of something else: the bot no longer waits for the ward
SOMETHING_ELSE_BETWEEN = [
    ("say", QUESTION, "procedure_fee", 0),
    ("say", ASK, ASK_UNIT, 1),
    ("say", "lệ phí cấp hộ chiếu bao nhiêu", "procedure_fee", 1),
    ("press", BUTTON, ASK_UNIT, 2),  # a new ask: the question about the passport
]


@pytest.fixture
def dialogue(services, memory_store):
    clock = ManualClock(MONDAY_9AM)  # office hours
    return dialogue_over(services, lambda: FakeUnitOfWork(memory_store), clock=clock)


@pytest.mark.parametrize(
    "story",
    [PRESSED_FIRST, TYPED_FIRST, SOMETHING_ELSE_BETWEEN],
    ids=["pressed first", "typed first", "something else between"],
)
async def test_asking_again_before_the_ward_is_one_request(dialogue, memory_store, story):
    citizen = Person(dialogue, "940")
    for does, what, kind, items in story:
        await (citizen.say(what) if does == "say" else citizen.payload(what))
        assert citizen.last[0].kind == kind, (what, citizen.last)
        human = [i for i in memory_store.inbox if i.reason == InboxReason.HUMAN]
        assert len(human) == items, (what, [i.text for i in human])
    opened = [r for r in memory_store.people.requests.values() if r.status == RequestStatus.OPEN]
    assert len(opened) == (1 if story[-1][2] == UNIT_GIVEN else 0)
