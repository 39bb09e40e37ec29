"""The outbox: every message the bot decided to send, until it is delivered.

Writers add messages in the transaction that decided them (``add``: a repeated key is
the same message, added once). Deliverers ``claim`` due messages of their channel for a
lease, send them, then mark each ``sent``, ``retry`` later, or ``failed``; a deliverer
that died mid-send leaves its claim to expire, and the message is sent again (at least
once). The web chat's browser is the web channel's deliverer: ``take`` hands each
pending web message out once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from knowledge.storage import models
from knowledge.storage.db import dialect_of, insert_for

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


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class OutboxRepository:
    """The outbox table; the caller owns the transaction."""

    def __init__(self, session: AsyncSession | AsyncConnection) -> None:
        self.session = session
        self.dialect = dialect_of(session)

    async def add(self, message: OutgoingMessage, now: dt.datetime | None = None) -> bool:
        """Queue ``message``; False when a message with its key was queued before."""
        now = now or _now()
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
    ) -> list[ClaimedMessage]:
        """Due messages of ``channel`` (pending, or claimed by a deliverer whose lease
        ran out), oldest first, now claimed until ``now + lease``; only ``recipient``'s
        when given."""
        table = models.OutboxMessage
        due = (
            select(table.id)
            .where(
                table.channel == channel,
                table.status.in_(("pending", "sending")),
                table.not_before <= now,
            )
            .order_by(table.id)
            .limit(limit)
        )
        if recipient is not None:
            due = due.where(table.recipient == recipient)
        if self.dialect == "postgresql":
            due = due.with_for_update(skip_locked=True)
        ids = list(await self.session.scalars(due))
        if not ids:
            return []
        rows = await self.session.execute(
            update(table)
            .where(table.id.in_(ids))
            .values(status="sending", not_before=now + lease, attempts=table.attempts + 1)
            .returning(
                table.id, table.key, table.channel, table.recipient, table.body, table.attempts
            )
        )
        return sorted((ClaimedMessage(*row) for row in rows), key=lambda m: m.id)

    async def sent(self, message_id: int, now: dt.datetime) -> None:
        await self._set(message_id, status="sent", sent_at=now, error=None)

    async def retry(self, message_id: int, when: dt.datetime, error: str) -> None:
        await self._set(message_id, status="pending", not_before=when, error=error[:MAX_ERROR])

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
