"""A citizen asks about a procedure, then follows up in a few words: the follow-up is
about that procedure, whatever other procedure its words about channels happen to match
("vneid", "dịch vụ công"), and whatever the classifier read a bare question as."""

import pytest

from tests.conftest import Conversation

FOLLOW_UPS = [
    # (first message, follow-up, the answer names, and says)
    (
        "cấp lại bằng lái xe bị mất",
        "lam tren vneid dc ko",
        "Cấp lại giấy phép lái xe",
        "trực tuyến",
    ),
    ("đăng ký khai tử cần gì", "làm trên dịch vụ công được không", "Đăng ký khai tử", "trực tuyến"),
    ("đăng ký khai tử cần gì", "nộp qua bưu điện được không", "Đăng ký khai tử", "bưu"),
    ("đăng ký khai tử cần gì", "ai giải quyết", "Đăng ký khai tử", "Cơ quan thực hiện:"),
    ("đăng ký khai tử cần gì", "nhận được gì", "Đăng ký khai tử", "Kết quả:"),
]


@pytest.mark.parametrize(("first", "then", "procedure", "says"), FOLLOW_UPS)
async def test_a_follow_up_is_about_the_procedure_discussed(
    conversation, first, then, procedure, says
):
    await conversation.say(first)
    await conversation.say(then)
    answer = conversation.last[0]
    assert answer.kind.startswith("procedure_"), answer.text
    assert procedure in answer.text
    assert says in answer.text
    assert answer.text.splitlines()[-1].startswith("Nguồn: http")


MARRIAGE = "thủ tục đăng ký kết hôn cần giấy tờ gì"
BIRTH = "đăng ký khai sinh cần gì"

PAPERS_ASKED = [
    # (procedure discussed, then asked whether to bring a paper, the answer is about,
    #  and says: the record's line about that paper quoted, or that it lists none)
    (MARRIAGE, "có cần mang theo cccd không", "Đăng ký kết hôn", "Giấy tờ tùy thân của hai bên"),
    (BIRTH, "có cần mang theo cccd không", "Đăng ký khai sinh", "Giấy tờ tùy thân của người"),
    (MARRIAGE, "có cần mang sổ hộ khẩu không", "Đăng ký kết hôn", "chưa thấy hồ sơ thủ tục"),
    (MARRIAGE, "cần mang giấy khai sinh không", "Đăng ký kết hôn", "chưa thấy hồ sơ thủ tục"),
    (MARRIAGE, "có phải mang theo ảnh không", "Đăng ký kết hôn", "chưa thấy hồ sơ thủ tục"),
    (BIRTH, "co can mang so ho khau khong", "Đăng ký khai sinh", "chưa thấy hồ sơ thủ tục"),
]


@pytest.mark.parametrize(("first", "then", "procedure", "says"), PAPERS_ASKED)
async def test_a_paper_asked_is_looked_for_in_the_documents_of_the_procedure_discussed(
    conversation, first, then, procedure, says
):
    await conversation.say(first)
    await conversation.say(then)
    answer = conversation.last[0]
    # its title ("which case is yours?" heads with the procedure's name, too)
    assert f"hủ tục: {procedure}" in answer.text.splitlines()[0], answer.text
    assert answer.meta.get("aspects") == ("requirements",)
    assert says in answer.text
    assert "Nguồn: http" in answer.text or answer.kind == "choose_case"


# The procedure and the paper in one message: the record's line about the paper first,
# where its documents name the paper as the message does; else the usual answer.
PAPER_WITH_ITS_PROCEDURE = [
    (
        "làm hộ chiếu cho con có cần giấy khai sinh không",
        "Cấp hộ chiếu phổ thông",
        "“Bản sao giấy khai sinh hoặc trích lục giấy khai sinh đối với người chưa đủ 14 tuổi",
    ),
    ("đăng ký kết hôn có cần mang căn cước không", "Đăng ký kết hôn", "“Giấy tờ tùy thân"),
    (
        "đăng ký khai sinh có cần mang giấy chứng sinh không",
        "Đăng ký khai sinh",
        "“Giấy chứng sinh",
    ),
]


@pytest.mark.parametrize(("says", "procedure", "quoted"), PAPER_WITH_ITS_PROCEDURE)
async def test_a_paper_asked_with_its_procedure_is_quoted_first(
    conversation, says, procedure, quoted
):
    await conversation.say(says)
    answer = conversation.last[0]
    assert procedure in answer.text.splitlines()[0], answer.text
    lines = answer.text.splitlines()
    assert lines[2] == "Dạ, hồ sơ thủ tục ghi về điều anh/chị hỏi như sau:", answer.text
    assert lines[3].startswith(quoted), answer.text
    assert "Giấy tờ cần chuẩn bị:" in answer.text


async def test_a_paper_its_procedure_does_not_name_so_gets_the_usual_answer(conversation):
    # "sổ hộ khẩu" is no paper of a permanent residence any more; its kind's wider words
    # ("thông tin cư trú" of the declaration form) are not quoted for it
    await conversation.say("đăng ký thường trú có cần sổ hộ khẩu không")
    assert "Tờ khai thay đổi thông tin cư trú”" not in conversation.text
    assert "Đăng ký thường trú" in conversation.text


MATTERS_OF_THEIR_OWN = [
    # (procedure discussed, then a message naming a matter of its own, answered as it
    #  would be in a conversation of its own: not in the catalogue, or which procedure)
    (MARRIAGE, "nộp thuế đất online", "procedure_unknown"),
    (MARRIAGE, "nộp thuế đất online được không", "procedure_unknown"),
    # a motorbike's insurance is sold by insurance companies: no procedure of the state
    (BIRTH, "đóng bảo hiểm xe máy online được không", "procedure_unknown"),
    # words of its own, none of the record's: swiftlets after a marriage are no follow-up
    # (written with diacritics, "chim" is not the "chìm" of dumping at sea: no procedure)
    (MARRIAGE, "nuôi chim yến cần giấy phép gì", "procedure_unknown"),
]


@pytest.mark.parametrize(("first", "then", "kind"), MATTERS_OF_THEIR_OWN)
async def test_a_follow_up_naming_a_matter_of_its_own_is_a_new_question(
    conversation, first, then, kind
):
    elsewhere = Conversation(conversation.services, "u2", dialogue=conversation.dialogue)
    await elsewhere.say(then)
    await conversation.say(first)
    await conversation.say(then)
    assert conversation.last[0].kind == kind, conversation.text
    assert conversation.text == elsewhere.text
    assert "thông tin thủ tục:" not in conversation.text


ABOUT_THE_SAME = [
    # (procedure discussed, then how or when it is paid or handed in, the answer names)
    (BIRTH, "nộp muộn có bị phạt không", "Đăng ký khai sinh"),
    (BIRTH, "nộp thay cho bố được không", "Đăng ký khai sinh"),
    (BIRTH, "nộp lệ phí ở đâu", "Đăng ký khai sinh"),
    (BIRTH, "nộp tiền mặt được không", "Đăng ký khai sinh"),
]


@pytest.mark.parametrize(("first", "then", "procedure"), ABOUT_THE_SAME)
async def test_how_it_is_handed_in_stays_about_the_procedure_discussed(
    conversation, first, then, procedure
):
    await conversation.say(first)
    await conversation.say(then)
    answer = conversation.last[0].text
    assert answer.startswith(f"Dạ, đây là thông tin thủ tục: {procedure}"), conversation.text


# "Where do I file it, in my ward?" after a procedure: its own "where" (not only the
# ward's centre); the centre follows for a commune's procedure the commune takes, not for
# one the police take (its answer sends the citizen to the police station).
WHERE_IN_MY_WARD = [
    ("tôi muốn đăng ký tạm trú", "Đăng ký tạm trú", "Công an cấp xã", False),
    ("đăng ký khai tử cần gì", "Đăng ký khai tử", "Nơi nộp hồ sơ", True),
]


@pytest.mark.parametrize(("first", "procedure", "says", "centre"), WHERE_IN_MY_WARD)
async def test_where_in_a_ward_named_is_where_the_procedure_discussed_is_filed(
    conversation, first, procedure, says, centre
):
    await conversation.say(first)
    await conversation.say("ở phường Tân Định nộp ở đâu")
    assert conversation.last[0].kind == "procedure_where", conversation.text
    assert procedure in conversation.last[0].text and says in conversation.last[0].text
    assert ("58B Nguyễn Đình Chiểu" in conversation.text) is centre


VARIANTS = [
    # (procedure discussed, then a case of it asked, the answer is about)
    ("đăng ký kết hôn cần giấy tờ gì", "nếu vợ là người nước ngoài thì sao", "2.000806"),
    ("khai sinh cho con cần gì", "còn nếu bố là người nước ngoài thì sao", "2.000528"),
    ("khai sinh cho con cần gì", "trường hợp mẹ là người nước ngoài thì thế nào", "2.000528"),
]


@pytest.mark.parametrize(("first", "then", "code"), VARIANTS)
async def test_a_case_asked_after_a_procedure_gets_its_variant_for_that_case(
    conversation, first, then, code
):
    await conversation.say(first)
    await conversation.say(then)
    answer = conversation.last[0]
    assert answer.kind.startswith("procedure_"), answer.text
    assert f"(mã {code})" in answer.text.splitlines()[0], answer.text
    assert "Giấy tờ cần chuẩn bị:" in answer.text  # the documents, as asked before
