"""A person behind the bot: requests for help, claimed by a volunteer or staff, relayed.

A citizen asks for a person (the ``request_human`` intent, the "Gặp người hỗ trợ"
button): the bot learns their unit if it does not know it, opens a request with the
last lines said (redacted), tells them what happens next, and notifies the unit's
on-duty volunteers, each with a "Nhận hỗ trợ" button; staff see every request of their
province in the admin. The first claim wins (a conditional write: the loser's turn runs
again and hears who took it). While claimed, messages are relayed both ways through
the outbox: the citizen sees "Tình nguyện viên Tổ công nghệ số <unit>", the volunteer
sees a request number. ``/xong`` ends it; the citizen rates the help (1-5) and may
reopen it for ``reopen_s``. A request nobody claims within ``claim_timeout_s`` goes to
the staff queue and the citizen gets the provincial hotline (``escalate_overdue``).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import uuid
from collections.abc import Callable
from functools import cache
from pathlib import Path

import yaml

from flows.config import HandoffSettings
from flows.format import VIETNAM, date, date_time
from flows.office_hours import next_opening
from flows.places import PlaceFlow
from flows.state import AskPlace, ConversationState, RecentLine, Then
from flows.templates import Templates
from flows.types import Button, Reply, Turn
from flows.unit_of_work import UnitOfWork, UnitOfWorkFactory
from knowledge.handoff.records import (
    HandoffRecord,
    NewRequest,
    RequestStatus,
    Sender,
    TranscriptLine,
)
from knowledge.places.units import NewUnit, Resolution
from knowledge.storage.outbox import OutgoingMessage
from knowledge.storage.people import ConflictingWrite
from nlu.cues import is_emergency
from nlu.normalize import fold

logger = logging.getLogger(__name__)

TEXTS_FILE = Path(__file__).with_name("handoff.yml")
Clock = Callable[[], dt.datetime]
LINE_CHARS = 200  # a transcript line shown to a volunteer is cut here
PLACE_ANSWER_WORDS = 8  # "xã Abcxyz": a longer message naming no known place asks something
IMPATIENT_WORDS = 10  # "sao lâu vậy, có ai không?"; a longer message is answered as usual
_WORD = re.compile(r"\w+")

# Reply kinds. A typed message answered "opened" (or "which ward?") is a request for a
# person in the staff's inbox (flows.insights); one request is one item there, so the
# ward given afterwards and a request asked for again while one is live have their own.
OPENED = "handoff_opened"
UNIT_GIVEN = "handoff_unit_given"  # the ward asked for: the request asked before opens
ASKED_AGAIN = "handoff_asked_again"  # "already open" / "already claimed"
LIVE = "handoff_live"  # the same, to "reopen" pressed while the request is live


@cache
def handoff_texts() -> Templates:
    return Templates(yaml.safe_load(TEXTS_FILE.read_text(encoding="utf-8")))


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _words(text: str) -> str:
    """``text`` folded (no diacritics, abbreviations expanded) as " word word ", so a
    phrase is found as whole words, typed with diacritics or without."""
    return f" {' '.join(_WORD.findall(fold(text)))} "


def says_any(text: str, phrases: str) -> bool:
    """Whether ``text`` says one of ``phrases`` (separated by ``|``, as in handoff.yml)."""
    said = _words(text)
    return any(_words(p) in said for p in phrases.split("|") if p.strip())


def begins_with_any(text: str, phrases: str) -> bool:
    said = _words(text)
    return any(said.startswith(_words(p)) for p in phrases.split("|") if p.strip())


class HandoffFlow:
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

    # ---- what the conversation keeps for a request ------------------------------------

    def remember_lines(self, state: ConversationState, redacted: str, replies: list[Reply]) -> None:
        """Keep the citizen's message (already redacted) and the bot's first reply, cut
        short, for a request for a person."""
        lines = [RecentLine("citizen", redacted[:LINE_CHARS])]
        if replies:
            lines.append(RecentLine("bot", replies[0].text[:LINE_CHARS]))
        keep = self.settings.transcript_lines
        state.recent = (*state.recent, *lines)[-keep:] if keep else ()

    # ---- the citizen asks for a person ---------------------------------------------------

    async def request(
        self, turn: Turn, state: ConversationState, uow: UnitOfWork, reason: str
    ) -> list[Reply]:
        live = await self._live_request(turn, state, uow)
        if live is not None:  # asked again: that request (and its inbox item) is there
            return [self._still_live(live, ASKED_AGAIN)]
        unit = self.places.remembered(state)
        if unit is None:
            state.pending = AskPlace(Then.HANDOFF)
            return [Reply(self.t("ask_unit"), request_location=True, kind="handoff_ask_unit")]
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
        notice = self._notice(request.number, unit, now, state.recent)
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
            lines.append(self.t("after_hours", when=self._when(opening)))
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
            lines.append(self.t("after_hours", when=self._when(opening)))
        lines.append(self.t("waiting_end_hint"))
        return [Reply("\n".join(lines), kind="handoff_waiting")]

    def _notice(
        self, number: int, unit: NewUnit, since: dt.datetime, lines: tuple[RecentLine, ...]
    ) -> Reply:
        return Reply(
            self.t(
                "volunteer_notice",
                number=number,
                unit=unit.name,
                since=date_time(since),
                transcript=self._transcript(lines),
            ),
            buttons=(Button(self.t("claim_button"), f"hclaim:{number}"),),
            kind="handoff_notice",
        )

    def _transcript(self, lines) -> str:
        shown = [
            self.t("line_citizen" if line.who == "citizen" else "line_bot", text=line.text)
            for line in lines
        ]
        return "\n".join(shown) or self.t("no_lines")

    def _when(self, moment: dt.datetime) -> str:
        local = moment.astimezone(VIETNAM)
        return self.t(
            "when",
            time=local.strftime("%H:%M"),
            weekday=self.t.section("weekdays")[local.weekday()],
            date=date(local.date()),
        )

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

    def _still_live(self, request: HandoffRecord, kind: str = LIVE) -> Reply:
        if request.status == RequestStatus.CLAIMED:
            text = self.t(
                "already_claimed", helper=self._helper_name(request), number=request.number
            )
        else:
            text = self.t("already_open", number=request.number, since=date_time(request.opened_at))
        return Reply(text, kind=kind)

    def _helper_name(self, request: HandoffRecord) -> str:
        """How the citizen sees whoever holds the request."""
        if request.claimed_by_staff is not None:
            return self.t("helper_staff")
        return self.t("helper_volunteer", unit=self._unit_name(request))

    def _unit_name(self, request: HandoffRecord) -> str:
        unit = self.places.map.unit(request.province_key, request.unit_key)
        return unit.name if unit else request.unit_key

    def claimer_tag(self, claimer: str | None) -> str:
        """How other helpers see who holds a request."""
        if claimer and claimer.startswith("v:"):
            return self.t("tag_volunteer", id=claimer[2:])
        return self.t("tag_staff")

    # ---- relaying ------------------------------------------------------------------------

    async def relay_from_citizen(
        self, turn: Turn, state: ConversationState, uow: UnitOfWork, text: str
    ) -> list[Reply] | None:
        """A citizen's message while a helper holds their request: passed on (redacted)
        instead of answered. None: no claimed request, the bot answers as usual."""
        request = await self._live_request(turn, state, uow)
        if request is None or request.status != RequestStatus.CLAIMED:
            return None
        redacted = self.redact(text)
        uow.handoffs.relay(request.id, Sender.CITIZEN, None, redacted, self.clock())
        volunteer_id = request.claimed_by_volunteer
        if volunteer_id is not None:
            volunteer = await uow.volunteers.get(volunteer_id)
            if volunteer is not None and volunteer.active:
                reply = Reply(
                    self.t("relay_to_helper", number=request.number, text=redacted),
                    kind="handoff_relay",
                )
                self.send(uow, volunteer.channel, volunteer.chat_id, reply, turn.turn_id)
        return []

    async def relay_from_volunteer(
        self, turn: Turn, state: ConversationState, uow: UnitOfWork, text: str
    ) -> list[Reply] | None:
        """A volunteer's message while relaying: passed on to the citizen. None: not
        relaying (the bot answers the volunteer like anyone)."""
        if state.helping is None:
            return None
        number = state.helping
        volunteer = await uow.volunteers.by_user(turn.channel, turn.user_id)
        request = await uow.handoffs.get(number)
        if (
            volunteer is None
            or not volunteer.active
            or request is None
            or request.status != RequestStatus.CLAIMED
            or request.claimer != volunteer.ref
        ):
            state.helping = None
            return [Reply(self.t("relay_ended", number=number), kind="handoff_ended")]
        uow.handoffs.relay(
            request.id, Sender.VOLUNTEER, volunteer.ref, self.redact(text), self.clock()
        )
        self.tell_citizen(
            uow,
            request,
            self.t("relay_to_citizen", helper=self._helper_name(request), text=text),
            turn.turn_id,
        )
        return []

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
            claimer = self.claimer_tag(request.claimer)
            return [Reply(self.t("taken", number=number, claimer=claimer), kind="handoff_taken")]
        now = self.clock()
        uow.handoffs.claim(number, volunteer.ref, now)
        state.helping = number
        helper = self.t("helper_volunteer", unit=self._unit_name(request))
        self.tell_citizen(
            uow,
            request,
            self.t("claimed_citizen", helper=helper, number=number),
            f"claimed:{turn.turn_id}",
        )
        tag = self.claimer_tag(volunteer.ref)
        others = await uow.volunteers.on_duty(request.province_key, request.unit_key)
        for other in others:
            if other.id != volunteer.id:
                reply = Reply(self.t("claimed_other", number=number, claimer=tag), kind="handoff")
                self.send(uow, other.channel, other.chat_id, reply, f"taken:{turn.turn_id}")
        logger.info("handoff request claimed by a volunteer")
        text = self.t(
            "claimed_helper",
            number=number,
            unit=self._unit_name(request),
            helper=helper,
            transcript=self._transcript(request.transcript),
        )
        return [Reply(text, kind="handoff_claimed")]

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
        if request.status == RequestStatus.OPEN:
            uow.handoffs.close(request.number, self.clock())
            return [Reply(self.t("cancelled_citizen", number=request.number), kind="handoff_ended")]
        volunteer_id = request.claimed_by_volunteer
        if volunteer_id is not None:
            volunteer = await uow.volunteers.get(volunteer_id)
            if volunteer is not None:
                reply = Reply(self.t("ended_by_citizen", number=request.number), kind="handoff")
                self.send(uow, volunteer.channel, volunteer.chat_id, reply, turn.turn_id)
        uow.handoffs.close(request.number, self.clock())
        return [self._rating_question(request)]

    def close_and_ask_rating(
        self, uow: UnitOfWork, request: HandoffRecord, turn_id: str | None
    ) -> None:
        uow.handoffs.close(request.number, self.clock())
        rating = self._rating_question(request)
        self.send(uow, request.channel, request.chat_id, rating, f"ended:{turn_id}")

    def _rating_question(self, request: HandoffRecord) -> Reply:
        number = request.number
        buttons = tuple(Button(str(n), f"hrate:{number}:{n}") for n in range(1, 6))
        text = self.t("ended_citizen", number=number)
        if self.settings.reopen_s > 0:  # (0: a closed request stays closed)
            hours = max(1, round(self.settings.reopen_s / 3600))
            text += "\n" + self.t("reopen_hint", hours=hours)
            buttons += (Button(self.t("reopen_button"), f"hreopen:{number}"),)
        return Reply(text, buttons=buttons, kind="handoff_rate")

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
            return [self._still_live(request)]
        hours = max(1, round(self.settings.reopen_s / 3600))
        now = self.clock()
        closed = request.closed_at or request.opened_at
        if (now - closed).total_seconds() > self.settings.reopen_s:
            return [Reply(self.t("reopen_too_late", number=number, hours=hours), kind="handoff")]
        live = await self._live_request(turn, state, uow)
        if live is not None:
            return [self._still_live(live)]
        uow.handoffs.reopen(number, now)
        state.handoff = number
        unit = self._unit_name(request)
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
                    lines.append(self.t("after_hours", when=self._when(opening)))
                self.tell_citizen(uow, request, "\n".join(lines), f"escalated:{now.isoformat()}")
                try:
                    await uow.commit()
                except ConflictingWrite:
                    continue  # claimed (or escalated by another worker) meanwhile
                moved += 1
        if moved:
            logger.info("handoff: %d requests sent to the staff queue", moved)
        return moved

    # ---- the outbox ---------------------------------------------------------------------

    def tell_citizen(
        self, uow: UnitOfWork, request: HandoffRecord, text: str, key: str | None
    ) -> None:
        self.send(uow, request.channel, request.chat_id, Reply(text, kind="handoff"), key)

    @staticmethod
    def send(uow: UnitOfWork, channel: str, recipient: str, reply: Reply, key: str | None) -> None:
        """Queue ``reply`` for ``recipient``; ``key`` (from the turn) makes a turn that runs
        again queue it once."""
        identity = f"handoff:{key or uuid.uuid4().hex}:{channel}:{recipient}"
        uow.send(OutgoingMessage(identity, channel, recipient, reply.to_dict()))
