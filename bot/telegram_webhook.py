"""Telegram webhook mode: Telegram posts each update to the path of
``TELEGRAM_WEBHOOK_URL`` on the web server of ``citizenbot serve`` (a reverse proxy
forwards it unchanged), with ``TELEGRAM_WEBHOOK_SECRET`` in the
``X-Telegram-Bot-Api-Secret-Token`` header.

The request is answered only once the update has been handled: 200 after the turn it
caused committed (its replies are in the outbox), 500 when it could not be (the
database was out): Telegram then delivers it again. An update handled already -- the
200 was lost, another worker took it -- is recognised by its id, written with the turn
(``processed_turns``), and not handled twice.
"""

from __future__ import annotations

import contextvars
import hmac
import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.web_errors import ApiError
from bot.web_input import read_json

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# What the bot handles (new and corrected messages, button presses, its being blocked or
# allowed again in a chat); Telegram sends nothing else.
ALLOWED_UPDATES = ("message", "edited_message", "callback_query", "my_chat_member")
BODY_TIMEOUT_S = 15.0


@dataclass
class Outcome:
    """Whether handling the update being posted failed (set by the error handler)."""

    failed: bool = False


_CURRENT: contextvars.ContextVar[Outcome | None] = contextvars.ContextVar(
    "citizenbot_webhook_outcome", default=None
)


def update_failed() -> None:
    """Called by the application's error handler: the update now posted was not handled
    (its request answers 500 and Telegram delivers it again)."""
    outcome = _CURRENT.get()
    if outcome is not None:
        outcome.failed = True


def webhook_path(url: str) -> str:
    return urlsplit(url).path or "/"


def add_webhook_route(
    app: web.Application, application: Application, url: str, secret: str
) -> None:
    """Serve Telegram's posts on the path of ``url`` in ``app``."""
    expected = secret.encode("utf-8")

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8")
        if not hmac.compare_digest(given, expected):
            logger.warning("webhook post refused: missing or wrong secret token")
            raise ApiError(401, "unauthorized", f"send {SECRET_HEADER}", SECRET_HEADER)
        if not application.running:  # the web server listens a moment before Telegram starts
            raise ApiError(503, "starting", "the bot is starting: post again shortly", None)
        data = await read_json(request, BODY_TIMEOUT_S)
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            raise ApiError(400, "bad_update", "a Telegram Update object is expected", "body")
        try:
            update = Update.de_json(data, application.bot)
        except (KeyError, TypeError, ValueError):
            raise ApiError(400, "bad_update", "not a Telegram Update object", "body") from None
        outcome = Outcome()
        token = _CURRENT.set(outcome)
        try:
            # one chat's updates in order in this process, as in polling mode
            await application.update_processor.process_update(
                update, application.process_update(update)
            )
        finally:
            _CURRENT.reset(token)
        if outcome.failed:
            logger.warning(
                "update %s not handled: Telegram will deliver it again", update.update_id
            )
            return web.json_response(
                {"error": "not_handled", "field": None, "detail": "try again later"}, status=500
            )
        return web.json_response({"ok": True})

    app.router.add_post(webhook_path(url), receive)
