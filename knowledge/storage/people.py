"""The unit of work's view of volunteers and requests for a person.

Reads run at once, each on its own short connection; writes are recorded and applied
by the unit of work's commit, in the turn's transaction (see unit_of_work.py). A write
that only makes sense if nobody else got there first -- using an invitation, claiming a
request, closing it -- raises ``ConcurrentUpdate`` at commit when it finds the row
changed: the whole turn rolls back and runs again on what is stored now, where the
reply can say who came first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from knowledge.handoff.records import HandoffRecord, NewRequest, RelayedMessage, Sender
from knowledge.handoff.repository import HandoffRepository
from knowledge.storage.db import OUTAGE_ERRORS, Database, DatabaseUnavailable
from knowledge.volunteers.records import InviteRecord, VolunteerRecord, VolunteerStatus, token_hash
from knowledge.volunteers.repository import VolunteerRepository

Write = Callable[[AsyncConnection], Awaitable[None]]


class ConflictingWrite(Exception):
    """A conditional write found the row changed by someone else (``what`` names it)."""

    def __init__(self, what: str) -> None:
        super().__init__(f"{what} was changed by another turn")
        self.what = what


@dataclass
class _Reads:
    db: Database

    async def read(self, operation: str, work):
        try:
            async with self.db.engine.connect() as conn:
                return await work(conn)
        except OUTAGE_ERRORS as exc:
            raise DatabaseUnavailable(operation) from exc


@dataclass
class SqlVolunteers(_Reads):
    writes: list[Write] = field(default_factory=list)

    async def by_user(self, channel: str, user_id: str) -> VolunteerRecord | None:
        return await self.read(
            "read volunteer", lambda c: VolunteerRepository(c).by_user(channel, user_id)
        )

    async def get(self, volunteer_id: int) -> VolunteerRecord | None:
        return await self.read("read volunteer", lambda c: VolunteerRepository(c).get(volunteer_id))

    async def on_duty(self, province_key: str, unit_key: str) -> list[VolunteerRecord]:
        return await self.read(
            "read volunteers", lambda c: VolunteerRepository(c).on_duty(province_key, unit_key)
        )

    async def invite(self, token: str) -> InviteRecord | None:
        return await self.read("read invitation", lambda c: VolunteerRepository(c).invite(token))

    def add_invite(
        self, token: str, province_key: str, unit_key: str, created_by: str, now: dt.datetime
    ) -> None:
        async def write(conn: AsyncConnection) -> None:
            await VolunteerRepository(conn).store_invite(
                token_hash(token), province_key, unit_key, created_by, now
            )

        self.writes.append(write)

    def join(
        self,
        invite_id: int,
        channel: str,
        user_id: str,
        chat_id: str,
        province_key: str,
        unit_key: str,
        now: dt.datetime,
    ) -> None:
        async def write(conn: AsyncConnection) -> None:
            repo = VolunteerRepository(conn)
            volunteer_id = await repo.register(
                channel, user_id, chat_id, province_key, unit_key, now
            )
            if not await repo.use_invite(invite_id, volunteer_id, now):
                raise ConflictingWrite("invitation")

        self.writes.append(write)

    def set_duty(self, volunteer_id: int, on_duty: bool, now: dt.datetime) -> None:
        self.writes.append(lambda c: VolunteerRepository(c).set_duty(volunteer_id, on_duty, now))

    def set_status(self, volunteer_id: int, status: VolunteerStatus, now: dt.datetime) -> None:
        async def write(conn: AsyncConnection) -> None:
            await VolunteerRepository(conn).set_status(volunteer_id, status, now)

        self.writes.append(write)


@dataclass
class SqlHandoffs(_Reads):
    writes: list[Write] = field(default_factory=list)

    async def get(self, number: int) -> HandoffRecord | None:
        return await self.read("read request", lambda c: HandoffRepository(c).get(number))

    async def latest_of(self, channel: str, user_id: str) -> HandoffRecord | None:
        return await self.read(
            "read request", lambda c: HandoffRepository(c).latest_of(channel, user_id)
        )

    async def waiting_in(self, province_key: str, unit_key: str) -> list[HandoffRecord]:
        return await self.read(
            "read requests", lambda c: HandoffRepository(c).waiting_in(province_key, unit_key)
        )

    async def held_by(self, claimer: str) -> list[HandoffRecord]:
        return await self.read("read requests", lambda c: HandoffRepository(c).held_by(claimer))

    async def overdue(self, opened_before: dt.datetime) -> list[HandoffRecord]:
        return await self.read(
            "read requests", lambda c: HandoffRepository(c).overdue(opened_before)
        )

    async def messages(self, request_id: int) -> list[RelayedMessage]:
        return await self.read("read messages", lambda c: HandoffRepository(c).messages(request_id))

    def open(self, request: NewRequest, now: dt.datetime) -> None:
        async def write(conn: AsyncConnection) -> None:
            try:
                await HandoffRepository(conn).open(request, now)
            except IntegrityError as exc:  # the random number is taken: draw again
                raise ConflictingWrite("request number") from exc

        self.writes.append(write)

    def _conditional(self, what: str, change) -> None:
        async def write(conn: AsyncConnection) -> None:
            if not await change(HandoffRepository(conn)):
                raise ConflictingWrite(what)

        self.writes.append(write)

    def claim(self, number: int, claimer: str, now: dt.datetime) -> None:
        self._conditional("request claim", lambda r: r.claim(number, claimer, now))

    def close(self, number: int, now: dt.datetime) -> None:
        self._conditional("request close", lambda r: r.close(number, now))

    def reopen(self, number: int, now: dt.datetime) -> None:
        self._conditional("request reopen", lambda r: r.reopen(number, now))

    def escalate(self, number: int, now: dt.datetime) -> None:
        self._conditional("request escalation", lambda r: r.escalate(number, now))

    def rate(self, number: int, rating: int) -> None:
        async def write(conn: AsyncConnection) -> None:
            await HandoffRepository(conn).rate(number, rating)

        self.writes.append(write)

    def relay(
        self, request_id: int, sender: Sender, author: str | None, text: str, now: dt.datetime
    ) -> None:
        async def write(conn: AsyncConnection) -> None:
            await HandoffRepository(conn).add_message(request_id, sender, author, text, now)

        self.writes.append(write)
