"""How a national procedure record reads as an answer: names, case buttons, papers, fees, place.

The exploratory tester's findings, each kept fixed: a case button cut inside a word
("Hợp chung"), a paper's name cut away after a colon, the source's own numbering out
of order ("1. (5) Bản vẽ …") and the papers in the crawl's shuffled order, titles
that say "Thủ tục" twice or end in ".", lines said twice, and a "where" answer that
named the commune centre for a provincial procedure.
"""

from __future__ import annotations

import datetime as dt

import pytest

from flows.config import DialogueSettings
from flows.procedure_answers import ProcedureAnswers, document_cases
from flows.record_text import case_labels, cut_text, display_name, short_name, source_order
from flows.templates import default_templates
from knowledge.procedures.records import ChannelInfo, DocumentInfo


def _lines(conversation) -> list[str]:
    return conversation.text.splitlines()


# --- 1. a case button keeps whole words ---


async def test_case_buttons_for_a_household_business_keep_whole_words(conversation):
    # the record's cases: "Trường hợp ủy quyền thực hiện thủ tục thì hồ sơ phải kèm theo
    # …" and "Trường hợp chung"; "Trường" alone was dropped, leaving "Hợp chung"
    await conversation.say("mở hộ kinh doanh cá thể cần gì")
    assert conversation.last[0].kind == "choose_case"
    labels = [b.label for b in conversation.last[0].buttons]
    assert "Trường hợp chung" in labels
    assert not [label for label in labels if label.startswith("Hợp ")]


@pytest.mark.parametrize(
    ("cases", "labels"),
    [
        # every case begins "Trường hợp", but one has only one word more
        (
            ["Trường hợp ủy quyền thực hiện thủ tục", "Trường hợp chung"],
            ["Trường hợp ủy quyền thực hiện thủ tục", "Trường hợp chung"],
        ),
        # "quy hoạch," and "quy hoạch tổng mặt bằng": the same word, once with a comma
        (
            ["a) Đối với quy hoạch, điều chỉnh quy hoạch", "b) Đối với quy hoạch tổng mặt bằng"],
            ["Đối với quy hoạch, điều chỉnh quy hoạch", "Đối với quy hoạch tổng mặt bằng"],
        ),
        # where the cases part after whole words, those words still go
        (
            ["Trường hợp thay đổi ngành, nghề kinh doanh", "Trường hợp đổi tên doanh nghiệp"],
            ["Thay đổi ngành, nghề kinh doanh", "Đổi tên doanh nghiệp"],
        ),
    ],
)
def test_case_labels_never_begin_inside_a_word(cases, labels):
    assert case_labels(cases) == labels


# --- 2. a paper's name is not cut away after a colon ---


async def test_a_lost_id_card_answer_names_the_resident_information_form(conversation):
    # the record's entry: "Phiếu CC01 được tạo lập … Trường hợp công dân chưa có thông tin
    # … thì hồ sơ còn có: Phiếu thu thập thông tin dân cư (Mẫu DC01 …)"; the answer was
    # cut after "còn có:" and kept only "(Mẫu DC01): 1 bản chính"
    await conversation.say("e muốn làm lại cccd bị mất thì cần giấy tờ gì")
    assert "Phiếu thu thập thông tin dân cư (Mẫu DC01" in conversation.text
    assert "còn có: …" not in conversation.text


def test_a_colon_or_semicolon_does_not_end_a_sentence_for_cutting():
    text = "Hồ sơ gồm có: Phiếu thu thập thông tin dân cư; Tờ khai đề nghị cấp lại thẻ căn cước"
    assert cut_text(text, 60) == "Hồ sơ gồm có: Phiếu thu thập thông tin dân cư; Tờ khai đề…"


# --- 3. papers are numbered once, in the order their source numbered them ---


async def test_land_division_papers_are_numbered_once_in_the_source_order(conversation):
    # the crawl lists "(5) Bản vẽ tách thửa đất …", "(1) Đơn đề nghị …", "(4) …", "(3) …":
    # the application form comes first, as the source numbered it
    await conversation.say("tach thua dat can nhung giay to gi")
    lines = _lines(conversation)
    papers = [line for line in lines if line[:1].isdigit()]
    assert papers[0].startswith("1. Đơn đề nghị tách thửa đất")
    # the plan is the last paper everyone brings; the authorities' papers "(nếu có)"
    # come after the line saying they are needed only in some cases
    drawing = next(line for line in papers if "Bản vẽ tách thửa đất" in line)
    assert drawing.startswith("3. Bản vẽ tách thửa đất, hợp thửa đất")
    assert lines[lines.index(drawing) + 1] == "Chỉ cần trong một số trường hợp:"
    assert papers[-1].startswith("4. Các văn bản của cơ quan có thẩm quyền")
    assert not [line for line in papers if line[3:].startswith("(")]
    assert "NĐ-CP: 1 bản sao" in drawing
    assert ".:" not in conversation.text


async def test_one_time_social_insurance_papers_begin_with_the_book_and_the_form(conversation):
    # the crawl shuffled the source's "a) Sổ BHXH", "b) Đơn đề nghị (Mẫu số 14-HSB)", "c) …",
    # "d) …" into d, b, đ, c, e, a: the answer began with the papers for grave illness
    await conversation.say("rút bảo hiểm một lần cần giấy tờ gì")
    await conversation.press("Trường hợp hưởng BHXH một lần")
    papers = [line for line in _lines(conversation) if line[:1].isdigit()]
    assert papers[0] == "1. Sổ BHXH: 1 bản chính"
    assert papers[1] == "2. Đơn đề nghị (Mẫu số 14-HSB): 1 bản chính"
    assert papers[-1].startswith("6. Bản chính Bản khai cá nhân về thời gian")


def _paper(name: str) -> DocumentInfo:
    return DocumentInfo(name=name)


@pytest.mark.parametrize(
    ("names", "ordered"),
    [
        (["c) Ba", "a) Một", "b) Hai"], ["a) Một", "b) Hai", "c) Ba"]),
        (["đ) Năm", "d) Bốn", "e) Sáu"], ["d) Bốn", "đ) Năm", "e) Sáu"]),
        (["(10) Mười", "(2) Hai", "3. Ba"], ["(2) Hai", "3. Ba", "(10) Mười"]),
        # a paper without a mark, or marks of two kinds: the record's order stays
        (["b) Hai", "Tờ khai", "a) Một"], ["b) Hai", "Tờ khai", "a) Một"]),
        (["b) Hai", "(1) Một"], ["b) Hai", "(1) Một"]),
    ],
)
def test_papers_follow_their_source_marks_only_when_all_have_one(names, ordered):
    assert [d.name for d in source_order([_paper(n) for n in names])] == ordered


# --- 4. a procedure's name, as a title and in a sentence ---


async def test_a_title_says_thu_tuc_once(conversation):
    await conversation.say("đăng ký khai sinh có yếu tố nước ngoài cần giấy tờ gì")
    title = _lines(conversation)[0]
    assert title.startswith("Dạ, đây là thông tin thủ tục: Đăng ký khai sinh có yếu tố nước ngoài")
    assert "thủ tục: Thủ tục" not in conversation.text


async def test_a_name_ending_in_a_period_reads_well_in_the_title(conversation):
    await conversation.say("tach thua dat can nhung giay to gi")
    title = "Dạ, đây là thông tin thủ tục: Tách thửa hoặc hợp thửa đất (mã 1.012784)"
    assert _lines(conversation)[0] == title


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Thủ tục đăng ký khai sinh cho trẻ em", "Đăng ký khai sinh cho trẻ em"),
        ("Tách thửa hoặc hợp thửa đất.", "Tách thửa hoặc hợp thửa đất"),
        ("Thủ tục hành chính", "Hành chính"),
        ("Thủ tục", "Thủ tục"),
    ],
)
def test_a_name_is_shown_without_thu_tuc_in_front_or_a_period_at_the_end(name, shown):
    assert display_name(name) == shown


async def test_a_land_transfer_title_is_cut_after_what_it_is_about(conversation):
    # the official name has 560 characters: the title gave all of them before the answer
    await conversation.say("mua đất sang tên sổ đỏ mất bao lâu, phí bao nhiêu")
    title = _lines(conversation)[0]
    assert "chuyển nhượng, thừa kế, tặng cho quyền sử dụng đất …" in title
    assert title.endswith("(mã 1.013831)")
    assert len(title) < 280


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Đăng ký khai sinh", "Đăng ký khai sinh"),
        ("Một, " + "hai " * 40 + "ba; bốn " + "năm " * 30, "Một, " + "hai " * 40 + "ba …"),
        ("Thủ tục " + "chữ " * 80, "Chữ " + "chữ " * 48 + "chữ …"),
    ],
)
def test_a_long_name_is_cut_for_a_title_at_a_comma_or_a_word(name, shown):
    assert short_name(name, limit=200) == shown


# --- 5. nothing said twice ---


async def test_a_building_permit_fee_is_said_once(conversation):
    # two channel rows said the same, one with a final "."
    await conversation.say("cấp giấy phép xây dựng nhà ở riêng lẻ lệ phí bao nhiêu")
    fee_lines = [line for line in _lines(conversation) if line.startswith("- ")]
    assert len(fee_lines) == 1
    assert "Hội đồng nhân dân cấp tỉnh" in fee_lines[0]


async def test_a_signature_fee_gives_its_amount_once(conversation):
    # the amount is 10.000 đồng and the note says "10.000 đồng/trường hợp (…)"
    await conversation.say("chứng thực chữ ký lệ phí bao nhiêu")
    assert "10.000 đồng/trường hợp" in conversation.text
    assert "10.000 đồng; 10.000 đồng" not in conversation.text


async def test_a_passport_asked_online_where_and_fee_gives_each_fact_once(conversation):
    # the online part repeated the whole fee note the fee part gives, and the portal's
    # address was given under "online" and again under "where"
    await conversation.say("làm hộ chiếu online ở đâu, phí bao nhiêu")
    text = conversation.text
    assert "Dạ, thủ tục này có thể nộp trực tuyến." in text
    assert "Nơi nộp hồ sơ:" in text and "Lệ phí:" in text
    assert text.count("160.000/hộ chiếu") == 1
    assert text.count("Nộp trực tuyến tại:") == 1
    assert "- Thời gian giải quyết: 8 ngày làm việc" in text  # not asked apart: still said


async def test_asked_only_whether_online_the_online_fee_is_still_given(conversation):
    await conversation.say("làm hộ chiếu có nộp online được không")
    assert "- Lệ phí: Cổng Dịch vụ công ghi 160.000 đồng" in conversation.text


async def test_the_general_case_has_no_case_heading(conversation):
    await conversation.say("mở hộ kinh doanh cá thể cần gì")
    await conversation.press("Xem tất cả các trường hợp")
    lines = _lines(conversation)
    assert "Trường hợp: Trường hợp chung" not in conversation.text
    # the papers every household business brings come first, the particular case after
    head = lines.index("Giấy tờ cần chuẩn bị:")
    assert lines[head + 1].startswith("1. ")
    assert conversation.text.count("Trường hợp:") >= 1
    await conversation.say("mở hộ kinh doanh cá thể cần gì")
    await conversation.press("Trường hợp chung")
    assert "Trường hợp:" not in conversation.text
    assert "Giấy tờ cần chuẩn bị:" in conversation.text


# --- 6. where to file agrees with the level shown ---


async def test_a_provincial_land_procedure_is_not_said_to_be_filed_at_the_commune(conversation):
    await conversation.say("sang tên sổ đỏ nộp ở đâu")
    assert "Cấp thực hiện: Cấp tỉnh" in conversation.text
    assert "Với thủ tục cấp xã" not in conversation.text


async def test_a_commune_procedure_still_names_the_commune_centre(conversation):
    await conversation.say("đăng ký khai sinh nộp ở đâu")
    assert "Cấp xã" in conversation.text
    assert "Trung tâm Phục vụ hành chính công của xã" in conversation.text


async def test_a_fee_the_portal_calls_free_but_whose_note_names_amounts_leads_with_them(
    conversation,
):
    # the portal's fee cell says "Miễn phí"; its note says 135.000 đồng: the amount first
    await conversation.say("cấp lại bằng lái xe bị mất lệ phí bao nhiêu")
    line = next(x for x in conversation.text.splitlines() if "135.000 đồng" in x)
    assert line.index("135.000 đồng") < line.index("“Miễn phí”")
    assert "Cổng Dịch vụ công ghi “Miễn phí”, kèm ghi chú" not in line


@pytest.mark.parametrize(
    ("today", "says_over"),
    [
        (dt.datetime(2026, 12, 2, 3, 0, tzinfo=dt.UTC), True),
        (dt.datetime(2025, 6, 1, tzinfo=dt.UTC), False),
    ],
)
def test_a_reduced_fee_whose_period_is_over_says_so(today, says_over):
    # the note halves the fee "đến hết ngày 31/12/2025": in December 2026 that is over
    answers = ProcedureAnswers(default_templates(), DialogueSettings(), clock=lambda: today)
    row = ChannelInfo(
        channel="online",
        available=True,
        fee_vnd=135_000,
        fee_note="Kể từ ngày 01/12/2023 đến hết ngày 31/12/2025, áp dụng mức thu 115.000 đồng/lần.",
    )
    text = answers.fee_text(row)
    assert "115.000 đồng/lần" in text
    assert ("thời hạn đến ngày 31/12/2025 nêu trên đã qua" in text) is says_over


def test_two_cases_that_read_the_same_once_cut_show_where_they_differ():
    # the land allocation record 1.013949: its first two cases part only after 20 words
    common = (
        "Thành phần hồ sơ giao đất, cho thuê đất không thông qua hình thức đấu giá quyền sử"
        " dụng đất, không đấu thầu lựa chọn nhà đầu tư thực hiện dự án có sử dụng đất"
    )
    cases = [
        f"a) {common} thuộc diện chấp thuận chủ trương đầu tư, gồm",
        f"b) {common} thuộc diện không chấp thuận chủ trương đầu tư, gồm",
        "h) Thành phần hồ sơ gia hạn sử dụng đất, gồm",
    ]
    labels = case_labels(cases)
    assert len(set(labels)) == 3
    assert labels[0].startswith("Giao đất … ") and "thuộc diện chấp thuận" in labels[0]
    assert labels[1].startswith("Giao đất … ") and "thuộc diện không chấp thuận" in labels[1]
    assert labels[2] == "Gia hạn sử dụng đất, gồm"


def test_no_case_buttons_of_the_shipped_catalogue_read_the_same(services):
    alike = []
    for info in services.catalogue.all():
        labels = [label.lower() for label in case_labels(document_cases(info))]
        if len(set(labels)) < len(labels):
            alike.append(info.code)
    assert alike == []
