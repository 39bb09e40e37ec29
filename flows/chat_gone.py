"""A person who blocked the bot: what stops at once.

Their dossier notifications stop, as "/huytheodoi" stops them (``uow.unfollow_dossiers``,
which ``DossierFlow.unfollow`` uses), so no status change is queued for a chat that
refuses every message. Their request for a person ends as their "/xong" ends it
(``flows.handoff_relay.end_for_citizen``): one still waiting leaves the volunteers' queue
and the staff's inbox; the volunteer holding one is told the citizen left the
conversation, and what they type next is not passed on. Nothing is said to the person:
they cannot be written to.

It happens as a turn of the dialogue would: at the dialogue's clock (the one its requests
for a person are dated by), and what it queued is told to the dialogue's outbox
listeners, as a turn's commit tells them -- the volunteer's notice goes out at once, not
at the delivery loop's next round.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from flows.handoff_relay import Clock, citizen_gone
from flows.unit_of_work import UnitOfWorkFactory
from knowledge.storage.outbox import OutgoingMessage
from knowledge.storage.people import ConflictingWrite

if TYPE_CHECKING:
    from flows.dialogue import Dialogue

logger = logging.getLogger(__name__)

ATTEMPTS = 3  # a request claimed or ended meanwhile is read again

OutboxListener = Callable[[list[OutgoingMessage]], None]


async def bot_blocked(dialogue: Dialogue, channel: str, chat_id: str) -> int:
    """Stop every dossier notification of ``chat_id`` and end its live request for a
    person (a private chat: the chat is the citizen), in ``dialogue``'s storage, at its
    clock, its outbox listeners told what was queued; how many notifications stopped."""
    unit_of_work, listeners = dialogue.unit_of_work, tuple(dialogue.outbox_listeners)
    clock = dialogue.people.handoff.clock  # (read now: tests move it)
    async with unit_of_work() as uow:
        stopped = await uow.unfollow_dossiers(channel, chat_id, None)
        await uow.commit()
    # (no chat id: who blocked the bot is nobody's business in the logs)
    logger.info("a chat on %s blocked the bot: %d dossier notifications stopped", channel, stopped)
    await _end_request(unit_of_work, channel, chat_id, clock, listeners)
    return stopped


async def _end_request(
    unit_of_work: UnitOfWorkFactory,
    channel: str,
    chat_id: str,
    clock: Clock,
    listeners: Iterable[OutboxListener],
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
            for listener in listeners:  # (the volunteer's notice: sent at once)
                listener(uow.sent)
        logger.info(
            "a chat on %s blocked the bot: its request for a person ended (it was %s)",
            channel,
            ended.status.value,
        )
        return
    logger.warning("a chat on %s blocked the bot: its request for a person was not ended", channel)
