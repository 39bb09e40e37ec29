"""The unit of work a turn runs in: what ``flows`` may ask of storage.

One turn = one unit of work: the dialogue reads the conversation, decides, records
what to write, and ``commit`` writes it all in one transaction. ``flows`` sees only
this interface; ``knowledge.storage.unit_of_work.SqlUnitOfWork`` implements it on the
database, and the tests' ``FakeUnitOfWork`` in memory.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Protocol

from knowledge.storage.conversations import StoredConversation
from knowledge.storage.outbox import OutgoingMessage


class UnitOfWork(Protocol):
    async def __aenter__(self) -> UnitOfWork: ...

    async def __aexit__(self, *exc) -> None: ...

    async def load_conversation(self, channel: str, user_id: str) -> StoredConversation: ...

    def save_conversation(
        self, channel: str, user_id: str, state: dict, read_version: int, role: str
    ) -> None: ...

    def delete_user_data(self, channel: str, user_id: str) -> None: ...

    def send(self, message: OutgoingMessage) -> None: ...

    def tell_subscriber(
        self, subscription_id: int, status: int, message: OutgoingMessage
    ) -> None: ...

    async def commit(self) -> int: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]


class KeyedLock:
    """One asyncio lock per key (a conversation), dropped when nobody holds or waits."""

    def __init__(self) -> None:
        self._locks: dict[object, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def hold(self, key: object) -> AsyncIterator[None]:
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users <= 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    def __len__(self) -> int:
        return len(self._locks)
