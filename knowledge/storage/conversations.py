"""Conversation state and users: what the bot stores about a person.

State is saved with optimistic concurrency: ``load`` returns the stored version, and
``save`` writes only if that version is still the stored one (a new conversation:
only if no row exists yet). A save that lost the race returns False; the caller runs
the turn again on the newer state. Plain Core statements: one round trip each.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from knowledge.storage import models
from knowledge.storage.db import insert_for
from knowledge.storage.outbox import OutboxRepository


@dataclass(frozen=True)
class StoredConversation:
    """A conversation's saved state and its version (0: nothing saved yet)."""

    state: dict
    version: int = 0


def _insert_ignoring_duplicates(session: AsyncSession | AsyncConnection, table):
    """``INSERT ... ON CONFLICT DO NOTHING`` in the session's dialect."""
    return insert_for(session, table).on_conflict_do_nothing()


class ConversationRepository:
    """JSON state per (channel, user); the caller owns the transaction (an ORM session
    or a plain connection: every statement is Core)."""

    def __init__(self, session: AsyncSession | AsyncConnection) -> None:
        self.session = session

    async def load(self, channel: str, user_id: str) -> StoredConversation:
        row = (
            await self.session.execute(
                select(models.Conversation.state, models.Conversation.version).where(
                    models.Conversation.channel == channel,
                    models.Conversation.user_id == user_id,
                )
            )
        ).first()
        if row is None:
            return StoredConversation({}, 0)
        return StoredConversation(dict(row.state or {}), int(row.version))

    async def save(self, channel: str, user_id: str, state: dict, read_version: int) -> bool:
        """Store ``state`` if the stored version is still ``read_version``; False if
        another save came first."""
        table = models.Conversation.__table__
        if read_version == 0:
            statement = _insert_ignoring_duplicates(self.session, table).values(
                channel=channel, user_id=user_id, state=state, version=1
            )
        else:
            statement = (
                update(table)
                .where(
                    table.c.channel == channel,
                    table.c.user_id == user_id,
                    table.c.version == read_version,
                )
                .values(state=state, version=read_version + 1, updated_at=func.now())
            )
        result = await self.session.execute(statement)
        return result.rowcount == 1

    async def touch_user(self, channel: str, user_id: str, role: str = "citizen") -> None:
        """Record that a user exists; keeps an existing role (roles are granted elsewhere)."""
        await self.session.execute(
            _insert_ignoring_duplicates(self.session, models.User.__table__).values(
                channel=channel, user_id=user_id, role=role
            )
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
