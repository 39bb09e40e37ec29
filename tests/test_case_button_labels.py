"""The "which case is yours?" buttons read as whole phrases: a button never begins with a
word that only goes on a phrase ("Của cá nhân") or with the second syllable of a word
("Nhập, tái xuất" of "tạm nhập", "Lại Giấy chứng nhận" of "cấp lại"), and a long one is
cut where a phrase begins, with "…", not between two syllables of one word."""

from __future__ import annotations

import pytest

from flows.document_parts import document_sections
from flows.record_text import BUTTON_CUT, MAX_CASE_LABEL, case_labels, cut_clear

# (user says, the case buttons offered)
STORIES = [
    (
        "thủ tục hải quan hàng hóa tạm nhập tái xuất cần giấy tờ gì",
        ["Hàng hóa tạm nhập, tái xuất", "Hàng hóa tạm xuất, tái nhập"],
    ),
    (
        "cấp giấy phép khai thác thủy sản cần giấy tờ gì",
        ["Cấp giấy phép khai thác thủy sản bao gồm", "Cấp lại giấy phép khai thác thủy sản"],
    ),
]


@pytest.mark.parametrize(("says", "buttons"), STORIES)
async def test_case_buttons_begin_with_a_whole_word(conversation, says, buttons):
    await conversation.say(says)
    reply = conversation.last[0]
    assert reply.kind == "choose_case", reply.text
    assert [b.label for b in reply.buttons if b.payload.startswith("case:")][:-1] == buttons


@pytest.mark.parametrize(
    ("cases", "labels"),
    [
        # what follows the shared words only goes on a phrase: that button keeps its head
        (
            [
                "Hồ sơ đề nghị sát hạch cấp giấy phép lái xe do quá thời hạn",
                "Hồ sơ đề nghị sát hạch của cá nhân",
            ],
            ["Cấp giấy phép lái xe do quá thời hạn", "Sát hạch của cá nhân"],
        ),
        (
            ["(1.2) Đối với công trình theo tuyến", "(1.3) Đối với công trình tôn giáo"],
            ["Công trình theo tuyến", "Tôn giáo"],
        ),
        # the last shared word is part of every case ("cấp" / "cấp lại", "tạm nhập")
        (
            [
                "8.3.1.1. Đối với trường hợp cấp Giấy chứng nhận",
                "8.3.1.2. Đối với trường hợp cấp lại Giấy chứng nhận",
            ],
            ["Cấp Giấy chứng nhận", "Cấp lại Giấy chứng nhận"],
        ),
        (["Đối với cấp mới", "Đối với cấp lại"], ["Cấp mới", "Cấp lại"]),
        # where what follows reads alone, every shared word still goes
        (["Đối với hàng hóa nhập khẩu", "Đối với hàng hóa xuất khẩu"], ["Nhập khẩu", "Xuất khẩu"]),
        (
            ["Hồ sơ cấp giấy phép đối với cá nhân", "Hồ sơ cấp giấy phép đối với tổ chức"],
            ["Cá nhân", "Tổ chức"],
        ),
    ],
)
def test_case_labels_keep_a_phrase_whole(cases, labels):
    assert case_labels(cases) == labels


@pytest.mark.parametrize(
    ("label", "cut"),
    [
        # before "của" rather than inside "công ty"
        (
            "Trường hợp chào bán cổ phiếu ra công chúng của công ty sau khi hợp nhất",
            "Trường hợp chào bán cổ phiếu ra công chúng…",
        ),
        # after a comma rather than inside "doanh nghiệp"
        (
            "Đối với tổ chức mới được chia, tổ chức được tách, tổ chức doanh nghiệp hợp nhất",
            "Đối với tổ chức mới được chia, tổ chức được tách…",
        ),
        # never inside "đối với"
        (
            "Các tài liệu được miễn nộp đối với thành phần hồ sơ đăng ký doanh nghiệp",
            "Các tài liệu được miễn nộp đối với thành phần hồ sơ đăng ký…",
        ),
        # a negation keeps what it denies: no cut before "không" nor right after it
        (
            "Đăng ký thường trú tại chỗ ở hợp pháp không thuộc quyền sở hữu của mình đối với",
            "Đăng ký thường trú tại chỗ ở hợp pháp không thuộc quyền sở…",
        ),
        # "từ" is not "tư": no cut inside "đầu tư"
        (
            "Hợp tác xã được chuyển đổi từ tổ hợp tác có nhà đầu tư nước ngoài góp vốn",
            "Hợp tác xã được chuyển đổi từ tổ hợp tác…",
        ),
    ],
)
def test_a_long_label_is_cut_where_a_phrase_begins(label, cut):
    assert cut_clear(label, MAX_CASE_LABEL, BUTTON_CUT) == cut
    assert len(cut) <= MAX_CASE_LABEL


def test_no_button_of_the_catalogue_begins_a_fragment_its_case_does_not(services):
    fragments = ("của ", "lại ", "nhập, ", "xuất, ")
    found = []
    for info in services.catalogue.all():
        sections = document_sections(info)
        cases = [sections.labels[i] for i in sections.asked]
        for case, label in zip(cases, case_labels(cases), strict=True):
            if label.lower().startswith(fragments) and not case.lower().startswith(fragments):
                found.append((info.code, label))
            assert len(label) <= MAX_CASE_LABEL, label
    assert found == []
