"""Who wants to hear about which dossier: one row per (channel, chat, code).

The statements that change subscriptions are functions over a transaction the caller
owns (an ORM session or a plain connection), so the turn's unit of work
(``knowledge.storage.unit_of_work``) writes a follow in the same transaction as the
conversation, and :class:`SubscriptionRepository` runs the same statements in its own
short transactions for callers outside a turn (the notifier, the tests).

A follow is an ``INSERT ... ON CONFLICT DO NOTHING`` on the unique (channel, chat_id,
code): two transactions following one code for one chat at once leave one row; the
later one's insert does nothing and :func:`follow` says "already followed", never an
error.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from knowledge.dossiers.records import StatusChange
from knowledge.dossiers.store import DossierStore, check_status, dossier_key, utc_now
from knowledge.storage import models
from knowledge.storage.db import aware_utc, insert_for

Transaction = AsyncSession | AsyncConnection


@dataclass(frozen=True)
class Subscription:
    """A chat waiting for news about one dossier."""

    id: int
    channel: str
    chat_id: str
    user_id: str
    code: str
    last_status: int | None
    active: bool
    created_at: dt.datetime


def _subscription(row: models.DossierSubscription) -> Subscription:
    return Subscription(
        id=row.id,
        channel=row.channel,
        chat_id=row.chat_id,
        user_id=row.user_id,
        code=row.code,
        last_status=row.last_status,
        active=row.active,
        created_at=aware_utc(row.created_at),
    )


async def follow(
    session: Transaction,
    channel: str,
    chat_id: str,
    user_id: str,
    code: str,
    last_status: int | None,
) -> bool:
    """In the caller's transaction: the chat follows ``code``. True when new (or
    re-activated), False when the chat already followed it (its ``user_id`` and
    ``last_status`` are then updated)."""
    key = dossier_key(code)
    table = models.DossierSubscription
    inserted = await session.execute(
        insert_for(session, table)
        .values(
            channel=channel,
            chat_id=chat_id,
            user_id=user_id,
            code=key,
            last_status=last_status,
            active=True,
            created_at=utc_now(),
        )
        .on_conflict_do_nothing(index_elements=["channel", "chat_id", "code"])
        .returning(table.id)
    )
    if inserted.scalar_one_or_none() is not None:
        return True
    where = (table.channel == channel, table.chat_id == chat_id, table.code == key)
    revived = await session.execute(
        update(table)
        .where(*where, table.active.is_(False))
        .values(active=True, user_id=user_id, last_status=last_status)
        .returning(table.id)
    )
    if revived.scalar_one_or_none() is not None:
        return True
    await session.execute(
        update(table).where(*where).values(user_id=user_id, last_status=last_status)
    )
    return False


async def unfollow(
    session: Transaction, channel: str, chat_id: str, code: str | None = None
) -> int:
    """In the caller's transaction: stop following ``code`` (or every dossier) in this
    chat; how many stopped."""
    table = models.DossierSubscription
    query = update(table).where(
        table.channel == channel, table.chat_id == chat_id, table.active.is_(True)
    )
    if code is not None:
        query = query.where(table.code == dossier_key(code))
    result = await session.execute(query.values(active=False))
    return result.rowcount or 0


async def count_followed(
    session: Transaction, channel: str, chat_id: str, code: str | None = None
) -> int:
    """How many dossiers (``code``, or any) this chat follows now."""
    table = models.DossierSubscription
    query = select(func.count()).where(
        table.channel == channel, table.chat_id == chat_id, table.active.is_(True)
    )
    if code is not None:
        query = query.where(table.code == dossier_key(code))
    return (await session.execute(query)).scalar_one()


async def tell_once(session: Transaction, subscription_id: int, status: int) -> bool:
    """Record that a subscriber was told ``status``; False when they had been already
    (compare and set: of two announcers of one change, one sends)."""
    check_status(status)
    table = models.DossierSubscription
    result = await session.execute(
        update(table)
        .where(
            table.id == subscription_id,
            table.active.is_(True),
            (table.last_status.is_(None)) | (table.last_status != status),
        )
        .values(last_status=status)
    )
    return result.rowcount == 1


class SubscriptionRepository(DossierStore):
    """Subscriptions read and written in transactions of their own."""

    async def subscribe(
        self, channel: str, chat_id: str, user_id: str, code: str, last_status: int | None
    ) -> bool:
        """Follow ``code`` in this chat; True when new (or re-activated), False when the
        chat already followed it (its ``last_status`` is then updated)."""

        async def work(session: AsyncSession) -> bool:
            return await follow(session, channel, chat_id, user_id, code, last_status)

        return await self._write("dossier subscribe", work)

    async def unsubscribe(self, channel: str, chat_id: str, code: str | None = None) -> int:
        """Stop following ``code`` (or every dossier) in this chat; how many stopped."""

        async def work(session: AsyncSession) -> int:
            return await unfollow(session, channel, chat_id, code)

        return await self._write("dossier unsubscribe", work)

    async def subscribers(self, code: str) -> list[Subscription]:
        """The active subscriptions to one dossier."""
        table = models.DossierSubscription
        async with self._read("dossier subscribers") as session:
            rows = await session.scalars(
                select(table)
                .where(table.code == dossier_key(code), table.active.is_(True))
                .order_by(table.id)
            )
            return [_subscription(r) for r in rows]

    async def active_codes(self) -> list[str]:
        """Every dossier code somebody follows, sorted."""
        table = models.DossierSubscription
        async with self._read("dossier active codes") as session:
            rows = await session.scalars(
                select(table.code).where(table.active.is_(True)).distinct().order_by(table.code)
            )
            return list(rows)

    async def set_last_status(self, subscription_id: int, status: int) -> None:
        """Remember the status this subscriber was last told."""
        check_status(status)
        table = models.DossierSubscription

        async def work(session: AsyncSession) -> None:
            await session.execute(
                update(table).where(table.id == subscription_id).values(last_status=status)
            )

        await self._write("dossier set last status", work)

    async def unannounced(self) -> list[StatusChange]:
        """Local dossiers whose status some active follower has not been told (an
        announcement lost to a crash or a client that hung up): one change per code."""
        sub, dossier = models.DossierSubscription, models.Dossier
        async with self._read("dossier unannounced changes") as session:
            rows = await session.execute(
                select(dossier.code, dossier.status)
                .join(sub, sub.code == dossier.code)
                .where(
                    sub.active.is_(True),
                    (sub.last_status.is_(None)) | (sub.last_status != dossier.status),
                )
                .distinct()
                .order_by(dossier.code)
            )
            return [StatusChange(code, None, status, True) for code, status in rows.all()]

    async def for_chat(self, channel: str, chat_id: str) -> list[Subscription]:
        """The dossiers one chat follows."""
        table = models.DossierSubscription
        async with self._read("dossier subscriptions of a chat") as session:
            rows = await session.scalars(
                select(table)
                .where(table.channel == channel, table.chat_id == chat_id, table.active.is_(True))
                .order_by(table.id)
            )
            return [_subscription(r) for r in rows]
