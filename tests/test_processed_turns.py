"""A Telegram update is handled once, whichever worker gets it and however often it is
delivered: its id is written with the turn it caused (SQLite, then PostgreSQL)."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from flows.types import Turn
from knowledge.storage.db import Database
from knowledge.storage.processed import DuplicateTurn, prune_processed
from knowledge.storage.unit_of_work import SqlUnitOfWork


async def handle(db: Database, key: str) -> None:
    async with SqlUnitOfWork(db) as uow:
        uow.mark_processed(key)
        uow.save_conversation("telegram", "77", {"turns": 1}, 0, "citizen")
        await uow.commit()


async def test_two_workers_given_the_same_update_commit_it_once(db):
    results = await asyncio.gather(
        handle(db, "telegram:update-5"), handle(db, "telegram:update-5"), return_exceptions=True
    )
    failures = [r for r in results if r is not None]
    assert len(failures) == 1  # one committed; the other wrote nothing
    assert isinstance(failures[0], DuplicateTurn)
    with pytest.raises(DuplicateTurn):
        await handle(db, "telegram:update-5")


async def test_handled_updates_are_forgotten_after_two_days(db):
    await handle(db, "telegram:update-6")
    async with db.session() as session:
        assert await prune_processed(session, dt.datetime.now(dt.UTC)) == 0
        later = dt.datetime.now(dt.UTC) + dt.timedelta(days=3)
        assert await prune_processed(session, later) == 1


async def test_the_dialogue_answers_a_redelivered_update_once(services):
    turn = Turn("telegram", "78", text="xin chào", chat_id="78", turn_id="update-9")
    assert await services.dialogue.handle(turn)
    assert await services.dialogue.handle(turn) == []
