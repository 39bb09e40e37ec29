"""Inputs already handled (``processed_turns``): a redelivered Telegram update is
recognised by its id, written with the turn it caused."""

from __future__ import annotations

import datetime as dt
import functools

from sqlalchemy import bindparam, delete, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from knowledge.storage import models
from knowledge.storage.db import dialect_of

# How long a handled input is remembered (``retention.processed_updates_days``): Telegram
# gives up redelivering an update within a day, so at least two are kept.
KEEP = dt.timedelta(days=3)


class DuplicateTurn(Exception):
    """This input was handled already (by this worker or another)."""

    def __init__(self, key: str) -> None:
        super().__init__("input handled already")
        self.key = key


@functools.cache
def _insert(dialect: str):
    """``INSERT ... ON CONFLICT DO NOTHING`` of one key, built once per dialect (building
    it for every update cost more than running it)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    table = models.ProcessedTurn.__table__
    return (
        insert(table)
        .values(
            turn_key=bindparam("p_key", type_=table.c.turn_key.type),
            processed_at=bindparam("p_at", type_=table.c.processed_at.type),
        )
        .on_conflict_do_nothing()
    )


async def mark_processed(
    session: AsyncSession | AsyncConnection, key: str, now: dt.datetime
) -> None:
    """Record ``key`` in the caller's transaction; DuplicateTurn when it was there."""
    result = await session.execute(_insert(dialect_of(session)), {"p_key": key[:120], "p_at": now})
    if result.rowcount != 1:
        raise DuplicateTurn(key)


async def prune_processed(
    session: AsyncSession | AsyncConnection,
    now: dt.datetime,
    keep: dt.timedelta = KEEP,
    limit: int | None = None,
) -> int:
    """Forget inputs handled more than ``keep`` ago (at most ``limit`` of them); how many
    went."""
    table = models.ProcessedTurn
    old = table.processed_at < now - keep
    if limit is not None:
        chosen = select(table.turn_key).where(old).limit(limit)
        old = old & table.turn_key.in_(chosen)
    result = await session.execute(delete(table).where(old))
    return result.rowcount or 0
