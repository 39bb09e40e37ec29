"""The web chat's side of the outbox: dossier messages queued for a web user and handed
out when the browser asks (``GET /api/chat/notifications``)."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from knowledge.dossiers.store import DossierStore, utc_now
from knowledge.storage.outbox import OutboxRepository, OutgoingMessage


class WebOutbox(DossierStore):
    """Messages waiting for web chat users, each handed out once."""

    async def push_web(self, user_id: str, text: str, key: str | None = None) -> bool:
        """Queue a message for a web chat user in the outbox (``key``: its identity; a
        repeated key is queued once). True when queued now."""
        message = OutgoingMessage(
            key or f"web:{user_id}:{uuid.uuid4().hex}",
            "web",
            user_id,
            {"text": text, "kind": "dossier_changed"},
        )

        async def work(session: AsyncSession) -> bool:
            return await OutboxRepository(session).add(message)

        return await self._write("web outbox push", work)

    async def pop_web(self, user_id: str) -> list[str]:
        """The user's undelivered messages, oldest first, marked delivered (each is
        handed out once, even to concurrent callers)."""

        async def work(session: AsyncSession) -> list[str]:
            bodies = await OutboxRepository(session).take("web", user_id, utc_now())
            return [str(body.get("text", "")) for body in bodies]

        return await self._write("web outbox pop", work)

    async def web_waiting(self, user_id: str) -> int:
        """How many messages wait for a web chat user (nothing is handed out)."""
        async with self._read("web outbox count") as session:
            return await OutboxRepository(session).waiting("web", user_id)
