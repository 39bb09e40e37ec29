"""The real Telegram bot of some services, run on a fake Bot API for a story: the
fixtures ``telegram`` (over ``services``) and ``dossier_telegram`` (over ``dsvc``) start
it (registered by tests/conftest.py), ``Chats`` reads what each account was sent and
presses its buttons, and ``private_turn`` is what a person's message in their private
chat becomes."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest

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


@pytest.fixture
async def telegram(services):
    """``services``' dialogue as the real Telegram bot on a fake Bot API, its answers
    leaving through the outbox (``TelegramBot``)."""
    async with bot_on_telegram(services) as bot:
        yield bot


@pytest.fixture
async def dossier_telegram(dsvc):
    """The same bot over ``dsvc`` (the sample dossiers, "today" fixed)."""
    async with bot_on_telegram(dsvc) as bot:
        yield bot


class Chats:
    """What each account was sent, read from the fake Bot API, and its buttons pressed.

    ``mark()`` is where the story is now; ``message(chat, contains, since)`` waits (up
    to ``wait`` seconds) for the first message to ``chat`` after a mark that says
    ``contains``."""

    def __init__(self, fake: FakeTelegram, wait: float = 60.0) -> None:
        self.fake = fake
        self.wait = wait

    def mark(self) -> int:
        return len(self.fake.sent)

    async def message(self, chat: int, contains: str, since: int) -> dict:
        """The first message to ``chat`` after ``since`` whose text says ``contains``."""

        def found(calls) -> dict | None:
            sent = (p for m, p in calls if m.lower() == "sendmessage" and p.get("chat_id") == chat)
            return next((p for p in sent if contains in p.get("text", "")), None)

        calls = await self.fake.wait_for(
            lambda calls: found(calls) is not None, self.wait, since=since
        )
        return found(calls)

    def texts(self, chat: int, since: int) -> list[str]:
        """The texts of the messages to ``chat`` after ``since``."""
        return [
            m["text"] for m in self.fake.calls("sendMessage", since=since) if m["chat_id"] == chat
        ]

    def press(self, chat: int, message: dict, label: str) -> None:
        """``chat`` presses the button ``label`` under ``message`` (one the bot sent it)."""
        buttons = [b for row in message["reply_markup"]["inline_keyboard"] for b in row]
        [button] = [b for b in buttons if b["text"] == label]
        [message_id] = [
            mid
            for (chat_id, mid), sent in self.fake.messages.items()
            if chat_id == chat and sent.get("text") == message["text"]
        ]
        self.fake.user_presses_button(chat, message_id, button["callback_data"])


def private_turn(chat: int, turn_id: str | None = None, **said: Any) -> Turn:
    """What the person of ``chat`` types or presses (``text=``, ``payload=``) in their
    private chat with the bot, as the Telegram adapter hands it to the dialogue
    (``turn_id``: the update's, for one Telegram may deliver again)."""
    return Turn("telegram", str(chat), chat_id=str(chat), turn_id=turn_id, **said)
