"""The people behind the bot, as the dialogue sees them: requests for a person and
their relay (flows.handoff), volunteers (flows.volunteers).

``Dialogue`` calls ``intercept`` before answering a typed message (a conversation with
a person passes it on instead) and ``on_action`` for the buttons and commands of this
part; both return None when the turn is not theirs.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flows.actions import (
    Action,
    ClaimRequest,
    DeleteData,
    EndHandoff,
    JoinVolunteers,
    LeaveVolunteers,
    MakeCard,
    RateHelp,
    ReopenRequest,
    SetDuty,
    ShowGuide,
    Start,
    VolunteerPanel,
    looks_like_invite,
)
from flows.handoff import HandoffFlow, asks_for_unit
from flows.handoff_desk import StaffDesk
from flows.state import ConfirmDelete, ConversationState, Pending
from flows.templates import Templates
from flows.types import Button, Reply, Turn
from flows.unit_of_work import UnitOfWork
from flows.volunteer_tools import VolunteerTools
from flows.volunteers import VolunteerFlow
from knowledge.procedures.records import Catalogue
from knowledge.text import fold
from knowledge.yaml_data import load_yaml

logger = logging.getLogger(__name__)

WORDS_FILE = Path(__file__).with_name("people.yml")
# A typed answer to "delete everything?" this many words long or shorter is read as yes
# or no (flows/dialogue.py); a longer message is a question (or a message) of its own.
DELETE_ANSWER_WORDS = 4
# The reply before the answer to a caption read as typed (a photo's, outside a relay).
CAPTION_READ = "media_caption"
_FOLDED_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class DeleteRequest:
    """Reads "xóa dữ liệu của tôi" typed while talking with a person (people.yml)."""

    phrases: frozenset[str]
    filler: frozenset[str]

    @classmethod
    def from_data(cls, data: dict) -> DeleteRequest:
        filler = frozenset(data["filler"])
        phrases = frozenset(_kept(p, filler) for p in data["phrases"])
        return cls(phrases - {""}, filler)

    def asked(self, text: str) -> bool:
        return _kept(text, self.filler) in self.phrases


def _kept(text: str, filler: frozenset[str]) -> str:
    return " ".join(w for w in _FOLDED_WORD.findall(fold(text)) if w not in filler)


@cache
def _words() -> dict:
    return load_yaml(WORDS_FILE)


def delete_request() -> DeleteRequest:
    return DeleteRequest.from_data(_words()["delete_request"])


def media_texts() -> Templates:
    """What is said of a photo, a sticker... (people.yml ``media``)."""
    return Templates(_words()["media"])


def delete_question(t: Templates) -> Reply:
    """ "Delete everything the bot stores about you?" with yes/no buttons; a typed yes or
    no answers it too (the caller sets ``ConfirmDelete`` pending)."""
    labels = t.section("buttons")
    buttons = (
        Button(labels["yes_delete"], "delete:yes"),
        Button(labels["no_keep"], "delete:no"),
    )
    return Reply(t("delete_confirm"), buttons=buttons, kind="delete_confirm")


class People:
    def __init__(
        self,
        handoff: HandoffFlow,
        volunteers: VolunteerFlow,
        tools: VolunteerTools,
        templates: Templates,
    ) -> None:
        self.handoff = handoff
        self.t = templates  # the dialogue's: the deletion question's wording
        self.deleting = delete_request()
        self.mt = media_texts()
        self.desk = StaffDesk(handoff)  # staff in the admin
        self.volunteers = volunteers
        self.tools = tools

    def for_volunteer(
        self, state: ConversationState, replies: list[Reply], catalogue: Catalogue
    ) -> list[Reply]:
        """A volunteer's answer about a procedure offers a card to hand to a resident."""
        if not state.volunteer:
            return replies
        for index, reply in enumerate(replies):
            info = catalogue.get(reply.meta.get("procedure"))
            if info is not None and info.code:
                button = self.tools.card_button(info.code)
                if button in reply.buttons:
                    return replies
                decorated = dataclasses.replace(reply, buttons=(*reply.buttons, button))
                return [*replies[:index], decorated, *replies[index + 1 :]]
        return replies

    async def intercept(
        self, turn: Turn, state: ConversationState, uow: UnitOfWork, text: str
    ) -> list[Reply] | None:
        """A typed message within a conversation with a person: relayed, not answered.
        Also what the bot says for the request itself before anyone holds it: a refused or
        unknown ward when asked for it, "có ai không?" while it waits. Asking to delete
        their data is never passed on: the bot asks to confirm (and reads the answer)."""
        if state.helping is not None or state.handoff is not None:
            if self.deleting.asked(text):
                logger.info("deletion asked while talking with a person on %s", turn.channel)
                state.pending = ConfirmDelete()  # (a typed yes or no answers it too)
                return [delete_question(self.t)]
            if isinstance(state.pending, ConfirmDelete):
                if len(text.split()) <= DELETE_ANSWER_WORDS:
                    return None  # the dialogue reads the answer
                state.pending = None  # a message of its own: passed on, the question dropped
        if state.helping is not None:
            return await self.handoff.relay_from_volunteer(turn, state, uow, text)
        if state.handoff is not None:
            relayed = await self.handoff.relay_from_citizen(turn, state, uow, text)
            if relayed is not None:
                return relayed
            return await self.handoff.still_waiting(turn, state, uow, text)
        if asks_for_unit(state.pending):
            return self.handoff.answer_to_ask_unit(text)
        return None

    async def on_media(self, turn: Turn, state: ConversationState, uow: UnitOfWork) -> list[Reply]:
        """A photo, a sticker... (its caption in ``turn.text``). Within a conversation
        with a person the caption goes on as text and the other side is told what could
        not; otherwise the sender hears what the bot reads, or, with a caption, that the
        caption is answered (a ``CAPTION_READ`` reply: the dialogue answers it as typed)."""
        kinds = self.mt.section("kinds")
        what = kinds.get(turn.media or "", kinds["other"])
        caption = turn.text or ""
        if state.helping is not None:
            replies = []
            if caption:
                replies = await self.handoff.relay_from_volunteer(turn, state, uow, caption)
            if state.helping is not None:  # (still relaying)
                replies.append(Reply(self.mt("to_volunteer", what=what), kind="handoff_media"))
            return replies
        if state.handoff is not None:
            told = self.mt("to_helper", what=what)
            relayed = await self.handoff.relay_from_citizen(
                turn, state, uow, f"{caption} {told}" if caption else told
            )
            if relayed is not None:
                logger.info("a %s sent while relayed on %s", turn.media, turn.channel)
                lines = [self.mt("to_citizen", what=what)]
                if caption:
                    lines.append(self.mt("caption_passed"))
                return [*relayed, Reply(" ".join(lines), kind="handoff_media")]
        if caption:
            return [Reply(self.mt("caption_read", what=what), kind=CAPTION_READ)]
        return [Reply(self.mt("unreadable"), kind="unsupported")]

    async def ask_for_person(
        self,
        turn: Turn,
        state: ConversationState,
        uow: UnitOfWork,
        reason: str,
        waiting: Pending | None = None,
    ) -> list[Reply]:
        """``waiting``: what the bot waited for before this turn (see HandoffFlow.request)."""
        return await self.handoff.request(turn, state, uow, reason, waiting)

    async def on_action(
        self, turn: Turn, state: ConversationState, action: Action, uow: UnitOfWork
    ) -> list[Reply] | None:
        match action:
            case Start(parameter) if looks_like_invite(parameter):
                return await self.volunteers.start(turn, uow, parameter)
            case JoinVolunteers(token):
                return await self.volunteers.join(turn, state, uow, token)
            case VolunteerPanel():
                return await self.volunteers.panel(turn, state, uow)
            case SetDuty(on):
                return await self.volunteers.set_duty(turn, state, uow, on)
            case LeaveVolunteers(confirmed):
                return await self.volunteers.leave(turn, state, uow, confirmed)
            case ClaimRequest(number):
                return await self.handoff.claim(turn, state, uow, number)
            case EndHandoff():
                ending = state.helping  # (a volunteer's /xong ends the one they talk to)
                replies = await self.handoff.end(turn, state, uow)
                return [*replies, *await self.handoff.still_held(turn, uow, ending)]
            case RateHelp(number, rating):
                return await self.handoff.rate(turn, uow, number, rating)
            case ReopenRequest(number):
                return await self.handoff.reopen(turn, state, uow, number)
            case ShowGuide(None):
                return self.tools.guides()
            case ShowGuide(slug):
                return self.tools.guide(slug)
            case MakeCard(code):
                return await self.tools.card(turn, state, uow, code)
            case DeleteData(confirmed=True):
                await self.before_forgetting(turn, uow)
                return None  # the dialogue deletes and answers
        return None

    async def before_forgetting(self, turn: Turn, uow: UnitOfWork) -> None:
        """The person deletes their data: whoever they were talking with through the bot
        is told (their volunteer, or the citizens they were helping), and the requests
        they helped with wait for someone else."""
        volunteer = await uow.volunteers.by_user(turn.channel, turn.user_id)
        if volunteer is not None and volunteer.active:
            await self.volunteers.hand_back(uow, volunteer, f"forget:{turn.turn_id}")
        await self.handoff.citizen_forgetting(turn, uow)
