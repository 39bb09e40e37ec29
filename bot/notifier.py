"""Delivers messages the user did not just ask for (dossier status changes).

Every pushed message goes through here: Telegram through the TelegramChannel,
the web chat through its outbox in the database.
"""

from __future__ import annotations

import asyncio
import logging

from bot.telegram_bot import RecipientUnavailable
from flows.dossier import DossierFlow, Notification
from knowledge.dossier_registry import LocalRegistry
from knowledge.dossiers import StatusChange

logger = logging.getLogger(__name__)


class Notifier:
    """Sends notifications on their channel and reports back what happened."""

    def __init__(self, dossiers: DossierFlow, registry: LocalRegistry, telegram=None) -> None:
        self.dossiers = dossiers
        self.registry = registry
        self.telegram = telegram
        # Deciding whom to tell and recording that they were told must not interleave,
        # or two quick pushes of one status would both be announced.
        self._lock = asyncio.Lock()

    async def notify(self, change: StatusChange) -> int:
        """Tell the subscribers of a dossier about a recorded status change."""
        async with self._lock:
            return await self.deliver(await self.dossiers.notifications_for(change))

    async def poll(self) -> int:
        """Re-check followed dossiers at the HTTP sources and tell about changes."""
        async with self._lock:
            return await self.deliver(await self.dossiers.poll_once())

    async def deliver(self, notes: list[Notification]) -> int:
        """Send each notification; returns how many were delivered."""
        delivered = 0
        for note in notes:
            try:
                if note.channel == "telegram":
                    if self.telegram is None:
                        logger.info("telegram not running: notification for %s kept", note.code)
                        continue
                    await self.telegram.send_replies(note.chat_id, list(note.replies))
                elif note.channel == "web":
                    for reply in note.replies:
                        await self.registry.push_web(note.user_id, reply.text)
                else:
                    logger.info("channel %s cannot receive notifications", note.channel)
                    continue
            except RecipientUnavailable:
                await self.dossiers.recipient_gone(note)
                continue
            except Exception:
                logger.warning(
                    "notification for %s on %s failed", note.code, note.channel, exc_info=True
                )
                continue
            await self.dossiers.delivered(note)
            delivered += 1
        return delivered
