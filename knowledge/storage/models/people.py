"""People behind the bot (issue 11): volunteers and requests for a person.

Volunteers join a unit by a one-time invitation; a citizen's request for a person is a
``handoff_requests`` row, and what is relayed both ways a ``handoff_messages`` row. No
names are stored: a volunteer is "TNV số <id>", a citizen "yêu cầu <number>"; texts are
redacted (flows/redact.py) before they are written.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from knowledge.storage.models.base import Base


class VolunteerInvite(Base):
    """A one-time invitation to volunteer for a unit; only the token's SHA-256 is kept."""

    __tablename__ = "volunteer_invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    province_key: Mapped[str] = mapped_column(String(100))
    unit_key: Mapped[str] = mapped_column(String(100))
    created_by: Mapped[str] = mapped_column(String(50))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    volunteer_id: Mapped[int | None] = mapped_column(Integer)


class Volunteer(Base):
    """A Telegram account helping residents of one unit. ``status``: ``active``,
    ``suspended`` or ``removed``; ``on_duty``: whether they get new requests."""

    __tablename__ = "volunteers"
    __table_args__ = (
        UniqueConstraint("channel", "user_id"),
        Index("ix_volunteers_unit", "province_key", "unit_key", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[str] = mapped_column(String(100))
    chat_id: Mapped[str] = mapped_column(String(100))
    province_key: Mapped[str] = mapped_column(String(100))
    unit_key: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(10))
    on_duty: Mapped[bool] = mapped_column()
    joined_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class HandoffRequest(Base):
    """A citizen asked for a person. ``status``: ``open`` (waiting), ``claimed`` (a
    volunteer or staff member is talking with them), ``closed``. ``escalated_at``: nobody
    claimed it in time and it went to the staff queue. ``transcript``: the last turns
    before the request, redacted. ``claimer``: ``v:<volunteer id>`` or ``s:<username>``."""

    __tablename__ = "handoff_requests"
    __table_args__ = (
        Index("ix_handoff_citizen", "channel", "user_id", "status"),
        Index("ix_handoff_unit", "province_key", "unit_key", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    channel: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[str] = mapped_column(String(100))
    chat_id: Mapped[str] = mapped_column(String(100))
    province_key: Mapped[str] = mapped_column(String(100))
    unit_key: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(String(30))
    transcript: Mapped[list] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10))
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    claimed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    claimer: Mapped[str | None] = mapped_column(String(60))
    escalated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    rating: Mapped[int | None] = mapped_column(Integer)


class HandoffMessage(Base):
    """One message relayed within a request. ``sender``: ``citizen``, ``volunteer``,
    ``staff``; ``author``: who (``v:<id>`` / ``s:<username>``; none for the citizen)."""

    __tablename__ = "handoff_messages"
    __table_args__ = (Index("ix_handoff_messages_request", "request_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("handoff_requests.id", ondelete="CASCADE"))
    sender: Mapped[str] = mapped_column(String(10))
    author: Mapped[str | None] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
