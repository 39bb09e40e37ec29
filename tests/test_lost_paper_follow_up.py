"""A citizen asks about a procedure for a paper, then "what if I lose it?": the bot moves
to the catalogue's procedure for that same paper lost (flows/lost_paper.py), and answers
as before when the catalogue has none."""

from __future__ import annotations

import pytest

from flows.lost_paper import asks_only_of_a_loss, lost_paper_procedure
from knowledge.catalogue import (
    SEED_NATIONAL,
    SEED_PROCEDURES,
    everyday_aliases,
    read_procedures,
    with_everyday_aliases,
)
from knowledge.procedures.records import Catalogue


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    national = with_everyday_aliases(read_procedures(SEED_NATIONAL), everyday_aliases())
    return Catalogue([*national, *read_procedures(SEED_PROCEDURES)])


# (user says, then says, the bot's answer contains)
DIALOGUES = [
    ("đổi bằng lái xe", "còn nếu bị mất thì sao", "Cấp lại giấy phép lái xe"),
    ("đổi bằng lái xe", "nếu bị mất thì làm thế nào", "(mã 3.000348)"),
    ("cấp đổi thẻ căn cước", "thế nếu làm mất thì sao", "Cấp lại thẻ căn cước"),
    # a lost passport is first reported lost
    ("làm hộ chiếu", "còn nếu bị mất thì sao", "Trình báo mất hộ chiếu"),
    # no "cấp lại" of the marriage itself: the marriage is still the subject
    ("đăng ký kết hôn", "còn nếu bị mất thì sao", "Đăng ký kết hôn"),
    # how long it takes is no loss
    ("đổi bằng lái xe", "mất bao lâu", "Đổi giấy phép lái xe"),
    # the paper named in everyday words, read by the classifier as anything
    ("đổi bằng lái xe cần gì", "bằng bị mất rồi thì sao", "Cấp lại giấy phép lái xe"),
    ("đổi bằng lái xe cần gì", "mất bằng rồi", "Cấp lại giấy phép lái xe"),
    ("cấp đổi căn cước", "thẻ cũ bị mất rồi thì làm sao", "(mã 1.014064)"),
    ("làm hộ chiếu cần gì", "hộ chiếu bị mất thì sao", "Trình báo mất hộ chiếu"),
]


@pytest.mark.parametrize(("first", "then", "answer"), DIALOGUES)
async def test_losing_the_paper_moves_to_its_reissue(conversation, first, then, answer):
    await conversation.say(first)
    await conversation.say(then)
    assert answer in conversation.text


# A paper said lost in the first message (user says, the bot's answer contains): its
# reissue, not its first issue nor "em chưa có thủ tục này"
SAID_FIRST = [
    ("mất giấy tờ xe", "(mã 1.013082)"),
    ("mất đăng ký xe", "(mã 1.013082)"),
    ("mat dang ky xe may", "(mã 1.013082)"),
    ("xin cấp lại giấy tờ xe bị mất", "(mã 1.013082)"),
    ("mất cà vẹt", "(mã 1.013082)"),
    ("mất biển số xe", "(mã 1.013082)"),
]


@pytest.mark.parametrize(("says", "answer"), SAID_FIRST)
async def test_a_paper_said_lost_first_gets_its_reissue(conversation, says, answer):
    await conversation.say(says)
    assert answer in conversation.text


# (procedure being discussed, the procedure for its paper lost; None: the catalogue has none)
SIBLINGS = [
    ("3.000347", "3.000348"),  # Đổi -> Cấp lại giấy phép lái xe
    ("1.014063", "1.014064"),  # Cấp đổi -> Cấp lại thẻ căn cước, at the same level
    ("1.001456", "1.001445"),  # Cấp hộ chiếu -> Trình báo mất hộ chiếu phổ thông
    ("3.000348", None),  # already the reissue
    ("1.000894", None),  # Đăng ký kết hôn: no "cấp lại" of it
    ("2.001478", None),  # no reissue of the security certificate in the catalogue
]


@pytest.mark.parametrize(("code", "lost_code"), SIBLINGS)
def test_the_lost_paper_procedure_is_the_same_papers(catalogue, code, lost_code) -> None:
    found = lost_paper_procedure(catalogue, catalogue.by_code(code))
    assert (found.code if found else None) == lost_code


def test_a_weapon_is_not_cut_where_a_word_for_when_is_written_alike(catalogue) -> None:
    # "vũ khí" folds to "vu khi", as "khi" (when) where a paper's name ends
    sport = next(i for i in catalogue.all() if i.name == "Cấp Giấy phép sử dụng vũ khí thể thao")
    found = lost_paper_procedure(catalogue, sport)
    assert found is None or "thể thao" in found.name


@pytest.mark.parametrize(
    ("says", "only_a_loss"),
    [
        ("còn nếu bị mất thì sao", True),
        ("lỡ đánh rơi mất thì sao", True),
        ("nếu bị mất thì làm lại mất bao lâu", True),
        ("mất bao lâu", False),  # how long it takes
        ("nếu mất sổ đỏ thì sao", False),  # names its own paper
        ("bố tôi mất thì sao", False),
    ],
)
def test_a_follow_up_only_about_a_loss(says: str, only_a_loss: bool) -> None:
    assert asks_only_of_a_loss(says) is only_a_loss
