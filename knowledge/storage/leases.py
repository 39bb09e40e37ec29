"""Leases on periodic jobs: with several workers on one database, a job (polling dossier
sources, escalating requests for a person) runs in one worker at a time.

``hold`` takes or renews the lease when it is free, expired, or already the caller's;
the holder renews it at every run. A worker that dies stops renewing: once its lease
expires, the next worker to ask takes the job over.

Each serving worker also holds an "alive" lease of its own (``alive_lease``, renewed
every second or so): what a dead worker had claimed in the outbox is taken over as soon
as that lease has expired (``live_holders``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import socket
import uuid

from sqlalchemy import ColumnElement, Select, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from knowledge.storage import models
from knowledge.storage.db import insert_for

ALIVE_PREFIX = "alive:"


def alive_lease(holder: str) -> str:
    """The name of the lease that says ``holder`` (a worker) is alive (names are short:
    a digest of the holder)."""
    return ALIVE_PREFIX + hashlib.sha256(holder.encode("utf-8")).hexdigest()[:40]


def live_holders(now: dt.datetime | ColumnElement) -> Select:
    """The workers whose alive lease has not expired at ``now`` (a subquery; ``now`` may
    be a bound parameter, in a statement built once)."""
    table = models.JobLease
    return select(table.holder).where(table.name.like(ALIVE_PREFIX + "%"), table.expires_at >= now)


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

    async def others_alive(self, holder: str, now: dt.datetime) -> int:
        """How many workers but ``holder`` hold an alive lease that has not expired."""
        table = models.JobLease
        query = select(func.count()).where(
            table.name.like(ALIVE_PREFIX + "%"), table.expires_at >= now, table.holder != holder
        )
        return int((await self.session.execute(query)).scalar() or 0)

    async def forget_dead(self, before: dt.datetime) -> int:
        """Remove the alive leases of workers gone since ``before`` (housekeeping)."""
        table = models.JobLease
        result = await self.session.execute(
            delete(table).where(table.name.like(ALIVE_PREFIX + "%"), table.expires_at < before)
        )
        return result.rowcount or 0

    async def release(self, name: str, holder: str) -> None:
        """Give the job up (a worker stopping cleanly): another takes it at once."""
        table = models.JobLease
        await self.session.execute(delete(table).where(table.name == name, table.holder == holder))
