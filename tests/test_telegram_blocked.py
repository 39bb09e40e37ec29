"""A citizen who follows a dossier blocks the bot: their notifications stop at once (not
after the next status change fails to reach them), and the log does not name them."""

from __future__ import annotations

import asyncio
import logging

from bot.notifier import Notifier
from bot.telegram_bot import channel_of
from tests.fake_telegram import FakeTelegram, running_bot

CODE = "000.00.04.H51-250701-0001"
CITIZEN = 8081
WAIT = 15.0


class Heard(logging.Handler):
    """Collects what a logger says; ``said`` is set once a record holds ``words``."""

    def __init__(self, words: str) -> None:
        super().__init__()
        self.words = words
        self.records: list[logging.LogRecord] = []
        self.said = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        if self.words in record.getMessage():
            self.said.set()


async def test_a_citizen_who_blocks_the_bot_is_no_longer_sent_dossier_news(dsvc):
    heard = Heard("blocked the bot")
    loggers = [logging.getLogger(name) for name in ("flows.chat_gone", "bot.telegram_bot")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(heard)
        logger.setLevel(logging.INFO)
    try:
        async with (
            FakeTelegram() as fake,
            running_bot(fake, dsvc.dialogue, outbox=dsvc.db) as application,
        ):
            # the citizen looks up their dossier and follows it
            fake.user_sends_text(CITIZEN, f"tra cứu hồ sơ {CODE}")
            await fake.wait_for_method("sendMessage", timeout=WAIT)
            message = next(m for m in fake.messages.values() if m.get("reply_markup"))
            since = len(fake.sent)
            fake.user_presses_button(CITIZEN, message["message_id"], f"follow:{CODE}")
            await fake.wait_for_method("sendMessage", since=since, timeout=WAIT)
            assert len(await dsvc.registry.subscribers(CODE)) == 1

            # then blocks the bot: Telegram says so, and the follow stops there and then
            fake.user_blocks_bot(CITIZEN)
            async with asyncio.timeout(WAIT):
                await heard.said.wait()
            assert await dsvc.registry.subscribers(CODE) == []

            # the next status change is sent to nobody: no refused message
            since = len(fake.sent)
            notifier = Notifier(dsvc.dossiers, dsvc.registry, channel_of(application))
            change = await dsvc.registry.record_status(CODE, 10)
            assert await notifier.notify(change) == 0
            assert fake.calls("sendMessage", since=since) == []
            assert [m for m, *_ in fake.failed] == []
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.removeHandler(heard)
            logger.setLevel(level)
    said = [r.getMessage() for r in heard.records]
    assert any("1 dossier notifications stopped" in line for line in said)
    assert not any(str(CITIZEN) in line for line in said)
