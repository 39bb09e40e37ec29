"""The web chat's side of the outbox: dossier messages queued for a web user and handed
out when the browser asks (``GET /api/chat/notifications``) or as they come
(``GET /api/chat/events``, bot/web_events.py)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from knowledge.dossiers.store import DossierStore, utc_now
from knowledge.storage import models
from knowledge.storage.outbox import OutboxRepository, OutgoingMessage

_CHUNK = 500  # recipients per query (SQLite's bound parameters)


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

    async def take_web(self, user_id: str) -> list[dict]:
        """Like ``pop_web``, but each message whole: the reply as queued (``Reply.to_dict``:
        text, kind, buttons ...), for the web chat's live event stream."""

        async def work(session: AsyncSession) -> list[dict]:
            return await OutboxRepository(session).take("web", user_id, utc_now())

        return await self._write("web outbox take", work)

    async def web_recipients_waiting(self, user_ids: Iterable[str]) -> set[str]:
        """Which of ``user_ids`` have messages waiting (one read; nothing is handed out):
        the web chat's open streams look in the outbox only when something waits."""
        table = models.OutboxMessage
        found: set[str] = set()
        wanted = list(user_ids)
        async with self._read("web outbox waiting") as session:
            for start in range(0, len(wanted), _CHUNK):
                rows = await session.scalars(
                    select(table.recipient)
                    .where(
                        table.channel == "web",
                        table.status == "pending",
                        table.recipient.in_(wanted[start : start + _CHUNK]),
                    )
                    .distinct()
                )
                found.update(rows)
        return found

    async def web_waiting(self, user_id: str) -> int:
        """How many messages wait for a web chat user (nothing is handed out)."""
        async with self._read("web outbox count") as session:
            return await OutboxRepository(session).waiting("web", user_id)
