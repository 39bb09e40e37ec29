"""A volunteer who stops helping -- suspended by staff, or deleting their own data
("xóa dữ liệu của tôi") -- gives back the requests they held; each waits afresh from
that moment as the bot's clock tells it (a test's fake clock here), not from the
machine's, so the unit's other volunteers get their full time to take it before it goes
to the staff queue -- on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.handoff.records import RequestStatus
from knowledge.storage.unit_of_work import SqlUnitOfWork
from knowledge.volunteers.records import VolunteerRecord, VolunteerStatus
from tests.fakes import ManualClock
from tests.test_people_storage import NOW, invite, join, open_request

CLAIM_TIMEOUT = dt.timedelta(minutes=10)  # how long a request waits for a volunteer


def suspended_by_staff(uow: SqlUnitOfWork, volunteer: VolunteerRecord, now: dt.datetime) -> None:
    uow.volunteers.set_status(volunteer.id, VolunteerStatus.SUSPENDED, now)


def deleted_their_data(uow: SqlUnitOfWork, volunteer: VolunteerRecord, now: dt.datetime) -> None:
    uow.delete_user_data(volunteer.channel, volunteer.user_id)  # the time is the uow's clock


@pytest.mark.parametrize(
    "leaves", [suspended_by_staff, deleted_their_data], ids=["suspended", "deleted their data"]
)
async def test_a_request_given_back_waits_from_the_clocks_time(db, leaves):
    clock = ManualClock(NOW)
    await join(db, "611", await invite(db))
    number = await open_request(db)
    async with SqlUnitOfWork(db, clock=clock) as uow:
        volunteer = await uow.volunteers.by_user("telegram", "611")
        uow.handoffs.claim(number, volunteer.ref, clock())
        await uow.commit()

    clock.advance(hours=3)  # the volunteer helped for three hours, then stops
    async with SqlUnitOfWork(db, clock=clock) as uow:
        leaves(uow, volunteer, clock())
        await uow.commit()

    def checked(after: dt.timedelta) -> dt.datetime:
        """The periodic check's cutoff ``after`` the volunteer stopped."""
        return clock() + after - CLAIM_TIMEOUT

    async with SqlUnitOfWork(db, clock=clock) as uow:
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
