"""On PostgreSQL a deliverer writes what it sent on one connection kept between writes
(a pool checkout for every "sent" cost as much as the write). The database dropping that
connection -- a restart, an administrator -- loses no outcome: it waits in memory and
is written on a new connection at the next write."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.deliverer import Deliverer
from knowledge.storage.db import Database
from knowledge.storage.outbox import OutboxRepository, OutgoingMessage, OwnReplies, sending_own


class Phone:
    def __init__(self) -> None:
        self.received: list[str] = []

    async def send(self, recipient: str, body: dict) -> None:
        self.received.append(body["text"])


@pytest.fixture
def pg_url(postgres_databases, postgres_empty_template):
    """A migrated, empty PostgreSQL database of this test's own."""
    name = postgres_databases.create(template=postgres_empty_template)
    try:
        yield postgres_databases.address.url(name)
    finally:
        postgres_databases.drop(name)


@pytest.fixture
async def pg(pg_url):
    database = Database(pg_url)
    try:
        yield database
    finally:
        await database.close()


async def turn_replies(db: Database, chat: str, text: str) -> OwnReplies:
    """A turn's reply to ``chat``, claimed for worker w1's handler in its commit."""
    own = OwnReplies("telegram", chat, "w1", dt.timedelta(seconds=60))
    message = OutgoingMessage(f"turn:{chat}", "telegram", chat, {"text": text})
    with sending_own(own):
        async with db.engine.begin() as conn:
            assert await OutboxRepository(conn).add(message)
    own.committed([message])
    return own


async def drop_connections(db: Database) -> None:
    """The database ends every other connection to it (as a restart would)."""
    async with db.engine.connect() as conn:
        await conn.exec_driver_sql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    await db.engine.dispose()  # (the pool's own idle ones were among them)


async def status(db: Database, key: str) -> str | None:
    async with db.session() as session:
        return await OutboxRepository(session).status_of(key)


async def test_an_outcome_the_dropped_connection_could_not_write_is_written_on_a_new_one(pg):
    first, second = await turn_replies(pg, "lan", "một"), await turn_replies(pg, "minh", "hai")
    phone = Phone()
    deliverer = Deliverer(pg, "telegram", phone, holder="w1")
    assert await deliverer.send_own(first.claimed()) == 1
    assert await status(pg, "turn:lan") == "sent"

    await drop_connections(pg)
    assert await deliverer.send_own(second.claimed()) == 1  # sent; its "sent" waits
    assert phone.received == ["một", "hai"]
    assert await status(pg, "turn:minh") == "sending"

    assert await deliverer.flush()  # on a new connection
    assert await status(pg, "turn:minh") == "sent"
