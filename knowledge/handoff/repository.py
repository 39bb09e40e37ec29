"""Requests for a person and their relayed messages; the caller owns the transaction."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from knowledge.handoff.records import (
    HandoffRecord,
    NewRequest,
    RelayedMessage,
    RequestStatus,
    Sender,
    TranscriptLine,
)
from knowledge.storage import models
from knowledge.storage.db import aware_utc

Session = AsyncSession | AsyncConnection
_R = models.HandoffRequest
_M = models.HandoffMessage
_LIVE = (RequestStatus.OPEN.value, RequestStatus.CLAIMED.value)


def _lines(data) -> tuple[TranscriptLine, ...]:
    lines = []
    for item in data or ():
        if isinstance(item, dict):
            lines.append(TranscriptLine(str(item.get("who", "")), str(item.get("text", ""))))
    return tuple(lines)


def _request(row) -> HandoffRecord:
    return HandoffRecord(
        id=row.id,
        number=row.number,
        channel=row.channel,
        user_id=row.user_id,
        chat_id=row.chat_id,
        province_key=row.province_key,
        unit_key=row.unit_key,
        reason=row.reason,
        transcript=_lines(row.transcript),
        status=RequestStatus(row.status),
        opened_at=aware_utc(row.opened_at),
        claimed_at=aware_utc(row.claimed_at),
        claimer=row.claimer,
        escalated_at=aware_utc(row.escalated_at),
        closed_at=aware_utc(row.closed_at),
        rating=row.rating,
    )


def _select():
    return select(*_R.__table__.columns)


class HandoffRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    async def open(self, request: NewRequest, now: dt.datetime) -> None:
        """Insert the request (an IntegrityError when its number is taken)."""
        await self.session.execute(
            _R.__table__.insert().values(
                number=request.number,
                channel=request.channel,
                user_id=request.user_id,
                chat_id=request.chat_id,
                province_key=request.province_key,
                unit_key=request.unit_key,
                reason=request.reason[:30],
                transcript=[{"who": t.who, "text": t.text} for t in request.transcript],
                status=RequestStatus.OPEN.value,
                opened_at=now,
            )
        )

    async def get(self, number: int) -> HandoffRecord | None:
        row = (await self.session.execute(_select().where(_R.number == number))).first()
        return _request(row) if row else None

    async def latest_of(self, channel: str, user_id: str) -> HandoffRecord | None:
        """The citizen's most recent request, whatever its state."""
        row = (
            await self.session.execute(
                _select()
                .where(_R.channel == channel, _R.user_id == user_id)
                .order_by(_R.id.desc())
                .limit(1)
            )
        ).first()
        return _request(row) if row else None

    async def claim(self, number: int, claimer: str, now: dt.datetime) -> bool:
        """Claim an open request; False when someone else claimed it first."""
        result = await self.session.execute(
            update(_R)
            .where(_R.number == number, _R.status == RequestStatus.OPEN.value)
            .values(status=RequestStatus.CLAIMED.value, claimer=claimer[:60], claimed_at=now)
        )
        return result.rowcount == 1

    async def close(self, number: int, now: dt.datetime) -> bool:
        result = await self.session.execute(
            update(_R)
            .where(_R.number == number, _R.status.in_(_LIVE))
            .values(status=RequestStatus.CLOSED.value, closed_at=now)
        )
        return result.rowcount == 1

    async def reopen(self, number: int, now: dt.datetime) -> bool:
        """A closed request waits again (from now: its waiting time starts over)."""
        result = await self.session.execute(
            update(_R)
            .where(_R.number == number, _R.status == RequestStatus.CLOSED.value)
            .values(
                status=RequestStatus.OPEN.value,
                opened_at=now,
                claimer=None,
                claimed_at=None,
                escalated_at=None,
                closed_at=None,
            )
        )
        return result.rowcount == 1

    async def rate(self, number: int, rating: int) -> bool:
        result = await self.session.execute(
            update(_R)
            .where(_R.number == number, _R.status == RequestStatus.CLOSED.value)
            .values(rating=rating)
        )
        return result.rowcount == 1

    async def escalate(self, number: int, now: dt.datetime) -> bool:
        """Send a still-open request to the staff queue; False when claimed meanwhile or
        already escalated."""
        result = await self.session.execute(
            update(_R)
            .where(
                _R.number == number,
                _R.status == RequestStatus.OPEN.value,
                _R.escalated_at.is_(None),
            )
            .values(escalated_at=now)
        )
        return result.rowcount == 1

    async def release(self, claimer: str, now: dt.datetime | None = None) -> int:
        """Every request ``claimer`` holds goes back to waiting (the claimer left), from
        ``now`` (by default the current time): its waiting time starts over, so the
        periodic check gives others ``claim_timeout_s`` to take it before the staff
        queue. A request staff had already taken into their queue stays there."""
        result = await self.session.execute(
            update(_R)
            .where(_R.claimer == claimer, _R.status == RequestStatus.CLAIMED.value)
            .values(
                status=RequestStatus.OPEN.value,
                claimer=None,
                claimed_at=None,
                opened_at=now or dt.datetime.now(dt.UTC),
            )
        )
        return result.rowcount or 0

    async def overdue(self, opened_before: dt.datetime, limit: int = 100) -> list[HandoffRecord]:
        """Open requests nobody claimed since before ``opened_before``, not escalated."""
        rows = await self.session.execute(
            _select()
            .where(
                _R.status == RequestStatus.OPEN.value,
                _R.escalated_at.is_(None),
                _R.opened_at < opened_before,
            )
            .order_by(_R.id)
            .limit(limit)
        )
        return [_request(row) for row in rows]

    async def waiting_in(self, province_key: str, unit_key: str) -> list[HandoffRecord]:
        rows = await self.session.execute(
            _select()
            .where(
                _R.province_key == province_key,
                _R.unit_key == unit_key,
                _R.status == RequestStatus.OPEN.value,
            )
            .order_by(_R.id)
        )
        return [_request(row) for row in rows]

    async def held_by(self, claimer: str) -> list[HandoffRecord]:
        rows = await self.session.execute(
            _select()
            .where(_R.claimer == claimer, _R.status == RequestStatus.CLAIMED.value)
            .order_by(_R.id)
        )
        return [_request(row) for row in rows]

    async def listing(
        self,
        province_key: str | None = None,
        statuses: tuple[RequestStatus, ...] = tuple(RequestStatus),
        limit: int = 200,
    ) -> list[HandoffRecord]:
        """Requests (newest first) of one province, or every province when None."""
        query = (
            _select()
            .where(_R.status.in_([s.value for s in statuses]))
            .order_by(_R.id.desc())
            .limit(limit)
        )
        if province_key is not None:
            query = query.where(_R.province_key == province_key)
        return [_request(row) for row in await self.session.execute(query)]

    async def add_message(
        self, request_id: int, sender: Sender, author: str | None, text: str, now: dt.datetime
    ) -> None:
        await self.session.execute(
            _M.__table__.insert().values(
                request_id=request_id,
                sender=sender.value,
                author=author,
                text=text,
                created_at=now,
            )
        )

    async def messages(self, request_id: int) -> list[RelayedMessage]:
        rows = await self.session.execute(
            select(*_M.__table__.columns).where(_M.request_id == request_id).order_by(_M.id)
        )
        return [
            RelayedMessage(
                r.id, r.request_id, Sender(r.sender), r.author, r.text, aware_utc(r.created_at)
            )
            for r in rows
        ]

    async def ratings(self, province_key: str | None = None) -> dict[int, int]:
        """How many closed requests got each rating (1-5)."""
        query = select(_R.rating, func.count()).where(_R.rating.is_not(None)).group_by(_R.rating)
        if province_key is not None:
            query = query.where(_R.province_key == province_key)
        return {int(rating): int(count) for rating, count in await self.session.execute(query)}

    async def forget(self, channel: str, user_id: str) -> int:
        """Delete the citizen's requests and every message relayed in them."""
        ids = list(
            await self.session.scalars(
                select(_R.id).where(_R.channel == channel, _R.user_id == user_id)
            )
        )
        if not ids:
            return 0
        messages = await self.session.execute(delete(_M).where(_M.request_id.in_(ids)))
        requests = await self.session.execute(delete(_R).where(_R.id.in_(ids)))
        return (messages.rowcount or 0) + (requests.rowcount or 0)
