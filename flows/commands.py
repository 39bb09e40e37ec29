"""The slash commands the assistant offers ("/xong", "/huytheodoi"), on every channel.

Telegram shows them in its command menu and sends them as commands; on the web chat and
in the terminal they arrive as typed text. Either way a command becomes the same button
payload (``flows.actions``), so the replies that say "Gõ /xong" are true everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class BotCommandSpec:
    """A slash command: registered with Telegram and turned into ``Turn.payload``."""

    command: str
    description: str
    payload: str


#: Every command the bot offers; add one here (e.g. ``/huytheodoi``) and it is
#: handled on every channel and shown in Telegram's command menu.
BOT_COMMANDS: tuple[BotCommandSpec, ...] = (
    BotCommandSpec("start", "Bắt đầu", "cmd:start"),
    BotCommandSpec("help", "Bot giúp được gì", "cmd:help"),
    BotCommandSpec("menu", "Danh mục chức năng", "cmd:menu"),
    BotCommandSpec("huytheodoi", "Dừng theo dõi hồ sơ", "cmd:unfollow"),
    BotCommandSpec("tinhnguyen", "Dành cho tình nguyện viên", "cmd:volunteer"),
    BotCommandSpec("xong", "Kết thúc cuộc hỗ trợ", "cmd:done"),
    BotCommandSpec("roinhom", "Tình nguyện viên rời Tổ", "cmd:leave"),
)

# "/xong", "/xong@citizen_bot", " /huytheodoi " (nothing after it: "/start abc" is a
# deep link only Telegram sends, as a command)
_TYPED_COMMAND = re.compile(r"\s*/([a-z]+)(?:@\w+)?\s*", re.IGNORECASE)


def command(name: str) -> BotCommandSpec | None:
    """The command called ``name`` ("xong"), if the bot offers it."""
    return next((c for c in BOT_COMMANDS if c.command == name.lower()), None)


def typed_command(text: str) -> str | None:
    """The payload of a command typed as a whole message ("/xong"), else None."""
    match = _TYPED_COMMAND.fullmatch(text)
    spec = command(match.group(1)) if match else None
    return spec.payload if spec else None
