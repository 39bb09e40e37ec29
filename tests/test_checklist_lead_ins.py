"""A documents table's own header rows ("Người có yêu cầu … các giấy tờ sau:", "Hồ sơ gồm
bản sao … các giấy tờ sau:") read as the lead-ins they are: a plain line above the
papers, never a numbered paper of their own; one that says nothing but "the papers are
these" is left out, and the volunteer's card lists papers only."""

from __future__ import annotations

import pytest

from flows.cards import build_card
from flows.document_parts import is_lead_in
from knowledge.procedures.records import DocumentInfo, ProcedureInfo
from tests.records import national_record, procedure_answers

HEADER = (
    "Người có yêu cầu cấp bản sao Trích lục hộ tịch thực hiện việc nộp/xuất trình (theo "
    "hình thức trực tiếp) hoặc tải lên (theo hình thức trực tuyến) các giấy tờ sau:"
)


def _record(*documents: DocumentInfo) -> ProcedureInfo:
    return national_record("Thủ tục thuê nhà ở xã hội", documents=documents)


def _papers(info: ProcedureInfo) -> list[str]:
    return procedure_answers().answer(info, ["requirements"]).text.splitlines()[3:-2]


async def test_the_civil_status_header_row_is_a_lead_in_to_the_parts(conversation):
    await conversation.say("cấp bản sao trích lục hộ tịch cần giấy tờ gì")
    lines = conversation.last[0].text.splitlines()
    # the row the record lists among the papers introduces what to hand in and show
    assert lines[lines.index("Giấy tờ phải nộp:") - 1] == HEADER
    assert not [line for line in lines if "các giấy tờ sau" in line and line[0].isdigit()]
    # the papers above it keep their numbers
    assert lines[lines.index(HEADER) - 1].startswith("2. Mẫu điện tử tương tác")


def test_a_header_row_listed_last_leads_its_papers_and_counts_none():
    info = _record(
        DocumentInfo(name="Đơn đăng ký thuê nhà ở xã hội theo mẫu", original=1),
        DocumentInfo(name="Giấy tờ chứng minh đối tượng.", original=1, copies=1),
        DocumentInfo(
            name="Hồ sơ gồm bản sao và xuất trình bản chính để đối chiếu các giấy tờ sau:",
            original=1,
            copies=1,
        ),
    )
    assert _papers(info) == [
        "Hồ sơ gồm bản sao và xuất trình bản chính để đối chiếu các giấy tờ sau:",
        "1. Đơn đăng ký thuê nhà ở xã hội theo mẫu: 1 bản chính",
        "2. Giấy tờ chứng minh đối tượng: 1 bản chính, 1 bản sao",
    ]


def test_sub_case_lead_ins_stay_where_the_record_puts_them_and_numbering_runs_on():
    info = _record(
        DocumentInfo(name="Đơn đề nghị", original=1),
        DocumentInfo(name="Đối với phương tiện thương mại:"),
        DocumentInfo(name="Giấy phép kinh doanh vận tải", copies=1),
        DocumentInfo(name="Đối với phương tiện phi thương mại:"),
        DocumentInfo(name="Giấy giới thiệu của cơ quan", original=1),
    )
    assert _papers(info) == [
        "1. Đơn đề nghị: 1 bản chính",
        "Đối với phương tiện thương mại:",
        "2. Giấy phép kinh doanh vận tải: 1 bản sao",
        "Đối với phương tiện phi thương mại:",
        "3. Giấy giới thiệu của cơ quan: 1 bản chính",
    ]


def test_a_header_that_says_only_here_are_the_papers_is_left_out():
    info = _record(
        DocumentInfo(name="Hồ sơ gồm các giấy tờ sau:"),
        DocumentInfo(name="Đơn đề nghị", original=1),
        DocumentInfo(name="Thành phần hồ sơ bao gồm"),
    )
    assert _papers(info) == ["1. Đơn đề nghị: 1 bản chính"]


# (row, whether it introduces the papers after it rather than naming one)
ROWS = [
    (DocumentInfo(name=HEADER), True),
    (DocumentInfo(name="Chứng cứ chứng minh quan hệ cha, con gồm:"), True),  # counts none
    (DocumentInfo(name="Trường hợp thuê nhà ở xã hội:", original=1, copies=1), True),
    (DocumentInfo(name="Các giấy tờ của bên nhận chuyển nhượng dự án gồm", original=1), True),
    # a paper whose contents the record lists after it, with its own count
    (DocumentInfo(name="Văn bản chứng minh mục đích mở tài khoản bao gồm:", original=1), False),
    (DocumentInfo(name="Hóa đơn thương mại (nếu có):", copies=1), False),
    (DocumentInfo(name="Tờ trình dự toán kinh phí cho năm sau", original=1), False),
    (DocumentInfo(name="Tờ trình dự toán kinh phí cho năm sau"), False),  # ends on no list
    # a form or a note makes it a paper
    (DocumentInfo(name="Trường hợp ghi xác nhận như sau:", original=1, form="Mẫu TK1-TS"), False),
    (DocumentInfo(name="Đơn đề nghị", original=1), False),
]


@pytest.mark.parametrize(("row", "lead_in"), ROWS)
def test_which_rows_are_lead_ins(row, lead_in):
    assert is_lead_in(row) is lead_in


def test_the_volunteers_card_lists_the_papers_without_the_header_row():
    info = _record(
        DocumentInfo(name="Đơn đề nghị", original=1),
        DocumentInfo(name="Hồ sơ gồm bản sao các giấy tờ sau:", original=1, copies=1),
    )
    card = build_card(info)
    assert card.documents == ("Đơn đề nghị: 1 bản chính",)
