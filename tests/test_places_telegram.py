"""On Telegram: ask for the centre, share a location, get the unit and its centre."""

from __future__ import annotations

from knowledge.catalogue import import_file

CITIZEN = 5151


async def test_citizen_shares_location_on_telegram_and_gets_the_centre_as_a_venue(
    services, telegram, tmp_path
):
    path = tmp_path / "centre.tsv"
    path.write_text(
        "province\tnew_unit\tcentre_name\taddress\tphone\thours\tsource_url\tnote\tlat\tlon"
        "\tverified_on\n"
        "TP Hồ Chí Minh\tPhường Bến Thành\tTrung tâm Phục vụ hành chính công phường Bến Thành\t"
        "92 Nguyễn Trãi, phường Bến Thành\t028.38390856\t\thttps://example.gov.vn/tb243\t"
        "test row\t10.7712\t106.6920\t2026-11-22\n",
        encoding="utf-8",
    )
    await import_file(services.db, path)
    fake = telegram.fake

    fake.user_sends_text(CITIZEN, "trung tâm hành chính công gần tôi ở đâu")
    asked = await fake.wait_for_method("sendMessage")
    keyboard = asked[-1]["reply_markup"]["keyboard"]
    assert keyboard[0][0] == {"text": "Gửi vị trí của tôi", "request_location": True}

    since = len(fake.sent)
    fake.user_sends_location(CITIZEN, 10.7725, 106.6980)
    venues = await fake.wait_for_method("sendVenue", since=since, timeout=60)
    texts = [m["text"] for m in fake.calls("sendMessage", since=since)]
    assert any("Phường Bến Thành" in t for t in texts)
    assert any("92 Nguyễn Trãi" in t for t in texts)
    assert float(venues[0]["latitude"]) == 10.7712
    assert "Trung tâm Phục vụ hành chính công phường Bến Thành" in venues[0]["title"]


async def test_location_outside_vietnam_on_telegram_gets_a_polite_answer(telegram):
    telegram.fake.user_sends_location(CITIZEN, 13.7563, 100.5018)
    sent = await telegram.fake.wait_for_method("sendMessage", timeout=60)
    assert "ngoài lãnh thổ Việt Nam" in sent[0]["text"]
