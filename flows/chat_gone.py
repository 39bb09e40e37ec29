"""A person who blocked the bot: what stops at once.

Their dossier notifications stop, as "/huytheodoi" stops them (``uow.unfollow_dossiers``,
which ``DossierFlow.unfollow`` uses), so no status change is queued for a chat that
refuses every message. Nothing is said to them: they cannot be written to.
"""

from __future__ import annotations

import logging

from flows.unit_of_work import UnitOfWorkFactory

logger = logging.getLogger(__name__)


async def bot_blocked(unit_of_work: UnitOfWorkFactory, channel: str, chat_id: str) -> int:
    """Stop every dossier notification of ``chat_id``; how many stopped."""
    async with unit_of_work() as uow:
        stopped = await uow.unfollow_dossiers(channel, chat_id, None)
        await uow.commit()
    # (no chat id: who blocked the bot is nobody's business in the logs)
    logger.info("a chat on %s blocked the bot: %d dossier notifications stopped", channel, stopped)
    return stopped
