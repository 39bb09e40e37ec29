"""Database engine, sessions and automatic migrations."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import sqlite3
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

logger = logging.getLogger(__name__)
# aiosqlite logs every statement with its parameters (user ids, saved state) at DEBUG:
# never let it, whatever level the application's logging is set to.
logging.getLogger("aiosqlite").setLevel(logging.INFO)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
PG_POOL_SIZE = 16
PG_OVERFLOW = 8

# The PostgreSQL advisory lock held while migrating: one fixed 64-bit key for the project
# ("citizenb" in ASCII), and how long a second process waits for the first one (seconds).
MIGRATION_LOCK_KEY = int.from_bytes(b"citizenb", "big") >> 1
MIGRATION_LOCK_TIMEOUT_S = 120
# Connections switching a new SQLite file to WAL together can deadlock on its locks;
# SQLite then answers "database is locked" at once, without waiting the busy timeout
# (three processes opening one new file together: 41 of 200 trials). The loser tries
# again after a short pause: by then the winner's switch is done and the file is in WAL
# already (none of 200 failed). Trying again at once does not do: a loser may keep
# losing (with 100 tries at once, 1 to 4 of 300 still failed).
WAL_SWITCH_ATTEMPTS = 100
WAL_SWITCH_PAUSE_S = 0.02


def dialect_of(session: AsyncSession | AsyncConnection) -> str:
    """The database dialect's name of a session or a connection."""
    bind = getattr(session, "bind", None)
    return (bind.dialect if bind is not None else session.dialect).name


def insert_for(session: AsyncSession | AsyncConnection, table):
    """An INSERT of the session's dialect, which offers ``on_conflict_do_nothing``
    (SQLite and PostgreSQL)."""
    if dialect_of(session) == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)


# What an unreachable or failing database raises: a driver error, the pool giving up, or
# the socket refused before the driver was even involved (PostgreSQL stopped).
OUTAGE_ERRORS = (DBAPIError, PoolTimeout, OSError)


class DatabaseUnavailable(Exception):
    """The database could not be reached or stayed locked; carries the operation name."""

    def __init__(self, operation: str) -> None:
        super().__init__(f"database unavailable during {operation}")
        self.operation = operation


def _prepare_sqlite(url: str) -> dict:
    parsed = make_url(url)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    # A short busy timeout lets concurrent writers wait for a lock instead of failing at once.
    return {"timeout": 5}


class Database:
    """Owns the async engine and hands out sessions (one per unit of work)."""

    def __init__(self, url: str) -> None:
        self.url = url
        connect_args: dict = {}
        self.is_sqlite = make_url(url).get_backend_name() == "sqlite"
        if self.is_sqlite:
            connect_args = _prepare_sqlite(url)
        # hide_parameters: a failing statement is logged without its values (user ids,
        # saved state, texts), in tracebacks too.
        # PostgreSQL: enough kept connections for a worker's concurrent turns (64 updates
        # at once reopened overflow connections about once every seven updates with the
        # default 5 + 10); four workers hold at most 96 of PostgreSQL's default 100.
        pool = {} if self.is_sqlite else {"pool_size": PG_POOL_SIZE, "max_overflow": PG_OVERFLOW}
        self.engine: AsyncEngine = create_async_engine(
            url, connect_args=connect_args, hide_parameters=True, **pool
        )
        if self.is_sqlite:
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        # SQLite has one writer at a time: writers of this process queue here instead of
        # polling SQLite's lock (its busy handler sleeps, so waits become seconds).
        self.write_turn = asyncio.Lock() if self.is_sqlite else contextlib.nullcontext()
        # SQLite: the connection this process's turns commit on, held between commits
        # (they take turns on ``write_turn`` anyway); a pool checkout and check-in cost
        # about as much CPU as the commit itself.
        self._writer: AsyncConnection | None = None
        # PostgreSQL: a lone SELECT needs no transaction; in autocommit it is one round
        # trip instead of three (BEGIN, the SELECT, the ROLLBACK at check-in). Same pool.
        self._reads = (
            None if self.is_sqlite else self.engine.execution_options(isolation_level="AUTOCOMMIT")
        )
        # PostgreSQL: the connection that one-statement writes (a deliverer's outcomes)
        # run on, in autocommit, kept between them and taken in turns.
        self._outcomes: AsyncConnection | None = None
        self._outcomes_turn = asyncio.Lock()

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A session committed on success and rolled back on error."""
        async with self.sessions() as session:
            try:
                yield session
                await session.commit()
            except BaseException:
                await session.rollback()
                raise

    @asynccontextmanager
    async def write_session(self) -> AsyncIterator[AsyncSession]:
        """A session for a read-then-write that must see the latest data: on SQLite it
        holds the write lock from its first read (``BEGIN IMMEDIATE``; this process's
        writers queue on ``write_turn``); PostgreSQL's row locks do the rest."""
        async with self.write_turn, self.sessions() as session:
            try:
                if self.is_sqlite:
                    await session.execute(text("BEGIN IMMEDIATE"))
                yield session
                await session.commit()
            except BaseException:
                await session.rollback()
                raise

    def reader(self):
        """A connection for a turn's short reads (``async with``; each statement sees
        what is committed when it runs): on PostgreSQL a pooled one in autocommit."""
        return (self._reads or self.engine).connect()

    def one_statement(self):
        """PostgreSQL: a pooled connection in autocommit for a write that is a single
        statement (``async with``). A statement is atomic on its own: one round trip
        instead of three (BEGIN, the statement, COMMIT), and an error undoes all of it."""
        assert self._reads is not None, "PostgreSQL only"
        return self._reads.connect()

    @asynccontextmanager
    async def write_transaction(self) -> AsyncIterator[AsyncConnection]:
        """A Core transaction for a turn's writes, committed on success and rolled back
        on error. On SQLite it holds ``write_turn`` and runs on the one connection kept
        for it (dropped after any error, so a broken connection is never reused);
        on PostgreSQL it is a pooled connection's transaction."""
        if not self.is_sqlite:
            async with self.engine.begin() as conn:
                yield conn
            return
        async with self.write_turn:
            if self._writer is None or self._writer.closed or self._writer.invalidated:
                self._writer = await self.engine.connect()
            conn = self._writer
            try:
                async with conn.begin():
                    yield conn
            except BaseException:
                self._writer = None
                with contextlib.suppress(Exception):
                    await conn.close()
                raise

    @asynccontextmanager
    async def single_writes(self) -> AsyncIterator[AsyncConnection]:
        """A connection in autocommit for a short write of one statement (what a deliverer
        sent: bot/deliverer.py), one caller at a time. On PostgreSQL it is kept between
        writes: a pool checkout and check-in cost about as much CPU as the statement
        (dropped after any error, so a broken connection is never reused). On SQLite a
        pooled one, holding ``write_turn``."""
        if self.is_sqlite:
            async with self.write_turn, self.engine.connect() as conn:
                yield await conn.execution_options(isolation_level="AUTOCOMMIT")
            return
        async with self._outcomes_turn:
            conn = self._outcomes
            if conn is None or conn.closed or conn.invalidated:
                assert self._reads is not None  # (PostgreSQL's autocommit engine)
                conn = self._outcomes = await self._reads.connect()
            try:
                yield conn
            except BaseException:
                self._outcomes = None
                with contextlib.suppress(Exception):
                    await conn.close()
                raise

    async def _close_writer(self) -> None:
        writer, self._writer = self._writer, None
        if writer is not None:
            with contextlib.suppress(Exception):
                await writer.close()
        outcomes, self._outcomes = self._outcomes, None
        if outcomes is not None:
            with contextlib.suppress(Exception):
                await outcomes.close()

    async def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision, once even when several
        processes (bot workers, a CLI command) start together.

        The whole upgrade is one transaction taken under a lock, and Alembic reads the
        current revision only once it holds the lock, so whoever waited finds the
        schema at head and does nothing:

        * PostgreSQL: a transaction-level advisory lock (``pg_advisory_xact_lock``),
          released by the commit; DDL is transactional there.
        * SQLite: ``BEGIN IMMEDIATE`` takes the database's write lock before Alembic
          looks; the others wait in SQLite's busy handler, on connections that wait
          ``MIGRATION_LOCK_TIMEOUT_S`` (the migration's own engine).
        """
        engine = self._migration_engine()
        try:
            async with engine.connect() as conn:
                backend = conn.dialect.name
                try:
                    if backend == "sqlite":
                        await _upgrade_sqlite(conn)
                    elif backend == "postgresql":
                        await _upgrade_postgresql(conn)
                    else:
                        await conn.run_sync(_upgrade)
                        await conn.commit()
                except BaseException:
                    await conn.rollback()
                    raise
        finally:
            if engine is not self.engine:
                await engine.dispose()
        logger.info("database schema is up to date")

    def _migration_engine(self) -> AsyncEngine:
        """The engine the migration runs on.

        A file SQLite database gets its own short-lived engine whose connections wait
        ``MIGRATION_LOCK_TIMEOUT_S`` for locks from the first statement on: opening a
        connection already switches the journal to WAL, which waits for whoever is
        migrating, and the everyday 5 s would not cover a slow migration.
        """
        database = make_url(self.url).database
        if not self.is_sqlite or not database or database == ":memory:":
            return self.engine
        engine = create_async_engine(
            self.url,
            connect_args={**_prepare_sqlite(self.url), "timeout": MIGRATION_LOCK_TIMEOUT_S},
            hide_parameters=True,
        )
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine

    async def close(self) -> None:
        await self._close_writer()
        await self.engine.dispose()


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    _switch_to_wal(cursor)
    # In WAL mode NORMAL is safe from corruption and loses nothing when the process
    # dies; only a power cut or an OS crash may lose the last commits (FULL fsyncs the
    # log at every commit, which every turn's commit waited for while holding the
    # write lock).
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Deleted rows are overwritten, not left in free pages ("delete my data").
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def _switch_to_wal(
    cursor, attempts: int = WAL_SWITCH_ATTEMPTS, pause: Callable[[], None] | None = None
) -> None:
    """``PRAGMA journal_mode=WAL``, tried again while another connection's switch of the
    same new file keeps it locked (``WAL_SWITCH_ATTEMPTS``). It runs on connect, in the
    engine's synchronous listener: under the async engine the pause holds the event loop,
    20 ms a try, but only while several processes open one new file at once (at start,
    before any turn); an existing file in WAL never pauses."""
    wait = pause or (lambda: time.sleep(WAL_SWITCH_PAUSE_S))
    for attempt in range(1, attempts + 1):
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts:
                raise
            if attempt == 1:
                logger.info("another connection is switching the database to WAL; waiting")
            wait()


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


async def _upgrade_postgresql(conn: AsyncConnection) -> None:
    await conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{MIGRATION_LOCK_TIMEOUT_S}s'")
    taken = await conn.scalar(
        text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
    )
    if not taken:
        logger.info("another process is migrating the database; waiting for it")
        await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
    await conn.run_sync(_upgrade)
    await conn.commit()  # releases the advisory lock


async def _upgrade_sqlite(conn: AsyncConnection) -> None:
    # The connection's busy timeout is MIGRATION_LOCK_TIMEOUT_S (see _migration_engine).
    await conn.exec_driver_sql("BEGIN IMMEDIATE")
    await conn.run_sync(_upgrade)
    await conn.commit()


def _upgrade(connection: Connection) -> None:
    cfg = alembic_config()
    cfg.attributes["connection"] = connection
    command.upgrade(cfg, "head")


def utcnow() -> dt.datetime:
    """Now, as an aware UTC datetime (the default clock of what stores moments)."""
    return dt.datetime.now(dt.UTC)


def aware_utc(moment: dt.datetime | None) -> dt.datetime | None:
    """A stored moment as an aware UTC datetime (SQLite hands back naive UTC ones)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)
