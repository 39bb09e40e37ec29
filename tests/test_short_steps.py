"""Asked how a procedure is done, the citizen gets its steps short on a phone: each
stage's line, each step's first sentence, then a line saying there is more and which
button shows it; "Xem đầy đủ" gives every step in full.

The stories are tables of what the citizen says (or presses, as "[label]") and what
the answer then shows — and must not show.
"""

from __future__ import annotations

import pytest

from flows.record_text import STEP_CUT, cut_clear, step_lines
from flows.short_steps import SHORT_STEPS_CHARS, short_step_lines
from knowledge.procedures.records import DocumentInfo, StepInfo
from tests.records import national_record, procedure_answers

MORE_DETAIL = 'Các bước trên còn có chi tiết; anh/chị bấm "Xem đầy đủ" để xem chi tiết từng bước.'


def _steps_of(text: str) -> list[str]:
    """The lines of an answer's steps, from their heading to the next blank line."""
    lines = text.splitlines()
    head = lines.index("Các bước thực hiện:")
    end = lines.index("", head) if "" in lines[head:] else len(lines)
    return lines[head + 1 : end]


async def test_the_steps_of_splitting_a_plot_are_its_stages_then_the_whole_on_request(
    conversation,
):
    # the record's three stages carry eight paragraphs under them: 4,000 characters
    short = _steps_of(await conversation.tell("các bước tách thửa đất như thế nào"))
    assert [line[:6] for line in short] == ["Bước 1", "Bước 2", "Bước 3", MORE_DETAIL[:6]]
    assert short[1] == (
        "Bước 2: Cơ quan tiếp nhận hồ sơ thực hiện: Kiểm tra tính đầy đủ của thành phần"
        " hồ sơ và cấp Giấy tiếp nhận hồ sơ và hẹn trả kết quả."
    )
    assert short[-1] == MORE_DETAIL
    assert sum(len(line) for line in short) < 800
    assert "Xem đầy đủ" in [b.label for b in conversation.last[0].buttons]

    whole = _steps_of(await conversation.tell("[Xem đầy đủ]"))
    assert (
        "- Trường hợp Trung tâm Phục vụ hành chính công tiếp nhận hồ sơ thì chuyển hồ sơ"
        " đến Văn phòng đăng ký đất đai, Chi nhánh Văn phòng đăng ký đất đai."
    ) in whole
    assert [line for line in whole if line.startswith("Bước")][1] == short[1]
    assert MORE_DETAIL not in whole


# (user says, the steps shown, and never shown)
SHORT_ENOUGH_STORIES = [
    # four short steps of our own numbering: given whole, nothing said to be left out
    (
        "các bước đăng ký khai sinh",
        [
            "1. Chuẩn bị tờ khai và giấy chứng sinh.",
            "2. Nộp hồ sơ tại Trung tâm Phục vụ hành chính công cấp xã, nộp trực tuyến trên"
            " Cổng Dịch vụ công quốc gia hoặc gửi qua bưu chính.",
            "3. Công chức hộ tịch kiểm tra hồ sơ; nếu hợp lệ thì ghi vào Sổ hộ tịch và cấp"
            " Giấy khai sinh.",
            "4. Nhận Giấy khai sinh tại nơi nộp hoặc theo cách đã chọn.",
        ],
    ),
]


@pytest.mark.parametrize(("says", "shown"), SHORT_ENOUGH_STORIES)
async def test_steps_short_enough_are_given_whole(conversation, says, shown):
    assert _steps_of(await conversation.tell(says)) == shown


async def test_a_passport_s_bare_stages_keep_their_first_detail(conversation):
    # "Bước 2: Nộp hồ sơ" only names the stage: where and how follow under it, and the
    # short answer keeps that first detail (cut), not the stage's name alone
    short = _steps_of(await conversation.tell("thủ tục cấp hộ chiếu như thế nào"))
    assert short[1] == "Bước 2: Nộp hồ sơ"
    assert short[2].startswith("- Người đề nghị cấp hộ chiếu") and short[2].endswith("…")
    assert "Cơ quan Quản lý xuất nhập cảnh Công an cấp tỉnh" in short[2]
    assert short[3] == "Bước 3: Nhận kết quả"
    assert "nhận kết quả tại Cơ quan Quản lý xuất nhập cảnh" in short[4]
    assert short[5:] == [MORE_DETAIL]


# --- the rule, on steps a test writes itself ---

DETAIL = "- Trường hợp hồ sơ chưa đầy đủ thì hướng dẫn bổ sung, hoàn thiện hồ sơ theo quy định."


def test_long_stages_lose_their_details_not_their_names():
    stage = "Bước 1: Cá nhân nộp hồ sơ tại Ủy ban nhân dân cấp xã nơi cư trú."
    texts = [stage, *[DETAIL] * 12, "Bước 2: Nhận kết quả."]
    short = short_step_lines(texts)
    assert short.lines == (stage, "Bước 2: Nhận kết quả.")
    assert short.shortened and not short.more_steps
    assert len(step_lines(texts)) == 14  # the whole: every detail


def test_a_stage_that_only_names_itself_keeps_its_first_detail():
    texts = ["Bước 1: Nộp hồ sơ.", *[DETAIL] * 12, "Bước 2: Nhận kết quả."]
    short = short_step_lines(texts)
    assert short.lines == ("Bước 1: Nộp hồ sơ.", DETAIL, "Bước 2: Nhận kết quả.")
    assert short.shortened


def test_long_plain_steps_keep_our_numbers_and_their_first_sentence():
    step = "Nộp hồ sơ tại Ủy ban nhân dân cấp xã. " + "Cán bộ kiểm tra hồ sơ và hẹn ngày. " * 20
    short = short_step_lines([step, step, step, "Nhận kết quả."])
    assert short.lines[0] == "1. Nộp hồ sơ tại Ủy ban nhân dân cấp xã. …"
    assert short.lines[1] == "2. Nộp hồ sơ tại Ủy ban nhân dân cấp xã. …"
    assert short.lines[-1] == "4. Nhận kết quả."
    assert short.shortened


def test_many_steps_show_the_first_and_say_how_many_more():
    texts = [
        f"Cán bộ thực hiện việc thứ {n} theo quy định của pháp luật hiện hành." for n in range(20)
    ]
    assert sum(len(line) for line in step_lines(texts)) > SHORT_STEPS_CHARS
    short = short_step_lines(texts)
    assert len(short.lines) == 8 and short.more_steps == 12
    answer = procedure_answers().answer(
        national_record(steps=tuple(StepInfo(text=t) for t in texts)), ["steps"]
    )
    assert 'Còn 12 bước nữa; anh/chị bấm "Xem đầy đủ" để xem các bước còn lại.' in answer.text
    whole = procedure_answers().answer(
        national_record(steps=tuple(StepInfo(text=t) for t in texts)), ["all"]
    )
    assert "20. Cán bộ thực hiện việc thứ 19" in whole.text and "Còn 12 bước" not in whole.text


def test_xem_day_du_gives_a_long_step_whole():
    # a step of 1,000 characters (a quarter of the catalogue's steps pass 400): short
    # on a phone, every word of it in "Xem đầy đủ" — as the "more" line promised
    long_step = "Bước 2: Cơ quan bảo hiểm xã hội tiếp nhận hồ sơ. " + "Kiểm tra giấy tờ. " * 55
    info = national_record(
        steps=tuple(StepInfo(text=t) for t in ["Bước 1: Nộp hồ sơ.", long_step.strip()])
    )
    short = procedure_answers().answer(info, ["steps"])
    assert MORE_DETAIL in short.text and long_step.strip() not in short.text
    whole = procedure_answers().answer(info, ["all"])
    assert long_step.strip() in whole.text


def test_asked_the_steps_and_which_case_the_more_line_s_button_is_there_too():
    # the papers differ by case: the buttons are the cases, and "Xem đầy đủ" that the
    # steps' "more" line names
    texts = ["Bước 1: Nộp hồ sơ.", *[DETAIL] * 12, "Bước 2: Nhận kết quả."]
    info = national_record(
        steps=tuple(StepInfo(text=t) for t in texts),
        documents=(
            DocumentInfo(name="Giấy tờ A", case="Trường hợp mua bán", original=1),
            DocumentInfo(name="Giấy tờ B", case="Trường hợp tặng cho", original=1),
        ),
    )
    answer = procedure_answers().answer(info, ["steps", "requirements"])
    assert MORE_DETAIL in answer.text
    labels = [b.label for b in answer.buttons]
    assert labels[-2:] == ["Xem tất cả các trường hợp", "Xem đầy đủ"]


CLAUSES = (
    "Bước 2: Cơ quan tiếp nhận kiểm tra hồ sơ, trường hợp hồ sơ hợp lệ thì tiếp nhận,"
    " trường hợp hồ sơ không hợp lệ thì trả lại và nêu rõ lý do"
)
ONE_CLAUSE = (
    "Bước 3: Cơ quan tiếp nhận trả lời người nộp trong ngày làm việc khi hồ sơ đã nộp"
    " không hợp lệ thì trả lại cho người nộp"
)


@pytest.mark.parametrize(
    ("text", "limit", "shown"),
    [
        # after a whole clause, the one with a negation left whole for "Xem đầy đủ"
        (
            CLAUSES,
            110,
            "Bước 2: Cơ quan tiếp nhận kiểm tra hồ sơ, trường hợp hồ sơ hợp lệ thì tiếp nhận…",
        ),
        (CLAUSES, 60, "Bước 2: Cơ quan tiếp nhận kiểm tra hồ sơ…"),
        # never "… khi hồ sơ đã nộp…", which says the opposite: the clause whole
        (ONE_CLAUSE, 90, ONE_CLAUSE),
        # "1." of a list is no sentence end either (2.000821: never "Bước 2. Nộp hồ sơ 1. …")
        (
            "Bước 2. Nộp hồ sơ 1. Trường hợp người lao động đang đóng bảo hiểm xã hội bắt buộc"
            " mà bị chết: thân nhân nộp hồ sơ cho đơn vị sử dụng lao động. 2. Trường hợp khác",
            120,
            "Bước 2. Nộp hồ sơ 1. Trường hợp người lao động đang đóng bảo hiểm xã hội bắt buộc"
            " mà bị chết…",
        ),
        # "Bước 1." is no sentence of its own
        (
            "Bước 1. Nộp hồ sơ. Sau đó chờ kết quả trong ba ngày làm việc",
            30,
            "Bước 1. Nộp hồ sơ. …",
        ),
    ],
)
def test_a_step_is_cut_where_its_meaning_stays(text, limit, shown):
    assert cut_clear(text, limit, STEP_CUT) == shown


# --- what the crawl left in the national records' steps (the 150 most asked-for and the
# curated ones read whole: see the commit) ---

# (the record's steps, the steps the answer shows)
CRAWL_STORIES = [
    # two stages on one line (2.002184): each its own line, never "1. Bước 1: … Bước 2: …"
    (
        [
            "Bước 1: Người khai hải quan khai bổ sung các chỉ tiêu trên tờ khai hải quan."
            " Bước 2: Cơ quan hải quan xem xét, chấp nhận nội dung khai bổ sung."
        ],
        [
            "Bước 1: Người khai hải quan khai bổ sung các chỉ tiêu trên tờ khai hải quan.",
            "Bước 2: Cơ quan hải quan xem xét, chấp nhận nội dung khai bổ sung.",
        ],
    ),
    # a bulleted first stage under the source's heading (1.004038): shown, not lost
    (
        [
            "1. Trình tự thực hiện:\n- Bước 1:\nChủ vật thể nộp 01 bộ hồ sơ đăng ký kiểm dịch.",
            "- Bước 2:\nCơ quan kiểm dịch kiểm tra hồ sơ.",
        ],
        [
            "- Trình tự thực hiện:",
            "Bước 1: Chủ vật thể nộp 01 bộ hồ sơ đăng ký kiểm dịch.",
            "Bước 2: Cơ quan kiểm dịch kiểm tra hồ sơ.",
        ],
    ),
    # doubled marks, a mark glued to its stage (2.002235, 1.008309): no "+Bước", no "++"
    (
        [
            "+Bước 1. ++ Tổ chức trả thu nhập chuẩn bị hồ sơ khai thuế.",
            "Bước 2. Cơ quan thuế tiếp nhận:\n++ Trường hợp nộp trực tiếp: tiếp nhận hồ sơ.",
        ],
        [
            "Bước 1. Tổ chức trả thu nhập chuẩn bị hồ sơ khai thuế.",
            "Bước 2. Cơ quan thuế tiếp nhận: Trường hợp nộp trực tiếp: tiếp nhận hồ sơ.",
        ],
    ),
    # a step that is a lone mark, a mark ending a step (1.000480): neither shown
    (
        [
            "+",
            "Bước 1: Doanh nghiệp gửi 02 bộ hồ sơ cho Ngân hàng Nhà nước. +",
            "Bước 2: Ngân hàng Nhà nước kiểm tra hồ sơ.",
        ],
        [
            "Bước 1: Doanh nghiệp gửi 02 bộ hồ sơ cho Ngân hàng Nhà nước.",
            "Bước 2: Ngân hàng Nhà nước kiểm tra hồ sơ.",
        ],
    ),
    # a step left beginning with the last one's full stop (1.009283): never "2. . …"
    (
        [
            "- Chi nhánh thanh toán xong các khoản nợ.",
            ". - Trong thời hạn 10 ngày, chi nhánh gửi báo cáo đến Sở Tư pháp.",
        ],
        [
            "1. Chi nhánh thanh toán xong các khoản nợ.",
            "2. Trong thời hạn 10 ngày, chi nhánh gửi báo cáo đến Sở Tư pháp.",
        ],
    ),
    # a stage glued after its case's name by a mark (1.008333) or without one (1.009056)
    (
        [
            "Khai thuế đối với nhà thầu nước ngoài + Bước 1. Nhà thầu nộp hồ sơ khai thuế.",
            "+ Bước 2. Cơ quan thuế tiếp nhận hồ sơ.",
        ],
        [
            "- Khai thuế đối với nhà thầu nước ngoài",
            "Bước 1. Nhà thầu nộp hồ sơ khai thuế.",
            "Bước 2. Cơ quan thuế tiếp nhận hồ sơ.",
        ],
    ),
    (
        [
            "Thủ tục hải quan đối với hàng vận chuyển Bước 1: Doanh nghiệp gửi phiếu giao nhận.",
            "Bước 2: Hải quan giám sát.",
        ],
        [
            "- Thủ tục hải quan đối với hàng vận chuyển",
            "Bước 1: Doanh nghiệp gửi phiếu giao nhận.",
            "Bước 2: Hải quan giám sát.",
        ],
    ),
]


@pytest.mark.parametrize(("texts", "shown"), CRAWL_STORIES)
def test_what_the_crawl_left_is_not_shown(texts, shown):
    assert list(short_step_lines(texts).lines) == shown


def test_a_bare_stage_s_first_detail_drops_its_letter():
    # 1.002759: "- Người đang làm việc: …", not "- a) Người đang làm việc: …"
    texts = [
        "Bước 1. Lập hồ sơ.",
        "Bước 2. Nộp hồ sơ\na) Người đang làm việc: nộp hồ sơ cho đơn vị nơi đang làm việc."
        "\nb) Người tham gia tự nguyện: nộp cho cơ quan bảo hiểm xã hội.",
        *[DETAIL] * 10,
        "Bước 3. Nhận kết quả.",
    ]
    assert short_step_lines(texts).lines == (
        "Bước 1. Lập hồ sơ.",
        "Bước 2. Nộp hồ sơ",
        "- Người đang làm việc: nộp hồ sơ cho đơn vị nơi đang làm việc.",
        "Bước 3. Nhận kết quả.",
    )


def test_stages_numbered_again_for_each_case_say_their_case():
    # 1.000513, 1.007607: two "Bước 1", each under its case's head, which is no "more"
    # of the stage before it
    texts = [
        "Trường hợp nộp hồ sơ trực tiếp:",
        "Bước 1: Tổ chức nộp hồ sơ tại bộ phận một cửa của Sở.",
        *[DETAIL] * 6,
        "Bước 2: Cơ quan thẩm định hồ sơ.",
        "Trường hợp nộp hồ sơ trực tuyến:",
        "Bước 1: Tổ chức nộp hồ sơ trên Cổng Dịch vụ công quốc gia.",
        *[DETAIL] * 6,
        "Bước 2: Cơ quan thẩm định hồ sơ.",
    ]
    short = short_step_lines(texts)
    assert short.lines == (
        "Trường hợp nộp hồ sơ trực tiếp:",
        "Bước 1: Tổ chức nộp hồ sơ tại bộ phận một cửa của Sở.",
        "Bước 2: Cơ quan thẩm định hồ sơ.",
        "Trường hợp nộp hồ sơ trực tuyến:",
        "Bước 1: Tổ chức nộp hồ sơ trên Cổng Dịch vụ công quốc gia.",
        "Bước 2: Cơ quan thẩm định hồ sơ.",
    )
    assert short.shortened


def test_a_case_s_head_is_not_the_last_line_shown():
    # 1.009056: the "more" line counts a head whose stages it leaves out
    texts = [
        "Hàng đưa lên tàu bay:",
        *[
            f"Bước {n}: Doanh nghiệp làm việc thứ {n} theo quy định của pháp luật về hải quan."
            for n in range(1, 8)
        ],
        "Hàng từ tàu bay về kho:",
        *[
            f"Bước {n}: Hải quan làm việc thứ {n} theo quy định của pháp luật về hải quan."
            for n in range(1, 8)
        ],
    ]
    short = short_step_lines(texts)
    assert short.lines[-1].startswith("Bước 7") and short.more_steps == 8


def test_a_step_is_cut_outside_its_brackets_where_such_a_cut_fits():
    # 1.001456: "… Công an cấp tỉnh…", not "… Công an cấp tỉnh (khi đến nộp hồ sơ…"
    stage = (
        "Bước 1: Công dân nộp hồ sơ vào giờ hành chính các ngày làm việc trong tuần tại Cơ"
        " quan Quản lý xuất nhập cảnh Công an cấp tỉnh (khi đến nộp hồ sơ phải xuất trình"
        " thẻ căn cước hoặc hộ chiếu còn giá trị sử dụng để kiểm tra) hoặc nộp trực tuyến."
    )
    short = short_step_lines([stage, *[DETAIL] * 12, "Bước 2: Nhận kết quả."])
    assert short.lines[0] == (
        "Bước 1: Công dân nộp hồ sơ vào giờ hành chính các ngày làm việc trong tuần tại Cơ"
        " quan Quản lý xuất nhập cảnh Công an cấp tỉnh…"
    )
