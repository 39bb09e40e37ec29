"""Fakes over mocks: in-memory stand-ins for the storage a turn uses."""

from __future__ import annotations

import copy

from knowledge.storage.conversations import StoredConversation
from knowledge.storage.unit_of_work import ConcurrentUpdate


def dialogue_over(services, unit_of_work):
    """The real dialogue of ``services`` (NLU, catalogue, places, dossiers), with its
    conversations kept by ``unit_of_work`` (a factory) and its own turn order: another
    worker, or the same dialogue in memory."""
    from flows.dialogue import Dialogue

    return Dialogue(
        services.db,
        services.nlu,
        services.catalogue,
        services.config.dialogue,
        services.admin_map,
        services.dossiers,
        unit_of_work=unit_of_work,
        queued_channels=services.dialogue.queued_channels,
    )


class InMemoryStore:
    """What a database would hold: conversations with versions, users with roles."""

    def __init__(self) -> None:
        self.conversations: dict[tuple[str, str], StoredConversation] = {}
        self.users: dict[tuple[str, str], str] = {}
        self.outbox: list = []
        self.commits = 0


class FakeUnitOfWork:
    """``flows.unit_of_work.UnitOfWork`` in memory: the same version check, no SQL."""

    def __init__(self, store: InMemoryStore) -> None:
        self.store = store
        self._saves: list[tuple[tuple[str, str], dict, int, str]] = []
        self._deletes: list[tuple[str, str]] = []

    async def __aenter__(self) -> FakeUnitOfWork:
        return self

    async def __aexit__(self, *exc) -> None:
        self._saves.clear()
        self._deletes.clear()

    async def load_conversation(self, channel: str, user_id: str) -> StoredConversation:
        stored = self.store.conversations.get((channel, user_id))
        return copy.deepcopy(stored) if stored else StoredConversation({}, 0)

    def save_conversation(
        self, channel: str, user_id: str, state: dict, read_version: int, role: str
    ) -> None:
        self._saves.append(((channel, user_id), copy.deepcopy(state), read_version, role))

    def delete_user_data(self, channel: str, user_id: str) -> None:
        self._deletes.append((channel, user_id))

    def send(self, message) -> None:
        self.store.outbox.append(message)

    def tell_subscriber(self, subscription_id: int, status: int, message) -> None:
        self.store.outbox.append(message)

    async def commit(self) -> int:
        for key, _state, read_version, _role in self._saves:
            current = self.store.conversations.get(key)
            if (current.version if current else 0) != read_version:
                raise ConcurrentUpdate(*key)
        for key, state, read_version, role in self._saves:
            self.store.conversations[key] = StoredConversation(state, read_version + 1)
            self.store.users.setdefault(key, role)
        removed = 0
        for key in self._deletes:
            removed += (self.store.conversations.pop(key, None) is not None) + (
                self.store.users.pop(key, None) is not None
            )
        self._saves.clear()
        self._deletes.clear()
        self.store.commits += 1
        return removed
