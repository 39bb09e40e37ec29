"""The unit of work a turn runs in: what ``flows`` may ask of storage.

One turn = one unit of work: the dialogue reads the conversation, decides, records
what to write, and ``commit`` writes it all in one transaction. ``flows`` sees only
this interface; ``knowledge.storage.unit_of_work.SqlUnitOfWork`` implements it on the
database, and the tests' ``FakeUnitOfWork`` in memory.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Protocol

from knowledge.editing.records import AuditEntry
from knowledge.handoff.records import HandoffRecord, NewRequest, RelayedMessage, Sender
from knowledge.insights.records import FeedbackRecord, InboxRecord, TurnRecord
from knowledge.storage.conversations import FollowerConversation, StoredConversation
from knowledge.storage.outbox import OutgoingMessage
from knowledge.volunteers.records import InviteRecord, VolunteerRecord, VolunteerStatus


class Volunteers(Protocol):
    """Volunteers and invitations: reads now, writes at the commit. ``join`` fails the
    commit (the turn runs again) when the invitation was used meanwhile."""

    async def by_user(self, channel: str, user_id: str) -> VolunteerRecord | None: ...

    async def get(self, volunteer_id: int) -> VolunteerRecord | None: ...

    async def on_duty(self, province_key: str, unit_key: str) -> list[VolunteerRecord]: ...

    async def invite(self, token: str) -> InviteRecord | None: ...

    def add_invite(
        self, token: str, province_key: str, unit_key: str, created_by: str, now: dt.datetime
    ) -> None: ...

    def join(
        self,
        invite_id: int,
        channel: str,
        user_id: str,
        chat_id: str,
        province_key: str,
        unit_key: str,
        now: dt.datetime,
    ) -> None: ...

    def set_duty(self, volunteer_id: int, on_duty: bool, now: dt.datetime) -> None: ...

    def set_status(self, volunteer_id: int, status: VolunteerStatus, now: dt.datetime) -> None: ...


class Handoffs(Protocol):
    """Requests for a person: reads now, writes at the commit. ``claim``, ``close``,
    ``reopen`` and ``escalate`` fail the commit (the turn runs again) when the request
    changed meanwhile -- so of two claims, exactly one wins."""

    async def get(self, number: int) -> HandoffRecord | None: ...

    async def latest_of(self, channel: str, user_id: str) -> HandoffRecord | None: ...

    async def waiting_in(self, province_key: str, unit_key: str) -> list[HandoffRecord]: ...

    async def held_by(self, claimer: str) -> list[HandoffRecord]: ...

    async def overdue(self, opened_before: dt.datetime) -> list[HandoffRecord]: ...

    async def messages(self, request_id: int) -> list[RelayedMessage]: ...

    def open(self, request: NewRequest, now: dt.datetime) -> None: ...

    def claim(self, number: int, claimer: str, now: dt.datetime) -> None: ...

    def close(self, number: int, now: dt.datetime) -> None: ...

    def reopen(self, number: int, now: dt.datetime) -> None: ...

    def escalate(self, number: int, now: dt.datetime) -> None: ...

    def rate(self, number: int, rating: int) -> None: ...

    def relay(
        self, request_id: int, sender: Sender, author: str | None, text: str, now: dt.datetime
    ) -> None: ...


class UnitOfWork(Protocol):
    volunteers: Volunteers
    handoffs: Handoffs
    sent: list[OutgoingMessage]  # what the last commit queued in the outbox

    async def __aenter__(self) -> UnitOfWork: ...

    async def __aexit__(self, *exc) -> None: ...

    async def load_conversation(self, channel: str, user_id: str) -> StoredConversation: ...

    def save_conversation(
        self, channel: str, user_id: str, state: dict, read_version: int, role: str
    ) -> None: ...

    def delete_user_data(self, channel: str, user_id: str) -> None: ...

    def send(self, message: OutgoingMessage) -> None: ...

    def tell_subscriber(
        self,
        subscription_id: int,
        status: int,
        messages: tuple[OutgoingMessage, ...],
        conversation: FollowerConversation | None = None,
    ) -> None:
        """Queue ``messages`` (one notification's replies) at the commit, in order, and
        record that the subscriber was told ``status`` -- all of them or none: none when
        another announcer told them ``status`` already (two announcers send once). With
        ``conversation``, the follower's conversation is saved along with telling them,
        its version checked (ConcurrentUpdate when another save came first)."""
        ...

    async def follow_dossier(
        self, channel: str, chat_id: str, user_id: str, code: str, status: int | None
    ) -> bool:
        """The chat follows ``code`` from the commit on (``status``: the one it knows now).
        True when the chat did not follow it yet, False when it did (read now); a follow
        committed by another turn meanwhile is kept as one subscription, never an error."""
        ...

    async def unfollow_dossiers(self, channel: str, chat_id: str, code: str | None) -> int:
        """The chat stops following ``code`` (every dossier when None) at the commit; how
        many it follows now that will stop (read now)."""
        ...

    def mark_processed(self, key: str) -> None:
        """The turn handles a channel's input that may come again (a Telegram update):
        the commit raises DuplicateTurn, writing nothing, when it was handled already."""
        ...

    def record_audit(self, entry: AuditEntry) -> None:
        """Write a staff action's audit event at the commit, with the action."""
        ...

    def record_turn(self, event: TurnRecord) -> None:
        """Store one turn event at the commit (the person as a keyed hash)."""
        ...

    def add_inbox_item(self, item: InboxRecord) -> None:
        """Put a question (already redacted) in the staff's inbox at the commit."""
        ...

    def record_feedback(self, feedback: FeedbackRecord) -> None:
        """Store a 👍/👎 at the commit; a 👎's reason completes the person's latest 👎
        of that answer without one (``FeedbackRecord``)."""
        ...

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
