"""Conversation state and users: what the bot stores about a person.

State is saved with optimistic concurrency: ``load`` returns the stored version, and
``save`` writes only if that version is still the stored one (a new conversation:
only if no row exists yet). A save that lost the race returns False; the caller runs
the turn again on the newer state. Plain Core statements: one round trip each, built once
(every turn runs them, and building a statement costs more than SQLAlchemy's cached
compilation of it).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from knowledge.storage import models
from knowledge.storage.db import dialect_of, insert_for
from knowledge.storage.outbox import OutboxRepository

_CONVERSATIONS = models.Conversation.__table__
_USERS = models.User.__table__
_LOAD = select(_CONVERSATIONS.c.state, _CONVERSATIONS.c.version).where(
    _CONVERSATIONS.c.channel == bindparam("channel"),
    _CONVERSATIONS.c.user_id == bindparam("user_id"),
)
SAVE = (  # (also a part of a usual turn's statement: turn_statement.py)
    update(_CONVERSATIONS)
    .where(
        _CONVERSATIONS.c.channel == bindparam("key_channel"),
        _CONVERSATIONS.c.user_id == bindparam("key_user_id"),
        _CONVERSATIONS.c.version == bindparam("read_version"),
    )
    .values(
        state=bindparam("new_state", type_=_CONVERSATIONS.c.state.type),
        version=bindparam("new_version"),
        updated_at=func.now(),
    )
)
# INSERT ... ON CONFLICT DO NOTHING per dialect (the columns come with the parameters)
_INSERTS: dict[tuple[str, str], object] = {}


@dataclass(frozen=True)
class StoredConversation:
    """A conversation's saved state and its version (0: nothing saved yet)."""

    state: dict
    version: int = 0


@dataclass(frozen=True)
class FollowerConversation:
    """A follower's conversation to save with the notification that tells them (the
    buttons it offers), if its version is still ``read_version``."""

    channel: str
    user_id: str
    state: dict
    read_version: int


def _insert_ignoring_duplicates(session: AsyncSession | AsyncConnection, table):
    """``INSERT ... ON CONFLICT DO NOTHING`` in the session's dialect (built once)."""
    key = (dialect_of(session), table.name)
    statement = _INSERTS.get(key)
    if statement is None:
        statement = _INSERTS[key] = insert_for(session, table).on_conflict_do_nothing()
    return statement


class ConversationRepository:
    """JSON state per (channel, user); the caller owns the transaction (an ORM session
    or a plain connection: every statement is Core)."""

    def __init__(self, session: AsyncSession | AsyncConnection) -> None:
        self.session = session

    async def load(self, channel: str, user_id: str) -> StoredConversation:
        row = (await self.session.execute(_LOAD, {"channel": channel, "user_id": user_id})).first()
        if row is None:
            return StoredConversation({}, 0)
        return StoredConversation(dict(row.state or {}), int(row.version))

    async def save(self, channel: str, user_id: str, state: dict, read_version: int) -> bool:
        """Store ``state`` if the stored version is still ``read_version``; False if
        another save came first."""
        if read_version == 0:
            result = await self.session.execute(
                _insert_ignoring_duplicates(self.session, _CONVERSATIONS),
                {"channel": channel, "user_id": user_id, "state": state, "version": 1},
            )
        else:
            result = await self.session.execute(
                SAVE,
                {
                    "key_channel": channel,
                    "key_user_id": user_id,
                    "read_version": read_version,
                    "new_state": state,
                    "new_version": read_version + 1,
                },
            )
        return result.rowcount == 1

    async def touch_user(self, channel: str, user_id: str, role: str = "citizen") -> None:
        """Record that a user exists; keeps an existing role (roles are granted elsewhere)."""
        await self.session.execute(
            _insert_ignoring_duplicates(self.session, _USERS),
            {"channel": channel, "user_id": user_id, "role": role},
        )

    async def delete_user_data(self, channel: str, user_id: str) -> int:
        """Remove everything stored about one user; returns rows removed."""
        removed = 0
        for model in (models.Conversation, models.User, models.DossierSubscription):
            result = await self.session.execute(
                delete(model).where(model.channel == channel, model.user_id == user_id)
            )
            removed += result.rowcount or 0
        removed += await OutboxRepository(self.session).forget(channel, user_id)
        return removed
