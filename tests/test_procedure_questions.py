"""A citizen asks about procedures: documents, fee, time, where, online."""

from __future__ import annotations

import pytest

from bot.app import create_services
from flows.record_text import display_name
from knowledge.procedures.records import Catalogue, validate_record
from nlu.types import Entity
from tests.conftest import Conversation

# (user says, the answer names this procedure, and contains this fact)
QUESTIONS = [
    ("lam giay khai sinh can gi", "Đăng ký khai sinh", "Giấy chứng sinh"),
    ("làm giấy khai sinh cần những giấy tờ gì ạ", "Đăng ký khai sinh", "Giấy chứng sinh"),
    ("đk kết hôn mấy ngày", "Đăng ký kết hôn", "Ngay trong ngày"),
    ("dang ky thuong tru het bao nhieu tien", "Đăng ký thường trú", "20.000 đồng"),
    ("nhập hộ khẩu lệ phí bao nhiêu", "Đăng ký thường trú", "10.000 đồng"),
    ("tạm trú mất bao lâu", "Đăng ký tạm trú", "3 ngày làm việc"),
    ("chung thuc ban sao mat bao nhieu tien", "Chứng thực bản sao", "2.000 đồng/trang"),
    ("lý lịch tư pháp bao lâu thì có", "lý lịch tư pháp", "10 ngày"),
    ("doi bang lai nop o dau", "giấy phép lái xe", "Nơi nộp hồ sơ"),
    ("xac nhan doc than lam online dc ko", "tình trạng hôn nhân", "trực tuyến toàn trình"),
    ("ko biết làm khai tử nộp ở đâu", "Đăng ký khai tử", "Nơi nộp hồ sơ"),
]


@pytest.mark.parametrize(("says", "procedure", "fact"), QUESTIONS)
async def test_question_about_a_procedure_gets_the_catalogue_answer(
    conversation, says, procedure, fact
):
    await conversation.say(says)
    assert procedure.lower() in conversation.text.lower()
    assert fact in conversation.text


async def test_every_factual_answer_ends_with_source_and_verified_date(conversation):
    await conversation.say("đăng ký thường trú lệ phí bao nhiêu")
    last_line = conversation.last[0].text.splitlines()[-1]
    assert last_line.startswith("Nguồn: http")
    assert "(cập nhật 22/11/2026)" in last_line


async def test_unknown_fact_is_said_to_be_unknown_with_where_to_ask(conversation):
    # neither the curated record nor the national one states this fee
    await conversation.say("thông báo lưu trú lệ phí bao nhiêu")
    assert "chưa có thông tin về lệ phí" in conversation.text
    assert "dichvucong.gov.vn" in conversation.text


async def test_follow_up_question_remembers_the_procedure(conversation):
    dialogue = [
        ("đăng ký thường trú cần giấy tờ gì", "Đăng ký thường trú"),
        ("còn lệ phí thì sao?", "20.000 đồng"),
        ("mất mấy ngày", "7 ngày làm việc"),
    ]
    for says, expected in dialogue:
        await conversation.say(says)
        assert expected in conversation.text, says


async def test_answer_offers_the_other_aspects_as_buttons(conversation):
    await conversation.say("lam giay khai sinh can gi")
    await conversation.press("Lệ phí")
    assert "Miễn lệ phí khi đăng ký đúng hạn" in conversation.text
    assert "Đăng ký khai sinh" in conversation.text


async def test_question_without_a_procedure_asks_which_one_with_buttons(conversation):
    await conversation.say("lệ phí bao nhiêu vậy")
    assert "thủ tục nào" in conversation.text
    labels = [b.label for b in conversation.last[0].buttons]
    assert "Đăng ký khai sinh" in labels
    await conversation.press("Đăng ký tạm trú")
    assert "15.000 đồng" in conversation.text


async def test_procedure_named_after_being_asked_answers_the_pending_question(conversation):
    await conversation.say("mất bao lâu")
    assert "thủ tục nào" in conversation.text
    await conversation.say("nhap ho khau")
    assert "7 ngày làm việc" in conversation.text


async def test_procedure_not_in_the_catalogue_gets_an_honest_answer_and_the_portal(conversation):
    await conversation.say("đăng ký thường trú cần gì")
    await conversation.say("xin giấy phép biểu diễn nghệ thuật cần những gì")
    assert "chưa có thủ tục này trong danh mục" in conversation.text
    assert "dichvucong.gov.vn" in conversation.text
    assert "pkeyWord=xin+gi%E1%BA%A5y+ph%C3%A9p+bi%E1%BB%83u+di%E1%BB%85n" in conversation.text
    assert not conversation.last[0].buttons or all(
        not b.payload.startswith("proc:") for b in conversation.last[0].buttons
    )
    assert "Đăng ký thường trú" not in conversation.text


BARE_NAMES = [
    # (a procedure's name alone, whatever the classifier reads into it; the procedure)
    ("đăng ký kết hôn", "Đăng ký kết hôn"),
    ("cấp lại giấy khai sinh", "bản sao trích lục hộ tịch"),  # a copy, not a first registration
    ("làm hộ chiếu", "hộ chiếu"),
    ("giấy xác nhận độc thân", "tình trạng hôn nhân"),
    ("báo tử", "Đăng ký khai tử"),
    ("đổi bằng lái xe", "giấy phép lái xe"),
]


@pytest.mark.parametrize(("name", "procedure"), BARE_NAMES)
async def test_a_procedure_name_alone_is_answered_as_its_procedure_asked(
    conversation, name, procedure
):
    # "đăng ký kết hôn" asks what "thủ tục đăng ký kết hôn" asks: how it is done, the
    # papers (or which case is the citizen's) and the steps, the rest one button away;
    # not only where to hand them in
    asked = Conversation(conversation.services, "u2", dialogue=conversation.dialogue)
    await asked.say(f"thủ tục {name}")
    await conversation.say(name)
    answer = conversation.last[0]
    assert answer.meta["aspects"] == ("requirements", "steps"), answer.text
    assert "Các bước thực hiện:" in answer.text
    assert procedure.lower() in answer.text.splitlines()[0].lower()
    assert "Nơi nộp hồ sơ:" not in answer.text
    assert conversation.text == asked.text


async def test_a_procedure_name_alone_after_another_answer_is_asked_what_about_it(conversation):
    # after the fee of a birth, "đăng ký kết hôn" may ask the fee of a marriage or all of it
    await conversation.say("lệ phí khai sinh")
    await conversation.say("đăng ký kết hôn")
    assert conversation.last[0].kind == "procedure_overview", conversation.text
    assert "Đăng ký kết hôn" in conversation.text


SMALL_TALK = [
    ("xin chào", "chào anh/chị"),
    ("cam on nhe", "không có gì"),
    ("tạm biệt", "Chúc anh/chị"),
    # a wish is a goodbye, not a question about "một ngày" (how long it takes)
    ("chúc em một ngày thật vui", "Chúc anh/chị"),
    ("chuc bot 1 ngay tot lanh nhe", "Chúc anh/chị"),
    ("bot giúp được gì", "em có thể giúp"),
]


@pytest.mark.parametrize(("says", "expected"), SMALL_TALK)
async def test_small_talk_is_answered_politely(conversation, says, expected):
    await conversation.say(says)
    assert expected in conversation.text


async def test_start_command_greets_and_shows_what_the_bot_can_do(conversation):
    replies = await conversation.payload("cmd:start")
    assert "Dạ, em chào anh/chị" in replies[0].text
    assert replies[-1].buttons


async def test_menu_lists_the_most_asked_procedures_as_buttons(conversation, services):
    replies = await conversation.payload("cmd:menu")
    assert len(replies[0].buttons) == len(services.catalogue.curated()) >= 15


async def test_out_of_scope_question_gets_suggestions_not_a_guess(conversation):
    await conversation.say("hôm nay thời tiết Hà Nội thế nào")
    reply = conversation.last[0]
    assert "Nguồn:" not in reply.text
    assert "thủ tục hành chính" in reply.text
    assert reply.buttons


async def test_conversation_survives_a_restart(config):
    first = await create_services(config)
    try:
        await Conversation(first).say("đăng ký tạm trú cần giấy tờ gì")
    finally:
        await first.close()
    second = await create_services(config)
    try:
        talk = Conversation(second)
        await talk.say("còn lệ phí thì sao?")
        assert "15.000 đồng" in talk.text
    finally:
        await second.close()


async def test_user_can_delete_what_the_bot_stores(conversation):
    await conversation.say("đăng ký tạm trú cần giấy tờ gì")
    await conversation.say("xóa dữ liệu của tôi")
    assert "xóa" in conversation.text
    await conversation.press("delete:yes")
    assert "đã xóa" in conversation.text
    await conversation.say("còn lệ phí thì sao?")
    assert "thủ tục nào" in conversation.text


async def test_stale_button_gets_a_polite_answer(conversation):
    await conversation.payload("proc:khong_ton_tai:fee")
    assert "không còn dùng được" in conversation.text


async def test_procedure_buttons_cut_long_names_at_a_word(conversation):
    # "which procedure?" over long national names (land registration, 1.013978 and
    # 1.013831): each button shows the name cut after a whole word (or at a comma) with
    # "…", never mid-word
    catalogue = conversation.services.catalogue
    long_ones = [i for i in catalogue.all() if i.code in ("1.013978", "1.013831")]
    candidates = [Entity("procedure", i.slug, text=i.name, code=i.code) for i in long_ones]
    asked = conversation.dialogue.talk.choose(candidates, ())
    assert asked.kind == "choose_procedure"
    offered = [b for b in asked.buttons if b.payload.startswith("proc:")]
    assert len(offered) == 2
    cut = 0
    for button in offered:
        slug = button.payload.split(":")[1]
        name = display_name(catalogue.get(slug).name)
        shown = button.label.removesuffix("…").rstrip(" ,;")
        assert name.startswith(shown), (button.label, name)
        assert len(shown) == len(name) or name[len(shown)] in " ,;", button.label
        cut += len(shown) < len(name)
    assert cut  # these names are longer than a button


async def test_thanks_typed_at_a_case_question_whose_cases_name_nothing_is_answered(
    conversation,
):
    # "cảm ơn" typed at a case question with a label of only generic words ("Hồ sơ")
    # crashed the turn; the copy of a birth extract asked one ("Giấy tờ phải nộp")
    # before its parts were answered at once (tests/test_document_parts.py)
    record = validate_record(
        {
            "slug": "ho_so_chung_chung",
            "name": "Thủ tục thử có trường hợp không tên",
            "source_url": "https://dichvucong.gov.vn/thu-tuc-thu",
            "verified_on": "2026-06-10",
            "documents": [
                {"name": "Tờ khai theo mẫu"},
                {"name": "Giấy tờ khác có liên quan", "case": "Hồ sơ"},
            ],
        }
    )
    catalogue = conversation.services.catalogue
    conversation.dialogue.use_catalogue(Catalogue([*catalogue.all(), record]))
    dialogue = [
        # (user says or presses, the answer's kind)
        ("proc:ho_so_chung_chung:requirements", "choose_case"),
        ("cảm ơn", "thank"),
    ]
    for says, kind in dialogue:
        if says.startswith("proc:"):
            await conversation.payload(says)
        else:
            await conversation.say(says)
        assert conversation.last[0].kind == kind, says
