"""The knowledge generation: one number raised by every publish and import.

Each worker process remembers the generation its indexes were built from and rebuilds
them when the stored one moves (issue 10, "live without a restart"). The row (id 1) is
made by migration 0008; a database without it gets it on the first bump.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from knowledge.storage.models import KnowledgeGeneration

ROW_ID = 1


async def current_generation(session: AsyncSession) -> int:
    """The stored generation (0 when nothing was ever published)."""
    value = await session.scalar(
        select(KnowledgeGeneration.generation).where(KnowledgeGeneration.id == ROW_ID)
    )
    return int(value or 0)


async def bump_generation(session: AsyncSession) -> int:
    """Raise the generation by one in the caller's transaction; returns the new value."""
    now = dt.datetime.now(dt.UTC)
    result = await session.execute(
        update(KnowledgeGeneration)
        .where(KnowledgeGeneration.id == ROW_ID)
        .values(generation=KnowledgeGeneration.generation + 1, changed_at=now)
    )
    if not result.rowcount:
        session.add(KnowledgeGeneration(id=ROW_ID, generation=1, changed_at=now))
        await session.flush()
    return await current_generation(session)
