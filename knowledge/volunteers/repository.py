"""Volunteers and invitations in the database; the caller owns the transaction."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from knowledge.handoff.repository import HandoffRepository
from knowledge.storage import models
from knowledge.storage.db import aware_utc
from knowledge.volunteers.records import (
    INVITE_DAYS,
    InviteRecord,
    NewInvite,
    VolunteerRecord,
    VolunteerStatus,
    new_token,
    token_hash,
)

Session = AsyncSession | AsyncConnection
_V = models.Volunteer
_I = models.VolunteerInvite


def _volunteer(row) -> VolunteerRecord:
    return VolunteerRecord(
        id=row.id,
        channel=row.channel,
        user_id=row.user_id,
        chat_id=row.chat_id,
        province_key=row.province_key,
        unit_key=row.unit_key,
        status=VolunteerStatus(row.status),
        on_duty=bool(row.on_duty),
        joined_at=aware_utc(row.joined_at),
    )


def _invite(row) -> InviteRecord:
    return InviteRecord(
        id=row.id,
        province_key=row.province_key,
        unit_key=row.unit_key,
        created_by=row.created_by,
        created_at=aware_utc(row.created_at),
        expires_at=aware_utc(row.expires_at),
        used_at=aware_utc(row.used_at),
    )


class VolunteerRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # ---- invitations ------------------------------------------------------------------

    async def create_invite(
        self, province_key: str, unit_key: str, created_by: str, now: dt.datetime
    ) -> NewInvite:
        token = new_token()
        expires = await self.store_invite(
            token_hash(token), province_key, unit_key, created_by, now
        )
        return NewInvite(token, province_key, unit_key, expires)

    async def store_invite(
        self, hashed: str, province_key: str, unit_key: str, created_by: str, now: dt.datetime
    ) -> dt.datetime:
        """Store an invitation by its token's hash; returns when it expires."""
        expires = now + dt.timedelta(days=INVITE_DAYS)
        await self.session.execute(
            _I.__table__.insert().values(
                token_hash=hashed,
                province_key=province_key,
                unit_key=unit_key,
                created_by=created_by[:50],
                created_at=now,
                expires_at=expires,
            )
        )
        return expires

    async def invite(self, token: str) -> InviteRecord | None:
        row = (
            await self.session.execute(
                select(*_I.__table__.columns).where(_I.token_hash == token_hash(token))
            )
        ).first()
        return _invite(row) if row else None

    async def use_invite(self, invite_id: int, volunteer_id: int, now: dt.datetime) -> bool:
        """Mark the invitation used; False when another account used it first."""
        result = await self.session.execute(
            update(_I)
            .where(_I.id == invite_id, _I.used_at.is_(None))
            .values(used_at=now, volunteer_id=volunteer_id)
        )
        return result.rowcount == 1

    async def invites(self, limit: int = 100) -> list[InviteRecord]:
        rows = await self.session.execute(
            select(*_I.__table__.columns).order_by(_I.id.desc()).limit(limit)
        )
        return [_invite(row) for row in rows]

    # ---- volunteers ---------------------------------------------------------------------

    async def by_user(self, channel: str, user_id: str) -> VolunteerRecord | None:
        row = (
            await self.session.execute(
                select(*_V.__table__.columns).where(_V.channel == channel, _V.user_id == user_id)
            )
        ).first()
        return _volunteer(row) if row else None

    async def get(self, volunteer_id: int) -> VolunteerRecord | None:
        row = (
            await self.session.execute(select(*_V.__table__.columns).where(_V.id == volunteer_id))
        ).first()
        return _volunteer(row) if row else None

    async def register(
        self,
        channel: str,
        user_id: str,
        chat_id: str,
        province_key: str,
        unit_key: str,
        now: dt.datetime,
    ) -> int:
        """Make the account an active volunteer of the unit (again, if it was one);
        returns the volunteer's id."""
        existing = await self.by_user(channel, user_id)
        values = dict(
            chat_id=chat_id,
            province_key=province_key,
            unit_key=unit_key,
            status=VolunteerStatus.ACTIVE.value,
            on_duty=True,
            changed_at=now,
        )
        if existing is not None:
            await self.session.execute(update(_V).where(_V.id == existing.id).values(**values))
            return existing.id
        result = await self.session.execute(
            _V.__table__.insert().values(channel=channel, user_id=user_id, joined_at=now, **values)
        )
        return result.inserted_primary_key[0]

    async def set_duty(self, volunteer_id: int, on_duty: bool, now: dt.datetime) -> None:
        await self.session.execute(
            update(_V).where(_V.id == volunteer_id).values(on_duty=on_duty, changed_at=now)
        )

    async def set_status(
        self, volunteer_id: int, status: VolunteerStatus, now: dt.datetime
    ) -> bool:
        """Suspend, remove or reinstate; a volunteer who stops being active gives back the
        requests they held (open again, for someone else, waiting from ``now``). False: no
        such volunteer."""
        result = await self.session.execute(
            update(_V)
            .where(_V.id == volunteer_id)
            .values(status=status.value, on_duty=status == VolunteerStatus.ACTIVE, changed_at=now)
        )
        if status != VolunteerStatus.ACTIVE:
            await HandoffRepository(self.session).release(f"v:{volunteer_id}", now)
        return result.rowcount == 1

    async def on_duty(self, province_key: str, unit_key: str) -> list[VolunteerRecord]:
        rows = await self.session.execute(
            select(*_V.__table__.columns)
            .where(
                _V.province_key == province_key,
                _V.unit_key == unit_key,
                _V.status == VolunteerStatus.ACTIVE.value,
                _V.on_duty.is_(True),
            )
            .order_by(_V.id)
        )
        return [_volunteer(row) for row in rows]

    async def all(self, province_key: str | None = None) -> list[VolunteerRecord]:
        query = select(*_V.__table__.columns).order_by(_V.province_key, _V.unit_key, _V.id)
        if province_key is not None:
            query = query.where(_V.province_key == province_key)
        return [_volunteer(row) for row in await self.session.execute(query)]

    async def forget(self, channel: str, user_id: str, now: dt.datetime | None = None) -> int:
        """The account stops being a volunteer and its row goes ("delete my data"); the
        requests it held wait afresh from ``now`` (the bot's clock; by default the
        current time), as when staff suspend a volunteer."""
        volunteer = await self.by_user(channel, user_id)
        if volunteer is None:
            return 0
        await HandoffRepository(self.session).release(volunteer.ref, now)
        await self.session.execute(
            update(_I).where(_I.volunteer_id == volunteer.id).values(volunteer_id=None)
        )
        result = await self.session.execute(delete(_V).where(_V.id == volunteer.id))
        return result.rowcount or 0
