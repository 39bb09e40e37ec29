"""Place answers say what the citizen meant: the old ward when they say "cũ", a ward
name the map does not know, and which provinces were merged."""

from __future__ import annotations

import pytest

from nlu.normalize import normalize

# "cũ", "trước đây", "trước sáp nhập": the ward before 1 July 2025, not today's unit of
# the same name.
SAYS_OLD = [
    "xã Tân Phú cũ giờ thuộc xã nào",
    "xa tan phu truoc day gio thuoc xa nao",
    "xã Tân Phú trước sáp nhập giờ là xã nào",
]


@pytest.mark.parametrize("says", SAYS_OLD)
async def test_old_name_shared_with_a_new_unit_is_read_as_the_old_ward(conversation, says):
    await conversation.say(says)
    reply = conversation.last[0]
    assert "nơi cùng tên này" in reply.text
    labels = [button.label for button in reply.buttons]
    assert "Xã Tân Phú, Huyện Tân Kỳ, Tỉnh Nghệ An" in labels

    await conversation.press("Xã Tân Phú, Huyện Tân Kỳ, Tỉnh Nghệ An")
    assert "Xã Tân Phú, Huyện Tân Kỳ, Tỉnh Nghệ An (cũ) nay thuộc" in conversation.text
    assert "là tên đơn vị hành chính hiện nay" not in conversation.text


async def test_without_cu_the_shared_name_is_still_read_as_the_new_unit(conversation):
    await conversation.say("phường Bến Thành giờ là phường nào")
    assert "là tên đơn vị hành chính hiện nay" in conversation.text


async def test_old_ward_named_with_cu_gets_its_new_unit(conversation):
    await conversation.say("phường Bến Thành cũ giờ là phường nào")
    assert "Phường Bến Thành, Quận 1, Thành phố Hồ Chí Minh (cũ) nay thuộc" in (conversation.text)


async def test_unknown_ward_in_a_known_district_is_said_first(conversation):
    await conversation.say("phường Xyzabc quận 3")
    text = conversation.last[0].text
    assert text.startswith(
        "Dạ, em không tìm thấy phường Xyzabc ở Quận 3, Thành phố Hồ Chí Minh (cũ)."
    )
    assert "Phường Bàn Cờ" in text  # then what was found: the district's new wards


async def test_unknown_commune_in_a_known_province_is_said_first(conversation):
    await conversation.say("xã Abcxyz huyện Khongco tỉnh Hà Giang")
    text = conversation.last[0].text
    assert text.startswith("Dạ, em không tìm thấy xã Abcxyz ở Tỉnh Hà Giang (cũ).")
    assert "nay thuộc Tỉnh Tuyên Quang" in text


async def test_an_unknown_commune_typed_without_diacritics_is_said_first(conversation):
    # "xa" typed bare is also "far": it opens a name only right before a district the
    # map knows, in a message typed without diacritics
    await conversation.say("xa abcd huyen ba vi nay thuoc xa nao")
    text = conversation.last[0].text
    assert text.startswith("Dạ, em không tìm thấy xa abcd ở Huyện Ba Vì, Thành phố Hà Nội (cũ).")
    assert "Xã Suối Hai" in text


async def test_a_commune_known_elsewhere_but_not_in_the_district_named_is_said_first(
    conversation,
):
    # Tân Sơn is a name the map knows (in other provinces), but no commune of Ba Vì
    await conversation.say("xã Tân Sơn huyện Ba Vì nay thuộc xã nào")
    text = conversation.last[0].text
    assert text.startswith("Dạ, em không tìm thấy xã Tân Sơn ở Huyện Ba Vì, Thành phố Hà Nội (cũ).")
    assert "Xã Suối Hai" in text


@pytest.mark.parametrize(
    ("says", "unknown"),
    [("xã tân sơn, ba vì, hà nội", "xã tân sơn"), ("xã đông hà huyện ba vì", "xã đông hà")],
)
def test_a_known_name_outside_the_district_is_unknown_there(services, says, unknown):
    assert services.admin_map.resolve(normalize(says)).unknown_ward == unknown


@pytest.mark.parametrize(("district", "province"), [("huyenbavi", "thanhphohanoi")])
def test_every_commune_of_a_district_named_with_it_is_found(services, district, province):
    wards = [
        w for w in services.admin_map.legacy_wards() if w.key.startswith(f"{province}_{district}_")
    ]
    assert len(wards) > 20
    for ward in wards:
        said = f"{ward.name} {ward.district_name}".lower()
        assert services.admin_map.resolve(normalize(said)).unknown_ward is None, said


async def test_centre_question_for_an_unknown_ward_says_so_before_the_choice(conversation):
    await conversation.say("trung tâm hành chính công phường Xyzabc quận 3 ở đâu")
    reply = conversation.last[0]
    assert reply.text.startswith("Dạ, em không tìm thấy phường Xyzabc ở Quận 3")
    assert "Phường Bàn Cờ, Hồ Chí Minh" in [b.label for b in reply.buttons]


# Messages where "phường"/"xã" opens no place name: nothing is reported as not found.
NOT_A_WARD_NAME = [
    "bảo hiểm xã hội quận 3",
    "lên phường làm giấy khai sinh ở quận 3",
    "phường tôi ở quận 3",
    "phường 13 quận 4",
    "xã nào ở Hà Giang",
    # "xa" typed bare is "far" unless a known district or province follows the name
    "nha toi o xa trung tam huyen",
    "nha toi xa trung tam quan 3 lam",
    "đánh bắt xa bờ ở huyện Ba Vì",
    "nha toi o xa trung tam huyen ba vi",
]


@pytest.mark.parametrize("says", NOT_A_WARD_NAME)
def test_words_after_a_type_word_are_not_taken_for_an_unknown_ward(services, says):
    assert services.admin_map.resolve(normalize(says)).unknown_ward is None


def test_a_number_that_is_no_ward_of_the_district_is_unknown(services):
    assert services.admin_map.resolve(normalize("phường 99 quận 3")).unknown_ward == ("phường 99")


async def test_merged_province_lists_its_former_provinces_as_old(conversation):
    await conversation.say("tỉnh Tuyên Quang gồm những tỉnh nào")
    assert "gồm: Tỉnh Tuyên Quang (cũ), Tỉnh Hà Giang (cũ)." in conversation.text


async def test_old_province_answer_marks_the_merged_members_old(conversation):
    await conversation.say("Hà Giang giờ thuộc tỉnh nào")
    assert "Tỉnh Tuyên Quang hiện gồm: Tỉnh Tuyên Quang (cũ), Tỉnh Hà Giang (cũ)." in (
        conversation.text
    )


async def test_unmerged_city_is_not_called_old(conversation):
    await conversation.say("Hà Nội gồm những tỉnh nào")
    assert "gồm: Thành phố Hà Nội." in conversation.text
    assert "(cũ)" not in conversation.text
