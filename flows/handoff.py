"""A person behind the bot: a citizen's request for help, from asking to the end.

A citizen asks for a person (the ``request_human`` intent, the "Gặp người hỗ trợ"
button): the bot learns their unit if it does not know it, opens a request with the
last lines said (redacted), tells them what happens next, and notifies the unit's
on-duty volunteers, each with a "Nhận hỗ trợ" button; staff see every request of their
province in the admin. Once someone claims it, messages are relayed both ways
(flows.handoff_relay). ``/xong`` ends it; the citizen rates the help (1-5) and may
reopen it for ``reopen_s``. A request nobody claims within ``claim_timeout_s`` goes to
the staff queue and the citizen gets the provincial hotline (``escalate_overdue``).
What the bot says is flows.handoff_wording (handoff.yml).
"""

from __future__ import annotations

import datetime as dt
import logging

from flows.format import date_time
from flows.handoff_relay import Clock, HandoffRelay, end_for_citizen, utc_now
from flows.handoff_wording import (
    ASK_UNIT,
    ASK_UNIT_AGAIN,
    ASKED_AGAIN,
    OPENED,
    UNIT_GIVEN,
    begins_with_any,
    handoff_texts,
    says_any,
)
from flows.office_hours import next_opening
from flows.record_text import cut_text
from flows.state import AskPlace, ChoosePlace, ConversationState, Pending, RecentLine, Then
from flows.types import Button, Location, Reply, Turn
from flows.unit_of_work import UnitOfWork, UnitOfWorkFactory
from knowledge.handoff.records import HandoffRecord, NewRequest, RequestStatus, TranscriptLine
from knowledge.places.units import NewUnit, Resolution
from knowledge.storage.people import ConflictingWrite
from nlu.cues import is_emergency

logger = logging.getLogger(__name__)

# what callers of the flow pass it, and the wording the admin shows
__all__ = ["Clock", "HandoffFlow", "asks_for_unit", "handoff_texts", "utc_now"]

LINE_CHARS = 200  # a transcript line shown to a volunteer is cut here
PLACE_ANSWER_WORDS = 8  # "xã Abcxyz": a longer message naming no known place asks something
IMPATIENT_WORDS = 10  # "sao lâu vậy, có ai không?"; a longer message is answered as usual


def asks_for_unit(pending: Pending | None) -> bool:
    """Whether the bot was asking for the ward of a request for a person: "which ward?"
    (``AskPlace``) or the places an ambiguous answer to it named, offered as buttons
    (``ChoosePlace``). Either way a typed ward, a shared location or one of the buttons
    opens the request; asking for a person again asks "which ward?" again."""
    return isinstance(pending, AskPlace | ChoosePlace) and pending.then == Then.HANDOFF


class HandoffFlow(HandoffRelay):
    """The citizen's side of a request for a person (the helper's: ``HandoffRelay``)."""

    # ---- what the conversation keeps for a request ------------------------------------

    def remember_lines(self, state: ConversationState, redacted: str, replies: list[Reply]) -> None:
        """Keep the citizen's message (already redacted) and the bot's first reply, cut
        short after a word ("…"), for a request for a person; the bot's closing source
        lines ("Nguồn: …") are left out, the volunteer reads what was answered."""
        lines = [RecentLine("citizen", cut_text(redacted, LINE_CHARS))]
        if replies:
            said = replies[0].text.splitlines()
            source = self.vt("transcript_drops_lines_starting")
            while len(said) > 1 and (not said[-1].strip() or said[-1].lstrip().startswith(source)):
                said.pop()
            lines.append(RecentLine("bot", cut_text(" ".join(said), LINE_CHARS)))
        keep = self.settings.transcript_lines
        state.recent = (*state.recent, *lines)[-keep:] if keep else ()

    # ---- the citizen asks for a person ---------------------------------------------------

    async def request(
        self,
        turn: Turn,
        state: ConversationState,
        uow: UnitOfWork,
        reason: str,
        waiting: Pending | None = None,
    ) -> list[Reply]:
        """A person asked for (typed, or the button). ``waiting``: what the bot waited for
        before this turn; asked again while it waited for the ward, or for one of the
        places offered for it (the first ask is in the staff's inbox already), "which
        ward?" is asked again as ``ASK_UNIT_AGAIN``."""
        live = await self._live_request(turn, state, uow)
        if live is not None:  # asked again: that request (and its inbox item) is there
            return [self.wording.still_live(live, ASKED_AGAIN)]
        unit = self.places.remembered(state)
        if unit is None:
            state.pending = AskPlace(Then.HANDOFF)
            kind = ASK_UNIT_AGAIN if asks_for_unit(waiting) else ASK_UNIT
            return [Reply(self.t("ask_unit"), request_location=True, kind=kind)]
        return await self.open(turn, state, uow, unit, reason)

    async def open(
        self,
        turn: Turn,
        state: ConversationState,
        uow: UnitOfWork,
        unit: NewUnit,
        reason: str,
        kind: str = OPENED,
    ) -> list[Reply]:
        """Open a request for ``unit`` and tell its on-duty volunteers."""
        now = self.clock()
        request = NewRequest(
            channel=turn.channel,
            user_id=turn.user_id,
            chat_id=turn.chat_id or turn.user_id,
            province_key=unit.province_key,
            unit_key=unit.key,
            reason=reason,
            transcript=tuple(TranscriptLine(line.who, line.text) for line in state.recent),
        )
        uow.handoffs.open(request, now)
        state.handoff = request.number
        volunteers = await uow.volunteers.on_duty(unit.province_key, unit.key)
        notice = self.wording.notice(request.number, unit, now, state.recent)
        for volunteer in volunteers:
            self.send(uow, volunteer.channel, volunteer.chat_id, notice, f"open:{turn.turn_id}")
        logger.info(
            "handoff request opened (%s) for a unit with %d volunteers on duty",
            reason,
            len(volunteers),
        )
        key = "opened" if volunteers else "opened_no_volunteer"
        minutes = max(1, round(self.settings.claim_timeout_s / 60))
        lines = [self.t(key, number=request.number, unit=unit.name, minutes=minutes)]
        opening = next_opening(now, self.settings.office_hours)
        if opening is not None:
            lines.append(self.t("after_hours", when=self.wording.when(opening)))
        return [Reply("\n".join(lines), kind=kind)]

    async def open_at(
        self, turn: Turn, state: ConversationState, uow: UnitOfWork, place: Resolution
    ) -> list[Reply]:
        """The citizen named where they live: open their request there, or ask which unit
        when the place is ambiguous. The request was asked for before (that message is
        in the staff's inbox): the ward's name is not one more request."""
        unit = self.places.unit_of(place)
        if unit is not None:
            self.places.remember(state, unit)
            return await self.open(turn, state, uow, unit, "request_human", UNIT_GIVEN)
        target = await self.places.target(state, place, Then.HANDOFF)
        if isinstance(target, list):
            return target
        return await self.open(turn, state, uow, target, "request_human", UNIT_GIVEN)

    async def open_at_location(
        self, turn: Turn, state: ConversationState, uow: UnitOfWork, point: Location
    ) -> list[Reply] | None:
        """A location shared while the bot asks for the ward of a request for a person
        (``asks_for_unit``, the places offered as buttons too): the unit there, and the
        request opens for it as a place's button opens it. None: the bot was not asking
        (the location is answered as usual)."""
        waiting = state.pending
        if not asks_for_unit(waiting):
            return None
        state.pending = AskPlace(Then.HANDOFF)  # answered by the location, not the buttons
        replies = await self.places.at_location(state, point)
        unit = self.places.remembered(state)
        if unit is None or not replies or replies[0].kind != "location":
            if state.pending == AskPlace(Then.HANDOFF):
                state.pending = waiting  # (outside Vietnam: still asking, the buttons too)
            return replies
        return [*replies, *await self.open(turn, state, uow, unit, "request")]

    def answer_to_ask_unit(self, text: str) -> list[Reply] | None:
        """A typed answer to "which ward?" (``ask_unit``) that the router would lose: a
        refusal to tell (the request needs a unit: said plainly, and it still waits for
        one) or a place the map does not know (asked again). None: a known place or
        anything else, answered as usual (a known place opens the request there)."""
        if is_emergency(text) or self.places.resolve(text).kind != "none":
            return None
        phrases = self.t.section("phrases")
        if says_any(text, phrases["declines"]):
            logger.info("a citizen asked for a person would not tell their ward")
            return [Reply(self.t("no_unit"), request_location=True, kind="handoff_no_unit")]
        if len(text.split()) <= PLACE_ANSWER_WORDS and begins_with_any(
            text, phrases["place_words"]
        ):
            logger.info("a citizen asked for a person named a place not on the map")
            place = self.redact(text)[:LINE_CHARS]
            reply = Reply(
                self.t("unit_not_found", place=place),
                request_location=True,
                kind="handoff_unit_unknown",
            )
            return [reply]
        return None

    async def still_waiting(
        self, turn: Turn, state: ConversationState, uow: UnitOfWork, text: str
    ) -> list[Reply] | None:
        """ "Sao lâu vậy, có ai không?" while the citizen's request waits for someone: it
        is still waiting, for how long usually, and how to cancel it. None: no request
        waiting, or a message of another kind (answered as usual). Its own reply kind:
        an "alo" is not one more request for a person in the staff's inbox."""
        if len(text.split()) > IMPATIENT_WORDS or is_emergency(text):
            return None
        if not says_any(text, self.t.section("phrases")["impatient"]):
            return None
        request = await self._live_request(turn, state, uow)
        if request is None or request.status != RequestStatus.OPEN:
            return None
        since = date_time(request.opened_at)
        on_duty = await uow.volunteers.on_duty(request.province_key, request.unit_key)
        if request.escalated_at is not None or not on_duty:  # (as "opened_no_volunteer" said)
            lines = [self.t("still_waiting_staff", number=request.number, since=since)]
        else:
            minutes = max(1, round(self.settings.claim_timeout_s / 60))
            lines = [self.t("still_waiting", number=request.number, since=since, minutes=minutes)]
        opening = next_opening(self.clock(), self.settings.office_hours)
        if opening is not None:
            lines.append(self.t("after_hours", when=self.wording.when(opening)))
        lines.append(self.t("waiting_end_hint"))
        return [Reply("\n".join(lines), kind="handoff_waiting")]

    # ---- ending, rating, reopening -------------------------------------------------------

    async def end(self, turn: Turn, state: ConversationState, uow: UnitOfWork) -> list[Reply]:
        """``/xong`` from the volunteer relaying, or from the citizen."""
        if state.helping is not None:
            number, state.helping = state.helping, None
            volunteer = await uow.volunteers.by_user(turn.channel, turn.user_id)
            request = await uow.handoffs.get(number)
            if (
                volunteer is not None
                and request is not None
                and request.status == RequestStatus.CLAIMED
                and request.claimer == volunteer.ref
            ):
                self.close_and_ask_rating(uow, request, turn.turn_id)
                return [Reply(self.t("ended_helper", number=number), kind="handoff_ended")]
        request = await self._live_request(turn, state, uow)
        if request is None:
            return [Reply(self.t("nothing_to_end"), kind="handoff_none")]
        state.handoff = None
        told = Reply(self.t("ended_by_citizen", number=request.number), kind="handoff")
        await end_for_citizen(uow, request, self.clock(), told, turn.turn_id)
        if request.status == RequestStatus.OPEN:  # (as read before it ended)
            return [Reply(self.t("cancelled_citizen", number=request.number), kind="handoff_ended")]
        return [self.wording.rating_question(request)]

    async def rate(self, turn: Turn, uow: UnitOfWork, number: int, rating: int) -> list[Reply]:
        request = await uow.handoffs.get(number)
        if request is None or not self._citizen_of(turn, request):
            return [Reply(self.t("not_yours"), kind="handoff_refused")]
        if request.status != RequestStatus.CLOSED:
            return [Reply(self.t("not_open", number=number), kind="handoff_refused")]
        uow.handoffs.rate(number, rating)
        return [Reply(self.t("rated"), kind="handoff_rated")]

    async def reopen(
        self, turn: Turn, state: ConversationState, uow: UnitOfWork, number: int
    ) -> list[Reply]:
        request = await uow.handoffs.get(number)
        if request is None or not self._citizen_of(turn, request):
            return [Reply(self.t("not_yours"), kind="handoff_refused")]
        if request.status != RequestStatus.CLOSED:
            return [self.wording.still_live(request)]
        hours = max(1, round(self.settings.reopen_s / 3600))
        now = self.clock()
        closed = request.closed_at or request.opened_at
        if (now - closed).total_seconds() > self.settings.reopen_s:
            return [Reply(self.t("reopen_too_late", number=number, hours=hours), kind="handoff")]
        live = await self._live_request(turn, state, uow)
        if live is not None:
            return [self.wording.still_live(live)]
        uow.handoffs.reopen(number, now)
        state.handoff = number
        unit = self.wording.unit_name(request)
        notice = Reply(
            self.t("volunteer_notice_reopened", number=number, unit=unit),
            buttons=(Button(self.t("claim_button"), f"hclaim:{number}"),),
            kind="handoff_notice",
        )
        for volunteer in await uow.volunteers.on_duty(request.province_key, request.unit_key):
            self.send(uow, volunteer.channel, volunteer.chat_id, notice, f"reopen:{turn.turn_id}")
        return [Reply(self.t("reopened", number=number, unit=unit), kind=OPENED)]

    @staticmethod
    def _citizen_of(turn: Turn, request: HandoffRecord) -> bool:
        return (turn.channel, turn.user_id) == (request.channel, request.user_id)

    # ---- nobody claimed in time -------------------------------------------------------

    async def escalate_overdue(self, unit_of_work: UnitOfWorkFactory) -> int:
        """Send every request waiting longer than ``claim_timeout_s`` to the staff queue
        and give its citizen the provincial hotline; how many went. Each request is one
        unit of work: one claimed meanwhile is left alone."""
        now = self.clock()
        cutoff = now - dt.timedelta(seconds=self.settings.claim_timeout_s)
        async with unit_of_work() as uow:
            overdue = await uow.handoffs.overdue(cutoff)
        moved = 0
        for request in overdue:
            async with unit_of_work() as uow:
                uow.handoffs.escalate(request.number, now)
                lines = [self.t("escalated", number=request.number)]
                unit = self.places.map.unit(request.province_key, request.unit_key)
                hotline = await self.places.hotline_lines_for(unit) if unit else []
                lines += hotline or [self.t("escalated_no_hotline")]
                opening = next_opening(now, self.settings.office_hours)
                if opening is not None:
                    lines.append(self.t("after_hours", when=self.wording.when(opening)))
                self.tell_citizen(uow, request, "\n".join(lines), f"escalated:{now.isoformat()}")
                try:
                    await uow.commit()
                except ConflictingWrite:
                    continue  # claimed (or escalated by another worker) meanwhile
                moved += 1
        if moved:
            logger.info("handoff: %d requests sent to the staff queue", moved)
        return moved
