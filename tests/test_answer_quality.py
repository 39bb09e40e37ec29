"""Answers read as a citizen meets them: the exploratory tester's findings, each kept fixed.

Each story is a table of what the citizen says (or the button pressed, as "[label]")
and what the answer then shows — and must not show.
"""

from __future__ import annotations

import pytest

from flows.record_text import document_name
from knowledge.procedures.records import DocumentInfo
from tests.conftest import Conversation


async def _tell(conversation: Conversation, says: str) -> str:
    if says.startswith("[") and says.endswith("]"):
        await conversation.press(says[1:-1])
    else:
        await conversation.say(says)
    return conversation.text


# --- a paper's name without the name of a file the crawl glued to it ---

# (user says, the answer shows, and never shows)
ATTACHMENT_STORIES = [
    (
        "xóa đăng ký thường trú cần gì",
        "2. Tờ khai thay đổi thông tin cư trú (Mẫu CT01 ban hành kèm theo Thông tư số "
        "53/2025/TT-BCA): 1 bản chính",
        "MuCT01banhnhkmtheo",
    ),
]


@pytest.mark.parametrize(("says", "shows", "never"), ATTACHMENT_STORIES)
async def test_a_paper_is_named_without_the_attached_file_name(conversation, says, shows, never):
    text = await _tell(conversation, says)
    assert shows in text
    assert never not in text


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Tờ khai (Mẫu CT01).1.MuCT01banhnhkmtheo", "Tờ khai (Mẫu CT01)."),
        ("Đơn (song ngữ Việt-Anh)6.nxincpgianhnsaiGPcatchcCNN", "Đơn (song ngữ Việt-Anh)"),
        (
            "Tờ khai theo Nghị định 89/2019/NĐ-CP11.1.PLcpliGCNcsotoANH",
            "Tờ khai theo Nghị định 89/2019/NĐ-CP",
        ),
        ("Văn bản đề nghị theo mẫu;Vanbandenghi.", "Văn bản đề nghị theo mẫu"),
        # an ordinary name keeps its end
        ("Bản sao Giấy chứng nhận đăng ký", "Bản sao Giấy chứng nhận đăng ký"),
        ("Giấy tờ (xem https://dichvucong.gov.vn)", "Giấy tờ (xem https://dichvucong.gov.vn)"),
    ],
)
def test_an_attached_file_name_is_dropped_from_the_end_of_a_paper(name, shown):
    assert document_name(DocumentInfo(name=name)) == shown
