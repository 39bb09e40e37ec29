"""Volunteers and requests for a person in the real databases (SQLite, then PostgreSQL):
the unit of work writes them at its commit, and of two claims of one request -- or two
uses of one invitation -- exactly one wins; "delete my data" takes the requests and
everything relayed in them."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from knowledge.handoff.records import NewRequest, RequestStatus, Sender, TranscriptLine
from knowledge.handoff.repository import HandoffRepository
from knowledge.storage.db import Database
from knowledge.storage.people import ConflictingWrite
from knowledge.storage.unit_of_work import SqlUnitOfWork
from knowledge.volunteers.records import InviteProblem, VolunteerStatus, new_token

NOW = dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.UTC)
PROVINCE, UNIT = "ho_chi_minh", "phuong_ben_thanh"


async def invite(db: Database) -> str:
    token = new_token()
    async with SqlUnitOfWork(db) as uow:
        uow.volunteers.add_invite(token, PROVINCE, UNIT, "test", NOW)
        await uow.commit()
    return token


async def join(db: Database, user_id: str, token: str) -> None:
    async with SqlUnitOfWork(db) as uow:
        found = await uow.volunteers.invite(token)
        uow.volunteers.join(found.id, "telegram", user_id, user_id, PROVINCE, UNIT, NOW)
        await uow.commit()


async def open_request(db: Database, user_id: str = "900") -> int:
    request = NewRequest(
        "telegram",
        user_id,
        user_id,
        PROVINCE,
        UNIT,
        "button",
        (TranscriptLine("citizen", "làm căn cước cho con"),),
    )
    async with SqlUnitOfWork(db) as uow:
        uow.handoffs.open(request, NOW)
        await uow.commit()
    return request.number


async def test_an_invitation_makes_a_volunteer_once(db):
    token = await invite(db)
    async with SqlUnitOfWork(db) as uow:
        stored = await uow.volunteers.invite(token)
    assert (stored.province_key, stored.unit_key, stored.problem(NOW)) == (PROVINCE, UNIT, None)
    assert stored.problem(NOW + dt.timedelta(days=7)) == InviteProblem.EXPIRED

    results = await asyncio.gather(
        join(db, "501", token), join(db, "502", token), return_exceptions=True
    )
    assert sum(r is None for r in results) == 1  # one account joined...
    assert [type(r) for r in results if r is not None] == [ConflictingWrite]  # ...one lost
    async with SqlUnitOfWork(db) as uow:
        used = await uow.volunteers.invite(token)
        members = [await uow.volunteers.by_user("telegram", u) for u in ("501", "502")]
    assert used.problem(NOW) == InviteProblem.USED
    assert sum(m is not None for m in members) == 1


async def test_two_claims_of_one_request_leave_one_claimer(db):
    number = await open_request(db)

    async def claim(claimer: str) -> None:
        async with SqlUnitOfWork(db) as uow:
            uow.handoffs.claim(number, claimer, NOW)
            await uow.commit()

    results = await asyncio.gather(claim("v:1"), claim("v:2"), return_exceptions=True)
    assert sorted(type(r).__name__ for r in results) == ["ConflictingWrite", "NoneType"]
    async with SqlUnitOfWork(db) as uow:
        request = await uow.handoffs.get(number)
    assert request.status == RequestStatus.CLAIMED
    assert request.claimer in ("v:1", "v:2")
    assert request.transcript == (TranscriptLine("citizen", "làm căn cước cho con"),)


async def test_a_suspended_volunteer_gives_back_the_requests_they_held(db):
    await join(db, "601", await invite(db))
    number = await open_request(db)
    async with SqlUnitOfWork(db) as uow:
        volunteer = await uow.volunteers.by_user("telegram", "601")
        assert [v.id for v in await uow.volunteers.on_duty(PROVINCE, UNIT)] == [volunteer.id]
        uow.handoffs.claim(number, volunteer.ref, NOW)
        await uow.commit()
    async with SqlUnitOfWork(db) as uow:
        uow.volunteers.set_status(volunteer.id, VolunteerStatus.SUSPENDED, NOW)
        await uow.commit()
    async with SqlUnitOfWork(db) as uow:
        request = await uow.handoffs.get(number)
        assert await uow.volunteers.on_duty(PROVINCE, UNIT) == []
        assert (await uow.volunteers.get(volunteer.id)).status == VolunteerStatus.SUSPENDED
    assert (request.status, request.claimer) == (RequestStatus.OPEN, None)


async def test_overdue_requests_are_escalated_once(db):
    number = await open_request(db)
    later = NOW + dt.timedelta(minutes=11)
    async with SqlUnitOfWork(db) as uow:
        [overdue] = await uow.handoffs.overdue(later - dt.timedelta(minutes=10))
        assert overdue.number == number
        uow.handoffs.escalate(number, later)
        await uow.commit()
    with pytest.raises(ConflictingWrite):
        async with SqlUnitOfWork(db) as uow:
            uow.handoffs.escalate(number, later)
            await uow.commit()
    async with SqlUnitOfWork(db) as uow:
        assert await uow.handoffs.overdue(later) == []


async def test_deleting_a_citizens_data_removes_requests_and_relayed_messages(db):
    number = await open_request(db, "950")
    async with SqlUnitOfWork(db) as uow:
        request = await uow.handoffs.get(number)
        uow.handoffs.relay(request.id, Sender.CITIZEN, None, "CCCD [số]", NOW)
        uow.handoffs.relay(request.id, Sender.VOLUNTEER, "v:1", "Dạ, em nghe", NOW)
        await uow.commit()
    async with SqlUnitOfWork(db) as uow:
        assert len(await uow.handoffs.messages(request.id)) == 2
        uow.delete_user_data("telegram", "950")
        removed = await uow.commit()
    assert removed >= 3
    async with db.session() as session:
        repo = HandoffRepository(session)
        assert await repo.get(number) is None
        assert await repo.messages(request.id) == []
