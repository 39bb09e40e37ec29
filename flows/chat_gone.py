"""A person who blocked the bot: what stops at once.

Their dossier notifications stop, as "/huytheodoi" stops them (``uow.unfollow_dossiers``,
which ``DossierFlow.unfollow`` uses), so no status change is queued for a chat that
refuses every message. Their request for a person ends as their "/xong" ends it
(``flows.handoff_relay.end_for_citizen``): one still waiting leaves the volunteers' queue
and the staff's inbox; the volunteer holding one is told the citizen left the
conversation, and what they type next is not passed on. Nothing is said to the person:
they cannot be written to.

It happens as a turn of the dialogue would (``Dialogue.run_unit``): at the dialogue's
clock (the one its requests for a person are dated by), tried again when a commit lost a
race, and what it queued is told to the dialogue's outbox listeners, as a turn's commit
tells them -- the volunteer's notice goes out at once, not at the delivery loop's next
round.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from flows.handoff_relay import citizen_gone

if TYPE_CHECKING:
    from flows.dialogue import Dialogue

logger = logging.getLogger(__name__)


async def bot_blocked(dialogue: Dialogue, channel: str, chat_id: str) -> int:
    """Stop every dossier notification of ``chat_id`` and end its live request for a
    person (a private chat: the chat is the citizen), in ``dialogue``'s storage, at its
    clock, its outbox listeners told what was queued; how many notifications stopped.
    Raises DatabaseUnavailable as a turn does (an outage, or races lost every time)."""
    stopped, _ = await dialogue.run_unit(
        lambda uow: uow.unfollow_dossiers(channel, chat_id, None),
        f"a block on {channel}",
        operation="stop dossier notifications",
    )
    # (no chat id: who blocked the bot is nobody's business in the logs)
    logger.info("a chat on %s blocked the bot: %d dossier notifications stopped", channel, stopped)
    ended, _ = await dialogue.run_unit(  # (a request claimed or ended meanwhile: again)
        lambda uow: citizen_gone(uow, channel, chat_id, dialogue.clock()),
        f"a block on {channel}",
        operation="end a request for a person",
    )
    if ended is not None:
        logger.info(
            "a chat on %s blocked the bot: its request for a person ended (it was %s)",
            channel,
            ended.status.value,
        )
    return stopped
