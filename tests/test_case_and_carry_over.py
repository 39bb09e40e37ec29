"""A citizen asked which case is theirs types it instead of pressing its button; a
citizen who asked one thing of a procedure asks "thế còn ...?" of another."""

import pytest

from flows.state import ChooseCase, ConversationState

MARRIAGE = "đăng ký kết hôn cần giấy tờ gì"

TYPED_CASES = [
    # (the citizen's case, typed; the button it stands for)
    ("em đã ly hôn rồi", "Người đã ly hôn hoặc vợ/chồng đã chết"),
    ("vợ em mất rồi", "Người đã ly hôn hoặc vợ/chồng đã chết"),
    ("em khong thuong tru o day", "Người không thường trú tại xã, phường nơi đăng ký kết hôn"),
    ("trường hợp chung", "Trường hợp chung"),
    ("xem hết", "Xem tất cả các trường hợp"),
    ("tất cả", "Xem tất cả các trường hợp"),
]


@pytest.mark.parametrize(("typed", "button"), TYPED_CASES)
async def test_a_typed_case_is_answered_as_its_button(conversation, typed, button):
    await conversation.say(MARRIAGE)
    assert conversation.last[0].kind == "choose_case"
    await conversation.press(button)
    pressed = conversation.text

    await conversation.say(MARRIAGE)
    await conversation.say(typed)
    assert conversation.text == pressed
    assert "Đăng ký kết hôn" in conversation.text
    assert "nước ngoài" not in conversation.text


ANOTHER_QUESTION = [
    # (said after the case question, the answer's kind, and it says)
    ("lệ phí bao nhiêu", "procedure_fee", "Lệ phí"),
    ("kết hôn nộp ở đâu", "procedure_where", "Đăng ký kết hôn"),
    ("cảm ơn", "thank", ""),
]


@pytest.mark.parametrize(("then", "kind", "says"), ANOTHER_QUESTION)
async def test_a_new_question_after_the_case_question_is_answered(conversation, then, kind, says):
    await conversation.say(MARRIAGE)
    await conversation.say(then)
    assert conversation.last[0].kind == kind, conversation.text
    assert says in conversation.text
    # the case question is dropped: a case typed now is routed as any message
    await conversation.say("em đã ly hôn rồi")
    assert "Trường hợp: Người đã ly hôn" not in conversation.text


async def test_a_button_press_drops_the_case_question(conversation):
    await conversation.say(MARRIAGE)
    await conversation.press("Trường hợp chung")
    assert "Giấy tờ cần chuẩn bị:" in conversation.text
    await conversation.say("vợ em mất rồi")
    assert "Trường hợp: Người đã ly hôn" not in conversation.text


async def test_the_case_asked_at_the_end_of_an_answer_can_be_typed(conversation):
    await conversation.say("đăng ký kết hôn cần giấy tờ gì và mất bao lâu")
    assert any(b.payload.startswith("case:") for b in conversation.last[0].buttons)
    await conversation.say("em đã ly hôn rồi")
    assert "Trường hợp: Người đã ly hôn hoặc vợ/chồng đã chết" in conversation.text


def test_a_stored_case_question_reads_back():
    state = ConversationState(pending=ChooseCase("dang_ky_ket_hon", ("a", "b")))
    assert ConversationState.from_dict(state.to_dict()) == state


CARRY_OVER = [
    # (asked first, then, the answer names, and tells)
    ("lệ phí khai sinh", "thế còn khai tử?", "Đăng ký khai tử", "Lệ phí:"),
    ("đăng ký khai sinh mất bao lâu", "the con khai tu", "Đăng ký khai tử", "Thời gian"),
    ("lệ phí kết hôn", "khai tử thì thế nào", "Đăng ký khai tử", "Lệ phí:"),
]


@pytest.mark.parametrize(("first", "then", "procedure", "tells"), CARRY_OVER)
async def test_what_about_another_procedure_asks_the_same_of_it(
    conversation, first, then, procedure, tells
):
    await conversation.say(first)
    await conversation.say(then)
    assert procedure in conversation.text
    assert tells in conversation.text
    assert "Giấy tờ cần chuẩn bị:" not in conversation.text


async def test_a_close_call_after_another_procedure_offers_the_likelier_first(conversation):
    # "còn kết hôn thì sao": the marriage's registration (0.8488 since the twenty-eighth
    # session's phrasings moved the words' weights; it needs 0.85 to be clear) and the copy
    # of a marriage extract issued again (0.8411) are a close call, so the bot asks, with
    # the registration first; before, at 0.8505, it answered the registration's fee. Left
    # as a close call (docs/history/nlu-evaluation.md, twenty-eighth session): no
    # threshold is moved for one row.
    await conversation.say("lệ phí khai sinh")
    await conversation.say("còn kết hôn thì sao")
    [reply] = conversation.last
    assert reply.buttons[0].label == "Đăng ký kết hôn"
    assert "Giấy tờ cần chuẩn bị:" not in conversation.text


async def test_a_plain_procedure_name_is_asked_what_about_it(conversation):
    await conversation.say("lệ phí khai sinh")
    await conversation.say("kết hôn")
    assert conversation.last[0].kind == "procedure_overview"
    assert "muốn biết điều gì" in conversation.text


async def test_a_follow_up_that_asks_its_own_aspect_gets_it(conversation):
    await conversation.say("lệ phí khai sinh")
    await conversation.say("thế còn khai tử nộp ở đâu")
    assert "Đăng ký khai tử" in conversation.text
    assert "Lệ phí:" not in conversation.text


def test_a_state_stored_before_aspects_were_remembered_reads():
    stored = ConversationState(procedure="dang_ky_khai_sinh").to_dict()
    del stored["aspects"]
    assert ConversationState.from_dict(stored).procedure == "dang_ky_khai_sinh"
    assert ConversationState.from_dict(stored).aspects == ()
