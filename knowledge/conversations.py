"""Conversation state and users: what the bot stores about a person."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from knowledge import models


class ConversationRepository:
    """JSON state per (channel, user); the caller owns the transaction."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def load(self, channel: str, user_id: str) -> dict | None:
        row = await self.session.scalar(
            select(models.Conversation).where(
                models.Conversation.channel == channel, models.Conversation.user_id == user_id
            )
        )
        return dict(row.state) if row else None

    async def save(self, channel: str, user_id: str, state: dict) -> None:
        row = await self.session.scalar(
            select(models.Conversation).where(
                models.Conversation.channel == channel, models.Conversation.user_id == user_id
            )
        )
        if row is None:
            self.session.add(models.Conversation(channel=channel, user_id=user_id, state=state))
        else:
            row.state = state

    async def touch_user(self, channel: str, user_id: str, role: str = "citizen") -> None:
        """Record that a user exists; keeps an existing role (roles are granted elsewhere)."""
        row = await self.session.scalar(
            select(models.User).where(
                models.User.channel == channel, models.User.user_id == user_id
            )
        )
        if row is None:
            self.session.add(models.User(channel=channel, user_id=user_id, role=role))

    async def delete_user_data(self, channel: str, user_id: str) -> int:
        """Remove everything stored about one user; returns rows removed."""
        removed = 0
        for model in (models.Conversation, models.User, models.DossierSubscription):
            result = await self.session.execute(
                delete(model).where(model.channel == channel, model.user_id == user_id)
            )
            removed += result.rowcount or 0
        if channel == "web":
            result = await self.session.execute(
                delete(models.WebNotification).where(models.WebNotification.user_id == user_id)
            )
            removed += result.rowcount or 0
        return removed
