"""In-memory volunteers and requests for a person, for the fake unit of work.

Same rules as knowledge/storage/people.py: reads now, writes at the commit; a
conditional write (an invitation used, a request claimed, closed, reopened, escalated)
that finds the row changed fails the whole commit with ``ConflictingWrite``.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field, replace

from knowledge.handoff.records import (
    HandoffRecord,
    NewRequest,
    RelayedMessage,
    RequestStatus,
    Sender,
)
from knowledge.storage.people import ConflictingWrite
from knowledge.volunteers.records import (
    INVITE_DAYS,
    InviteRecord,
    VolunteerRecord,
    VolunteerStatus,
    token_hash,
)


@dataclass
class PeopleStore:
    """What the volunteer and handoff tables would hold."""

    invites: dict[str, InviteRecord] = field(default_factory=dict)  # by token hash
    volunteers: dict[int, VolunteerRecord] = field(default_factory=dict)
    requests: dict[int, HandoffRecord] = field(default_factory=dict)  # by number
    messages: list[RelayedMessage] = field(default_factory=list)
    ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def forget(self, channel: str, user_id: str) -> int:
        gone = [r for r in self.requests.values() if (r.channel, r.user_id) == (channel, user_id)]
        ids = {r.id for r in gone}
        kept = [m for m in self.messages if m.request_id not in ids]
        removed = len(gone) + len(self.messages) - len(kept)
        self.messages[:] = kept
        for request in gone:
            del self.requests[request.number]
        for volunteer in list(self.volunteers.values()):
            if (volunteer.channel, volunteer.user_id) == (channel, user_id):
                self.release(volunteer.ref)
                del self.volunteers[volunteer.id]
                removed += 1
        return removed

    def release(self, claimer: str, now: dt.datetime | None = None) -> None:
        """As HandoffRepository.release: back to waiting, the waiting time from ``now``."""
        for number, request in list(self.requests.items()):
            if request.claimer == claimer and request.status == RequestStatus.CLAIMED:
                self.requests[number] = replace(
                    request,
                    status=RequestStatus.OPEN,
                    claimer=None,
                    claimed_at=None,
                    opened_at=now or dt.datetime.now(dt.UTC),
                )


class _Pending:
    """Writes recorded by one unit of work: (check, apply) pairs."""

    def __init__(self) -> None:
        self.steps: list = []

    def add(self, apply, check=None) -> None:
        self.steps.append((check, apply))


class FakeVolunteers:
    def __init__(self, store: PeopleStore, pending: _Pending) -> None:
        self.store = store
        self.pending = pending

    async def by_user(self, channel: str, user_id: str) -> VolunteerRecord | None:
        return next(
            (
                v
                for v in self.store.volunteers.values()
                if (v.channel, v.user_id) == (channel, user_id)
            ),
            None,
        )

    async def get(self, volunteer_id: int) -> VolunteerRecord | None:
        return self.store.volunteers.get(volunteer_id)

    async def on_duty(self, province_key: str, unit_key: str) -> list[VolunteerRecord]:
        return [
            v
            for v in self.store.volunteers.values()
            if (v.province_key, v.unit_key) == (province_key, unit_key) and v.active and v.on_duty
        ]

    async def invite(self, token: str) -> InviteRecord | None:
        return self.store.invites.get(token_hash(token))

    def add_invite(self, token, province_key, unit_key, created_by, now) -> None:
        def apply() -> None:
            invite = InviteRecord(
                len(self.store.invites) + 1,
                province_key,
                unit_key,
                created_by,
                now,
                now + dt.timedelta(days=INVITE_DAYS),
                None,
            )
            self.store.invites[token_hash(token)] = invite

        self.pending.add(apply)

    def join(self, invite_id, channel, user_id, chat_id, province_key, unit_key, now) -> None:
        def invite_key() -> str | None:
            return next(
                (k for k, i in self.store.invites.items() if i.id == invite_id and not i.used_at),
                None,
            )

        def apply() -> None:
            key = invite_key()
            self.store.invites[key] = replace(self.store.invites[key], used_at=now)
            existing = next(
                (
                    v
                    for v in self.store.volunteers.values()
                    if (v.channel, v.user_id) == (channel, user_id)
                ),
                None,
            )
            volunteer_id = existing.id if existing else next(self.store.ids)
            self.store.volunteers[volunteer_id] = VolunteerRecord(
                volunteer_id,
                channel,
                user_id,
                chat_id,
                province_key,
                unit_key,
                VolunteerStatus.ACTIVE,
                True,
                existing.joined_at if existing else now,
            )

        self.pending.add(apply, check=lambda: invite_key() is not None or "invitation")

    def set_duty(self, volunteer_id: int, on_duty: bool, now) -> None:
        def apply() -> None:
            volunteer = self.store.volunteers[volunteer_id]
            self.store.volunteers[volunteer_id] = replace(volunteer, on_duty=on_duty)

        self.pending.add(apply)

    def set_status(self, volunteer_id: int, status: VolunteerStatus, now) -> None:
        def apply() -> None:
            volunteer = self.store.volunteers[volunteer_id]
            active = status == VolunteerStatus.ACTIVE
            self.store.volunteers[volunteer_id] = replace(volunteer, status=status, on_duty=active)
            if not active:
                self.store.release(volunteer.ref, now)

        self.pending.add(apply)


class FakeHandoffs:
    def __init__(self, store: PeopleStore, pending: _Pending) -> None:
        self.store = store
        self.pending = pending

    async def get(self, number: int) -> HandoffRecord | None:
        return self.store.requests.get(number)

    async def latest_of(self, channel: str, user_id: str) -> HandoffRecord | None:
        mine = [
            r for r in self.store.requests.values() if (r.channel, r.user_id) == (channel, user_id)
        ]
        return max(mine, key=lambda r: r.id, default=None)

    async def waiting_in(self, province_key: str, unit_key: str) -> list[HandoffRecord]:
        return sorted(
            (
                r
                for r in self.store.requests.values()
                if (r.province_key, r.unit_key) == (province_key, unit_key)
                and r.status == RequestStatus.OPEN
            ),
            key=lambda r: r.id,
        )

    async def held_by(self, claimer: str) -> list[HandoffRecord]:
        return [
            r
            for r in self.store.requests.values()
            if r.claimer == claimer and r.status == RequestStatus.CLAIMED
        ]

    async def overdue(self, opened_before: dt.datetime) -> list[HandoffRecord]:
        return [
            r
            for r in self.store.requests.values()
            if r.status == RequestStatus.OPEN
            and r.escalated_at is None
            and r.opened_at < opened_before
        ]

    async def messages(self, request_id: int) -> list[RelayedMessage]:
        return [m for m in self.store.messages if m.request_id == request_id]

    def open(self, request: NewRequest, now: dt.datetime) -> None:
        def apply() -> None:
            self.store.requests[request.number] = HandoffRecord(
                id=next(self.store.ids),
                number=request.number,
                channel=request.channel,
                user_id=request.user_id,
                chat_id=request.chat_id,
                province_key=request.province_key,
                unit_key=request.unit_key,
                reason=request.reason,
                transcript=request.transcript,
                status=RequestStatus.OPEN,
                opened_at=now,
            )

        self.pending.add(
            apply, check=lambda: request.number not in self.store.requests or "request number"
        )

    def _change(self, number: int, allowed, what: str, **values) -> None:
        def ok() -> bool | str:
            request = self.store.requests.get(number)
            return (request is not None and allowed(request)) or what

        def apply() -> None:
            self.store.requests[number] = replace(self.store.requests[number], **values)

        self.pending.add(apply, check=ok)

    def claim(self, number: int, claimer: str, now) -> None:
        self._change(
            number,
            lambda r: r.status == RequestStatus.OPEN,
            "request claim",
            status=RequestStatus.CLAIMED,
            claimer=claimer,
            claimed_at=now,
        )

    def close(self, number: int, now) -> None:
        self._change(
            number,
            lambda r: r.status != RequestStatus.CLOSED,
            "request close",
            status=RequestStatus.CLOSED,
            closed_at=now,
        )

    def reopen(self, number: int, now) -> None:
        self._change(
            number,
            lambda r: r.status == RequestStatus.CLOSED,
            "request reopen",
            status=RequestStatus.OPEN,
            opened_at=now,
            claimer=None,
            claimed_at=None,
            escalated_at=None,
            closed_at=None,
        )

    def escalate(self, number: int, now) -> None:
        self._change(
            number,
            lambda r: r.status == RequestStatus.OPEN and r.escalated_at is None,
            "request escalation",
            escalated_at=now,
        )

    def rate(self, number: int, rating: int) -> None:
        def apply() -> None:
            self.store.requests[number] = replace(self.store.requests[number], rating=rating)

        self.pending.add(apply)

    def relay(self, request_id: int, sender: Sender, author, text: str, now) -> None:
        def apply() -> None:
            message = RelayedMessage(next(self.store.ids), request_id, sender, author, text, now)
            self.store.messages.append(message)

        self.pending.add(apply)


def check_all(pending: _Pending) -> None:
    """Raise ConflictingWrite if any conditional write would fail (call before applying
    anything of the commit)."""
    for check, _apply in pending.steps:
        if check is not None:
            outcome = check()
            if outcome is not True:
                raise ConflictingWrite(str(outcome))


def apply_all(pending: _Pending) -> None:
    for _check, apply in pending.steps:
        apply()
    pending.steps.clear()
