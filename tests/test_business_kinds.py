"""The kind of business a message says (nlu/business_kinds.py): a company, a household
business, a cooperative or a cooperative group. Procedure names for other kinds only
weigh less; "công ty" alone is mostly the writer's employer and says no kind."""

from __future__ import annotations

import pytest

from nlu.business_kinds import BusinessKinds
from nlu.terms import fold_tokens
from tests.fixtures_retrieval import each_finds_its_procedure

# (the citizen says, the kinds of business it says)
SAID = [
    ("Công ty cổ phần của gia đình tôi muốn tạm ngừng kinh doanh", {"doanh nghiệp"}),
    ("cong ty tnhh cua toi muon giai the", {"doanh nghiệp"}),
    ("Tôi đã đăng ký hộ kinh doanh bán tạp hóa", {"hộ kinh doanh"}),
    ("Tổ hợp tác làm chổi đót của chúng tôi bầu lại tổ trưởng", {"tổ hợp tác"}),
    ("HTX rau sạch của chúng tôi", {"hợp tác xã"}),
    # the employer, not the writer's business
    ("Công ty cho tôi nghỉ việc, giờ tôi muốn mở quán cà phê", set()),
    ("", set()),
]


@pytest.mark.parametrize(("says", "kinds"), SAID, ids=[r[0][:40] for r in SAID])
def test_a_message_says_the_kind_of_its_business(says: str, kinds: set[str]) -> None:
    assert BusinessKinds.load().said(fold_tokens(says)) == kinds


def test_a_name_says_the_kinds_it_is_for() -> None:
    kinds = BusinessKinds.load()
    assert kinds.of_name(
        "Tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn đã thông báo của hộ kinh doanh"
    ) == {"hộ kinh doanh"}
    assert kinds.of_name("Đăng ký thay đổi nội dung đăng ký tổ hợp tác") == {"tổ hợp tác"}
    assert kinds.of_name("Thủ tục đăng ký khai sinh") == frozenset()


STORIES = [
    # a cooperative group's members changed: its own change, not a cooperative's (1.005277)
    (
        "Tổ hợp tác trồng nấm của chúng tôi có 2 thành viên xin rút và 1 người mới vào. Xin"
        " hỏi có phải báo thay đổi với xã không, làm thế nào?",
        "2.002639",
    ),
    # an employer named: no kind, the household business is still found
    (
        "Công ty cho tôi nghỉ việc, giờ tôi muốn mở quán cà phê nhỏ thì đăng ký kinh doanh ở đâu?",
        "1.001612",
    ),
]

test_a_business_kind_told_picks_its_procedure = each_finds_its_procedure(STORIES)
