"""Delivers what the outbox holds, one deliverer per channel.

A deliverer claims due messages of its channel for a lease (in one short transaction),
sends them in order, and records each outcome (another short transaction): ``sent``;
``RetryLater`` (Telegram's 429 says when) and other failures are tried again with a
growing pause, then marked ``failed`` with a log line after ``max_attempts``;
``RecipientGone`` (the user blocked the bot) is marked failed at once and reported to
``on_gone``; ``Undeliverable`` (refused for good) is marked failed at once. Outcomes
ready together are written together: "sent" for many messages in one statement. A
deliverer that dies mid-send leaves the claim to expire -- in a worker of ``serve``, to
be taken over once the worker's alive lease expires (``holder``): the message is sent
again (at least once), never lost.

One recipient's messages are sent in order: the outbox hands them out in order, and
when one must wait (a retry later), the recipient's later messages claimed with it are
given back to wait behind it. A deliverer whose worker has not renewed its alive lease
lately (``liveness``: its event loop stalled, the database was out) sends nothing it
claimed: the others may have taken it over. It takes over the claims of dead workers
only once it has itself been alive for a whole lease: after a
database outage, every worker first writes what it sent meanwhile (outcomes are kept
in memory until the database is back) instead of sending the others' messages again.
"""

from __future__ import annotations

import asyncio
import contextvars
import datetime as dt
import enum
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Protocol

from knowledge.storage.db import OUTAGE_ERRORS, Database, utcnow
from knowledge.storage.outbox import ClaimedMessage, OutboxRepository

logger = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]
Change = Callable[[OutboxRepository], Awaitable[None]]
RUN_GRACE_S = 2.0
#: The id of the outbox message a sender is sending, for a sender that sends one message
#: in parts and must remember, across attempts, which parts went (bot.telegram_channel).
SENDING: contextvars.ContextVar[int | None] = contextvars.ContextVar("outbox_sending", default=None)


@dataclass
class _Unwritten:
    """An outcome waiting to be written: "sent" (``sent_ids`` at ``sent_at``), or any
    other ``change``; ``number`` orders them (that of its first, when several "sent"
    were gathered in one)."""

    number: int
    change: Change | None = None
    sent_ids: list[int] = field(default_factory=list)
    sent_at: dt.datetime | None = None


class Outcome(enum.Enum):
    SENT = "sent"
    LATER = "later"  # to be tried again: the recipient's later messages wait
    FAILED = "failed"


class RetryLater(Exception):
    """The channel asks to wait ``seconds`` before sending again."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds} s")
        self.seconds = seconds


class RecipientGone(Exception):
    """The recipient cannot receive messages any more (blocked the bot, chat gone)."""


class Undeliverable(Exception):
    """The channel refuses this message for good (Telegram's 400 Bad Request): trying
    again would be refused again, so it is marked failed at once."""


class Liveness(Protocol):
    """This worker's alive lease, as its deliverer needs it (bot/periodic.AliveLease)."""

    def alive(self) -> bool:
        """Its claims are surely still its own (the lease was renewed lately)."""
        ...

    def may_take_over(self) -> bool:
        """It has been alive for a whole lease: it may take over dead workers' claims."""
        ...


class Sender(Protocol):
    async def send(self, recipient: str, body: dict) -> None: ...


class Deliverer:
    """Sends one channel's messages from the outbox (see the module docstring)."""

    def __init__(
        self,
        db: Database,
        channel: str,
        sender: Sender,
        *,
        clock: Clock = utcnow,
        lease_s: float = 60.0,
        max_attempts: int = 6,
        first_pause_s: float = 2.0,
        on_gone: Callable[[str, str], Awaitable[None]] | None = None,
        batch: int = 20,
        holder: str | None = None,
        liveness: Liveness | None = None,
    ) -> None:
        self.db = db
        self.channel = channel
        self.sender = sender
        self.clock = clock
        self.lease = dt.timedelta(seconds=lease_s)
        self.max_attempts = max_attempts
        self.first_pause_s = first_pause_s
        self.on_gone = on_gone
        self.batch = batch
        self.holder = holder
        self.liveness = liveness
        self._unwritten: list[_Unwritten] = []  # outcomes not yet written, in order
        self._numbered = 0
        self._writing: _Unwritten | None = None  # being written: nothing joins it
        self._flushing = asyncio.Lock()
        self._giving_back: set[asyncio.Future] = set()  # of handlers cancelled mid-send
        self.wake = asyncio.Event()

    async def deliver_due(
        self, recipient: str | None = None, older_than: dt.timedelta | None = None
    ) -> int:
        """Send every message due now (only ``recipient``'s when given, in order; only
        those due for ``older_than`` at least when given); returns how many were sent."""
        sent = 0
        while True:
            if not await self.flush():  # what was sent is known before claiming more
                return sent
            take_over = self.liveness is None or self.liveness.may_take_over()
            now = self.clock()
            async with self.db.write_session() as session:
                claimed = await OutboxRepository(session).claim(
                    self.channel,
                    now,
                    self.lease,
                    self.batch,
                    recipient,
                    self.holder,
                    take_over=take_over,
                    due_by=now - older_than if older_than is not None else None,
                )
            if not claimed:
                return sent
            count, stalled = await self._send_claimed(claimed)
            sent += count
            if stalled or len(claimed) < self.batch:
                return sent

    async def send_own(self, claimed: list[ClaimedMessage]) -> int:
        """Send messages claimed for this deliverer's worker elsewhere (a turn's own
        replies, claimed in the turn's transaction), as ``deliver_due`` sends what it
        claims; returns how many were sent."""
        if not claimed:
            return 0
        sent, _stalled = await self._send_claimed(claimed)
        return sent

    async def _send_claimed(self, claimed: list[ClaimedMessage]) -> tuple[int, bool]:
        """Send ``claimed`` in order; (how many were sent, whether the worker stalled)."""
        sent = 0
        waiting: set[str] = set()  # recipients whose earlier message waits
        behind: list[int] = []
        stalled = False
        for index, message in enumerate(claimed):
            stalled = stalled or not self._still_alive()
            if message.recipient in waiting or stalled:
                behind.append(message.id)
                continue
            try:
                outcome = await self._send(message)
            except asyncio.CancelledError:  # (the one being sent waits for its lease)
                unsent = [m.id for m in claimed[index + 1 :]]
                if unsent:  # given back at once rather than left claimed for the lease
                    giving_back = asyncio.ensure_future(self._give_back(unsent))
                    self._giving_back.add(giving_back)
                    giving_back.add_done_callback(self._giving_back.discard)
                raise
            sent += outcome == Outcome.SENT
            if outcome == Outcome.LATER:
                waiting.add(message.recipient)
        if stalled:
            logger.warning(
                "deliverer on %s: alive lease not renewed lately; claims given back",
                self.channel,
            )
        if behind:
            await self._give_back(behind)
        return sent, stalled

    async def _send(self, message: ClaimedMessage) -> Outcome:
        sending = SENDING.set(message.id)
        try:
            await self.sender.send(message.recipient, message.body)
        except RetryLater as exc:
            await self._later(message, exc.seconds, f"rate limited: retry after {exc.seconds} s")
            return Outcome.LATER
        except RecipientGone:
            logger.info("recipient on %s is gone; message %d dropped", self.channel, message.id)
            await self._record(lambda repo: repo.failed(message.id, "recipient gone"))
            if self.on_gone is not None:
                await self.on_gone(self.channel, message.recipient)
            return Outcome.FAILED
        except Undeliverable as exc:
            logger.error(
                "message %d on %s refused by the channel, not retried: %s",
                message.id,
                self.channel,
                exc,
            )
            await self._record(lambda repo: repo.failed(message.id, "refused"))
            return Outcome.FAILED
        except Exception as exc:  # noqa: BLE001 - any channel failure is retried, then logged
            why = type(exc).__name__
            if message.attempts >= self.max_attempts:
                logger.warning(
                    "message %d on %s failed after %d attempts: %s",
                    message.id,
                    self.channel,
                    message.attempts,
                    why,
                )
                await self._record(lambda repo: repo.failed(message.id, why))
                return Outcome.FAILED
            pause = self.first_pause_s * 2 ** (message.attempts - 1)
            await self._later(message, pause, why)
            return Outcome.LATER
        finally:
            SENDING.reset(sending)
        await self._record_sent(message.id)
        return Outcome.SENT

    def _still_alive(self) -> bool:
        """False once this worker's alive lease may have lapsed: its claims may have been
        taken over, so it sends none of them (they would go twice)."""
        return self.liveness is None or self.liveness.alive()

    async def _give_back(self, message_ids: list[int]) -> None:
        now = self.clock()
        await self._record(lambda repo: repo.release(message_ids, now, self.holder))

    async def _later(self, message: ClaimedMessage, seconds: float, why: str) -> None:
        when = self.clock() + dt.timedelta(seconds=seconds)
        await self._record(lambda repo: repo.retry(message.id, when, why))

    async def _record(self, change: Change) -> None:
        """Write an outcome now, or, the database being out, as soon as it is back."""
        self._numbered += 1
        self._unwritten.append(_Unwritten(self._numbered, change=change))
        await self.flush(self._numbered)

    async def _record_sent(self, message_id: int) -> None:
        """``_record`` a message sent: with the other "sent" outcomes waiting to be
        written, in one statement."""
        self._numbered += 1
        last = self._unwritten[-1] if self._unwritten else None
        if last is not None and last.change is None and last is not self._writing:
            last.sent_ids.append(message_id)  # (numbered by its first: see flush)
        else:
            self._unwritten.append(
                _Unwritten(self._numbered, sent_ids=[message_id], sent_at=self.clock())
            )
        await self.flush(self._numbered)

    async def flush(self, until: int | None = None) -> bool:
        """Write the outcomes not yet written, in order (only up to the one numbered
        ``until`` when given); False while the database is out.

        Each write is one statement in autocommit (one round trip): the moment between
        "sent" and "recorded as sent", when a killed worker's message would go again, is
        short. Whoever waits while another writes finds its outcome written, or writes
        all that gathered meanwhile at once (many "sent" in one statement).
        """
        if not self._unwritten:  # the usual case: nothing to wait for
            return True
        async with self._flushing:
            while self._unwritten and (until is None or self._unwritten[0].number <= until):
                item = self._unwritten[0]
                self._writing = item
                try:
                    async with self.db.single_writes() as conn:
                        repo = OutboxRepository(conn)
                        if item.change is not None:
                            await item.change(repo)
                        else:
                            await repo.sent_many(item.sent_ids, item.sent_at or self.clock())
                except OUTAGE_ERRORS:
                    logger.warning(
                        "%d delivery outcomes on %s wait for the database",
                        sum(len(u.sent_ids) or 1 for u in self._unwritten),
                        self.channel,
                    )
                    return False
                finally:
                    self._writing = None
                self._unwritten.pop(0)
        return True

    async def run(
        self, stop: asyncio.Event, idle_s: float = 1.0, grace_s: float = RUN_GRACE_S
    ) -> None:
        """Deliver until ``stop`` is set: at once when woken, else every ``idle_s``.

        What a turn queued for its own chat is sent by that turn's handler, at once;
        this loop sends what is left -- due ``grace_s`` ago and still waiting (the
        handler failed, the process died, a retry is due, an earlier run's queue) --
        instead of taking fresh messages from the handlers and sending them one after
        another."""
        older_than = dt.timedelta(seconds=grace_s)
        while not stop.is_set():
            try:
                await self.deliver_due(older_than=older_than)
            except OUTAGE_ERRORS:
                logger.warning("outbox unreachable on %s; trying again", self.channel)
            except Exception:
                logger.exception("deliverer on %s failed; trying again", self.channel)
            self.wake.clear()
            waits = [asyncio.ensure_future(self.wake.wait()), asyncio.ensure_future(stop.wait())]
            await asyncio.wait(waits, timeout=idle_s, return_when=asyncio.FIRST_COMPLETED)
            for task in waits:
                task.cancel()
