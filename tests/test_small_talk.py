"""What citizens type besides procedure questions: greetings, goodbyes and wishes,
thanks and praise, "ok", "hả?", "bot hay người thật?", a number. Each gets a short
reply of its own kind, never a procedure, "not in the catalogue" or "which
procedure?" (found: "chúc em một ngày tốt lành" was read as how long a procedure
takes, "nói lại đi" and "gì vậy" were asked which procedure, "nhắc lại được không"
was told the procedure is not in the catalogue, "hở" was asked for a dossier code).

Dialogue tables: (user says, reply kind, a phrase of the reply). Each conversation
starts fresh. Typed with and without diacritics, and abbreviated (ko, k, dc, uh).
"""

from __future__ import annotations

import pytest

HELLO = "Dạ, em chào anh/chị!"
BYE = "Chúc anh/chị một ngày tốt lành!"
THANKS = "Dạ, không có gì ạ."
YES = "Dạ vâng. Anh/chị cần em giúp gì thêm ạ?"
NO = "Nếu em trả lời chưa đúng ý"
A_BOT = "em là trợ lý tự động (chatbot)"
SAY_AGAIN = "em xin lỗi nếu em nói chưa rõ"
DECLINED = "nằm ngoài phạm vi em hỗ trợ"

SMALL_TALK = [
    # greetings, and "is anybody there?"
    ("chào em", "greet", HELLO),
    ("alo", "greet", HELLO),
    ("alo có ai không", "greet", HELLO),
    ("có ai không", "greet", HELLO),
    ("co ai k", "greet", HELLO),
    ("có ai ko", "greet", HELLO),
    ("em ơi", "greet", HELLO),
    ("em khỏe không", "greet", HELLO),
    # goodbyes and wishes
    ("tạm biệt", "goodbye", BYE),
    ("chúc em một ngày tốt lành", "goodbye", BYE),
    ("chuc em mot ngay tot lanh", "goodbye", BYE),
    ("chúc mừng năm mới", "goodbye", BYE),
    ("ngủ ngon", "goodbye", BYE),
    ("lát hỏi tiếp", "goodbye", BYE),
    # thanks, praise, an apology
    ("cảm ơn", "thank", THANKS),
    ("cam on", "thank", THANKS),
    ("tks nhé", "thank", THANKS),
    ("bạn giỏi quá", "thank", THANKS),
    ("ban gioi qua", "thank", THANKS),
    ("xin lỗi", "thank", THANKS),
    # yes, ok, wait
    ("ok", "affirm", YES),
    ("ừ", "affirm", YES),
    ("uh", "affirm", YES),
    ("vâng", "affirm", YES),
    ("được", "affirm", YES),
    ("ok dc", "affirm", YES),
    ("hiểu rồi", "affirm", YES),
    ("ko sao", "affirm", YES),
    ("đợi chút", "affirm", YES),
    ("ờ", "affirm", YES),
    # no, that was wrong
    ("sai rồi", "deny", NO),
    ("sai roi", "deny", NO),
    ("không đúng", "deny", NO),
    ("ko dc", "deny", NO),
    # who answers: said plainly, a person offered
    ("bạn là ai", "ask_bot_identity", A_BOT),
    ("bot hay người thật", "ask_bot_identity", A_BOT),
    ("bot hay nguoi that", "ask_bot_identity", A_BOT),
    ("ban la nguoi that ko", "ask_bot_identity", A_BOT),
    ("em là người hay máy vậy", "ask_bot_identity", A_BOT),
    ("có phải robot không", "ask_bot_identity", A_BOT),
    ("bạn tên gì", "ask_bot_identity", A_BOT),
    # "huh?": did not follow the last reply
    ("hả", "ask_to_repeat", SAY_AGAIN),
    ("hả?", "ask_to_repeat", SAY_AGAIN),
    ("hở", "ask_to_repeat", SAY_AGAIN),
    ("gì vậy", "ask_to_repeat", SAY_AGAIN),
    ("gi vay", "ask_to_repeat", SAY_AGAIN),
    ("là sao", "ask_to_repeat", SAY_AGAIN),
    ("không hiểu", "ask_to_repeat", SAY_AGAIN),
    ("k hieu", "ask_to_repeat", SAY_AGAIN),
    ("nói lại đi", "ask_to_repeat", SAY_AGAIN),
    ("noi lai di", "ask_to_repeat", SAY_AGAIN),
    ("nhắc lại được không", "ask_to_repeat", SAY_AGAIN),
    # outside public services: said so
    ("mấy giờ rồi", "out_of_scope", DECLINED),
    ("bây giờ là mấy giờ", "out_of_scope", DECLINED),
    ("hôm nay thứ mấy", "out_of_scope", DECLINED),
    ("hom nay thu may", "out_of_scope", DECLINED),
    ("đang làm gì đấy", "out_of_scope", DECLINED),
    ("test", "out_of_scope", DECLINED),
]


@pytest.mark.parametrize(("says", "kind", "phrase"), SMALL_TALK)
async def test_small_talk_gets_a_reply_of_its_own_kind(conversation, says, kind, phrase):
    await conversation.say(says)
    [reply] = conversation.last
    assert (reply.kind, phrase in reply.text) == (kind, True), reply.text


# Whatever else they get, these never get a procedure, "not in the catalogue", "which
# procedure?", a dossier code or a place asked for.
NOT_A_PROCEDURE_KINDS = ("procedure", "ask_procedure", "choose_procedure", "dossier", "place")
NEVER_A_PROCEDURE = [
    "?",
    "...",
    "👍",
    "😀",
    "🙏",
    "1",
    "5",
    "123",
    "2024",
    "test",
    "hihi",
    "ok👍",
    "cảm ơn 🙏",
    "đợi chút",
    "thử",
    "mấy h rồi",
]


@pytest.mark.parametrize("says", NEVER_A_PROCEDURE)
async def test_a_sign_or_a_number_is_never_taken_for_a_procedure(conversation, says):
    await conversation.say(says)
    kinds = [r.kind for r in conversation.last]
    assert not any(k.startswith(NOT_A_PROCEDURE_KINDS) for k in kinds), kinds
    assert "danh mục của em" not in conversation.text


@pytest.mark.parametrize(
    "says", ["0912345678", "0912 345 678", "+84912345678", "sdt của tôi là 0987654321"]
)
async def test_a_phone_number_is_never_repeated_back(conversation, says):
    await conversation.say(says)
    digits = "".join(c for c in conversation.text if c.isdigit())
    assert "912345678" not in digits and "987654321" not in digits


async def test_asked_whether_it_is_a_person_the_bot_says_no_and_offers_one(conversation):
    await conversation.say("bot hay người thật?")
    assert "không phải người thật" in conversation.text
    await conversation.press("Gặp người hỗ trợ")
    assert "phường/xã nơi anh/chị ở" in conversation.text


async def test_huh_offers_help_and_a_person(conversation):
    await conversation.say("hả?")
    labels = [b.label for b in conversation.last[0].buttons]
    assert labels == ["Bot giúp được gì?", "Gặp người hỗ trợ"]
    await conversation.press("Bot giúp được gì?")
    assert "em có thể giúp anh/chị" in conversation.text


# Small talk around a real question: the question is answered.
WRAPPED_QUESTIONS = [
    ("alo cho hỏi làm giấy khai sinh cần gì", "Dạ, đây là thông tin thủ tục: Đăng ký khai sinh"),
    ("ok cảm ơn, làm căn cước mất bao lâu", "Thời gian giải quyết"),
    ("hả, làm hộ chiếu mất bao lâu", "Thời gian giải quyết"),
    ("chào em, cho chị hỏi đăng ký kết hôn ở đâu", "Dạ, đây là thông tin thủ tục: Đăng ký kết hôn"),
]


@pytest.mark.parametrize(("says", "answer"), WRAPPED_QUESTIONS)
async def test_a_question_wrapped_in_small_talk_is_answered(conversation, says, answer):
    await conversation.say(says)
    assert answer in conversation.text


# A letter closed with thanks or a wish asks its question: never "goodbye" or "thanks".
CLOSED_WITH_A_WISH = [
    "Cho tôi hỏi mẹ tôi mất rồi, sổ tiết kiệm đứng tên mẹ thì anh em rút thế nào, cảm ơn nhiều",
    "Tôi muốn hỏi về chuyện đất đai của gia đình, bố tôi mất để lại nhà mà không có giấy tờ"
    " gì, giờ anh em tranh chấp thì phải làm sao. Xin cảm ơn và chúc quý báo sức khỏe",
    "Mẹ tôi già yếu không tự đi được, tôi có thể làm giấy tờ thay mẹ ở xã không ạ,"
    " rất mong được giải đáp, chúc cán bộ một ngày tốt lành",
]


@pytest.mark.parametrize("says", CLOSED_WITH_A_WISH)
async def test_a_letter_closed_with_a_wish_is_not_answered_as_small_talk(conversation, says):
    await conversation.say(says)
    assert conversation.last[0].kind not in ("goodbye", "thank", "greet", "affirm"), (
        conversation.text
    )


# ... while a long thanks or goodbye that asks nothing is still one
LONG_SMALL_TALK = [
    ("cảm ơn em nhiều lắm, chúc em một ngày tốt lành, hẹn gặp lại em lần sau nhé", "goodbye"),
    (
        "cảm ơn bot đã giúp đỡ tận tình, thông tin rất hữu ích và dễ hiểu, chúc bot ngày"
        " càng tốt hơn",
        "thank",
    ),
]


@pytest.mark.parametrize(("says", "kind"), LONG_SMALL_TALK)
async def test_a_long_thanks_that_asks_nothing_is_still_small_talk(conversation, says, kind):
    await conversation.say(says)
    assert conversation.last[0].kind == kind, conversation.text


# A short message the classifier read as thanks only by a likeness of letters ("hưu" of
# "hữu ích"), naming something to do, is a procedure asked about: said to be missing
# from the catalogue, never "không có gì"; thanks in words of their own stay thanks.
LOOKS_LIKE_THANKS = [
    ("làm sổ hưu", "procedure_unknown", "em chưa có thủ tục này"),
    ("lam so huu", "procedure_unknown", "em chưa có thủ tục này"),
    ("làm thẻ hưu trí", "procedure_unknown", "em chưa có thủ tục này"),
    ("cám ơn bạn đã giúp đỡ nhiệt tình", "thank", THANKS),
    ("cảm ơn anh Tuấn", "thank", THANKS),
    ("dc roi cam on", "thank", THANKS),
]


@pytest.mark.parametrize(("says", "kind", "phrase"), LOOKS_LIKE_THANKS)
async def test_a_procedure_read_as_thanks_by_its_letters_is_not_thanked(
    conversation, says, kind, phrase
):
    await conversation.say(says)
    [reply] = conversation.last
    assert (reply.kind, phrase in reply.text) == (kind, True), reply.text


def test_the_nlu_and_the_dialogue_mean_the_same_small_talk() -> None:
    from flows.intent_routing import SMALL_TALK
    from nlu.small_talk import SMALL_TALK_INTENTS

    assert set(SMALL_TALK) == SMALL_TALK_INTENTS
