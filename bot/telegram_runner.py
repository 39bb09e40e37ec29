"""Starting and stopping the Telegram application inside citizenbot's event loop: the
command menus it sets at start, the updates it asks for (polling or the webhook), a stop
that is safe at any point.

The command menu lists every command in private chats; in group chats, where the bot
answers nobody (bot.telegram_guards points them to a private chat), only "/start".
"""

from __future__ import annotations

import datetime as dtm
import logging
from dataclasses import dataclass, field
from typing import Any

from telegram import Bot, BotCommand, BotCommandScopeAllGroupChats
from telegram.error import InvalidToken, TelegramError
from telegram.ext import Application

from bot.telegram_guards import adapter_text
from bot.telegram_webhook import ALLOWED_UPDATES
from flows.commands import BOT_COMMANDS, BotCommandSpec

logger = logging.getLogger(__name__)

# The one command of the group chats' menu: it points to a private chat.
GROUP_COMMAND = "start"


async def register_commands(bot: Bot, commands: tuple[BotCommandSpec, ...] = BOT_COMMANDS) -> None:
    """Show ``commands`` in Telegram's command menu of private chats, and only
    ``/start`` in group chats (failures are logged only)."""
    group_menu = [BotCommand(GROUP_COMMAND, adapter_text("group_menu_start"))]
    for scope, menu in (
        (None, [BotCommand(c.command, c.description) for c in commands]),
        (BotCommandScopeAllGroupChats(), group_menu),
    ):
        try:
            await bot.set_my_commands(menu, scope=scope)
        except TelegramError as exc:
            logger.warning("setMyCommands failed: %s", exc)


async def set_menus(application: Application) -> None:
    """The application's ``post_init``: its command menus."""
    await register_commands(application.bot)


async def _close_quietly(bot: Bot) -> None:
    try:
        await bot.shutdown()
    except Exception:
        logger.exception("Closing the Telegram bot's HTTP clients failed")


@dataclass(frozen=True)
class PollingConfig:
    """Long polling (getUpdates)."""

    timeout_s: float = 10.0
    drop_pending_updates: bool = False


@dataclass(frozen=True)
class WebhookConfig:
    """Telegram posts updates to ``url`` (served by bot.telegram_webhook on the web
    server); the runner registers it with ``setWebhook`` at start and leaves it set at
    stop (other workers may still be serving it)."""

    url: str
    secret: str = field(repr=False)
    max_connections: int = 40


class TelegramRunner:
    """Start and stop an Application inside an already running event loop
    (next to the aiohttp web server), instead of PTB's blocking ``run_polling``."""

    def __init__(
        self,
        application: Application,
        mode: PollingConfig | WebhookConfig | None = PollingConfig(),  # noqa: B008 - frozen
    ) -> None:
        self.application = application
        self.mode = mode
        self._initialized = False
        self._started = False

    async def start(self) -> None:
        """Initialise, run post-init (commands), start processing and polling.

        On failure everything already started is stopped again and the error raised.
        """
        app = self.application
        try:
            try:
                await app.initialize()
            except BaseException:
                await _close_quietly(app.bot)
                raise
            self._initialized = True
            if app.post_init is not None:
                await app.post_init(app)
            await app.start()
            self._started = True
            await self._start_updates()
        except InvalidToken:
            await self.stop()
            # PTB's message quotes the token; never let it reach the logs
            raise InvalidToken("The Telegram bot token was rejected by the server.") from None
        except BaseException:
            await self.stop()
            raise

    async def _start_updates(self) -> None:
        """Ask for the updates the bot handles (``ALLOWED_UPDATES``: messages, buttons,
        being blocked), by webhook or by polling."""
        if self.mode is None:  # another worker polls or registers the webhook
            return
        if isinstance(self.mode, WebhookConfig):
            await self.application.bot.set_webhook(
                url=self.mode.url,
                secret_token=self.mode.secret,
                allowed_updates=list(ALLOWED_UPDATES),
                max_connections=self.mode.max_connections,
            )
            logger.info("Telegram webhook set (%d connections at most)", self.mode.max_connections)
            return
        updater = self.application.updater
        if updater is None:
            raise RuntimeError("Application was built without an Updater")
        await updater.start_polling(
            timeout=dtm.timedelta(seconds=self.mode.timeout_s),
            drop_pending_updates=self.mode.drop_pending_updates,
            allowed_updates=list(ALLOWED_UPDATES),
        )

    async def stop(self) -> None:
        """Stop polling, processing and shut down; safe to call at any point, twice too."""
        app = self.application
        steps: list[tuple[str, Any]] = []
        if app.updater is not None and app.updater.running:
            steps.append(("updater.stop", app.updater.stop))
        if self._started:
            if app.running:
                steps.append(("stop", app.stop))
            if app.post_stop is not None:
                steps.append(("post_stop", lambda: app.post_stop(app)))
        if self._initialized:
            steps.append(("shutdown", app.shutdown))
            if app.post_shutdown is not None:
                steps.append(("post_shutdown", lambda: app.post_shutdown(app)))
        self._started = self._initialized = False
        for name, step in steps:
            try:
                await step()
            except Exception:
                logger.exception("Telegram %s failed", name)
