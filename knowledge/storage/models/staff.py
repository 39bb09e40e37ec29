"""Staff of the console (issue 10): their accounts, signed-in browsers and sign-in
attempts.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from knowledge.storage.models.base import Base


class StaffAccount(Base):
    """A centre staff member who signs in to the admin (``viewer``, ``editor``, ``admin``)."""

    __tablename__ = "staff_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(10))
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # the province whose handoff requests the member sees (None: every province)
    province_key: Mapped[str | None] = mapped_column(String(100))


class StaffSession(Base):
    """A signed-in browser. ``token_hash`` is the SHA-256 of the cookie's random token
    (the token itself is never stored); ``csrf_token`` is the form token of the session."""

    __tablename__ = "staff_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.id", ondelete="CASCADE"))
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class StaffLogin(Base):
    """Every sign-in attempt, successful or not (the address is kept as a hash)."""

    __tablename__ = "staff_logins"
    __table_args__ = (Index("ix_staff_logins_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    username: Mapped[str] = mapped_column(String(50))
    staff_id: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(20))  # ok, bad_password, locked, ...
    address_hash: Mapped[str | None] = mapped_column(String(64))
