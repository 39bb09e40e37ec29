"""What several workers on one database share so they act as one: each input a channel
may deliver again handled once, and one holder per periodic job.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from knowledge.storage.models.base import Base


class ProcessedTurn(Base):
    """An input a channel may deliver again (a Telegram update), handled once: written
    in the transaction of the turn it caused (``channel:turn id``)."""

    __tablename__ = "processed_turns"
    __table_args__ = (Index("ix_processed_turns_at", "processed_at"),)

    turn_key: Mapped[str] = mapped_column(String(120), primary_key=True)
    processed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class JobLease(Base):
    """Which worker runs a periodic job (``name``) until ``expires_at``."""

    __tablename__ = "job_leases"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    holder: Mapped[str] = mapped_column(String(100))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
