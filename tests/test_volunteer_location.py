"""A volunteer shares a location on Telegram: what they get depends on what they are doing.

Idle (holding no request), it is a question like anyone's: the bot answers with the ward
and its service centre. While relaying a citizen's request it is for that citizen: it
goes to them as a map link and a pin (where to go, where to meet), and the volunteer is
told where it went -- never the nearest centre. Holding requests but relaying none (after
ending one of two), the bot answers it and says it went to no citizen, with the button to
pick one. Once the citizen has ended the request, it goes nowhere and the volunteer is
told so. Told through the real dialogue over the in-memory unit of work, as a table of
(who does what, what the bot answers them, what reaches each citizen's chat).
"""

from __future__ import annotations

import pytest

from flows.types import Location, Reply, Turn
from tests.fakes import FakeUnitOfWork, ManualClock, dialogue_over
from tests.test_handoff_dialogue import MONDAY_9AM, Person, join, pushed
from tests.test_volunteer_stories import asks_for_a_person

HERE = Location(10.77231, 106.69820)  # phường Bến Thành, TP. Hồ Chí Minh
MAP = "query=10.77231,106.69820"
CENTRE = "theo vị trí anh/chị gửi, anh/chị đang ở Phường Bến Thành"  # the bot's own answer
TO_CITIZEN = "Tình nguyện viên Tổ công nghệ số Phường Bến Thành: 📍 Vị trí gửi anh/chị"
LAN, AN, BINH = "601", "910", "911"


@pytest.fixture
def dialogue(services, memory_store):
    return dialogue_over(
        services, lambda: FakeUnitOfWork(memory_store), clock=ManualClock(MONDAY_9AM)
    )


async def shares(person: Person, point: Location) -> list[Reply]:
    """``person`` sends their location (Telegram's 📎 → Vị trí)."""
    turn = Turn(channel="telegram", user_id=person.user_id, chat_id=person.user_id, location=point)
    person.last = await person.dialogue.handle(turn)
    return person.last


async def test_a_volunteers_location_goes_where_what_they_are_doing_says(dialogue, memory_store):
    lan = await join(dialogue, memory_store, LAN)
    an, first = await asks_for_a_person(dialogue, AN)
    binh, second = await asks_for_a_person(dialogue, BINH)
    people = {LAN: lan, AN: an}

    # who, what they do (a location, a typed text or a button's payload), what the bot
    # answers them (every part must be in it), what An's and Bình's chats get (the same)
    steps = [
        # idle: a question like anyone's, answered with the ward and its centre
        (LAN, HERE, [CENTRE, "Trung tâm Phục vụ hành chính công"], [], []),
        (LAN, f"hclaim:{first}", [f"Anh/chị đã nhận yêu cầu số {first}"], ["đã nhận"], []),
        # relaying An's request: for An, on the map; Lan hears where it went
        (
            LAN,
            HERE,
            [f"Dạ, em đã gửi vị trí này cho người dân của yêu cầu số {first}."],
            [TO_CITIZEN, MAP],
            [],
        ),
        # holding two: to the one chosen last (Bình), as typed text would go
        (LAN, f"hclaim:{second}", [f"chỉ tới yêu cầu số {second}"], [], ["đã nhận"]),
        (LAN, HERE, [f"Đã chuyển tới yêu cầu số {second}."], [], [TO_CITIZEN, MAP]),
        # Bình's ended: An's still held, relayed to nobody; the bot answers, and says so
        (LAN, "cmd:done", [f"vẫn giữ yêu cầu số {first}"], [], ["đã kết thúc"]),
        (LAN, HERE, [CENTRE, "chưa được gửi cho người dân nào", f"số {first}"], [], []),
        (LAN, f"Nhắn cho số {first}", [f"được chuyển tới yêu cầu số {first}"], [], []),
        (LAN, HERE, [f"cho người dân của yêu cầu số {first}"], [TO_CITIZEN, MAP], []),
        # An ends it before Lan knows: the location goes nowhere, and Lan is told
        (AN, "/xong", [], [], []),
        (LAN, HERE, [f"yêu cầu số {first} đã kết thúc nên tin này không được chuyển"], [], []),
        # holding nothing any more: a question like anyone's again
        (LAN, HERE, [CENTRE], [], []),
    ]
    for who, does, answered, to_an, to_binh in steps:
        person, mark = people[who], len(memory_store.outbox)
        if isinstance(does, Location):
            replies = await shares(person, does)
        elif does.startswith("Nhắn cho số"):
            await person.press(does)
            replies = person.last
        elif ":" in does:
            await person.payload(does)
            replies = person.last
        else:
            await person.say(does)
            replies = person.last
        said = "\n".join(r.text for r in replies)
        step = f"{who} {does}"
        assert all(part in said for part in answered), (step, said)
        if isinstance(does, Location) and CENTRE not in answered:
            assert CENTRE not in said, step  # not the nearest centre
        for user_id, expected in ((AN, to_an), (BINH, to_binh)):
            got = "\n".join(r.text for r in pushed(memory_store, user_id, mark))
            assert all(part in got for part in expected), (step, user_id, got)
            if TO_CITIZEN not in expected:
                assert TO_CITIZEN not in got, (step, user_id)
        if TO_CITIZEN in to_an + to_binh:  # the pin on the citizen's map, titled for them
            citizen = AN if TO_CITIZEN in to_an else BINH
            [pin] = [r.venue for r in pushed(memory_store, citizen, mark) if r.venue]
            assert (pin.lat, pin.lon, pin.title) == (HERE.lat, HERE.lon, "Vị trí người hỗ trợ gửi")
    assert binh.user_id == BINH


async def test_a_citizen_helped_by_a_volunteer_still_sends_their_location_to_the_volunteer(
    dialogue, memory_store
):
    lan = await join(dialogue, memory_store, LAN)
    an, number = await asks_for_a_person(dialogue, AN)
    await lan.payload(f"hclaim:{number}")
    mark = len(memory_store.outbox)
    assert await shares(an, HERE) == []  # passed on, not answered
    [relayed] = pushed(memory_store, LAN, mark)
    assert relayed.text.startswith(f"💬 Yêu cầu số {number}: 📍 Vị trí người dân gửi")
    assert relayed.venue.title == "Vị trí người dân gửi"
