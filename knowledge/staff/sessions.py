"""Signed-in browsers, kept on the server.

The cookie carries a random 32-byte token; only its SHA-256 is stored, so a copy of the
database opens no session. Each session has its own CSRF token (the hidden form field).
A session ends when unused for ``idle_timeout_s``, ``absolute_timeout_s`` after sign-in,
at sign-out, and when its account is disabled.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from knowledge.staff.policy import DEFAULT_POLICY, Clock, StaffPolicy, utc_now
from knowledge.staff.roles import Role, StaffMember
from knowledge.storage.db import aware_utc
from knowledge.storage.models import StaffAccount, StaffSession

logger = logging.getLogger(__name__)

TOKEN_BYTES = 32
MAX_TOKEN_CHARS = 100


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


@dataclass(frozen=True)
class OpenedSession:
    """A new session: ``token`` goes in the cookie, and is nowhere stored."""

    token: str
    csrf_token: str
    staff: StaffMember


@dataclass(frozen=True)
class ActiveSession:
    staff: StaffMember
    csrf_token: str
    created_at: dt.datetime
    last_seen_at: dt.datetime
    # the province whose requests for a person the member sees (None: every province)
    province_key: str | None = None


@dataclass(frozen=True)
class Lookup:
    """What a cookie's token opens: ``active``, or None and why (``reason``: "unknown",
    "expired" — idle or too old —, "disabled")."""

    active: ActiveSession | None
    reason: str = "ok"


class StaffSessions:
    """The sessions of one database session (the caller commits)."""

    def __init__(
        self, session: AsyncSession, *, clock: Clock = utc_now, policy: StaffPolicy = DEFAULT_POLICY
    ) -> None:
        self.session = session
        self.clock = clock
        self.policy = policy

    async def open(self, staff: StaffMember) -> OpenedSession:
        """A session for ``staff`` who just signed in; their expired ones are dropped."""
        await self._purge(staff.id)
        token = secrets.token_urlsafe(TOKEN_BYTES)
        csrf = secrets.token_urlsafe(TOKEN_BYTES)
        now = self.clock()
        self.session.add(
            StaffSession(
                token_hash=token_hash(token),
                staff_id=staff.id,
                csrf_token=csrf,
                created_at=now,
                last_seen_at=now,
            )
        )
        await self.session.flush()
        return OpenedSession(token, csrf, staff)

    def _expired(self, row: StaffSession, now: dt.datetime) -> bool:
        idle = (now - aware_utc(row.last_seen_at)).total_seconds()
        age = (now - aware_utc(row.created_at)).total_seconds()
        return idle > self.policy.idle_timeout_s or age > self.policy.absolute_timeout_s

    async def load(self, token: str, *, touch: bool = True) -> Lookup:
        """The session ``token`` opens, its last use moved to now (``touch``)."""
        if not token or len(token) > MAX_TOKEN_CHARS:
            return Lookup(None, "unknown")
        query = (
            select(StaffSession, StaffAccount)
            .join(StaffAccount, StaffAccount.id == StaffSession.staff_id)
            .where(StaffSession.token_hash == token_hash(token))
            .execution_options(populate_existing=True)
        )
        found = (await self.session.execute(query)).one_or_none()
        if found is None:
            return Lookup(None, "unknown")
        row, account = found
        now = self.clock()
        if not account.active:
            await self.session.delete(row)
            return Lookup(None, "disabled")
        if self._expired(row, now):
            await self.session.delete(row)
            return Lookup(None, "expired")
        if touch:
            row.last_seen_at = now
        staff = StaffMember(account.id, account.username, Role.parse(account.role))
        active = ActiveSession(
            staff,
            row.csrf_token,
            aware_utc(row.created_at),
            aware_utc(row.last_seen_at),
            account.province_key,
        )
        return Lookup(active)

    async def close(self, token: str) -> None:
        """Sign-out: the session is gone."""
        await self.session.execute(
            delete(StaffSession).where(StaffSession.token_hash == token_hash(token))
        )

    async def close_all(self, staff_id: int) -> None:
        await self.session.execute(delete(StaffSession).where(StaffSession.staff_id == staff_id))

    async def _purge(self, staff_id: int | None = None) -> None:
        now = self.clock()
        idle_since = now - dt.timedelta(seconds=self.policy.idle_timeout_s)
        made_before = now - dt.timedelta(seconds=self.policy.absolute_timeout_s)
        statement = delete(StaffSession).where(
            or_(StaffSession.last_seen_at < idle_since, StaffSession.created_at < made_before)
        )
        if staff_id is not None:
            statement = statement.where(StaffSession.staff_id == staff_id)
        await self.session.execute(statement)

    async def purge_expired(self) -> None:
        """Drop every expired session (of anyone)."""
        await self._purge()
