"""A citizen asks for the papers of a procedure whose record lists them in parts of one
checklist ("Giấy tờ phải nộp", "Giấy tờ phải xuất trình"): the whole checklist comes
at once, under plain headings, never "which case is yours?" between the parts. Where
the record has real cases too, only those are asked, and each gives the parts."""

from __future__ import annotations

import re

import pytest

from flows.document_parts import document_sections, part_heading, part_rank
from flows.procedure_answers import document_cases
from nlu.normalize import fold

EXTRACT_COPY = "tthc_2_000635"  # a copy of the civil-status extract / birth certificate
BOAT_REPORT = "tthc_1_005040"  # a maritime report: cases by vessel, and parts for all

# (user says, the answer names this procedure and has these headings, in this order)
ANSWERED_AT_ONCE = [
    (
        "cấp bản sao trích lục hộ tịch cần giấy tờ gì",
        "Cấp bản sao trích lục hộ tịch",
        ["Giấy tờ phải nộp:", "Giấy tờ phải xuất trình:"],
    ),
    (
        "cap lai giay khai sinh can gi",
        "Cấp bản sao trích lục hộ tịch",
        ["Giấy tờ phải nộp:", "Giấy tờ phải xuất trình:"],
    ),
    (
        "đăng ký lại khai sinh cần giấy tờ gì",
        "Đăng ký lại khai sinh",
        ["Giấy tờ phải nộp:", "Giấy tờ phải xuất trình:"],
    ),
    (
        "tàu biển nhập cảnh cần giấy tờ gì",
        "Tàu biển nhập cảnh",
        [
            "Các giấy tờ gửi bằng fax hoặc thư điện tử:",
            "Các giấy tờ phải nộp (bản chính), mỗi loại 01 bản:",
            "Các giấy tờ phải xuất trình (bản chính):",
        ],
    ),
    # a vehicle changing owner: the old registration withdrawn, then the new one filed;
    # both, in this order (was "which case is yours?" between "Thu hồi" and "Đăng ký")
    (
        "sang tên xe máy cần giấy tờ gì",
        "đăng ký sang tên xe",
        ["Hồ sơ thu hồi:", "Hồ sơ đăng ký:"],
    ),
]


@pytest.mark.parametrize(("says", "procedure", "headings"), ANSWERED_AT_ONCE)
async def test_the_parts_of_one_checklist_are_answered_at_once(
    conversation, says, procedure, headings
):
    await conversation.say(says)
    reply = conversation.last[0]
    lines = reply.text.splitlines()
    assert reply.kind == "procedure_requirements", reply.text
    assert procedure in lines[0]
    assert [line for line in lines if line in headings] == headings
    assert "trường hợp nào" not in reply.text
    assert "Trường hợp:" not in reply.text
    assert not [b for b in reply.buttons if b.payload.startswith("case:")]
    assert lines[-1].startswith("Nguồn: http")


async def test_the_extract_copy_gives_the_form_then_what_to_hand_in_and_to_show(conversation):
    await conversation.say("cấp bản sao trích lục hộ tịch cần giấy tờ gì")
    lines = conversation.text.splitlines()
    start = lines.index("Giấy tờ cần chuẩn bị:")
    handed, shown = lines.index("Giấy tờ phải nộp:"), lines.index("Giấy tờ phải xuất trình:")
    # the form everyone fills in comes first, without a heading of its own
    assert lines[start + 1].startswith("1. Tờ khai đề nghị bản sao Trích lục hộ tịch")
    assert start < handed < shown
    assert lines[handed + 1 : shown][-1].startswith("2. Văn bản ủy quyền")
    assert any("Hộ chiếu/Thẻ căn cước" in line for line in lines[shown:])


async def test_a_paper_asked_after_the_checklist_is_quoted_under_its_part(conversation):
    dialogue = [
        # (user says, the answer has, and has not)
        ("cấp bản sao trích lục hộ tịch cần giấy tờ gì", "Giấy tờ phải xuất trình:", "Trường hợp:"),
        ("có cần mang theo căn cước không", "Dạ, hồ sơ thủ tục ghi", "trường hợp nào"),
    ]
    for says, has, has_not in dialogue:
        await conversation.say(says)
        assert has in conversation.text, says
        assert has_not not in conversation.text, says
    lines = conversation.text.splitlines()
    quoted = lines.index("Dạ, hồ sơ thủ tục ghi về điều anh/chị hỏi như sau:")
    assert lines[quoted + 1] == "Giấy tờ phải xuất trình:"
    assert lines.count("Giấy tờ phải xuất trình:") == 2  # once over the quotes, once in the list
    assert "Giấy tờ phải nộp:" in lines


async def test_a_record_with_cases_and_parts_asks_only_the_cases(conversation):
    await conversation.payload(f"proc:{BOAT_REPORT}:requirements")
    asked = conversation.last[0]
    assert asked.kind == "choose_case"
    labels = [b.label for b in asked.buttons]
    assert labels == ["Phương tiện thủy nội địa, tàu cá", "Tàu biển", "Xem tất cả các trường hợp"]

    await conversation.press("Tàu biển")
    text = conversation.text
    assert "Trường hợp: Các giấy tờ phải nộp đối với tàu biển" in text
    assert "Trình báo đường thủy nội địa theo mẫu (02 bản)" in text
    # the parts come with the case chosen: the originals to show, the other papers
    assert "Các giấy tờ phải xuất trình (bản chính):" in text
    assert "Hồ sơ khác:" in text
    assert "Trường hợp: Các giấy tờ phải nộp đối với phương tiện" not in text  # the other
    assert text.count("Trường hợp:") == 1


async def test_a_chosen_case_comes_with_the_papers_every_case_needs(conversation):
    # a divorced person marrying again brings the form and their ID too, not only the
    # divorce extract: "Trường hợp chung" is the base every case adds to
    await conversation.say("đăng ký kết hôn cần giấy tờ gì")
    await conversation.press("Người đã ly hôn hoặc vợ/chồng đã chết")
    text = conversation.text
    assert "Tờ khai đăng ký kết hôn" in text
    assert "Giấy tờ tùy thân của hai bên" in text
    assert "Trường hợp: Người đã ly hôn hoặc vợ/chồng đã chết" in text
    assert text.index("Tờ khai đăng ký kết hôn") < text.index("trích lục ly hôn")
    assert "Người không thường trú" not in text  # the other case


# (typed at the case question, the case whose list is given)
TYPED = [
    ("tàu biển", "Trường hợp: Các giấy tờ phải nộp đối với tàu biển"),
    ("tàu cá", "Trường hợp: Các giấy tờ phải nộp đối với phương tiện thủy nội địa, tàu cá"),
]


@pytest.mark.parametrize(("typed", "case"), TYPED)
async def test_a_typed_case_of_a_record_with_parts_gives_that_case_and_the_parts(
    conversation, typed, case
):
    await conversation.payload(f"proc:{BOAT_REPORT}:requirements")
    await conversation.say(typed)
    assert case in conversation.text
    assert conversation.text.count("Trường hợp:") == 1
    assert "Các giấy tờ phải xuất trình (bản chính):" in conversation.text


@pytest.mark.parametrize("how", ["button", "typed"])
async def test_every_case_is_still_one_press_away(conversation, how):
    await conversation.payload(f"proc:{BOAT_REPORT}:requirements")
    if how == "button":
        await conversation.press("Xem tất cả các trường hợp")
    else:
        await conversation.say("xem hết")
    text = conversation.text
    assert text.count("Trường hợp:") == 2
    assert text.count("Các giấy tờ phải xuất trình (bản chính):") == 1
    assert text.count("Hồ sơ khác:") == 1


async def test_an_old_button_of_a_part_gives_the_whole_checklist(conversation):
    # before, the extract copy asked "Giấy tờ phải nộp / phải xuất trình / chung?": a
    # button of that question still on screen answers with the whole checklist
    labels = document_cases(conversation.services.catalogue.get(EXTRACT_COPY))
    for index in (labels.index("Giấy tờ phải nộp"), "all"):
        await conversation.payload(f"case:{EXTRACT_COPY}:{index}")
        assert "Giấy tờ phải nộp:" in conversation.text
        assert "Giấy tờ phải xuất trình:" in conversation.text
        assert "Trường hợp:" not in conversation.text


# The part wording, told apart here without the word list the bot reads
_PART_WORDING = re.compile(r"^(cac )?giay to (phai )?(nop|xuat trinh)\b")
_CASE_WORDING = re.compile(r"\b(doi voi|truong hop)\b")


def _says_a_part(label: str) -> bool:
    said = fold(label)
    return bool(_PART_WORDING.match(said)) and not _CASE_WORDING.search(said)


def test_no_record_of_the_catalogue_asks_a_case_among_parts(services):
    answers = services.dialogue.answers
    asking_parts, at_once = [], []
    for info in services.catalogue.all():
        labels = document_cases(info)
        reply = answers.answer(info, ("requirements",))
        offered = [
            labels[int(b.payload.rsplit(":", 1)[1])]
            for b in reply.buttons
            if b.payload.startswith("case:") and not b.payload.endswith(":all")
        ]
        if any(_says_a_part(label) for label in offered):
            asking_parts.append(info.code)
        elif any(_says_a_part(label) for label in labels) and reply.kind != "choose_case":
            at_once.append(info.code)
    assert asking_parts == []
    assert len(at_once) >= 40  # the civil-status records and the ships' among them
    assert "2.000635" in at_once


# (a label of a record's documents, whether it names a part of the checklist)
LABELS = [
    ("Giấy tờ phải nộp", True),
    ("Giấy tờ phải xuất trình", True),
    ("Giấy tờ xuất trình", True),
    ("Giấy tờ phải nộp, gồm", True),
    ("Giấy tờ phải xuất trình khi nộp hồ sơ gồm bản chính các loại sau", True),
    ("Các giấy tờ phải nộp (bản chính), mỗi loại 01 bản, gồm", True),
    ("Giấy tờ phải nộp để lưu giữ tại cơ quan đăng ký phương tiện", True),
    ("Các giấy tờ gửi qua fax hoặc thư điện tử", True),
    ("Hồ sơ khác", True),
    ("1. Hồ sơ thu hồi", True),
    ("2. Hồ sơ đăng ký", True),
    ("Hồ sơ đăng ký tạm trú gồm", False),  # the record's one list, not a part of two
    ("Trường hợp chung", False),
    ("Các giấy tờ phải nộp đối với tàu biển", False),
    ("Các giấy tờ phải xuất trình: Đối với tàu biển, tàu công vụ … phải xuất trình", False),
    ("1. Chứng từ phải nộp", False),  # an import's papers, beside the export's: a case
    ("Người đã ly hôn hoặc vợ/chồng đã chết", False),
    ("Giấy tờ phải nộpp", False),  # a word of its own after the opening
]


@pytest.mark.parametrize(("label", "is_part"), LABELS)
def test_which_labels_name_a_part(label, is_part):
    assert (part_rank(label) is not None) is is_part


@pytest.mark.parametrize(
    ("label", "heading"),
    [
        ("Giấy tờ phải nộp", "Giấy tờ phải nộp:"),
        (
            "Các giấy tờ phải xuất trình (bản chính), bao gồm",
            "Các giấy tờ phải xuất trình (bản chính):",
        ),
        ("a) giấy tờ phải nộp, gồm", "Giấy tờ phải nộp:"),
    ],
)
def test_a_part_is_headed_by_its_own_words(label, heading):
    assert part_heading(label) == heading


def test_case_buttons_count_every_label_as_the_card_does(services):
    # the "case:<slug>:<n>" buttons and the checklist card count every label, parts too
    info = services.catalogue.get(BOAT_REPORT)
    sections = document_sections(info)
    assert list(sections.labels) == document_cases(info)
    assert [sections.labels[i] for i in sections.asked] == [
        "Các giấy tờ phải nộp đối với phương tiện thủy nội địa, tàu cá",
        "Các giấy tờ phải nộp đối với tàu biển",
    ]
