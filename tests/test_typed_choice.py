"""A citizen on Telegram or the web chat types the button instead of pressing it: its
number ("2", "số 2", "cái thứ hai") or its label ("xem day du"). That is answered as the
press; a number no button has is answered with the buttons again; anything more than a
choice is read as usual."""

from __future__ import annotations

import pytest

from flows.state import ConversationState, OfferedButton
from flows.typed_choice import AGAIN, read_choice
from flows.types import Reply, Turn
from knowledge.storage.conversations import StoredConversation
from tests.conftest import Conversation
from tests.fakes import FakeUnitOfWork, ManualClock, dialogue_over
from tests.test_handoff_dialogue import MONDAY_9AM, WARD, Person, join

BIRTH = "đăng ký khai sinh"  # answered with the documents and six buttons, then 👍/👎
BIRTH_BUTTONS = [
    "Lệ phí",
    "Thời gian",
    "Nơi nộp",
    "Nộp trực tuyến",
    "Điều kiện, đối tượng",
    "Xem đầy đủ",
]

TYPED_BUTTONS = [
    # (the citizen types, after the answer on birth registration; the button it presses)
    ("1", "Lệ phí"),
    ("số 1", "Lệ phí"),
    ("chọn 2", "Thời gian"),
    ("cái thứ hai", "Thời gian"),
    ("thứ tư", "Nộp trực tuyến"),
    ("em chọn số 3 ạ", "Nơi nộp"),
    ("6", "Xem đầy đủ"),
    ("Xem đầy đủ", "Xem đầy đủ"),
    ("xem day du", "Xem đầy đủ"),
    ("XEM ĐẦY ĐỦ!", "Xem đầy đủ"),
    ("Lệ phí", "Lệ phí"),
    ("le phi a", "Lệ phí"),
]


def _state(store, user: str = "u1", channel: str = "test") -> ConversationState:
    return ConversationState.from_dict(store.conversations[(channel, user)].state)


async def test_the_answer_offers_the_buttons_these_tests_count_on(conversation):
    await conversation.say(BIRTH)
    labels = [b.label for r in conversation.last for b in r.buttons]
    assert labels == [*BIRTH_BUTTONS, "👍", "👎"]


@pytest.mark.parametrize(("typed", "button"), TYPED_BUTTONS)
async def test_a_typed_number_or_label_is_answered_as_its_button(
    services, fake_dialogue, typed, button
):
    presses, types = (Conversation(services, who, dialogue=fake_dialogue) for who in "ab")
    await presses.say(BIRTH)
    await presses.press(button)

    await types.say(BIRTH)
    await types.say(typed)
    assert types.text == presses.text
    assert [r.kind for r in types.last] == [r.kind for r in presses.last]


async def test_after_the_answer_1_gives_the_fee(conversation):
    await conversation.say(BIRTH)
    await conversation.say("1")
    assert conversation.last[0].kind == "procedure_fee"
    assert "Lệ phí" in conversation.text and "Đăng ký khai sinh" in conversation.text


OUT_OF_RANGE = [
    # (asked first, the number typed, the bot answers)
    (BIRTH, "7", "Dạ, anh/chị chọn một số từ 1 đến 6, hoặc bấm nút bên dưới ạ."),
    (BIRTH, "0", "Dạ, anh/chị chọn một số từ 1 đến 6, hoặc bấm nút bên dưới ạ."),
    (BIRTH, "số 20", "Dạ, anh/chị chọn một số từ 1 đến 6, hoặc bấm nút bên dưới ạ."),
]


@pytest.mark.parametrize(("first", "typed", "answer"), OUT_OF_RANGE)
async def test_a_number_no_button_has_offers_the_buttons_again(conversation, first, typed, answer):
    await conversation.say(first)
    await conversation.say(typed)
    [again] = conversation.last
    assert (again.kind, again.text) == (AGAIN, answer)
    assert [b.label for b in again.buttons] == BIRTH_BUTTONS
    # the buttons are still there to type
    await conversation.say("1")
    assert conversation.last[0].kind == "procedure_fee"


async def test_one_button_offered_says_to_type_1(conversation, memory_store):
    await conversation.say(BIRTH)
    state = _state(memory_store)
    state.offered = (OfferedButton("Bot giúp được gì?", "cmd:help"),)
    version = memory_store.conversations[("test", "u1")].version
    memory_store.conversations[("test", "u1")] = StoredConversation(state.to_dict(), version)
    await conversation.say("6")
    assert conversation.text == "Dạ, anh/chị gõ số 1, hoặc bấm nút bên dưới ạ."
    await conversation.say("1")
    assert conversation.last[0].kind == "help"


async def test_a_reply_without_buttons_forgets_the_buttons_before(conversation, memory_store):
    await conversation.say(BIRTH)
    assert len(_state(memory_store).offered) == 6  # 👍/👎 are not counted
    await conversation.say("cảm ơn")
    assert conversation.last[0].kind == "thank"
    assert not any(r.buttons for r in conversation.last)
    assert _state(memory_store).offered == ()
    await conversation.say("1")
    assert conversation.last[0].kind not in ("procedure_fee", AGAIN)


NOT_A_CHOICE = [
    # (typed after the answer on birth registration: more than a choice, or no choice)
    "2 thì lệ phí bao nhiêu",
    "15 tuổi",
    "con tôi 2 tuổi",
    "-1",
    "999999999999",
    "2.5",
    "1/2",
    "😀",
    "👍",
    "năm",  # a number word beyond the buttons: a word like any
]


@pytest.mark.parametrize("typed", NOT_A_CHOICE)
async def test_more_than_a_choice_is_read_as_usual(conversation, typed):
    await conversation.say(BIRTH)
    await conversation.say(typed)
    assert conversation.last, "always answered"
    assert conversation.last[0].kind not in (AGAIN, "error")
    assert conversation.text != "Thời gian"


async def test_a_fee_question_with_a_number_in_it_is_answered_as_one(conversation):
    await conversation.say(BIRTH)
    await conversation.say("2 thì lệ phí bao nhiêu")
    assert conversation.last[0].kind == "procedure_fee"


async def test_a_dossier_code_typed_after_buttons_is_looked_up(conversation, memory_store):
    await conversation.say(BIRTH)
    await conversation.say("000.00.12.H12-250101-0001")
    assert _state(memory_store).last_intent == "check_dossier_status"


MARRIAGE = "đăng ký kết hôn cần giấy tờ gì"


async def test_which_case_answered_by_number_label_or_own_words(services, fake_dialogue):
    presses = Conversation(services, "a", dialogue=fake_dialogue)
    await presses.say(MARRIAGE)
    assert presses.last[0].kind == "choose_case"
    labels = [b.label for b in presses.last[0].buttons]
    divorced = "Người đã ly hôn hoặc vợ/chồng đã chết"
    number = str(labels.index(divorced) + 1)
    await presses.press(divorced)
    for typed in (number, divorced, "nguoi da ly hon hoac vo chong da chet", "em đã ly hôn rồi"):
        types = Conversation(services, typed, dialogue=fake_dialogue)
        await types.say(MARRIAGE)
        await types.say(typed)
        assert types.text == presses.text, typed


async def test_a_number_never_deletes_everything(conversation, memory_store):
    await conversation.say("xin chào")
    await conversation.say("xóa dữ liệu của tôi")
    assert conversation.last[0].kind == "delete_confirm"
    await conversation.say("1")  # not read as "Có, xóa hết": asked again
    assert conversation.last[0].kind == "delete_confirm"
    assert ("test", "u1") in memory_store.conversations
    await conversation.say("không")
    assert conversation.last[0].kind == "delete_cancelled"
    await conversation.say("xóa dữ liệu của tôi")
    await conversation.say("có")
    assert conversation.last[0].kind == "deleted"
    assert ("test", "u1") not in memory_store.conversations


def test_a_state_stored_before_buttons_were_remembered_reads_back():
    old = ConversationState(procedure="dang_ky_khai_sinh", turns=3).to_dict()
    del old["offered"]
    state = ConversationState.from_dict(old)
    assert (state.procedure, state.turns, state.offered) == ("dang_ky_khai_sinh", 3, ())
    offered = ConversationState(offered=(OfferedButton("Lệ phí", "proc:x:fee"),))
    assert ConversationState.from_dict(offered.to_dict()) == offered


async def test_a_conversation_stored_before_is_answered(fake_dialogue, memory_store):
    old = ConversationState(procedure="dang_ky_khai_sinh", turns=3).to_dict()
    del old["offered"]
    memory_store.conversations[("web", "lan")] = StoredConversation(old, 4)
    replies = await fake_dialogue.handle(Turn("web", "lan", text="1"))
    assert replies and replies[0].kind not in (AGAIN, "error")


READ = [
    # (typed, with the buttons "Lệ phí", "Thời gian"; the payload pressed, or None)
    ("2", "fee_time"),
    ("hai", "fee_time"),
    ("thu hai", "fee_time"),
    ("thời gian ạ", "fee_time"),
    ("2️⃣", "fee_time"),
    ("hài", None),  # accents typed are the number word's, or it is no number word
    ("ba", None),  # a number word no button has: read as usual
    ("chon so 2", "fee_time"),
    ("2 3", None),
    ("thứ", None),
    ("phường 2", None),  # a place, not a choice (typed while places are offered)
    ("phuong 2", None),
]


@pytest.mark.parametrize(("typed", "payload"), READ)
def test_what_a_message_picks(typed, payload):
    offered = (OfferedButton("Lệ phí", "fee"), OfferedButton("Thời gian", "fee_time"))
    choice = read_choice(typed, offered)
    assert (choice.payload if choice else None) == payload


def test_no_buttons_remembered_no_choice():
    assert read_choice("2", ()) is None


@pytest.fixture
def dialogue(services, memory_store):
    return dialogue_over(
        services, lambda: FakeUnitOfWork(memory_store), clock=ManualClock(MONDAY_9AM)
    )


async def test_numbers_typed_within_a_conversation_with_a_person_are_passed_on(
    dialogue, memory_store
):
    store = memory_store
    lan = await join(dialogue, store, "501")
    citizen = Person(dialogue, "900")
    await citizen.say(WARD)
    await citizen.payload("cmd:human")
    notice = next(
        Reply.from_dict(m.body)
        for m in store.outbox
        if m.recipient == lan.user_id and m.body.get("kind") == "handoff_notice"
    )
    await lan.press("Nhận hỗ trợ", [notice])
    for user in ("501", "900"):  # both were offered buttons a "1" or a "2" could press
        stored = store.conversations[("telegram", user)]
        state = ConversationState.from_dict(stored.state)
        assert state.helping is not None or state.handoff is not None
        state.offered = (OfferedButton("Bot giúp được gì?", "cmd:help"),) * 2
        store.conversations[("telegram", user)] = StoredConversation(
            state.to_dict(), stored.version
        )

    mark = len(store.outbox)
    assert await citizen.say("2") == ""  # passed on, not answered by the bot
    assert await lan.say("1") == ""
    relayed = [Reply.from_dict(m.body).text for m in store.outbox[mark:]]
    assert any(t.endswith(": 2") for t in relayed), relayed
    assert any(t.endswith(": 1") and t.startswith("Tình nguyện viên") for t in relayed)
