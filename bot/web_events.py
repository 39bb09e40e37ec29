"""The web chat's live messages: ``GET /api/chat/events``, a server-sent event stream.

What is pushed to a web user (a dossier's new status, a volunteer's or the staff's reply)
waits in the outbox's ``web`` channel (recipient: the web user id). A stream takes the
user's waiting messages (``Reply.to_dict()``, whole) and the hub keeps them a while in
the user's backlog, numbered; every stream of the user sends, as one ``data:`` event of
JSON with an ``id:``, each backlog message past its own position, then waits and looks
again:

* at once when woken: a turn of this process that queued a message for a web user
  (``OutboxPokes``, one of the dialogue's outbox listeners) pokes ``app[EVENT_HUB]``;
  so does a stream of the same user that took messages (every tab gets every message);
* when the hub's poller, which asks the outbox every ``web.events_poll_s`` seconds which
  of the connected users have messages waiting (one read for all the streams, so an idle
  stream costs no write), wakes it: messages queued by another process;
* a comment line every :data:`HEARTBEAT_S` seconds keeps proxies from closing an idle
  stream and finds a client that went away.

Delivery is acknowledged the server-sent events' way: a stream opens with an ``id:``
(its starting position) and the client reconnects with the last id it handled as the
``Last-Event-ID`` header; what came after it is handed out again (a message written on a
connection that dropped is not lost; the page shows each id once). Ids are signed for
the session's user (``SessionSigner.sign_event``): a forged one, or another user's, is
refused (400). An id from another process (or before a restart) is valid but not of
this backlog: the stream starts with the user's whole backlog. The backlog keeps a
user's last :data:`BACKLOG_MAX` messages for :data:`BACKLOG_S` seconds, in this process
only: a client reconnecting to another serving process gets what that one holds.

Only the session's own user is streamed (or, with the API key, the ``user_id`` named).
A stream ends when its client goes away, when the same user opens more than
:data:`MAX_STREAMS_PER_USER` (the oldest ends) and when the server shuts down (the app's
``on_shutdown`` closes the hub before aiohttp waits for handlers to finish).
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from collections import deque
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass

from aiohttp import web

from bot.web_errors import ApiError
from bot.web_input import check_user_id
from bot.web_session import InvalidSession, SessionSigner, identify
from knowledge.storage.db import DatabaseUnavailable

logger = logging.getLogger(__name__)

HEARTBEAT_S = 15.0
MAX_STREAMS_PER_USER = 3
EVENTS_PATH = "/api/chat/events"
LAST_EVENT_ID = "Last-Event-ID"
BACKLOG_MAX = 50  # messages kept per user, to hand out again
BACKLOG_S = 900.0  # how long they are kept


@dataclass(frozen=True)
class Pushed:
    """A message taken from the outbox: its place in this process's numbering."""

    seq: int
    body: dict
    at: float  # the loop's time when it was taken


class Listener:
    """One open stream: woken by a poke, ended by the hub."""

    __slots__ = ("user_id", "wake", "ended", "position")

    def __init__(self, user_id: str, position: int) -> None:
        self.user_id = user_id
        self.wake = asyncio.Event()
        self.ended = False
        self.position = position  # the last message sent (or skipped): its seq

    def end(self) -> None:
        self.ended = True
        self.wake.set()


class EventHub:
    """The open streams of one app, by web user id."""

    def __init__(self) -> None:
        self._listeners: dict[str, list[Listener]] = {}
        self._watchers: set[asyncio.Event] = set()
        self._backlog: dict[str, deque[Pushed]] = {}
        self._seq = 0
        # This process's numbering, in every id it gives: another's ids mean nothing here.
        self.epoch = secrets.token_hex(4)
        self.closed = False

    # ---- the backlog: what was taken, to hand out to every stream, and again -----------

    def record(self, user_id: str, bodies: list[dict], taker: Listener | None = None) -> None:
        """``bodies`` were taken from the outbox for ``user_id``: numbered and kept; the
        user's other streams are woken to send them too."""
        if not bodies:
            return
        now = asyncio.get_running_loop().time()
        kept = self._backlog.setdefault(user_id, deque(maxlen=BACKLOG_MAX))
        for body in bodies:
            self._seq += 1
            kept.append(Pushed(self._seq, body, now))
        for listener in self._listeners.get(user_id, ()):
            if listener is not taker:
                listener.wake.set()

    def after(self, user_id: str, position: int) -> list[Pushed]:
        """The user's kept messages past ``position``, in order."""
        return [p for p in self._backlog.get(user_id, ()) if p.seq > position]

    def position_now(self) -> int:
        """A new stream's start: only what is taken from now on is past it."""
        return self._seq

    def prune(self) -> None:
        """Forget messages kept longer than :data:`BACKLOG_S`."""
        oldest = asyncio.get_running_loop().time() - BACKLOG_S
        for user_id in list(self._backlog):
            kept = self._backlog[user_id]
            while kept and kept[0].at < oldest:
                kept.popleft()
            if not kept:
                del self._backlog[user_id]

    def forget(self, user_id: str) -> None:
        """The user's kept messages go (their data is deleted)."""
        self._backlog.pop(user_id, None)

    def event_id(self, signer: SessionSigner, user_id: str, seq: int) -> str:
        return signer.sign_event(user_id, f"{self.epoch}-{seq}")

    def start_position(self, signer: SessionSigner, user_id: str, last_id: str | None) -> int:
        """Where a stream starts: after ``last_id`` (the client's Last-Event-ID), or now.
        A forged id, or another user's, is InvalidSession."""
        if last_id is None:
            return self.position_now()
        epoch, _, seq = signer.verify_event(user_id, last_id).partition("-")
        if not seq.isdigit() or len(seq) > 18:
            raise InvalidSession("malformed")
        if epoch != self.epoch:
            return 0  # another process's id: all that is kept here (the client de-duplicates)
        return min(int(seq), self._seq)

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
    def listening(self, user_id: str, position: int | None = None) -> Iterator[Listener]:
        """A listener for ``user_id`` while the stream is open, sending what comes past
        ``position`` (default: now); past the per-user limit the user's oldest stream is
        ended."""
        listener = Listener(user_id, self.position_now() if position is None else position)
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
            self.prune()
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


def encode_event(body: dict, event_id: str | None = None) -> bytes:
    """One server-sent event: its id, and the message as one line of JSON."""
    data = b"data: " + json.dumps(body, ensure_ascii=False).encode("utf-8") + b"\n\n"
    return b"id: " + event_id.encode("ascii") + b"\n" + data if event_id else data


def _start_position(request: web.Request, context: EventsContext, user_id: str) -> int:
    """After the client's Last-Event-ID (header, or ``last_event_id`` in the query for a
    client that cannot set headers), or now; a 400 for an id not signed for this user."""
    last_id = request.headers.get(LAST_EVENT_ID) or request.query.get("last_event_id")
    try:
        return context.hub.start_position(context.signer, user_id, last_id)
    except InvalidSession as exc:
        logger.info("refused a web chat event id: %s", exc)
        raise ApiError(
            400,
            "invalid_event_id",
            "Last-Event-ID is not an id this session was given: reconnect without it",
            LAST_EVENT_ID,
        ) from None


async def chat_events(request: web.Request) -> web.StreamResponse:
    """The session's user's pushed messages, as they come (text/event-stream)."""
    context = request.app[EVENTS]
    claimed = request.query.get("user_id")
    if claimed is not None:
        claimed = check_user_id(claimed)
    caller = identify(request, context.signer, context.api_key, claimed, may_start=False)
    position = _start_position(request, context, caller.user_id)
    response = web.StreamResponse(headers={"X-Accel-Buffering": "no"})
    response.content_type = "text/event-stream"
    response.charset = "utf-8"
    await response.prepare(request)
    with context.hub.listening(caller.user_id, position) as listener:
        try:
            # where this stream starts: the id to reconnect with if nothing comes
            start = context.hub.event_id(context.signer, caller.user_id, position)
            await response.write(b"id: " + start.encode("ascii") + b"\n: stream open\n\n")
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
    hub, user_id = context.hub, listener.user_id
    next_beat = loop.time() + context.heartbeat_s
    look = True  # at once: what waited before the stream opened, and what it missed
    while not listener.ended and _connected(request):
        if look:
            listener.wake.clear()  # before looking: a poke while we look is not lost
            hub.record(user_id, await _take(context, user_id), listener)
            for pushed in hub.after(user_id, listener.position):
                event_id = hub.event_id(context.signer, user_id, pushed.seq)
                await response.write(encode_event(pushed.body, event_id))
                listener.position = pushed.seq
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
