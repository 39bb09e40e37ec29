"""One turn's work against the database: read the conversation, then write everything
the turn decided in one short transaction.

``SqlUnitOfWork`` is the SQLAlchemy implementation of ``flows.unit_of_work.UnitOfWork``.
Reads happen as they are asked for; writes are recorded and applied by ``commit`` in
one transaction, so nothing is held locked while the turn waits on the NLU or an HTTP
source. The conversation is saved with a version check (``ConversationRepository``):
if another save came first, ``commit`` raises ``ConcurrentUpdate`` and the caller runs
the turn again. A database that stays locked raises ``DatabaseBusy`` (worth a retry);
any other driver error ``DatabaseUnavailable``.

Dossier follows are read when asked ("does this chat follow it already?") and written
at commit with the conversation; the write is an insert that does nothing on the unique
(channel, chat, code), so a follow committed meanwhile by another turn stays one row.
A dossier announcement saves the follower's conversation (the buttons it offers) only
along with telling them, in the same transaction (``tell_subscriber``).
"""

from __future__ import annotations

import copy
import datetime as dt
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import partial

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection

from knowledge.dossiers.subscriptions import count_followed, follow, tell_once, unfollow
from knowledge.editing.records import AuditEntry, write_audit
from knowledge.handoff.repository import HandoffRepository
from knowledge.insights.hashing import key_for_database, user_hash
from knowledge.insights.records import FeedbackRecord, InboxRecord, TurnRecord
from knowledge.insights.writes import InsightWrites, forget
from knowledge.storage.conversations import (
    ConversationRepository,
    FollowerConversation,
    StoredConversation,
)
from knowledge.storage.db import OUTAGE_ERRORS, Database, DatabaseUnavailable, utcnow
from knowledge.storage.outbox import OutboxRepository, OutgoingMessage, own_replies
from knowledge.storage.people import SqlHandoffs, SqlVolunteers
from knowledge.storage.processed import mark_processed
from knowledge.storage.turn_statement import Save, UsualTurn, write_usual
from knowledge.volunteers.repository import VolunteerRepository

logger = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]  # the bot's time (a test's fake clock)

# PostgreSQL: serialization failure, deadlock, lock not available
_TRANSIENT_SQLSTATES = {"40001", "40P01", "55P03"}


class ConcurrentUpdate(Exception):
    """Another turn saved this conversation first; carries the conversation key."""

    def __init__(self, channel: str, user_id: str) -> None:
        super().__init__(f"conversation on {channel} was saved by another turn")
        self.channel = channel
        self.user_id = user_id


class DatabaseBusy(DatabaseUnavailable):
    """The database stayed locked (SQLite) or refused a transaction for now
    (PostgreSQL serialization failure): worth trying the turn again."""


def is_transient(exc: BaseException) -> bool:
    if not isinstance(exc, DBAPIError):
        return False
    if isinstance(exc, OperationalError) and "locked" in str(exc.orig).lower():
        return True
    return getattr(exc.orig, "sqlstate", None) in _TRANSIENT_SQLSTATES


class ConversationCache:
    """The last saved state of recently active conversations, in this process.

    A turn starts from it instead of reading the database; the version check at commit
    still guards it: if another process saved the conversation meanwhile, the commit
    fails, the entry is dropped, and the turn runs again on the stored state.
    """

    def __init__(self, size: int = 10_000) -> None:
        self.size = size
        self._entries: OrderedDict[tuple[str, str], StoredConversation] = OrderedDict()

    def get(self, key: tuple[str, str]) -> StoredConversation | None:
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
        return entry

    def put(self, key: tuple[str, str], entry: StoredConversation) -> None:
        self._entries[key] = entry
        self._entries.move_to_end(key)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)

    def drop(self, key: tuple[str, str]) -> None:
        self._entries.pop(key, None)

    def __len__(self) -> int:
        return len(self._entries)


@dataclass
class SqlUnitOfWork:
    """See the module docstring; one per turn (``async with``). ``clock``: the time the
    deletion of a user's data gives back a volunteer's requests from."""

    db: Database
    cache: ConversationCache | None = None
    clock: Clock = utcnow
    _saves: list[Save] = field(default_factory=list)
    _deletes: list[tuple[str, str]] = field(default_factory=list)
    # messages queued at commit; a notification's several, with the subscriber told (id, status)
    _messages: list[tuple[tuple[OutgoingMessage, ...], tuple[int, int] | None]] = field(
        default_factory=list
    )
    # conversations saved only if the subscriber (id, status) is told; those that were
    _told_saves: dict[tuple[int, int], Save] = field(default_factory=dict)
    _told_saved: list[Save] = field(default_factory=list)
    _follows: list[Callable[[AsyncConnection], Awaitable[object]]] = field(default_factory=list)
    sent: list[OutgoingMessage] = field(default_factory=list)  # queued by the last commit
    _insights: InsightWrites = field(default_factory=InsightWrites)  # events, inbox, feedback
    _processed: list[str] = field(default_factory=list)  # inputs a channel may redeliver
    volunteers: SqlVolunteers = field(init=False)
    handoffs: SqlHandoffs = field(init=False)

    def __post_init__(self) -> None:
        self.volunteers = SqlVolunteers(self.db)
        self.handoffs = SqlHandoffs(self.db)

    async def __aenter__(self) -> SqlUnitOfWork:
        return self

    async def __aexit__(self, *exc) -> None:
        self._saves.clear()
        self._deletes.clear()
        self._messages.clear()
        self._clear_people()

    def _clear_people(self) -> None:
        self._told_saves.clear()
        self._told_saved.clear()
        self._processed.clear()
        self._follows.clear()
        self._insights.clear()
        self.volunteers.writes.clear()
        self.handoffs.writes.clear()

    async def load_conversation(self, channel: str, user_id: str) -> StoredConversation:
        cached = self.cache.get((channel, user_id)) if self.cache is not None else None
        if cached is not None:
            return StoredConversation(_copied(cached.state), cached.version)
        try:
            async with self.db.reader() as conn:
                return await ConversationRepository(conn).load(channel, user_id)
        except OUTAGE_ERRORS as exc:
            raise _translated(exc, "load conversation") from exc

    def save_conversation(
        self, channel: str, user_id: str, state: dict, read_version: int, role: str
    ) -> None:
        self._saves.append(Save(channel, user_id, state, read_version, role))

    def delete_user_data(self, channel: str, user_id: str) -> None:
        self._deletes.append((channel, user_id))

    def send(self, message: OutgoingMessage) -> None:
        """Queue ``message`` in the outbox at commit."""
        self._messages.append(((message,), None))

    def tell_subscriber(
        self,
        subscription_id: int,
        status: int,
        messages: tuple[OutgoingMessage, ...],
        conversation: FollowerConversation | None = None,
    ) -> None:
        """Queue ``messages`` (one notification's replies) at commit, in order, and record
        that the subscriber was told ``status`` -- all of them, only if nobody told them
        already (two announcers of one change send once); ``conversation`` is saved
        (version checked) only along with telling them."""
        if not messages:
            raise ValueError("a subscriber is told something: no messages given")
        told = (subscription_id, status)
        self._messages.append((tuple(messages), told))
        if conversation is not None:
            c = conversation
            self._told_saves[told] = Save(c.channel, c.user_id, c.state, c.read_version, "citizen")

    async def follow_dossier(
        self, channel: str, chat_id: str, user_id: str, code: str, status: int | None
    ) -> bool:
        """Follow ``code`` in this chat at commit; False when the chat follows it already."""
        followed = await self._count_followed(channel, chat_id, code)
        self._follows.append(
            partial(
                follow,
                channel=channel,
                chat_id=chat_id,
                user_id=user_id,
                code=code,
                last_status=status,
            )
        )
        return not followed

    async def unfollow_dossiers(self, channel: str, chat_id: str, code: str | None) -> int:
        """Stop following ``code`` (or every dossier) at commit; how many stop."""
        count = await self._count_followed(channel, chat_id, code)
        self._follows.append(partial(unfollow, channel=channel, chat_id=chat_id, code=code))
        return count

    async def _count_followed(self, channel: str, chat_id: str, code: str | None) -> int:
        try:
            async with self.db.reader() as conn:
                return await count_followed(conn, channel, chat_id, code)
        except OUTAGE_ERRORS as exc:
            raise _translated(exc, "read dossier subscriptions") from exc

    def mark_processed(self, key: str) -> None:
        """This turn handles the channel's input ``key``: recorded at the commit, which
        raises DuplicateTurn (and writes nothing) when it was handled already."""
        self._processed.append(key)

    def record_audit(self, entry: AuditEntry) -> None:
        """Write a staff action's audit event with the action, at the commit."""
        self._follows.append(partial(write_audit, entry=entry))

    def record_turn(self, event: TurnRecord) -> None:
        self._insights.add(event)

    def add_inbox_item(self, item: InboxRecord) -> None:
        self._insights.add(item)

    def record_feedback(self, feedback: FeedbackRecord) -> None:
        self._insights.add(feedback)

    async def commit(self) -> int:
        """Apply every recorded write in one transaction; returns the rows deleted.

        On PostgreSQL a usual turn's writes go in one statement, its own transaction
        (turn_statement.py); anything else, or a usual turn whose statement met
        something unusual, the general way: a statement per write."""
        try:
            usual = self._usual()
            if usual is not None and await self._write_usual(usual):
                sent, removed = ([usual.reply] if usual.reply is not None else []), 0
            else:
                sent, removed = await self._write_all()
        except OUTAGE_ERRORS as exc:
            if self.cache is not None:  # the outcome is unknown: read it again next time
                for save in (*self._saves, *self._told_saves.values(), *self._told_saved):
                    self.cache.drop((save.channel, save.user_id))
            raise _translated(exc, "save conversation") from exc
        else:
            if self.cache is not None:
                for save in (*self._saves, *self._told_saved):
                    key = (save.channel, save.user_id)
                    self.cache.put(key, StoredConversation(save.state, save.read_version + 1))
                for key in self._deletes:
                    self.cache.drop(key)
        finally:
            self._saves.clear()
            self._deletes.clear()
            self._messages.clear()
            self._clear_people()
        self.sent = sent
        if removed:
            await self._checkpoint()
        return removed

    def _usual(self) -> UsualTurn | None:
        """This unit's writes as a usual turn's (turn_statement.py), or None when they
        are not (SQLite; deletions, follows, volunteers' and requests' writes, inbox
        items and feedback, several replies, a subscriber told...)."""
        if (
            self.db.is_sqlite
            or len(self._processed) > 1
            or len(self._saves) > 1
            or len(self._messages) > 1
            or self._deletes
            or self._follows
            or self._told_saves
            or self.volunteers.writes
            or self.handoffs.writes
        ):
            return None
        records = self._insights.records
        if len(records) > 1 or (records and type(records[0]) is not TurnRecord):
            return None
        if not (self._processed or self._saves or self._messages or records):
            return None  # nothing to write
        reply, own = None, None
        if self._messages:
            replies, told = self._messages[0]
            if told is not None or len(replies) != 1:
                return None
            (reply,) = replies
            own = own_replies()
            if own is not None and not own.covers(reply):
                own = None
        event = records[0] if records else None
        return UsualTurn(
            processed=self._processed[0] if self._processed else None,
            save=self._saves[0] if self._saves else None,
            event=event,
            person=(
                user_hash(event.channel, event.user_id, key_for_database(self.db.url))
                if event is not None
                else None
            ),
            reply=reply,
            own=own,
        )

    async def _write_usual(self, usual: UsualTurn) -> bool:
        """Write ``usual`` in one statement; False (nothing written) when something was
        not as usual: the general way then decides."""
        async with self.db.one_statement() as conn:
            written = await write_usual(conn, usual, utcnow())
        if not written.usual:
            return False
        if usual.own is not None and usual.reply is not None:  # (claimed, being usual)
            usual.own.added(usual.reply, written.claimed)
        return True

    async def _write_all(self) -> tuple[list[OutgoingMessage], int]:
        """Every recorded write, a statement each, in one transaction; (what was queued
        in the outbox, the rows deleted)."""
        removed = 0
        async with self.db.write_transaction() as session:  # Core only
            for key in self._processed:  # first: a redelivered input writes nothing
                await mark_processed(session, key, dt.datetime.now(dt.UTC))
            repo = ConversationRepository(session)
            for save in self._saves:
                await self._save(repo, save)
            for write in (*self._follows, *self.volunteers.writes, *self.handoffs.writes):
                await write(session)
            await self._insights.write(session, self.db.url)
            for channel, user_id in self._deletes:
                removed += await repo.delete_user_data(channel, user_id)
                removed += await forget(session, self.db.url, channel, user_id)
                removed += await HandoffRepository(session).forget(channel, user_id)
                volunteers = VolunteerRepository(session)
                removed += await volunteers.forget(channel, user_id, self.clock())
            outbox = OutboxRepository(session)
            sent = []
            for messages, told in self._messages:
                if told is not None:
                    if not await tell_once(session, *told):
                        continue  # told by another announcer: none of its messages
                    save = self._told_saves.pop(told, None)
                    if save is not None:  # (told now: what the announcement offers)
                        await self._save(repo, save)
                        self._told_saved.append(save)
                for message in messages:  # a notification's replies, in order
                    if await outbox.add(message):
                        sent.append(message)
        return sent, removed

    async def _save(self, repo: ConversationRepository, save: Save) -> None:
        """Save one conversation if its version is still the one read; ConcurrentUpdate
        when another save came first."""
        if not await repo.save(save.channel, save.user_id, save.state, save.read_version):
            if self.cache is not None:
                self.cache.drop((save.channel, save.user_id))
            raise ConcurrentUpdate(save.channel, save.user_id)
        if save.read_version == 0:  # a new conversation: a user to remember
            await repo.touch_user(save.channel, save.user_id, save.role)

    async def _checkpoint(self) -> None:
        """Deleted rows must not stay readable in SQLite's write-ahead log."""
        if not self.db.is_sqlite:
            return
        try:
            async with self.db.engine.connect() as conn:
                await conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        except OUTAGE_ERRORS:
            logger.warning("could not checkpoint the SQLite log after a deletion")


def _copied(value):
    """A copy of stored state (JSON: dicts, lists and scalars) that the turn may change
    without changing the cached entry; under half of ``copy.deepcopy``'s cost."""
    kind = type(value)
    if kind is dict:
        return {key: _copied(item) for key, item in value.items()}
    if kind is list:
        return [_copied(item) for item in value]
    if kind in (str, int, float, bool) or value is None:
        return value
    return copy.deepcopy(value)


def _translated(exc: BaseException, operation: str) -> DatabaseUnavailable:
    if is_transient(exc):
        return DatabaseBusy(operation)
    return DatabaseUnavailable(operation)
