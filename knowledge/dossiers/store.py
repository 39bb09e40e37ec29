"""What the dossier repositories share: keys, status checks, sessions, write retries.

Concurrent writers: on SQLite a write transaction starts with ``BEGIN IMMEDIATE``
(writers queue on the database lock, readers are not blocked under WAL); on PostgreSQL
the rows a write reads are locked ``FOR UPDATE`` by the repository. "database is
locked" and deadlocks are retried with backoff for up to ~4 s
(:data:`WRITE_RETRY_S`), then :class:`~knowledge.storage.db.DatabaseUnavailable` is
raised.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncSession

from knowledge.dossiers.codes import normalize_code
from knowledge.dossiers.records import STATUS_NAMES
from knowledge.storage.db import Database, DatabaseUnavailable

logger = logging.getLogger(__name__)

T = TypeVar("T")

# How long a write keeps retrying a locked database (seconds, in all).
WRITE_RETRY_S = 4.0
_DB_ERRORS = (OperationalError, InterfaceError, PoolTimeout, OSError)
_TRANSIENT = ("database is locked", "deadlock", "could not serialize", "database table is locked")


class InvalidStatus(ValueError):
    """A status outside the national codes 1–10."""

    def __init__(self, status: object) -> None:
        super().__init__(f"dossier status must be an integer 1–10, got {status!r}")
        self.status = status


def check_status(status: object) -> int:
    """``status`` as an int when it is a national status code, else :class:`InvalidStatus`."""
    if isinstance(status, bool) or not isinstance(status, int) or status not in STATUS_NAMES:
        raise InvalidStatus(status)
    return status


def dossier_key(code: str) -> str:
    """The key a code is stored under: its canonical form, or the stripped text for codes
    of systems with their own format."""
    return normalize_code(code) or code.strip()


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _transient(exc: BaseException) -> bool:
    message = str(getattr(exc, "orig", None) or exc).lower()
    return any(marker in message for marker in _TRANSIENT)


class DossierStore:
    """Shared plumbing: sessions, write transactions, retries, error mapping."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @asynccontextmanager
    async def _read(self, operation: str) -> AsyncIterator[AsyncSession]:
        try:
            async with self.db.sessions() as session:
                yield session
        except _DB_ERRORS as exc:
            logger.warning("database error during %s: %s", operation, type(exc).__name__)
            raise DatabaseUnavailable(operation) from exc

    async def _write(self, operation: str, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """Run ``work`` in one write transaction, retrying a locked database for ~4 s."""
        deadline = time.monotonic() + WRITE_RETRY_S
        delay = 0.02
        while True:
            try:
                async with self.db.write_session() as session:
                    return await work(session)
            except (*_DB_ERRORS, DBAPIError) as exc:
                retry = _transient(exc) and time.monotonic() + delay < deadline
                if isinstance(exc, DBAPIError) and not isinstance(exc, _DB_ERRORS) and not retry:
                    raise  # an integrity or data error: a bug, not an outage
                if not retry:
                    logger.warning("database error during %s: %s", operation, type(exc).__name__)
                    raise DatabaseUnavailable(operation) from exc
                await asyncio.sleep(delay * (0.5 + random.random()))
                delay = min(delay * 2, 0.5)
