"""The one place that sends messages to Telegram chats (``TelegramChannel``), and the
outbox's Telegram sender built on it.

Text is escaped (HTML parse mode) and split under Telegram's limit; a reply's buttons go
on its last chunk, its venue follows the text, its picture (a volunteer's checklist
card) is uploaded as a photo, and ``request_location`` adds a "send my location"
keyboard. Works with a bare :class:`telegram.Bot` too.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dtm
import functools
import hashlib
import html
import json
import logging
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from telegram import Bot, InputFile, LinkPreviewOptions, ReplyKeyboardMarkup
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from bot.deliverer import SENDING, RecipientGone, RetryLater, Undeliverable
from bot.telegram_render import (
    inline_keyboard,
    location_keyboard,
    split_message,
    tg_len,
    to_html,
)
from flows.types import ImageRef, Reply

logger = logging.getLogger(__name__)

# Sent with a location keyboard when a reply also carries inline buttons (a Telegram
# message has only one keyboard).
LOCATION_PROMPT = "Hoặc bấm nút «Gửi vị trí của tôi» bên dưới."
_TYPING_REFRESH_S = 4.5  # Telegram shows a chat action for about 5 seconds
# Telegram recommends a chat action only "when a response from the bot will take a
# noticeable amount of time" (sendChatAction): a turn answered sooner shows none.
TYPING_AFTER_S = 1.0
_MAX_FLOOD_WAIT_S = 30.0  # RetryAfter longer than this is raised, not waited out
_FLOOD_RETRIES = 2
# A chunk Telegram finds too long is cut in two, down to this size (characters).
_SMALLEST_RESPLIT = 1024
# Outbox messages partly sent whose rest is still to go (see TelegramSender).
_PROGRESS_KEPT = 1000

# Renders a reply's picture (PNG bytes), or None when it cannot be made.
Images = Callable[[ImageRef], Awaitable[bytes | None]]


def _seconds(value: int | float | dtm.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


class RecipientUnavailable(Exception):
    """The chat cannot receive messages any more (bot blocked, user deactivated,
    chat gone). Callers sending notifications should unsubscribe ``chat_id``."""

    def __init__(self, chat_id: int | str, reason: str = "") -> None:
        super().__init__(f"Telegram chat {chat_id} is unavailable: {reason}".rstrip(": "))
        self.chat_id = chat_id
        self.reason = reason


class TelegramChannel:
    """The one place that sends messages to Telegram chats.

    Text is escaped (HTML parse mode) and split under Telegram's limit; a reply's
    buttons go on its last chunk, its venue follows the text, and
    ``request_location`` adds a one-time "send my location" keyboard.
    """

    def __init__(
        self,
        bot: Bot,
        *,
        link_previews: bool = False,
        images: Images | None = None,
        typing_after_s: float = TYPING_AFTER_S,
    ) -> None:
        self.bot = bot
        self.typing_after_s = typing_after_s
        self.images = images
        self._link_preview = None if link_previews else LinkPreviewOptions(is_disabled=True)

    async def send_replies(self, chat_id: int | str, replies: list[Reply]) -> None:
        """Send ``replies`` in order.

        Raises :class:`RecipientUnavailable` when the chat cannot be reached (the
        user blocked the bot...), and other :class:`telegram.error.TelegramError`
        (after logging) when Telegram refuses or cannot be reached.
        """
        for reply in replies:
            await self.send_reply(chat_id, reply)

    async def send_typing(self, chat_id: int | str) -> None:
        """Show "typing..." in the chat; failures are logged and ignored."""
        try:
            await self._call(
                chat_id,
                "send_chat_action",
                self.bot.send_chat_action,
                chat_id=chat_id,
                action=ChatAction.TYPING,
            )
        except Exception as exc:  # cosmetic: never let "typing..." fail an answer
            logger.debug("Chat action failed for chat %s: %s", chat_id, type(exc).__name__)

    @contextlib.asynccontextmanager
    async def typing(self, chat_id: int | str) -> AsyncIterator[None]:
        """Show "typing..." once the body has run ``typing_after_s`` (at once when 0)
        and keep it up while it runs.

        A timer, not a task, waits for the first one: most turns end before it."""
        if self.typing_after_s <= 0:
            await self.send_typing(chat_id)
        loop = asyncio.get_running_loop()
        refreshing: list[asyncio.Task] = []

        async def refresh() -> None:
            while True:
                await self.send_typing(chat_id)
                await asyncio.sleep(_TYPING_REFRESH_S)

        def start() -> None:
            refreshing.append(loop.create_task(refresh(), name=f"telegram-typing-{chat_id}"))

        first = self.typing_after_s if self.typing_after_s > 0 else _TYPING_REFRESH_S
        timer = loop.call_later(first, start)
        try:
            yield
        finally:
            timer.cancel()
            for task in refreshing:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    async def send_reply(
        self,
        chat_id: int | str,
        reply: Reply,
        skip: int = 0,
        on_part: Callable[[], None] | None = None,
    ) -> None:
        """Send ``reply``'s parts (text chunks, location prompt, venue, picture) in
        order, leaving out the first ``skip`` (sent by an earlier attempt); ``on_part``
        hears of each part sent."""
        for part in self._parts(chat_id, reply)[skip:]:
            await part()
            if on_part is not None:
                on_part()

    def _parts(self, chat_id: int | str, reply: Reply) -> list[Callable[[], Awaitable[Any]]]:
        chunks = split_message(to_html(reply.text))
        inline = inline_keyboard(reply.buttons) if reply.buttons else None
        location_kb: ReplyKeyboardMarkup | None = (
            location_keyboard() if reply.request_location else None
        )
        last_markup = inline or location_kb
        venue_markup = None
        if not chunks:
            if reply.venue is not None:
                venue_markup, last_markup = last_markup, None
            elif last_markup is not None:
                chunks = ["…"]  # a keyboard needs a message to hang on
        parts: list[Callable[[], Awaitable[Any]]] = []
        for index, chunk in enumerate(chunks):
            markup = last_markup if index == len(chunks) - 1 else None
            parts.append(functools.partial(self._send_text, chat_id, chunk, markup))
        if inline is not None and location_kb is not None:
            prompt = to_html(LOCATION_PROMPT)
            parts.append(functools.partial(self._send_text, chat_id, prompt, location_kb))
        if reply.venue is not None:
            venue = reply.venue
            parts.append(
                functools.partial(
                    self._call,
                    chat_id,
                    "send_venue",
                    self.bot.send_venue,
                    chat_id=chat_id,
                    latitude=venue.lat,
                    longitude=venue.lon,
                    title=venue.title,
                    address=venue.address,
                    reply_markup=venue_markup,
                )
            )
        if reply.image is not None and self.images is not None:
            parts.append(functools.partial(self._send_image, chat_id, reply.image))
        return parts

    async def _send_text(self, chat_id: int | str, html_text: str, markup: Any) -> None:
        """One chunk in HTML; should Telegram still find it too long or unparsable, it
        goes again cut in two, or as plain text, rather than not at all."""
        try:
            await self._call(
                chat_id,
                "send_message",
                self._send_message,
                chat_id=chat_id,
                text=html_text,
                parse_mode=ParseMode.HTML,
                link_preview_options=self._link_preview,
                reply_markup=markup,
            )
        except BadRequest as exc:
            why = exc.message.lower()
            if "too long" in why and tg_len(html_text) > _SMALLEST_RESPLIT:
                logger.warning("chat %s: a message was too long; sent in smaller parts", chat_id)
                halves = split_message(html_text, max(_SMALLEST_RESPLIT, tg_len(html_text) // 2))
                for index, half in enumerate(halves):
                    last = index == len(halves) - 1
                    await self._send_text(chat_id, half, markup if last else None)
                return
            if "parse entities" not in why:
                raise
            logger.warning("chat %s: Telegram could not parse a message; sent as plain", chat_id)
            await self._call(
                chat_id,
                "send_message",
                self._send_message,
                chat_id=chat_id,
                text=html.unescape(html_text),
                link_preview_options=self._link_preview,
                reply_markup=markup,
            )

    async def _send_message(self, **params: Any) -> None:
        """``sendMessage`` as ``Bot.send_message`` sends it (PTB's request, rate limiter
        and errors) without making a ``telegram.Message`` of Telegram's answer, which
        nothing here reads: that took about a third of the CPU of a send. ``_post`` is
        PTB's own step between the two (PTB is kept to 22.x in pyproject.toml);
        ``do_api_request`` would warn at every call and rename a refused token."""
        await self.bot._post("sendMessage", params)

    async def _send_image(self, chat_id: int | str, image: ImageRef) -> None:
        """Upload the reply's picture; one that cannot be made is left out (logged)."""
        png = await self.images(image)
        if png is None:
            logger.info("no picture for a %s reply to chat %s", image.kind, chat_id)
            return
        await self._call(
            chat_id,
            "send_photo",
            self.bot.send_photo,
            chat_id=chat_id,
            photo=InputFile(png, filename=f"{image.kind}.png"),
        )

    async def _call(self, chat_id: int | str, what: str, method: Any, /, **kwargs: Any) -> Any:
        """Call a Bot method, waiting out short flood limits, mapping dead chats."""
        attempt = 0
        while True:
            try:
                return await method(**kwargs)
            except Forbidden as exc:
                logger.info("Telegram chat %s unavailable (%s): %s", chat_id, what, exc.message)
                raise RecipientUnavailable(chat_id, exc.message) from exc
            except BadRequest as exc:
                if "chat not found" in exc.message.lower():
                    logger.info("Telegram chat %s not found (%s)", chat_id, what)
                    raise RecipientUnavailable(chat_id, exc.message) from exc
                logger.error("Telegram refused %s to chat %s: %s", what, chat_id, exc.message)
                raise
            except RetryAfter as exc:
                wait = _seconds(exc.retry_after)
                attempt += 1
                if attempt > _FLOOD_RETRIES or wait > _MAX_FLOOD_WAIT_S:
                    logger.error(
                        "Telegram flood limit on %s to chat %s (%.0fs)", what, chat_id, wait
                    )
                    raise
                logger.warning(
                    "Telegram flood limit on %s to chat %s: waiting %.1fs", what, chat_id, wait
                )
                await asyncio.sleep(wait)
            except TelegramError as exc:
                logger.error(
                    "Telegram %s to chat %s failed: %s: %s",
                    what,
                    chat_id,
                    type(exc).__name__,
                    exc.message,
                )
                raise


class TelegramSender:
    """Sends one outbox message with a :class:`TelegramChannel` (see bot/deliverer.py).

    A reply may take several Telegram messages (a long answer's chunks, its venue...).
    When one of them fails, the outbox sends the reply again later: the parts that had
    gone are remembered (in this process) and not sent a second time. A message
    Telegram refuses for good (400 Bad Request) is ``Undeliverable``: not retried."""

    def __init__(self, channel: TelegramChannel) -> None:
        self.channel = channel
        self._progress: OrderedDict[str, int] = OrderedDict()

    async def send(self, recipient: str, body: dict) -> None:
        key = _progress_key(recipient, body)
        done = self._progress.pop(key, 0)
        sent = [done]

        def one_more() -> None:
            sent[0] += 1

        try:
            await self.channel.send_reply(
                recipient, Reply.from_dict(body), skip=done, on_part=one_more
            )
        except RecipientUnavailable as exc:
            raise RecipientGone(str(exc)) from exc
        except BadRequest as exc:
            raise Undeliverable(exc.message) from exc
        except BaseException as exc:
            if sent[0]:  # to be tried again: what went, goes no more
                self._progress[key] = sent[0]
                while len(self._progress) > _PROGRESS_KEPT:
                    self._progress.popitem(last=False)
            if isinstance(exc, RetryAfter):
                raise RetryLater(_seconds(exc.retry_after)) from exc
            raise


def _progress_key(recipient: str, body: dict) -> str:
    """The outbox message being sent, else (sent without the outbox) its content."""
    message_id = SENDING.get()
    if message_id is not None:
        return f"outbox:{message_id}"
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(f"{recipient}\n{text}".encode()).hexdigest()
