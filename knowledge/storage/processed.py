"""Inputs already handled (``processed_turns``): a redelivered Telegram update is
recognised by its id, written with the turn it caused."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from knowledge.storage import models
from knowledge.storage.db import insert_for

KEEP = dt.timedelta(days=2)  # Telegram gives up redelivering an update within a day


class DuplicateTurn(Exception):
    """This input was handled already (by this worker or another)."""

    def __init__(self, key: str) -> None:
        super().__init__("input handled already")
        self.key = key


async def mark_processed(
    session: AsyncSession | AsyncConnection, key: str, now: dt.datetime
) -> None:
    """Record ``key`` in the caller's transaction; DuplicateTurn when it was there."""
    table = models.ProcessedTurn.__table__
    statement = (
        insert_for(session, table)
        .values(turn_key=key[:120], processed_at=now)
        .on_conflict_do_nothing()
    )
    result = await session.execute(statement)
    if result.rowcount != 1:
        raise DuplicateTurn(key)


async def prune_processed(session: AsyncSession | AsyncConnection, now: dt.datetime) -> int:
    """Forget inputs handled more than ``KEEP`` ago; how many went."""
    table = models.ProcessedTurn
    result = await session.execute(delete(table).where(table.processed_at < now - KEEP))
    return result.rowcount or 0
