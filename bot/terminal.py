"""`citizenbot chat`: the assistant in a terminal, interactive or piped."""

from __future__ import annotations

import logging
import secrets
import sys
from typing import TextIO

from flows.types import Reply, Turn

logger = logging.getLogger(__name__)

USER_PREFIX = "terminal-"  # each run of `chat` is a conversation of its own


def render(replies: list[Reply]) -> str:
    """Plain-text block for one turn: texts, then buttons as numbered options."""
    lines: list[str] = []
    options = 0
    for reply in replies:
        lines.append(reply.text)
        if reply.venue:
            v = reply.venue
            lines.append(f"[Bản đồ] {v.title}, {v.address} ({v.lat:.5f}, {v.lon:.5f})")
        for button in reply.buttons:
            options += 1
            lines.append(f"  [{options}] {button.label}")
    return "\n".join(lines)


def _buttons(replies: list[Reply]) -> list[str]:
    return [b.payload for r in replies for b in r.buttons]


async def run_chat(dialogue, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    """Read one user line at a time; a bare number picks an offered option. Each run is
    a new conversation (two terminals at once never share one)."""
    user_id = USER_PREFIX + secrets.token_hex(4)
    interactive = stdin.isatty()
    offered: list[str] = []
    if interactive:
        stdout.write("citizenbot — gõ câu hỏi (Ctrl+D để thoát). Gõ số để chọn gợi ý.\n")
        replies = await _handle(
            dialogue, Turn(channel="terminal", user_id=user_id, payload="cmd:start")
        )
        offered = _buttons(replies)
        stdout.write(render(replies) + "\n\n")
    while True:
        if interactive:
            stdout.write("> ")
            stdout.flush()
        line = stdin.readline()
        if not line:
            break
        text = line.rstrip("\n")
        choice = text.strip()
        if choice.isdigit() and 1 <= int(choice) <= len(offered):
            turn = Turn(channel="terminal", user_id=user_id, payload=offered[int(choice) - 1])
        else:
            turn = Turn(channel="terminal", user_id=user_id, text=text)
        replies = await _handle(dialogue, turn)
        offered = _buttons(replies)
        stdout.write(render(replies) + "\n\n")
        stdout.flush()
    return 0


async def _handle(dialogue, turn: Turn) -> list[Reply]:
    try:
        return await dialogue.handle(turn)
    except Exception as exc:
        logger.error("terminal turn failed", exc_info=True)
        return [dialogue.error_reply(exc)]
