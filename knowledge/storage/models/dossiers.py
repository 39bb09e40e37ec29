"""Dossiers (issue 4): the local registry, each dossier's history, and who follows it.

No personal data: a dossier row holds what the public lookup shows (status, procedure,
dates, handling agency), never the applicant's name, ID number or phone number.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from knowledge.storage.models.base import Base


class Dossier(Base):
    """The current state of one dossier in the local registry (fed by the centre)."""

    __tablename__ = "dossiers"

    code: Mapped[str] = mapped_column(String(80), primary_key=True)
    procedure_code: Mapped[str | None] = mapped_column(String(40))
    procedure_name: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[int] = mapped_column(Integer)
    received_on: Mapped[dt.date | None] = mapped_column(Date)
    appointment_on: Mapped[dt.date | None] = mapped_column(Date)
    agency: Mapped[str | None] = mapped_column(String(300))
    note: Mapped[str | None] = mapped_column(Text)
    missing_documents: Mapped[list] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(String(40))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class DossierStatusEvent(Base):
    """One recorded status of a dossier: the history, append-only."""

    __tablename__ = "dossier_status_events"
    __table_args__ = (Index("ix_dossier_status_events_code", "code", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(ForeignKey("dossiers.code", ondelete="CASCADE"))
    status: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    appointment_on: Mapped[dt.date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(40))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class DossierSubscription(Base):
    """A chat that wants to hear when a dossier's status changes.

    ``code`` is not a foreign key: dossiers served by a provincial HTTP source have no
    row in the local registry.
    """

    __tablename__ = "dossier_subscriptions"
    __table_args__ = (
        UniqueConstraint("channel", "chat_id", "code"),
        Index("ix_dossier_subscriptions_code", "code", "active"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    chat_id: Mapped[str] = mapped_column(String(100))
    user_id: Mapped[str] = mapped_column(String(100))
    code: Mapped[str] = mapped_column(String(80))
    last_status: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
