"""Staff answering requests for a person from the admin (/admin/handoff): claim, reply
(relayed to the citizen's channel through the outbox), close. The staff member sees the
requests of their province only (``StaffMember.province_key``; None: every province)."""

from __future__ import annotations

import dataclasses
import uuid

from flows.handoff import HandoffFlow
from flows.types import Reply
from flows.unit_of_work import UnitOfWork
from knowledge.handoff.records import HandoffRecord, RequestStatus, Sender


@dataclasses.dataclass(frozen=True)
class StaffMember:
    """A signed-in staff member acting on requests from the admin."""

    username: str
    province_key: str | None  # None: every province

    @property
    def ref(self) -> str:
        return f"s:{self.username}"

    def may_see(self, request: HandoffRecord) -> bool:
        return self.province_key is None or self.province_key == request.province_key


class HandoffRefused(Exception):
    """A staff action that cannot be done; ``reason`` is a key of handoff.yml."""

    def __init__(self, reason: str, **values: object) -> None:
        super().__init__(reason)
        self.reason = reason
        self.values = values


class StaffDesk:
    def __init__(self, flow: HandoffFlow) -> None:
        self.flow = flow

    async def claim(self, uow: UnitOfWork, number: int, staff: StaffMember) -> None:
        request = await self._visible(uow, number, staff)
        if request.status == RequestStatus.CLOSED:
            raise HandoffRefused("not_open", number=number)
        if request.claimer == staff.ref:
            return
        if request.status == RequestStatus.CLAIMED:
            raise HandoffRefused(
                "taken", number=number, claimer=self.flow.wording.claimer_tag(request.claimer)
            )
        uow.handoffs.claim(number, staff.ref, self.flow.clock())
        text = self.flow.t("claimed_citizen", helper=self.flow.t("helper_staff"), number=number)
        self.flow.tell_citizen(uow, request, text, f"claimed:staff:{uuid.uuid4().hex}")
        tag = self.flow.wording.claimer_tag(staff.ref)
        for other in await uow.volunteers.on_duty(request.province_key, request.unit_key):
            reply = Reply(self.flow.t("claimed_other", number=number, claimer=tag), kind="handoff")
            self.flow.send(uow, other.channel, other.chat_id, reply, f"taken:{uuid.uuid4().hex}")

    async def reply(self, uow: UnitOfWork, number: int, staff: StaffMember, text: str) -> None:
        request = await self._visible(uow, number, staff)
        if request.status == RequestStatus.CLOSED:  # (the citizen ended it, or left)
            raise HandoffRefused("not_open", number=number)
        if request.status != RequestStatus.CLAIMED or request.claimer != staff.ref:
            raise HandoffRefused("not_yours")
        uow.handoffs.relay(
            request.id, Sender.STAFF, staff.ref, self.flow.redact(text), self.flow.clock()
        )
        message = self.flow.t("relay_to_citizen", helper=self.flow.t("helper_staff"), text=text)
        self.flow.tell_citizen(uow, request, message, f"staff:{uuid.uuid4().hex}")

    async def close(self, uow: UnitOfWork, number: int, staff: StaffMember) -> None:
        request = await self._visible(uow, number, staff)
        if request.status == RequestStatus.CLOSED:
            raise HandoffRefused("not_open", number=number)
        if request.status == RequestStatus.CLAIMED and request.claimer != staff.ref:
            raise HandoffRefused("not_yours")
        self.flow.close_and_ask_rating(uow, request, f"staff:{uuid.uuid4().hex}")

    async def _visible(self, uow: UnitOfWork, number: int, staff: StaffMember) -> HandoffRecord:
        request = await uow.handoffs.get(number)
        if request is None or not staff.may_see(request):
            raise HandoffRefused("not_open", number=number)
        return request
