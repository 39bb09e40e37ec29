"""Where do I go now: a citizen finds the new unit of an old address and its centre."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.web import create_app
from flows.types import Location, Turn
from knowledge.catalogue import import_file

# (user says, the answer contains)
OLD_TO_NEW = [
    ("phường 13 quận 4 giờ là phường nào", "Phường Xóm Chiếu"),
    ("p.13 q.4 tp hcm giờ thuộc phường nào", "Phường Xóm Chiếu"),
    ("phuong 13 quan 4 nay la phuong gi", "Phường Xóm Chiếu"),
    ("xa tan phu huyen dong phu binh phuoc nay thuoc dau", "Tỉnh Đồng Nai"),
    ("tỉnh Bình Dương nhập vào đâu", "Thành phố Hồ Chí Minh"),
    ("quận Hoàn Kiếm cũ giờ gồm những phường nào", "Phường Hoàn Kiếm"),
]


@pytest.mark.parametrize(("says", "expected"), OLD_TO_NEW)
async def test_old_place_is_converted_to_the_new_unit(conversation, says, expected):
    await conversation.say(says)
    assert expected in conversation.text
    assert "Nguồn: https://pypi.org/project/vietnamadminunits/" in conversation.text


async def test_old_address_with_street_is_rewritten_with_the_new_unit(conversation):
    await conversation.say("đổi địa chỉ 12 Lê Lợi, phường 4, Gò Vấp sang địa chỉ mới")
    assert "Địa chỉ mới: 12 Lê Lợi, Phường" in conversation.text
    assert "Thành phố Hồ Chí Minh" in conversation.text


async def test_ambiguous_old_name_asks_which_one_with_buttons(conversation):
    await conversation.say("phường 1 giờ là phường nào")
    reply = conversation.last[0]
    assert "nơi cùng tên này" in reply.text
    assert len(reply.buttons) > 1
    label = reply.buttons[0].label
    await conversation.press(label)
    assert label.split(",")[0] in conversation.text
    assert "nay thuộc" in conversation.text


async def test_split_ward_lists_every_new_unit(conversation, services):
    fate = next(
        f
        for w in services.admin_map.legacy_wards()
        if (f := services.admin_map.fate(w.key)).divided
        and len(f.new_units) > 1
        and not w.whole_district
    )
    legacy = fate.legacy
    await conversation.say(
        f"{legacy.name} {legacy.district_name} {legacy.province_name} giờ thuộc phường nào"
    )
    if "nơi cùng tên này" in conversation.text:
        await conversation.press(f"{legacy.name}, {legacy.district_name}, {legacy.province_name}")
    assert "chia cho nhiều đơn vị" in conversation.text
    for unit in fate.new_units:
        assert unit.name in conversation.text
    assert "phần lớn" in conversation.text and "một phần" in conversation.text


async def test_new_name_typed_as_old_is_recognised_as_current(conversation):
    await conversation.say("phường Bến Thành giờ là phường nào")
    assert "là tên đơn vị hành chính hiện nay" in conversation.text


async def test_unknown_place_gets_a_polite_answer_and_an_example(conversation):
    await conversation.say("phường abcxyz giờ thuộc đâu")
    assert "chưa tìm thấy địa danh này" in conversation.text
    assert conversation.last[0].request_location


async def test_centre_of_a_unit_gives_address_phone_and_source(conversation):
    await conversation.say("trung tâm hành chính công phường Bến Thành ở đâu")
    assert "92 Nguyễn Trãi" in conversation.text
    assert "028.38390856" in conversation.text
    assert "Nguồn: https://thuviennhadat.vn" in conversation.text


async def test_unit_without_a_recorded_centre_is_said_honestly(conversation):
    await conversation.say("trung tâm hành chính công phường Hoàn Kiếm Hà Nội ở đâu")
    assert "chưa có địa chỉ của trung tâm này" in conversation.text
    assert "Phường Hoàn Kiếm" in conversation.text and "Hà Nội" in conversation.text
    assert "Địa chỉ:" not in conversation.text


async def test_unit_is_remembered_for_centre_hours_and_where_to_submit(conversation):
    dialogue = [
        ("phường 13 quận 4 giờ là phường nào", "Phường Xóm Chiếu"),
        ("thế trung tâm ở đó ở đâu?", "18 Đoàn Như Hài"),
        ("trung tâm đó mấy giờ mở cửa?", "giờ làm việc"),
        ("còn làm khai sinh thì nộp ở đâu?", "18 Đoàn Như Hài"),
    ]
    for says, expected in dialogue:
        await conversation.say(says)
        assert expected in conversation.text, says


async def test_centre_question_without_a_place_asks_for_ward_or_location(conversation):
    await conversation.say("trung tâm hành chính công ở đâu")
    assert conversation.last[0].request_location
    await conversation.say("phường Bến Thành")
    assert "92 Nguyễn Trãi" in conversation.text


async def test_shared_location_finds_the_unit_and_its_centre(services, conversation):
    replies = await services.dialogue.handle(
        Turn(channel="test", user_id="u1", location=Location(10.7725, 106.6980))
    )
    text = "\n".join(r.text for r in replies)
    assert "theo vị trí anh/chị gửi" in text
    assert "Trung tâm Phục vụ hành chính công" in text


async def test_location_outside_vietnam_gets_a_polite_answer(services):
    replies = await services.dialogue.handle(
        Turn(channel="test", user_id="u1", location=Location(13.7563, 100.5018))
    )
    assert "ngoài lãnh thổ Việt Nam" in replies[0].text


async def test_centre_with_coordinates_is_sent_as_a_venue(services, conversation, tmp_path):
    row = (
        "province\tnew_unit\tcentre_name\taddress\tphone\thours\tsource_url\tnote\tlat\tlon"
        "\tverified_on\n"
        "TP Hồ Chí Minh\tPhường Bến Thành\tTrung tâm Phục vụ hành chính công phường Bến Thành\t"
        "92 Nguyễn Trãi, phường Bến Thành\t028.38390856\t\thttps://example.gov.vn/tb243\t"
        "test row\t10.7712\t106.6920\t2026-11-22\n"
    )
    path = tmp_path / "centre.tsv"
    path.write_text(row, encoding="utf-8")
    await import_file(services.db, path)
    await conversation.say("trung tâm phường Bến Thành ở đâu")
    venues = [r.venue for r in conversation.last if r.venue]
    assert venues and venues[0].lat == pytest.approx(10.7712)


async def test_location_over_the_rest_api(services):
    client = TestClient(TestServer(create_app(services)))
    await client.start_server()
    try:
        resp = await client.post("/api/chat", json={"location": {"lat": 21.0285, "lon": 105.8542}})
        body = await resp.json()
        assert resp.status == 200
        assert "Hà Nội" in body["replies"][0]["text"]
        resp = await client.post("/api/chat", json={"location": {"lat": 48.85, "lon": 2.35}})
        assert "ngoài lãnh thổ Việt Nam" in (await resp.json())["replies"][0]["text"]
    finally:
        await client.close()
