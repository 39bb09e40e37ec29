"""The web chat's live messages: ``GET /api/chat/events``, a server-sent event stream.

What is pushed to a web user (a dossier's new status, a volunteer's or the staff's reply)
waits in the outbox's ``web`` channel (recipient: the web user id). The stream hands
each message out once, whole (the queued ``Reply.to_dict()``), as one ``data:`` event of
JSON, then waits and looks again:

* at once when woken: a turn of this process that queued a message for a web user
  (``OutboxPokes``, one of the dialogue's outbox listeners) pokes ``app[EVENT_HUB]``;
* when the hub's poller, which asks the outbox every ``web.events_poll_s`` seconds which
  of the connected users have messages waiting (one read for all the streams, so an idle
  stream costs no write), wakes it: messages queued by another process;
* a comment line every :data:`HEARTBEAT_S` seconds keeps proxies from closing an idle
  stream and finds a client that went away.

Only the session's own user is streamed (or, with the API key, the ``user_id`` named).
A stream ends when its client goes away, when the same user opens more than
:data:`MAX_STREAMS_PER_USER` (the oldest ends) and when the server shuts down (the app's
``on_shutdown`` closes the hub before aiohttp waits for handlers to finish).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass

from aiohttp import web

from bot.web_input import check_user_id
from bot.web_session import SessionSigner, identify
from knowledge.storage.db import DatabaseUnavailable

logger = logging.getLogger(__name__)

HEARTBEAT_S = 15.0
MAX_STREAMS_PER_USER = 3
EVENTS_PATH = "/api/chat/events"


class Listener:
    """One open stream: woken by a poke, ended by the hub."""

    __slots__ = ("user_id", "wake", "ended")

    def __init__(self, user_id: str) -> None:
        self.user_id = user_id
        self.wake = asyncio.Event()
        self.ended = False

    def end(self) -> None:
        self.ended = True
        self.wake.set()


class EventHub:
    """The open streams of one app, by web user id."""

    def __init__(self) -> None:
        self._listeners: dict[str, list[Listener]] = {}
        self._watchers: set[asyncio.Event] = set()
        self.closed = False

    def poke(self, user_id: str) -> None:
        """Something was queued for ``user_id``: their streams look now."""
        for listener in self._listeners.get(user_id, ()):
            listener.wake.set()

    def poke_all(self) -> None:
        for listeners in self._listeners.values():
            for listener in listeners:
                listener.wake.set()

    def streams(self, user_id: str | None = None) -> int:
        """How many streams are open (for ``user_id``, or in all)."""
        if user_id is not None:
            return len(self._listeners.get(user_id, ()))
        return sum(len(listeners) for listeners in self._listeners.values())

    async def wait_streams(self, count: int, user_id: str | None = None) -> None:
        """Until exactly ``count`` streams are open (for ``user_id``, or in all)."""
        while self.streams(user_id) != count:
            changed = asyncio.Event()
            self._watchers.add(changed)
            try:
                await changed.wait()
            finally:
                self._watchers.discard(changed)

    def _changed(self) -> None:
        for watcher in self._watchers:
            watcher.set()

    @contextmanager
    def listening(self, user_id: str) -> Iterator[Listener]:
        """A listener for ``user_id`` while the stream is open; past the per-user limit
        the user's oldest stream is ended."""
        listener = Listener(user_id)
        if self.closed:
            listener.end()
        listeners = self._listeners.setdefault(user_id, [])
        listeners.append(listener)
        for oldest in listeners[:-MAX_STREAMS_PER_USER]:
            oldest.end()
        self._changed()
        try:
            yield listener
        finally:
            listeners.remove(listener)
            if not listeners:
                del self._listeners[user_id]
            self._changed()

    def users(self) -> list[str]:
        """The web users with a stream open."""
        return list(self._listeners)

    async def poll(
        self, find_waiting: Callable[[list[str]], Awaitable[set[str]]], interval_s: float
    ) -> None:
        """Every ``interval_s``, wake the streams of users with messages waiting (queued by
        another process); until the hub closes or the task is cancelled."""
        failing = False
        while not self.closed:
            users = self.users()
            if users:
                try:
                    waiting = await find_waiting(users)
                    failing = False
                except DatabaseUnavailable as exc:
                    if not failing:
                        logger.warning("web chat events: outbox not read (will retry): %s", exc)
                    waiting, failing = set(), True
                for user_id in waiting:
                    self.poke(user_id)
            await asyncio.sleep(interval_s)

    def close(self) -> None:
        """End every stream (the server is shutting down); none opens any more."""
        self.closed = True
        for listeners in self._listeners.values():
            for listener in listeners:
                listener.end()


class OutboxPokes:
    """Told what each turn's commit queued in the outbox (``Dialogue.outbox_listeners``):
    the streams of the web users it queued for look at once (a relay from a volunteer, a
    staff reply). Messages queued by other processes are found by the hub's poll."""

    def __init__(self, hub: EventHub) -> None:
        self.hub = hub

    def __call__(self, sent) -> None:
        for message in sent:
            if message.channel == "web":
                self.hub.poke(message.recipient)


@dataclass(frozen=True)
class EventsContext:
    """What the streams need: ``take`` hands out a user's pending web messages once,
    ``find_waiting`` tells which of some users have messages waiting."""

    hub: EventHub
    take: Callable[[str], Awaitable[list[dict]]]
    find_waiting: Callable[[list[str]], Awaitable[set[str]]]
    signer: SessionSigner
    api_key: str | None
    poll_s: float
    heartbeat_s: float = HEARTBEAT_S


EVENT_HUB = web.AppKey("event_hub", EventHub)
EVENTS = web.AppKey("events", EventsContext)


def setup_web_events(app: web.Application, context: EventsContext) -> None:
    """Add ``GET /api/chat/events`` to ``app``; its hub closes when the app shuts down."""
    app[EVENTS] = context
    app[EVENT_HUB] = context.hub
    app.router.add_get(EVENTS_PATH, chat_events, allow_head=False)
    app.cleanup_ctx.append(_polling)
    app.on_shutdown.append(_close_hub)


async def _polling(app: web.Application):
    context = app[EVENTS]
    task = asyncio.get_running_loop().create_task(
        context.hub.poll(context.find_waiting, context.poll_s)
    )
    yield
    task.cancel()
    with suppress(asyncio.CancelledError):
        await task


async def _close_hub(app: web.Application) -> None:
    streams = app[EVENT_HUB].streams()
    app[EVENT_HUB].close()
    if streams:
        logger.info("shutting down: %d web chat event streams ended", streams)


def encode_event(body: dict) -> bytes:
    """One server-sent event: the message as one line of JSON."""
    return b"data: " + json.dumps(body, ensure_ascii=False).encode("utf-8") + b"\n\n"


async def chat_events(request: web.Request) -> web.StreamResponse:
    """The session's user's pushed messages, as they come (text/event-stream)."""
    context = request.app[EVENTS]
    claimed = request.query.get("user_id")
    if claimed is not None:
        claimed = check_user_id(claimed)
    caller = identify(request, context.signer, context.api_key, claimed, may_start=False)
    response = web.StreamResponse(headers={"X-Accel-Buffering": "no"})
    response.content_type = "text/event-stream"
    response.charset = "utf-8"
    await response.prepare(request)
    with context.hub.listening(caller.user_id) as listener:
        try:
            await response.write(b": stream open\n\n")
            await _stream(request, response, context, listener)
        except ConnectionError:
            logger.debug("a web chat event stream's client went away")
    return response


async def _stream(
    request: web.Request,
    response: web.StreamResponse,
    context: EventsContext,
    listener: Listener,
) -> None:
    """Hand out what waits, then again whenever woken; a heartbeat when idle."""
    loop = asyncio.get_running_loop()
    next_beat = loop.time() + context.heartbeat_s
    look = True  # at once: what waited before the stream opened
    while not listener.ended and _connected(request):
        if look:
            listener.wake.clear()  # before looking: a poke while we look is not lost
            for body in await _take(context, listener.user_id):
                await response.write(encode_event(body))
        now = loop.time()
        if now >= next_beat:
            await response.write(b": \n\n")
            next_beat = now + context.heartbeat_s
        try:
            async with asyncio.timeout(next_beat - now):
                await listener.wake.wait()
            look = True
        except TimeoutError:
            look = False


async def _take(context: EventsContext, user_id: str) -> list[dict]:
    try:
        return await context.take(user_id)
    except DatabaseUnavailable as exc:
        # Left pending: the poller finds it again and wakes this stream.
        logger.warning("web chat events not handed out (will retry): %s", exc)
        return []


def _connected(request: web.Request) -> bool:
    transport = request.transport
    return transport is not None and not transport.is_closing()
