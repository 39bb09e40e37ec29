"""The staff accounts repository, on SQLite and PostgreSQL: accounts, sign-in attempts,
lock-out, rehashing, audit events, and sessions that end when idle, old or disabled."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from knowledge.staff.accounts import StaffAccounts, StaffError
from knowledge.staff.policy import StaffPolicy
from knowledge.staff.roles import Role
from knowledge.staff.sessions import StaffSessions
from knowledge.storage.db import Database
from knowledge.storage.models import AuditEvent, StaffAccount, StaffSession
from tests.conftest import STAFF_PASSWORD

MINUTE = 60


class DateClock:
    def __init__(self) -> None:
        self.now = dt.datetime(2025, 7, 1, 8, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


POLICY = StaffPolicy(
    idle_timeout_s=30 * MINUTE, absolute_timeout_s=12 * 3600, lockout_failures=3, lockout_s=600
)


@pytest.fixture
async def staff_db(any_database):
    db = Database(any_database)
    yield db
    await db.close()


async def test_accounts_sign_in_lock_and_audit_on_both_databases(staff_db, cheap_passwords):
    clock = DateClock()

    def accounts(session):
        return StaffAccounts(session, clock=clock, policy=POLICY, passwords=cheap_passwords)

    async with staff_db.session() as s:
        made = await accounts(s).create("Lan", STAFF_PASSWORD, Role.EDITOR, "cli")
    assert (made.username, made.role, made.active) == ("lan", Role.EDITOR, True)
    with pytest.raises(StaffError) as taken:
        async with staff_db.session() as s:
            await accounts(s).create("lan", STAFF_PASSWORD, Role.ADMIN, "cli")
    assert taken.value.code == "taken"
    for bad, code in (("x", "username"), ("lan an", "username")):
        with pytest.raises(StaffError) as refused:
            async with staff_db.session() as s:
                await accounts(s).create(bad, STAFF_PASSWORD, Role.ADMIN, "cli")
        assert refused.value.code == code
    with pytest.raises(StaffError, match="at least 10"):
        async with staff_db.session() as s:
            await accounts(s).create("minh", "short", Role.ADMIN, "cli")

    async with staff_db.session() as s:
        outcomes = [
            (await accounts(s).authenticate("lan", "wrong-wrong", "h")).outcome for _ in range(3)
        ]
        still = await accounts(s).authenticate("lan", STAFF_PASSWORD, "h")
    assert outcomes == ["bad_password", "bad_password", "locked"]
    assert still.outcome == "locked" and still.locked_until == clock.now + dt.timedelta(minutes=10)
    clock.advance(minutes=10, seconds=1)
    async with staff_db.session() as s:
        ok = await accounts(s).authenticate("lan", STAFF_PASSWORD, "h")
        record = await accounts(s).get("lan")
    assert ok.ok and ok.staff.username == "lan" and ok.staff.role is Role.EDITOR
    assert record.last_login_at == clock.now and record.locked_until is None

    async with staff_db.session() as s:
        await accounts(s).set_role("lan", Role.ADMIN, "cli")
        await accounts(s).disable("lan", "cli")
        refused = await accounts(s).authenticate("lan", STAFF_PASSWORD, None)
        listed = await accounts(s).all()
        logins = [r.outcome for r in await accounts(s).logins()]
        events = (await s.execute(select(AuditEvent).order_by(AuditEvent.id))).scalars()
        audit = [(e.actor, e.action, e.item_key, e.before, e.after) for e in events]
    assert refused.outcome == "disabled"
    assert [(r.username, r.role, r.active) for r in listed] == [("lan", Role.ADMIN, False)]
    assert logins == ["disabled", "ok", "locked", "bad_password", "bad_password", "bad_password"]
    assert audit == [
        ("cli", "create", "lan", None, {"username": "lan", "role": "editor", "active": True}),
        (
            "cli",
            "role",
            "lan",
            {"username": "lan", "role": "editor", "active": True},
            {"username": "lan", "role": "admin", "active": True},
        ),
        (
            "cli",
            "disable",
            "lan",
            {"username": "lan", "role": "admin", "active": True},
            {"username": "lan", "role": "admin", "active": False},
        ),
    ]
    assert all("password" not in str(a) for a in audit)


async def test_a_hash_made_with_older_parameters_is_renewed_at_sign_in(staff_db, cheap_passwords):
    from argon2 import PasswordHasher

    from knowledge.staff.passwords import Passwords

    clock = DateClock()
    older = Passwords(PasswordHasher(time_cost=1, memory_cost=512, parallelism=1))
    async with staff_db.session() as s:
        await StaffAccounts(s, clock=clock, passwords=older).create(
            "lan", STAFF_PASSWORD, Role.VIEWER, "cli"
        )
    async with staff_db.session() as s:
        accounts = StaffAccounts(s, clock=clock, passwords=cheap_passwords)
        assert (await accounts.authenticate("lan", STAFF_PASSWORD)).ok
    async with staff_db.session() as s:
        stored = (await s.execute(select(StaffAccount.password_hash))).scalar_one()
    assert "m=1024" in stored and not cheap_passwords.needs_rehash(stored)


async def test_sessions_keep_only_a_hash_and_end_when_idle_or_old(staff_db, cheap_passwords):
    clock = DateClock()
    async with staff_db.session() as s:
        record = await StaffAccounts(s, clock=clock, passwords=cheap_passwords).create(
            "lan", STAFF_PASSWORD, Role.ADMIN, "cli"
        )
        opened = await StaffSessions(s, clock=clock, policy=POLICY).open(record.member)
    async with staff_db.session() as s:
        stored = (await s.execute(select(StaffSession))).scalar_one()
    assert opened.token not in (stored.token_hash, stored.csrf_token)
    assert stored.csrf_token == opened.csrf_token

    async def load(token=opened.token):
        async with staff_db.session() as s:
            return await StaffSessions(s, clock=clock, policy=POLICY).load(token)

    clock.advance(minutes=29)
    found = await load()
    assert found.active.staff == record.member and found.active.csrf_token == opened.csrf_token
    assert (await load("not-a-token")).reason == "unknown"
    clock.advance(minutes=31)
    assert (await load()).reason == "expired"
    assert (await load()).reason == "unknown"  # an expired session is deleted

    async with staff_db.session() as s:
        second = await StaffSessions(s, clock=clock, policy=POLICY).open(record.member)
    async with staff_db.session() as s:
        await StaffAccounts(s, clock=clock, passwords=cheap_passwords).disable("lan", "cli")
    assert (await load(second.token)).reason == "unknown"  # disabling closed it
