"""A documents answer lists first the papers everyone brings, then, after the line
"Chỉ cần trong một số trường hợp:", the papers only some bring ("Bản sao giấy khai sinh
… đối với người chưa đủ 14 tuổi", "… (nếu có)"), each group in the source's order and
the numbering running on. A paper that only names its variants ("Tờ khai … (mẫu TK01
dành cho người từ 14 tuổi trở lên; mẫu TK01a dành cho người chưa đủ 14 tuổi)") is one
everyone brings. The volunteer's card lists the papers in the same order."""

from __future__ import annotations

import pytest

from bot.card_image import render_card_png
from flows.cards import build_card, card_text
from flows.conditional_papers import is_conditional
from knowledge.procedures.records import DocumentInfo, ProcedureInfo
from tests.records import national_record, procedure_answers

ONLY_IF = "Chỉ cần trong một số trường hợp:"

# (the citizen says, the papers everyone brings, then those only some bring: how each
# begins, in the order listed)
DOCUMENTS_ANSWERS = [
    (
        "làm hộ chiếu cần giấy tờ gì",
        ["Tờ khai đề nghị cấp hộ chiếu phổ thông", "Ảnh mới chụp không quá 06 tháng"],
        [
            "Bản sao giấy tờ do cơ quan có thẩm quyền của Việt Nam cấp chứng minh người đại diện",
            "Trường hợp nộp hồ sơ trực tuyến",
            "Hộ chiếu phổ thông cấp lần gần nhất",
            "Bản sao giấy khai sinh hoặc trích lục giấy khai sinh",
        ],
    ),
    (
        "tach thua dat can nhung giay to gi",
        [
            "Đơn đề nghị tách thửa đất",
            "Giấy chứng nhận đã cấp",
            "Bản vẽ tách thửa đất, hợp thửa đất",
        ],
        ["Các văn bản của cơ quan có thẩm quyền có thể hiện nội dung tách thửa đất"],
    ),
    # the representative's proof of one under 14 is no adult's paper (1.014063)
    (
        "thẻ căn cước bị gãy đôi muốn đổi thẻ mới",
        ["Phiếu đề nghị giải quyết thủ tục về căn cước", "Phiếu CC01"],
        [
            "Giấy tờ, tài liệu có giá trị pháp lý chứng minh là người đại diện hợp pháp "
            "của người dưới 14 tuổi"
        ],
    ),
]


def _papers(text: str) -> list[str]:
    """The lines of the documents answer's list: from its head to the blank line."""
    lines = text.splitlines()
    start = lines.index("Giấy tờ cần chuẩn bị:") + 1
    end = lines.index("", start) if "" in lines[start:] else len(lines)
    return lines[start:end]


def _numbered(beginnings: list[str], first: int) -> list[str]:
    return [f"{n}. {begins}" for n, begins in enumerate(beginnings, first)]


@pytest.mark.parametrize(("says", "everyone", "only_some"), DOCUMENTS_ANSWERS)
async def test_the_papers_everyone_brings_come_before_those_only_some_bring(
    conversation, says, everyone, only_some
):
    await conversation.say(says)
    lines = _papers(conversation.text)
    line = lines.index(ONLY_IF)
    expected = _numbered(everyone, 1) + [ONLY_IF] + _numbered(only_some, len(everyone) + 1)
    assert len(lines) == len(expected), lines
    for said, begins in zip(lines, expected, strict=True):
        assert said.startswith(begins), (said, begins)
    assert lines.count(ONLY_IF) == 1 and line == len(everyone)


def _record(*documents: DocumentInfo) -> ProcedureInfo:
    return national_record("Thủ tục cấp giấy phép thử", documents=documents)


def _answer(info: ProcedureInfo) -> list[str]:
    return _papers(procedure_answers().answer(info, ["requirements"]).text)


FORM = DocumentInfo(name="Đơn đề nghị cấp giấy phép theo mẫu", original=1)
PROXY = DocumentInfo(name="Văn bản ủy quyền (nếu có)", original=1)
PHOTO = DocumentInfo(name="02 ảnh màu cỡ 4x6", original=2)
OLD_LICENCE = DocumentInfo(name="Giấy phép cũ đối với trường hợp cấp lại", original=1)


def test_a_paper_named_first_in_the_source_but_needed_in_a_case_moves_after_the_line():
    assert _answer(_record(PROXY, FORM, OLD_LICENCE, PHOTO)) == [
        "1. Đơn đề nghị cấp giấy phép theo mẫu: 1 bản chính",
        "2. 02 ảnh màu cỡ 4x6: 2 bản chính",
        ONLY_IF,
        "3. Văn bản ủy quyền (nếu có): 1 bản chính",
        "4. Giấy phép cũ đối với trường hợp cấp lại: 1 bản chính",
    ]


def test_papers_all_of_one_kind_are_listed_as_the_source_lists_them():
    assert ONLY_IF not in _answer(_record(PHOTO, FORM))
    assert _answer(_record(PROXY, OLD_LICENCE)) == [
        "1. Văn bản ủy quyền (nếu có): 1 bản chính",
        "2. Giấy phép cũ đối với trường hợp cấp lại: 1 bản chính",
    ]


def test_a_lead_in_before_every_paper_stays_first_and_the_papers_are_grouped_under_it():
    lead = DocumentInfo(name="Người yêu cầu nộp các giấy tờ sau:")
    assert _answer(_record(lead, PROXY, FORM)) == [
        "Người yêu cầu nộp các giấy tờ sau:",
        "1. Đơn đề nghị cấp giấy phép theo mẫu: 1 bản chính",
        ONLY_IF,
        "2. Văn bản ủy quyền (nếu có): 1 bản chính",
    ]


def test_a_lead_in_of_a_sub_case_keeps_the_source_order():
    # moving the proxy would take it from under "Đối với phương tiện thương mại:"
    commercial = DocumentInfo(name="Đối với phương tiện thương mại:")
    assert _answer(_record(FORM, commercial, PROXY, PHOTO)) == [
        "1. Đơn đề nghị cấp giấy phép theo mẫu: 1 bản chính",
        "Đối với phương tiện thương mại:",
        "2. Văn bản ủy quyền (nếu có): 1 bản chính",
        "3. 02 ảnh màu cỡ 4x6: 2 bản chính",
    ]


def test_the_volunteers_card_lists_the_papers_in_the_answers_order():
    card = build_card(_record(PROXY, FORM, PHOTO))
    assert [doc.split(":")[0] for doc in card.documents] == [
        "Đơn đề nghị cấp giấy phép theo mẫu",
        "02 ảnh màu cỡ 4x6",
        "Văn bản ủy quyền (nếu có)",
    ]


def test_the_volunteers_card_says_where_the_papers_only_some_bring_begin():
    # the text a volunteer forwards, and the picture, with the answer's line between
    card = build_card(_record(PROXY, FORM, PHOTO))
    lines = card_text(card).splitlines()
    at = lines.index(ONLY_IF)
    assert lines[at - 1].startswith("2. 02 ảnh màu cỡ 4x6")
    assert lines[at + 1].startswith("3. Văn bản ủy quyền (nếu có)")
    assert render_card_png(card).startswith(b"\x89PNG")


def test_a_card_of_papers_everyone_brings_has_no_such_line():
    assert ONLY_IF not in card_text(build_card(_record(FORM, PHOTO)))


async def test_the_representatives_proof_is_everyones_on_the_card_for_those_under_14(
    conversation,
):
    # 1.014062 is for those under 14: their representative always brings it
    await conversation.say("làm căn cước cho con 5 tuổi cần giấy tờ gì")
    lines = _papers(conversation.text)
    assert ONLY_IF not in lines
    assert any("người đại diện hợp pháp của người dưới 14 tuổi" in line for line in lines)


# (a paper's name, whether only some citizens bring it)
PAPERS = [
    # "(nếu có)" of the last item a name lists, not of the paper: everyone brings it
    ("Biên bản họp dân và các tài liệu khác (nếu có).", False),
    (
        "Trích lục bản đồ, hồ sơ địa chính liên quan đến diện tích đất tranh chấp (nếu có) "
        "và các tài liệu làm chứng cứ trong quá trình giải quyết tranh chấp",
        False,
    ),
    (
        "Người yêu cầu đăng ký khai sinh có trách nhiệm nộp đầy đủ bản sao các giấy tờ nêu "
        "trên (nếu có) và phải cam đoan đã nộp đủ các giấy tờ mình có",
        False,
    ),
    # ... while a paper that is optional whole still is, far from any "và"
    ("Hợp đồng sử dụng dịch vụ bảo vệ dữ liệu cá nhân (nếu có) - 01 (một) bản sao", True),
    # a case named after the paper's own words, once
    (
        "Bản sao giấy khai sinh hoặc trích lục giấy khai sinh đối với người chưa đủ 14 tuổi "
        "chưa được cấp mã số định danh cá nhân; trường hợp không có bản sao Giấy khai sinh "
        "thì nộp bản chụp và xuất trình bản chính để kiểm tra, đối chiếu",
        True,
    ),
    ("Văn bản ủy quyền trong trường hợp ủy quyền thực hiện việc ghi chú ly hôn", True),
    ("Tài liệu về tình hình công ty nếu có thay đổi", True),
    # a case that opens the name, after its numbering too
    ("Trường hợp nộp hồ sơ trực tuyến thì thành phần hồ sơ phải được chứng thực điện tử", True),
    ("Nếu là cán bộ, công chức nhà nước đang công tác thì phải được sự đồng ý", True),
    ("1a. Đối với trường hợp công ty đại chúng chào bán thêm cổ phiếu ra công chúng", True),
    # a case in a parenthesis
    ("Giấy chứng minh nhân dân 09 số (nếu có).", True),
    ("Hồ sơ lấy ý kiến cộng đồng (đối với trường hợp phải lấy ý kiến cộng đồng dân cư)", True),
    (
        "Mẫu hộ tịch điện tử tương tác (do người yêu cầu cung cấp thông tin theo hướng dẫn, "
        "nếu người có yêu cầu lựa chọn nộp hồ sơ theo hình thức trực tuyến)",
        True,
    ),
    (
        "Mẫu điện tử tương tác cấp Giấy xác nhận tình trạng hôn nhân (do người yêu cầu cung "
        "cấp thông tin theo hướng dẫn trên Cổng dịch vụ công nếu người có yêu cầu lựa chọn nộp "
        "hồ sơ theo hình thức trực tuyến)",
        True,
    ),
    # ... not a "nếu" of an item it lists, or of what it contains
    (
        "Bản sao kết quả huấn luyện gần nhất (huấn luyện định kỳ, huấn luyện phục hồi nếu có).",
        False,
    ),
    (
        "Tài liệu (bao gồm cả bản dịch ra tiếng Việt có chứng thực nếu tài liệu bằng tiếng nước "
        "ngoài) chứng minh người dự thi là hội viên chính thức của tổ chức nghề nghiệp",
        False,
    ),
    # variants of a paper everyone brings
    (
        "Tờ khai đề nghị cấp hộ chiếu phổ thông ở trong nước (mẫu TK01 dành cho người từ 14 "
        "tuổi trở lên; mẫu TK01a dành cho người chưa đủ 14 tuổi)",
        False,
    ),
    (
        "02 ảnh màu đối với trường hợp nộp hồ sơ trực tiếp, 01 tệp ảnh đối với trường hợp nộp "
        "hồ sơ qua hệ thống dịch vụ công trực tuyến",
        False,
    ),
    (
        "Đề nghị cấp mã số theo Mẫu số 02 (đối với chủ rừng là tổ chức) hoặc Mẫu số 03 (đối "
        "với chủ rừng là cá nhân)",
        False,
    ),
    ("Phiếu cân hàng của cảng (đối với hàng rời) hoặc Chứng từ kiểm kiện của cảng", False),
    (
        "Biên bản xác nhận nơi phát hiện trẻ bị bỏ rơi lập đối với trẻ em bị bỏ rơi; Giấy "
        "chứng tử của cha đẻ, mẹ đẻ đối với trẻ em mồ côi",
        False,
    ),
    (
        "Nghị quyết của Đại hội đồng cổ đông (đối với ngân hàng thương mại cổ phần); nghị "
        "quyết của Hội đồng thành viên (đối với ngân hàng thương mại trách nhiệm hữu hạn)",
        False,
    ),
    ("Tờ khai quyết toán thuế (áp dụng đối với tổ chức, cá nhân trả thu nhập)", False),
    # a case of what the paper says or how it is made, not of who brings it
    ("Văn bản đề nghị chấm dứt hoạt động, trong đó nêu rõ lý do đề nghị", False),
    ("Tờ khai hỗ trợ, trong đó ghi rõ mức hỗ trợ, báo giá của bên cung cấp (nếu có)", False),
    ("Giấy khai sinh (nếu bản sao phải có giấy chứng nhận của Ủy ban nhân dân xã)", False),
    (
        "Giấy tờ chứng minh người đó đã từng có quốc tịch Việt Nam. (Trường hợp giấy tờ là "
        "Giấy khai sinh, người yêu cầu chỉ nộp trong trường hợp không khai thác được)",
        False,
    ),
    # whose paper it is, or needed unless: everyone brings it
    ("Bản sao giấy tờ pháp lý của cá nhân đối với người đại diện theo pháp luật", False),
    ("Giấy phép xây dựng, trừ trường hợp được miễn giấy phép xây dựng", False),
    # a lead-in is no paper
    ("Đối với phương tiện thương mại:", False),
    # whose the paper is, when that person is one only some bring along
    (
        "Giấy tờ, tài liệu có giá trị pháp lý chứng minh là người đại diện hợp pháp của người "
        "dưới 14 tuổi",
        True,
    ),
    (
        "Hồ sơ đăng ký doanh nghiệp phải kèm theo bản sao thẻ Căn cước hoặc thẻ Căn cước công "
        "dân hoặc hộ chiếu hoặc hộ chiếu nước ngoài hoặc các giấy tờ có giá trị thay thế hộ "
        "chiếu nước ngoài còn hiệu lực của người uỷ quyền.",
        True,
    ),
    ("Bản sao giấy tờ pháp lý của cá nhân được ủy quyền", True),
    # a paper letting another carry out the procedure, or what the one sent does
    (
        "Văn bản ủy quyền cho cá nhân thực hiện thủ tục liên quan đến đăng ký doanh nghiệp. "
        "Văn bản ủy quyền này không bắt buộc phải công chứng, chứng thực.",
        True,
    ),
    ("Bản sao hợp đồng ủy quyền cho tổ chức thực hiện thủ tục liên quan đến đăng ký", True),
    (
        "Văn bản ủy quyền yêu cầu cấp Phiếu Lý lịch tư pháp số 1 (người được ủy quyền phải xuất "
        "trình Thẻ Căn cước hoặc Thẻ Căn cước công dân hoặc Giấy chứng nhận căn cước hoặc Hộ "
        "chiếu khi thực hiện thủ tục yêu cầu cấp Phiếu Lý lịch tư pháp).",
        True,
    ),
    (
        "Người ủy quyền và người được ủy quyền thực hiện thủ tục đăng ký hộ kinh doanh chịu "
        "trách nhiệm trước pháp luật về tính hợp pháp, trung thực và chính xác của việc ủy quyền.",
        True,
    ),
    (
        "Người được ủy quyền đăng ký thành lập hợp tác xã, liên hiệp hợp tác xã được ghi trong "
        "nghị quyết Hội nghị thành lập hợp tác xã, liên hiệp hợp tác xã.",
        True,
    ),
    # ... but not any paper named an authorisation
    ("Giấy ủy quyền (mẫu số 13-HSB) hoặc Hợp đồng ủy quyền theo quy định của pháp luật.", False),
    ("Văn bản ủy quyền của một trăm phần trăm (100 %) tổng số thành viên tổ hợp tác.", False),
    # more cases named after the paper's words
    (
        "Văn bản đề nghị của cơ quan trực tiếp quản lý đối với cán bộ, công chức, viên chức, sĩ "
        "quan, hạ sĩ quan, quân nhân chuyên nghiệp, công nhân, viên chức trong lực lượng vũ "
        "trang, người làm việc trong tổ chức cơ yếu",
        True,
    ),
    (
        "Bản sao Giấy chứng nhận đăng ký đầu tư đối với nhà đầu tư nước ngoài theo quy định của "
        "Luật Đầu tư.",
        True,
    ),
    (
        "01 ảnh mới chụp, cỡ 4 x 6cm, mặt nhìn thẳng, không đội mũ, không đeo kính, trang phục "
        "lịch sự, phông ảnh nền trắng nếu thuộc trường hợp cấp thị thực rời.",
        True,
    ),
    (
        "Giấy phép đã điều chỉnh về số lượng đối với những hàng hóa phải có giấy phép và thực "
        "hiện khai bổ sung trong thông quan",
        True,
    ),
    # towards them, or whose the paper is: everyone brings it
    (
        "Cam kết thực hiện nghĩa vụ của tổ chức phát hành đối với nhà đầu tư về điều kiện phát "
        "hành, thanh toán, bảo đảm quyền và lợi ích hợp pháp của nhà đầu tư và các điều kiện khác.",
        False,
    ),
    (
        "Bản sao hoặc bản sao có chứng thực hoặc bản sao điện tử được chứng thực từ bản chính hoặc "
        "bản sao điện tử từ sổ gốc hoặc bản chính Quyết định giao nhiệm vụ đối với người điều "
        "hành vận tải",
        False,
    ),
]


@pytest.mark.parametrize(("name", "only_some"), PAPERS)
def test_which_papers_only_some_citizens_bring(name, only_some):
    assert is_conditional(DocumentInfo(name=name)) is only_some


PROXY_CONTRACT = (
    "Bản sao hợp đồng ủy quyền cho tổ chức thực hiện thủ tục liên quan đến đăng ký doanh nghiệp"
)
UNDER_14 = (
    "Giấy tờ, tài liệu có giá trị pháp lý chứng minh là người đại diện hợp pháp của người dưới "
    "14 tuổi"
)

# (a paper's name, what it is for: the record's name and the case it is listed under,
# whether only some citizens bring it there)
PAPERS_FOR = [
    # a case the record is for is everyone's there
    (
        UNDER_14,
        ("Cấp thẻ căn cước cho người dưới 14 tuổi (thực hiện tại cấp tỉnh)", "Trường hợp chung"),
        False,
    ),
    (UNDER_14, ("Cấp đổi thẻ căn cước", "Trường hợp chung"), True),
    # ... but not one of several it is for
    (
        "Bản sao Quyết định có hiệu lực pháp luật của Tòa án hủy bỏ Quyết định tuyên bố mất tích "
        "đối với người được Tòa án hủy quyết định tuyên bố mất tích.",
        (
            "Giải quyết hưởng tiếp lương hưu, trợ cấp BHXH hàng tháng đối với người chấp hành "
            "xong hình phạt tù, người xuất cảnh trái phép trở về nước định cư hợp pháp, người "
            "được Tòa án hủy quyết định tuyên bố mất tích",
            "Trường hợp chung",
        ),
        True,
    ),
    # a case the papers are listed under is everyone's there
    (
        "Trường hợp đăng ký trên môi trường điện tử: Hồ sơ đăng ký tổ hợp tác, hợp tác xã, liên "
        "hiệp hợp tác xã trên môi trường điện tử bao gồm các giấy tờ theo quy định.",
        ("Đề nghị thay đổi tên tổ hợp tác", "Trường hợp đăng ký trên môi trường điện tử"),
        False,
    ),
    # an authorisation's paper where the papers are for one (shared_cases)
    (
        PROXY_CONTRACT,
        (
            "Đăng ký thành lập công ty cổ phần",
            "Trường hợp ủy quyền cho tổ chức thực hiện thủ tục đăng ký doanh nghiệp",
        ),
        False,
    ),
    (
        PROXY_CONTRACT,
        ("Đăng ký thành lập công ty cổ phần", "Trường hợp chung"),
        True,
    ),
]


@pytest.mark.parametrize(("name", "listed_for", "only_some"), PAPERS_FOR)
def test_a_case_what_the_papers_are_for_states_is_everyones(name, listed_for, only_some):
    assert is_conditional(DocumentInfo(name=name), *listed_for) is only_some
