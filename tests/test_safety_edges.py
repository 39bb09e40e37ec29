"""Edges where a mistake hurts: somebody in danger gets the emergency numbers (and a
question about papers after an old accident does not), "delete my data" confirmed by
typing deletes, and text no channel should send does not break the turn.

Dialogue tables: (user says, what the bot answers). Each conversation starts fresh.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from flows.dialogue import clean_text
from flows.types import Turn
from knowledge.storage import models

NUMBERS = ("113", "114", "115")

# Somebody in danger now, written as people write it: with or without diacritics,
# in a word or a sentence.
EMERGENCIES = [
    "có tai nạn giao thông người bị thương",
    "co tai nan giao thong nguoi bi thuong",
    "co nguoi bi tai nan xe may",
    "người bị thương đang chảy máu",
    "nguoi bi thuong dang chay mau",
    "cháy",
    "Cháy!!!",
    "chay",
    "có người bị tai nạn",
    "có người ngất",
    "co nguoi ngat",
    "cháy nhà phải làm sao",
]


@pytest.mark.parametrize("says", EMERGENCIES)
async def test_somebody_in_danger_gets_the_emergency_numbers_first(conversation, says):
    await conversation.say(says)
    first = conversation.last[0]
    assert first.kind == "emergency"
    assert all(number in first.text for number in NUMBERS)
    assert "Nguồn: http" in first.text


# An accident or a fire that is past, in a question about papers or benefits: the
# question is answered, no emergency numbers.
NOT_EMERGENCIES = [
    "xe bị tai nạn năm ngoái giờ làm lại giấy đăng ký",
    "xe bi tai nan nam ngoai gio lam lai giay dang ky",
    "nhà bị cháy mất sổ đỏ làm lại thế nào",
    "nha bi chay mat so do lam lai the nao",
    "cấp lại giấy tờ bị cháy",
    "bị tai nạn giao thông được bảo hiểm bồi thường thế nào",
    "Tháng trước tôi bị tai nạn lao động trên đường đi làm, giờ hưởng chế độ thế nào",
    "đăng ký mô tô nước vui chơi dưới nước lần đầu",  # under water, not drowning
    "xin tu van thu tuc dang ky ket hon",  # "tư vấn" folds like "tự vẫn"
]


@pytest.mark.parametrize("says", NOT_EMERGENCIES)
async def test_a_past_accident_in_a_question_about_papers_is_no_emergency(conversation, says):
    await conversation.say(says)
    assert all(r.kind != "emergency" for r in conversation.last)
    assert "113" not in conversation.text


@pytest.mark.parametrize("says", ["tôi muốn tự tử", "muốn chết", "toi muon tu tu"])
async def test_somebody_who_speaks_of_ending_their_life_is_cared_for_first(conversation, says):
    await conversation.say(says)
    first = conversation.last[0]
    assert first.kind == "emergency"
    assert first.text.startswith("Dạ, anh/chị không một mình đâu ạ.")
    assert first.text.index("không một mình") < first.text.index("113")
    assert all(number in first.text for number in NUMBERS)


async def test_a_plain_emergency_gets_no_words_about_self_harm(conversation):
    await conversation.say("có người bị tai nạn")
    assert "không một mình" not in conversation.text


async def test_an_emergency_is_not_sent_to_a_volunteer_team(conversation):
    # "có người ..." reads like asking for a person; the numbers are the help
    await conversation.say("phường Bến Nghé quận 1")
    await conversation.say("có người ngất")
    assert [r.kind for r in conversation.last] == ["emergency"]
    assert "Tổ công nghệ số" not in conversation.text


# ---- "delete my data", answered by typing ----------------------------------------------


async def _asked_to_delete(conversation) -> None:
    await conversation.say("phường Bến Nghé quận 1")
    await conversation.say("xóa dữ liệu của tôi")
    assert conversation.last[0].kind == "delete_confirm"


@pytest.mark.parametrize("says", ["có", "co", "Có, xóa hết", "ok xóa đi", "đồng ý", "vâng ạ"])
async def test_a_typed_yes_deletes_like_the_button(conversation, memory_store, says):
    await _asked_to_delete(conversation)
    assert ("test", "u1") in memory_store.conversations and memory_store.turn_events
    await conversation.say(says)
    assert [r.kind for r in conversation.last] == ["deleted"]
    assert ("test", "u1") not in memory_store.conversations
    assert memory_store.inbox == [] and memory_store.turn_events == []


@pytest.mark.parametrize("says", ["không", "ko", "Không, giữ lại", "thôi", "không xóa"])
async def test_a_typed_no_keeps_everything(conversation, memory_store, says):
    await _asked_to_delete(conversation)
    await conversation.say(says)
    assert [r.kind for r in conversation.last] == ["delete_cancelled"]
    assert ("test", "u1") in memory_store.conversations
    await conversation.say("có")  # the question was answered: "có" deletes nothing now
    assert "đã xóa" not in conversation.text
    assert ("test", "u1") in memory_store.conversations


# Anything else is asked again, with the buttons; never "Dạ vâng", never a deletion.
UNCLEAR = [
    ("có không", "chưa rõ ý"),
    ("có việc muốn hỏi", "chưa rõ ý"),
    ("ừ để xem", "chưa rõ ý"),
]


@pytest.mark.parametrize(("says", "answer"), UNCLEAR)
async def test_an_unclear_answer_asks_again(conversation, memory_store, says, answer):
    await _asked_to_delete(conversation)
    await conversation.say(says)
    assert answer in conversation.text
    assert "Dạ vâng" not in conversation.text
    assert conversation.last[0].kind == "delete_confirm"
    assert {b.payload for b in conversation.last[0].buttons} == {"delete:yes", "delete:no"}
    assert ("test", "u1") in memory_store.conversations
    await conversation.say("có, xóa hết")  # still waiting: now it is answered
    assert [r.kind for r in conversation.last] == ["deleted"]


async def test_a_question_of_its_own_passes_the_question_over(conversation, memory_store):
    # longer than a typed answer: answered as itself, and nothing is deleted
    await _asked_to_delete(conversation)
    await conversation.say("xóa tạm trú thì cần giấy tờ gì")
    assert "Xóa đăng ký tạm trú" in conversation.text
    assert ("test", "u1") in memory_store.conversations
    await conversation.say("có")
    assert "deleted" not in [r.kind for r in conversation.last]
    assert ("test", "u1") in memory_store.conversations


async def test_another_button_passes_the_question_over(conversation, memory_store):
    await _asked_to_delete(conversation)
    await conversation.payload("help")
    await conversation.say("có")
    assert "đã xóa" not in conversation.text
    assert ("test", "u1") in memory_store.conversations


async def test_the_no_button_ends_the_question_too(conversation, memory_store):
    await _asked_to_delete(conversation)
    await conversation.press("Không, giữ lại")
    assert "không xóa gì" in conversation.text
    await conversation.say("có")
    assert "đã xóa" not in conversation.text
    assert ("test", "u1") in memory_store.conversations


# ---- text no channel should send ---------------------------------------------------------


CLEANED = [
    ("\x01\x02\udcff\udcfe garbage", "garbage"),  # stray bytes read by the terminal
    ("khai\ud800 sinh", "khai sinh"),  # a lone surrogate, as a Telegram update may carry
    ("kh\u200bông\ufeff", "không"),
    ("dòng một\r\ndòng hai\tcuối", "dòng một \ndòng hai\tcuối"),
    ("\ud800\x00\x07", ""),
]


@pytest.mark.parametrize(("raw", "clean"), CLEANED)
def test_text_is_cleaned_where_it_enters(raw, clean):
    assert clean_text(raw) == clean


async def test_stray_bytes_are_answered_and_stored_without_them(services):
    turn = Turn("web", "bytes-7q2", text="\x01\x02\udcff\udcfe garbage")
    replies = await services.dialogue.handle(turn)
    assert replies and all(r.kind != "error" for r in replies)
    async with services.db.engine.connect() as conn:
        rows = list(await conn.execute(select(models.InboxItem.text)))
    assert [r.text for r in rows] == ["garbage"]


async def test_a_lone_surrogate_in_a_question_does_not_stop_the_answer(conversation):
    await conversation.say("làm giấy khai sinh\ud800 cần gì")
    assert conversation.last[0].kind != "error"
    assert "khai sinh" in conversation.text.lower()


async def test_a_message_of_nothing_but_invalid_characters_is_an_empty_message(conversation):
    await conversation.say("\ud800\udfff\x01")
    assert conversation.last[0].kind == "empty"


# (the citizen does, the bot's answer is of kind): an old "Có, xóa hết" still on the
# screen deletes nothing by itself once its question was passed over.
OLD_DELETE_BUTTON = [
    ("say", "xóa dữ liệu của tôi", "delete_confirm"),
    ("say", "làm giấy khai sinh cần gì", "procedure_requirements"),
    ("press", "delete:yes", "delete_confirm"),  # asked again, nothing deleted
    ("press", "delete:yes", "deleted"),  # the question asked now: deleted
]


async def test_an_old_delete_button_asks_again_before_deleting(conversation, memory_store):
    for does, what, kind in OLD_DELETE_BUTTON:
        replies = await (conversation.say(what) if does == "say" else conversation.payload(what))
        assert replies[0].kind == kind, (what, replies[0].kind)
        remembered = bool(memory_store.conversations)
        assert remembered == (kind != "deleted"), what
