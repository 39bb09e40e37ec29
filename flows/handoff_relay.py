"""The messages of a request for a person once someone helps: a volunteer claims the
request (the first claim wins: a conditional write, the loser's turn runs again and
hears who took it), then messages are relayed both ways through the outbox -- the
citizen sees "Tình nguyện viên Tổ công nghệ số <unit>", the volunteer a request number
-- until the end, which asks the citizen to rate the help.

``HandoffRelay`` also holds what every step of a request needs (places, settings, the
redaction, the clock, the wording); ``flows.handoff.HandoffFlow`` adds the citizen's
side to it.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable

from flows.config import HandoffSettings
from flows.handoff_wording import HandoffWording, handoff_texts
from flows.places import PlaceFlow
from flows.state import ConversationState
from flows.templates import Templates
from flows.types import Button, Location, Reply, Turn, Venue
from flows.unit_of_work import UnitOfWork
from flows.volunteer_wording import volunteer_texts
from knowledge.handoff.records import HandoffRecord, RequestStatus, Sender
from knowledge.storage.outbox import OutgoingMessage

logger = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def end_for_citizen(
    uow: UnitOfWork, request: HandoffRecord, now: dt.datetime, told: Reply, key: str | None
) -> None:
    """The citizen's live ``request`` ends from their side ("/xong", or they blocked the
    bot): one still waiting leaves the volunteers' queue and the staff's inbox; the
    volunteer holding one is sent ``told``, and what they type next is not passed on
    (``relay_from_volunteer``: the request is closed); staff holding it see it closed.
    Nothing is said to the citizen here: after "/xong" the caller asks for a rating, and
    to someone who blocked the bot nothing can be sent."""
    volunteer_id = request.claimed_by_volunteer
    if request.status == RequestStatus.CLAIMED and volunteer_id is not None:
        volunteer = await uow.volunteers.get(volunteer_id)
        if volunteer is not None:
            HandoffRelay.send(uow, volunteer.channel, volunteer.chat_id, told, key)
    uow.handoffs.close(request.number, now)


async def citizen_gone(
    uow: UnitOfWork, channel: str, user_id: str, now: dt.datetime
) -> HandoffRecord | None:
    """The citizen blocked the bot: their live request ends as by their "/xong"
    (``end_for_citizen``), the volunteer holding it told that they left the conversation
    (``citizen_blocked``); the request that ended, or None (no live request)."""
    request = await uow.handoffs.latest_of(channel, user_id)
    if request is None or request.status == RequestStatus.CLOSED:
        return None
    told = Reply(handoff_texts()("citizen_blocked", number=request.number), kind="handoff")
    await end_for_citizen(uow, request, now, told, f"blocked:{now.isoformat()}")
    return request


class HandoffRelay:
    """The helper's side of a request for a person, and what every side needs."""

    def __init__(
        self,
        places: PlaceFlow,
        settings: HandoffSettings,
        redact: Callable[[str], str],
        clock: Clock = utc_now,
        texts: Templates | None = None,
    ) -> None:
        self.places = places
        self.settings = settings
        self.redact = redact
        self.clock = clock
        self.t = texts or handoff_texts()
        self.vt = volunteer_texts()  # what the helper's side adds (volunteers.yml)
        self.wording = HandoffWording(places.map, settings, self.t)

    async def _live_request(
        self, turn: Turn, state: ConversationState, uow: UnitOfWork
    ) -> HandoffRecord | None:
        """The citizen's open or claimed request (None, and forgotten, once it ended)."""
        if state.handoff is None:
            return None
        request = await uow.handoffs.get(state.handoff)
        if request is None or request.status == RequestStatus.CLOSED:
            state.handoff = None
            return None
        return request

    # ---- relaying ------------------------------------------------------------------------

    async def relay_from_citizen(
        self,
        turn: Turn,
        state: ConversationState,
        uow: UnitOfWork,
        text: str,
        pin: Venue | None = None,
    ) -> list[Reply] | None:
        """A citizen's message while a helper holds their request: passed on (redacted,
        with ``pin`` on the map if given) instead of answered. None: no claimed request,
        the bot answers as usual."""
        request = await self._live_request(turn, state, uow)
        if request is None or request.status != RequestStatus.CLAIMED:
            return None
        redacted = self.redact(text)
        uow.handoffs.relay(request.id, Sender.CITIZEN, None, redacted, self.clock())
        volunteer_id = request.claimed_by_volunteer
        if volunteer_id is not None:
            volunteer = await uow.volunteers.get(volunteer_id)
            if volunteer is not None and volunteer.active:
                held = await uow.handoffs.held_by(volunteer.ref)
                reply = Reply(
                    self.t("relay_to_helper", number=request.number, text=redacted),
                    # holding several, what they type goes to the one they chose last:
                    # answering this one is a press away
                    buttons=self._talk_buttons([request]) if len(held) > 1 else (),
                    venue=pin,
                    kind="handoff_relay",
                )
                self.send(uow, volunteer.channel, volunteer.chat_id, reply, turn.turn_id)
        return []

    async def relay_location(
        self, turn: Turn, state: ConversationState, uow: UnitOfWork, location: Location
    ) -> list[Reply] | None:
        """A location shared within a conversation with a person, not answered with the
        nearest centre as anyone's is:

        * a volunteer relaying a citizen's request: it goes to that citizen as a map link
          and a pin (where to go, where to meet), and the volunteer hears where it went
          (or that the relay ended: then it goes nowhere);
        * a citizen whose request a helper holds: to the helper, the same way;
        * a volunteer who holds requests but relays none (after ending one of several):
          the bot answers it, the bot having asked nothing, as anyone's, and adds that it
          went to no citizen, with the buttons to pick one.

        None: none of these (an idle volunteer too), the bot answers as usual."""
        if state.helping is not None:
            return await self._location_from_volunteer(turn, state, uow, location)
        lat, lon = f"{location.lat:.5f}", f"{location.lon:.5f}"
        text = self.t("relay_location", lat=lat, lon=lon)
        pin = Venue(location.lat, location.lon, self.t("location_pin"), f"{lat}, {lon}")
        relayed = await self.relay_from_citizen(turn, state, uow, text, pin)
        if relayed is not None or not state.volunteer or state.pending is not None:
            return relayed
        return await self._location_while_holding(turn, state, uow, location)

    async def _location_from_volunteer(
        self, turn: Turn, state: ConversationState, uow: UnitOfWork, location: Location
    ) -> list[Reply]:
        number = state.helping
        lat, lon = f"{location.lat:.5f}", f"{location.lon:.5f}"
        text = self.vt("location_to_citizen", lat=lat, lon=lon)
        pin = Venue(location.lat, location.lon, self.vt("location_pin_helper"), f"{lat}, {lon}")
        replies = await self.relay_from_volunteer(turn, state, uow, text, pin)
        if replies:  # passed on to one of several (which is said), or the relay ended
            return replies
        logger.info("a volunteer's location passed on to the citizen they help")
        return [Reply(self.vt("location_relayed", number=number), kind="handoff_relayed")]

    async def _location_while_holding(
        self, turn: Turn, state: ConversationState, uow: UnitOfWork, location: Location
    ) -> list[Reply] | None:
        volunteer = await uow.volunteers.by_user(turn.channel, turn.user_id)
        if volunteer is None or not volunteer.active:
            return None
        held = await uow.handoffs.held_by(volunteer.ref)
        if not held:
            return None  # an idle volunteer: the nearest centre, like anyone
        answer = await self.places.at_location(state, location)
        numbers = ", ".join(str(r.number) for r in held)
        note = Reply(
            self.vt("location_not_relayed", numbers=numbers),
            buttons=self._talk_buttons(held),
            kind="handoff_held",
        )
        return [*answer, note]

    def _talk_buttons(self, requests: list[HandoffRecord]) -> tuple[Button, ...]:
        """The buttons "Nhắn cho số N": what the volunteer types next goes to request N."""
        return tuple(
            Button(self.vt("talk_label", number=r.number), f"hclaim:{r.number}") for r in requests
        )

    async def relay_from_volunteer(
        self,
        turn: Turn,
        state: ConversationState,
        uow: UnitOfWork,
        text: str,
        pin: Venue | None = None,
    ) -> list[Reply] | None:
        """A volunteer's message while relaying: passed on to the citizen (with ``pin``
        on the map if given). None: not relaying (the bot answers the volunteer like
        anyone)."""
        if state.helping is None:
            return None
        number = state.helping
        volunteer = await uow.volunteers.by_user(turn.channel, turn.user_id)
        request = await uow.handoffs.get(number)
        if (
            volunteer is None
            or not volunteer.active
            or request is None
            or request.status == RequestStatus.CLOSED
        ):
            state.helping = None
            return [Reply(self.t("relay_ended", number=number), kind="handoff_ended")]
        if request.claimer != volunteer.ref:  # given back, or someone else's now
            state.helping = None
            return [Reply(self.vt("relay_not_yours", number=number), kind="handoff_ended")]
        uow.handoffs.relay(
            request.id, Sender.VOLUNTEER, volunteer.ref, self.redact(text), self.clock()
        )
        self.tell_citizen(
            uow,
            request,
            self.t("relay_to_citizen", helper=self.wording.helper_name(request), text=text),
            turn.turn_id,
            pin,
        )
        others = [r for r in await uow.handoffs.held_by(volunteer.ref) if r.number != number]
        if not others:
            return []
        # holding several: which citizen got it is said, and the others are a press away
        text = self.vt("relayed_to", number=number)
        return [Reply(text, buttons=self._talk_buttons(others), kind="handoff_relayed")]

    # ---- claiming ------------------------------------------------------------------------

    async def claim(
        self, turn: Turn, state: ConversationState, uow: UnitOfWork, number: int
    ) -> list[Reply]:
        """A volunteer presses "Nhận hỗ trợ"."""
        volunteer = await uow.volunteers.by_user(turn.channel, turn.user_id)
        if volunteer is None or not volunteer.active:
            state.volunteer = False
            return [Reply(self.t("not_volunteer"), kind="not_volunteer")]
        request = await uow.handoffs.get(number)
        if request is None or request.status == RequestStatus.CLOSED:
            return [Reply(self.t("not_open", number=number), kind="handoff_gone")]
        if (request.province_key, request.unit_key) != (volunteer.province_key, volunteer.unit_key):
            logger.info("a volunteer tried to claim a request of another unit")
            return [Reply(self.t("not_your_unit", number=number), kind="handoff_refused")]
        if request.claimer == volunteer.ref:  # theirs already: relay to this one now
            state.helping = number
            return [Reply(self.t("switched", number=number), kind="handoff_switched")]
        if request.status == RequestStatus.CLAIMED:
            claimer = self.wording.claimer_tag(request.claimer)
            return [Reply(self.t("taken", number=number, claimer=claimer), kind="handoff_taken")]
        now = self.clock()
        uow.handoffs.claim(number, volunteer.ref, now)
        state.helping = number
        unit = self.wording.unit_name(request)
        helper = self.t("helper_volunteer", unit=unit)
        self.tell_citizen(
            uow,
            request,
            self.t("claimed_citizen", helper=helper, number=number),
            f"claimed:{turn.turn_id}",
        )
        tag = self.wording.claimer_tag(volunteer.ref)
        others = await uow.volunteers.on_duty(request.province_key, request.unit_key)
        for other in others:
            if other.id != volunteer.id:
                reply = Reply(self.t("claimed_other", number=number, claimer=tag), kind="handoff")
                self.send(uow, other.channel, other.chat_id, reply, f"taken:{turn.turn_id}")
        logger.info("handoff request claimed by a volunteer")
        text = self.t(
            "claimed_helper",
            number=number,
            unit=unit,
            helper=helper,
            transcript=self.wording.transcript(request.transcript),
        )
        others = await uow.handoffs.held_by(volunteer.ref)  # (this one is theirs at commit)
        if not others:
            return [Reply(text, kind="handoff_claimed")]
        numbers = ", ".join(str(r.number) for r in others)
        text += "\n" + self.vt("still_holding", number=number, numbers=numbers)
        return [Reply(text, buttons=self._talk_buttons(others), kind="handoff_claimed")]

    # ---- the end -------------------------------------------------------------------------

    async def still_held(self, turn: Turn, uow: UnitOfWork, ended: int | None) -> list[Reply]:
        """After a volunteer ends request ``ended``: the others they still hold, a press
        away (what they type now goes to the bot, not to those citizens)."""
        if ended is None:
            return []
        volunteer = await uow.volunteers.by_user(turn.channel, turn.user_id)
        if volunteer is None or not volunteer.active:
            return []
        others = [r for r in await uow.handoffs.held_by(volunteer.ref) if r.number != ended]
        if not others:
            return []
        numbers = ", ".join(str(r.number) for r in others)
        text = self.vt("still_holding_after_end", numbers=numbers)
        return [Reply(text, buttons=self._talk_buttons(others), kind="handoff_held")]

    async def citizen_forgetting(self, turn: Turn, uow: UnitOfWork) -> None:
        """The citizen deletes their data (their requests and messages go at the commit):
        the volunteer who holds their request is told it ended, not left talking to
        nobody."""
        request = await uow.handoffs.latest_of(turn.channel, turn.user_id)
        if request is None or request.status != RequestStatus.CLAIMED:
            return
        volunteer_id = request.claimed_by_volunteer
        volunteer = await uow.volunteers.get(volunteer_id) if volunteer_id is not None else None
        if volunteer is None or not volunteer.active:
            return  # (staff: the request leaves the admin's list)
        reply = Reply(self.vt("citizen_forgot", number=request.number), kind="handoff")
        self.send(uow, volunteer.channel, volunteer.chat_id, reply, f"forgot:{turn.turn_id}")

    def close_and_ask_rating(
        self, uow: UnitOfWork, request: HandoffRecord, turn_id: str | None
    ) -> None:
        uow.handoffs.close(request.number, self.clock())
        rating = self.wording.rating_question(request)
        self.send(uow, request.channel, request.chat_id, rating, f"ended:{turn_id}")

    # ---- the outbox ---------------------------------------------------------------------

    def tell_citizen(
        self,
        uow: UnitOfWork,
        request: HandoffRecord,
        text: str,
        key: str | None,
        venue: Venue | None = None,
    ) -> None:
        reply = Reply(text, venue=venue, kind="handoff")
        self.send(uow, request.channel, request.chat_id, reply, key)

    @staticmethod
    def send(uow: UnitOfWork, channel: str, recipient: str, reply: Reply, key: str | None) -> None:
        """Queue ``reply`` for ``recipient``; ``key`` (from the turn) makes a turn that runs
        again queue it once."""
        identity = f"handoff:{key or uuid.uuid4().hex}:{channel}:{recipient}"
        uow.send(OutgoingMessage(identity, channel, recipient, reply.to_dict()))
