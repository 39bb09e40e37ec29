"""A usual turn's writes in one statement, on PostgreSQL (``SqlUnitOfWork.commit``).

Most turns write the same few rows: the update's id (``processed_turns``), the
conversation (updated under its version check, or inserted with its user), one turn
event, and one reply -- claimed for the turn's handler (``OwnReplies``) or queued. The
general commit runs a statement for each; here they are the data-modifying parts
(``WITH ... AS (INSERT ... RETURNING ...)``) of one statement, run in autocommit: the
statement is its own transaction, one round trip instead of BEGIN, four or five
statements, COMMIT. Each round trip costs SQLAlchemy's and asyncpg's work around it: the
commit of a usual turn took about 1.4 ms of the worker's CPU with a statement per write,
0.8 ms as one statement between BEGIN and COMMIT, and about 0.2 ms less alone.

Unless every part went the usual way, the statement fails on purpose, which undoes all
of it, and the caller runs the general commit instead (``usual`` is False): the update
was handled already, another turn saved the conversation first, an earlier message to
the chat is unfinished (the reply waits behind it), the reply's key was queued before.
Its last column turns ``UNUSUAL`` into an integer then (PostgreSQL logs that error
with the statement). So only the general commit decides what an unusual turn writes
and raises, and this one writes exactly what it would have.

Statements are built once per shape (which parts a turn has) and run with parameters.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from sqlalchemy import JSON, Integer, String, and_, bindparam, case, cast, func, literal, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql import Select

from knowledge.insights.records import TurnRecord
from knowledge.storage import models
from knowledge.storage.conversations import SAVE
from knowledge.storage.outbox import (
    ClaimedMessage,
    OutgoingMessage,
    OwnReplies,
    claimed_params,
    pending_params,
)
from knowledge.storage.outbox_statements import OUTBOX, outbox_statements

_PROCESSED = models.ProcessedTurn.__table__
_CONVERSATIONS = models.Conversation.__table__
_USERS = models.User.__table__
_EVENTS = models.TurnEvent.__table__
# What the statement turns into an integer, failing, when a part was not as usual.
UNUSUAL = "citizenbot: not a usual turn, undone"


@dataclass(frozen=True)
class Save:
    """The conversation a turn saves (``read_version`` 0: a new one, with its user)."""

    channel: str
    user_id: str
    state: dict
    read_version: int
    role: str


@dataclass(frozen=True)
class UsualTurn:
    """What a usual turn writes: each part may be absent. ``own``: the handler's
    ``OwnReplies`` when it covers ``reply`` (the reply is then claimed for it)."""

    processed: str | None = None
    save: Save | None = None
    event: TurnRecord | None = None
    person: str | None = None  # the event's user hash
    reply: OutgoingMessage | None = None
    own: OwnReplies | None = None


@dataclass(frozen=True)
class _Shape:
    processed: bool
    conversation: str | None  # "new", "saved"
    event: bool
    reply: str | None  # "own", "pending"


@dataclass(frozen=True)
class Written:
    """What the statement did; ``usual`` False: roll back and commit the general way."""

    usual: bool
    claimed: ClaimedMessage | None = None


def _shape(turn: UsualTurn) -> _Shape:
    conversation = None
    if turn.save is not None:
        conversation = "new" if turn.save.read_version == 0 else "saved"
    reply = None
    if turn.reply is not None:
        reply = "own" if turn.own is not None else "pending"
    return _Shape(turn.processed is not None, conversation, turn.event is not None, reply)


def _count(cte) -> object:
    return select(func.count()).select_from(cte).scalar_subquery()


@functools.cache
def _statement(shape: _Shape) -> Select:
    """One statement with the parts of ``shape``; it answers (processed rows, saved
    rows, the reply's id)."""
    parts: list = []  # the CTEs nothing reads from (rendered all the same)
    processed = saved = reply = literal(None, Integer)
    if shape.processed:
        marked = (
            insert(_PROCESSED)
            .values(
                turn_key=bindparam("t_key", type_=_PROCESSED.c.turn_key.type),
                processed_at=bindparam("t_at", type_=_PROCESSED.c.processed_at.type),
            )
            .on_conflict_do_nothing()
            .returning(_PROCESSED.c.turn_key)
            .cte("processed")
        )
        processed = _count(marked)
    if shape.conversation == "saved":
        saved = _count(SAVE.returning(_CONVERSATIONS.c.id).cte("saved"))
    elif shape.conversation == "new":
        made = (
            insert(_CONVERSATIONS)
            .values(
                channel=bindparam("n_channel", type_=String()),
                user_id=bindparam("n_user_id", type_=String()),
                state=bindparam("n_state", type_=JSON()),
                version=1,
            )
            .on_conflict_do_nothing()
            .returning(_CONVERSATIONS.c.id)
            .cte("saved")
        )
        saved = _count(made)
        parts.append(
            insert(_USERS)
            .values(
                channel=bindparam("n_channel", type_=String()),
                user_id=bindparam("n_user_id", type_=String()),
                role=bindparam("n_role", type_=String()),
            )
            .on_conflict_do_nothing()
            .cte("user_known")
        )
    if shape.event:
        parts.append(
            insert(_EVENTS)
            .values(
                {
                    column: bindparam(f"e_{column}", type_=_EVENTS.c[column].type)
                    for column in (
                        "at",
                        "channel",
                        "user_hash",
                        "intent",
                        "outcome",
                        "procedure_code",
                        "faq_id",
                        "province_key",
                        "unit_key",
                    )
                }
            )
            .cte("event")
        )
    if shape.reply is not None:
        sql = outbox_statements("postgresql")
        queued = (
            sql.add_claimed_if_first
            if shape.reply == "own"
            else sql.add.returning(OUTBOX.c.id)  # (a new statement: built once here)
        ).cte("reply")
        reply = select(queued.c.id).scalar_subquery()
    usual = []
    if shape.processed:
        usual.append(processed == 1)
    if shape.conversation is not None:
        usual.append(saved == 1)
    if shape.reply is not None:
        usual.append(reply.is_not(None))
    columns = [processed.label("processed"), saved.label("saved"), reply.label("reply")]
    if usual:  # else: an error, which undoes the whole statement
        columns.append(cast(case((and_(*usual), "1"), else_=UNUSUAL), Integer).label("usual"))
    statement = select(*columns)
    return statement.add_cte(*parts) if parts else statement


def _parameters(turn: UsualTurn, now: dt.datetime) -> dict:
    params: dict = {}
    if turn.processed is not None:
        params.update(t_key=turn.processed[:120], t_at=now)
    save = turn.save
    if save is not None and save.read_version:
        params.update(
            key_channel=save.channel,
            key_user_id=save.user_id,
            read_version=save.read_version,
            new_state=save.state,
            new_version=save.read_version + 1,
        )
    elif save is not None:
        params.update(
            n_channel=save.channel, n_user_id=save.user_id, n_state=save.state, n_role=save.role
        )
    event = turn.event
    if event is not None:
        params.update(
            e_at=now,
            e_channel=event.channel,
            e_user_hash=turn.person,
            e_intent=event.intent,
            e_outcome=str(event.outcome),
            e_procedure_code=event.procedure_code,
            e_faq_id=event.faq_id,
            e_province_key=event.province_key,
            e_unit_key=event.unit_key,
        )
    if turn.reply is not None:
        if turn.own is not None:
            params.update(claimed_params(turn.own, turn.reply, now, first=True))
        else:
            params.update(pending_params(turn.reply, now))
    return params


async def write_usual(conn: AsyncConnection, turn: UsualTurn, now: dt.datetime) -> Written:
    """Write ``turn`` in one statement on ``conn`` (in autocommit: the statement is the
    transaction); when something was not as usual, the statement fails and writes
    nothing, and the answer is not ``usual``."""
    try:
        row = (await conn.execute(_statement(_shape(turn)), _parameters(turn, now))).one()
    except DBAPIError as exc:
        if UNUSUAL in str(exc.orig):
            return Written(False)
        raise
    if turn.reply is None or turn.own is None:
        return Written(True)
    return Written(True, ClaimedMessage.of(row.reply, turn.reply))
