"""A fake Telegram Bot API server for end-to-end tests (aiohttp on 127.0.0.1).

The real python-telegram-bot ``Application`` talks to it over real HTTP
(``ApplicationBuilder().base_url(fake.base_url)``). Tests play the user's side
(``user_sends_text``, ``user_presses_button``...) and inspect what the bot sent
(``sent``, ``wait_for``).

Like Telegram, it answers with real Bot API objects, keeps updates until they are
confirmed with ``offset``, long-polls ``getUpdates``, and refuses what Telegram
refuses: bad HTML (unknown tags, unescaped ``<``/``&``), messages over 4096
characters after entity parsing, empty messages, ``callback_data`` over 64 bytes,
inline keyboards of over 100 buttons (8 a row) or with a blank label, and anything
sent to a user who blocked the bot (403).
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import itertools
import json
import re
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
from aiohttp import web

TOKEN = "123456789:TEST-citizenbot-fake-token"
BOT_ID = 123456789
BOT_USERNAME = "citizenbot_test_bot"

Call = tuple[str, dict[str, Any]]

# Form fields PTB sends as plain strings; every other field is JSON-encoded.
_STRING_FIELDS = frozenset(
    {
        "text",
        "title",
        "address",
        "caption",
        "parse_mode",
        "callback_query_id",
        "action",
        "url",
        "description",
        "short_description",
        "name",
        "language_code",
        "data",
        "query",
        "emoji",
        "secret_token",
        "foursquare_id",
        "foursquare_type",
        "google_place_id",
        "google_place_type",
        "inline_message_id",
    }
)
_ALLOWED_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "code",
        "pre",
        "blockquote",
        "tg-emoji",
    }
)
_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9-]*)(\s[^<>]*)?>")
_ENTITY = re.compile(r"&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
_MESSAGE_LIMIT = 4096
_CALLBACK_DATA_LIMIT = 64


class ApiError(Exception):
    def __init__(self, code: int, description: str, parameters: dict | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


def parse_html(text: str) -> str:
    """The plain text Telegram would show for ``text`` in HTML parse mode."""
    out: list[str] = []
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char == "<":
            match = _TAG.match(text, pos)
            if not match:
                raise ApiError(400, f"Bad Request: can't parse entities: unexpected '<' at {pos}")
            if match.group(1).lower() not in _ALLOWED_TAGS:
                raise ApiError(
                    400,
                    "Bad Request: can't parse entities: Unsupported start tag "
                    f'"{match.group(1)}" at byte offset {pos}',
                )
            pos = match.end()
        elif char == "&":
            match = _ENTITY.match(text, pos)
            if not match:
                raise ApiError(400, f"Bad Request: can't parse entities: unescaped '&' at {pos}")
            out.append(html.unescape(match.group(0)))
            pos = match.end()
        else:
            out.append(char)
            pos += 1
    return "".join(out)


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _decode_form(fields: dict[str, str]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for key, value in fields.items():
        if key in _STRING_FIELDS or not isinstance(value, str):
            params[key] = value
            continue
        try:
            params[key] = json.loads(value)
        except ValueError:
            params[key] = value
    return params


class Held:
    """A call kept waiting by the fake (``hold_next``), as a slow network would keep it:
    ``arrived`` once it came; answered once ``release()``d."""

    def __init__(self) -> None:
        self.arrived = asyncio.Event()
        self._released = asyncio.Event()

    def release(self) -> None:
        self._released.set()


class FakeTelegram:
    """Fake Bot API server. ``await start()``, point PTB at ``base_url``, ``await stop()``."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.sent: list[Call] = []  # every call the bot made and we accepted, in order
        self.failed: list[tuple[str, dict[str, Any], int, str]] = []  # refused calls
        self.unknown_methods: list[str] = []
        self.commands: dict[tuple[str, str], list[dict]] = {}
        self.messages: dict[tuple[int | str, int], dict] = {}  # (chat_id, message_id)
        self.get_updates_calls = 0
        self.webhook: dict[str, Any] | None = None  # setWebhook's parameters, once set
        self.webhook_updates: list[dict] = []  # made while a webhook was set
        self._pending: list[dict] = []
        self._blocked: set[int | str] = set()
        self._fail_next: dict[str, list[ApiError | None]] = {}
        self._held: dict[str, Held] = {}
        self._update_ids = itertools.count(1000)
        self._message_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._updates_changed = asyncio.Event()
        self._sent_changed = asyncio.Event()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self.port: int | None = None
        self._handlers: dict[str, Callable[[dict[str, Any]], Any]] = {
            "getme": self._get_me,
            "deletewebhook": self._delete_webhook,
            "setwebhook": self._set_webhook,
            "getupdates": self._get_updates,
            "sendmessage": self._send_message,
            "sendchataction": self._true,
            "sendvenue": self._send_venue,
            "sendphoto": self._send_photo,
            "sendlocation": self._send_location,
            "answercallbackquery": self._true,
            "setmycommands": self._set_my_commands,
            "getmycommands": self._get_my_commands,
            "editmessagereplymarkup": self._edit_reply_markup,
        }

    # ---- lifecycle -------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, handler_cancellation=True, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        self._closing = True
        self._wake_pollers()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegram:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """Bot API base URL in PTB's convention (the token gets appended)."""
        if self.port is None:
            raise RuntimeError("FakeTelegram is not started")
        return f"http://127.0.0.1:{self.port}/bot"

    # ---- the user's side -------------------------------------------------------------

    def user_sends_text(self, user_id: int, text: str, *, chat_id: int | None = None) -> dict:
        """Queue a text message; a leading ``/command`` gets its bot_command entity."""
        message = self._user_message(user_id, chat_id, text=text)
        if text.startswith("/"):
            length = len(text.split()[0]) if text.split() else 1
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        self._push_update({"message": message})
        return message

    def user_sends_location(
        self, user_id: int, lat: float, lon: float, *, chat_id: int | None = None
    ) -> dict:
        message = self._user_message(user_id, chat_id, location={"latitude": lat, "longitude": lon})
        self._push_update({"message": message})
        return message

    def user_sends_photo(
        self, user_id: int, *, chat_id: int | None = None, caption: str | None = None
    ) -> dict:
        photo = [{"file_id": "photo-1", "file_unique_id": "p1", "width": 90, "height": 90}]
        extra = {"caption": caption} if caption is not None else {}
        message = self._user_message(user_id, chat_id, photo=photo, **extra)
        self._push_update({"message": message})
        return message

    def user_sends_document(
        self, user_id: int, *, caption: str | None = None, chat_id: int | None = None
    ) -> dict:
        """Queue a file (a PDF scan), with ``caption`` if given."""
        document = {"file_id": "doc-1", "file_unique_id": "d1", "file_name": "giay-to.pdf"}
        extra = {"caption": caption} if caption is not None else {}
        message = self._user_message(user_id, chat_id, document=document, **extra)
        self._push_update({"message": message})
        return message

    def user_blocks_bot(self, user_id: int) -> dict:
        """The user blocks the bot: Telegram tells it (``my_chat_member``, "kicked") and
        refuses every message to the chat from now on."""
        self._blocked.add(user_id)
        now = int(time.time())
        bot = {"user": self._bot_user()}
        change = {
            "chat": self._chat(user_id),
            "from": self._user(user_id),
            "date": now,
            "old_chat_member": {**bot, "status": "member"},
            "new_chat_member": {**bot, "status": "kicked", "until_date": 0},
        }
        return self._push_update({"my_chat_member": change})

    def user_edits_text(self, message: dict, text: str) -> dict:
        """Queue the edit of one of the user's text messages (``edited_message``)."""
        edited = {**message, "text": text, "edit_date": int(time.time())}
        self.messages[(edited["chat"]["id"], edited["message_id"])] = edited
        self._push_update({"edited_message": edited})
        return edited

    def user_sends_contact(self, user_id: int, phone: str, *, chat_id: int | None = None) -> dict:
        """Queue a contact card (the user's own phone number, as the "share" button sends)."""
        contact = {"phone_number": phone, "first_name": "Lan", "user_id": user_id}
        message = self._user_message(user_id, chat_id, contact=contact)
        self._push_update({"message": message})
        return message

    def user_presses_button(
        self, user_id: int, message_id: int, data: str, *, chat_id: int | None = None
    ) -> str:
        """Queue a callback query for a button of the bot's message; returns its id."""
        chat_id = user_id if chat_id is None else chat_id
        message = self.messages.get((chat_id, message_id)) or {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": self._chat(chat_id),
            "from": self._bot_user(),
            "text": "",
        }
        query_id = str(next(self._callback_ids))
        self._push_update(
            {
                "callback_query": {
                    "id": query_id,
                    "from": self._user(user_id),
                    "message": message,
                    "chat_instance": f"ci-{chat_id}",
                    "data": data,
                }
            }
        )
        return query_id

    def block_user(self, user_id: int) -> None:
        """From now on, sending to this user's chat answers 403 (bot blocked)."""
        self._blocked.add(user_id)

    def fail_next(
        self,
        method: str,
        code: int = 400,
        description: str = "Bad Request: injected",
        *,
        retry_after: int | None = None,
        after: int = 0,
    ) -> None:
        """Make the next call of ``method`` fail (e.g. 429 with ``retry_after``); with
        ``after``, the next but that many (they go through)."""
        params = {"retry_after": retry_after} if retry_after is not None else None
        queue = self._fail_next.setdefault(method.lower(), [])
        queue.extend([None] * after)
        queue.append(ApiError(code, description, params))

    def hold_next(self, method: str) -> Held:
        """Keep the next call of ``method`` waiting until the test releases it."""
        held = self._held[method.lower()] = Held()
        return held

    # ---- inspecting the bot's side ---------------------------------------------------

    def calls(self, method: str, *, since: int = 0) -> list[dict[str, Any]]:
        """Params of the accepted calls of ``method`` (case-insensitive)."""
        return [p for m, p in self.sent[since:] if m.lower() == method.lower()]

    async def wait_for(
        self,
        condition: int | Callable[[list[Call]], Any],
        timeout: float = 60.0,  # noqa: ASYNC109 - every wait in a test is bounded
        *,
        since: int = 0,
    ) -> list[Call]:
        """Wait until ``sent[since:]`` has ``condition`` calls (an int) or satisfies it
        (a predicate over the list); return that list. Fails after ``timeout`` seconds."""
        check: Callable[[list[Call]], Any]
        if isinstance(condition, int):
            count = condition
            check = lambda calls: len(calls) >= count  # noqa: E731
        else:
            check = condition
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            calls = self.sent[since:]
            if check(calls):
                return calls
            remaining = deadline - loop.time()
            if remaining <= 0:
                got = [m for m, _ in calls]
                raise AssertionError(
                    f"timed out after {timeout}s waiting for Telegram calls; got {got}; "
                    f"refused {[(m, c, d) for m, _, c, d in self.failed]}"
                )
            event = self._sent_changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)

    async def wait_for_method(
        self,
        method: str,
        count: int = 1,
        timeout: float = 60.0,  # noqa: ASYNC109 - every wait in a test is bounded
        *,
        since: int = 0,
    ) -> list[dict[str, Any]]:
        """Wait for ``count`` accepted calls of ``method``; return their params."""
        await self.wait_for(
            lambda calls: sum(m.lower() == method.lower() for m, _ in calls) >= count,
            timeout,
            since=since,
        )
        return self.calls(method, since=since)

    # ---- HTTP ------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"]
        params = dict(request.query)
        files: dict[str, bytes] = {}
        if request.can_read_body:
            if request.content_type == "application/json":
                params.update(await request.json())
            else:
                form = await request.post()
                params.update({k: v for k, v in form.items() if isinstance(v, str)})
                files = {k: v.file.read() for k, v in form.items() if isinstance(v, web.FileField)}
        params = _decode_form(params) if request.content_type != "application/json" else params
        for name, content in files.items():  # an uploaded file: its bytes, as Telegram got them
            params[name] = content
        key = method.lower()
        try:
            result = await self._dispatch(key, method, params)
        except ApiError as err:
            if key != "getupdates":
                self.failed.append((method, params, err.code, err.description))
            body: dict[str, Any] = {
                "ok": False,
                "error_code": err.code,
                "description": err.description,
            }
            if err.parameters:
                body["parameters"] = err.parameters
            return web.json_response(body, status=err.code)
        if key == "getupdates":
            self.get_updates_calls += 1
        else:
            self.sent.append((method, params))
            self._sent_changed.set()
            self._sent_changed = asyncio.Event()
        return web.json_response({"ok": True, "result": result})

    async def _dispatch(self, key: str, method: str, params: dict[str, Any]) -> Any:
        held = self._held.pop(key, None)
        if held is not None:
            held.arrived.set()
            await held._released.wait()
        injected = self._fail_next.get(key)
        if injected:
            error = injected.pop(0)
            if error is not None:
                raise error
        chat_id = params.get("chat_id")
        if chat_id is not None and chat_id in self._blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        handler = self._handlers.get(key)
        if handler is None:
            self.unknown_methods.append(method)
            return True
        result = handler(params)
        if asyncio.iscoroutine(result):
            result = await result
        return result

    # ---- methods ---------------------------------------------------------------------

    def _true(self, params: dict[str, Any]) -> bool:
        return True

    def _get_me(self, params: dict[str, Any]) -> dict:
        return {
            **self._bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def _set_webhook(self, params: dict[str, Any]) -> bool:
        if not str(params.get("url", "")).startswith(("https://", "http://127.0.0.1")):
            raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided")
        self.webhook = dict(params)
        return True

    def _delete_webhook(self, params: dict[str, Any]) -> bool:
        self.webhook = None
        if params.get("drop_pending_updates"):
            self._pending.clear()
        return True

    async def _get_updates(self, params: dict[str, Any]) -> list[dict]:
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        if offset > 0:  # confirm everything before offset
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not self._pending and not self._closing:
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            event = self._updates_changed
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                break
        if self._closing:
            return []
        return self._pending[:limit]

    def _send_message(self, params: dict[str, Any]) -> dict:
        text = str(params.get("text", ""))
        if params.get("parse_mode", "").lower() == "html":
            text = parse_html(text)
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if _utf16_len(text) > _MESSAGE_LIMIT:
            raise ApiError(400, "Bad Request: message is too long")
        markup = self._check_markup(params.get("reply_markup"))
        return self._bot_message(params["chat_id"], markup, text=text)

    def _send_photo(self, params: dict[str, Any]) -> dict:
        photo = params.get("photo")
        if isinstance(photo, str) and photo.startswith("attach://"):
            photo = params.get(photo[len("attach://") :])
        if not isinstance(photo, bytes) or not photo.startswith(b"\x89PNG"):
            raise ApiError(400, "Bad Request: photo must be an uploaded image")
        params["photo"] = photo
        size = {"file_id": "sent-photo", "file_unique_id": "sp", "width": 1080, "height": 1080}
        caption = parse_html(str(params.get("caption", "")))
        markup = self._check_markup(params.get("reply_markup"))
        return self._bot_message(params["chat_id"], markup, photo=[size], caption=caption)

    def _send_venue(self, params: dict[str, Any]) -> dict:
        location = {"latitude": float(params["latitude"]), "longitude": float(params["longitude"])}
        venue = {"location": location, "title": params["title"], "address": params["address"]}
        markup = self._check_markup(params.get("reply_markup"))
        return self._bot_message(params["chat_id"], markup, venue=venue, location=location)

    def _send_location(self, params: dict[str, Any]) -> dict:
        location = {"latitude": float(params["latitude"]), "longitude": float(params["longitude"])}
        markup = self._check_markup(params.get("reply_markup"))
        return self._bot_message(params["chat_id"], markup, location=location)

    def _set_my_commands(self, params: dict[str, Any]) -> bool:
        scope = (params.get("scope") or {}).get("type", "default")
        self.commands[(scope, params.get("language_code") or "")] = list(params["commands"])
        return True

    def _get_my_commands(self, params: dict[str, Any]) -> list[dict]:
        scope = (params.get("scope") or {}).get("type", "default")
        return self.commands.get((scope, params.get("language_code") or ""), [])

    def _edit_reply_markup(self, params: dict[str, Any]) -> dict | bool:
        if "inline_message_id" in params:
            return True
        key = (params["chat_id"], int(params["message_id"]))
        message = self.messages.get(key)
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        markup = self._check_markup(params.get("reply_markup"))
        message.pop("reply_markup", None)
        if markup and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        return message

    # ---- objects ---------------------------------------------------------------------

    @staticmethod
    def _check_markup(markup: Any) -> dict | None:
        if isinstance(markup, str):
            markup = json.loads(markup)
        if not markup:
            return None
        rows = markup.get("inline_keyboard", [])
        if sum(len(row) for row in rows) > 100 or any(len(row) > 8 for row in rows):
            raise ApiError(400, "Bad Request: reply markup is too long")
        for row in rows:
            for button in row:
                if not str(button.get("text", "")).strip():
                    raise ApiError(
                        400, "Bad Request: text buttons are unallowed in the inline keyboard"
                    )
                data = button.get("callback_data")
                if data is not None and not 1 <= len(data.encode()) <= _CALLBACK_DATA_LIMIT:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
        return markup

    def _bot_message(self, chat_id: int | str, markup: dict | None, **content: Any) -> dict:
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": self._chat(chat_id),
            "from": self._bot_user(),
            **content,
        }
        if markup and "inline_keyboard" in markup:  # Telegram echoes inline keyboards only
            message["reply_markup"] = markup
        self.messages[(chat_id, message["message_id"])] = message
        return message

    def _user_message(self, user_id: int, chat_id: int | None, **content: Any) -> dict:
        chat_id = user_id if chat_id is None else chat_id
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": self._chat(chat_id),
            "from": self._user(user_id),
            **content,
        }
        self.messages[(chat_id, message["message_id"])] = message
        return message

    @staticmethod
    def _user(user_id: int) -> dict:
        return {"id": user_id, "is_bot": False, "first_name": "Dân", "language_code": "vi"}

    @staticmethod
    def _bot_user() -> dict:
        return {"id": BOT_ID, "is_bot": True, "first_name": "CitizenBot", "username": BOT_USERNAME}

    @staticmethod
    def _chat(chat_id: int | str) -> dict:
        if isinstance(chat_id, int) and chat_id < 0:
            return {"id": chat_id, "type": "group", "title": "Tổ công nghệ số"}
        return {"id": chat_id, "type": "private", "first_name": "Dân"}

    def _push_update(self, body: dict) -> dict:
        update = {"update_id": next(self._update_ids), **body}
        if self.webhook is not None:  # Telegram posts it instead of holding it for polling
            self.webhook_updates.append(update)
            return update
        self._pending.append(update)
        self._wake_pollers()
        return update

    # ---- webhook mode ------------------------------------------------------------------

    def last_update(self) -> dict:
        """The update the last ``user_...`` call made (webhook mode: not yet posted)."""
        return self.webhook_updates[-1]

    async def post_update(self, update: dict, *, secret: str | None = None) -> int:
        """Post ``update`` to the webhook as Telegram does (its secret token unless
        ``secret`` says otherwise, "" for none); the HTTP status it got."""
        if self.webhook is None:
            raise AssertionError("no webhook set")
        token = self.webhook.get("secret_token", "") if secret is None else secret
        headers = {"X-Telegram-Bot-Api-Secret-Token": token} if token else {}
        async with aiohttp.ClientSession() as session:
            async with session.post(self.webhook["url"], json=update, headers=headers) as resp:
                await resp.read()
                return resp.status

    def _wake_pollers(self) -> None:
        self._updates_changed.set()
        self._updates_changed = asyncio.Event()


@contextlib.asynccontextmanager
async def running_bot(
    fake: FakeTelegram,
    dialogue: Any,
    *,
    outbox: Any = None,
    stop_timeout: float = 20.0,
    **options: Any,
) -> AsyncIterator[Any]:
    """Run the real citizenbot Telegram application against ``fake``; yields the
    PTB Application. Works with any object that has ``async handle(turn)``; the real
    dialogue queues its Telegram replies in the outbox, so it needs ``outbox`` (its
    database: the bot's deliverer sends them); ``options`` go to ``build_application``
    (e.g. ``typing_after_s=0``)."""
    from bot.telegram_bot import PollingConfig, TelegramRunner, build_application

    if outbox is None and "telegram" in getattr(dialogue, "queued_channels", ()):
        raise ValueError("this dialogue queues Telegram replies: pass its database as outbox")
    images = None
    if hasattr(dialogue, "people"):  # the real dialogue: volunteers' cards are drawn
        from bot.card_image import card_images

        images = card_images(dialogue.people.tools)
    application = build_application(
        fake.token, dialogue, base_url=fake.base_url, outbox=outbox, images=images, **options
    )
    runner = TelegramRunner(application, PollingConfig(timeout_s=5))
    await asyncio.wait_for(runner.start(), stop_timeout)
    try:
        yield application
    finally:
        await asyncio.wait_for(runner.stop(), stop_timeout)
