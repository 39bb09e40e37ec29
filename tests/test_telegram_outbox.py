"""On Telegram, answers leave through the outbox: sent once, later if Telegram is down,
never twice for an update Telegram delivers again."""

from __future__ import annotations

import datetime as dt

from tests.fakes import ManualClock
from tests.on_telegram import TelegramBot, private_turn

CITIZEN = 6262
MARRIAGE = "lấy vợ cần giấy tờ gì"
BUILDING_PERMIT = "xin cấp giấy phép xây dựng nhà ở riêng lẻ cần giấy tờ gì"
EVERY_CASE = "case:tthc_1_013225:all"


def time_stands_still(telegram: TelegramBot) -> ManualClock:
    """From now on, the deliverer's time moves only when told."""
    clock = telegram.deliverer.clock = ManualClock(dt.datetime.now(dt.UTC))
    return clock


async def _ask_building_permit(services, telegram, turn_id: str = "update-89") -> None:
    """The citizen asks what a building permit needs (answered: which case?)."""
    await services.dialogue.handle(private_turn(CITIZEN, turn_id, text=BUILDING_PERMIT))
    await telegram.deliverer.deliver_due()


async def _press_every_case(services, turn_id: str) -> None:
    """... and presses "every case": the answer takes several Telegram messages."""
    await services.dialogue.handle(private_turn(CITIZEN, turn_id, payload=EVERY_CASE))


async def test_an_answer_telegram_refused_is_sent_later_and_once(services, telegram):
    fake, deliverer = telegram.fake, telegram.deliverer
    turn = private_turn(CITIZEN, "update-77", text=MARRIAGE)
    replies = await services.dialogue.handle(turn)
    clock = time_stands_still(telegram)
    fake.fail_next("sendMessage", 502, "Bad Gateway")
    assert await deliverer.deliver_due() == 0  # Telegram down: kept for later
    # Telegram hands the same update over again (we crashed before it learned we had
    # it): it is answered, but its answers are not queued a second time.
    await services.dialogue.handle(turn)
    clock.now += dt.timedelta(seconds=3)
    assert await deliverer.deliver_due() == len(replies)
    assert await deliverer.deliver_due() == 0
    texts = [m["text"] for m in fake.calls("sendMessage") if m["chat_id"] == CITIZEN]
    assert len(texts) == len(replies)
    assert "kết hôn" in texts[0]


async def test_a_long_answer_cut_off_by_a_telegram_hiccup_goes_on_without_repeating(
    services, telegram
):
    fake, deliverer = telegram.fake, telegram.deliverer
    await _ask_building_permit(services, telegram)
    start = len(fake.sent)
    await _press_every_case(services, "update-90")
    clock = time_stands_still(telegram)
    # Telegram fails on the third part of the long answer
    fake.fail_next("sendMessage", 502, "Bad Gateway", after=2)
    await deliverer.deliver_due()
    clock.now += dt.timedelta(seconds=3)
    await deliverer.deliver_due()
    texts = [m["text"] for m in fake.calls("sendMessage", since=start)]
    assert len(texts) >= 4  # over 15,000 characters: four messages or more
    assert len(set(texts)) == len(texts), "a part was sent twice"
    assert all(len(t) <= 4096 for t in texts)
    assert texts[0].startswith("Dạ, đây là thông tin thủ tục: Cấp giấy phép xây dựng")
    sent = fake.calls("sendMessage", since=start)
    with_buttons = [i for i, m in enumerate(sent) if m.get("reply_markup")]
    assert with_buttons == [len(sent) - 1]  # the buttons hang on the last part


async def test_an_answer_telegram_cannot_parse_still_arrives_as_plain_text(services, telegram):
    fake = telegram.fake
    start = len(fake.sent)
    fake.fail_next("sendMessage", 400, "Bad Request: can't parse entities: unexpected")
    await services.dialogue.handle(private_turn(CITIZEN, "update-91", text=MARRIAGE))
    await telegram.deliverer.deliver_due()
    sent = fake.calls("sendMessage", since=start)
    assert "kết hôn" in sent[0]["text"]
    assert "parse_mode" not in sent[0]


async def test_an_answer_telegram_finds_too_long_arrives_in_smaller_parts(services, telegram):
    fake = telegram.fake
    await _ask_building_permit(services, telegram)
    start = len(fake.sent)
    await _press_every_case(services, "update-92")
    fake.fail_next("sendMessage", 400, "Bad Request: message is too long", after=1)
    await telegram.deliverer.deliver_due()
    parts = fake.calls("sendMessage", since=start)
    assert len(parts) >= 5  # the refused second part went as two
    assert not fake.failed[1:]
    assert "inline_keyboard" in str(parts[-1].get("reply_markup"))


async def test_a_message_telegram_refuses_for_good_is_not_retried(services, telegram, caplog):
    fake, deliverer = telegram.fake, telegram.deliverer
    fake.fail_next("sendMessage", 400, "Bad Request: BUTTON_DATA_INVALID")
    replies = await services.dialogue.handle(private_turn(CITIZEN, "update-93", text=MARRIAGE))
    clock = time_stands_still(telegram)
    await deliverer.deliver_due()
    clock.now += dt.timedelta(minutes=10)
    await deliverer.deliver_due()
    assert len(fake.failed) == 1  # refused once, never asked again
    assert len(fake.calls("sendMessage")) == len(replies) - 1
    assert "not retried" in caplog.text


async def test_asking_again_after_an_answer_was_refused_gets_it_whole(services, telegram):
    fake = telegram.fake
    await _ask_building_permit(services, telegram)
    await _press_every_case(services, "update-94")
    fake.fail_next("sendMessage", 400, "Bad Request: BUTTON_DATA_INVALID", after=1)
    await telegram.deliverer.deliver_due()  # its first part went, the second was refused
    start = len(fake.sent)
    await _ask_building_permit(services, telegram, "update-95-ask")
    await _press_every_case(services, "update-95")
    await telegram.deliverer.deliver_due()
    again = [m["text"] for m in fake.calls("sendMessage", since=start)]
    # the "which case?" question and the whole answer, each headed by the procedure's name
    assert sum("hủ tục: Cấp giấy phép xây dựng" in t.splitlines()[0] for t in again) == 2
    assert len(again) >= 5  # the question's answer and the whole long one
