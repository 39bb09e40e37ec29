"""Rendering dialogue replies for Telegram: pure functions, no I/O.

Bot and knowledge-base text is *plain* text. It is sent with ``parse_mode=HTML``, so
every piece of it is escaped here; nothing else is interpreted (line breaks are
kept as they are, no markdown-like convention). Markup, if ever needed, is added
by this module around escaped text, never taken from content.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterable, Sequence

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from flows.types import Button

logger = logging.getLogger(__name__)

#: Telegram's limit for a text message (characters after entity parsing).
MESSAGE_LIMIT = 4096
#: Telegram's limit for ``callback_data`` (bytes, UTF-8).
CALLBACK_DATA_LIMIT = 64
#: Telegram's limits for an inline keyboard: buttons in all, and in one row.
KEYBOARD_LIMIT = 100
ROW_LIMIT = 8
#: Payloads of the 👍/👎 buttons (flows.insights), kept together on one row.
RATING_PREFIX = "fb:"

LOCATION_BUTTON_LABEL = "Gửi vị trí của tôi"
LOCATION_PLACEHOLDER = "Bấm nút bên dưới để gửi vị trí"

# Inline keyboards: how many buttons share a row, by the longest label
# (labels longer than the last bound get a row each).
_ROW_WIDTHS: tuple[tuple[int, int], ...] = ((10, 3), (18, 2))

# Longest HTML entity or tag a hard split must not cut through. Entities made by
# html.escape are at most 6 characters ("&quot;"); named/numeric ones stay under 12.
_MAX_ATOM = 12


def to_html(text: str) -> str:
    """Escape plain text for ``parse_mode=HTML``; line breaks are kept."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return html.escape(text, quote=False)


def tg_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units; >= ``len(text)``)."""
    return len(text.encode("utf-16-le")) // 2


def split_message(html_text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split escaped text into chunks of at most ``limit`` characters.

    Splits on paragraph boundaries (blank lines) first, then on line breaks, then on
    spaces, and only in the worst case inside a word, never inside an HTML entity
    (``&amp;``) or tag. Chunks keep the original order; none is empty or blank.
    Meant for the output of :func:`to_html` (tags are not balanced across chunks).
    """
    if limit < _MAX_ATOM:
        raise ValueError(f"limit must be at least {_MAX_ATOM}")
    text = html_text.strip("\n")
    if not text.strip():
        return []
    if tg_len(text) <= limit:
        return [text]
    pieces: list[str] = []
    for paragraph in text.split("\n\n"):
        if tg_len(paragraph) <= limit:
            pieces.append(paragraph)
            continue
        lines: list[str] = []
        for line in paragraph.split("\n"):
            if tg_len(line) <= limit:
                lines.append(line)
            else:
                lines.extend(_split_line(line, limit))
        pieces.extend(_pack(lines, "\n", limit))
    chunks = _pack(pieces, "\n\n", limit)
    return [c for c in (chunk.strip("\n") for chunk in chunks) if c.strip()]


def _pack(parts: Iterable[str], sep: str, limit: int) -> list[str]:
    """Greedily join ``parts`` with ``sep`` into chunks of at most ``limit``."""
    chunks: list[str] = []
    current: str | None = None
    for part in parts:
        if current is None:
            current = part
        elif tg_len(current) + tg_len(sep) + tg_len(part) <= limit:
            current = current + sep + part
        else:
            chunks.append(current)
            current = part
    if current is not None:
        chunks.append(current)
    return chunks


def _split_line(line: str, limit: int) -> list[str]:
    out: list[str] = []
    rest = line
    while tg_len(rest) > limit:
        cut = _cut_point(rest, limit)
        head, rest = rest[:cut], rest[cut:]
        if head.endswith(" "):
            head = head.rstrip(" ")
        elif rest.startswith(" "):
            rest = rest.lstrip(" ")
        if head:
            out.append(head)
    if rest:
        out.append(rest)
    return out


def _cut_point(text: str, limit: int) -> int:
    """Index where ``text`` may be cut so that ``text[:index]`` fits in ``limit``."""
    # largest prefix (in code points) whose UTF-16 length fits
    end = min(len(text), limit)
    while tg_len(text[:end]) > limit:
        end -= 1
    space = text.rfind(" ", 0, end + 1)
    if space > end // 2:  # a word boundary that does not waste half the chunk
        return space + 1 if space + 1 <= end else space
    # hard split: step back over an entity or a tag that would be cut
    window_start = max(0, end - _MAX_ATOM)
    for opener, closer in (("&", ";"), ("<", ">")):
        pos = text.rfind(opener, window_start, end)
        if pos > 0 and closer not in text[pos:end]:
            end = pos
    return max(end, 1)


def inline_keyboard(buttons: Sequence[Button]) -> InlineKeyboardMarkup | None:
    """Inline keyboard for ``Reply.buttons``; ``None`` when there is nothing to show.

    A button whose payload does not fit Telegram's 64-byte ``callback_data`` (or is
    empty), or whose label is blank, is logged and left out rather than failing the
    whole message; so are the buttons past Telegram's 100 (the 👍/👎 stay).
    """
    usable: list[InlineKeyboardButton] = []
    for button in buttons:
        size = len(button.payload.encode("utf-8"))
        if not 0 < size <= CALLBACK_DATA_LIMIT:
            logger.warning(
                "Skipping Telegram button %r: payload is %d bytes (allowed 1..%d)",
                button.label,
                size,
                CALLBACK_DATA_LIMIT,
            )
            continue
        if not button.label.strip():
            logger.warning("Skipping a Telegram button with no label (payload %d bytes)", size)
            continue
        usable.append(InlineKeyboardButton(button.label, callback_data=button.payload))
    if not usable:
        return None
    # 👍/👎 share one row of their own, under the answer's other buttons
    rating = [b for b in usable if b.callback_data.startswith(RATING_PREFIX)][:ROW_LIMIT]
    usable = [b for b in usable if not b.callback_data.startswith(RATING_PREFIX)]
    room = KEYBOARD_LIMIT - len(rating)
    if len(usable) > room:
        logger.warning("Telegram keyboard of %d buttons cut to %d", len(usable), room)
        usable = usable[:room]
    rows = []
    if usable:
        per_row = _buttons_per_row(max(len(b.text) for b in usable))
        rows = [usable[i : i + per_row] for i in range(0, len(usable), per_row)]
    if rating:
        rows.append(rating)
    return InlineKeyboardMarkup(rows)


def _buttons_per_row(longest_label: int) -> int:
    for bound, width in _ROW_WIDTHS:
        if longest_label <= bound:
            return width
    return 1


def location_keyboard() -> ReplyKeyboardMarkup:
    """A one-time reply keyboard with a single "send my location" button."""
    return ReplyKeyboardMarkup(
        [[KeyboardButton(LOCATION_BUTTON_LABEL, request_location=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
        input_field_placeholder=LOCATION_PLACEHOLDER,
    )
