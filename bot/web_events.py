"""The web chat's live messages: ``GET /api/chat/events``, a server-sent event stream.

What is pushed to a web user (a dossier's new status, a volunteer's or the staff's reply)
waits in the outbox's ``web`` channel (recipient: the web user id). A stream takes the
user's waiting messages (``Reply.to_dict()``, whole); taken, they stay readable in the
database a while (``knowledge/dossiers/web_outbox.py``), and every stream of the user --
in this process or in another on the same database -- sends, as one ``data:`` event of
JSON with an ``id:``, each message handed out past its own position, then waits and
looks again:

* at once when woken: a turn of this process that queued a message for a web user
  (``OutboxPokes``, one of the dialogue's outbox listeners) pokes ``app[EVENT_HUB]``;
  so does a stream of the same user in this process that took messages;
* when the hub's poller, which asks the outbox every ``web.events_poll_s`` seconds where
  the messages of the connected users stand (one read for all the streams, so an idle
  stream costs no write), wakes it: messages queued by another process, or taken by a
  stream of the same user in another process (every tab gets every message);
* a comment line every :data:`HEARTBEAT_S` seconds keeps proxies from closing an idle
  stream and finds a client that went away.

Delivery is acknowledged the server-sent events' way: a stream opens with an ``id:``
(its starting position) and the client reconnects with the last id it handled as the
``Last-Event-ID`` header; what came after it is handed out again (a message written on a
connection that dropped is not lost; the page shows each id once), by whichever serving
process the client reaches. An id is a message's outbox id, signed for the session's
user (``SessionSigner.sign_event``): a forged one, or another user's, is refused (400).
The messages handed out are kept :data:`~knowledge.dossiers.web_outbox.KEEP` (15
minutes), at most the newest :data:`~knowledge.dossiers.web_outbox.KEPT_MAX` (50) handed
out again at once.

Only the session's own user is streamed (or, with the API key, the ``user_id`` named).
A stream ends when its client goes away, when the same user opens more than
:data:`MAX_STREAMS_PER_USER` (the oldest ends) and when the server shuts down (the app's
``on_shutdown`` closes the hub before aiohttp waits for handlers to finish). A stream
that cannot open because the database is out gets a 503 (the page tries again).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass

from aiohttp import web

from bot.periodic import finish
from bot.web_errors import ApiError
from bot.web_input import check_user_id
from bot.web_session import InvalidSession, SessionSigner, identify
from knowledge.dossiers.web_outbox import KEPT_MAX, Position, WebLook, WebMark
from knowledge.storage.db import DatabaseUnavailable

logger = logging.getLogger(__name__)

HEARTBEAT_S = 15.0
MAX_STREAMS_PER_USER = 3
EVENTS_PATH = "/api/chat/events"
LAST_EVENT_ID = "Last-Event-ID"
RETRY_AFTER_S = "5"  # a stream refused while the database is out
POLLER_STOP_S = 10.0  # at shutdown, the poller's read under way is given this long


class Listener:
    """One open stream: woken by a poke, ended by the hub. ``position``: past what it has
    sent; ``sent``: the outbox ids it sent lately (none goes twice on one stream)."""

    __slots__ = ("user_id", "wake", "ended", "position", "sent")

    def __init__(self, user_id: str) -> None:
        self.user_id = user_id
        self.wake = asyncio.Event()
        self.ended = False
        self.position = Position()
        self.sent: deque[int] = deque(maxlen=2 * KEPT_MAX)

    def end(self) -> None:
        self.ended = True
        self.wake.set()


class EventHub:
    """The open streams of one app, by web user id."""

    def __init__(self) -> None:
        self._listeners: dict[str, list[Listener]] = {}
        self._watchers: set[asyncio.Event] = set()
        self.closed = False
        self._closing = asyncio.Event()  # the poller's pause ends at once

    def taken(self, user_id: str, taker: Listener) -> None:
        """``taker`` took messages of ``user_id`` from the queue: the user's other streams
        here look too (those of other processes find them at their next poll)."""
        for listener in self._listeners.get(user_id, ()):
            if listener is not taker:
                listener.wake.set()

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
        self, marks: Callable[[list[str]], Awaitable[dict[str, WebMark]]], interval_s: float
    ) -> None:
        """Every ``interval_s``, wake the streams that have something to look at: messages
        waiting (queued by another process), or handed out past their position (taken by
        a stream of the same user in another process); until the hub closes (a read
        under way finishes: cancelled in the middle of it, its connection would be cut
        on its way back to the pool, an error in the log)."""
        failing = False
        while not self.closed:
            users = self.users()
            if users:
                try:
                    found = await marks(users)
                    failing = False
                except DatabaseUnavailable as exc:
                    if not failing:
                        logger.warning("web chat events: outbox not read (will retry): %s", exc)
                    found, failing = {}, True
                for user_id, mark in found.items():
                    for listener in self._listeners.get(user_id, ()):
                        if mark.beyond(listener.position):
                            listener.wake.set()
            with suppress(TimeoutError):
                await asyncio.wait_for(self._closing.wait(), interval_s)

    def close(self) -> None:
        """End every stream (the server is shutting down); none opens any more."""
        self.closed = True
        self._closing.set()
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
    """What the streams need: ``look`` takes a user's waiting web messages and reads those
    handed out past a position (``WebOutbox.look_web``); ``marks`` tells where some
    users' messages stand (``WebOutbox.web_marks``)."""

    hub: EventHub
    look: Callable[[str, Position | int | None], Awaitable[WebLook]]
    marks: Callable[[list[str]], Awaitable[dict[str, WebMark]]]
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
    task = asyncio.get_running_loop().create_task(context.hub.poll(context.marks, context.poll_s))
    yield
    context.hub.close()  # (closed already at shutdown): the poller ends by itself
    await finish(task, POLLER_STOP_S, "web chat events poller")


async def _close_hub(app: web.Application) -> None:
    streams = app[EVENT_HUB].streams()
    app[EVENT_HUB].close()
    if streams:
        logger.info("shutting down: %d web chat event streams ended", streams)


def encode_event(body: dict, event_id: str | None = None) -> bytes:
    """One server-sent event: its id, and the message as one line of JSON."""
    data = b"data: " + json.dumps(body, ensure_ascii=False).encode("utf-8") + b"\n\n"
    return b"id: " + event_id.encode("ascii") + b"\n" + data if event_id else data


def event_id(signer: SessionSigner, user_id: str, outbox_id: int) -> str:
    """The id of a message (or a stream's start), signed for the user: its outbox id."""
    return signer.sign_event(user_id, str(outbox_id))


def _last_handled(request: web.Request, context: EventsContext, user_id: str) -> int | None:
    """The outbox id of the client's Last-Event-ID (header, or ``last_event_id`` in the
    query for a client that cannot set headers); None without one; a 400 for an id not
    signed for this user."""
    last_id = request.headers.get(LAST_EVENT_ID) or request.query.get("last_event_id")
    if last_id is None:
        return None
    try:
        outbox_id = context.signer.verify_event(user_id, last_id)
        if not outbox_id.isdigit() or len(outbox_id) > 18:
            raise InvalidSession("malformed")
    except InvalidSession as exc:
        logger.info("refused a web chat event id: %s", exc)
        raise ApiError(
            400,
            "invalid_event_id",
            "Last-Event-ID is not an id this session was given: reconnect without it",
            LAST_EVENT_ID,
        ) from None
    return int(outbox_id)


async def chat_events(request: web.Request) -> web.StreamResponse:
    """The session's user's pushed messages, as they come (text/event-stream)."""
    context = request.app[EVENTS]
    claimed = request.query.get("user_id")
    if claimed is not None:
        claimed = check_user_id(claimed)
    caller = identify(request, context.signer, context.api_key, claimed, may_start=False)
    last = _last_handled(request, context, caller.user_id)
    with context.hub.listening(caller.user_id) as listener:
        try:  # where the stream starts, and what came after it
            first = await context.look(caller.user_id, last)
        except DatabaseUnavailable as exc:
            logger.warning("web chat event stream not opened: %s", exc)
            raise ApiError(
                503,
                "unavailable",
                "database unavailable, reconnect later",
                headers={"Retry-After": RETRY_AFTER_S},
            ) from None
        listener.position = first.start
        response = web.StreamResponse(headers={"X-Accel-Buffering": "no"})
        response.content_type = "text/event-stream"
        response.charset = "utf-8"
        await response.prepare(request)
        try:
            # where this stream starts: the id to reconnect with if nothing comes
            start = event_id(context.signer, caller.user_id, first.start.id)
            await response.write(b"id: " + start.encode("ascii") + b"\n: stream open\n\n")
            await _send(response, context, listener, first)
            await _stream(request, response, context, listener)
        except ConnectionError:
            logger.debug("a web chat event stream's client went away")
    return response


async def _send(
    response: web.StreamResponse, context: EventsContext, listener: Listener, look: WebLook
) -> None:
    """What ``look`` found past the stream's position, each message once on a stream."""
    if look.took:
        context.hub.taken(listener.user_id, listener)
    for handed in look.handed:
        if handed.id not in listener.sent:
            await response.write(
                encode_event(handed.body, event_id(context.signer, listener.user_id, handed.id))
            )
            listener.sent.append(handed.id)
        listener.position = listener.position.past(handed)


async def _stream(
    request: web.Request,
    response: web.StreamResponse,
    context: EventsContext,
    listener: Listener,
) -> None:
    """Hand out what comes whenever woken; a heartbeat when idle."""
    loop = asyncio.get_running_loop()
    next_beat = loop.time() + context.heartbeat_s
    look = False  # the first look was the stream's opening
    while not listener.ended and _connected(request):
        if look:
            listener.wake.clear()  # before looking: a poke while we look is not lost
            try:
                found = await context.look(listener.user_id, listener.position)
            except DatabaseUnavailable as exc:
                # Left waiting: the poller finds it again and wakes this stream.
                logger.warning("web chat events not handed out (will retry): %s", exc)
            else:
                await _send(response, context, listener, found)
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


def _connected(request: web.Request) -> bool:
    transport = request.transport
    return transport is not None and not transport.is_closing()
