"""A citizen asks one thing of a procedure (where, how long, what happens if late, what
paper it ends with), often at the end of a story: the answer gives what was asked, not
what the story's other words or a bare "có … không" would suggest."""

import pytest

from tests.conftest import Conversation

BIRTH = "đăng ký khai sinh"

ASKED = [
    # (what the citizen says, one message after another; the aspects of the answer)
    # what happens if it is late: the conditions, not how ("làm sao")
    ((BIRTH, "nộp muộn có làm sao không"), ("conditions",)),
    ((BIRTH, "nop muon co lam sao khong"), ("conditions",)),
    # the paper it ends with: the result alone, no steps
    (("kết quả của thủ tục đăng ký khai sinh là gì",), ("result",)),
    (("ket qua cua thu tuc dang ky khai sinh la gi",), ("result",)),
    ((BIRTH, "làm xong được nhận giấy gì"), ("result",)),
    ((BIRTH, "lam xong duoc nhan giay gi"), ("result",)),
    # how long, asked yes or no: the time, not the conditions
    (("làm hộ chiếu có lâu không",), ("time",)),
    (("lam ho chieu co lau khong",), ("time",)),
    # a story's words ("tại nhà", "thời gian … làm việc") ask nothing; its question does
    (
        (
            "Vợ tôi sinh con tại nhà, trong thời gian tôi đi làm việc xa. "
            "Đăng ký khai sinh cho con có lâu không ạ?",
        ),
        ("time",),
    ),
    # where, and whether: both answered
    (
        (
            "Tôi buôn bán tại nhà, đợt trước đi làm thì bị mất căn cước. Tôi muốn làm lại "
            "căn cước thì phải nộp ở đâu, có được không?",
        ),
        ("where", "conditions"),
    ),
    (
        ("Sổ đỏ nhà tôi bị rách. Tôi có thể xin cấp lại sổ đỏ hay không, phải liên hệ ở đâu?",),
        ("conditions", "where"),
    ),
    # whether a paper will do: the documents
    (
        (
            "Bố tôi mất ở bệnh viện. Tôi chỉ có giấy ra viện của bố. Giấy này có thể dùng "
            "để làm giấy khai tử không?",
        ),
        ("requirements",),
    ),
    # how, in a clause beside another aspect: the steps too (nlu/cues.py)
    (("khai thuế hộ kinh doanh thế nào và nộp tờ khai ở đâu",), ("steps", "where", "requirements")),
    (
        ("khach o lai nha vai hom co phai thong bao luu tru khong, thong bao bang cach nao?",),
        ("conditions", "steps", "requirements"),
    ),
    # making the dossier, its stages: the steps (with the papers), not the papers alone
    (("nghỉ dưỡng sức sau sinh làm hồ sơ thế nào",), ("steps", "requirements")),
    (("lam ho so huong che do tai nan lao dong the nao",), ("steps", "requirements")),
    (("giải thể doanh nghiệp gồm những bước nào",), ("steps", "requirements")),
    # how long a paper is valid, the qualification needed, a fine: the conditions
    (("giấy xác nhận tình trạng hôn nhân có giá trị bao lâu",), ("conditions",)),
    (("muốn làm môi giới bất động sản cần chứng chỉ gì",), ("conditions",)),
    (("không đăng ký tạm trú thì bị xử phạt như thế nào",), ("conditions",)),
    (("di chúc viết tay có cần công chứng không",), ("conditions", "requirements")),
    # a tax asked by its amount: the fee
    (("cho thuê nhà nộp thuế bao nhiêu",), ("fee",)),
    # whether the office comes to the house: where; a free service named asks no fee
    (("làm căn cước cho người già nằm một chỗ thì công an có đến tận nhà không",), ("where",)),
    (("tro giup phap ly mien phi cho ho ngheo o dau",), ("where",)),
    # a procedure wanted, asking nothing: how it is done, not the place it names
    (("chuyển nơi nhận lương hưu từ Đà Nẵng về Huế",), ("requirements", "steps")),
]


@pytest.mark.parametrize(("says", "aspects"), ASKED)
async def test_the_answer_gives_what_was_asked(
    conversation: Conversation, says: tuple[str, ...], aspects: tuple[str, ...]
) -> None:
    for text in says:
        await conversation.say(text)
    answer = conversation.last[0]
    assert answer.kind.startswith("procedure_"), answer.text
    assert answer.meta["aspects"] == aspects, answer.text


# Asked with no procedure named and none discussed: which procedure, the aspect kept
# (its buttons answer it), as "mất bao lâu" is; not "not understood".
@pytest.mark.parametrize(
    ("says", "aspect"),
    [
        ("làm xong được nhận giấy gì", ":result"),
        ("lam xong duoc nhan giay gi", ":result"),
        ("nop hs online o dau", ""),
        ("nộp hồ sơ online ở đâu", ""),
    ],
)
async def test_an_aspect_asked_of_no_procedure_asks_which(
    conversation: Conversation, says: str, aspect: str
) -> None:
    await conversation.say(says)
    reply = conversation.last[0]
    assert reply.kind == "ask_procedure", reply.text
    assert reply.buttons
    assert all(b.payload.startswith("proc:") for b in reply.buttons)
    if aspect:
        assert all(b.payload.endswith(aspect) for b in reply.buttons)


# Two things asked of no procedure, then the procedure typed or pressed: both answered
# (the buttons carry one aspect at most; the question keeps them all).
@pytest.mark.parametrize("then", ["đăng ký khai sinh", "dang ky khai sinh", "[Đăng ký khai sinh]"])
async def test_two_aspects_asked_before_the_procedure_are_both_answered(
    conversation: Conversation, then: str
) -> None:
    await conversation.say("mất bao lâu, lệ phí bao nhiêu")
    assert conversation.last[0].kind == "ask_procedure"
    await conversation.tell(then)
    answer = conversation.last[0]
    assert answer.meta["procedure"] == "dang_ky_khai_sinh", answer.text
    assert set(answer.meta["aspects"]) == {"time", "fee"}, answer.text
