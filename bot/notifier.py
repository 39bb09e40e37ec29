"""Announces dossier status changes through the outbox.

``notify`` decides whom to tell and queues their messages in the outbox in one
transaction (each subscriber is told each new status once, even when two announcers
see the same change); the channel deliverers send them (see ``bot/deliverer.py``). The
web chat's messages wait in the outbox until the browser fetches them. That transaction
also saves the follower's conversation (the message's buttons): one that a turn saved
meanwhile makes it announce again, on the turn's state.
"""

from __future__ import annotations

import logging

from bot.deliverer import Deliverer
from bot.telegram_channel import TelegramSender
from flows.dossier import DossierFlow
from knowledge.dossiers.records import StatusChange
from knowledge.dossiers.registry import LocalRegistry
from knowledge.storage.unit_of_work import ConcurrentUpdate, SqlUnitOfWork

logger = logging.getLogger(__name__)

# A follower's turn saved their conversation first: announce again, at most this often
ANNOUNCE_ATTEMPTS = 3


class Notifier:
    """Queues announcements; ``telegram`` (a TelegramChannel) enables its deliverer."""

    def __init__(self, dossiers: DossierFlow, registry: LocalRegistry, telegram=None) -> None:
        self.dossiers = dossiers
        self.registry = registry
        self.telegram_deliverer: Deliverer | None = None
        if telegram is not None:
            self.attach_telegram(telegram)

    def attach_telegram(self, channel) -> Deliverer:
        """Deliver Telegram announcements with ``channel`` (a TelegramChannel)."""
        return self.use_deliverer(
            Deliverer(self.registry.db, "telegram", TelegramSender(channel), on_gone=self.gone)
        )

    def use_deliverer(self, deliverer: Deliverer) -> Deliverer:
        """Share the Telegram bot's own outbox deliverer (one per process)."""
        self.telegram_deliverer = deliverer
        return deliverer

    async def gone(self, channel: str, chat_id: str) -> None:
        """The user blocked the bot: stop following instead of retrying forever."""
        removed = await self.registry.unsubscribe(channel, chat_id)
        logger.info("recipient unavailable on %s: %d subscriptions removed", channel, removed)

    async def notify(self, change: StatusChange) -> int:
        """Queue the change for its subscribers; returns how many were told. Raises
        ConcurrentUpdate when followers' turns kept saving first (the sweep announces it)."""
        for attempt in range(1, ANNOUNCE_ATTEMPTS + 1):
            try:
                async with SqlUnitOfWork(self.registry.db) as uow:
                    await self.dossiers.announce(uow, change)
                    await uow.commit()
                    # a notification may be several messages: count their recipients
                    told = len({(m.channel, m.recipient) for m in uow.sent})
                break
            except ConcurrentUpdate:
                if attempt == ANNOUNCE_ATTEMPTS:
                    raise
                logger.info("announcing %s again: a follower's turn saved first", change.code)
        if told and self.telegram_deliverer is not None:
            await self.telegram_deliverer.deliver_due()
        return told

    async def poll(self) -> int:
        """Re-check followed dossiers at the HTTP sources and announce the changes."""
        told = 0
        for change in await self.dossiers.changes_from_sources():
            told += await self.notify(change)
        return told + await self.sweep()

    async def sweep(self) -> int:
        """Announce local changes that some follower was never told (lost to a crash, or
        to a pushing client that hung up between saving the change and announcing it)."""
        told = 0
        for change in await self.registry.unannounced():
            told += await self.notify(change)
        if told:
            logger.info("announced %d changes that had not been announced", told)
        return told
