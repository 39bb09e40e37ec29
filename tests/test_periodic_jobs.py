"""With several workers on one database, a periodic job (dossier polling, escalating
requests for a person) runs in one of them at a time, and another takes it over when
that one dies (SQLite, then PostgreSQL; the clock is the test's)."""

from __future__ import annotations

import datetime as dt

from bot.periodic import LEASE_RUNS, PeriodicJob
from knowledge.storage.db import Database
from tests.fakes import ManualClock


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
