"""A foreign element told by a place abroad (nlu/foreign_places.py): a foreigner, a child
born abroad, a Vietnamese living abroad. A civil-status story that tells one is answered
with the twin "có yếu tố nước ngoài"; someone living abroad who renounces or regains
Vietnamese nationality, with the twin "ở nước ngoài". Vietnamese places and words that
begin with a country's name ("Mỹ Tho", "Đức Hòa", "người lao động") tell nothing."""

from __future__ import annotations

import pytest

from nlu.foreign_places import ForeignPlaces
from nlu.terms import fold_tokens, written_words
from tests.fixtures_retrieval import each_finds_its_procedure

# (the citizen says, tells a foreign element, tells someone living abroad now)
READ = [
    ("Chồng tôi là người Nhật, cháu vừa chào đời tại Hà Nội", True, False),
    ("Con chúng tôi sinh năm 2023 ở Osaka nhưng chưa đăng ký", True, False),
    ("Anh K. (hiện sống tại Đức) hỏi", True, True),
    ("Tôi là người Việt định cư ở Canada", True, True),
    ("lay ck han quoc thi dk ket hon o dau a", True, False),
    ("em sắp lấy chồng Hàn thì đăng ký kết hôn ở đâu", True, False),
    ("vợ chồng em đang làm việc tại Nhật Bản", True, True),
    ("định cư Mỹ đã mất quốc tịch VN, giờ về nước muốn lấy lại", False, False),
    # at home, or words that begin with a country's name
    ("Tôi sinh ra ở Mỹ Tho, nay muốn làm lại khai sinh", False, False),
    ("người lao động ở Đức Hòa", False, False),
    ("nguoi lao dong sinh o lao cai", False, False),
    ("tôi sống ở Nga Sơn", False, False),
    ("chị Nga sống ở Hà Nội", False, False),
    ("mẹ tôi là người Thái ở Sơn La", False, False),
    ("sống với anh trai", False, False),
    ("đi lao động ở Hàn Quốc 5 năm rồi về nước", False, False),
    ("giấy khai sinh cập nhật ở phường", False, False),
    ("làm ở sở tư pháp", False, False),
    ("", False, False),
]


@pytest.fixture(scope="module")
def places() -> ForeignPlaces:
    return ForeignPlaces.load()


@pytest.mark.parametrize(("says", "foreign", "abroad"), READ, ids=[r[0][:40] for r in READ])
def test_a_place_abroad_tells_a_foreign_element(
    places: ForeignPlaces, says: str, foreign: bool, abroad: bool
) -> None:
    reading = places.read(fold_tokens(says), written_words(says))
    assert (reading.foreigner or reading.abroad) is foreign
    assert reading.living_abroad is abroad


STORIES = [
    # a child born in Japan to Vietnamese parents, now home (not 1.001193)
    (
        "Vợ chồng em đều là người Việt, đang làm việc ở Nhật. Bé nhà em sinh năm ngoái ở"
        " Nagoya, giờ cả nhà về quê ở Nghệ An. Xin hỏi làm giấy khai sinh cho bé ở đâu?",
        "2.000528",
    ),
    # a Lao father-in-law who died at home in Vietnam (not 1.000656)
    (
        "Bố vợ tôi là người Lào, sang thăm con gái ở Nghệ An thì bị bệnh mất tại nhà tôi."
        " Gia đình muốn khai tử cho ông ở ủy ban xã thì làm thế nào?",
        "1.001766",
    ),
    # nationality renounced or regained by someone living abroad (not 2.002036, 2.002038)
    (
        "Anh trai tôi hiện sống tại Séc, muốn thôi quốc tịch Việt Nam để nhập quốc tịch bên"
        " đó. Xin hỏi anh ấy nộp hồ sơ ở đâu?",
        "1.005141",
    ),
    (
        "Chị gái tôi định cư ở Úc đã 20 năm, năm 2010 đã thôi quốc tịch Việt Nam. Nay chị"
        " muốn xin trở lại quốc tịch Việt Nam mà vẫn ở bên Úc thì nộp hồ sơ ở đâu?",
        "1.004757",
    ),
    # ... and by someone back home since: at home
    (
        "Tôi định cư ở Mỹ từ năm 1995, đã mất quốc tịch Việt Nam. Nay tôi đã về nước sinh"
        " sống hẳn ở Đà Nẵng, muốn xin trở lại quốc tịch Việt Nam thì làm thế nào?",
        "2.002038",
    ),
    # a landlord living abroad makes no tenant a foreigner (not 1.001437)
    (
        "Em là sinh viên, thuê chung căn hộ với 2 bạn ở Cầu Giấy. Chủ nhà đang sống ở nước"
        " ngoài, chỉ nói qua điện thoại là đồng ý. Xin hỏi bọn em đăng ký tạm trú mà chủ nhà"
        " không ký trực tiếp được thì có sao không?",
        "1.004194",
    ),
    # born in Mỹ Tho, a worker in Đức Hòa: nothing foreign
    (
        "Tôi sinh ra ở Mỹ Tho, giấy khai sinh bị mất bản chính. Tôi muốn đăng ký lại khai"
        " sinh thì làm ở đâu?",
        "1.004884",
    ),
    (
        "Ông nội tôi là người lao động ở Đức Hòa, năm ngoái mất ở nhà. Gia đình muốn làm"
        " giấy chứng tử cho ông thì đăng ký khai tử ở đâu?",
        "1.000656",
    ),
]

test_a_story_abroad_finds_its_twin = each_finds_its_procedure(STORIES)
