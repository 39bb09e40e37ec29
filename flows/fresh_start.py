"""Starting a conversation afresh: what "Xóa cuộc trò chuyện" in the web chat asks of
the bot, besides emptying the screen.

The bot forgets what the conversation was about: the procedure and what was told of it,
the case and place it was asked about, the question it waited on, the dossiers looked up,
the lines kept to send along with a request for a person and the answers awaiting a 👍/👎.
The next message is answered as a new conversation's first.

It keeps what is not the conversation's topic: a request for a person that is still
live (someone may be helping; the citizen is told it goes on and how to end it, "/xong"),
a volunteer's relay, and everything stored outside the conversation -- followed dossiers
above all ("xóa dữ liệu của tôi" deletes those). The user and their session stay the
same, so pushed messages still reach them.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from flows.state import ConversationState
from flows.templates import Templates
from flows.types import Reply
from flows.unit_of_work import UnitOfWork
from knowledge.handoff.records import RequestStatus
from knowledge.yaml_data import load_yaml

if TYPE_CHECKING:
    from flows.dialogue import Dialogue

logger = logging.getLogger(__name__)

TEXTS_FILE = Path(__file__).with_name("fresh_start.yml")
PERSON_STILL_OPEN = "person_still_open"  # the reply's kind


@cache
def fresh_start_texts() -> Templates:
    return Templates(load_yaml(TEXTS_FILE))


def fresh_state(state: ConversationState) -> ConversationState:
    """``state`` with its topic forgotten: only the person-to-person bindings and the
    count of turns are kept."""
    return ConversationState(
        turns=state.turns,
        handoff=state.handoff,
        helping=state.helping,
        volunteer=state.volunteer,
    )


async def start_afresh(dialogue: Dialogue, channel: str, user_id: str) -> list[Reply]:
    """Forget what ``user_id``'s conversation on ``channel`` was about (see the module).

    Returns what the bot says: nothing, or that their request for a person goes on.
    It runs as a turn does (``Dialogue.run_unit``): a save that another turn beat runs
    again on the newer state; DatabaseUnavailable when it cannot be read or saved.
    """
    replies, _ = await dialogue.run_unit(
        lambda uow: _start_afresh(uow, channel, user_id),
        "a fresh start",
        operation="start a conversation afresh",
    )
    return replies


async def _start_afresh(uow: UnitOfWork, channel: str, user_id: str) -> list[Reply]:
    stored = await uow.load_conversation(channel, user_id)
    if not stored.version:
        return []  # nothing said yet: nothing to forget
    state = fresh_state(ConversationState.from_dict(stored.state))
    replies = []
    if state.handoff is not None:
        request = await uow.handoffs.get(state.handoff)
        if request is None or request.status == RequestStatus.CLOSED:
            state.handoff = None  # over already: nothing goes on
        else:
            key = (
                "person_still_helping"
                if request.status == RequestStatus.CLAIMED
                else "person_still_waiting"
            )
            text = fresh_start_texts()(key, number=request.number)
            replies.append(Reply(text, kind=PERSON_STILL_OPEN))
    uow.save_conversation(channel, user_id, state.to_dict(), stored.version, "citizen")
    logger.info("a conversation on %s started afresh", channel)
    return replies
