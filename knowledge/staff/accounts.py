"""Staff accounts: create, list, disable, change a role, and sign in.

Every sign-in attempt is a ``staff_logins`` row (the address only as a keyed hash);
``lockout_failures`` wrong passwords in a row lock the account for ``lockout_s``.
Creating an account, disabling or enabling it and changing its role are audit events
(kind "staff"). Passwords are hashed in a worker thread: Argon2 is slow on purpose.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import hmac
import logging
import re
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from knowledge.staff.passwords import MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, Passwords
from knowledge.staff.policy import DEFAULT_POLICY, Clock, StaffPolicy, utc_now
from knowledge.staff.roles import Role, StaffMember
from knowledge.storage.db import aware_utc
from knowledge.storage.models import AuditEvent, StaffAccount, StaffLogin, StaffSession

logger = logging.getLogger(__name__)

USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{2,49}")
AUDIT_KIND = "staff"


class StaffError(ValueError):
    """A refused change; ``code`` names it for the Vietnamese text (texts.yml staff.errors):
    "username", "taken", "password_short", "unknown", "role"."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class StaffRecord:
    id: int
    username: str
    role: Role
    active: bool
    created_at: dt.datetime
    last_login_at: dt.datetime | None
    locked_until: dt.datetime | None
    # the province whose requests for a person the member sees (None: every province)
    province_key: str | None = None

    @property
    def member(self) -> StaffMember:
        return StaffMember(self.id, self.username, self.role)


@dataclass(frozen=True)
class LoginResult:
    """``outcome``: "ok", "bad_password", "unknown_user", "disabled" or "locked" (the
    account is locked now, by this attempt or earlier; ``locked_until`` says till when)."""

    outcome: str
    staff: StaffMember | None = None
    locked_until: dt.datetime | None = None

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"


def normalize_username(text: str) -> str:
    return text.strip().lower()


def check_username(text: str) -> str:
    username = normalize_username(text)
    if not USERNAME.fullmatch(username):
        raise StaffError("username", "a username is 3-50 characters: a-z, 0-9, '.', '-' or '_'")
    return username


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_CHARS:
        raise StaffError(
            "password_short", f"a password has at least {MIN_PASSWORD_CHARS} characters"
        )
    if len(password) > MAX_PASSWORD_CHARS:
        raise StaffError("password_long", f"a password has at most {MAX_PASSWORD_CHARS}")
    return password


def address_hash(address: str | None, key: bytes) -> str | None:
    """A keyed hash of a client's address (an unkeyed one of an IPv4 address is reversible)."""
    if not address:
        return None
    return hmac.new(key, address.encode("utf-8", "replace"), hashlib.sha256).hexdigest()


def _record(row: StaffAccount) -> StaffRecord:
    return StaffRecord(
        id=row.id,
        username=row.username,
        role=Role.parse(row.role),
        active=row.active,
        created_at=aware_utc(row.created_at),
        last_login_at=aware_utc(row.last_login_at),
        locked_until=aware_utc(row.locked_until),
        province_key=row.province_key,
    )


def _audit_view(row: StaffAccount) -> dict:
    view = {"username": row.username, "role": row.role, "active": row.active}
    if row.province_key:
        view["province_key"] = row.province_key
    return view


class StaffAccounts:
    """The staff accounts of one database session (the caller commits)."""

    def __init__(
        self,
        session: AsyncSession,
        *,
        clock: Clock = utc_now,
        policy: StaffPolicy = DEFAULT_POLICY,
        passwords: Passwords | None = None,
    ) -> None:
        self.session = session
        self.clock = clock
        self.policy = policy
        self.passwords = passwords or Passwords()

    # ---- reading ----

    async def _row(self, username: str) -> StaffAccount | None:
        query = (
            select(StaffAccount)
            .where(StaffAccount.username == normalize_username(username))
            .execution_options(populate_existing=True)
        )
        return (await self.session.execute(query)).scalar_one_or_none()

    async def get(self, username: str) -> StaffRecord | None:
        row = await self._row(username)
        return _record(row) if row is not None else None

    async def all(self) -> list[StaffRecord]:
        rows = await self.session.execute(select(StaffAccount).order_by(StaffAccount.username))
        return [_record(r) for r in rows.scalars()]

    async def count_admins(self) -> int:
        return len([r for r in await self.all() if r.active and r.role is Role.ADMIN])

    # ---- changing ----

    async def create(
        self,
        username: str,
        password: str,
        role: Role,
        actor: str,
        province_key: str | None = None,
    ) -> StaffRecord:
        """A new active account; ``province_key`` limits the requests for a person (and
        the volunteers) the member sees to one province (None: every province)."""
        username = check_username(username)
        check_password(password)
        if await self._row(username) is not None:
            raise StaffError("taken", f"there is already an account {username!r}")
        password_hash = await asyncio.to_thread(self.passwords.hash, password)
        row = StaffAccount(
            username=username,
            password_hash=password_hash,
            role=role.key,
            active=True,
            failed_logins=0,
            created_at=self.clock(),
            province_key=province_key,
        )
        self.session.add(row)
        await self.session.flush()
        self._audit(actor, "create", username, None, _audit_view(row))
        logger.info("staff account %s created (%s) by %s", username, role.key, actor)
        return _record(row)

    async def _existing(self, username: str) -> StaffAccount:
        row = await self._row(username)
        if row is None:
            raise StaffError("unknown", f"no account {normalize_username(username)!r}")
        return row

    async def set_active(self, username: str, active: bool, actor: str) -> StaffRecord:
        """Disable (the account's sessions end at once) or enable an account."""
        row = await self._existing(username)
        if row.active != active:
            before = _audit_view(row)
            row.active = active
            row.failed_logins = 0
            row.locked_until = None
            if not active:
                await self.session.execute(
                    delete(StaffSession).where(StaffSession.staff_id == row.id)
                )
            self._audit(
                actor, "enable" if active else "disable", row.username, before, _audit_view(row)
            )
            logger.info(
                "staff account %s %s by %s",
                row.username,
                "enabled" if active else "disabled",
                actor,
            )
        await self.session.flush()
        return _record(row)

    async def disable(self, username: str, actor: str) -> StaffRecord:
        return await self.set_active(username, False, actor)

    async def set_role(self, username: str, role: Role, actor: str) -> StaffRecord:
        row = await self._existing(username)
        if row.role != role.key:
            before = _audit_view(row)
            row.role = role.key
            self._audit(actor, "role", row.username, before, _audit_view(row))
            logger.info("staff account %s is now %s (by %s)", row.username, role.key, actor)
        await self.session.flush()
        return _record(row)

    def _audit(
        self, actor: str, action: str, username: str, before: dict | None, after: dict | None
    ) -> None:
        self.session.add(
            AuditEvent(
                at=self.clock(),
                actor=actor,
                action=action,
                kind=AUDIT_KIND,
                item_key=username,
                before=before,
                after=after,
            )
        )

    # ---- signing in ----

    async def authenticate(
        self, username: str, password: str, address_hash: str | None = None
    ) -> LoginResult:
        """Check a sign-in attempt and record it; the caller commits (also on failure)."""
        name = normalize_username(username)[:50]
        row = await self._row(name)
        now = self.clock()
        if row is None or not row.active:
            await asyncio.to_thread(self.passwords.waste_time, password)
            outcome = "unknown_user" if row is None else "disabled"
            return self._attempt(name, row, outcome, address_hash, LoginResult(outcome))
        locked_until = aware_utc(row.locked_until)
        if locked_until is not None and locked_until > now:
            result = LoginResult("locked", locked_until=locked_until)
            return self._attempt(name, row, "locked", address_hash, result)
        if not await asyncio.to_thread(self.passwords.verify, row.password_hash, password):
            return await self._failed(name, row, address_hash, now)
        if self.passwords.needs_rehash(row.password_hash):
            row.password_hash = await asyncio.to_thread(self.passwords.hash, password)
        row.failed_logins = 0
        row.locked_until = None
        row.last_login_at = now
        result = LoginResult("ok", staff=_record(row).member)
        return self._attempt(name, row, "ok", address_hash, result)

    async def _failed(
        self, name: str, row: StaffAccount, address_hash: str | None, now: dt.datetime
    ) -> LoginResult:
        # One statement, so two wrong passwords at once both count.
        failures = (
            await self.session.execute(
                update(StaffAccount)
                .where(StaffAccount.id == row.id)
                .values(failed_logins=StaffAccount.failed_logins + 1)
                .returning(StaffAccount.failed_logins)
            )
        ).scalar_one()
        result = LoginResult("bad_password")
        if failures >= self.policy.lockout_failures:
            until = now + dt.timedelta(seconds=self.policy.lockout_s)
            await self.session.execute(
                update(StaffAccount)
                .where(StaffAccount.id == row.id)
                .values(failed_logins=0, locked_until=until)
            )
            logger.warning(
                "staff account %s locked after %d wrong passwords", row.username, failures
            )
            result = LoginResult("locked", locked_until=until)
        return self._attempt(name, row, "bad_password", address_hash, result)

    def _attempt(
        self,
        name: str,
        row: StaffAccount | None,
        outcome: str,
        address_hash: str | None,
        result: LoginResult,
    ) -> LoginResult:
        self.session.add(
            StaffLogin(
                at=self.clock(),
                username=name,
                staff_id=row.id if row is not None else None,
                outcome=outcome,
                address_hash=address_hash,
            )
        )
        if outcome != "ok":
            logger.info("staff sign-in refused (%s)", outcome)
        return result

    async def logins(self, limit: int = 100) -> list[StaffLogin]:
        """The latest sign-in attempts, newest first."""
        query = select(StaffLogin).order_by(StaffLogin.id.desc()).limit(limit)
        return list((await self.session.execute(query)).scalars())
