"""The web chat's messages handed out stay readable in the database a while, so that any
serving process can hand them out again to a page that reconnects (SQLite and
PostgreSQL): after the outbox id the page handled, in the order they were decided, and
then they go (the periodic housekeeping)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update

from bot.serve import housekeeping
from knowledge.dossiers.registry import LocalRegistry
from knowledge.dossiers.web_outbox import KEEP, KEPT_MAX, prune_web
from knowledge.storage import models

LAN = "web-lan"


def texts(look) -> list[str]:
    return [handed.body["text"] for handed in look.handed]


async def test_a_reconnecting_page_gets_what_came_after_the_last_message_it_handled(db):
    registry = LocalRegistry(db)
    opened = await registry.look_web(LAN)  # a stream opens: nothing yet
    assert (opened.start.id, opened.handed) == (0, ())
    for text in ("Một", "Hai", "Ba"):
        await registry.push_web(LAN, text)
    first = await registry.look_web(LAN, opened.start)
    assert (first.took, texts(first)) == (3, ["Một", "Hai", "Ba"])
    one, two, three = first.handed
    # taken once: a second look takes nothing, and a page that handled "Một" gets the rest
    assert (await registry.look_web(LAN, one.id)).took == 0
    assert texts(await registry.look_web(LAN, one.id)) == ["Hai", "Ba"]
    assert texts(await registry.look_web(LAN, three.id)) == []
    # a new stream starts after what was handed out before it
    later = await registry.look_web(LAN)
    assert (later.start.id, later.handed) == (three.id, ())
    assert texts(await registry.look_web("web-minh", 0)) == []  # only one's own messages


async def test_a_message_decided_earlier_but_committed_later_still_comes_after(db):
    """Two transactions queue a message each for Lan; the later-numbered one commits
    first and is handed out before the other commits. A page that handled it gets the
    other one on reconnecting, though its outbox id is lower."""
    registry = LocalRegistry(db)
    await registry.push_web(LAN, "Quyết định trước")
    await registry.push_web(LAN, "Quyết định sau")
    table = models.OutboxMessage
    async with db.session() as session:  # as if the later one was handed out alone, before
        later_id = await session.scalar(select(func.max(table.id)))
        await session.execute(
            update(table)
            .where(table.id == later_id)
            .values(status="sent", sent_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
        )
    again = await registry.look_web(LAN, later_id)
    assert (again.took, texts(again)) == (1, ["Quyết định trước"])


async def test_at_most_the_newest_fifty_are_handed_out_again(db):
    registry = LocalRegistry(db)
    for n in range(KEPT_MAX + 5):
        await registry.push_web(LAN, f"Tin {n}")
    look = await registry.look_web(LAN, 0)
    assert texts(look) == [f"Tin {n}" for n in range(5, KEPT_MAX + 5)]


async def test_messages_handed_out_are_forgotten_after_fifteen_minutes(db):
    registry = LocalRegistry(db)
    await registry.push_web(LAN, "Đã gửi")
    await registry.look_web(LAN)
    await registry.push_web(LAN, "Chưa gửi")
    async with db.session() as session:
        assert await prune_web(session, dt.datetime.now(dt.UTC)) == 0  # still kept
        assert await prune_web(session, dt.datetime.now(dt.UTC) + KEEP) == 1
    assert await registry.web_waiting(LAN) == 1  # what waits is never pruned
    assert texts(await registry.look_web(LAN, 0)) == ["Chưa gửi"]


async def test_the_marks_tell_which_streams_have_something_to_look_at(db):
    registry = LocalRegistry(db)
    await registry.push_web(LAN, "Một")
    assert set(await registry.web_marks([LAN, "web-minh"])) == {LAN}
    waiting = (await registry.web_marks([LAN]))[LAN]
    assert waiting.waiting and waiting.last_id == 0
    # a stream elsewhere took it: a stream here that has not sent it has something to do
    look = await registry.look_web(LAN)
    handed = (await registry.web_marks([LAN]))[LAN]
    assert not handed.waiting and handed.last_id == look.handed[0].id
    assert handed.beyond(look.start)
    assert not handed.beyond(look.start.past(look.handed[0]))


async def test_the_periodic_housekeeping_forgets_what_was_handed_out_long_ago(services):
    registry = services.registry
    await registry.push_web(LAN, "Từ lâu")
    await registry.look_web(LAN)
    table = models.OutboxMessage
    async with services.db.session() as session:  # handed out 16 minutes ago
        await session.execute(
            update(table)
            .where(table.recipient == LAN)
            .values(sent_at=dt.datetime.now(dt.UTC) - KEEP - dt.timedelta(minutes=1))
        )
    await registry.push_web(LAN, "Mới")
    await registry.look_web(LAN)
    await housekeeping(services)
    async with services.db.session() as session:
        left = await session.scalars(select(table.body).where(table.recipient == LAN))
        assert [body["text"] for body in left] == ["Mới"]
