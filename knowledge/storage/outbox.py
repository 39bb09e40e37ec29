"""The outbox: every message the bot decided to send, until it is delivered (and, kept a
while, after: knowledge/storage/retention.py).

Writers add messages in the transaction that decided them (``add``: a repeated key is
the same message, added once). Deliverers ``claim`` due messages of their channel for a
lease, send them, then mark them ``sent`` (many in one statement), ``retry`` later, or
``failed``; a deliverer that died mid-send leaves its claim to expire (or, in a worker,
to be taken over as soon as the worker's alive lease has expired), and the message is
sent again (at least once).

One recipient's messages go in the order they were decided, whichever deliverers run:
a message is claimed only together with every earlier unfinished message of its
recipient, so while one waits (claimed by another deliverer, or to be retried later)
the later ones wait behind it. The web chat's browser is the web channel's deliverer:
``take`` hands each pending web message out once (marked ``sent``, kept a while to be
handed out again: knowledge/dossiers/web_outbox.py).

A turn's handler that sends the turn's replies itself (``OwnReplies``, Telegram's)
has them claimed by ``add`` in the turn's own transaction -- no claim transaction of
its own -- unless an earlier message to that chat is unfinished: then they wait behind
it like any other.

The statements are built once per dialect (knowledge/storage/outbox_statements.py) and
run with parameters: building SQLAlchemy expressions anew for every message cost more
than running them.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.sql import Executable

from knowledge.storage.db import dialect_of, utcnow
from knowledge.storage.outbox_statements import OUTBOX, outbox_statements

MAX_ERROR = 300
MAX_KEY = 200

_C = OUTBOX.c


@dataclass(frozen=True)
class OutgoingMessage:
    """A message to write: ``body`` is the JSON of one reply; ``key`` its identity."""

    key: str
    channel: str
    recipient: str
    body: dict


@dataclass(frozen=True)
class ClaimedMessage:
    id: int
    key: str
    channel: str
    recipient: str
    body: dict
    attempts: int

    @classmethod
    def of(cls, message_id: int, message: OutgoingMessage) -> ClaimedMessage:
        """``message``, queued as ``message_id`` and claimed as it was queued."""
        return cls(
            message_id, message.key[:MAX_KEY], message.channel, message.recipient, message.body, 1
        )


@dataclass
class OwnReplies:
    """What a turn queues for ``recipient`` on ``channel``, to be sent by the turn's own
    handler (worker ``holder``) as soon as the turn has committed.

    While ``sending_own`` is in force, ``add`` claims such messages for ``holder`` and
    ``lease`` in the turn's transaction -- unless an earlier message to the recipient is
    unfinished: then they stay pending, behind it. The handler learns what the commit
    queued (``committed``, from the unit of work's ``sent``) and sends what was claimed
    (``claimed``); what was left pending (``waiting``) goes the ordinary way."""

    channel: str
    recipient: str
    holder: str | None
    lease: dt.timedelta
    open: bool = True
    # by key, as the last attempt of the turn's transaction added them
    _added: dict[str, tuple[OutgoingMessage, ClaimedMessage | None]] = field(
        default_factory=dict, repr=False
    )
    _committed: list[tuple[OutgoingMessage, ClaimedMessage | None]] | None = field(
        default=None, repr=False
    )

    def covers(self, message: OutgoingMessage) -> bool:
        return self.open and message.channel == self.channel and message.recipient == self.recipient

    def added(self, message: OutgoingMessage, claimed: ClaimedMessage | None) -> None:
        self._added[message.key] = (message, claimed)

    def committed(self, sent: Iterable[OutgoingMessage]) -> None:
        """The commit of the turn queued ``sent`` (a transaction tried before and rolled
        back added other objects: they do not count)."""
        mine = []
        for message in sent:
            entry = self._added.get(message.key)
            if entry is not None and entry[0] is message:
                mine.append(entry)
        self._committed = mine

    @property
    def known(self) -> bool:
        """Whether the turn's commit was seen (else nothing is known of its messages)."""
        return self._committed is not None

    def claimed(self) -> list[ClaimedMessage]:
        return [c for _, c in self._committed or () if c is not None]

    def waiting(self) -> bool:
        """Whether the commit queued messages for the recipient left pending."""
        return any(c is None for _, c in self._committed or ())


_OWN: contextvars.ContextVar[OwnReplies | None] = contextvars.ContextVar(
    "citizenbot_own_replies", default=None
)


@contextlib.contextmanager
def sending_own(replies: OwnReplies) -> Iterator[OwnReplies]:
    """Within: ``add`` claims ``replies``' messages (see ``OwnReplies``)."""
    token = _OWN.set(replies)
    try:
        yield replies
    finally:
        replies.open = False
        _OWN.reset(token)


def own_replies() -> OwnReplies | None:
    """The ``OwnReplies`` in force in this task, if any."""
    return _OWN.get()


class OutboxRepository:
    """The outbox table; the caller owns the transaction."""

    def __init__(self, session: AsyncSession | AsyncConnection) -> None:
        self.session = session
        self.dialect = dialect_of(session)
        self._sql = outbox_statements(self.dialect)
        # per recipient of an OwnReplies: whether this transaction claimed its messages
        self._own: dict[tuple[str, str], bool] = {}

    async def _run(self, statement: Executable, params: dict):
        return await self.session.execute(statement, params)

    async def add(self, message: OutgoingMessage, now: dt.datetime | None = None) -> bool:
        """Queue ``message``; False when a message with its key was queued before.

        A message of the ``OwnReplies`` in force is claimed for its handler at once,
        unless an earlier message to its recipient is unfinished (see the class)."""
        now = now or utcnow()
        own = _OWN.get()
        if own is not None and own.covers(message):
            return await self._add_own(own, message, now)
        result = await self._run(self._sql.add, pending_params(message, now))
        return result.rowcount == 1

    async def _add_own(self, own: OwnReplies, message: OutgoingMessage, now: dt.datetime) -> bool:
        recipient = (message.channel, message.recipient)
        first = recipient not in self._own
        if first or self._own[recipient]:
            # the first claimed only if nothing earlier to the recipient is unfinished
            params = claimed_params(own, message, now, first=first)
            statement = self._sql.add_claimed_if_first if first else self._sql.add_claimed
            message_id = (await self._run(statement, params)).scalar()
            if message_id is not None:
                self._own[recipient] = True
                own.added(message, ClaimedMessage.of(message_id, message))
                return True
            if not first:  # the same key queued before: not added
                return False
        # an earlier message waits (or this key was queued before): pending, behind it
        added = (await self._run(self._sql.add, pending_params(message, now))).rowcount == 1
        if added:
            self._own[recipient] = False
            own.added(message, None)
        return added

    async def claim(
        self,
        channel: str,
        now: dt.datetime,
        lease: dt.timedelta,
        limit: int = 20,
        recipient: str | None = None,
        holder: str | None = None,
        *,
        take_over: bool = True,
        due_by: dt.datetime | None = None,
    ) -> list[ClaimedMessage]:
        """Due messages of ``channel``, oldest first, now claimed by ``holder`` until
        ``now + lease``; only ``recipient``'s when given.

        Due: pending and not before now, or claimed by a deliverer whose lease ran out
        or (``take_over``) whose worker is no longer alive; only those due by ``due_by``
        when given. A message is claimed only when every earlier unfinished message of
        its recipient is claimed with it (their order holds)."""
        params = {
            "p_channel": channel,
            "p_due": now if due_by is None else min(now, due_by),
            "p_limit": limit,
        }
        if take_over:
            params["p_now"] = now
        if recipient is not None:
            params["p_recipient"] = recipient
        due = self._sql.due[(recipient is not None, take_over)]
        candidates = (await self._run(due, params)).all()
        ids = await self._in_order(channel, candidates)
        if not ids:
            return []
        rows = await self._run(
            self._sql.claim_rows, {"p_ids": ids, "p_until": now + lease, "p_holder": holder}
        )
        return sorted((ClaimedMessage(*row) for row in rows), key=lambda m: m.id)

    async def _in_order(self, channel: str, candidates: list) -> list[int]:
        """The candidates whose recipient has no earlier unfinished message left out."""
        if not candidates:
            return []
        chosen = {message_id for message_id, _ in candidates}
        recipients = sorted({recipient for _, recipient in candidates})
        unfinished = await self._run(
            self._sql.unfinished_of,
            {"p_channel": channel, "p_recipients": recipients, "p_max": max(chosen)},
        )
        blocked: set[str] = set()
        ids: list[int] = []
        for message_id, recipient in unfinished:
            if recipient in blocked:
                continue
            if message_id in chosen:
                ids.append(message_id)
            else:  # waiting, or claimed by another deliverer: the rest wait behind it
                blocked.add(recipient)
        return ids

    async def sent(self, message_id: int, now: dt.datetime) -> None:
        await self.sent_many([message_id], now)

    async def sent_many(self, message_ids: list[int], now: dt.datetime) -> None:
        """Mark ``message_ids`` sent, in one statement."""
        await self._run(self._sql.sent, {"p_ids": list(message_ids), "p_now": now})

    async def retry(self, message_id: int, when: dt.datetime, error: str) -> None:
        await self._run(
            self._sql.retry, {"p_id": message_id, "p_when": when, "p_error": error[:MAX_ERROR]}
        )

    async def release(
        self, message_ids: list[int], now: dt.datetime, holder: str | None = None
    ) -> None:
        """Claimed messages not sent after all: due again at once, for any deliverer
        (only those still claimed by ``holder``, when given)."""
        params = {"p_ids": list(message_ids), "p_now": now}
        if holder is None:
            await self._run(self._sql.release, params)
        else:
            await self._run(self._sql.release_own, {**params, "p_holder": holder})

    async def failed(self, message_id: int, error: str) -> None:
        await self._run(self._sql.failed, {"p_id": message_id, "p_error": error[:MAX_ERROR]})

    async def take(self, channel: str, recipient: str, now: dt.datetime) -> list[dict]:
        """Every pending message for one recipient, oldest first, marked sent: each is
        handed out once, even to concurrent callers."""
        return [body for _id, body in await self.take_numbered(channel, recipient, now)]

    async def take_numbered(
        self, channel: str, recipient: str, now: dt.datetime
    ) -> list[tuple[int, dict]]:
        """Like ``take``, each message with its outbox id."""
        result = await self._run(
            self._sql.take, {"p_channel": channel, "p_recipient": recipient, "p_now": now}
        )
        return sorted(((row[0], row[1]) for row in result.all()), key=lambda row: row[0])

    async def waiting(self, channel: str, recipient: str) -> int:
        """How many messages wait for one recipient (nothing is handed out)."""
        result = await self._run(
            self._sql.waiting, {"p_channel": channel, "p_recipient": recipient}
        )
        return len(result.all())

    async def status_of(self, key: str) -> str | None:
        return (await self._run(self._sql.status_of, {"p_key": key})).scalar()

    async def forget(self, channel: str, recipient: str) -> int:
        """Remove every message to one recipient (their data is being deleted)."""
        result = await self._run(self._sql.forget, {"p_channel": channel, "p_recipient": recipient})
        return result.rowcount or 0

    async def forget_finished(self, before: dt.datetime, limit: int) -> int:
        """Remove at most ``limit`` messages sent before ``before``, or given up
        (``failed``) and decided before it; never one still to be sent (retention)."""
        sent = (_C.status == "sent") & (_C.sent_at < before)
        return await self._forget_some(
            sent | ((_C.status == "failed") & (_C.created_at < before)), limit
        )

    async def forget_waiting(self, channel: str, before: dt.datetime, limit: int) -> int:
        """Remove at most ``limit`` messages of ``channel`` waiting since before ``before``
        (the web chat's, for a user who never came back: retention)."""
        waiting = (_C.channel == channel) & (_C.status == "pending")
        return await self._forget_some(waiting & (_C.created_at < before), limit)

    async def _forget_some(self, which, limit: int) -> int:
        # ``which`` again on the rows deleted: a row changed meanwhile is kept
        chosen = select(_C.id).where(which).limit(limit)
        result = await self.session.execute(OUTBOX.delete().where(_C.id.in_(chosen), which))
        return result.rowcount or 0


def claimed_params(
    own: OwnReplies, message: OutgoingMessage, now: dt.datetime, *, first: bool
) -> dict:
    """The parameters of the statement that queues ``message`` claimed for ``own``'s
    handler (``first``: the one that checks that nothing earlier is unfinished)."""
    params = {
        "p_key": message.key[:MAX_KEY],
        "p_channel": message.channel,
        "p_recipient": message.recipient,
        "p_body": message.body,
        "p_until": now + own.lease,
        "p_now": now,
        "p_holder": own.holder,
    }
    if first:
        params["p_channel_"] = message.channel
        params["p_recipient_"] = message.recipient
    return params


def pending_params(message: OutgoingMessage, now: dt.datetime) -> dict:
    """The parameters of the statement that queues ``message`` as pending."""
    return {
        "p_key": message.key[:MAX_KEY],
        "p_channel": message.channel,
        "p_recipient": message.recipient,
        "p_body": message.body,
        "p_now": now,
        "p_created": now,
    }
