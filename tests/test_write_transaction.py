"""A turn's writes: one transaction, committed whole or not at all (Database.write_transaction).

On SQLite the process's turns commit one after the other on one connection kept for
them (a pool checkout and check-in cost about as much CPU as the commit); a connection
that failed is never used again.
"""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from knowledge.storage.db import Database

CREATE = "CREATE TABLE notes (id INTEGER PRIMARY KEY, body VARCHAR(20))"
INSERT = text("INSERT INTO notes (id, body) VALUES (:id, :body)")


async def _bodies(db: Database) -> list[str]:
    async with db.engine.connect() as conn:
        return [r.body for r in await conn.execute(text("SELECT body FROM notes ORDER BY id"))]


@pytest.fixture
async def db(any_database):
    database = Database(any_database)
    async with database.engine.begin() as conn:
        await conn.exec_driver_sql(CREATE)
    yield database
    await database.close()


async def test_a_transaction_commits_all_its_writes_or_none(db):
    async with db.write_transaction() as conn:
        await conn.execute(INSERT, {"id": 1, "body": "first"})
        await conn.execute(INSERT, {"id": 2, "body": "second"})
    with pytest.raises(RuntimeError):
        async with db.write_transaction() as conn:
            await conn.execute(INSERT, {"id": 3, "body": "lost"})
            raise RuntimeError("the turn failed")
    async with db.write_transaction() as conn:  # the next turn writes as usual
        await conn.execute(INSERT, {"id": 4, "body": "after"})
    assert await _bodies(db) == ["first", "second", "after"]


async def test_concurrent_turns_take_turns_and_none_is_lost(db):
    async def write(i: int) -> None:
        async with db.write_transaction() as conn:
            await conn.execute(INSERT, {"id": i, "body": f"n{i}"})
            await asyncio.sleep(0)  # another turn is ready to write meanwhile

    await asyncio.gather(*(write(i) for i in range(20)))
    assert len(await _bodies(db)) == 20


async def test_on_sqlite_one_connection_serves_every_turn_until_one_fails(tmp_path):
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'w.db'}")
    try:
        async with db.engine.begin() as conn:
            await conn.exec_driver_sql(CREATE)
        used = []
        for i in (1, 2):
            async with db.write_transaction() as conn:
                used.append(conn)
                await conn.execute(INSERT, {"id": i, "body": "ok"})
        with pytest.raises(Exception, match="UNIQUE"):
            async with db.write_transaction() as conn:
                used.append(conn)
                await conn.execute(INSERT, {"id": 1, "body": "again"})
        async with db.write_transaction() as conn:
            used.append(conn)
        assert used[0] is used[1] is used[2]
        assert used[3] is not used[0] and used[0].closed  # the failed one is gone
    finally:
        await db.close()
    assert used[3].closed  # closing the database closes it too
