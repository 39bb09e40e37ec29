"""A procedure whose time or fee differs by case says which case gets which value.

"Sang tên xe máy mất bao lâu" used to get "2 ngày làm việc; 7 ngày làm việc; 1 giờ (tùy
trường hợp, xem chi tiết tại nguồn)": the portal's rows carry long case texts, which are
not repeated. Each value now names its case with a few words of the row's own text (the
case's name, or the clause that states the value); where no label is found for every
value, the answer says "tùy trường hợp" as before.
"""

from __future__ import annotations

import datetime as dt

import pytest

from flows.cards import build_card
from flows.channel_facts import ChannelFacts
from flows.templates import default_templates
from flows.value_cases import shown_labels, value_label
from knowledge.catalogue import SEED_NATIONAL, read_procedures
from knowledge.procedures.records import ChannelInfo, ProcedureInfo

DEPENDS = "tùy trường hợp, xem chi tiết tại nguồn"

# --- the citizen's questions ---

# (user says, the bot's answer says each of these, and never "tùy trường hợp")
ASKED = [
    (
        "sang tên xe máy mất bao lâu",
        [
            "2 ngày làm việc (cấp chứng nhận thu hồi đăng ký, biển số xe hoặc cấp chứng"
            " nhận đăng ký xe)",
            "7 ngày làm việc (cấp lại biển số định danh)",
            "1 giờ (cấp biển số định danh lần đầu)",
        ],
    ),
    (
        "lệ phí thay đổi nội dung đăng ký hoạt động văn phòng công chứng",
        [
            "500.000 đồng (thay đổi nội dung đăng ký hoạt động của Văn phòng công chứng…)",
            "(thay đổi nội dung đăng ký hoạt động khác)",
        ],
    ),
]


@pytest.mark.parametrize(("says", "answer_says"), ASKED)
async def test_each_time_or_fee_names_its_case(conversation, says, answer_says):
    await conversation.say(says)
    answer = conversation.last[0].text
    for said in answer_says:
        assert said in answer
    assert DEPENDS not in answer


async def test_asked_whether_it_can_be_filed_online_the_online_rows_say_their_cases_once(
    conversation,
):
    # three online rows of sang tên xe: each value with its case on one line, not three
    # lines each labelled with the same first words of their long case texts
    await conversation.say("sang tên xe máy nộp online được không")
    answer = conversation.last[0].text
    assert conversation.last[0].meta["aspects"][0] == "online"
    (time,) = [line for line in answer.splitlines() if line.startswith("- Thời gian")]
    assert time == (
        "- Thời gian giải quyết: 2 ngày làm việc (cấp chứng nhận thu hồi đăng ký, biển số xe"
        " hoặc cấp chứng nhận đăng ký xe); 7 ngày làm việc (cấp lại biển số định danh); 1 giờ"
        " (cấp biển số định danh lần đầu)"
    )
    assert len([line for line in answer.splitlines() if line.startswith("- Lệ phí")]) == 1
    assert "Cách thức thực hiện" not in answer


# --- finding a value's case in a row's case text ---

VEHICLE_ROW = (
    "Cách thức thực hiện: + Chủ xe kê khai Giấy khai đăng ký xe trên Cổng Dịch vụ công."
    " - Thời hạn giải quyết: + Cấp lại biển số định danh: Không quá 07 ngày làm việc, kể"
    " từ ngày nhận đủ hồ sơ hợp lệ. + Cấp biển số định danh lần đầu: Cấp ngay sau khi"
    " tiếp nhận hồ sơ đăng ký xe hợp lệ."
)

# (the row's value, its case text, the label found: None keeps "tùy trường hợp")
LABELS = [
    # the clause that states the value, "02" for "2", "ngày" for "ngày làm việc"
    ("7 ngày làm việc", VEHICLE_ROW, "Cấp lại biển số định danh"),
    # "Cấp ngay" is the portal's "1 giờ"
    ("1 giờ", VEHICLE_ROW, "Cấp biển số định danh lần đầu"),
    (
        "1 ngày làm việc",
        "Trong thời hạn 01 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ theo quy định đối"
        " với các phương tiện thương mại.",
        "các phương tiện thương mại",
    ),
    (
        "40 ngày",
        "Trường hợp cần kiểm tra thực tế thì trong thời hạn 40 ngày kể từ ngày nhận đủ hồ sơ,"
        " cơ quan quản lý thuế ban hành quyết định miễn thuế.",
        "cần kiểm tra thực tế",
    ),
    # the case's own name, though the value is the sum of its stages
    (
        "26 ngày làm việc",
        "Trường hợp trả lại một phần diện tích khu vực thăm dò khoáng sản: *Cách thực hiện:"
        " Nộp hồ sơ về Bộ phận Tiếp nhận. *Thời hạn giải quyết: - Thời hạn thẩm định hồ sơ:"
        " 16 ngày làm việc; - Thời hạn trả kết quả: 02 ngày làm việc.",
        "trả lại một phần diện tích khu vực thăm dò khoáng sản",
    ),
    # a fee: "500.000đ" states "500.000 đồng"
    (
        "500.000 đồng",
        "Đối với trường hợp thay đổi tên thì được Sở Tư pháp cấp lại giấy đăng ký hoạt động,"
        " mức phí: 500.000đ;",
        "thay đổi tên",
    ),
    # no case is named by the clause stating the value
    (
        "5 ngày làm việc",
        "nộp hồ sơ trực tuyến qua Cổng dịch vụ công quốc gia. Không quá 05 ngày làm việc kể"
        " từ ngày nhận đầy đủ hồ sơ theo quy định.",
        None,
    ),
    # a heading that names no case
    (
        "2 ngày làm việc",
        "Cách thức thực hiện: nộp trực tiếp tại Công an cấp xã hoặc qua Cổng dịch vụ công."
        " Thời hạn giải quyết: 02 ngày làm việc",
        None,
    ),
    # a heading that states the time itself
    (
        "5 ngày làm việc",
        "Trong thời hạn 05 ngày làm việc: cấp có thẩm quyền xem xét, ban hành văn bản đồng ý.",
        None,
    ),
    # a heading that introduces a list of its own
    (
        "34 ngày làm việc",
        "(2) Trường hợp tổ chức, cá nhân đề nghị: (1) Cấp đổi giấy phép khai thác khoáng sản"
        " được cấp trước ngày 01/01/2026; (2) Điều chỉnh giấy phép.",
        None,
    ),
    # a fee cell holding a list's number is no fee to name a case for
    ("1", "Trường hợp thay đổi tên tổ chức, cá nhân thăm dò khoáng sản: *Cách thực hiện: …", None),
    # a stage's heading names the case of a time, never of a fee
    (
        "miễn phí",
        "Cảng vụ Hàng hải: Trong thời hạn 05 ngày làm việc, kể từ ngày nhận được văn bản đề"
        " nghị của Ủy ban nhân dân cấp xã.",
        None,
    ),
]


@pytest.mark.parametrize(("value", "case", "label"), LABELS)
def test_a_value_is_labelled_only_with_its_own_case(value, case, label):
    assert value_label(value, case) == label


def test_two_clauses_stating_one_value_are_both_named():
    case = (
        "Thời hạn giải quyết: + Cấp chứng nhận thu hồi đăng ký, biển số xe: Không quá 02 ngày"
        " làm việc. + Cấp chứng nhận đăng ký xe: Không quá 02 ngày làm việc."
    )
    label = value_label("2 ngày làm việc", case)
    assert shown_labels([label]) == {
        label: "cấp chứng nhận thu hồi đăng ký, biển số xe hoặc cấp chứng nhận đăng ký xe"
    }


# --- how labels are said ---


def test_a_long_label_is_cut_at_a_word_never_beside_a_negation():
    label = (
        "giấy phép khai thác khoáng sản nhóm hai cấp tỉnh quản lý vùng không thuộc danh mục"
        " đặc biệt của bộ quốc phòng"
    )
    (shown,) = shown_labels([label]).values()
    assert shown == "giấy phép khai thác khoáng sản nhóm hai cấp tỉnh quản lý…"


def test_a_label_that_reads_like_another_s_beginning_shows_where_it_differs():
    general = "đăng ký hoạt động của Chi nhánh Trung tâm trọng tài"
    moved = (
        f"{general} khi thay đổi địa điểm đặt trụ sở sang tỉnh, thành phố trực thuộc trung"
        " ương khác"
    )
    assert shown_labels([general, moved]) == {
        general: general,
        moved: "… khi thay đổi địa điểm đặt trụ sở sang tỉnh, thành phố trực…",
    }


def test_labels_alike_up_to_their_cut_show_their_ends():
    shared = "Đối với trường hợp quy định tại điểm a khoản 1 Điều 32 Nghị định số 69/2010/NĐ-CP"
    food, feed = f"{shared} về thực phẩm", f"{shared} về thức ăn chăn nuôi"
    assert shown_labels([food, feed]) == {
        food: "… số 69/2010/NĐ-CP về thực phẩm",
        feed: "… số 69/2010/NĐ-CP về thức ăn chăn nuôi",
    }


# --- the lines of the time answer ---


def _record(*rows: tuple[str, str]) -> ProcedureInfo:
    return ProcedureInfo(
        slug="thu_tuc_thu",
        name="Thủ tục thử",
        source_url="https://dichvucong.gov.vn/thu-tuc",
        verified_on=dt.date(2026, 6, 10),
        channels=tuple(ChannelInfo("in_person", True, time=t, case=c) for t, c in rows),
    )


FACTS = ChannelFacts(default_templates(), lambda: dt.datetime(2026, 12, 3))
COMMERCIAL = (
    "Trong thời hạn 01 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ theo quy định đối với"
    " các phương tiện thương mại."
)
NON_COMMERCIAL = COMMERCIAL.replace("01", "02").replace("thương mại", "phi thương mại")


def test_every_value_labelled_names_each_case():
    record = _record(("1 ngày làm việc", COMMERCIAL), ("2 ngày làm việc", NON_COMMERCIAL))
    assert FACTS.time_lines(record)[1:] == [
        "- Nộp trực tiếp: 1 ngày làm việc (các phương tiện thương mại);"
        " 2 ngày làm việc (các phương tiện phi thương mại)"
    ]


def test_a_value_without_a_label_keeps_today_s_wording():
    unnamed = "Không quá 02 ngày làm việc kể từ ngày nhận đầy đủ hồ sơ theo quy định của pháp luật."
    record = _record(("1 ngày làm việc", COMMERCIAL), ("2 ngày làm việc", unnamed))
    assert FACTS.time_lines(record)[1:] == [
        f"- Nộp trực tiếp: 1 ngày làm việc; 2 ngày làm việc ({DEPENDS})"
    ]


def test_one_label_for_two_values_keeps_today_s_wording():
    # the heading is the same for both cases; what sets them apart is in the list after it
    asked = (
        "Trường hợp tổ chức, cá nhân đề nghị: Điều chỉnh trữ lượng khoáng sản được phép khai thác"
    )
    renamed = "Trường hợp tổ chức, cá nhân đề nghị: Thay đổi tên gọi của tổ chức, cá nhân khai thác"
    record = _record(("34 ngày làm việc", asked), ("17 ngày làm việc", renamed))
    assert FACTS.time_lines(record)[1:] == [
        f"- Nộp trực tiếp: 34 ngày làm việc; 17 ngày làm việc ({DEPENDS})"
    ]


# --- the volunteer's card ---


def test_the_card_says_which_case_gets_which_time():
    record = next(i for i in read_procedures(SEED_NATIONAL) if i.code == "1.013076")
    card = build_card(record)
    assert any("7 ngày làm việc (cấp lại biển số định danh)" in line for line in card.time)
    assert not any(DEPENDS in line for line in card.time)


# --- a short case said whole only where it names a case (audit of 05/12/2026) ---


def _rows(*rows: tuple[str, str | None]) -> ProcedureInfo:
    """A record of in-person rows, each a (time or fee text, case) pair; used for both
    answers by putting the value in ``time``."""
    return _record(*rows)


# (the rows' (time, case), the time line as said)
SHORT_CASES = [
    # the way of filing is no case: 2.001478, 1.010048, 2.002235
    (
        [("5 ngày làm việc", "Nộp hồ sơ, trả kết quả qua dịch vụ bưu chính.")],
        "- Nộp trực tiếp: 5 ngày làm việc",
    ),
    (
        [
            (
                "5 ngày làm việc",
                "Trực tiếp: nộp hồ sơ trực tiếp tại trụ sở Cục Quản lý xuất nhập cảnh.",
            )
        ],
        "- Nộp trực tiếp: 5 ngày làm việc",
    ),
    (
        [("Không phải trả kết quả cho người nộp thuế", "Tại TTPVHCC cấp tỉnh, xã")],
        "- Nộp trực tiếp: Không phải trả kết quả cho người nộp thuế",
    ),
    # the time restated: 2.001921
    (
        [("7 ngày làm việc", "07 ngày làm việc kể từ khi nhận đủ hồ sơ theo quy định")],
        "- Nộp trực tiếp: 7 ngày làm việc",
    ),
    # a time whose number the crawl lost: 1.009821
    (
        [("7 ngày làm việc", "ngày làm việc kể từ ngày nhận được hồ sơ đầy đủ và hợp lệ.")],
        "- Nộp trực tiếp: 7 ngày làm việc",
    ),
    # "phí: không ghi" and a restated time name no case; two values none of which says
    # its case depend on one (2.000293)
    (
        [
            ("21 ngày", None),
            ("5 ngày làm việc", "thời hạn 5 ngày làm việc"),
            ("21 ngày", "phí: không ghi"),
        ],
        f"- Nộp trực tiếp: 21 ngày; 5 ngày làm việc ({DEPENDS})",
    ),
    # a case that names one is said whole, without its full stop (1.003677)
    (
        [
            ("1 ngày làm việc", None),
            (
                "2 ngày làm việc",
                "trường hợp phức tạp thì có thể kéo dài hơn nhưng không quá 02 ngày làm việc.",
            ),
        ],
        "- Nộp trực tiếp: 1 ngày làm việc; 2 ngày làm việc (trường hợp phức tạp thì có thể kéo"
        " dài hơn nhưng không quá 02 ngày làm việc)",
    ),
    (
        [("2 ngày làm việc", "Trường hợp không phải xác minh: trong thời hạn 02 ngày làm việc.")],
        "- Nộp trực tiếp: 2 ngày làm việc (Trường hợp không phải xác minh: trong thời hạn 02"
        " ngày làm việc)",
    ),
]


@pytest.mark.parametrize(("rows", "line"), SHORT_CASES)
def test_a_short_case_is_said_only_where_it_names_a_case(rows, line):
    assert FACTS.time_lines(_rows(*rows))[1:] == [line]


def _fee_row(fee_vnd=None, note=None, case=None, channel="in_person") -> ChannelInfo:
    return ChannelInfo(channel, True, fee_vnd=fee_vnd, fee_note=note, case=case)


QUAN_TAI_VIEN = (
    "Phí: 800.000 đồng/hồ sơ (áp dụng mức phí 400.000 đồng/hồ sơ kể từ ngày 01/7/2025 đến"
    " hết ngày 31/12/2026 theo Thông tư số 64/2025/TT-BTC). Lệ phí: 100.000 đồng/hồ sơ."
)

# (a fee row, its fee as said)
FEE_TEXTS = [
    # an amount the source wrote without separators, a note's trailing ";" (1.010038)
    (
        _fee_row(
            5000,
            "Trường hợp công dân nộp hồ sơ qua cổng trực tuyến thu 5000 đồng/lần đăng ký;",
        ),
        "Trường hợp công dân nộp hồ sơ qua cổng trực tuyến thu 5.000 đồng/lần đăng ký",
    ),
    # "đ" and "vnđ" are said "đồng" (1.001456, 1.000020)
    (
        _fee_row(
            None, "200.000đ/ hộ chiếu. Trường hợp cấp lại do bị hỏng hoặc bị mất: 400.000đ/hộ chiếu"
        ),
        "200.000 đồng/ hộ chiếu. Trường hợp cấp lại do bị hỏng hoặc bị mất: 400.000 đồng/hộ chiếu",
    ),
    (_fee_row(20000, "20.000 vnđ /tờ khai"), "20.000 đồng /tờ khai"),
    # a scrap the crawl cut is left as it is, never read as "0 đồng" (1.014364)
    (_fee_row(None, "0.000đ/giấy thông hành"), "0.000đ/giấy thông hành"),
    # a time beside a fee is no case of it (1.004385)
    (
        _fee_row(0, case="06 ngày làm việc, kể từ ngày nhận đủ hồ sơ theo quy định"),
        "miễn phí",
    ),
    # the row's case is its fee's text: the reduced rate and the second fee are said,
    # not the bare 800.000 đồng (2.001130); a note that is a scrap gives way (1.002681)
    (_fee_row(800000, case=QUAN_TAI_VIEN), QUAN_TAI_VIEN),
    (_fee_row(800000, "/hồ sơ", case=QUAN_TAI_VIEN), QUAN_TAI_VIEN),
    # only its fee's sentences, not the time after them (1.011441)
    (
        _fee_row(
            case="Phí, lệ phí (nếu có): Hội đồng nhân dân cấp tỉnh quyết định. Cơ quan đăng ký"
            " giải quyết hồ sơ trong ngày làm việc nhận được hồ sơ hợp lệ."
        ),
        "Phí, lệ phí (nếu có): Hội đồng nhân dân cấp tỉnh quyết định.",
    ),
    # beside a "free" cell, the fee's text first (1.003978)
    (
        _fee_row(0, case="Phí : Thông tư số 261/2016/TT-BTC quy định về phí, lệ phí hàng hải"),
        "Phí : Thông tư số 261/2016/TT-BTC quy định về phí, lệ phí hàng hải (ô lệ phí trên"
        " Cổng Dịch vụ công ghi “Miễn phí”; anh/chị nên hỏi lại nơi nộp hồ sơ)",
    ),
    # "phí: không ghi" says nothing
    (_fee_row(case="phí: không ghi"), None),
]


@pytest.mark.parametrize(("row", "said"), FEE_TEXTS)
def test_a_fee_is_said_as_its_record_says_it(row, said):
    assert FACTS.fee_text(row) == said


def test_values_joined_lose_their_own_full_stops():
    # 1.003358: "145 USD/thẻ.; Thẻ tạm trú …" read as a full stop before a semicolon
    record = ProcedureInfo(
        slug="thu_tuc_thu",
        name="Thủ tục thử",
        source_url="https://dichvucong.gov.vn/thu-tuc",
        verified_on=dt.date(2026, 6, 10),
        channels=(
            _fee_row(note="Thẻ tạm trú có thời hạn không quá 02 năm: 145 USD/thẻ.", case="Tại Cục"),
            _fee_row(
                note="Thẻ tạm trú có thời hạn từ trên 02 năm đến 05 năm: 155 USD/thẻ.",
                case="Qua Cổng dịch vụ công quốc gia",
            ),
        ),
    )
    (line,) = FACTS.fee_lines(record)[1:]
    assert "145 USD/thẻ; Thẻ tạm trú" in line
    assert ".;" not in line
