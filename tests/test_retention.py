"""Rows useful only a while are deleted once past their retention, and nothing before
(SQLite, then PostgreSQL; the clock is the test's): sent Telegram messages after a week,
web chat messages nobody took after a month, handled update ids after three days. A
message still to be sent on Telegram stays whatever its age, and an update delivered
again within the window is still refused."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text, update

from bot.config import ConfigError, load_config, parse_config
from bot.serve import housekeeping_job
from knowledge.storage import models
from knowledge.storage.outbox import OutboxRepository, OutgoingMessage
from knowledge.storage.processed import DuplicateTurn, mark_processed
from knowledge.storage.retention import Forgotten, Retention, forget_expired
from tests.conftest import ROOT

NOW = dt.datetime(2026, 12, 3, 6, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)
POLICY = Retention(
    processed_inputs=3 * DAY, finished_messages=7 * DAY, waiting=(("web", 30 * DAY),)
)
_T = models.OutboxMessage


def ago(days: float) -> dt.datetime:
    return NOW - dt.timedelta(days=days)


async def queue(db, key: str, channel: str, at: dt.datetime, status: str = "pending") -> None:
    """A message decided at ``at`` and, for ``status``, sent, given up or claimed then."""
    async with db.session() as session:
        outbox = OutboxRepository(session)
        await outbox.add(OutgoingMessage(key, channel, f"chat-{key}", {"text": key}), now=at)
        message_id = await session.scalar(select(_T.id).where(_T.key == key))
        if status == "sent":
            await outbox.sent(message_id, at)
        elif status == "failed":
            await outbox.failed(message_id, "Forbidden: bot was blocked by the user")
        elif status == "sending":  # claimed by a worker that went away
            await session.execute(
                update(_T)
                .where(_T.id == message_id)
                .values(status="sending", claimed_by="worker-gone", not_before=at)
            )


async def keys_left(db) -> set[str]:
    async with db.session() as session:
        return set(await session.scalars(select(_T.key)))


async def handled(db, update_id: str, at: dt.datetime) -> None:
    async with db.session() as session:
        await mark_processed(session, f"telegram:{update_id}", at)


async def test_messages_sent_or_given_up_go_after_a_week_and_unsent_ones_stay(db):
    story = [  # (key, channel, when, what became of it, kept?)
        ("sent 8 days ago", "telegram", ago(8), "sent", False),
        ("sent 6 days ago", "telegram", ago(6), "sent", True),
        ("given up 8 days ago", "telegram", ago(8), "failed", False),
        ("given up yesterday", "telegram", ago(1), "failed", True),
        ("waiting 60 days for Telegram", "telegram", ago(60), "pending", True),
        ("claimed 60 days ago", "telegram", ago(60), "sending", True),
        ("web, nobody took it in 31 days", "web", ago(31), "pending", False),
        ("web, nobody took it in 29 days", "web", ago(29), "pending", True),
        ("web, taken 8 days ago", "web", ago(8), "sent", False),
    ]
    for key, channel, at, status, _ in story:
        await queue(db, key, channel, at, status)

    forgotten = await forget_expired(db, NOW, POLICY)

    assert await keys_left(db) == {key for key, *_, kept in story if kept}
    assert forgotten == Forgotten(finished_messages=3, waiting_messages=1)
    assert await forget_expired(db, NOW, POLICY) == Forgotten()  # nothing more to do


async def test_a_redelivered_update_is_refused_within_the_window_and_forgotten_after(db):
    await handled(db, "update-500", NOW)
    almost = NOW + 3 * DAY - dt.timedelta(minutes=1)
    assert await forget_expired(db, almost, POLICY) == Forgotten()
    with pytest.raises(DuplicateTurn):  # Telegram delivers it again: still refused
        await handled(db, "update-500", almost)
    past = NOW + 3 * DAY + dt.timedelta(minutes=1)
    assert await forget_expired(db, past, POLICY) == Forgotten(processed_inputs=1)


async def test_a_big_backlog_goes_in_short_batches_over_several_passes(db):
    for n in range(25):
        await handled(db, f"update-{n}", ago(10))
    await handled(db, "update-today", NOW)
    small = Retention(processed_inputs=3 * DAY, batch=10, max_batches=2)
    assert (await forget_expired(db, NOW, small)).processed_inputs == 20
    assert (await forget_expired(db, NOW, small)).processed_inputs == 5
    assert (await forget_expired(db, NOW, small)).processed_inputs == 0
    with pytest.raises(DuplicateTurn):
        await handled(db, "update-today", NOW)


async def test_the_housekeeping_of_serve_forgets_old_rows_every_ten_minutes(services):
    clock = [NOW]
    job = housekeeping_job(services, clock=lambda: clock[0])
    await queue(services.db, "sent 8 days ago", "telegram", ago(8), "sent")
    assert (await job()).finished_messages == 1
    await queue(services.db, "sent 9 days ago", "telegram", ago(9), "sent")
    clock[0] = NOW + dt.timedelta(minutes=5)
    assert await job() is None  # looked five minutes ago: not yet
    clock[0] = NOW + dt.timedelta(minutes=10)
    assert (await job()).finished_messages == 1
    assert "sent 9 days ago" not in await keys_left(services.db)


# ---- the settings --------------------------------------------------------------------------


def test_the_shipped_retention_keeps_a_week_a_month_and_three_days():
    retention = load_config(ROOT / "config.yml", env={}).retention
    policy = retention.policy("web")
    assert (policy.finished_messages, policy.waiting, policy.processed_inputs) == (
        7 * DAY,
        (("web", 30 * DAY),),
        3 * DAY,
    )


@pytest.mark.parametrize(
    ("retention", "message"),
    [
        (
            {"processed_updates_days": 1},
            "retention.processed_updates_days must be between 2 and 365",
        ),
        (
            {"sent_messages_days": 0},
            "retention.sent_messages_days must be between 1 and 3650",
        ),
        (
            {"undelivered_web_days": 10},
            r"^retention undelivered_web_days \(10.0\) must be at least web.session_days \(30",
        ),
    ],
)
def test_a_retention_that_would_break_a_guarantee_is_refused(retention, message):
    with pytest.raises(ConfigError, match=message):
        parse_config({"retention": retention}, env={})


async def test_messages_sent_long_ago_are_found_by_index_not_by_reading_the_outbox(db):
    """The housekeeping looks for them every pass (the web chat's after 15 minutes)."""
    sql = "SELECT id FROM outbox WHERE status = 'sent' AND sent_at < :before"
    explain = "EXPLAIN QUERY PLAN " if db.is_sqlite else "EXPLAIN "
    async with db.engine.connect() as conn:
        if not db.is_sqlite:
            await conn.exec_driver_sql("SET enable_seqscan = off")  # a tiny table: plan only
        plan = " ".join(
            str(row[-1]) for row in await conn.execute(text(explain + sql), {"before": ago(1)})
        )
    assert "ix_outbox_sent" in plan, plan
