"""The outbox's statements, built once per dialect and run with parameters (``p_...``):
building SQLAlchemy expressions anew for every message cost more than running them
(knowledge/storage/outbox.py runs them)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from sqlalchemy import ARRAY, Integer, String, any_, bindparam, exists, literal, select, update
from sqlalchemy.sql import Delete, Insert, Select, Update

from knowledge.storage import models
from knowledge.storage.leases import live_holders

UNFINISHED = ("pending", "sending")

OUTBOX = models.OutboxMessage.__table__
_C = OUTBOX.c


@dataclass(frozen=True)
class OutboxStatements:
    """Every statement of the outbox for one dialect, with parameters (``p_...``)."""

    add: Insert
    add_claimed: Insert  # claimed for the turn's handler
    add_claimed_if_first: Insert  # ... unless an earlier message is unfinished
    sent: Update
    retry: Update
    failed: Update
    release: Update
    release_own: Update
    claim_rows: Update
    unfinished_of: Select
    take: Update
    waiting: Select
    status_of: Select
    forget: Delete
    due: dict[tuple[bool, bool], Select]  # by (one recipient, taking over)


def param(name: str, column=None):
    """A parameter with the type of ``column``."""
    return bindparam(name, type_=column.type if column is not None else None)


@functools.cache
def outbox_statements(dialect: str) -> OutboxStatements:
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    # the messages' ids: on PostgreSQL one array (``= ANY``), the same statement for any
    # number of them; an expanding IN is rendered again at every run (0.03-0.04 ms of
    # CPU per "sent" written)
    # Likewise the unfinished statuses: a constant IN list is an expanding parameter too,
    # rendered at every run of the usual turn's statement; PostgreSQL reads "IN (…)" as
    # "= ANY(array)" anyway, so the plan is the same
    if dialect == "postgresql":
        ids = _C.id == any_(bindparam("p_ids", type_=ARRAY(Integer)))
        unfinished = _C.status == any_(literal(list(UNFINISHED), ARRAY(String)))
    else:
        ids = _C.id.in_(bindparam("p_ids", expanding=True))
        unfinished = _C.status.in_(UNFINISHED)
    unfinished_for_recipient = (
        select(_C.id)
        .where(
            _C.channel == param("p_channel_", _C.channel),
            _C.recipient == param("p_recipient_", _C.recipient),
            unfinished,
        )
        .limit(1)
    )
    columns = (
        _C.key,
        _C.channel,
        _C.recipient,
        _C.body,
        _C.status,
        _C.attempts,
        _C.not_before,
        _C.created_at,
        _C.claimed_by,
    )
    claimed_values = (
        param("p_key", _C.key),
        param("p_channel", _C.channel),
        param("p_recipient", _C.recipient),
        param("p_body", _C.body),
        literal("sending", String),
        literal(1, Integer),
        param("p_until", _C.not_before),
        param("p_now", _C.created_at),
        param("p_holder", _C.claimed_by),
    )
    add = insert(OUTBOX).values(
        key=param("p_key", _C.key),
        channel=param("p_channel", _C.channel),
        recipient=param("p_recipient", _C.recipient),
        body=param("p_body", _C.body),
        status="pending",
        attempts=0,
        not_before=param("p_now", _C.not_before),
        created_at=param("p_created", _C.created_at),
    )
    add_claimed = insert(OUTBOX).values(dict(zip(columns, claimed_values, strict=True)))
    add_claimed_if_first = insert(OUTBOX).from_select(
        columns, select(*claimed_values).where(~exists(unfinished_for_recipient))
    )
    due = {}
    for one_recipient in (False, True):
        for take_over in (False, True):
            due_now = _C.not_before <= param("p_due", _C.not_before)
            if take_over:
                dead_holder = (
                    (_C.status == "sending")
                    & _C.claimed_by.is_not(None)
                    & _C.claimed_by.not_in(live_holders(param("p_now", _C.not_before)))
                )
                due_now = due_now | dead_holder
            query = select(_C.id, _C.recipient).where(
                _C.channel == param("p_channel"), unfinished, due_now
            )
            if one_recipient:
                query = query.where(_C.recipient == param("p_recipient"))
            query = query.order_by(_C.id).limit(bindparam("p_limit", type_=Integer()))
            if dialect == "postgresql":
                query = query.with_for_update(of=OUTBOX, skip_locked=True)
            due[(one_recipient, take_over)] = query
    release = (
        update(OUTBOX)
        .where(ids, _C.status == "sending")
        .values(
            status="pending",
            not_before=param("p_now", _C.not_before),
            claimed_by=None,
            attempts=_C.attempts - 1,
        )
    )
    return OutboxStatements(
        add=add.on_conflict_do_nothing(),
        add_claimed=add_claimed.on_conflict_do_nothing().returning(_C.id),
        add_claimed_if_first=add_claimed_if_first.on_conflict_do_nothing().returning(_C.id),
        sent=update(OUTBOX)
        .where(ids)
        .values(status="sent", sent_at=param("p_now", _C.sent_at), error=None),
        retry=update(OUTBOX)
        .where(_C.id == param("p_id"))
        .values(
            status="pending",
            not_before=param("p_when", _C.not_before),
            error=param("p_error", _C.error),
            claimed_by=None,
        ),
        failed=update(OUTBOX)
        .where(_C.id == param("p_id"))
        .values(status="failed", error=param("p_error", _C.error)),
        release=release,
        release_own=release.where(_C.claimed_by == param("p_holder", _C.claimed_by)),
        claim_rows=update(OUTBOX)
        .where(ids)
        .values(
            status="sending",
            not_before=param("p_until", _C.not_before),
            attempts=_C.attempts + 1,
            claimed_by=param("p_holder", _C.claimed_by),
        )
        .returning(_C.id, _C.key, _C.channel, _C.recipient, _C.body, _C.attempts),
        unfinished_of=select(_C.id, _C.recipient)
        .where(
            _C.channel == param("p_channel"),
            _C.recipient.in_(bindparam("p_recipients", expanding=True)),
            unfinished,
            _C.id <= param("p_max", _C.id),
        )
        .order_by(_C.id),
        take=update(OUTBOX)
        .where(
            _C.channel == param("p_channel"),
            _C.recipient == param("p_recipient"),
            _C.status == "pending",
        )
        .values(status="sent", sent_at=param("p_now", _C.sent_at), attempts=_C.attempts + 1)
        .returning(_C.id, _C.body),
        waiting=select(_C.id).where(
            _C.channel == param("p_channel"),
            _C.recipient == param("p_recipient"),
            _C.status == "pending",
        ),
        status_of=select(_C.status).where(_C.key == param("p_key", _C.key)),
        forget=OUTBOX.delete().where(
            _C.channel == param("p_channel"), _C.recipient == param("p_recipient")
        ),
        due=due,
    )
