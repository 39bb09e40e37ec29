"""A request given back by its volunteer waits afresh in the real databases (SQLite, then
PostgreSQL): the periodic check does not send it to staff at once."""

from __future__ import annotations

import datetime as dt

from knowledge.handoff.records import RequestStatus
from knowledge.handoff.repository import HandoffRepository
from knowledge.storage.unit_of_work import SqlUnitOfWork
from tests.test_people_storage import NOW, open_request

CLAIM_TIMEOUT = dt.timedelta(minutes=10)


async def test_a_request_given_back_waits_from_the_moment_it_was_given_back(db):
    number = await open_request(db)  # at NOW
    async with SqlUnitOfWork(db) as uow:
        uow.handoffs.claim(number, "v:7", NOW)
        await uow.commit()
    given_back = NOW + dt.timedelta(minutes=30)
    async with db.session() as session:
        assert await HandoffRepository(session).release("v:7", given_back) == 1

    async with SqlUnitOfWork(db) as uow:
        request = await uow.handoffs.get(number)
        assert (request.status, request.claimer) == (RequestStatus.OPEN, None)
        assert request.opened_at == given_back
        # (when the periodic check runs, requests sent to staff)
        for check_at, overdue in [(given_back, []), (given_back + 2 * CLAIM_TIMEOUT, [number])]:
            found = await uow.handoffs.overdue(check_at - CLAIM_TIMEOUT)
            assert [r.number for r in found] == overdue
