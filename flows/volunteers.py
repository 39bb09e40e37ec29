"""Community digital-tech volunteers in the bot: joining by invitation, the volunteer's
panel (``/tinhnguyen``), duty, leaving; and the invitations staff make.

A volunteer's access is always read from the database (``uow.volunteers``), never from
the conversation: one suspended or removed loses it on their next press.
"""

from __future__ import annotations

import datetime as dt
import logging

from flows.handoff import Clock, utc_now
from flows.record_text import cut_text
from flows.state import ConversationState
from flows.templates import Templates
from flows.types import Button, Reply, Turn
from flows.unit_of_work import UnitOfWork
from flows.volunteer_wording import volunteer_texts
from knowledge.handoff.records import HandoffRecord, Sender
from knowledge.places.admin_map import AdminMap
from knowledge.storage.outbox import OutgoingMessage
from knowledge.volunteers.records import (
    INVITE_DAYS,
    InviteProblem,
    NewInvite,
    VolunteerRecord,
    VolunteerStatus,
    new_token,
)

logger = logging.getLogger(__name__)

INVITE_CHANNEL = "telegram"  # deep links are Telegram's
MAX_LISTED = 5  # waiting requests shown as buttons on the panel
HANDED_BACK_LINES = 8  # what was said before, for whoever takes a request given back
LINE_CHARS = 200


class VolunteerFlow:
    def __init__(
        self, admin_map: AdminMap, clock: Clock = utc_now, texts: Templates | None = None
    ) -> None:
        self.map = admin_map
        self.clock = clock
        self.t = texts or volunteer_texts()

    def _names(self, province_key: str, unit_key: str) -> tuple[str, str]:
        unit = self.map.unit(province_key, unit_key)
        province = self.map.province(province_key)
        return (unit.name if unit else unit_key, province.name if province else province_key)

    # ---- invitations ---------------------------------------------------------------------

    def invite(
        self, uow: UnitOfWork, province_key: str, unit_key: str, created_by: str
    ) -> NewInvite:
        """A new one-time invitation for the unit, stored at the commit (only its hash)."""
        token = new_token()
        now = self.clock()
        uow.volunteers.add_invite(token, province_key, unit_key, created_by, now)
        logger.info("volunteer invitation made by %s", created_by)
        return NewInvite(token, province_key, unit_key, now + dt.timedelta(days=INVITE_DAYS))

    async def _usable_invite(self, turn: Turn, uow: UnitOfWork, token: str):
        """(the invitation, None) or (None, the polite refusal)."""
        if turn.channel != INVITE_CHANNEL:
            return None, Reply(self.t("invite_telegram_only"), kind="invite_refused")
        invite = await uow.volunteers.invite(token)
        problem = InviteProblem.UNKNOWN if invite is None else invite.problem(self.clock())
        if problem is not None:
            logger.info("volunteer invitation refused: %s", problem.value)
            text = self.t(f"invite_{problem.value}", days=INVITE_DAYS)
            return None, Reply(text, kind="invite_refused")
        return invite, None

    async def start(self, turn: Turn, uow: UnitOfWork, token: str) -> list[Reply]:
        """A deep link ``/start <token>``: ask to confirm (nothing is stored yet)."""
        invite, refusal = await self._usable_invite(turn, uow, token)
        if refusal is not None:
            return [refusal]
        unit, province = self._names(invite.province_key, invite.unit_key)
        member = await uow.volunteers.by_user(turn.channel, turn.user_id)
        if member is not None and member.active and member.unit_key == invite.unit_key:
            return [Reply(self.t("already_member", unit=unit), kind="invite_member")]
        buttons = (
            Button(self.t("join_button"), f"vjoin:{token}"),
            Button(self.t("decline_button"), "cmd:help"),
        )
        text = self.t("invite_confirm", unit=unit, province=province)
        return [Reply(text, buttons=buttons, kind="invite_confirm")]

    async def join(
        self, turn: Turn, state: ConversationState, uow: UnitOfWork, token: str
    ) -> list[Reply]:
        invite, refusal = await self._usable_invite(turn, uow, token)
        if refusal is not None:
            return [refusal]
        uow.volunteers.join(
            invite.id,
            turn.channel,
            turn.user_id,
            turn.chat_id or turn.user_id,
            invite.province_key,
            invite.unit_key,
            self.clock(),
        )
        state.volunteer = True
        logger.info("a volunteer joined by invitation")
        unit, _ = self._names(invite.province_key, invite.unit_key)
        return [Reply(self.t("joined", unit=unit), kind="volunteer_joined")]

    # ---- the panel -----------------------------------------------------------------------

    async def member(
        self, turn: Turn, state: ConversationState, uow: UnitOfWork
    ) -> VolunteerRecord | None:
        volunteer = await uow.volunteers.by_user(turn.channel, turn.user_id)
        state.volunteer = volunteer is not None and volunteer.active
        return volunteer if state.volunteer else None

    def refused(self) -> Reply:
        return Reply(self.t("not_volunteer"), kind="not_volunteer")

    async def panel(self, turn: Turn, state: ConversationState, uow: UnitOfWork) -> list[Reply]:
        volunteer = await self.member(turn, state, uow)
        if volunteer is None:
            return [self.refused()]
        now = self.clock()
        waiting = await uow.handoffs.waiting_in(volunteer.province_key, volunteer.unit_key)
        held = await uow.handoffs.held_by(volunteer.ref)
        lines = [self.t("waiting_head")] if waiting else [self.t("waiting_none")]
        for index, request in enumerate(waiting[:MAX_LISTED], start=1):
            minutes = max(0, int((now - request.opened_at).total_seconds() // 60))
            lines.append(
                self.t("waiting_line", index=index, number=request.number, minutes=minutes)
            )
        numbers = ", ".join(str(r.number) for r in held)
        unit, province = self._names(volunteer.province_key, volunteer.unit_key)
        text = self.t(
            "panel",
            unit=unit,
            province=province,
            id=volunteer.id,
            duty=self.t("duty_on" if volunteer.on_duty else "duty_off"),
            waiting="\n".join(lines),
            held=self.t("held_head", numbers=numbers) if held else self.t("held_none"),
        )
        buttons = [
            Button(self.t("claim_label", number=r.number), f"hclaim:{r.number}")
            for r in waiting[:MAX_LISTED]
        ]
        buttons += [
            Button(self.t("talk_label", number=r.number), f"hclaim:{r.number}") for r in held
        ]
        if volunteer.on_duty:
            buttons.append(Button(self.t("duty_off_button"), "vduty:off"))
        else:
            buttons.append(Button(self.t("duty_on_button"), "vduty:on"))
        buttons += [
            Button(self.t("guides_button"), "guide"),
            Button(self.t("leave_button"), "cmd:leave"),
        ]
        return [Reply(text, buttons=tuple(buttons), kind="volunteer_panel")]

    async def set_duty(
        self, turn: Turn, state: ConversationState, uow: UnitOfWork, on: bool
    ) -> list[Reply]:
        volunteer = await self.member(turn, state, uow)
        if volunteer is None:
            return [self.refused()]
        uow.volunteers.set_duty(volunteer.id, on, self.clock())
        unit, _ = self._names(volunteer.province_key, volunteer.unit_key)
        if on:
            return [Reply(self.t("duty_now_on", unit=unit), kind="volunteer_duty")]
        button = Button(self.t("duty_on_button"), "vduty:on")
        return [Reply(self.t("duty_now_off"), buttons=(button,), kind="volunteer_duty")]

    async def leave(
        self, turn: Turn, state: ConversationState, uow: UnitOfWork, confirmed: bool
    ) -> list[Reply]:
        volunteer = await self.member(turn, state, uow)
        if volunteer is None:
            return [self.refused()]
        unit, _ = self._names(volunteer.province_key, volunteer.unit_key)
        if not confirmed:
            buttons = (
                Button(self.t("leave_yes"), "vleave:yes"),
                Button(self.t("leave_no"), "cmd:volunteer"),
            )
            return [Reply(self.t("leave_confirm", unit=unit), buttons=buttons, kind="leave_ask")]
        await self.hand_back(uow, volunteer, f"left:{turn.turn_id}")
        uow.volunteers.set_status(volunteer.id, VolunteerStatus.REMOVED, self.clock())
        state.volunteer = False
        state.helping = None
        logger.info("a volunteer left their unit")
        return [Reply(self.t("left", unit=unit), kind="volunteer_left")]

    # ---- staff managing volunteers ----------------------------------------------------

    async def change_status(
        self, uow: UnitOfWork, volunteer_id: int, status: VolunteerStatus
    ) -> VolunteerRecord | None:
        """Suspend, remove or reinstate a volunteer (from the admin or the CLI) and tell
        them; None when there is no such volunteer."""
        volunteer = await uow.volunteers.get(volunteer_id)
        if volunteer is None:
            return None
        if status != VolunteerStatus.ACTIVE:
            key = f"volunteer:{volunteer_id}:{status.value}:{self.clock().isoformat()}"
            await self.hand_back(uow, volunteer, key)
        uow.volunteers.set_status(volunteer_id, status, self.clock())
        if volunteer.status != status:
            unit, _ = self._names(volunteer.province_key, volunteer.unit_key)
            key = {
                VolunteerStatus.SUSPENDED: "suspended_notice",
                VolunteerStatus.REMOVED: "removed_notice",
                VolunteerStatus.ACTIVE: "reinstated_notice",
            }[status]
            reply = Reply(self.t(key, unit=unit), kind="volunteer_status")
            identity = f"volunteer:{volunteer_id}:{status.value}:{self.clock().isoformat()}"
            uow.send(
                OutgoingMessage(identity, volunteer.channel, volunteer.chat_id, reply.to_dict())
            )
        logger.info("volunteer %d set to %s", volunteer_id, status.value)
        return volunteer

    # ---- a volunteer who stops helping -------------------------------------------------

    async def hand_back(self, uow: UnitOfWork, volunteer: VolunteerRecord, key: str) -> int:
        """Before ``volunteer`` stops being active (their status change gives their
        requests back at the commit): each citizen they helped hears that their helper
        cannot go on and who will take the request, and the unit's other volunteers on
        duty get it again with what was said. ``key`` (the turn's) queues each message
        once. Returns how many requests go back."""
        held = await uow.handoffs.held_by(volunteer.ref)
        for request in held:
            unit, _ = self._names(request.province_key, request.unit_key)
            others = [
                v
                for v in await uow.volunteers.on_duty(request.province_key, request.unit_key)
                if v.id != volunteer.id
            ]
            who = self.t(
                "handed_back_who_volunteers" if others else "handed_back_who_staff", unit=unit
            )
            told = Reply(
                self.t("handed_back_citizen", number=request.number, who=who), kind="handoff"
            )
            self._send(uow, request.channel, request.chat_id, told, f"{key}:{request.number}")
            notice = Reply(
                self.t(
                    "handed_back_notice",
                    number=request.number,
                    unit=unit,
                    transcript=await self._said(uow, request),
                ),
                buttons=(Button(self.t("claim_button"), f"hclaim:{request.number}"),),
                kind="handoff_notice",
            )
            for other in others:
                self._send(uow, other.channel, other.chat_id, notice, f"{key}:{request.number}")
        if held:
            logger.info("%d requests given back by a volunteer who stopped helping", len(held))
        return len(held)

    async def _said(self, uow: UnitOfWork, request: HandoffRecord) -> str:
        """The last lines of the request (stored redacted): before it, then relayed."""
        lines = [
            self.t(
                "handed_back_line_citizen" if line.who == "citizen" else "handed_back_line_bot",
                text=cut_text(line.text, LINE_CHARS),
            )
            for line in request.transcript
        ]
        for message in await uow.handoffs.messages(request.id):
            key = (
                "handed_back_line_citizen"
                if message.sender == Sender.CITIZEN
                else "handed_back_line_helper"
            )
            lines.append(self.t(key, text=cut_text(message.text, LINE_CHARS)))
        return "\n".join(lines[-HANDED_BACK_LINES:]) or self.t("handed_back_no_lines")

    @staticmethod
    def _send(uow: UnitOfWork, channel: str, recipient: str, reply: Reply, key: str) -> None:
        identity = f"handback:{key}:{channel}:{recipient}"
        uow.send(OutgoingMessage(identity, channel, recipient, reply.to_dict()))
