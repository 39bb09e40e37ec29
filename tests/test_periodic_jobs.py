"""With several workers on one database, a periodic job (dossier polling, escalating
requests for a person) runs in one of them at a time, and another takes it over when
that one dies (SQLite, then PostgreSQL; the clock is the test's)."""

from __future__ import annotations

import asyncio
import datetime as dt

from bot.periodic import LEASE_RUNS, AliveLease, PeriodicJob, finish
from knowledge.storage.db import Database
from knowledge.storage.leases import LeaseRepository
from tests.fakes import ManualClock, Ticks


def worker(db: Database, holder: str, clock: ManualClock, runs: list[str]) -> PeriodicJob:
    async def job() -> None:
        runs.append(holder)

    return PeriodicJob(db, "dossier-poll", job, 30.0, holder, clock)


async def test_one_worker_runs_the_job_and_another_takes_over_when_it_dies(db):
    clock, runs = ManualClock(), []
    first, second = worker(db, "worker-1", clock, runs), worker(db, "worker-2", clock, runs)
    for _ in range(3):  # both ask every interval: only the holder runs it
        assert await first.run_once() is True
        assert await second.run_once() is False
        clock.now += dt.timedelta(seconds=30)
    assert runs == ["worker-1"] * 3

    # worker 1 dies (asks no more): its lease runs out, and worker 2 takes the job
    clock.now += dt.timedelta(seconds=30 * (LEASE_RUNS - 1))
    assert await second.run_once() is False  # not yet expired
    clock.now += dt.timedelta(seconds=31)
    assert await second.run_once() is True
    assert await first.run_once() is False  # back from the dead: it waits its turn
    assert runs[-1] == "worker-2"


async def test_a_worker_stopping_cleanly_hands_the_job_over_at_once(db):
    clock, runs = ManualClock(), []
    first, second = worker(db, "worker-1", clock, runs), worker(db, "worker-2", clock, runs)
    assert await first.run_once() is True
    await first.release()
    assert await second.run_once() is True
    assert runs == ["worker-1", "worker-2"]


async def test_a_worker_told_to_stop_finishes_the_run_in_progress_then_hands_the_job_over(db):
    """Stopping never cuts a run in the middle of its database work (a connection cut
    while going back to the pool is an error in the log): the run ends, then the lease
    is given up."""
    clock, runs = ManualClock(), []
    started, may_end, stop = asyncio.Event(), asyncio.Event(), asyncio.Event()

    async def slow_job() -> None:
        started.set()
        await may_end.wait()
        async with db.session() as session:  # the run's own database work
            await LeaseRepository(session).others_alive("worker-1", clock())
        runs.append("worker-1")

    first = PeriodicJob(db, "dossier-poll", slow_job, 30.0, "worker-1", clock)
    running = asyncio.create_task(first.run(stop))
    await started.wait()
    stop.set()  # the worker is told to stop in the middle of the run
    may_end.set()
    await finish(running, 10.0, "periodic job")
    assert runs == ["worker-1"]  # the run finished
    assert not running.cancelled()
    second = worker(db, "worker-2", clock, runs)
    assert await second.run_once() is True  # and the lease was given up at once


async def test_a_renewal_slow_to_come_back_does_not_stretch_the_workers_alive_lease(
    db, monkeypatch
):
    """A worker stops sending what it claimed once a third of its alive lease is left:
    the others take its claims over when the lease runs out. The lease runs from the
    moment its renewal was asked (the expiry is stamped then); a renewal that took seconds
    to come back (a loaded machine, a busy database) must not make the worker believe it
    lasts longer -- it would still be sending what the others then send again."""
    clock, ticks = ManualClock(), Ticks()  # the database's time, the worker's own seconds
    hold = LeaseRepository.hold

    async def slow_hold(self, name, holder, now, ttl):
        held = await hold(self, name, holder, now, ttl)
        clock.advance(3)  # the answer comes back 3 s after the lease was stamped
        ticks.now += 3
        return held

    monkeypatch.setattr(LeaseRepository, "hold", slow_hold)
    first = AliveLease(db, "worker-1", 2.0, clock, ticks)  # a lease of 3 x 2 s
    assert await first.run_once() is True  # asked at 0 s, answered at 3 s
    assert first.alive()
    ticks.now += 1.5
    clock.advance(1.5)  # 4.5 s after the asking: less than a third of the lease is left
    assert not first.alive()  # it sends nothing it claimed any more

    clock.advance(1.6)  # the lease ran out 6 s after it was stamped: the others take over
    async with db.session() as session:
        assert await LeaseRepository(session).others_alive("worker-2", clock()) == 0
