"""A usual turn -- the update's id, the conversation, a turn event, one reply -- is one
statement on PostgreSQL; anything unusual goes the general way, a statement per write.
Either way a turn leaves the same rows, and an unusual one nothing it should not
(SQLite, then PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event, select

from knowledge.insights.hashing import key_for_database, user_hash
from knowledge.insights.records import Outcome, TurnRecord
from knowledge.storage import models
from knowledge.storage.db import Database
from knowledge.storage.outbox import OutboxRepository, OutgoingMessage, OwnReplies, sending_own
from knowledge.storage.processed import DuplicateTurn
from knowledge.storage.unit_of_work import ConcurrentUpdate, SqlUnitOfWork

CHAT = "77"


def own_replies() -> OwnReplies:
    return OwnReplies("telegram", CHAT, "worker-1", dt.timedelta(seconds=60))


def reply(update: int, to: str = CHAT) -> OutgoingMessage:
    return OutgoingMessage(
        f"turn:telegram:update-{update}:0", "telegram", to, {"text": f"Dạ, trả lời {update}"}
    )


async def turn(
    db: Database, update: int, version: int, own: OwnReplies, to: str = CHAT
) -> list[OutgoingMessage]:
    """The turn of Telegram update ``update``, as the dialogue records it; what its
    commit queued."""
    with sending_own(own):
        async with SqlUnitOfWork(db) as uow:
            uow.mark_processed(f"telegram:update-{update}")
            uow.save_conversation("telegram", CHAT, {"turns": version + 1}, version, "citizen")
            uow.record_turn(TurnRecord("telegram", CHAT, Outcome.ANSWERED, "ask_documents"))
            uow.send(reply(update, to))
            await uow.commit()
            own.committed(uow.sent)
            return uow.sent


class Statements:
    """Counts the statements the database is sent (BEGIN and COMMIT are not counted)."""

    def __init__(self, db: Database) -> None:
        self.count = 0
        event.listen(db.engine.sync_engine, "before_cursor_execute", self._one)

    def _one(self, *args) -> None:
        self.count += 1


async def sent(db: Database, own: OwnReplies) -> None:
    """The handler sent what the turn claimed for it."""
    async with db.session() as session:
        now = dt.datetime.now(dt.UTC)
        await OutboxRepository(session).sent_many([m.id for m in own.claimed()], now)


async def rows(db: Database, model) -> list:
    """Every row of ``model``'s table, in the order they were made."""
    table = model.__table__
    async with db.engine.connect() as conn:
        return (await conn.execute(select(table).order_by(*table.primary_key))).all()


async def test_a_usual_turn_writes_its_rows_in_one_statement_on_postgresql(db):
    first, second = own_replies(), own_replies()
    statements = Statements(db)
    assert await turn(db, 1, 0, first) == [reply(1)]  # a new conversation, with its user
    new = statements.count
    await sent(db, first)
    statements.count = 0
    assert await turn(db, 2, 1, second) == [reply(2)]
    # SQLite: the update's id, the conversation, (its user,) the event, the reply
    assert (new, statements.count) == ((5, 4) if db.is_sqlite else (1, 1))

    (conversation,) = await rows(db, models.Conversation)
    assert (conversation.state, conversation.version) == ({"turns": 2}, 2)
    (user,) = await rows(db, models.User)
    assert (user.channel, user.user_id, user.role) == ("telegram", CHAT, "citizen")
    keys = {row.turn_key for row in await rows(db, models.ProcessedTurn)}
    assert keys == {"telegram:update-1", "telegram:update-2"}
    events = await rows(db, models.TurnEvent)
    assert [(e.outcome, e.intent) for e in events] == [("answered", "ask_documents")] * 2
    person = user_hash("telegram", CHAT, key_for_database(db.url))  # never the chat's id
    assert [e.user_hash for e in events] == [person] * 2
    # each reply claimed for the worker whose handler sends it
    for own, update in ((first, 1), (second, 2)):
        (claimed,) = own.claimed()
        assert (claimed.key, claimed.body, claimed.attempts) == (
            f"turn:telegram:update-{update}:0",
            {"text": f"Dạ, trả lời {update}"},
            1,
        )
        assert not own.waiting()
    outbox = await rows(db, models.OutboxMessage)
    assert [(m.status, m.claimed_by, m.recipient) for m in outbox] == [
        ("sent", "worker-1", CHAT),
        ("sending", "worker-1", CHAT),
    ]


async def test_a_redelivered_update_writes_nothing_more(db):
    await turn(db, 1, 0, own_replies())
    with pytest.raises(DuplicateTurn):
        await turn(db, 1, 1, own_replies())
    (conversation,) = await rows(db, models.Conversation)
    assert conversation.version == 1
    assert len(await rows(db, models.TurnEvent)) == len(await rows(db, models.OutboxMessage)) == 1


async def test_a_turn_another_turn_beat_writes_nothing(db):
    await turn(db, 1, 0, own_replies())
    await turn(db, 2, 1, own_replies())
    with pytest.raises(ConcurrentUpdate):  # it read version 1; version 2 is stored
        await turn(db, 3, 1, own_replies())
    assert len(await rows(db, models.ProcessedTurn)) == 2
    assert len(await rows(db, models.TurnEvent)) == len(await rows(db, models.OutboxMessage)) == 2


async def test_a_reply_waits_behind_the_chats_unfinished_message(db):
    async with db.session() as session:  # a notification not sent yet
        await OutboxRepository(session).add(reply(0))
    own = own_replies()
    assert await turn(db, 1, 0, own) == [reply(1)]
    assert own.claimed() == [] and own.waiting()
    outbox = await rows(db, models.OutboxMessage)
    assert [(m.key, m.status) for m in outbox] == [
        ("turn:telegram:update-0:0", "pending"),
        ("turn:telegram:update-1:0", "pending"),
    ]


async def test_a_message_to_another_chat_is_queued_for_the_deliverer(db):
    own = own_replies()
    assert await turn(db, 1, 0, own, to="88") == [reply(1, to="88")]
    assert own.claimed() == [] and not own.waiting()
    (message,) = await rows(db, models.OutboxMessage)
    assert (message.recipient, message.status, message.claimed_by) == ("88", "pending", None)
