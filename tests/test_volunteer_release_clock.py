"""A volunteer suspended by staff gives back the requests they held; each waits afresh
from the time of the suspension as the bot's clock tells it (a test's fake clock here),
not from the machine's, so the unit's other volunteers get their full time to take it
before it goes to the staff queue -- on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt

from knowledge.handoff.records import RequestStatus
from knowledge.storage.unit_of_work import SqlUnitOfWork
from knowledge.volunteers.records import VolunteerStatus
from tests.fakes import ManualClock
from tests.test_people_storage import NOW, invite, join, open_request

CLAIM_TIMEOUT = dt.timedelta(minutes=10)  # how long a request waits for a volunteer


async def test_a_request_given_back_waits_from_the_clocks_time(db):
    clock = ManualClock(NOW)
    await join(db, "611", await invite(db))
    number = await open_request(db)
    async with SqlUnitOfWork(db) as uow:
        volunteer = await uow.volunteers.by_user("telegram", "611")
        uow.handoffs.claim(number, volunteer.ref, clock())
        await uow.commit()

    clock.advance(hours=3)  # the volunteer helped for three hours, then staff suspend them
    async with SqlUnitOfWork(db) as uow:
        uow.volunteers.set_status(volunteer.id, VolunteerStatus.SUSPENDED, clock())
        await uow.commit()

    def checked(after: dt.timedelta) -> dt.datetime:
        """The periodic check's cutoff ``after`` the suspension."""
        return clock() + after - CLAIM_TIMEOUT

    async with SqlUnitOfWork(db) as uow:
        request = await uow.handoffs.get(number)
        a_minute_later = await uow.handoffs.overdue(checked(dt.timedelta(minutes=1)))
        past_the_timeout = await uow.handoffs.overdue(checked(dt.timedelta(minutes=11)))
    assert (request.status, request.claimer, request.opened_at) == (
        RequestStatus.OPEN,
        None,
        clock(),
    )
    assert a_minute_later == []  # not to the staff queue at once
    assert [r.number for r in past_the_timeout] == [number]
