"""The outbox: every message the bot decided to send, until it is delivered.

Writers add messages in the transaction that decided them (``add``: a repeated key is
the same message, added once). Deliverers ``claim`` due messages of their channel for a
lease, send them, then mark each ``sent``, ``retry`` later, or ``failed``; a deliverer
that died mid-send leaves its claim to expire (or, in a worker, to be taken over as soon
as the worker's alive lease has expired), and the message is sent again (at least once).

One recipient's messages go in the order they were decided, whichever deliverers run:
a message is claimed only together with every earlier unfinished message of its
recipient, so while one waits (claimed by another deliverer, or to be retried later)
the later ones wait behind it. The web chat's browser is the web channel's deliverer:
``take`` hands each pending web message out once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from knowledge.storage import models
from knowledge.storage.db import dialect_of, insert_for, utcnow
from knowledge.storage.leases import live_holders

UNFINISHED = ("pending", "sending")

MAX_ERROR = 300


@dataclass(frozen=True)
class OutgoingMessage:
    """A message to write: ``body`` is the JSON of one reply; ``key`` its identity."""

    key: str
    channel: str
    recipient: str
    body: dict


@dataclass(frozen=True)
class ClaimedMessage:
    id: int
    key: str
    channel: str
    recipient: str
    body: dict
    attempts: int


class OutboxRepository:
    """The outbox table; the caller owns the transaction."""

    def __init__(self, session: AsyncSession | AsyncConnection) -> None:
        self.session = session
        self.dialect = dialect_of(session)

    async def add(self, message: OutgoingMessage, now: dt.datetime | None = None) -> bool:
        """Queue ``message``; False when a message with its key was queued before."""
        now = now or utcnow()
        values = {
            "key": message.key[:200],
            "channel": message.channel,
            "recipient": message.recipient,
            "body": message.body,
            "status": "pending",
            "attempts": 0,
            "not_before": now,
            "created_at": now,
        }
        table = models.OutboxMessage.__table__
        statement = insert_for(self.session, table).values(values).on_conflict_do_nothing()
        result = await self.session.execute(statement)
        return result.rowcount == 1

    async def claim(
        self,
        channel: str,
        now: dt.datetime,
        lease: dt.timedelta,
        limit: int = 20,
        recipient: str | None = None,
        holder: str | None = None,
        *,
        take_over: bool = True,
        due_by: dt.datetime | None = None,
    ) -> list[ClaimedMessage]:
        """Due messages of ``channel``, oldest first, now claimed by ``holder`` until
        ``now + lease``; only ``recipient``'s when given.

        Due: pending and not before now, or claimed by a deliverer whose lease ran out
        or (``take_over``) whose worker is no longer alive; only those due by ``due_by``
        when given. A message is claimed only when every earlier unfinished message of
        its recipient is claimed with it (their order holds)."""
        table = models.OutboxMessage
        due_now = table.not_before <= (now if due_by is None else min(now, due_by))
        if take_over:
            dead_holder = and_(
                table.status == "sending",
                table.claimed_by.is_not(None),
                table.claimed_by.not_in(live_holders(now)),
            )
            due_now = or_(due_now, dead_holder)
        due = (
            select(table.id, table.recipient)
            .where(table.channel == channel, table.status.in_(UNFINISHED), due_now)
            .order_by(table.id)
            .limit(limit)
        )
        if recipient is not None:
            due = due.where(table.recipient == recipient)
        if self.dialect == "postgresql":
            due = due.with_for_update(of=table, skip_locked=True)
        candidates = (await self.session.execute(due)).all()
        ids = await self._in_order(channel, candidates)
        if not ids:
            return []
        rows = await self.session.execute(
            update(table)
            .where(table.id.in_(ids))
            .values(
                status="sending",
                not_before=now + lease,
                attempts=table.attempts + 1,
                claimed_by=holder,
            )
            .returning(
                table.id, table.key, table.channel, table.recipient, table.body, table.attempts
            )
        )
        return sorted((ClaimedMessage(*row) for row in rows), key=lambda m: m.id)

    async def _in_order(self, channel: str, candidates: list) -> list[int]:
        """The candidates whose recipient has no earlier unfinished message left out."""
        if not candidates:
            return []
        table = models.OutboxMessage
        chosen = {message_id for message_id, _ in candidates}
        recipients = {recipient for _, recipient in candidates}
        unfinished = await self.session.execute(
            select(table.id, table.recipient)
            .where(
                table.channel == channel,
                table.recipient.in_(recipients),
                table.status.in_(UNFINISHED),
                table.id <= max(chosen),
            )
            .order_by(table.id)
        )
        blocked: set[str] = set()
        ids: list[int] = []
        for message_id, recipient in unfinished:
            if recipient in blocked:
                continue
            if message_id in chosen:
                ids.append(message_id)
            else:  # waiting, or claimed by another deliverer: the rest wait behind it
                blocked.add(recipient)
        return ids

    async def sent(self, message_id: int, now: dt.datetime) -> None:
        await self._set(message_id, status="sent", sent_at=now, error=None)

    async def retry(self, message_id: int, when: dt.datetime, error: str) -> None:
        await self._set(
            message_id, status="pending", not_before=when, error=error[:MAX_ERROR], claimed_by=None
        )

    async def release(
        self, message_ids: list[int], now: dt.datetime, holder: str | None = None
    ) -> None:
        """Claimed messages not sent after all: due again at once, for any deliverer
        (only those still claimed by ``holder``, when given)."""
        table = models.OutboxMessage
        statement = update(table).where(table.id.in_(message_ids), table.status == "sending")
        if holder is not None:
            statement = statement.where(table.claimed_by == holder)
        await self.session.execute(
            statement.values(
                status="pending", not_before=now, claimed_by=None, attempts=table.attempts - 1
            )
        )

    async def failed(self, message_id: int, error: str) -> None:
        await self._set(message_id, status="failed", error=error[:MAX_ERROR])

    async def _set(self, message_id: int, **values) -> None:
        table = models.OutboxMessage
        await self.session.execute(update(table).where(table.id == message_id).values(**values))

    async def take(self, channel: str, recipient: str, now: dt.datetime) -> list[dict]:
        """Every pending message for one recipient, oldest first, marked sent: each is
        handed out once, even to concurrent callers."""
        table = models.OutboxMessage
        result = await self.session.execute(
            update(table)
            .where(
                table.channel == channel,
                table.recipient == recipient,
                table.status == "pending",
            )
            .values(status="sent", sent_at=now, attempts=table.attempts + 1)
            .returning(table.id, table.body)
        )
        return [body for _id, body in sorted(result.all(), key=lambda row: row[0])]

    async def waiting(self, channel: str, recipient: str) -> int:
        """How many messages wait for one recipient (nothing is handed out)."""
        table = models.OutboxMessage
        rows = await self.session.scalars(
            select(table.id).where(
                table.channel == channel,
                table.recipient == recipient,
                table.status == "pending",
            )
        )
        return len(list(rows))

    async def status_of(self, key: str) -> str | None:
        table = models.OutboxMessage
        return await self.session.scalar(select(table.status).where(table.key == key))

    async def forget(self, channel: str, recipient: str) -> int:
        """Remove every message to one recipient (their data is being deleted)."""
        table = models.OutboxMessage
        result = await self.session.execute(
            delete(table).where(table.channel == channel, table.recipient == recipient)
        )
        return result.rowcount or 0
