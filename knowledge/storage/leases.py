"""Leases on periodic jobs: with several workers on one database, a job (polling dossier
sources, escalating requests for a person) runs in one worker at a time.

``hold`` takes or renews the lease when it is free, expired, or already the caller's;
the holder renews it at every run. A worker that dies stops renewing: once its lease
expires, the next worker to ask takes the job over.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import uuid

from sqlalchemy import delete, or_, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from knowledge.storage import models
from knowledge.storage.db import insert_for


def worker_name() -> str:
    """This process, as a lease holder: host, process id and a random part."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class LeaseRepository:
    def __init__(self, session: AsyncSession | AsyncConnection) -> None:
        self.session = session

    async def hold(self, name: str, holder: str, now: dt.datetime, ttl: dt.timedelta) -> bool:
        """True when ``holder`` holds the lease on ``name`` until ``now + ttl``."""
        table = models.JobLease
        renewed = await self.session.execute(
            update(table)
            .where(
                table.name == name,
                or_(table.holder == holder, table.expires_at < now),
            )
            .values(holder=holder, expires_at=now + ttl)
        )
        if renewed.rowcount == 1:
            return True
        created = await self.session.execute(
            insert_for(self.session, table.__table__)
            .values(name=name, holder=holder, expires_at=now + ttl)
            .on_conflict_do_nothing()
        )
        return created.rowcount == 1

    async def release(self, name: str, holder: str) -> None:
        """Give the job up (a worker stopping cleanly): another takes it at once."""
        table = models.JobLease
        await self.session.execute(delete(table).where(table.name == name, table.holder == holder))
