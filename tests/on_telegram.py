"""The real Telegram bot of some services, run on a fake Bot API for a story: the
fixtures ``telegram`` and ``dossier_telegram`` (tests/conftest.py) start it, and
``private_turn`` is what a person's message in their private chat becomes."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from bot.deliverer import Deliverer
from bot.telegram_bot import channel_of, deliverer_of
from bot.telegram_channel import TelegramChannel
from flows.types import Turn
from tests.fake_telegram import FakeTelegram, running_bot


@dataclass(frozen=True)
class TelegramBot:
    """A running bot: ``fake`` plays the people's side and records what was sent;
    ``application`` is the real python-telegram-bot one."""

    fake: FakeTelegram
    application: Any

    @property
    def deliverer(self) -> Deliverer | None:
        """What sends the outbox to Telegram (no delivery loop runs: a test calls it)."""
        return deliverer_of(self.application)

    @property
    def channel(self) -> TelegramChannel:
        """What the bot sends through (the notifier's way to the chats too)."""
        return channel_of(self.application)


@contextlib.asynccontextmanager
async def bot_on_telegram(services: Any) -> AsyncIterator[TelegramBot]:
    """``services``' dialogue as the Telegram bot, its answers leaving through the
    outbox of ``services``' database."""
    async with (
        FakeTelegram() as fake,
        running_bot(fake, services.dialogue, outbox=services.db) as application,
    ):
        yield TelegramBot(fake, application)


def private_turn(chat: int, turn_id: str | None = None, **said: Any) -> Turn:
    """What the person of ``chat`` types or presses (``text=``, ``payload=``) in their
    private chat with the bot, as the Telegram adapter hands it to the dialogue
    (``turn_id``: the update's, for one Telegram may deliver again)."""
    return Turn("telegram", str(chat), chat_id=str(chat), turn_id=turn_id, **said)
