"""A person who blocked the bot: what stops at once.

Their dossier notifications stop, as "/huytheodoi" stops them (``uow.unfollow_dossiers``,
which ``DossierFlow.unfollow`` uses), so no status change is queued for a chat that
refuses every message. Their request for a person ends as their "/xong" ends it
(``flows.handoff_relay.end_for_citizen``): one still waiting leaves the volunteers' queue
and the staff's inbox; the volunteer holding one is told the citizen left the
conversation, and what they type next is not passed on. Nothing is said to the person:
they cannot be written to.
"""

from __future__ import annotations

import logging

from flows.handoff_relay import Clock, citizen_gone, utc_now
from flows.unit_of_work import UnitOfWorkFactory
from knowledge.storage.people import ConflictingWrite

logger = logging.getLogger(__name__)

ATTEMPTS = 3  # a request claimed or ended meanwhile is read again


async def bot_blocked(
    unit_of_work: UnitOfWorkFactory, channel: str, chat_id: str, clock: Clock = utc_now
) -> int:
    """Stop every dossier notification of ``chat_id`` and end its live request for a
    person (a private chat: the chat is the citizen); how many notifications stopped."""
    async with unit_of_work() as uow:
        stopped = await uow.unfollow_dossiers(channel, chat_id, None)
        await uow.commit()
    # (no chat id: who blocked the bot is nobody's business in the logs)
    logger.info("a chat on %s blocked the bot: %d dossier notifications stopped", channel, stopped)
    await _end_request(unit_of_work, channel, chat_id, clock)
    return stopped


async def _end_request(
    unit_of_work: UnitOfWorkFactory, channel: str, chat_id: str, clock: Clock
) -> None:
    for _ in range(ATTEMPTS):
        async with unit_of_work() as uow:
            ended = await citizen_gone(uow, channel, chat_id, clock())
            if ended is None:
                return
            try:
                await uow.commit()
            except ConflictingWrite:
                continue  # ended (or escalated) meanwhile: read it again
        logger.info(
            "a chat on %s blocked the bot: its request for a person ended (it was %s)",
            channel,
            ended.status.value,
        )
        return
    logger.warning("a chat on %s blocked the bot: its request for a person was not ended", channel)
