"""Many turns at once: every turn is answered and counted, nothing is overwritten.

Each user sends 10 messages at the same moment, the first 5 of them as a brand-new
user; 50 users do so together. Run on SQLite and on PostgreSQL, with one bot worker and
with two workers sharing the database (each worker keeps its own in-process order, so
their saves race and the version check must catch it).
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

from bot.app import create_services
from flows.dialogue import Dialogue
from flows.state import ConversationState
from flows.types import Turn
from knowledge.storage.unit_of_work import ConversationCache, SqlUnitOfWork
from tests.fakes import dialogue_over

USERS = 50
TURNS = 10


def _second_worker(services) -> Dialogue:
    """Another worker on the same database: same parts, its own turn order and its own
    memory of recent conversations (which the other worker's saves make stale)."""
    cache = ConversationCache()
    return dialogue_over(services, lambda: SqlUnitOfWork(services.db, cache))


async def _storm(workers: list[Dialogue]) -> list:
    turns = [
        workers[(u + t) % len(workers)].handle(
            Turn(channel="web", user_id=f"storm-{u}", text="xin chào" if t % 2 else "cảm ơn")
        )
        for u in range(USERS)
        for t in range(TURNS)
    ]
    return await asyncio.gather(*turns, return_exceptions=True)


async def _turns_saved(services, user: str) -> int:
    async with SqlUnitOfWork(services.db) as uow:
        stored = await uow.load_conversation("web", user)
    return ConversationState.from_dict(stored.state).turns


async def test_fifty_users_ten_turns_at_once_each(config, seeded_any_database, caplog):
    services = await create_services(replace(config, database_url=seeded_any_database))
    try:
        for workers in ([services.dialogue], [services.dialogue, _second_worker(services)]):
            before = [await _turns_saved(services, f"storm-{u}") for u in range(USERS)]
            results = await _storm(workers)
            errors = [r for r in results if isinstance(r, BaseException)]
            assert errors == []
            assert all(r and r[0].kind != "error" for r in results)
            after = [await _turns_saved(services, f"storm-{u}") for u in range(USERS)]
            assert [a - b for a, b in zip(after, before, strict=True)] == [TURNS] * USERS
    finally:
        await services.close()
    assert "Traceback" not in caplog.text
