"""Rows that serve only a while, deleted once past their retention (the periodic
housekeeping of ``citizenbot serve``, bot/serve.py, in one worker at a time).

- ``processed_turns``: a handled Telegram update's id, kept ``processed_inputs`` (at
  least two days: Telegram redelivers an update for at most a day), so a redelivery
  within that time is still refused.
- ``outbox``: a message sent, or given up (``failed``), kept ``finished_messages``; one
  still to be sent (pending, or claimed by a deliverer) is never deleted -- except, for
  the channels in ``waiting`` (the web chat's), one nobody took in that time: its reader
  never came back.
- ``job_leases``: the alive leases of workers gone for ``dead_workers``.

Analytics (turn events, feedback, inbox), staff data (accounts, sign-ins, audit),
dossier histories and conversations are kept on purpose: not here.

Each kind is deleted in batches of ``batch`` rows, each batch its own short transaction,
and at most ``max_batches`` of them per pass: a big backlog goes over several passes and
never holds one long transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from knowledge.storage.db import Database
from knowledge.storage.leases import LeaseRepository
from knowledge.storage.outbox import OutboxRepository
from knowledge.storage.processed import KEEP, prune_processed

logger = logging.getLogger(__name__)

BATCH = 1000
MAX_BATCHES = 50

# deletes at most the given number of rows in the session; how many it deleted
Prune = Callable[[AsyncSession, int], Awaitable[int]]


@dataclass(frozen=True)
class Retention:
    """How long each kind of row is kept (see the module)."""

    processed_inputs: dt.timedelta = KEEP
    finished_messages: dt.timedelta = dt.timedelta(days=7)
    # (channel, how long a message nobody took waits) for the channels whose do expire
    waiting: tuple[tuple[str, dt.timedelta], ...] = ()
    dead_workers: dt.timedelta = dt.timedelta(days=1)
    batch: int = BATCH
    max_batches: int = MAX_BATCHES


@dataclass(frozen=True)
class Forgotten:
    """How many rows of each kind one pass deleted."""

    processed_inputs: int = 0
    finished_messages: int = 0
    waiting_messages: int = 0
    dead_workers: int = 0

    @property
    def total(self) -> int:
        return (
            self.processed_inputs
            + self.finished_messages
            + self.waiting_messages
            + self.dead_workers
        )


async def in_batches(db: Database, prune: Prune, batch: int, max_batches: int) -> int:
    """Run ``prune`` a batch at a time, each in its own transaction, until a batch comes
    back short or ``max_batches`` ran; how many rows went."""
    removed = 0
    for _ in range(max_batches):
        async with db.write_session() as session:
            went = await prune(session, batch)
        removed += went
        if went < batch:
            break
    return removed


async def forget_expired(db: Database, now: dt.datetime, retention: Retention) -> Forgotten:
    """Delete the rows past their retention at ``now``; how many of each went."""

    def batches(prune: Prune) -> Awaitable[int]:
        return in_batches(db, prune, retention.batch, retention.max_batches)

    processed = await batches(
        lambda session, n: prune_processed(session, now, retention.processed_inputs, n)
    )
    finished_before = now - retention.finished_messages
    finished = await batches(
        lambda session, n: OutboxRepository(session).forget_finished(finished_before, n)
    )
    waiting = 0
    for channel, keep in retention.waiting:
        before = now - keep
        waiting += await batches(
            lambda session, n, channel=channel, before=before: OutboxRepository(
                session
            ).forget_waiting(channel, before, n)
        )
    async with db.session() as session:  # a handful of rows: one per worker ever started
        dead = await LeaseRepository(session).forget_dead(now - retention.dead_workers)
    forgotten = Forgotten(processed, finished, waiting, dead)
    logger.log(
        logging.INFO if forgotten.total else logging.DEBUG,
        "retention: forgot %d handled updates, %d sent or given-up messages, "
        "%d messages nobody took, %d leases of workers gone",
        processed,
        finished,
        waiting,
        dead,
    )
    return forgotten
