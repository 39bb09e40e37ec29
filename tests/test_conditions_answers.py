"""The conditions answer to citizens' yes/no and eligibility questions, made of the shipped
records: the record's own sentence that answers is quoted; a question asking nothing
beyond the procedure gets the record's conditions without "em chưa thấy…"; a question
asking something particular the record does not say is still told so.

Each row: what the citizen asks, the record's code, and what the answer shows — the
start of the quoted sentence, ``CONDITIONS`` (the record's conditions as such) or
``NOT_FOUND``."""

from __future__ import annotations

from collections import Counter

import pytest

from flows.conditions_passages import asked_part, record_passages, refers_back
from flows.templates import default_templates
from knowledge.procedures.records import Catalogue
from nlu.terms import content_words
from tests.records import procedure_answers

NOT_FOUND = "Dạ, em chưa thấy hồ sơ thủ tục ghi rõ điều anh/chị hỏi."
QUOTED = "Dạ, hồ sơ thủ tục ghi về điều anh/chị hỏi như sau:"
CONDITIONS = "conditions"

# (the citizen asks, the record, what the answer shows)
ASKED = [
    # (a) the record's note answers, written "thuê, mượn nhà", not "nhà thuê"
    (
        "Tôi đang sinh sống và làm việc tại Hà Nội, do điều kiện về kinh tế nên tôi chưa mua "
        "được nhà. Hiện tại, tôi đang ở nhà thuê và muốn đăng ký thường trú tại nơi thuê luôn. "
        "Vậy luật sư cho tôi hỏi điều kiện để đăng ký thường trú khi đang ở nhà thuê là gì?",
        "1.004222",
        "Nếu ở nhờ, thuê, mượn nhà thì cần chủ hộ và chủ sở hữu chỗ ở đồng ý.",
    ),
    # (a) "đủ tuổi" is "đủ 20 tuổi"; the ages told before the question are not asked
    (
        "Tôi 19 tuổi, bạn gái tôi năm nay 17 tuổi đã có thai 3 tháng, hai gia đình muốn tổ "
        "chức cưới và đăng ký kết hôn cho hai đứa. Xin hỏi chúng tôi đã đủ tuổi đăng ký kết "
        "hôn chưa?",
        "1.000894",
        "Nam từ đủ 20 tuổi, nữ từ đủ 18 tuổi",
    ),
    # (a) the deadline asked after a story about two employers
    (
        "Năm 2025 tôi làm ở hai công ty, công ty đầu từ tháng 1 đến tháng 5, công ty sau từ "
        "tháng 6, cả hai đều khấu trừ thuế. Xin hỏi tôi có phải tự quyết toán thuế thu nhập "
        "cá nhân không, hạn cuối là khi nào?",
        "2.002233",
        "Thời hạn nộp hồ sơ khai quyết toán chậm nhất là ngày cuối cùng",
    ),
    # (b) nothing asked beyond the procedure: "đăng ký lại" frames "trở lại quốc tịch"
    ("Tôi muốn đăng ký lại quốc tịch Việt Nam, điều kiện như thế nào?", "2.002038", CONDITIONS),
    # (b) "có thể … không", "liên hệ ở đâu": the story says which paper, not what is asked
    (
        "Tôi có miếng đất đã được cấp giấy đỏ theo Luật Đất đai năm 2003. Nhưng do không được "
        "bảo quản kỹ nên giấy đỏ đó đã bị rách. Nay tôi có thể xin cấp lại giấy đỏ hay không, "
        "phải liên hệ ở đâu để làm thủ tục?",
        "1.012783",
        CONDITIONS,
    ),
    (
        "Xin hỏi điều kiện mua bán nhà ở xã hội hiện nay được pháp luật quy định thế nào?",
        "1.014632",
        CONDITIONS,
    ),
    # a chance word of the story ("công dân", "Việt Nam") quotes nothing
    (
        "Vợ chồng tôi lên Hà Nội làm ăn sinh sống đến nay đã được 03 năm. Chúng tôi hiện đang "
        "ở trong một căn nhà thuê gần công ty ở quận Cầu Giấy và có đăng ký tạm trú ở đó. Để "
        "thuận tiện cho công việc, vợ chồng tôi dự định sẽ đăng ký thường trú tại đây. Tuy "
        "nhiên, tôi không rõ chúng tôi có đủ điều kiện đăng ký thường trú hay không và nếu "
        "được thì thủ tục như thế nào?",
        "1.004222",
        CONDITIONS,
    ),
    # the story's words quote nothing: "Việt Nam" of "Quảng Nam", "bộ" of "cán bộ" matched
    # the portal's list of who may apply ("Công dân Việt Nam, Người Việt Nam định cư…")
    (
        "Ông S. (Hòa Bình) hỏi: Tôi là hòa giải viên của thôn, trong lúc can ngăn một vụ xô "
        "xát giữa hai gia đình thì bị đánh gãy tay, phải nằm viện 2 tuần. Xin hỏi hòa giải "
        "viên gặp tai nạn khi làm nhiệm vụ có được hỗ trợ không, hồ sơ gồm những gì?",
        "2.000424",
        CONDITIONS,
    ),
    # something particular the record does not say is still said so
    (
        "Nhà tôi là nhà 2 tầng xây năm 1998, móng khá chắc. Nay con cái lớn, tôi muốn nâng "
        "thêm 1 tầng nữa để có chỗ ở. Xin hỏi nâng tầng nhà cũ có phải xin phép không?",
        "1.013229",
        NOT_FOUND,
    ),
    (
        "Vợ chồng tôi đã ly hôn, con trai 8 tuổi ở với tôi nhưng chồng cũ giữ giấy khai sinh "
        "bản chính của cháu. Xin hỏi tôi có tự làm thẻ căn cước cho con được không, có cần bố "
        "cháu đồng ý không?",
        "1.014062",
        NOT_FOUND,
    ),
    ("ai được làm giám hộ", "1.004837", NOT_FOUND),
    # "như vậy" points back at the story: the pond it tells of is asked about
    (
        "Tôi có 2 sào đất vườn ở Long An, định đào một cái ao khoảng 500m2 để thả cá và lấy "
        "nước tưới. Xin hỏi đào ao như vậy có phải đăng ký với xã không?",
        "2.002835",
        NOT_FOUND,
    ),
    # (b) "có được … không" about the procedure itself
    (
        "Em sinh con ngày 12-12-2022, em đã nộp giấy tờ cho công ty đến nay là hơn 1 tháng "
        "rồi, nhưng em vẫn chưa nhận được tiền thai sản. Cho em hỏi em có được hưởng chế độ "
        "thai sản không ạ?",
        "2.000693",
        CONDITIONS,
    ),
]


def _id(row) -> str:
    return row[0][-40:]


@pytest.mark.parametrize(("asks", "code", "shows"), ASKED, ids=[_id(r) for r in ASKED])
def test_a_conditions_question_is_answered_by_what_the_record_says(
    shipped_catalogue: Catalogue, asks, code, shows
):
    info = shipped_catalogue.by_code(code)
    assert info is not None
    text = procedure_answers().answer(info, ["conditions"], question=asks).text
    if shows == NOT_FOUND:
        assert NOT_FOUND in text
        assert QUOTED not in text
    elif shows == CONDITIONS:
        assert NOT_FOUND not in text
        assert QUOTED not in text
    else:
        assert QUOTED in text
        assert f"“{shows}" in text


# (a message, the question it asks, folded)
PARTS = [
    # the sentences that end with "?", from the cue on
    ("Tôi sinh năm 1965. Xin hỏi tôi có đăng ký lại được không?", "toi co dang ky lai duoc khong?"),
    ("Nhà tôi ở xã. Có được không? Ở đâu?", "co duoc khong? o dau?"),
    # no "?": from the last cue on, else the whole message
    ("Mẹ tôi 80 tuổi, xin hỏi làm căn cước tại nhà", "lam can cuoc tai nha"),
    ("nhập hộ khẩu vào nhà người thân", "nhap ho khau vao nha nguoi than"),
]


@pytest.mark.parametrize(("message", "part"), PARTS)
def test_the_question_is_read_without_the_story_before_it(message, part):
    cues = ["xin hoi", "cho toi hoi"]
    assert asked_part(message, cues) == part


@pytest.mark.parametrize(
    ("asking", "back"),
    [
        ("dao ao nhu vay co phai dang ky khong?", True),
        ("trong truong hop nay, nguoi lao dong co duoc huong khong?", True),
        ("thu tuc nhu the nao?", False),  # "như thế nào" asks how, it points at nothing
    ],
)
def test_a_question_pointing_back_at_the_story_is_told_so(asking, back):
    assert refers_back(asking, ["nhu vay", "truong hop nay"]) is back


# --- a question whose own words are all common in records is quoted nothing ---


def test_a_question_naming_only_words_common_in_records_is_quoted_nothing(shipped_catalogue):
    # "định" (of "tôi định khoan giếng") is in a quarter of the records' passages: it
    # selected the fee note's "Không quy định" (1.001662)
    info = shipped_catalogue.by_code("1.001662")
    assert info is not None
    assert "Không quy định" in [text for _, text in record_passages(info)]
    asks = "Nhà tôi định khoan giếng lấy nước sinh hoạt thì có phải đăng ký với xã không?"
    text = procedure_answers().answer(info, ["conditions"], question=asks).text
    assert NOT_FOUND in text
    assert QUOTED not in text


def test_the_words_common_in_records_are_those_of_the_shipped_catalogue(shipped_catalogue):
    # the list in flows/templates.yml: words in more than one passage in ten (a catalogue
    # imported anew may move it; this says when)
    passages = [text for info in shipped_catalogue.all() for _, text in record_passages(info)]
    counts = Counter(word for text in passages for word in content_words(text))
    common = {word for word, count in counts.items() if count > len(passages) / 10}
    listed = set(default_templates()("conditions_common_words").split("|"))
    assert listed == common
