"""What the bot could not answer, feedback and analytics (issue 10).

No message text in clear: inbox texts are redacted (ID, phone numbers, e-mail, names)
before they are stored; ``user_hash`` is a keyed hash of channel and user id, so a
person's rows can be deleted with the rest of their data and counted without the id.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from knowledge.storage.models.base import Base


class InboxItem(Base):
    """A turn the bot could not answer: a fallback, "not in the catalogue", a 👎, or a
    request for a person. ``status``: ``open``, ``resolved`` (became an FAQ entry, a
    phrasing or an alias: ``resolution`` says which), ``dismissed``."""

    __tablename__ = "inbox_items"
    __table_args__ = (Index("ix_inbox_items_status", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    channel: Mapped[str] = mapped_column(String(20))
    user_hash: Mapped[str] = mapped_column(String(64), index=True)
    reason: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)  # redacted
    intent: Mapped[str | None] = mapped_column(String(50))
    procedure_code: Mapped[str | None] = mapped_column(String(40))
    faq_id: Mapped[int | None] = mapped_column(Integer)
    province_key: Mapped[str | None] = mapped_column(String(100))
    unit_key: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(10), default="open")
    resolution: Mapped[str | None] = mapped_column(String(100))
    resolved_by: Mapped[str | None] = mapped_column(String(50))
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class Feedback(Base):
    """👍/👎 on one answer, with the procedure or FAQ entry it was about."""

    __tablename__ = "feedback"
    __table_args__ = (Index("ix_feedback_at", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    channel: Mapped[str] = mapped_column(String(20))
    user_hash: Mapped[str] = mapped_column(String(64), index=True)
    helpful: Mapped[bool] = mapped_column()
    reason: Mapped[str | None] = mapped_column(String(30))
    answer_kind: Mapped[str] = mapped_column(String(20))
    procedure_code: Mapped[str | None] = mapped_column(String(40))
    faq_id: Mapped[int | None] = mapped_column(Integer)


class TurnEvent(Base):
    """One turn, for analytics: what was understood and how it ended, never the text."""

    __tablename__ = "turn_events"
    __table_args__ = (Index("ix_turn_events_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    channel: Mapped[str] = mapped_column(String(20))
    user_hash: Mapped[str] = mapped_column(String(64), index=True)
    intent: Mapped[str | None] = mapped_column(String(50))
    outcome: Mapped[str] = mapped_column(String(20))
    procedure_code: Mapped[str | None] = mapped_column(String(40))
    faq_id: Mapped[int | None] = mapped_column(Integer)
    province_key: Mapped[str | None] = mapped_column(String(100))
    unit_key: Mapped[str | None] = mapped_column(String(100))
