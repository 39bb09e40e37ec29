"""On Telegram, answers leave through the outbox: sent once, later if Telegram is down,
never twice for an update Telegram delivers again."""

from __future__ import annotations

import datetime as dt

from bot.telegram_bot import deliverer_of
from flows.types import Turn
from tests.fake_telegram import FakeTelegram, running_bot
from tests.fakes import ManualClock

CITIZEN = 6262


async def test_an_answer_telegram_refused_is_sent_later_and_once(services):
    async with (
        FakeTelegram() as fake,
        running_bot(fake, services.dialogue, outbox=services.db) as application,
    ):
        deliverer = deliverer_of(application)
        turn = Turn(
            "telegram",
            str(CITIZEN),
            text="lấy vợ cần giấy tờ gì",
            chat_id=str(CITIZEN),
            turn_id="update-77",
        )
        replies = await services.dialogue.handle(turn)
        # from now on, time moves only when told
        clock = deliverer.clock = ManualClock(dt.datetime.now(dt.UTC))
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


async def _ask_building_permit(services, deliverer, turn_id: str = "update-89") -> None:
    """The citizen asks what a building permit needs (answered: which case?)."""
    ask = Turn(
        "telegram",
        str(CITIZEN),
        text="xin cấp giấy phép xây dựng nhà ở riêng lẻ cần giấy tờ gì",
        chat_id=str(CITIZEN),
        turn_id=turn_id,
    )
    await services.dialogue.handle(ask)
    await deliverer.deliver_due()


async def _press_every_case(services, turn_id: str) -> None:
    """... and presses "every case": the answer takes several Telegram messages."""
    press = Turn(
        "telegram",
        str(CITIZEN),
        payload="case:tthc_1_013225:all",
        chat_id=str(CITIZEN),
        turn_id=turn_id,
    )
    await services.dialogue.handle(press)


async def test_a_long_answer_cut_off_by_a_telegram_hiccup_goes_on_without_repeating(services):
    async with (
        FakeTelegram() as fake,
        running_bot(fake, services.dialogue, outbox=services.db) as application,
    ):
        deliverer = deliverer_of(application)
        await _ask_building_permit(services, deliverer)
        start = len(fake.sent)
        await _press_every_case(services, "update-90")
        clock = deliverer.clock = ManualClock(dt.datetime.now(dt.UTC))
        # Telegram fails on the third part of the long answer
        fake.fail_next("sendMessage", 502, "Bad Gateway", after=2)
        await deliverer.deliver_due()
        clock.now += dt.timedelta(seconds=3)
        await deliverer.deliver_due()
        texts = [m["text"] for m in fake.calls("sendMessage", since=start)]
        assert len(texts) >= 4  # over 15,000 characters: four messages or more
        assert len(set(texts)) == len(texts), "a part was sent twice"
        assert all(len(t) <= 4096 for t in texts)
        assert texts[0].startswith("Thủ tục: Cấp giấy phép xây dựng")
        sent = fake.calls("sendMessage", since=start)
        with_buttons = [i for i, m in enumerate(sent) if m.get("reply_markup")]
        assert with_buttons == [len(sent) - 1]  # the buttons hang on the last part


async def test_an_answer_telegram_cannot_parse_still_arrives_as_plain_text(services):
    async with (
        FakeTelegram() as fake,
        running_bot(fake, services.dialogue, outbox=services.db) as application,
    ):
        deliverer = deliverer_of(application)
        start = len(fake.sent)
        fake.fail_next("sendMessage", 400, "Bad Request: can't parse entities: unexpected")
        turn = Turn(
            "telegram",
            str(CITIZEN),
            text="lấy vợ cần giấy tờ gì",
            chat_id=str(CITIZEN),
            turn_id="update-91",
        )
        await services.dialogue.handle(turn)
        await deliverer.deliver_due()
        sent = fake.calls("sendMessage", since=start)
        assert "kết hôn" in sent[0]["text"]
        assert "parse_mode" not in sent[0]


async def test_an_answer_telegram_finds_too_long_arrives_in_smaller_parts(services):
    async with (
        FakeTelegram() as fake,
        running_bot(fake, services.dialogue, outbox=services.db) as application,
    ):
        deliverer = deliverer_of(application)
        await _ask_building_permit(services, deliverer)
        start = len(fake.sent)
        await _press_every_case(services, "update-92")
        fake.fail_next("sendMessage", 400, "Bad Request: message is too long", after=1)
        await deliverer.deliver_due()
        parts = fake.calls("sendMessage", since=start)
        assert len(parts) >= 5  # the refused second part went as two
        assert not fake.failed[1:]
        assert "inline_keyboard" in str(parts[-1].get("reply_markup"))


async def test_a_message_telegram_refuses_for_good_is_not_retried(services, caplog):
    async with (
        FakeTelegram() as fake,
        running_bot(fake, services.dialogue, outbox=services.db) as application,
    ):
        deliverer = deliverer_of(application)
        fake.fail_next("sendMessage", 400, "Bad Request: BUTTON_DATA_INVALID")
        turn = Turn(
            "telegram",
            str(CITIZEN),
            text="lấy vợ cần giấy tờ gì",
            chat_id=str(CITIZEN),
            turn_id="update-93",
        )
        replies = await services.dialogue.handle(turn)
        clock = deliverer.clock = ManualClock(dt.datetime.now(dt.UTC))
        await deliverer.deliver_due()
        clock.now += dt.timedelta(minutes=10)
        await deliverer.deliver_due()
        assert len(fake.failed) == 1  # refused once, never asked again
        assert len(fake.calls("sendMessage")) == len(replies) - 1
        assert "not retried" in caplog.text


async def test_asking_again_after_an_answer_was_refused_gets_it_whole(services):
    async with (
        FakeTelegram() as fake,
        running_bot(fake, services.dialogue, outbox=services.db) as application,
    ):
        deliverer = deliverer_of(application)
        await _ask_building_permit(services, deliverer)
        await _press_every_case(services, "update-94")
        fake.fail_next("sendMessage", 400, "Bad Request: BUTTON_DATA_INVALID", after=1)
        await deliverer.deliver_due()  # its first part went, the second was refused
        start = len(fake.sent)
        await _ask_building_permit(services, deliverer, "update-95-ask")
        await _press_every_case(services, "update-95")
        await deliverer.deliver_due()
        again = [m["text"] for m in fake.calls("sendMessage", since=start)]
        assert sum(t.startswith("Thủ tục: Cấp giấy phép xây dựng") for t in again) == 2
        assert len(again) >= 5  # the question's answer and the whole long one
