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
