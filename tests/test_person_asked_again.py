"""A citizen asks for a person, then asks again -- by typing or by the button, in any
order -- before giving the ward the bot asked for, or while choosing among the places
an ambiguous answer named. Each ask is answered "which ward?", only the first is a
request in the staff's inbox, and the ward then opens the one request (typed, shared as
a location or, while choosing, one of the places pressed). One rule
(flows.handoff.HandoffFlow.request) decides it for both ways of asking."""

from __future__ import annotations

import pytest

from flows.handoff_wording import ASK_UNIT, ASK_UNIT_AGAIN, OPENED, UNIT_GIVEN
from flows.types import Location, Turn
from knowledge.handoff.records import RequestStatus
from knowledge.insights.records import InboxReason
from tests.fakes import FakeUnitOfWork, ManualClock, dialogue_over
from tests.test_handoff_dialogue import MONDAY_9AM, WARD, Person

ASK = "cho tôi gặp người hỗ trợ"
BUTTON = "cmd:human"
QUESTION = "lệ phí đăng ký kết hôn bao nhiêu"  # the button files the question before it
AMBIGUOUS = "phường 1"  # 33 places of that name: the bot offers them as buttons
BEN_THANH = Location(10.7725, 106.6980)  # a location shared in Phường Bến Thành

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
# the ward given names many places: asked again while the bot offers them as buttons
TYPED_WHILE_CHOOSING = [
    ("say", QUESTION, "procedure_fee", 0),
    ("say", ASK, ASK_UNIT, 1),
    ("say", AMBIGUOUS, "place_choose", 1),
    ("say", ASK, ASK_UNIT_AGAIN, 1),  # no second item
    ("press", BUTTON, ASK_UNIT_AGAIN, 1),
    ("say", WARD, UNIT_GIVEN, 1),
]
PRESSED_WHILE_CHOOSING = [
    ("say", QUESTION, "procedure_fee", 0),
    ("press", BUTTON, ASK_UNIT, 1),
    ("say", AMBIGUOUS, "place_choose", 1),
    ("press", BUTTON, ASK_UNIT_AGAIN, 1),  # no second item
    ("share", BEN_THANH, "location", 1),  # asked "which ward?" again: the location gives it
]
# what the citizen does with the places offered, not asking again: the request opens
# whether they press one, type their ward or share a location (more in
# test_ward_given_while_choosing.py)
ONE_OF_THEM_PRESSED = [
    ("say", ASK, ASK_UNIT, 1),
    ("say", AMBIGUOUS, "place_choose", 1),
    ("press", "place:0", OPENED, 1),
]
A_WARD_TYPED_INSTEAD = [
    ("say", ASK, ASK_UNIT, 1),
    ("say", AMBIGUOUS, "place_choose", 1),
    ("say", WARD, UNIT_GIVEN, 1),  # the request opens there, still one item
]
A_LOCATION_SHARED_INSTEAD = [
    ("say", ASK, ASK_UNIT, 1),
    ("say", AMBIGUOUS, "place_choose", 1),
    ("share", BEN_THANH, "location", 1),  # the unit there, then the request opens
]


@pytest.fixture
def dialogue(services, memory_store):
    clock = ManualClock(MONDAY_9AM)  # office hours
    return dialogue_over(services, lambda: FakeUnitOfWork(memory_store), clock=clock)


async def share(dialogue, citizen: Person, where: Location) -> None:
    turn = Turn(
        channel="telegram", user_id=citizen.user_id, chat_id=citizen.user_id, location=where
    )
    citizen.last = await dialogue.handle(turn)


@pytest.mark.parametrize(
    ("story", "requests"),
    [
        (PRESSED_FIRST, 1),
        (TYPED_FIRST, 1),
        (SOMETHING_ELSE_BETWEEN, 0),
        (TYPED_WHILE_CHOOSING, 1),
        (PRESSED_WHILE_CHOOSING, 1),
        (ONE_OF_THEM_PRESSED, 1),
        (A_WARD_TYPED_INSTEAD, 1),
        (A_LOCATION_SHARED_INSTEAD, 1),
    ],
    ids=[
        "pressed first",
        "typed first",
        "something else between",
        "typed while choosing the place",
        "pressed while choosing the place",
        "one of the places pressed",
        "a ward typed instead of choosing",
        "a location shared instead of choosing",
    ],
)
async def test_asking_again_before_the_ward_is_one_request(dialogue, memory_store, story, requests):
    citizen = Person(dialogue, "940")
    for does, what, kind, items in story:
        if does == "share":
            await share(dialogue, citizen, what)
        else:
            await (citizen.say(what) if does == "say" else citizen.payload(what))
        assert citizen.last[0].kind == kind, (what, citizen.last)
        human = [i for i in memory_store.inbox if i.reason == InboxReason.HUMAN]
        assert len(human) == items, (what, [i.text for i in human])
    opened = [r for r in memory_store.people.requests.values() if r.status == RequestStatus.OPEN]
    assert len(opened) == requests
