"""The web chat's side of the outbox: messages queued for a web user (a dossier's news, a
volunteer's or the staff's reply), handed out when the browser asks
(``GET /api/chat/notifications``) or as they come (``GET /api/chat/events``,
bot/web_events.py).

A message handed out is marked ``sent`` at the time it was taken and stays readable for
:data:`KEEP` (then :func:`prune_web` removes it, in the periodic housekeeping): a page
whose connection dropped reconnects with the outbox id of the last message it handled and
is handed again what came after it -- by whichever serving process it reaches, since
they all read the same database. "After" a message is what has a greater outbox id (the
order the messages were decided) or was taken later (a message decided earlier whose
transaction committed after a later one was already handed out). "Xóa dữ liệu của tôi"
removes the kept messages with the rest (``OutboxRepository.forget``). A message never
taken (its reader never came back) goes after :data:`UNREAD_KEEP`
(knowledge/storage/retention.py).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Integer, case, delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from knowledge.dossiers.store import DossierStore, utc_now
from knowledge.storage import models
from knowledge.storage.outbox import OutboxRepository, OutgoingMessage

CHANNEL = "web"
KEEP = dt.timedelta(minutes=15)  # a message handed out stays readable this long
KEPT_MAX = 50  # at most this many (the newest) are handed out again at once
# A message nobody took is removed this long after it was queued (``retention.
# undelivered_web_days``, at least ``web.session_days``: by then its reader's session ended).
UNREAD_KEEP = dt.timedelta(days=30)

_CHUNK = 500  # recipients per query (SQLite's bound parameters)
_T = models.OutboxMessage


@dataclass(frozen=True)
class Position:
    """Where a reader stands in a web user's messages: past the outbox id ``id`` and past
    what was taken by ``taken_at`` (None: that time is not known)."""

    id: int = 0
    taken_at: dt.datetime | None = None

    def past(self, handed: Handed) -> Position:
        """The position once ``handed`` was read too."""
        taken_at = handed.taken_at
        if self.taken_at is not None and taken_at < self.taken_at:
            taken_at = self.taken_at
        return Position(max(self.id, handed.id), taken_at)


@dataclass(frozen=True)
class Handed:
    """A message handed out: its outbox id, the reply as queued, when it was taken."""

    id: int
    body: dict
    taken_at: dt.datetime


@dataclass(frozen=True)
class WebLook:
    """One look at a web user's messages: where the reader stood (``start``), how many
    waiting messages this look took, and the kept messages after ``start``, oldest
    first (those just taken among them)."""

    start: Position
    took: int
    handed: tuple[Handed, ...]


@dataclass(frozen=True)
class WebMark:
    """Where a web user's messages stand: whether some wait, and the newest handed out."""

    waiting: bool
    last_id: int
    last_taken: dt.datetime | None

    def beyond(self, position: Position) -> bool:
        """Whether a reader at ``position`` has something to look at (as ``look_web``
        reads: by time only when the reader's is known)."""
        if self.waiting or self.last_id > position.id:
            return True
        if self.last_taken is None or position.taken_at is None:
            return False
        return self.last_taken > position.taken_at


def _kept(recipient: str, since: dt.datetime):
    return (
        _T.channel == CHANNEL,
        _T.recipient == recipient,
        _T.status == "sent",
        _T.sent_at >= since,
    )


async def _start(
    session: AsyncSession, user_id: str, after: Position | int | None, since: dt.datetime
) -> Position:
    """The reader's position: given, or after the outbox id ``after`` (when it was taken
    looked up), or (None) after the newest message already handed out."""
    if isinstance(after, Position):
        return after
    if after is None:
        row = (
            await session.execute(
                select(func.max(_T.id), func.max(_T.sent_at)).where(*_kept(user_id, since))
            )
        ).one()
        return Position(row[0] or 0, row[1])
    taken_at = await session.scalar(
        select(_T.sent_at).where(_T.id == after, *_kept(user_id, since))
    )
    return Position(after, taken_at)


async def _after(
    session: AsyncSession, user_id: str, position: Position, since: dt.datetime
) -> tuple[Handed, ...]:
    later = _T.id > position.id
    if position.taken_at is not None:
        later = or_(later, _T.sent_at > position.taken_at)
    rows = await session.execute(
        select(_T.id, _T.body, _T.sent_at)
        .where(*_kept(user_id, since), later)
        .order_by(_T.id.desc())
        .limit(KEPT_MAX)
    )
    return tuple(Handed(*row) for row in reversed(rows.all()))


async def prune_web(
    session: AsyncSession | AsyncConnection, now: dt.datetime, limit: int | None = None
) -> int:
    """Forget web messages handed out more than :data:`KEEP` ago (at most ``limit`` of
    them); how many went."""
    old = (_T.channel == CHANNEL) & (_T.status == "sent") & (_T.sent_at < now - KEEP)
    if limit is not None:
        old = old & _T.id.in_(select(_T.id).where(old).limit(limit))
    result = await session.execute(delete(_T).where(old))
    return result.rowcount or 0


class WebOutbox(DossierStore):
    """Messages for web chat users: each taken from the queue once, then kept a while."""

    async def push_web(self, user_id: str, text: str, key: str | None = None) -> bool:
        """Queue a message for a web chat user in the outbox (``key``: its identity; a
        repeated key is queued once). True when queued now."""
        message = OutgoingMessage(
            key or f"web:{user_id}:{uuid.uuid4().hex}",
            CHANNEL,
            user_id,
            {"text": text, "kind": "dossier_changed"},
        )

        async def work(session: AsyncSession) -> bool:
            return await OutboxRepository(session).add(message)

        return await self._write("web outbox push", work)

    async def pop_web(self, user_id: str) -> list[str]:
        """The user's undelivered messages, oldest first, marked delivered (each is
        handed out once, even to concurrent callers)."""

        async def work(session: AsyncSession) -> list[str]:
            bodies = await OutboxRepository(session).take(CHANNEL, user_id, utc_now())
            return [str(body.get("text", "")) for body in bodies]

        return await self._write("web outbox pop", work)

    async def look_web(self, user_id: str, after: Position | int | None = None) -> WebLook:
        """Take the user's waiting messages (each is taken once, even by concurrent
        callers) and read, in the same transaction, the kept messages past ``after``: a
        Position, an outbox id (the last one a page handled), or None (a new reader:
        after what was handed out before)."""

        async def work(session: AsyncSession) -> WebLook:
            now = utc_now()
            since = now - KEEP
            start = await _start(session, user_id, after, since)
            took = await OutboxRepository(session).take_numbered(CHANNEL, user_id, now)
            return WebLook(start, len(took), await _after(session, user_id, start, since))

        return await self._write("web outbox look", work)

    async def web_marks(self, user_ids: Iterable[str]) -> dict[str, WebMark]:
        """Where the messages of those of ``user_ids`` with any stand (one read; nothing
        is handed out): the web chat's open streams look only when there is something."""
        since = utc_now() - KEEP
        waiting = func.max(case((_T.status == "pending", 1), else_=0), type_=Integer)
        taken = _T.status == "sent"
        found: dict[str, WebMark] = {}
        wanted = list(user_ids)
        async with self._read("web outbox marks") as session:
            for start in range(0, len(wanted), _CHUNK):
                rows = await session.execute(
                    select(
                        _T.recipient,
                        waiting,
                        func.max(case((taken, _T.id))),
                        func.max(case((taken, _T.sent_at)), type_=_T.sent_at.type),
                    )
                    .where(
                        _T.channel == CHANNEL,
                        _T.recipient.in_(wanted[start : start + _CHUNK]),
                        (_T.status == "pending") | (taken & (_T.sent_at >= since)),
                    )
                    .group_by(_T.recipient)
                )
                for recipient, pending, last_id, last_taken in rows:
                    found[recipient] = WebMark(bool(pending), last_id or 0, last_taken)
        return found

    async def web_waiting(self, user_id: str) -> int:
        """How many messages wait for a web chat user (nothing is handed out)."""
        async with self._read("web outbox count") as session:
            return await OutboxRepository(session).waiting(CHANNEL, user_id)
