"""A citizen asks for a person, names a place that matches many wards, and the bot offers
them as buttons. Instead of pressing one, the citizen types their ward, types another
ambiguous place, shares a location, or asks something else. A typed ward or a shared
location opens the request as a button would (one request, one item in the staff's
inbox, the same "sent to the team" words, one notice to the ward's volunteer); another
ambiguous place is offered as buttons again, still for the request; a question is
answered, and the bot stops asking for the ward, as it does after "which ward?"."""

from __future__ import annotations

import re

import pytest

from flows.handoff_wording import ASK_UNIT, OPENED, UNIT_GIVEN, handoff_texts
from flows.types import Location, Turn
from knowledge.handoff.records import RequestStatus
from knowledge.insights.records import InboxReason
from tests.fakes import FakeUnitOfWork, ManualClock, dialogue_over
from tests.test_handoff_dialogue import MONDAY_9AM, WARD, Person, join

ASK = "cho tôi gặp người hỗ trợ"
BUTTON = "cmd:human"
AMBIGUOUS = "phường 1"  # 33 places of that name: offered as buttons
STILL_AMBIGUOUS = "phường 2"  # as many again
BEN_NGHE = "phường Bến Nghé, TP Hồ Chí Minh"  # the old ward's full name: now Phường Sài Gòn
QUESTION = "lệ phí đăng ký kết hôn bao nhiêu"
BEN_THANH = Location(10.7725, 106.6980)  # a location shared in Phường Bến Thành (= WARD)
PARIS = Location(48.8566, 2.3522)

# (the citizen does, what, the kinds of the bot's replies, inbox items asking for a person)
WARD_TYPED = [
    ("say", ASK, [ASK_UNIT], 1),
    ("say", AMBIGUOUS, ["place_choose"], 1),
    ("say", WARD, [UNIT_GIVEN], 1),  # the ward asked for: not one more request
]
OLD_WARD_TYPED_IN_FULL = [
    ("say", ASK, [ASK_UNIT], 1),
    ("say", AMBIGUOUS, ["place_choose"], 1),
    ("say", BEN_NGHE, [UNIT_GIVEN], 1),
]
STILL_AMBIGUOUS_TYPED = [
    ("say", ASK, [ASK_UNIT], 1),
    ("say", AMBIGUOUS, ["place_choose"], 1),
    ("say", STILL_AMBIGUOUS, ["place_choose"], 1),  # its places, offered for the request
    ("press", "place:0", [OPENED], 1),
]
LOCATION_SHARED = [
    ("press", BUTTON, [ASK_UNIT], 0),  # (nothing asked before the button: nothing filed)
    ("say", AMBIGUOUS, ["place_choose"], 0),
    ("share", BEN_THANH, ["location", OPENED], 0),
]
LOCATION_ABROAD = [
    ("say", ASK, [ASK_UNIT], 1),
    ("say", AMBIGUOUS, ["place_choose"], 1),
    ("share", PARIS, ["location_outside"], 1),  # no ward there: the places still offered
    ("press", "place:0", [OPENED], 1),
]
# a question instead: answered, and the ward is no longer asked for -- the same whether
# the bot had asked "which ward?" or offered the places as buttons
QUESTION_INSTEAD_OF_CHOOSING = [
    ("say", ASK, [ASK_UNIT], 1),
    ("say", AMBIGUOUS, ["place_choose"], 1),
    ("say", QUESTION, ["procedure_fee"], 1),
    ("say", WARD, ["place_current"], 1),  # a place, answered as a place: nothing opens
    ("press", BUTTON, [OPENED], 2),  # asked afresh (the fee question), at the ward known
]
QUESTION_INSTEAD_OF_THE_WARD = [
    ("say", ASK, [ASK_UNIT], 1),
    ("say", QUESTION, ["procedure_fee"], 1),
    ("say", WARD, ["place_current"], 1),
    ("press", BUTTON, [OPENED], 2),
]


def said_as(*keys: str) -> re.Pattern[str]:
    """The words of handoff.yml's ``keys``, whatever the number, unit and minutes."""
    t = handoff_texts()
    shapes = []
    for key in keys:
        text = re.escape(t(key, number="NUMBER", unit="UNIT", minutes="MINUTES"))
        shapes.append(
            text.replace("NUMBER", r"\d{6}").replace("UNIT", ".+").replace("MINUTES", r"\d+")
        )
    return re.compile("|".join(f"(?:{s})" for s in shapes), re.DOTALL)


OPENED_WORDS = said_as("opened", "opened_no_volunteer")


@pytest.fixture
def dialogue(services, memory_store):
    clock = ManualClock(MONDAY_9AM)  # office hours: no "after hours" line
    return dialogue_over(services, lambda: FakeUnitOfWork(memory_store), clock=clock)


async def share(dialogue, citizen: Person, where: Location) -> None:
    turn = Turn(
        channel="telegram", user_id=citizen.user_id, chat_id=citizen.user_id, location=where
    )
    citizen.last = await dialogue.handle(turn)


@pytest.mark.parametrize(
    ("story", "requests", "notices"),
    [
        (WARD_TYPED, 1, 1),
        (OLD_WARD_TYPED_IN_FULL, 1, 0),  # no volunteer of Phường Sài Gòn: staff answer
        (STILL_AMBIGUOUS_TYPED, 1, 0),
        (LOCATION_SHARED, 1, 1),
        (LOCATION_ABROAD, 1, 0),
        (QUESTION_INSTEAD_OF_CHOOSING, 1, 1),
        (QUESTION_INSTEAD_OF_THE_WARD, 1, 1),
    ],
    ids=[
        "a ward typed",
        "an old ward typed in full",
        "another ambiguous place typed",
        "a location shared",
        "a location abroad shared",
        "a question instead of choosing",
        "a question instead of the ward",
    ],
)
async def test_what_the_citizen_does_instead_of_pressing_a_place(
    dialogue, memory_store, story, requests, notices
):
    volunteer = await join(dialogue, memory_store, "701")  # on duty in Phường Bến Thành
    citizen = Person(dialogue, "941")
    for does, what, kinds, items in story:
        if does == "share":
            await share(dialogue, citizen, what)
        else:
            await {"say": citizen.say, "press": citizen.payload}[does](what)
        assert [r.kind for r in citizen.last] == kinds, (what, citizen.last)
        for reply in citizen.last:
            if reply.kind in (OPENED, UNIT_GIVEN):
                assert OPENED_WORDS.fullmatch(reply.text), reply.text
        human = [i for i in memory_store.inbox if i.reason == InboxReason.HUMAN]
        assert len(human) == items, (what, [i.text for i in human])
    opened = [r for r in memory_store.people.requests.values() if r.status == RequestStatus.OPEN]
    assert len(opened) == requests
    told = [
        m
        for m in memory_store.outbox
        if m.recipient == volunteer.user_id and "hclaim:" in str(m.body)
    ]
    assert len(told) == notices
