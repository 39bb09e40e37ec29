"""What the Telegram adapter keeps away from the dialogue: talk in group chats not meant
for the bot, and the second tap of a double tap on a button; and the adapter's own texts
(bot/telegram_texts.yml)."""

from __future__ import annotations

import asyncio
import functools
from pathlib import Path

from telegram import Bot, Message, Update

from knowledge.yaml_data import load_yaml

# The same button of the same message pressed again within this many seconds is a double
# tap: answered once.
DOUBLE_PRESS_S = 2.0
_TEXTS_FILE = Path(__file__).with_name("telegram_texts.yml")


@functools.cache
def adapter_text(key: str) -> str:
    """One of the adapter's own texts (bot/telegram_texts.yml)."""
    texts = load_yaml(_TEXTS_FILE)
    return str(texts[key])


def addressed_to(message: Message, bot: Bot) -> bool:
    """Whether a group message is meant for the bot: a command (not another bot's), a
    mention of it, or a reply to one of its messages."""
    username = f"@{bot.username}".lower()
    text = (message.text or message.caption or "").lower()
    if text.startswith("/"):
        first = text.split()[0]
        return "@" not in first or first.endswith(username)
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot.id:
        return True
    return username in text


class DoublePresses:
    """Remembers button presses for ``window_s`` seconds (event-loop time)."""

    def __init__(self, window_s: float = DOUBLE_PRESS_S) -> None:
        self.window_s = window_s
        self._presses: dict[tuple[object, object, str], float] = {}  # -> when

    def again(self, update: Update, data: str) -> bool:
        """Whether this press repeats one of the same button moments ago."""
        query = update.callback_query
        message = query.message if query is not None else None
        chat = update.effective_chat
        key = (chat.id if chat else None, message.message_id if message else None, data)
        now = asyncio.get_running_loop().time()
        self._presses = {k: t for k, t in self._presses.items() if now - t < self.window_s}
        if key in self._presses:
            return True
        self._presses[key] = now
        return False
