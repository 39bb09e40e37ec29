"""Answers that could be read as more than the record says (issue 8: trust).

- The fee of a procedure of declaring a tax or a fee is what filing costs, not the tax:
  "lệ phí trước bạ xe máy" answered "miễn phí" alone reads as "no registration tax".
- Asked for the forms of a record that numbers none, the papers that are forms all the
  same ("Tờ khai đăng ký khai sinh") are named, not "no form".
- A "where" answer cites the commune centres' listing only when it says the commune
  centre receives the dossier.
Each row: the citizen says, what the answer holds, what it never holds.
"""

from __future__ import annotations

import pytest

DECLARATION_NOTE = "đây là phí của việc nộp tờ khai"
VINH_BAO_LISTING = "BangNiemYetVinhBao"

ROWS = [
    # a declaration's own fee is free; the tax is the tax office's to compute
    ("lệ phí trước bạ xe máy", [DECLARATION_NOTE, "hỏi cơ quan thuế"], []),
    ("le phi truoc ba nha dat bao nhieu", [DECLARATION_NOTE], []),
    # ... and a procedure that is no declaration has no such note
    ("lệ phí đăng ký kết hôn", ["Miễn lệ phí"], [DECLARATION_NOTE]),
    # the first paper is the form to fill in, though it has no number
    (
        "mẫu tờ khai đăng ký khai sinh",
        ["không ghi số hiệu mẫu", "- Tờ khai đăng ký khai sinh"],
        ["không ghi mẫu đơn, tờ khai"],
    ),
    # a land transfer is filed at the province's land office: the commune listing that
    # holds it is no source of what the answer says
    ("chuyển nhượng đất nộp ở đâu", ["Cấp tỉnh"], [VINH_BAO_LISTING, "Trung tâm Phục vụ"]),
    # a death registered at the commune: its centre named, and the listing cited for it
    ("đăng ký khai tử lưu động nộp ở đâu", ["Trung tâm Phục vụ", VINH_BAO_LISTING], []),
]


@pytest.mark.parametrize(("says", "holds", "never"), ROWS)
async def test_an_answer_says_no_more_than_its_record(conversation, says, holds, never):
    await conversation.say(says)
    for part in holds:
        assert part in conversation.text, (says, part)
    for part in never:
        assert part not in conversation.text, (says, part)
