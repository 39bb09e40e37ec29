"""A serving worker keeps the conversations it answered in memory only while it is the
only worker on the database: with several, one chat's updates reach any of them, and a
turn started from what one worker kept would find the conversation saved meanwhile by
another and run a second time (SQLite, then PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.periodic import AliveLease
from bot.serve import WorkerConversations
from knowledge.storage.db import Database
from knowledge.storage.unit_of_work import ConcurrentUpdate, ConversationCache, SqlUnitOfWork
from tests.fakes import ManualClock

CHAT = ("telegram", "77")


def worker(db: Database, name: str, clock: ManualClock) -> tuple[AliveLease, WorkerConversations]:
    alive = AliveLease(db, name, 2.0, clock)
    return alive, WorkerConversations(alive.alone)


async def answer(db: Database, cache: ConversationCache) -> int:
    """One turn of the chat, as a worker with ``cache`` runs it; the turns counted so far."""
    async with SqlUnitOfWork(db, cache) as uow:
        stored = await uow.load_conversation(*CHAT)
        turns = stored.state.get("turns", 0) + 1
        uow.save_conversation(*CHAT, {"turns": turns}, stored.version, "citizen")
        await uow.commit()
    return turns


async def test_what_one_worker_kept_goes_stale_when_another_answers_the_chat(db):
    first, second = ConversationCache(), ConversationCache()
    assert await answer(db, first) == 1
    assert await answer(db, second) == 2
    with pytest.raises(ConcurrentUpdate):  # the first worker's copy says 1: run again
        await answer(db, first)


async def test_two_workers_answering_one_chat_in_turn_run_no_turn_twice(db):
    clock = ManualClock()
    alive_1, first = worker(db, "worker-1", clock)
    alive_2, second = worker(db, "worker-2", clock)
    for alive in (alive_1, alive_2, alive_1):
        assert await alive.run_once()
    assert alive_1.others == alive_2.others == 1
    for turn in range(1, 7):  # no ConcurrentUpdate: each read what the other saved
        assert await answer(db, first if turn % 2 else second) == turn
    assert len(first) == len(second) == 0


async def test_a_worker_alone_keeps_its_conversations_and_forgets_them_once_others_came(db):
    clock = ManualClock()
    alive_1, mine = worker(db, "worker-1", clock)
    await alive_1.run_once()
    assert alive_1.alone() is None  # another may have started with it: not yet seen
    clock.now += dt.timedelta(seconds=6)  # a whole lease (3 renewals of 2 s)
    await alive_1.run_once()
    assert alive_1.alone() is not None
    await answer(db, mine)
    assert mine.get(CHAT) is not None  # the next turn starts from memory

    alive_2, theirs = worker(db, "worker-2", clock)
    await alive_2.run_once()  # a second worker starts ...
    await alive_1.run_once()
    assert alive_1.alone() is None and mine.get(CHAT) is None
    assert await answer(db, theirs) == 2  # ... and answers the chat
    await alive_2.release()  # then stops cleanly

    await alive_1.run_once()
    clock.now += dt.timedelta(seconds=6)
    await alive_1.run_once()
    assert alive_1.alone() is not None
    assert mine.get(CHAT) is None  # what it kept before may be stale: read again
    assert await answer(db, mine) == 3
    assert mine.get(CHAT) is not None


async def test_a_worker_counts_a_dead_one_only_until_its_alive_lease_expires(db):
    clock = ManualClock()
    alive_1, _ = worker(db, "worker-1", clock)
    alive_2, _ = worker(db, "worker-2", clock)
    await alive_2.run_once()  # then killed: it renews no more
    await alive_1.run_once()
    assert alive_1.others == 1
    clock.now += dt.timedelta(seconds=7)  # its lease (3 renewals of 2 s) has expired
    await alive_1.run_once()
    assert alive_1.others == 0 and alive_1.alone() is None  # alone for a whole lease ...
    clock.now += dt.timedelta(seconds=6)
    await alive_1.run_once()
    assert alive_1.alone() is not None  # ... from now on
