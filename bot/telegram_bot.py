"""Telegram adapter: python-telegram-bot 22 in front of the dialogue.

Handlers are thin: update -> :class:`~flows.types.Turn` -> ``dialogue.handle`` ->
:meth:`TelegramChannel.send_replies`. Every message to a Telegram chat (dialogue
replies now; handoff relays and dossier notifications later) goes through
:class:`TelegramChannel`, which works with a bare :class:`telegram.Bot` too.

Logging never includes what a user wrote: only update ids, chat ids and kinds.
Starting and stopping the application (command menus, polling or webhook) is
bot/telegram_runner.py's.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.deliverer import Deliverer, Liveness
from bot.telegram_channel import (
    TYPING_AFTER_S,
    Images,
    RecipientUnavailable,
    TelegramChannel,
    TelegramSender,
)
from bot.telegram_guards import DOUBLE_PRESS_S, DoublePresses, adapter_text, addressed_to
from bot.telegram_http import AiohttpRequest
from bot.telegram_runner import PollingConfig, TelegramRunner, WebhookConfig, set_menus
from bot.telegram_updates import PerChatUpdateProcessor
from bot.telegram_webhook import update_failed
from flows.chat_gone import bot_blocked
from flows.commands import BOT_COMMANDS, command
from flows.dialogue import Dialogue
from flows.people import media_texts
from flows.types import Location, Reply, Turn
from knowledge.storage.db import OUTAGE_ERRORS, Database, DatabaseUnavailable
from knowledge.storage.outbox import OwnReplies, own_replies, sending_own

logger = logging.getLogger(__name__)

CHANNEL = "telegram"
APOLOGY = "Dạ, xin lỗi anh/chị, hệ thống đang gặp sự cố. Anh/chị vui lòng thử lại sau ít phút."
# What the bot reads, said to a photo... when the dialogue does not read them (the
# dialogue's own sentence: flows/people.yml).
UNSUPPORTED_MESSAGE = media_texts()("unreadable")

# What a message the dialogue cannot read may be, as the Bot API names it (``media``).
MEDIA_KINDS = ("photo", "sticker", "animation", "video", "video_note", "voice", "audio", "document")

_BOT_DATA_CHANNEL = "citizenbot.telegram_channel"
_BOT_DATA_DELIVERER = "citizenbot.telegram_deliverer"
_BOT_DATA_OTHERS = "citizenbot.telegram_others"
OTHERS_STOP_S = 10.0  # at stop, messages to other chats being sent are given this long

__all__ = [  # (the runner's names are imported from here too)
    "BOT_COMMANDS",
    "PollingConfig",
    "TelegramRunner",
    "WebhookConfig",
    "build_application",
    "channel_of",
    "deliverer_of",
]


class DialogueLike(Protocol):
    async def handle(self, turn: Turn) -> list[Reply]: ...


def _update_ids(update: object) -> tuple[object, object]:
    if isinstance(update, Update):
        chat = update.effective_chat
        return update.update_id, chat.id if chat is not None else None
    return None, None


class _Handlers:
    """Callbacks registered on the Application: parse, hand over, send back."""

    def __init__(self, dialogue: DialogueLike, double_press_s: float = DOUBLE_PRESS_S) -> None:
        self.dialogue = dialogue
        self.presses = DoublePresses(double_press_s)

    async def command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None or message.text is None:
            return
        name = message.text.split()[0].lstrip("/").split("@")[0].lower()
        spec = command(name)
        if spec is None:
            return
        payload = spec.payload
        if context.args:  # deep links: /start <param>
            payload = f"{payload}:{' '.join(context.args)}"
        await self._dispatch(update, context, payload=payload)

    async def text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None or message.text is None:
            return
        await self._dispatch(update, context, text=message.text)

    async def location(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None or message.location is None:
            return
        loc = message.location
        await self._dispatch(
            update, context, location=Location(lat=loc.latitude, lon=loc.longitude)
        )

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        try:
            await query.answer()
        except TelegramError as exc:  # e.g. "query is too old": keep going
            logger.warning(
                "answerCallbackQuery failed for update %s: %s", update.update_id, type(exc).__name__
            )
        if not isinstance(query.data, str) or not query.data:
            return
        if self.presses.again(update, query.data):
            logger.info("Telegram update %s: a double tap on a button, ignored", update.update_id)
            return
        await self._dispatch(update, context, payload=query.data)

    async def group(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A message in a group: someone addressing the bot is pointed to a private
        chat; the rest of the group's talk is none of its business."""
        message = update.effective_message
        if message is None or not addressed_to(message, context.bot):
            return
        await self._point_to_private(update, context)

    async def _point_to_private(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat = update.effective_chat
        if chat is None:
            return
        logger.info(
            "Telegram update %s in group chat %s: pointed to a private chat",
            update.update_id,
            chat.id,
        )
        note = adapter_text("group_note").format(bot=f"@{context.bot.username}")
        await channel_of(context.application).send_replies(chat.id, [Reply(note, kind="group")])

    async def unsupported(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat = update.effective_chat
        if chat is None:
            return
        message = update.effective_message
        if message is not None and getattr(self.dialogue, "reads_media", False):
            # a photo, a sticker...: the dialogue says what becomes of it (its caption is
            # passed on within a conversation with a person)
            kind = next((k for k in MEDIA_KINDS if getattr(message, k, None)), "other")
            await self._dispatch(update, context, media=kind, text=message.caption)
            return
        await channel_of(context.application).send_replies(
            chat.id, [Reply(UNSUPPORTED_MESSAGE, kind="unsupported")]
        )

    async def chat_member(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The bot's own membership changed: a person who blocked it gets no dossier
        notification any more and their request for a person ends (at once, not after
        the next message fails; a volunteer helping them is told at once)."""
        change = update.my_chat_member
        if change is None or change.new_chat_member.status != ChatMemberStatus.BANNED:
            return
        logger.info("Telegram update %s: the bot was blocked in a chat", update.update_id)
        if isinstance(self.dialogue, Dialogue):  # (a dialogue without storage: nothing to stop)
            await bot_blocked(self.dialogue, CHANNEL, str(change.chat.id))

    async def _dispatch(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, **fields: Any
    ) -> None:
        user = update.effective_user
        chat = update.effective_chat
        if user is None:
            return
        if chat is not None and chat.type != ChatType.PRIVATE:  # a button in a group...
            await self._point_to_private(update, context)
            return
        chat_id = chat.id if chat is not None else user.id
        turn = Turn(
            channel=CHANNEL,
            user_id=str(user.id),
            chat_id=str(chat_id),
            turn_id=f"update-{update.update_id}",
            **fields,
        )
        logger.debug(
            "Telegram update %s from chat %s: %s", update.update_id, chat_id, next(iter(fields))
        )
        channel = channel_of(context.application)
        deliverer: Deliverer | None = context.application.bot_data.get(_BOT_DATA_DELIVERER)
        if deliverer is None:  # a dialogue without storage (tests of this adapter)
            async with channel.typing(chat_id):
                replies = await self.dialogue.handle(turn)
            await channel.send_replies(chat_id, list(replies))
            return
        # The replies are queued in the outbox with the turn and, unless an earlier
        # message to the chat is unfinished, claimed for this handler in the same commit:
        # sent now, with no claim transaction of their own.
        own = OwnReplies(CHANNEL, str(chat_id), deliverer.holder, deliverer.lease)
        with sending_own(own):
            async with channel.typing(chat_id):
                await self.dialogue.handle(turn)
        try:
            await deliverer.send_own(own.claimed())
            if own.waiting() or not own.known:  # behind an earlier message, or unknown
                await deliverer.deliver_due(recipient=str(chat_id))
        except OUTAGE_ERRORS:  # the turn is saved: its replies go once the database is back
            logger.warning("replies to chat %s wait in the outbox (database out)", chat_id)


class _OthersDelivery:
    """Told what a turn queued: messages to other chats (a relay to a volunteer, a
    request's notice) are sent at once, each chat's in order; the sender's own replies
    are sent by the turn's handler (told what the commit claimed for it)."""

    def __init__(self, deliverer: Deliverer) -> None:
        self.deliverer = deliverer
        self.tasks: set[asyncio.Task] = set()

    def __call__(self, sent: list) -> None:
        own = own_replies()
        if own is not None:  # this commit is the turn of a handler sending its own replies
            own.committed(sent)
        chats = {
            m.recipient for m in sent if m.channel == CHANNEL and not m.key.startswith("turn:")
        }
        for chat in sorted(chats):
            task = asyncio.get_running_loop().create_task(self._deliver(chat))
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)

    async def _deliver(self, chat: str) -> None:
        try:
            await self.deliverer.deliver_due(recipient=chat)
        except Exception:  # the deliverer's loop tries again later
            logger.warning("sending to chat %s failed; the outbox keeps it", chat, exc_info=True)

    async def finish(self, within_s: float) -> None:
        """At stop: the sends under way end by themselves (sent and recorded), given
        ``within_s``, then are cancelled. Left running, they would be cut by the bot's
        HTTP client closing, or by the end of the event loop in the middle of their
        database work (an error in the log)."""
        tasks = set(self.tasks)
        if not tasks:
            return
        _done, pending = await asyncio.wait(tasks, timeout=within_s)
        if pending:
            logger.warning(
                "%d sends to other chats still running after %.0f s: stopped (the outbox "
                "keeps them)",
                len(pending),
                within_s,
            )
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)


async def _finish_sends(application: Application) -> None:
    """The application's ``post_stop`` (no update is handled any more; the bot still
    sends): what is being sent to other chats finishes before the bot shuts down."""
    others: _OthersDelivery | None = application.bot_data.get(_BOT_DATA_OTHERS)
    if others is not None:
        await others.finish(OTHERS_STOP_S)


async def _on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure (ids only) and apologise to the chat, if there is one."""
    error = context.error
    update_id, chat_id = _update_ids(update)
    update_failed()  # a webhook post of this update answers 500: Telegram sends it again
    if isinstance(error, RecipientUnavailable):
        logger.info("Telegram update %s: chat %s unavailable", update_id, chat_id)
        return
    if isinstance(error, DatabaseUnavailable):  # an outage, not a bug: no traceback
        logger.warning("Telegram update %s (chat %s) not handled: %s", update_id, chat_id, error)
    else:
        logger.error("Telegram update %s (chat %s) failed", update_id, chat_id, exc_info=error)
    if chat_id is None:
        return
    try:
        await channel_of(context.application).send_replies(chat_id, [Reply(APOLOGY, kind="error")])
    except Exception as exc:  # noqa: BLE001 - never let the error handler fail
        logger.warning("Could not send apology to chat %s: %s", chat_id, type(exc).__name__)


def deliverer_of(application: Application) -> Deliverer | None:
    """The application's outbox deliverer, when it was built with one."""
    return application.bot_data.get(_BOT_DATA_DELIVERER)


def channel_of(application: Application) -> TelegramChannel:
    """The :class:`TelegramChannel` of an application made by :func:`build_application`."""
    return application.bot_data[_BOT_DATA_CHANNEL]


def _file_url(base_url: str) -> str | None:
    """PTB convention: ``.../bot`` -> ``.../file/bot`` (both get the token appended)."""
    if base_url.endswith("/bot"):
        return base_url[: -len("bot")] + "file/bot"
    if base_url.endswith("/bot{token}"):
        return base_url[: -len("bot{token}")] + "file/bot{token}"
    return None


def build_application(
    token: str,
    dialogue: DialogueLike,
    *,
    base_url: str | None = None,
    connect_timeout: float = 5.0,
    read_timeout: float = 15.0,
    write_timeout: float = 15.0,
    pool_timeout: float = 5.0,
    max_concurrent_updates: int = 64,
    outbox: Database | None = None,
    on_gone: Callable[[str, str], Awaitable[None]] | None = None,
    images: Images | None = None,
    holder: str | None = None,
    liveness: Liveness | None = None,
    messages_per_second: float = 30.0,
    typing_after_s: float = TYPING_AFTER_S,
    double_press_s: float = DOUBLE_PRESS_S,
) -> Application:
    """A PTB :class:`~telegram.ext.Application` wired to ``dialogue``.

    ``base_url`` follows PTB's convention (the token is appended, e.g.
    ``http://127.0.0.1:8081/bot``); the file URL is derived from it.
    Start it with :class:`TelegramRunner`. With ``outbox`` (the database), replies
    leave through the outbox's Telegram deliverer (``deliverer_of``), which the
    dialogue must queue them for (``queued_channels``); ``on_gone`` hears of users who
    blocked the bot; ``holder`` names this worker on its claims and ``liveness`` is
    its alive lease (bot/deliverer.py);
    ``messages_per_second`` is this process's share of the bot's sending rate;
    "typing..." shows once a turn has taken ``typing_after_s``; a button pressed again
    within ``double_press_s`` is answered once.
    """
    timeouts = {
        "connect_timeout": connect_timeout,
        "read_timeout": read_timeout,
        "write_timeout": write_timeout,
        "pool_timeout": pool_timeout,
    }
    builder = (
        ApplicationBuilder()
        .token(token)
        .request(AiohttpRequest(pool_size=max_concurrent_updates, **timeouts))
        # one long poll at a time; PTB adds the long-poll timeout to the read timeout
        .get_updates_request(AiohttpRequest(pool_size=1, **timeouts))
        .concurrent_updates(PerChatUpdateProcessor(max_concurrent_updates))
        # Within Telegram's published limits (30 messages a second overall -- shared by
        # the workers --, 20 a minute per group); a 429 is not retried here: the caller
        # or the outbox waits it out.
        .rate_limiter(
            AIORateLimiter(
                overall_max_rate=messages_per_second, overall_time_period=1, max_retries=0
            )
        )
        .post_init(set_menus)
        .post_stop(_finish_sends)
    )
    if base_url:
        builder = builder.base_url(base_url)
        file_url = _file_url(base_url)
        if file_url:
            builder = builder.base_file_url(file_url)
        else:
            logger.warning("Cannot derive a Bot API file URL from TELEGRAM_BASE_URL")
    application = builder.build()
    # httpx logs every request URL at INFO, and Bot API URLs contain the token; PTB logs
    # every update and every answer whole at DEBUG (what people wrote, their phone
    # numbers and names): a debug log of the bot must not hold them
    for name, level in (("httpx", logging.WARNING), ("telegram", logging.INFO)):
        library_logger = logging.getLogger(name)
        if library_logger.level == logging.NOTSET:
            library_logger.setLevel(level)
    channel = TelegramChannel(application.bot, images=images, typing_after_s=typing_after_s)
    application.bot_data[_BOT_DATA_CHANNEL] = channel
    if outbox is not None:
        sender = TelegramSender(channel)
        deliverer = Deliverer(
            outbox, CHANNEL, sender, on_gone=on_gone, holder=holder, liveness=liveness
        )
        application.bot_data[_BOT_DATA_DELIVERER] = deliverer
        listeners = getattr(dialogue, "outbox_listeners", None)
        if listeners is not None:
            others = _OthersDelivery(deliverer)
            application.bot_data[_BOT_DATA_OTHERS] = others
            listeners.append(others)

    handlers = _Handlers(dialogue, double_press_s)
    new_messages = filters.UpdateType.MESSAGE
    # groups first: the dialogue talks with one person, in a private chat
    application.add_handler(
        MessageHandler(
            new_messages & ~filters.ChatType.PRIVATE & ~filters.StatusUpdate.ALL, handlers.group
        )
    )
    commands = [c.command for c in BOT_COMMANDS]
    application.add_handler(CommandHandler(commands, handlers.command, filters=new_messages))
    application.add_handler(
        MessageHandler(new_messages & filters.TEXT & ~filters.COMMAND, handlers.text)
    )
    # a message corrected in a private chat (a typo fixed) is answered as asked now
    application.add_handler(
        MessageHandler(
            filters.UpdateType.EDITED_MESSAGE
            & filters.ChatType.PRIVATE
            & filters.TEXT
            & ~filters.COMMAND,
            handlers.text,
        )
    )
    # unknown /commands go to the dialogue as text
    application.add_handler(MessageHandler(new_messages & filters.COMMAND, handlers.text))
    application.add_handler(MessageHandler(new_messages & filters.LOCATION, handlers.location))
    application.add_handler(CallbackQueryHandler(handlers.button))
    application.add_handler(
        ChatMemberHandler(handlers.chat_member, ChatMemberHandler.MY_CHAT_MEMBER)
    )
    application.add_handler(
        MessageHandler(
            new_messages & filters.ChatType.PRIVATE & ~filters.StatusUpdate.ALL,
            handlers.unsupported,
        )
    )
    application.add_error_handler(_on_error)
    return application
