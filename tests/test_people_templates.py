"""A dialogue given its own wording (templates) says it everywhere, also in the part
that handles people behind the bot: a citizen talking with a person who asks to delete
their data is asked with the dialogue's wording, as anywhere else."""

from __future__ import annotations

import yaml

from flows.templates import TEMPLATES_FILE, Templates
from tests.fakes import FakeUnitOfWork, ManualClock, dialogue_over
from tests.test_handoff_dialogue import MONDAY_9AM, WARD, Person

OWN_QUESTION = "Dạ, anh/chị muốn xóa mọi thông tin em lưu (cách nói riêng của bot này)?"


def own_templates() -> Templates:
    data = yaml.safe_load(TEMPLATES_FILE.read_text(encoding="utf-8"))
    return Templates({**data, "delete_confirm": OWN_QUESTION})


# (the citizen says, the bot's answer says)
STORY = [
    (WARD, "Bến Thành"),
    ("cho tôi gặp người hỗ trợ", "đã gửi yêu cầu số"),
    ("xóa dữ liệu của tôi", OWN_QUESTION),  # while waiting for a person
    ("xóa dữ liệu", OWN_QUESTION),
]


async def test_the_deletion_question_during_a_request_uses_the_dialogues_wording(
    services, memory_store
):
    dialogue = dialogue_over(
        services,
        lambda: FakeUnitOfWork(memory_store),
        clock=ManualClock(MONDAY_9AM),
        templates=own_templates(),
    )
    citizen = Person(dialogue, "960")
    for says, answer in STORY:
        text = await citizen.say(says)
        assert answer in text, (says, text)
    assert [b.payload for b in citizen.last[0].buttons] == ["delete:yes", "delete:no"]
