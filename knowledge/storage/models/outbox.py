"""The outbox: every message the bot decided to send, until (and a while after) it is
delivered.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from knowledge.storage.models.base import Base


class OutboxMessage(Base):
    """Every message the bot decided to send but that is not yet delivered (and, kept a
    while, those delivered): written in the transaction that decided it, sent by one
    deliverer per channel (the web chat's is the browser fetching its messages).

    ``key`` makes enqueueing idempotent (the same decision twice is one message);
    ``status`` is ``pending`` (due at ``not_before``), ``sending`` (claimed by a
    deliverer until ``not_before``, or until its worker ``claimed_by`` is no longer
    alive), ``sent`` or ``failed``.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("key"),
        Index("ix_outbox_due", "status", "not_before"),
        Index("ix_outbox_recipient", "channel", "recipient", "status"),
        # the housekeeping's look for messages sent long ago (web: 15 minutes; all: the
        # retention) reads this instead of every row
        Index("ix_outbox_sent", "status", "sent_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(20))
    recipient: Mapped[str] = mapped_column(String(100))
    body: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    error: Mapped[str | None] = mapped_column(String(300))
    claimed_by: Mapped[str | None] = mapped_column(String(100))
