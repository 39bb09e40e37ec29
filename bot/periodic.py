"""Periodic jobs of ``citizenbot serve`` (dossier polling, requests for a person nobody
claimed, housekeeping), each run by one worker at a time when several share a database
(knowledge/storage/leases.py)."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import time
from collections.abc import Awaitable, Callable

from knowledge.storage.db import OUTAGE_ERRORS, Database, utcnow
from knowledge.storage.leases import LeaseRepository, alive_lease

logger = logging.getLogger(__name__)

LEASE_RUNS = 3  # a lease lasts this many intervals: a dead holder is replaced after it


class PeriodicJob:
    """``job`` every ``interval_s``, in whichever worker holds the lease on ``name``."""

    def __init__(
        self,
        db: Database,
        name: str,
        job: Callable[[], Awaitable[object]],
        interval_s: float,
        holder: str,
        clock: Callable[[], dt.datetime] = utcnow,
        ticks: Callable[[], float] = time.monotonic,
    ) -> None:
        self.db = db
        self.name = name
        self.job = job
        self.interval_s = interval_s
        self.holder = holder
        self.clock = clock
        self.ticks = ticks  # this process's own seconds (monotonic)
        self.held = False
        # ``ticks`` when the last hold was asked for: the lease runs from then (its expiry
        # is stamped with ``clock()`` as it is asked), however long the answer took
        self.held_at: float | None = None
        self.held_since: float | None = None  # ... and when the first of an unbroken run came

    async def run_once(self) -> bool:
        """Run the job if this worker holds (or now takes) its lease; whether it ran."""
        ttl = dt.timedelta(seconds=self.interval_s * LEASE_RUNS)
        asked, stamp = self.ticks(), self.clock()
        try:
            async with self.db.session() as session:
                held = await LeaseRepository(session).hold(self.name, self.holder, stamp, ttl)
        except OUTAGE_ERRORS:
            logger.warning("job %s: lease not readable (database unavailable)", self.name)
            return False
        if held:
            if not self.held_within(ttl.total_seconds()):
                # lapsed (or never held): a new run begins, counted from the answer (the
                # later moment: a whole lease held is never overstated)
                self.held_since = self.ticks()
            # the lease expires ``ttl`` after ``stamp``: counted from the asking (the
            # earlier moment), a renewal slow to come back -- a loaded machine, a busy
            # database -- never makes this worker believe it holds the lease longer
            self.held_at = asked
        if held != self.held:
            logger.info("job %s %s in this worker", self.name, "runs" if held else "runs elsewhere")
            self.held = held
        if not held:
            return False
        try:
            await self.job()
        except Exception:
            logger.error("job %s failed; will try again", self.name, exc_info=True)
        return True

    def held_within(self, seconds: float) -> bool:
        """Whether the lease was held (taken or renewed) in the last ``seconds``."""
        return self.held_at is not None and self.ticks() - self.held_at < seconds

    def held_for(self, seconds: float) -> bool:
        """Whether the lease has been held without a break for ``seconds`` or more."""
        ttl_s = self.interval_s * LEASE_RUNS
        return (
            self.held_since is not None
            and self.held_within(ttl_s)
            and self.ticks() - self.held_since >= seconds
        )

    async def run(self, stop: asyncio.Event) -> None:
        """Until ``stop`` is set: the run in progress then finishes (a transaction is
        never cut in the middle: see ``finish``); gives the lease up when it stops."""
        try:
            while not stop.is_set():
                await self.run_once()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.interval_s)
        finally:
            if self.held:
                await asyncio.shield(self.release())

    async def release(self) -> None:
        """Give the lease up now (a worker stopping cleanly): another takes the job at once."""
        try:
            async with self.db.session() as session:
                await LeaseRepository(session).release(self.name, self.holder)
        except OUTAGE_ERRORS:
            logger.info("job %s: lease left to expire", self.name)


async def finish(task: asyncio.Task | None, within_s: float, what: str) -> None:
    """Wait for ``task``, told to stop (its event set), to end by itself; cancel it only
    after ``within_s``. A task cancelled in the middle of a database call may be cut
    while its connection goes back to the pool (logged by SQLAlchemy as an error)."""
    if task is None:
        return
    try:
        await asyncio.wait_for(asyncio.shield(task), within_s)
    except TimeoutError:
        logger.warning("%s still running after %.0f s: stopped", what, within_s)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    except Exception:
        logger.exception("%s failed while stopping", what)


class AliveLease(PeriodicJob):
    """A worker's "alive" lease (knowledge/storage/leases.alive_lease), renewed every
    ``interval_s``: what the worker claimed in the outbox is taken over by the others
    once it stops renewing it (bot/deliverer.py). At each renewal it also counts the
    other live workers on the database (``alone``)."""

    def __init__(
        self,
        db: Database,
        holder: str,
        interval_s: float,
        clock: Callable[[], dt.datetime] = utcnow,
        ticks: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(
            db, alive_lease(holder), self._count_others, interval_s, holder, clock, ticks
        )
        self.others: int | None = None  # other live workers at the last renewal
        self._shared = 0  # renewals that found others alive (or could not count them)
        self._alone_since: dt.datetime | None = None  # (by ``clock``) since none were

    async def _count_others(self) -> None:
        try:
            async with self.db.session() as session:
                others = await LeaseRepository(session).others_alive(self.holder, self.clock())
        except OUTAGE_ERRORS:
            others = None  # unknown: not alone
        if others != self.others and others is not None:
            logger.info("%d other workers alive on this database", others)
        if others != 0:
            self._shared += 1
            self._alone_since = None
        elif self._alone_since is None:
            self._alone_since = self.clock()
        self.others = others

    def alive(self) -> bool:
        # a third of the lease left: time to stop before the others may take over
        return self.held_within(self.interval_s * (LEASE_RUNS - 1))

    def may_take_over(self) -> bool:
        return self.held_for(self.interval_s * LEASE_RUNS)

    def alone(self) -> int | None:
        """None unless this worker's renewals have found no other live worker on the
        database for a whole lease (one started with it has been seen by then), the last
        of them lately: no other worker writes conversations. Else a number that changes
        whenever others were seen meanwhile."""
        lease = dt.timedelta(seconds=self.interval_s * LEASE_RUNS)
        if self._alone_since is None or self.clock() - self._alone_since < lease:
            return None
        return self._shared if self.others == 0 and self.alive() else None
