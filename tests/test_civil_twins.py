"""What a story tells of a civil-status registration chooses its twin
(nlu/civil_twins.py):

- someone who already holds personal papers but was never registered at birth: the
  twin "… cho người đã có hồ sơ, giấy tờ cá nhân", not the plain one a newborn's
  parents ask for; a baby, a child's age, or papers not held ("chưa có căn cước",
  "muốn có giấy tờ") keep the plain one;
- the register itself gone ("xã cũng không còn lưu sổ"): "đăng ký lại …", not a new
  registration nor a copy of an extract; a certificate lost while the register is kept
  is still a copy of the extract."""

from __future__ import annotations

import pytest

from nlu.civil_twins import CivilTwins
from nlu.terms import fold_tokens
from tests.fixtures_retrieval import each_finds_its_procedure

# (the citizen says, whether it tells of papers held and no birth registration)
TELLS = [
    ("Tôi 52 tuổi, có chứng minh nhân dân nhưng chưa từng có giấy khai sinh", True),
    ("bố tôi có cmnd, sổ hộ khẩu nhưng không có giấy khai sinh", True),
    ("me toi co so ho khau cu nhung chua bao gio duoc dang ky khai sinh", True),
    ("Không ai làm giấy khai sinh cho tôi, tôi đã có căn cước", True),
    # the papers are the parents', the one registered a baby or a child
    ("Con tôi mới sinh chưa làm khai sinh, vợ chồng tôi đều có căn cước", False),
    ("Cháu 6 tuổi chưa có giấy khai sinh, bố mẹ có hộ khẩu ở xã", False),
    # no papers held
    ("Em tôi 19 tuổi chưa làm giấy khai sinh, cũng chưa có căn cước", False),
    ("Tôi chưa có giấy khai sinh, muốn có giấy tờ tùy thân để đi làm", False),
    # a registration lost, not never made
    ("Tôi có căn cước, giấy khai sinh bị mất thì xin lại ở đâu", False),
    ("", False),
]


@pytest.mark.parametrize(("says", "tells"), TELLS, ids=[r[0][:40] for r in TELLS])
def test_a_message_tells_of_papers_held_without_a_birth_registration(says, tells) -> None:
    assert CivilTwins.load().papers_held(fold_tokens(says)) is tells


STORIES = [
    # an adult holding papers: the registration for people who have them (1.004772)
    (
        "Bà nội tôi 80 tuổi, có căn cước và sổ đỏ đứng tên bà nhưng chưa bao giờ có giấy"
        " khai sinh. Nay làm hồ sơ thừa kế được yêu cầu giấy khai sinh, xin hỏi làm ở đâu?",
        "1.004772",
    ),
    (
        "toi 45 tuoi co cmnd va hoc ba nhung chua tung dang ky khai sinh, gio lam khai sinh"
        " can giay to gi",
        "1.004772",
    ),
    # born abroad too: the twin with a foreign element for people with papers (1.000893)
    (
        "Tôi là Việt kiều Mỹ, sinh năm 1970 ở Cần Thơ, chưa bao giờ được đăng ký khai sinh ở"
        " Việt Nam, hiện có hộ chiếu Mỹ. Xin hỏi làm giấy khai sinh Việt Nam ở đâu?",
        "1.000893",
    ),
    # a newborn whose parents hold papers: the plain registration (1.001193)
    (
        "Con tôi mới sinh được 2 tháng, chưa làm giấy khai sinh, vợ chồng tôi đều có căn"
        " cước. Xin hỏi làm khai sinh cho cháu cần gì?",
        "1.001193",
    ),
]

test_papers_held_choose_the_birth_registration = each_finds_its_procedure(STORIES)


# (the citizen says, whether it tells that the register itself is gone)
REGISTER_GONE = [
    ("giấy kết hôn bị mất, xã cũng không còn lưu sổ năm đó", True),
    ("xa bao so ho tich nam do bi lu cuon mat het", True),
    ("cả giấy chứng tử lẫn sổ ở xã đều mất", True),
    ("Sở Tư pháp cho biết không còn lưu trữ hồ sơ", True),
    # the family's own papers, or only the certificate
    ("mất sổ đỏ rồi làm lại thế nào", False),
    ("giấy khai sinh bị mất thì xin lại ở đâu", False),
    ("sổ hộ khẩu của bố tôi vẫn còn", False),
]


@pytest.mark.parametrize(("says", "gone"), REGISTER_GONE, ids=[r[0][:40] for r in REGISTER_GONE])
def test_a_message_tells_the_register_is_gone(says, gone) -> None:
    assert CivilTwins.load().register_lost(fold_tokens(says)) is gone


REGISTERED_AGAIN = [
    # the register gone: the marriage registered again (1.004746), not a new one
    (
        "Ông bà tôi cưới năm 1975, có đăng ký kết hôn ở xã, nhưng giấy kết hôn bị cháy,"
        " xã cũng không còn lưu sổ năm đó. Nay làm thừa kế cần giấy kết hôn, có làm lại"
        " được không?",
        "1.004746",
    ),
    # ... and a death: registered again (1.005461), not a copy of the extract
    (
        "Ông nội tôi mất năm 1992, có làm khai tử ở xã. Nay giấy chứng tử bị mất, xã nói"
        " sổ khai tử năm đó bị cháy. Xin hỏi làm lại giấy chứng tử cho ông ở đâu?",
        "1.005461",
    ),
    # the register kept: a copy of the extract (2.000635)
    ("giấy đăng ký kết hôn bị mất thì xin lại ở đâu", "2.000635"),
]

test_a_register_gone_is_registered_again = each_finds_its_procedure(REGISTERED_AGAIN)
