"""A citizen's message is answered as it was asked (issue 8): a word that only looks like
another is not read as it, and "not in the catalogue" is said only when the catalogue
truly lacks the matter.

- A divorce told as what happened before ("kết hôn lần 2 sau ly hôn", "ly hôn ở Mỹ giờ
  muốn ghi vào sổ hộ tịch", "bố mẹ ly hôn muốn đổi họ cho con") asks a civil-status
  procedure the catalogue holds, not the court's divorce (flows/uncovered_topics.yml,
  the court's ``unless``).
- A place read into a matter the catalogue lacks ("tra cứu phạt nguội ô tô ở đâu") is
  told it is missing, not asked which ward; a place named beside a procedure ("chuyển
  lương hưu từ Quảng Ngãi vào Bình Dương") is that procedure's, not an old address to
  convert; "có còn kịp không" asks no opening hours (nlu/cues.yml, ``intent_needs``).
- Typed without diacritics, "mang theo" and "trên đường" name no online channel
  ("mạng"); "nghỉ mấy ngày" asks the days of leave one is entitled to (the conditions),
  not how long the procedure takes (nlu/cues.yml).
- An everyday phrase is found by its diacritics when the user wrote them: "bảo tự" is
  not "báo tử", while "bao tu" typed without may be (nlu/terms.py).

Dialogue tables: (user says, bot answers). Each conversation starts fresh.
"""

from __future__ import annotations

import pytest

NOT_HELD = "chưa có thủ tục này trong danh mục"

# (user says, the procedure answered, the aspect answered first; a want that names no
# aspect is told how it is done: the papers, then the steps)
ANSWERED = [
    # a marriage after a divorce is a marriage registration
    ("kết hôn lần 2 sau ly hôn cần giấy tờ gì", "1.000894", "requirements"),
    ("ket hon lan 2 sau khi ly hon can giay to gi", "1.000894", "requirements"),
    ("đã ly hôn giờ muốn đăng ký kết hôn với người khác thì làm ở đâu", "1.000894", "where"),
    # a divorce granted abroad is recorded in the civil-status book
    ("ly hôn ở Mỹ giờ muốn ghi vào sổ hộ tịch", "2.000554", "requirements"),
    ("ly hon o han quoc roi ve vn ghi chu ly hon o dau", "2.000554", "where"),
    # a child's surname changed after the parents' divorce
    ("vo chong ly hon roi muon doi ho cho con theo me", "1.004859", "requirements"),
    # a pension moved between provinces: the places are the pension's, no old address
    ("chuyển lương hưu từ quảng ngãi vào bình dương", "1.001742", "requirements"),
    # (asking nothing, it is told how it is done, not the place the classifier read)
    ("chuyen luong huu tu ha noi ve nam dinh", "1.001742", "requirements"),
    # the days of leave one is entitled to are the conditions
    ("vợ sinh mổ chồng được nghỉ mấy ngày hưởng bhxh", "2.000693", "conditions"),
    ("chồng được nghỉ thai sản mấy ngày khi vợ sinh con", "2.000693", "conditions"),
    # "mang" (carry), "trên đường" (on the way): no online channel
    ("di kham quen mang the bhyt co duoc hoan tien khong", "1.001656", "conditions"),
    (
        "bi tai nan tren duong di lam ve co duoc tinh la tai nan lao dong khong",
        "1.001632",
        "conditions",
    ),
    ("hưởng bhxh một lần cần mang theo những gì", "1.001613", "requirements"),
    # ... while the channel asked is still asked
    ("nop ho so khai sinh qua mang duoc khong", "1.001193", "online"),
    ("rút bảo hiểm 1 lần trên vssid được k", "1.001613", "online"),
    ("đăng ký khai sinh nộp qua app được không", "1.001193", "online"),
    ("lam ho so khai sinh onl dc ko", "1.001193", "online"),
    # a death registration asked without diacritics or with its own
    ("bao tu cho ong noi can giay gi", "1.000656", "requirements"),
    ("làm báo tử cho bố cần gì", "1.000656", "requirements"),
]


def code_of(conversation, slug: str | None) -> str | None:
    """The catalogue code of the procedure ``slug`` (a reply's ``meta["procedure"]``)."""
    info = conversation.services.catalogue.get(slug) if slug else None
    return info.code if info else None


@pytest.mark.parametrize(("says", "code", "aspect"), ANSWERED)
async def test_the_procedure_asked_is_answered(conversation, says, code, aspect):
    await conversation.say(says)
    answer = conversation.last[0]
    assert answer.kind.startswith(("procedure_", "choose_case")), answer.text
    assert answer.kind != "procedure_unknown", answer.text
    assert code_of(conversation, answer.meta.get("procedure")) == code, answer.text
    assert answer.meta.get("aspects", ())[:1] == (aspect,), answer.meta


# (user says, the procedure offered or answered): a long story the catalogue holds is
# offered its procedure (or answered it, with a phrasing of its own), never told it is
# missing
OFFERED = [
    ("Bố mẹ ly hôn, tôi muốn đổi họ cho con sang họ mẹ thì làm thủ tục gì?", "1.004859"),
    (
        "Tôi ly hôn ở Mỹ rồi, về Việt Nam muốn ghi vào sổ hộ tịch việc ly hôn để kết hôn lại "
        "thì làm sao?",
        "2.000554",
    ),
]


@pytest.mark.parametrize(("says", "code"), OFFERED)
async def test_a_story_about_a_procedure_held_is_offered_it(conversation, says, code):
    await conversation.say(says)
    answer = conversation.last[0]
    # offered among others, or answered outright (meta names the procedure answered)
    assert answer.kind != "procedure_unknown", answer.text
    slug = "tthc_" + code.replace(".", "_")
    offered = [b.payload for b in answer.buttons] + [answer.meta.get("procedure", "")]
    assert any(slug in p for p in offered), offered


# (user says, the matter the answer names): truly not in the catalogue
NOT_IN_CATALOGUE = [
    # where to look up a traffic fine is no commune's centre
    ("tra cuu phat nguoi o to o dau", "nộp phạt vi phạm giao thông"),
    ("phat nguoi xe may tra o dau", "nộp phạt vi phạm giao thông"),
    ("tra cứu phạt nguội xe máy ở đâu", "nộp phạt vi phạm giao thông"),
    # still in time for unemployment benefit? Not opening hours
    ("trợ cấp thất nghiệp có còn kịp không", "trợ cấp thất nghiệp"),
    ("tro cap that nghiep co con kip khong", "trợ cấp thất nghiệp"),
    # a pension not yet paid is no proxy collecting it ("thấy", saw, is not "thay",
    # instead; typed without diacritics, the words are not said together)
    ("ba em nghi huu roi ma chua thay lanh luong, lam so huu o dau vay", "lương hưu"),
    ("Bố tôi nghỉ hưu 3 tháng rồi mà chưa thấy lãnh lương hưu, hỏi ở đâu?", "lương hưu"),
    # a divorce itself is still the court's
    ("Tôi muốn ly dị chồng nhưng chồng không chịu ký thì phải làm sao?", "tòa án"),
    ("vợ chồng tôi kết hôn năm 2015, nay muốn ly hôn thì nộp đơn ở đâu", "tòa án"),
]


@pytest.mark.parametrize(("says", "matter"), NOT_IN_CATALOGUE)
async def test_a_matter_the_catalogue_lacks_is_said_to_be_missing(conversation, says, matter):
    await conversation.say(says)
    answer = conversation.last[0]
    assert answer.kind == "procedure_unknown", answer.text
    assert matter in answer.text
    assert NOT_HELD in answer.text


# (user says, the procedure the answer is about): a vehicle's own procedure asked beside
# a fine is still answered
FINE_AND_PROCEDURE = [
    ("xe máy bị csgt giữ, giờ muốn làm lại biển số xe máy bị mất thì làm sao", "biển số"),
]


@pytest.mark.parametrize(("says", "names"), FINE_AND_PROCEDURE)
async def test_a_procedure_asked_beside_a_fine_is_answered(conversation, says, names):
    await conversation.say(says)
    answer = conversation.last[0]
    assert answer.kind != "procedure_unknown", answer.text
    assert names in answer.text.lower()


# (user says, a procedure the answer must not be about)
NOT_MISREAD = [
    # "bảo tự" (told to do it oneself) is no death registration ("báo tử")
    ("bảo tự", "1.000656"),
    (
        "Tôi bị sốt phải nghỉ 4 ngày, có giấy nghỉ việc hưởng BHXH. Công ty bảo tự đi làm "
        "thủ tục, tôi phải nộp ở đâu?",
        "1.000656",
    ),
]


@pytest.mark.parametrize(("says", "not_code"), NOT_MISREAD)
async def test_a_word_with_other_diacritics_is_not_read_as_another(conversation, says, not_code):
    await conversation.say(says)
    assert code_of(conversation, conversation.last[0].meta.get("procedure")) != not_code
    assert f"(mã {not_code})" not in conversation.text


# (first message, then, the aspect answered)
FOLLOW_UPS = [
    ("chế độ thai sản khi vợ sinh con", "chồng nghỉ mấy ngày", "conditions"),
    ("chế độ ốm đau", "nghỉ được bao nhiêu ngày", "conditions"),
    ("đăng ký khai sinh cần gì", "mất mấy ngày", "time"),
    ("đăng ký khai sinh cần gì", "lam qua mang duoc ko", "online"),
]


@pytest.mark.parametrize(("first", "then", "aspect"), FOLLOW_UPS)
async def test_a_follow_up_is_read_as_asked(conversation, first, then, aspect):
    await conversation.say(first)
    code = conversation.last[0].meta.get("procedure")
    await conversation.say(then)
    answer = conversation.last[0]
    assert answer.meta.get("procedure") == code, answer.text
    assert answer.meta.get("aspects", ())[:1] == (aspect,), answer.meta


# the places are still looked up when they are asked (the kind of answer begins so)
PLACES = [
    ("phường 13 quận 4 giờ là phường nào", "place_"),
    ("4h30 chiều trung tâm hành chính công phường Bến Thành còn nhận hồ sơ không", "hours_"),
    ("trung tam hanh chinh cong phuong ben thanh o dau", "centre"),
    # opening hours asked with a day, not a time
    ("trung tâm hành chính công phường Bến Thành cuối tuần có mở không", "hours_"),
    ("trung tâm hành chính công phường Bến Thành thứ hai có làm không", "hours_"),
    # a district, abolished, names an old address
    ("xã Đông Hưng huyện Tiên Lãng trước đây giờ thuộc xã nào", "place_"),
]


@pytest.mark.parametrize(("says", "kind"), PLACES)
async def test_a_place_asked_is_still_looked_up(conversation, says, kind):
    await conversation.say(says)
    assert conversation.last[0].kind.startswith(kind), conversation.text
